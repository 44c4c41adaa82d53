"""One person's titles as one list, in one language, each said once.

Titles reach a person from many documents: an expert list gives 中国工程院院士、教授 in one
cell, a transcript adds 院士, an English press release adds *Academician*. A report shows them
once: compounds are split, an English title is written in Chinese (``data/titles/english.yaml``)
when the document is Chinese (and kept only when nothing translates it), exact repeats go, and
a title another one contains goes (院士 inside 中国工程院院士) — except a deputy title, which is
a different post (副教授 does not make 教授 a repeat).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

import yaml

_SEPARATORS = re.compile(r"\s*[、，,；;/|]\s*|\s+and\s+", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")


@cache
def _english() -> dict[str, str]:
    text = resources.files("graphmap").joinpath("data/titles/english.yaml")
    table = yaml.safe_load(text.read_text("utf-8")) or {}
    return {_english_key(k): str(v) for k, v in table.items()}


def _english_key(title: str) -> str:
    key = re.sub(r"\b(?:the|of the)\b", " ", title.lower())
    return re.sub(r"\s+", " ", key).strip(" .")


def split_titles(titles: Iterable[str]) -> list[str]:
    """Every single title in ``titles``: a cell such as 中国工程院院士、教授 gives two."""
    out = []
    for value in titles:
        for part in _SEPARATORS.split(str(value or "")):
            part = part.strip(" \t\u3000*#_()（）")
            if part:
                out.append(part)
    return out


def _contains(longer: str, shorter: str) -> bool:
    """Does ``longer`` say ``shorter`` already (院士 in 中国工程院院士, not 教授 in 副教授)?"""
    if shorter == longer or shorter not in longer:
        return shorter == longer
    at = longer.index(shorter)
    return not (at > 0 and longer[at - 1] in "副助")


def normalize_titles(titles: Iterable[str], language: str = "zh") -> list[str]:
    """One person's titles, in ``language`` ("zh" or "en"), first-stated first, each once.

    Examples
    --------
    >>> normalize_titles(["中国工程院院士、教授", "院士", "中国工程院院士", "教授", "Academician"])
    ['中国工程院院士', '教授']
    >>> normalize_titles(["教授、Professor", "副教授"])
    ['教授', '副教授']
    >>> normalize_titles(["Chief Scientist", "首席科学家", "Visiting Scholar"])
    ['首席科学家']
    >>> normalize_titles(["Professor", "教授"], language="en")
    ['Professor']
    """
    parts = split_titles(titles)
    english = [p for p in parts if not _CJK.search(p)]
    if language == "en":
        wanted = english or parts
    else:
        table = _english()
        # each English title in Chinese, where it stood; one nothing translates is shown
        # only when it is all we know
        wanted = [p if _CJK.search(p) else table.get(_english_key(p), "") for p in parts]
        wanted = [t for t in wanted if t] or english
    kept: list[str] = []
    for title in wanted:
        if any(_contains(k, title) if _CJK.search(title) else k.lower() == title.lower()
               for k in kept):
            continue
        said = [i for i, k in enumerate(kept) if _contains(title, k)]
        if said:  # the fuller title takes the place of the first one it says
            kept[said[0]] = title
            kept = [k for i, k in enumerate(kept) if i not in said[1:]]
        else:
            kept.append(title)
    return kept
