"""Member lists and expert lists: find the header row, map its columns, read the rows.

Real lists put a title row ("XX联合体成员单位名单") above the header, merge cells, group
rows under section rows ("一、牵头单位"), repeat the header on every page and end with notes.
:func:`read_table` handles all of these on a grid of cell strings (merged cells already filled
in by the reader of the format) and returns the records with the mapping it used, or ``None``
when no header is recognisable; callers decide whether that is an error.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graphmap.model import Record
from graphmap.normalize import split_region, to_simplified
from ingest.errors import IngestError
from ingest.resources import load
from ingest.structure import TextBuilder

RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "member": ("name", "org_type", "credit_code", "segment", "joined", "role"),
    "expert": ("name", "gender", "birth", "title", "organization", "field", "bio"),
}
_HEADER_SCAN_ROWS = 30
_NOTE = re.compile(r"[(（][^)）]*[)）]|[*＊:：\s]")
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+\s*[、.．])\s*"
)
_COUNT = re.compile(r"\s*[(（][^)）]*[)）]\s*$")
_NAME_NOTE = re.compile(r"\s*[(（]([^)）]{2,12})[)）]\s*$")
_CONSORTIUM = re.compile(
    r"(?P<name>[^\s，。：:、;；\"“”《》]{2,40}?(?:联合体|联盟|共同体|协同体|协会|学会|促进会|研究会|"
    r"俱乐部|理事会|创新中心|合作组织|consortium|alliance))"
    r"(?:第[一二三四五六七八九十\d]+批)?(?:成员|会员|理事)?(?:单位|企业)?(?:名单|名录|一览表|列表|清单)?",
    re.IGNORECASE,
)
_CONSORTIUM_PREFIX = re.compile(r"^(?:附件\s*\d*\s*[:：]?|关于(?:公布|印发|发布)?|\d{4}\s*年度?)+")
_INDUSTRY_LABEL = re.compile(
    r"(?:所属产业|产业领域|所属行业|产业|行业)\s*[:：]\s*(?P<value>[^\s，,；;。]{2,30})"
)
_INDUSTRY_IN_NAME = re.compile(r"^(?P<value>[\u4e00-\u9fffA-Za-z]{2,12}?)(?:产业|行业|科创)")


_MAPPING_OPTIONS = frozenset({"record_type", "header_row", "sheets"})


@dataclass(slots=True)
class TableResult:
    """What :func:`read_table` found in one grid."""

    record_type: str
    header_row: int  # index into the grid
    columns: dict[int, str]  # column index -> canonical field
    headers: list[str]  # header text per column as written
    titles: list[str]  # non-empty rows above the header (title, notes)
    records: list[Record] = field(default_factory=list)

    def mapping_report(self) -> dict[str, str]:
        return {(self.headers[i] if i < len(self.headers) else "") or f"列{i + 1}": key
                for i, key in sorted(self.columns.items())}


@lru_cache(maxsize=50_000)
def fold_header(cell: str) -> str:
    """Comparison form of a header cell: NFKC, simplified, no notes/spaces, lower-case."""
    text = to_simplified(unicodedata.normalize("NFKC", cell))
    return _NOTE.sub("", text).lower()


@lru_cache(maxsize=1)
def _variants() -> dict[str, list[tuple[str, str]]]:
    """Per record type: (folded variant, field) pairs, longest variant first."""
    data = load("headers")
    out: dict[str, list[tuple[str, str]]] = {}
    for record_type in RECORD_FIELDS:
        pairs = [(fold_header(str(v)), key) for key, vs in data[record_type].items() for v in vs]
        out[record_type] = sorted(pairs, key=lambda p: len(p[0]), reverse=True)
    return out


@lru_cache(maxsize=1)
def _ignored() -> frozenset[str]:
    return frozenset(fold_header(str(v)) for v in load("headers")["ignore"])


@lru_cache(maxsize=50_000)
def match_header(cell: str, record_type: str) -> str | None:
    """The canonical field a header cell names for ``record_type`` (``None`` if none)."""
    folded = fold_header(cell)
    if not folded or folded in _ignored():
        return None
    variants = _variants()[record_type]
    for variant, key in variants:
        if folded == variant:
            return key
    if any(word in folded for word in _ignored() if len(word) >= 2 and not word.isascii()):
        return None
    if len(folded) <= 12:
        for variant, key in variants:
            if len(variant) >= 2 and not variant.isascii() and variant in folded:
                return key
    return None


def _map_row(cells: list[str], record_type: str) -> dict[int, str]:
    columns: dict[int, str] = {}
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        key = match_header(cell, record_type)
        if key is None:
            continue
        if key in taken and key not in ("title", "field", "bio", "segment"):
            continue  # a second "name"-like column is not the name
        columns[index] = key
        taken.add(key)
    return columns


def _detect(grid: list[list[str]]) -> tuple[str, int, dict[int, str]] | None:
    best: tuple[int, str, int, dict[int, str]] | None = None
    for row_index, cells in enumerate(grid[:_HEADER_SCAN_ROWS]):
        if len({c for c in cells if c}) < 1:
            continue
        for record_type in ("expert", "member"):
            columns = _map_row(cells, record_type)
            keys = set(columns.values())
            if "name" not in keys:
                continue
            score = len(keys)
            if record_type == "expert" and not {"gender", "birth", "title", "field", "bio",
                                                "organization"} & keys:
                continue  # a lone "名称" column is no expert list
            if score < 2 and not _strong_name_header(cells, columns):
                continue
            if best is None or score > best[0]:
                best = (score, record_type, row_index, columns)
    if best is None:
        return None
    _, record_type, row_index, columns = best
    return record_type, row_index, columns


def _strong_name_header(cells: list[str], columns: dict[int, str]) -> bool:
    """A one-column list is fine when its header plainly says what the names are."""
    index = next(i for i, k in columns.items() if k == "name")
    return fold_header(cells[index]) in {"单位名称", "成员单位", "成员单位名称", "企业名称",
                                          "姓名", "专家姓名", "机构名称", "会员单位"}


def _from_mapping(grid: list[list[str]], mapping: dict[str, Any]
                  ) -> tuple[str, int, dict[int, str]] | None:
    columns_spec: dict[str, str] = mapping["columns"]
    header_row = mapping.get("header_row")
    if header_row is not None:
        row_index = int(header_row) - 1
        if not 0 <= row_index < len(grid):
            return None
    else:
        wanted = {fold_header(str(k)) for k in columns_spec}
        scores = [(sum(fold_header(c) in wanted for c in cells), i)
                  for i, cells in enumerate(grid[:_HEADER_SCAN_ROWS])]
        if not scores or max(scores)[0] == 0:
            return None
        row_index = max(scores, key=lambda s: (s[0], -s[1]))[1]
    cells = grid[row_index]
    folded_cells = [fold_header(c) for c in cells]
    columns: dict[int, str] = {}
    for column, key in columns_spec.items():
        index = _column_index(column, folded_cells)
        if index is not None:
            columns[index] = key
    if "name" not in columns.values():
        return None
    record_type = mapping.get("record_type") or (
        "expert" if set(columns.values()) & {"gender", "birth", "title", "organization", "bio"}
        else "member")
    return record_type, row_index, columns


def _column_index(column: str | int, folded_cells: list[str]) -> int | None:
    """A mapping key as a column index: header text first, then a letter ("B") or number."""
    if isinstance(column, int):
        index = column - 1
    else:
        text = str(column).strip()
        folded = fold_header(text)
        if folded in folded_cells:
            return folded_cells.index(folded)
        if not re.fullmatch(r"[A-Z]{1,2}", text):
            return None
        index = 0
        for char in text:
            index = index * 26 + (ord(char) - 64)
        index -= 1
    return index if 0 <= index < len(folded_cells) else None


def read_table(grid: list[list[str]], *, sheet: str = "", mapping: dict[str, Any] | None = None,
               row_numbers: list[int] | None = None) -> TableResult | None:
    """Find the header of a list in ``grid`` and read its rows as Records.

    ``row_numbers`` gives the 1-based row number of each grid row in the source (defaults to
    position + 1). Returns ``None`` when no header row is recognised.
    """
    grid = [[_clean(c) for c in row] for row in grid]
    found = _from_mapping(grid, mapping) if mapping else _detect(grid)
    if found is None:
        return None
    record_type, header_row, columns = found
    headers = grid[header_row]
    numbers = row_numbers or list(range(1, len(grid) + 1))
    titles = [" ".join(dict.fromkeys(c for c in row if c)) for row in grid[:header_row]]
    result = TableResult(record_type, header_row, columns, headers, [t for t in titles if t])
    name_column = next(i for i, k in columns.items() if k == "name")
    section = ""
    section_role: str | None = None
    section_type: str | None = None
    for index in range(header_row + 1, len(grid)):
        cells = grid[index]
        values = [c for c in cells if c]
        if not values or cells == headers:
            continue
        if _is_section(cells, values, name_column):
            section = values[0]
            section_role = "lead" if _is_lead(section) else None
            section_type = _section_org_type(section)
            continue
        name = cells[name_column] if name_column < len(cells) else ""
        if not name or _is_footer(name) or _is_footer(values[0]):
            continue
        result.records.append(
            _record(record_type, cells, headers, columns, sheet, numbers[index],
                    section, section_role, section_type)
        )
    return result


_WHITESPACE = re.compile(r"\s+")


def _clean(cell: Any) -> str:
    if cell is None:
        return ""
    return _WHITESPACE.sub(" ", str(cell)).strip()


def _is_section(cells: list[str], values: list[str], name_column: int) -> bool:
    distinct = set(values)
    if len(distinct) != 1:
        return False
    if len(values) >= 2:
        return True  # one value spread over merged cells
    position = cells.index(values[0])
    return position != name_column or bool(_NUMBERING.match(values[0]))


def _section_org_type(section: str) -> str | None:
    label = _COUNT.sub("", _NUMBERING.sub("", section)).strip()
    if not label or len(label) > 8 or "单位" in label or _is_lead(label) or "成员" in label:
        return None
    return label


@lru_cache(maxsize=1)
def _markers() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    data = load("headers")
    return (tuple(data["lead_markers"]), tuple(data["not_lead_markers"]),
            tuple(data["footer_prefixes"]))


def _is_lead(text: str) -> bool:
    lead, not_lead, _ = _markers()
    folded = to_simplified(text).lower()
    if any(m in folded for m in not_lead):
        return False
    return any(m in folded for m in lead if not m.isascii()) or folded.strip() == "lead"


@lru_cache(maxsize=1)
def _footer_pattern() -> re.Pattern[str]:
    _, _, footers = _markers()
    words = "|".join(re.escape(p) for p in sorted(footers, key=len, reverse=True))
    return re.compile(f"(?:{words})(?:$|[：: 、,，])")


def _is_footer(text: str) -> bool:
    return _footer_pattern().match(text) is not None


def _record(record_type: str, cells: list[str], headers: list[str], columns: dict[int, str],
            sheet: str, row: int, section: str, section_role: str | None,
            section_type: str | None) -> Record:
    fields: dict[str, str] = {}
    for index, key in columns.items():
        value = cells[index] if index < len(cells) else ""
        if not value:
            continue
        fields[key] = f"{fields[key]}；{value}" if key in fields and fields[key] != value \
            else value
    raw: dict[str, str] = {}
    for index, value in enumerate(cells):
        header = headers[index] if index < len(headers) and headers[index] else f"列{index + 1}"
        if value or header in headers:
            raw.setdefault(header, value)
    if section:
        raw["_section"] = section
    if record_type == "member":
        role_text = fields.get("role", "")
        marked = _NAME_NOTE.search(fields["name"])
        if marked and (_is_lead(marked.group(1)) or "理事" in marked.group(1)):
            # "清华大学（牵头单位）": the note is a role, not part of the name
            fields["name"] = fields["name"][: marked.start()].rstrip()
            role_text = role_text or marked.group(1)
        if _is_lead(role_text) or (not role_text and (section_role == "lead" or any(
                _is_lead(v) for i, v in enumerate(cells) if i not in columns and v))):
            fields["role"] = "lead"
        else:
            if role_text:
                raw["_role_text"] = role_text
            fields["role"] = "member"
        if "org_type" not in fields and section_type:
            fields["org_type"] = section_type
    return Record(record_type=record_type, fields=fields, sheet=sheet, row=row, raw=raw)


def render_records(builder: TextBuilder, result: TableResult) -> None:
    """Write one line per record ("表头：值；…") and note its span in ``raw['_start'/'_end']``."""
    for record in result.records:
        parts = [f"{key}：{value}" for key, value in record.raw.items()
                 if value and not key.startswith("_")]
        span = builder.add("；".join(parts), label="row")
        if span is not None:
            record.raw["_start"] = str(span.start)
            record.raw["_end"] = str(span.end)


def consortium_from(texts: list[str]) -> str | None:
    """The consortium a list belongs to, from its title rows, sheet name or file name.

    Examples
    --------
    >>> consortium_from(["人工智能科创协同联合体成员单位名单"])
    '人工智能科创协同联合体'
    """
    for text in texts:
        if not text:
            continue
        original = unicodedata.normalize("NFKC", text).strip()
        simplified = to_simplified(original)
        source = original if len(simplified) == len(original) else simplified
        stripped = _CONSORTIUM_PREFIX.sub("", simplified)
        offset = len(simplified) - len(stripped)
        match = _CONSORTIUM.search(stripped)
        if match:
            return source[offset + match.start("name") : offset + match.end("name")]
    return None


def industry_from(texts: list[str], consortium: str | None) -> str | None:
    """The industry a list states ("产业：人工智能") or its consortium's name begins with."""
    for text in texts:
        match = _INDUSTRY_LABEL.search(to_simplified(text))
        if match:
            return match.group("value")
    if consortium:
        match = _INDUSTRY_IN_NAME.match(_strip_region(consortium))
        if match:
            return match.group("value")
    return None


def _strip_region(name: str) -> str:
    """"北京市人工智能…" -> "人工智能…": a leading place name is not the industry."""
    _, rest = split_region(name)
    return re.sub(r"^(?:中国|全国|国家)(?=.{4})", "", rest)


def load_mapping(path: Path) -> dict[str, Any]:
    """Read a column-mapping file (YAML or JSON) and check it.

    The file is either ``{header: field}`` or
    ``{record_type: member|expert, header_row: N, sheets: [...], columns: {header: field}}``;
    a header may also be a column letter ("B") or a 1-based number.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text) if Path(path).suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise IngestError(str(path), "mapping", f"cannot read the mapping file ({exc})",
                          "write it as YAML or JSON in UTF-8, e.g. {columns: {单位全称: name}}"
                          ) from exc
    return check_mapping(data, str(path))


def check_mapping(data: Any, source: str = "mapping") -> dict[str, Any]:
    """Normalise a mapping dict to ``{"columns": {...}, ...}`` or raise IngestError."""
    if not isinstance(data, dict) or not data:
        raise IngestError(source, "mapping", "the mapping is empty or not a dictionary",
                          "give {columns: {<header as in the file>: <field>}}")
    if "columns" in data:
        mapping = dict(data)
    else:
        options = {k: v for k, v in data.items() if k in _MAPPING_OPTIONS}
        columns = {k: v for k, v in data.items() if k not in _MAPPING_OPTIONS}
        mapping = {**options, "columns": columns}
    record_type = mapping.get("record_type")
    if record_type is not None and record_type not in RECORD_FIELDS:
        raise IngestError(source, "mapping", f"record_type {record_type!r} is unknown",
                          "use record_type: member or record_type: expert")
    allowed = set(RECORD_FIELDS.get(record_type, ())) if record_type else \
        {f for fs in RECORD_FIELDS.values() for f in fs}
    columns = mapping["columns"]
    if not isinstance(columns, dict) or not columns:
        raise IngestError(source, "mapping", "the mapping has no columns",
                          "give columns: {<header as in the file>: <field>}")
    bad = sorted(str(v) for v in columns.values() if v not in allowed)
    if bad:
        raise IngestError(source, "mapping", f"unknown field(s) {', '.join(bad)}",
                          f"map columns to: {', '.join(sorted(allowed))}")
    if "name" not in columns.values():
        raise IngestError(source, "mapping", "no column is mapped to name",
                          "map the column holding the organization or person name to name")
    return mapping


def unknown_layout(name: str, grids: dict[str, list[list[str]]]) -> IngestError:
    """The error for a list whose header we cannot recognise: show what columns are there."""
    found: list[str] = []
    for sheet, grid in grids.items():
        # the first row with several cells is the most likely header
        rows = [[c for c in (_clean(c) for c in row) if c] for row in grid[:_HEADER_SCAN_ROWS]]
        cells = next((r for r in rows if len(r) >= 2), next((r for r in rows if r), []))
        if cells:
            label = f"sheet {sheet!r}: " if sheet else ""
            found.append(label + ", ".join(c if len(c) <= 20 else c[:20] + "…"
                                           for c in cells[:15]))
    columns = "; ".join(found) or "no columns at all"
    return IngestError(
        name, "unknown_layout",
        f"no member-list or expert-list header found (columns seen: {columns})",
        "pass a mapping, e.g. `--mapping map.yaml` with `columns: {<your header>: name, ...}` "
        "(fields: member name/org_type/credit_code/segment/joined/role; expert name/gender/"
        "birth/title/organization/field/bio), or add the file as a text document",
    )
