"""Hypothesis strategies and checks shared by the fuzz tests."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from graphmap.errors import GraphmapError
from graphmap.model import Extraction

#: Modest by default: the whole fuzz folder stays well under a minute.
FUZZ = settings(
    max_examples=40, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Names chosen to break a writer that forgets to escape: markup, spreadsheet formulas,
#: quotes, XML entities, Unicode line separators and bidi controls.
HOSTILE_NAMES = (
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@HYPERLINK(\"http://x\")",
    "\"'&amp;&lt;<!--",
    "]]><![CDATA[x",
    "{{7*7}}${7*7}",
    "名字\u2028换行\u2029段落",
    "\u202etxt.exe",
    "北京\t清华\r\n大学",
)

#: C0/C1 control characters other than NUL (and tab/newline, which every format keeps).
CONTROL = st.sampled_from(
    [chr(c) for c in (*range(1, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9B)]
)
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
#: Every code point that can be encoded (lone surrogates cannot).
ANY_CHAR = st.characters(exclude_categories=("Cs",))
CUES = st.sampled_from(
    ["主持人：", "张三：", "清华大学", "教授", "院士", "有限公司", "研究院", "人工智能", "与",
     "合作", "（", "）", "。", "\n", "：", "、", "Tsinghua University", "Prof. ", "Inc."]
)
#: Text that looks enough like the corpus to reach the extractors' deeper branches.
TEXT = st.lists(
    st.one_of(CUES, st.text(CJK, max_size=6), st.text(ANY_CHAR, max_size=4), CONTROL),
    max_size=60,
).map("".join)
HOSTILE_NAME = st.one_of(
    st.sampled_from(HOSTILE_NAMES),
    st.text(st.one_of(ANY_CHAR.filter(lambda c: c != "\x00"), CJK), min_size=1, max_size=12),
)


def check_extraction(extraction: Extraction, text: str) -> None:
    """Every evidence span lies in the text and its quote is part of its sentence.

    The sentence is stored stripped, so whitespace at the very edge of a quote is allowed to
    fall outside it (see ``test_known_bugs`` for the control-character case this hides).
    """
    owners = [*extraction.entities, *extraction.relations]
    for owner in owners:
        for ev in owner.evidence:
            assert ev.doc_id == extraction.doc_id
            assert 0 <= ev.start <= ev.end <= len(text), (ev, len(text))
            if ev.end > ev.start:
                assert text[ev.start:ev.end].strip() in ev.sentence, (ev, text[ev.start:ev.end])
    ids = {e.id for e in extraction.entities}
    for relation in extraction.relations:
        assert {relation.source, relation.target} <= ids, relation


def graphmap_error_or_none(call) -> GraphmapError | None:
    """Run ``call``; a GraphmapError (with a message and a fix) is fine, anything else is not."""
    try:
        call()
    except GraphmapError as error:
        assert str(error) and error.fix is not None
        return error
    return None
