"""Plain text and Markdown: the file's characters, unchanged apart from line endings.

Markdown pipe tables whose header names a member or expert list become records; their rows
stay in the text as written and the records point at them.
"""

from __future__ import annotations

import re

from graphmap.model import Record, Span
from ingest.encoding import decode_text, encoding_metadata
from ingest.errors import IngestError
from ingest.lists import read_table
from ingest.readers.base import Parsed, Source
from ingest.structure import split_paragraphs

_MD_HEADING = re.compile(r"^#{1,6}\s+")
_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_TERMINAL = ("。", "！", "？", ".", "!", "?", "；", ";", "，", ",")


def read_text(source: Source) -> Parsed:
    text, encoding, replaced = decode_text(source.data, source.name)
    if not text.strip():
        raise IngestError(source.name, "empty", "the file holds only whitespace",
                          "export the document again or remove it from the folder")
    paragraphs = split_paragraphs(text)
    metadata = encoding_metadata(encoding, replaced)
    records: list[Record] = []
    if "|" in text:
        records, paragraphs, used = _pipe_tables(text, paragraphs, source.mapping)
        if used:
            metadata["header_mapping"] = used
    return Parsed(text=text, paragraphs=paragraphs, title=_title(text, paragraphs, source.stem),
                  records=records, metadata=metadata)


def _pipe_tables(text: str, paragraphs: list[Span], mapping: dict | None
                 ) -> tuple[list[Record], list[Span], dict[str, dict[str, str]]]:
    """Records from Markdown tables ("| 姓名 | 工作单位 |" + "|---|---|" + rows)."""
    lines: list[tuple[int, int, str]] = []  # start, end, line (stripped span)
    pos = 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        lines.append((pos + lead, pos + len(raw.rstrip()), raw.strip()))
        pos += len(raw) + 1
    records: list[Record] = []
    used: dict[str, dict[str, str]] = {}
    row_spans: set[tuple[int, int]] = set()
    table_spans: set[tuple[int, int]] = set()  # header and rule lines
    index = 0
    while index < len(lines) - 1:
        if not (_PIPE_ROW.match(lines[index][2]) and _PIPE_RULE.match(lines[index + 1][2])):
            index += 1
            continue
        block = [index]
        end = index + 2
        while end < len(lines) and _PIPE_ROW.match(lines[end][2]):
            block.append(end)
            end += 1
        grid = [_cells(lines[i][2]) for i in block]
        sheet = f"table{len(used) + 1}"
        result = read_table(grid, sheet=sheet, mapping=mapping,
                            row_numbers=[i + 1 for i in block])
        if result is not None and result.records:
            used[sheet] = result.mapping_report()
            table_spans.update(lines[i][:2] for i in (index, index + 1))
            for record in result.records:
                start, stop, _ = lines[record.row - 1]
                record.raw["_start"], record.raw["_end"] = str(start), str(stop)
                row_spans.add((start, stop))
            records.extend(result.records)
        index = end
    if row_spans:
        paragraphs = [Span(p.start, p.end, "row") if (p.start, p.end) in row_spans
                      else Span(p.start, p.end, "table") if (p.start, p.end) in table_spans
                      else p for p in paragraphs]
    return records, paragraphs, used


def _cells(line: str) -> list[str]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def _title(text: str, paragraphs: list, stem: str) -> str:
    for para in paragraphs[:3]:
        line = text[para.start : para.end]
        if "\n" in line:
            continue
        line = _MD_HEADING.sub("", line).strip()
        if para.label == "heading" or (0 < len(line) <= 60 and not line.endswith(_TERMINAL)):
            return line
    return stem
