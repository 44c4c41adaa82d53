"""Paragraph and sentence spans over a document's text, and a builder that keeps offsets exact.

Readers of structured formats (docx, pptx, pdf, html, lists) assemble the text block by block
with :class:`TextBuilder`, so every paragraph span is known as it is written. Plain text keeps
the file's own characters and gets its spans from :func:`split_paragraphs`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphmap.model import Span

#: Sentence ends: Chinese and Western terminal punctuation, with closing quotes/brackets kept.
_SENTENCE_END = re.compile(
    r"(?:[。！？!?；;…]+|\.(?=[”’\"')\]]*(?:\s|$)))[”’」』）)\]\"']*"
)
#: A full stop after these is no sentence end ("Dr. Chen", "Co., Ltd. and ...").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Dr|Prof|Mr|Mrs|Ms|St|No|Co|Jr|Sr|vs|etc|e\.g|i\.e|Fig|Vol|pp|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$"
)
#: After "Ltd."/"Inc." a sentence ends only when the next word starts like a sentence.
_COMPANY_END = re.compile(r"\b(?:Ltd|Inc|Corp|LLC|Co)\.$")
_SENTENCE_START = re.compile(r"\s*(?:[A-Z0-9\"“‘(\[]|[^\x00-\x7f])")
_TERMINAL = "。！？!?；;：:…”’」』）)\"'."
#: A line that starts a new paragraph even without a blank line before it.
_BLOCK_START = re.compile(
    r"^\s*(?:#{1,6}\s|\||[-*+•·]\s|\d+[.、)）]|[（(]?[一二三四五六七八九十]+[、.)）]|第[一二三四五六七八九十百\d]+[章节部分篇]"
    r"|[【\[]|\d{1,2}[:：]\d{2}|[^\s：:，,。]{1,20}[：:])"
)
_HARD_WRAP_MIN = 30


class TextBuilder:
    """Append blocks of text, one per paragraph, and get back their exact spans."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.paragraphs: list[Span] = []

    @property
    def length(self) -> int:
        return self._length

    def add(self, block: str, label: str = "paragraph") -> Span | None:
        """Append ``block`` as one paragraph (stripped; empty blocks are dropped)."""
        block = block.strip()
        if not block:
            return None
        if self._parts:
            self._write("\n")
        start = self._length
        self._write(block)
        span = Span(start, self._length, label)
        self.paragraphs.append(span)
        return span

    def _write(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)

    def text(self) -> str:
        return "".join(self._parts)


def split_paragraphs(text: str) -> list[Span]:
    """Paragraph spans of plain text.

    A paragraph ends at a blank line, and also at a line break after terminal punctuation or
    before a line that starts a block (heading, list item, speaker turn, time slot). Lines
    broken mid-sentence at a fixed width are joined into one paragraph.
    """
    spans: list[Span] = []
    start: int | None = None
    end = 0
    prev_line = ""
    for line_start, line in _lines(text):
        stripped = line.strip()
        if not stripped:
            if start is not None:
                spans.append(Span(start, end, label_for(text[start:end])))
                start = None
            continue
        lead = line_start + (len(line) - len(line.lstrip()))
        tail = line_start + len(line.rstrip())
        if start is not None and not _continues(prev_line, stripped):
            spans.append(Span(start, end, label_for(text[start:end])))
            start = None
        if start is None:
            start = lead
        end = tail
        prev_line = stripped
    if start is not None:
        spans.append(Span(start, end, label_for(text[start:end])))
    return spans


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _continues(previous: str, line: str) -> bool:
    if previous.endswith(tuple(_TERMINAL)) or _BLOCK_START.match(line):
        return False
    return len(previous) >= _HARD_WRAP_MIN


_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_HEADING = re.compile(
    r"^(?:#{1,6}\s+\S|[一二三四五六七八九十]+、\S|第[一二三四五六七八九十百\d]+[章节部分篇]|[【\[][^】\]]{1,30}[】\]]$)"
)


def label_for(paragraph: str) -> str:
    """"heading" for a short numbered or bracketed title line ("一、议程", "【圆桌】")."""
    if "\n" in paragraph:
        return "paragraph"
    if _MD_HEADING.match(paragraph) and len(paragraph) <= 150:
        return "heading"
    if len(paragraph) <= 40 and _HEADING.match(paragraph) \
            and not paragraph.endswith(("。", ".", "；", ";")):
        return "heading"
    return "paragraph"


def split_sentences(text: str, paragraphs: list[Span]) -> list[Span]:
    """Sentence spans inside each paragraph; whitespace at either end is left out."""
    sentences: list[Span] = []
    for para in paragraphs:
        cursor = para.start
        chunk = text[para.start : para.end]
        for match in _SENTENCE_END.finditer(chunk):
            if match.group().startswith(".") and not _ends_sentence(chunk, match):
                continue
            stop = para.start + match.end()
            _append_trimmed(text, cursor, stop, sentences)
            cursor = stop
        _append_trimmed(text, cursor, para.end, sentences)
    return sentences


def _ends_sentence(chunk: str, match: re.Match[str]) -> bool:
    before = chunk[max(0, match.start() - 12) : match.start() + 1]
    if _COMPANY_END.search(before):
        return _SENTENCE_START.match(chunk, match.end()) is not None and \
            not chunk[match.end():].lstrip().startswith(("and ", "or "))
    return _ABBREVIATION.search(before) is None


def _append_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, "sentence"))
