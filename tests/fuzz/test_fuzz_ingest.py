"""Fuzz the ingest readers from disk: any bytes give a Document or an IngestError.

``tests/ingest/test_fuzz.py`` fuzzes the readers in memory; these go through ``read_path`` (the
path the CLI takes), add more encodings, carry list rows on into the list extractor, and
mutate real Office zips from the seed corpus.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import ingest
from graphmap import records as list_records
from graphmap.model import Document
from tests.fuzz.strategies import ANY_CHAR, CJK, FUZZ, HOSTILE_NAMES, TEXT

SEEDS = Path(__file__).resolve().parent / "seeds"
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030",
             "gbk", "gb2312", "big5", "big5hkscs", "cp950", "shift_jis", "euc-kr", "latin-1",
             "cp1252", "koi8-r", "hz"]


def read_file(tmp_path_factory, name: str, data: bytes) -> Document | None:
    path = tmp_path_factory.mktemp("in") / name
    path.write_bytes(data)
    try:
        doc = ingest.read_path(path)
    except ingest.IngestError as error:
        assert error.reason and error.fix and path.name in str(error)
        return None
    assert doc.path == str(path.resolve())
    for span in [*doc.paragraphs, *doc.sentences, *doc.turns]:
        assert 0 <= span.start <= span.end <= len(doc.text)
    for record in doc.records:
        assert 0 <= int(record.raw["_start"]) < int(record.raw["_end"]) <= len(doc.text)
    return doc


@FUZZ
@given(TEXT, st.sampled_from(ENCODINGS), st.sampled_from(["s.txt", "s.md", "s.html"]))
def test_text_in_any_encoding(tmp_path_factory, text: str, encoding: str, name: str) -> None:
    read_file(tmp_path_factory, name, text.encode(encoding, errors="replace"))


@FUZZ
@given(st.text(st.one_of(CJK, st.sampled_from("主持人：张三教授。\n")), min_size=8, max_size=200),
       st.sampled_from(["utf-8", "gb18030", "big5", "utf-16"]))
def test_chinese_text_survives_its_encoding(tmp_path_factory, text: str, encoding: str) -> None:
    """Decoded text keeps the words: only the line structure may change."""
    data = text.encode(encoding, errors="ignore")
    doc = read_file(tmp_path_factory, "t.txt", data)
    if doc is not None and encoding in ("utf-8", "utf-16"):
        assert "".join(doc.text.split()) == "".join(text.encode(encoding).decode(encoding).split())


CELL = st.one_of(st.sampled_from(HOSTILE_NAMES), st.text(st.one_of(CJK, ANY_CHAR), max_size=10))
ROW = st.tuples(CELL, st.sampled_from(["企业", "高校", "科研院所", "", "医院"]), CELL)


@FUZZ
@given(st.lists(ROW, min_size=1, max_size=10), st.sampled_from(["csv", "xlsx"]))
def test_member_lists_with_hostile_cells(tmp_path_factory, rows, fmt: str) -> None:
    """Any list rows are read, and the list extractor turns them into entities or skips them."""
    header = ("单位名称", "单位类型", "备注")
    if fmt == "csv":
        import csv

        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, *rows])
        data = buffer.getvalue().encode("utf-8-sig")
    else:
        import openpyxl
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        book = openpyxl.Workbook()
        for row in [header, *rows]:
            book.active.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    doc = read_file(tmp_path_factory, f"成员单位名单.{fmt}", data)
    if doc is not None and doc.records:
        extraction = list_records.extract_records(doc)
        assert all(e.name.strip() for e in extraction.entities)


def _mutations(data: bytes, draw) -> bytes:
    how = draw(st.sampled_from(["truncate", "flip", "drop", "duplicate", "garbage_tail"]))
    if how == "truncate":
        return data[: draw(st.integers(1, len(data) - 1))]
    if how == "flip":
        out = bytearray(data)
        for pos in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=30)):
            out[pos] ^= 0xFF
        return bytes(out)
    if how == "garbage_tail":
        return data + draw(st.binary(min_size=1, max_size=200))
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = draw(st.sampled_from(names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            if how == "drop" and name == victim:
                continue
            target.writestr(name, source.read(name))
        if how == "duplicate":
            target.writestr(victim, b"<x/>")
    return out.getvalue()


@FUZZ
@given(st.sampled_from(["成员单位名单_hostile.xlsx", "docx"]), st.data())
def test_corrupted_office_zips(tmp_path_factory, seed: str, data: st.DataObject) -> None:
    if seed == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph("主持人：欢迎。张三（清华大学教授）：谢谢。")
        buffer = io.BytesIO()
        document.save(buffer)
        original, name = buffer.getvalue(), "s.docx"
    else:
        original, name = (SEEDS / seed).read_bytes(), seed
    read_file(tmp_path_factory, name, _mutations(original, data.draw))
