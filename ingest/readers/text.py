"""Plain text and Markdown: the file's characters, unchanged apart from line endings."""

from __future__ import annotations

import re

from ingest.encoding import decode_text, encoding_metadata
from ingest.errors import IngestError
from ingest.readers.base import Parsed, Source
from ingest.structure import split_paragraphs

_MD_HEADING = re.compile(r"^#{1,6}\s+")
_TERMINAL = ("。", "！", "？", ".", "!", "?", "；", ";", "，", ",")


def read_text(source: Source) -> Parsed:
    text, encoding, replaced = decode_text(source.data, source.name)
    if not text.strip():
        raise IngestError(source.name, "empty", "the file holds only whitespace",
                          "export the document again or remove it from the folder")
    paragraphs = split_paragraphs(text)
    return Parsed(text=text, paragraphs=paragraphs, title=_title(text, paragraphs, source.stem),
                  metadata=encoding_metadata(encoding, replaced))


def _title(text: str, paragraphs: list, stem: str) -> str:
    for para in paragraphs[:3]:
        line = text[para.start : para.end]
        if "\n" in line:
            continue
        line = _MD_HEADING.sub("", line).strip()
        if para.label == "heading" or (0 < len(line) <= 60 and not line.endswith(_TERMINAL)):
            return line
    return stem
