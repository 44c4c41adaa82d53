"""Read one file into a Document: pick the reader, then add sentences, turns and type."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphmap.model import DocType, Document, Span
from ingest import access
from ingest.doctype import guess_doc_type
from ingest.errors import IngestError
from ingest.eventinfo import event_info
from ingest.limits import Limits, check_size
from ingest.lists import check_mapping, consortium_from, industry_from
from ingest.readers.base import Parsed, Source
from ingest.readers.html import read_html
from ingest.readers.office import read_docx, read_pptx
from ingest.readers.pdf import read_pdf
from ingest.readers.sheets import read_csv, read_xls, read_xlsx
from ingest.readers.text import read_text
from ingest.structure import split_sentences
from ingest.transcript import find_sections, find_turns

READERS: dict[str, Callable[[Source], Parsed]] = {
    ".txt": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".pptx": read_pptx,
    ".html": read_html,
    ".htm": read_html,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".xls": read_xls,
    ".csv": read_csv,
}
#: File suffixes ingest reads.
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(READERS)

_HASH_CHUNK = 1 << 20


def content_hash(path: Path | str) -> str:
    """SHA-256 of the file's bytes (hex): unchanged files are recognised by it."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_path(path: Path | str, *, doc_type: DocType | str | None = None,
              mapping: dict[str, Any] | None = None, limits: Limits | None = None) -> Document:
    """Read one file into a :class:`~graphmap.model.Document`.

    Parameters
    ----------
    path
        The file (.txt/.md, .docx, .pdf, .pptx, .html, .xlsx/.xls/.csv).
    doc_type
        Override the guessed document type.
    mapping
        Column mapping for lists whose headers are not recognised (see
        :func:`ingest.lists.load_mapping`).
    limits
        Safety limits; defaults to :class:`~ingest.limits.Limits`.

    Returns
    -------
    Document
        ``path`` is the resolved absolute path; offsets of paragraphs, sentences, turns and
        record rows (``record.raw['_start'/'_end']``) index ``text``.

    Raises
    ------
    IngestError
        With the file, the reason and a fix, for any file that cannot be read.
    """
    limits = limits or Limits()
    given = str(path)
    resolved = access.resolve(path)
    if not resolved.is_file():
        raise IngestError(given, "not_found", "no such file",
                          "check the path (folders are expanded by `graphmap add`)")
    if resolved.suffix.lower() not in READERS:
        raise unsupported(given, resolved.suffix)
    try:
        size = resolved.stat().st_size
        check_size(given, size, limits)
        data = resolved.read_bytes()
    except OSError as exc:
        raise access.path_error(given, exc) from exc
    return read_bytes(data, resolved.name, path=str(resolved), doc_type=doc_type,
                      mapping=mapping, limits=limits, display=given)


def unsupported(name: str, suffix: str) -> IngestError:
    return IngestError(name, "unsupported", f"files of type {suffix or '(no suffix)'!r} are not "
                       "read", f"convert it to one of {', '.join(sorted(READERS))}")


def read_bytes(data: bytes, filename: str, *, path: str | None = None,
               doc_type: DocType | str | None = None, mapping: dict[str, Any] | None = None,
               limits: Limits | None = None, display: str | None = None) -> Document:
    """Read the bytes of a file named ``filename`` (its suffix picks the reader).

    Same as :func:`read_path` for uploads that are not on disk; ``path`` becomes
    ``Document.path`` (default: ``filename``).
    """
    limits = limits or Limits()
    name = display or path or filename
    suffix = Path(filename).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise unsupported(name, suffix)
    check_size(name, len(data), limits)
    if mapping is not None:
        mapping = check_mapping(mapping)
    doc_type = _doc_type(doc_type)
    stem = Path(filename).stem
    parsed = reader(Source(name=name, stem=stem, data=data, limits=limits, mapping=mapping))
    return _document(parsed, data, path or filename, suffix, stem, doc_type)


def _doc_type(value: DocType | str | None) -> DocType | None:
    if value is None or isinstance(value, DocType):
        return value
    try:
        return DocType(value)
    except ValueError:
        raise IngestError("doc_type", "usage", f"unknown document type {value!r}",
                          f"use one of {', '.join(t.value for t in DocType)}") from None


def _document(parsed: Parsed, data: bytes, path: str, suffix: str, stem: str,
              doc_type: DocType | None) -> Document:
    text = parsed.text
    paragraphs = parsed.paragraphs
    prose = [p for p in paragraphs if p.label != "row"]
    sentences = sorted(split_sentences(text, prose)
                       + [Span(p.start, p.end, "sentence") for p in paragraphs if p.label == "row"],
                       key=lambda s: s.start)
    turns = find_turns(text, paragraphs)
    sections, agenda = find_sections(text, paragraphs)
    metadata = {"format": suffix.lstrip("."), **parsed.metadata,
                "chars": len(text), "paragraphs": len(paragraphs), "sentences": len(sentences)}
    if sections:
        metadata["sections"] = sections
    if agenda:
        metadata["agenda"] = agenda
    if turns:
        metadata["speakers"] = sorted({t.speaker for t in turns})
    if not parsed.records:
        for key, value in event_info(text, parsed.title).items():
            metadata.setdefault(key, value)
    if parsed.records and "consortium" not in metadata:
        heads = [text[p.start : p.end] for p in paragraphs if p.label == "heading"]
        consortium = consortium_from([parsed.title, *heads, stem])
        if consortium:
            metadata["consortium"] = consortium
            industry = industry_from(heads, consortium)
            if industry:
                metadata.setdefault("industry", industry)
    row_chars = sum(p.end - p.start for p in paragraphs if p.label == "row")
    guessed = guess_doc_type(name=stem, text=text, records=parsed.records, turns=turns,
                             suffix=suffix, headings=len(sections), row_chars=row_chars)
    metadata["doc_type_guessed"] = guessed.value
    return Document(
        path=path,
        content_hash=hashlib.sha256(data).hexdigest(),
        text=text,
        doc_type=doc_type or guessed,
        title=parsed.title,
        paragraphs=paragraphs,
        sentences=sentences,
        turns=turns,
        records=parsed.records,
        metadata=metadata,
    )
