"""Spreadsheets and CSV (.xlsx/.xls/.csv): member and expert lists, every sheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from typing import Any

from ingest.encoding import decode_text, encoding_metadata
from ingest.errors import IngestError
from ingest.limits import check_zip
from ingest.lists import consortium_from, industry_from, read_table, render_records, unknown_layout
from ingest.readers.base import OLE_MAGIC, ZIP_MAGIC, Parsed, Source, parser_errors
from ingest.structure import TextBuilder

Grid = list[list[str]]
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z0-9:$]+)\"")


def read_xlsx(source: Source) -> Parsed:
    if source.data.startswith(OLE_MAGIC) and \
            "EncryptedPackage".encode("utf-16-le") not in source.data:
        return read_xls(source)  # an old .xls saved with the new extension
    if source.data.startswith(OLE_MAGIC):
        raise IngestError(source.name, "encrypted", "the workbook is password-protected",
                          "remove the password (File > Info > Protect Workbook) and add it again")
    if not source.data.startswith(ZIP_MAGIC):
        raise IngestError(source.name, "corrupt", "the file is not an Excel workbook "
                          "(no zip container)", "check the extension or export it again")
    check_zip(source.name, source.data, source.limits)
    import openpyxl

    sheets: dict[str, Grid] = {}
    with parser_errors(source, "Excel workbook"):
        # read-only mode parses ~40% faster but hides merged cells; those are read from the
        # sheet XML directly
        book = openpyxl.load_workbook(io.BytesIO(source.data), data_only=True, read_only=True)
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            for sheet in book.worksheets:
                grid = _openpyxl_grid(source, sheet)
                _fill_merged(grid, _merged_ranges(archive, sheet))
                sheets[sheet.title] = grid
        book.close()
    return _lists(source, sheets, {"format": "xlsx"})


def _openpyxl_grid(source: Source, sheet: Any) -> Grid:
    grid: Grid = []
    cells = 0
    for row in sheet.iter_rows(values_only=True):
        cells += len(row)
        if cells > source.limits.max_cells:
            raise IngestError(source.name, "too_large",
                              f"sheet {sheet.title!r} has more than {source.limits.max_cells} "
                              "cells", "delete empty formatted rows/columns, or raise "
                              "Limits.max_cells")
        grid.append([cell_text(v) for v in row])
    return grid


def _merged_ranges(archive: zipfile.ZipFile, sheet: Any) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet as 0-based ``(row_lo, row_hi, col_lo, col_hi)``, hi exclusive."""
    from openpyxl.utils.cell import range_boundaries

    part = getattr(sheet, "_worksheet_path", None)
    if not part:
        return []
    ranges = []
    for ref in _MERGE_CELL.findall(archive.read(part)):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii"))
        except (ValueError, TypeError):
            continue
        if None not in (min_col, min_row, max_col, max_row):
            ranges.append((min_row - 1, max_row, min_col - 1, max_col))
    return ranges


def _fill_merged(grid: Grid, ranges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its top-left cell."""
    for rlo, rhi, clo, chi in ranges:
        if rlo >= len(grid) or clo >= len(grid[rlo]):
            continue
        value = grid[rlo][clo]
        for r in range(rlo, min(rhi, len(grid))):
            row = grid[r]
            for c in range(clo, min(chi, len(row))):
                row[c] = value


def read_xls(source: Source) -> Parsed:
    if source.data.startswith(ZIP_MAGIC):
        return read_xlsx(source)  # a new workbook saved with the old extension
    if not source.data.startswith(OLE_MAGIC):
        raise IngestError(source.name, "corrupt", "the file is not an Excel 97-2003 workbook",
                          "check the extension or export it again")
    import xlrd

    sheets: dict[str, Grid] = {}
    try:
        book = xlrd.open_workbook(file_contents=source.data, formatting_info=True,
                                  on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise IngestError(source.name, "encrypted", "the workbook is password-protected",
                              "remove the password and add it again") from exc
        book = None
    except Exception:
        book = None
    with parser_errors(source, "Excel 97-2003 workbook"):
        if book is None:
            try:
                book = xlrd.open_workbook(file_contents=source.data, on_demand=True,
                                          logfile=io.StringIO())
            except xlrd.XLRDError as exc:
                if "encrypt" in str(exc).lower():
                    raise IngestError(source.name, "encrypted",
                                      "the workbook is password-protected",
                                      "remove the password and add it again") from exc
                raise
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if sheet.nrows * sheet.ncols > source.limits.max_cells:
                raise IngestError(source.name, "too_large", f"sheet {sheet.name!r} is too large",
                                  "split it, or raise Limits.max_cells")
            sheets[sheet.name] = _xlrd_grid(sheet, book.datemode)
    return _lists(source, sheets, {"format": "xls"})


def _xlrd_grid(sheet: Any, datemode: int) -> Grid:
    import xlrd

    grid: Grid = []
    for r in range(sheet.nrows):
        row = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    row.append(cell_text(xlrd.xldate_as_datetime(cell.value, datemode)))
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    row.append(cell_text(cell.value))
            else:
                row.append(cell_text(cell.value))
        grid.append(row)
    _fill_merged(grid, list(getattr(sheet, "merged_cells", [])))
    return grid


def read_csv(source: Source) -> Parsed:
    text, encoding, replaced = decode_text(source.data, source.name)
    if not text.strip():
        raise IngestError(source.name, "empty", "the CSV holds only whitespace",
                          "export the list again")
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise IngestError(source.name, "corrupt", f"the CSV cannot be parsed ({exc})",
                          "export the list again as CSV (UTF-8)") from exc
    return _lists(source, {"": rows}, {"format": "csv", "delimiter": delimiter,
                                       **encoding_metadata(encoding, replaced)})


def _delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one consistent width.

    Counting characters is not enough: bios full of "，" would beat the real ",".
    """
    sample = "\n".join(text[:50_000].split("\n")[:50])
    best, best_score = ",", (0, 0)
    for delimiter in (",", "\t", ";", "|", "，"):
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter)
                      if any(cell.strip() for cell in row)]
        except csv.Error:
            continue
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode) if mode > 1 else 0, mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def cell_text(value: Any) -> str:
    """A cell value as the list shows it: dates as ISO dates, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def _lists(source: Source, sheets: dict[str, Grid], metadata: dict[str, Any]) -> Parsed:
    wanted = set((source.mapping or {}).get("sheets") or [])
    builder = TextBuilder()
    records = []
    mapping_used: dict[str, dict[str, str]] = {}
    header_rows: dict[str, int] = {}
    record_types: set[str] = set()
    titles: list[str] = []
    skipped: list[str] = []
    for name, grid in sheets.items():
        if wanted and name not in wanted:
            skipped.append(name)
            continue
        result = read_table(grid, sheet=name, mapping=source.mapping)
        if result is None or not result.records:
            if any(any(cell for cell in row) for row in grid):
                skipped.append(name)
            continue
        titles.extend(result.titles)
        for title in result.titles:
            builder.add(title, label="heading")
        render_records(builder, result)
        records.extend(result.records)
        mapping_used[name] = result.mapping_report()
        header_rows[name] = result.header_row + 1
        record_types.add(result.record_type)
    if not records:
        raise unknown_layout(source.name, {k: v for k, v in sheets.items()
                                           if not wanted or k in wanted})
    consortium = consortium_from([*titles, *sheets, source.stem])
    metadata.update({
        "sheets": list(sheets),
        "header_mapping": mapping_used,
        "header_row": header_rows,
        "record_type": sorted(record_types)[0] if len(record_types) == 1 else sorted(record_types),
        "records": len(records),
    })
    if skipped:
        metadata["sheets_skipped"] = skipped
    if consortium:
        metadata["consortium"] = consortium
    industry = industry_from(titles, consortium)
    if industry:
        metadata["industry"] = industry
    title = titles[0] if titles else source.stem
    return Parsed(builder.text(), builder.paragraphs, title=title, records=records,
                  metadata=metadata)
