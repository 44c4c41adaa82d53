"""Text helpers that keep character offsets: matching form, sentences, chunks, script.

Matching happens on a *same-length* normal form of the text (traditional -> simplified,
full-width -> half-width), so an offset found in the normal form is an offset in the original
and evidence can quote the document exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Chinese parentheses and commas become ASCII ones too: one spelling keeps patterns short.
_FOLD = str.maketrans(_FULLWIDTH)

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;\n]+[”」』’）)]*|$)")
_CJK = re.compile(r"[\u3400-\u9fff]")
#: One character that ends a sentence or a clause standing for one (。！？；, ASCII too, newline).
SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _t2s_table() -> dict[int, str]:
    """Character-level traditional -> simplified table from OpenCC's own dictionary."""
    import opencc

    table: dict[int, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = target
    return table


_T2S = _t2s_table()


def matching_text(text: str) -> str:
    """Return ``text`` in simplified, half-width form with exactly the same length.

    Conversion is character by character (OpenCC's character table, first candidate), which
    keeps every offset; phrase-level choices do not matter for matching names.

    Examples
    --------
    >>> matching_text("清華大學（深圳）")
    '清华大学(深圳)'
    """
    return text.translate(_FOLD).translate(_T2S)


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


def chunks(sentences: list[tuple[int, int]], max_chars: int = 400,
           text: str | None = None) -> Iterator[tuple[int, int]]:
    """Group consecutive sentences into chunks of at most ``max_chars``.

    A longer sentence is cut, where ``text`` is given at its last clause break in the second
    half of the piece (see :func:`_cut`), so that a list of guests is not cut between a name
    and its post. A short last line (a name over its post line, a heading) goes on to the
    next chunk with the line it introduces.
    """
    current: list[tuple[int, int]] = []
    for s, e in sentences:
        while e - s > max_chars:
            if current:
                yield current[0][0], current[-1][1]
                current = []
            cut = _cut(text, s, s + max_chars) if text is not None else s + max_chars
            yield s, cut
            s = cut
        if current and e - current[0][0] > max_chars:
            carried = []
            short = min(_SHORT_LINE, max_chars // 10)
            if len(current) > 1 and current[-1][1] - current[-1][0] <= short \
                    and e - current[-1][0] <= max_chars:
                carried = [current.pop()]
            yield current[0][0], current[-1][1]
            current = carried
        current.append((s, e))
    if current:
        yield current[0][0], current[-1][1]


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a piece of one long sentence: after the last ； or missed sentence end,
    else after the last ， or ", " not followed by a post or a lower-case word (``Tianjin
    University, Guo Dongming`` rather than ``Jin Donghan, president``), else after 、 or a
    space, in ``text[mid:end]``."""
    mid = start + (end - start) // 2
    for breaks in _CUT_BREAKS:
        found = [m.end() for m in breaks.finditer(text, mid, end)]
        if found:
            return found[-1]
    return end


_CUT_BREAKS = (
    re.compile(r"[.!?](?=[A-Z])|[;；]"),  # a sentence end the splitter missed (Education”.Prof)
    # not before a post: "Zhaohui Wu, President of …"
    re.compile(r"，|,(?! ?(?:[a-z]|(?:Vice|Deputy|Executive|Honorary) |President|Director|"
               r"Dean|Chair|Secretary|Prof|Head|Chief|CEO|Founder|Fellow|Member|Academician))"),
    re.compile(r"[、\s]"),
)

#: A line this short before a chunk boundary (``Ma Yi``, ``主持人：``) belongs with the next.
_SHORT_LINE = 24


def is_chinese(text: str) -> bool:
    """True when Chinese characters make up at least a tenth of the non-space characters."""
    visible = sum(1 for c in text if not c.isspace())
    return visible > 0 and len(_CJK.findall(text)) * 10 >= visible
