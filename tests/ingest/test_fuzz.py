"""Fuzz the text and list readers: any input gives a Document or an IngestError, nothing else."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

import ingest

pytestmark = pytest.mark.slow

HEADERS = ["姓名", "单位名称", "工作单位", "性别", "职称", "单位类型", "统一社会信用代码", "序号",
           "简介", "一、牵头单位", "注：", "", "研究方向", "加入时间"]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
ANY = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be written at all
CELL = st.one_of(st.sampled_from(HEADERS), st.text(alphabet=st.one_of(CJK, ANY), max_size=12))
PUNCT = st.sampled_from("：:（）()。！？\n\r\t ,，；|-QA主持人张三姓名单位")
TEXTY = st.text(alphabet=st.one_of(CJK, PUNCT, ANY), max_size=400)

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(data: bytes, name: str) -> None:
    try:
        doc = ingest.read_bytes(data, name)
    except ingest.IngestError as error:
        assert error.reason and error.fix is not None
        return
    for span in [*doc.paragraphs, *doc.sentences, *doc.turns]:
        assert 0 <= span.start <= span.end <= len(doc.text)
    for record in doc.records:
        start, end = int(record.raw["_start"]), int(record.raw["_end"])
        assert 0 <= start < end <= len(doc.text)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.md", "a.csv", "a.html"]))
def test_random_bytes_in_text_and_list_readers(data: bytes, name: str) -> None:
    _check(data, name)


@FUZZ
@given(TEXTY, st.sampled_from(["utf-8", "gb18030", "utf-16", "big5"]),
       st.sampled_from(["a.txt", "a.md", "a.csv"]))
def test_random_text_in_many_encodings(text: str, encoding: str, name: str) -> None:
    _check(text.encode(encoding, errors="ignore"), name)


@FUZZ
@given(st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=12),
       st.sampled_from([",", "\t", ";"]))
def test_random_grids_as_csv(grid: list[list[str]], delimiter: str) -> None:
    text = "\n".join(delimiter.join(c.replace(delimiter, " ") for c in row) for row in grid)
    _check(text.encode("utf-8", errors="ignore"), "grid.csv")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=10),
       st.lists(st.tuples(st.integers(1, 10), st.integers(1, 6), st.integers(0, 2),
                          st.integers(0, 2)), max_size=3))
def test_random_grids_as_xlsx(grid: list[list[str]], merges: list[tuple[int, int, int, int]]
                              ) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in grid:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) or None for c in row])
    taken: set[tuple[int, int]] = set()
    for row, col, down, right in merges:
        cells = {(r, c) for r in range(row, row + down + 1) for c in range(col, col + right + 1)}
        if cells & taken:
            continue
        taken |= cells
        sheet.merge_cells(start_row=row, start_column=col, end_row=row + down,
                          end_column=col + right)
    buffer = io.BytesIO()
    book.save(buffer)
    _check(buffer.getvalue(), "grid.xlsx")


def _small_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "工作单位"])
    book.active.append(["张三", "清华大学"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


#: Built once: saving stamps the time, and the fuzzer needs the same bytes on every run.
SMALL_WORKBOOK = _small_workbook()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_mutated_office_files(data: st.DataObject) -> None:
    raw = bytearray(SMALL_WORKBOOK)
    for _ in range(data.draw(st.integers(1, 20))):
        index = data.draw(st.integers(0, len(raw) - 1))
        raw[index] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    name = data.draw(st.sampled_from(["x.xlsx", "x.docx", "x.pptx"]))
    _check(bytes(raw[:cut]), name)


@FUZZ
@given(st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=1, max_size=8))
def test_random_markdown_tables(grid: list[list[str]]) -> None:
    lines = ["| " + " | ".join(c.replace("\n", " ") for c in row) + " |" for row in grid]
    lines.insert(1, "|" + "---|" * len(grid[0]))
    _check("\n".join(["# 表", *lines, "结束。"]).encode("utf-8", errors="ignore"), "t.md")
