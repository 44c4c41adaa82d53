"""What every reader gets and gives back, and the guard around third-party parsers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from graphmap.model import Record, Span
from ingest.errors import IngestError
from ingest.limits import Limits
from ingest.lists import TableResult, read_table, render_records
from ingest.structure import TextBuilder

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


@dataclass(slots=True)
class Source:
    """The bytes of one file and how to read them."""

    name: str  # shown in errors: the path as the user gave it
    stem: str  # file name without suffix, for titles and hints
    data: bytes
    limits: Limits
    mapping: dict[str, Any] | None = None


@dataclass(slots=True)
class Parsed:
    """A reader's result; :func:`ingest.core.read_bytes` adds sentences, turns and type."""

    text: str
    paragraphs: list[Span]
    title: str = ""
    records: list[Record] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


@contextmanager
def parser_errors(source: Source, what: str) -> Iterator[None]:
    """Turn any failure inside a third-party parser into a ``corrupt`` IngestError.

    Parsers of untrusted files fail with many exception types (KeyError, struct.error,
    lxml errors...), none of which tells the user anything; all mean "cannot be parsed".
    """
    try:
        yield
    except IngestError:
        raise
    except MemoryError as exc:
        raise IngestError(source.name, "too_large", f"the {what} is too large to parse in memory",
                          "split the file into smaller ones") from exc
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        raise IngestError(
            source.name, "corrupt",
            f"the {what} is corrupt or truncated and cannot be parsed "
            f"({type(exc).__name__}{': ' + detail if detail else ''})",
            "open and re-save the file in its application, then add it again",
        ) from exc


def refuse_encrypted_office(source: Source, what: str) -> None:
    """Office files saved with a password are OLE containers holding an EncryptedPackage."""
    if source.data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in source.data:
            raise IngestError(source.name, "encrypted", f"the {what} is password-protected",
                              "remove the password (File > Info > Protect) and add it again")
        raise IngestError(source.name, "unsupported",
                          f"the file is an old binary Office file, not a {what}",
                          "save it in the current format (.docx/.xlsx/.pptx) and add that")
    if not source.data.startswith(ZIP_MAGIC):
        raise IngestError(source.name, "corrupt", f"the file is not a {what} (no zip container)",
                          "check the file's extension or export it again")


def clean_line(text: str) -> str:
    """Collapse runs of spaces; keep the characters."""
    return _SPACES.sub(" ", text).strip()


def add_table(builder: TextBuilder, grid: list[list[str]], *, sheet: str,
              mapping: dict[str, Any] | None) -> TableResult | None:
    """Write a table: as records when it is a member/expert list, else one line per row."""
    result = read_table(grid, sheet=sheet, mapping=mapping)
    if result is not None and result.records:
        for title in result.titles:
            builder.add(title, label="heading")
        render_records(builder, result)
        return result
    for row in grid:
        cells = [clean_line(c) for c in dict.fromkeys(row) if c and c.strip()]
        if cells:
            builder.add(" | ".join(cells), label="table")
    return None
