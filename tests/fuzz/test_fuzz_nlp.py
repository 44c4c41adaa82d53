"""Fuzz the NLP pipeline: any text gives an Extraction whose evidence slices back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmap.model import DocType, Document, Span, Turn
from tests.fuzz.strategies import ANY_CHAR, CJK, CONTROL, FUZZ, TEXT, check_extraction

nlp = pytest.importorskip("nlp")


def _extract(text: str, doc_type: DocType = DocType.OTHER, **parts) -> None:
    doc = Document(path="fuzz.txt", content_hash="fuzz", text=text, doc_type=doc_type, **parts)
    extraction = nlp.extract_document(doc)
    check_extraction(extraction, text)


@FUZZ
@given(TEXT)
def test_corpus_like_text_gives_exact_evidence(text: str) -> None:
    _extract(text)


@FUZZ
@given(st.text(ANY_CHAR, max_size=300))
def test_arbitrary_unicode_gives_exact_evidence(text: str) -> None:
    _extract(text)


@FUZZ
@given(TEXT, st.lists(CONTROL, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_control_characters_anywhere(text: str, controls: list[str], rng) -> None:
    chars = list(text)
    for c in controls:
        chars.insert(rng.randint(0, len(chars)), c)
    _extract("".join(chars))


@FUZZ
@given(st.text(st.one_of(CJK, st.sampled_from("ÀßЖ한日本語عربيةहिन्दी😀 ,.。")), max_size=80),
       st.sampled_from(["清华大学教授张三", "Prof. Li of Tsinghua University", "中科院自动化所"]))
def test_mixed_scripts_around_a_real_mention(noise: str, mention: str) -> None:
    _extract(noise + mention + noise)


@FUZZ
@given(TEXT, st.data())
def test_transcript_turns_at_arbitrary_offsets(text: str, data: st.DataObject) -> None:
    """Turns and sentences given by ingest may be odd; extraction must still not crash."""
    n = len(text)
    cuts = sorted(data.draw(st.lists(st.integers(0, n), max_size=6)))
    bounds = list(zip([0, *cuts], [*cuts, n], strict=True))
    turns = [Turn(speaker=data.draw(st.sampled_from(["主持人", "张三", ""])), start=a, end=b)
             for a, b in bounds if b > a]
    sentences = [Span(a, b) for a, b in bounds if b > a]
    _extract(text, DocType.TRANSCRIPT, turns=turns, sentences=sentences)


@pytest.mark.slow
@settings(FUZZ, max_examples=4)
@given(st.integers(20_000, 120_000), st.sampled_from(["清华大学张三教授", "人工智能", "a", "，"]))
def test_very_long_lines_without_a_sentence_break(length: int, unit: str) -> None:
    _extract((unit * (length // len(unit) + 1))[:length])


def test_very_long_line_is_extracted() -> None:
    """One 20,000-character line (no sentence end) with a real mention near its end."""
    text = "人工智能" * 5_000 + "清华大学教授张三介绍了机器学习。"
    doc = Document(path="long.txt", content_hash="long", text=text)
    extraction = nlp.extract_document(doc)
    check_extraction(extraction, text)
    assert "清华大学" in {e.name for e in extraction.entities}
