"""Text helpers that keep character offsets: matching form, sentences, chunks, script.

Matching happens on a *same-length* normal form of the text (traditional -> simplified,
full-width -> half-width), so an offset found in the normal form is an offset in the original
and evidence can quote the document exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphmap.normalize import to_simplified

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Keep Chinese parentheses and commas distinct from ASCII ones? No: patterns accept both, and
# unifying them keeps the patterns short.
_FOLD = str.maketrans(_FULLWIDTH)

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;\n]+[”」』’）)]*|$)")
_CJK = re.compile(r"[\u3400-\u9fff]")


def matching_text(text: str) -> str:
    """Return ``text`` in simplified, half-width form with exactly the same length.

    OpenCC converts phrase by phrase and can, rarely, change a length; such lines are
    converted character by character, and a character whose conversion is not one character
    stays as written.

    Examples
    --------
    >>> matching_text("清華大學（深圳）")
    '清华大学(深圳)'
    """
    folded = text.translate(_FOLD)
    simple = to_simplified(folded)
    if len(simple) == len(folded):
        return simple
    out: list[str] = []
    for line in folded.splitlines(keepends=True):
        converted = to_simplified(line)
        if len(converted) != len(line):
            converted = "".join(
                c2 if len(c2 := to_simplified(c)) == 1 else c for c in line
            )
        out.append(converted)
    return "".join(out)


def lower_same_length(text: str) -> str:
    """Lower-case Latin letters without changing the length (a few letters expand)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c2 if len(c2 := c.lower()) == 1 else c for c in text)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` cut after 。！？；!?; and newlines; blank ones dropped."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        if end > start and text[start:end].strip():
            spans.append((start, end))
    return spans


def chunks(sentences: list[tuple[int, int]], max_chars: int = 400) -> Iterator[tuple[int, int]]:
    """Group consecutive sentences into chunks of at most ``max_chars`` (longer ones are cut)."""
    start = end = None
    for s, e in sentences:
        while e - s > max_chars:
            if start is not None:
                yield start, end
                start = end = None
            yield s, s + max_chars
            s += max_chars
        if start is not None and e - start > max_chars:
            yield start, end
            start = None
        if start is None:
            start = s
        end = e
    if start is not None:
        yield start, end


def is_chinese(text: str) -> bool:
    """True when Chinese characters make up at least a tenth of the non-space characters."""
    visible = sum(1 for c in text if not c.isspace())
    return visible > 0 and len(_CJK.findall(text)) * 10 >= visible
