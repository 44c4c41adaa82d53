"""Tokens for matchmaking: jieba words of normalized text, stop words removed.

Normalization (NFKC, traditional -> simplified, lower case) runs before segmentation, so a
traditional-Chinese or full-width topic finds the same experts as its simplified form.
A private :class:`jieba.Tokenizer` is used so the technology names we add as words never
leak into other components' segmentation.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources

import jieba

from graphmap.normalize import to_simplified

jieba.setLogLevel(logging.WARNING)

_KEEP = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]")
_LATIN = re.compile(r"^[a-z0-9][a-z0-9.+#-]*$")


@cache
def stopwords() -> frozenset[str]:
    """The stop words shipped in ``graphmap/data/recommend/stopwords.txt``."""
    text = resources.files("graphmap").joinpath("data/recommend/stopwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


_T2S: dict[int, str] = {}
_ASCII_MAX = 0x7F


def _simplify_chars(text: str) -> str:
    """Traditional -> simplified character by character, each character converted once.

    Character-level conversion is what matching needs (the index and the query go through
    the same mapping) and is two orders of magnitude faster than phrase-level OpenCC on
    large pools.
    """
    for ch in set(text):
        code = ord(ch)
        if code > _ASCII_MAX and code not in _T2S:
            _T2S[code] = to_simplified(ch)
    return text.translate(_T2S)


def normalize_text(text: str) -> str:
    """Full-width to half-width, traditional to simplified, lower case (spacing kept).

    Examples
    --------
    >>> normalize_text("人形機器人ＡＩ")
    '人形机器人ai'
    """
    return _simplify_chars(unicodedata.normalize("NFKC", text)).lower()


class Tokenizer:
    """Segment Chinese and English text into matchable terms.

    ``terms`` gives each word and its dictionary sub-words (search mode), which is what the
    index stores; ``phrase_terms`` keeps a known phrase whole, for expansion terms.

    Examples
    --------
    >>> tok = Tokenizer(extra_words=["具身智能"])
    >>> "具身智能" in tok.terms("具身智能與人形機器人")
    True
    >>> "的" in tok.terms("机器人的运动控制")
    False
    """

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self._stop = stopwords()
        for word in extra_words:
            word = normalize_text(word).strip()
            if len(word) >= 2 and " " not in word:
                self._jieba.add_word(word, freq=20_000)

    def __getstate__(self) -> dict[str, object]:
        """Pickled form (a cached index): jieba's word table with the added words; jieba's
        lock cannot be pickled and re-reading its dictionary is what the cache saves."""
        return {"freq": self._jieba.FREQ, "total": self._jieba.total}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._jieba = jieba.Tokenizer()
        self._jieba.FREQ = state["freq"]
        self._jieba.total = state["total"]
        self._jieba.initialized = True
        self._stop = stopwords()

    def _keep(self, token: str) -> bool:
        token = token.strip()
        if not token or token in self._stop or not _KEEP.search(token):
            return False
        if _LATIN.match(token):
            return len(token) >= 2
        return len(token) >= 2

    def term_groups(self, text: str) -> list[list[str]]:
        """The terms of ``text`` word by word: each word's dictionary sub-words, then the word.

        A query weighs each group as one word (see :meth:`ExpertIndex.query`), so a topic word
        counts once however many dictionary words it happens to contain.

        Examples
        --------
        >>> tok = Tokenizer(extra_words=["灵巧手"])
        >>> tok.term_groups("灵巧手与触觉")
        [['灵巧', '巧手', '灵巧手'], ['触觉']]
        """
        if not text:
            return []
        freq = self._jieba.FREQ
        out: list[list[str]] = []
        for word in self._jieba.cut(normalize_text(text), HMM=False):
            word = word.strip()
            group: list[str] = []
            if len(word) > 2 and not _LATIN.match(word):
                # Like jieba's search mode, but every known sub-word, not only 2- and 3-grams:
                # "金属增材制造" must still yield "增材制造" when that is a dictionary word.
                for size in range(2, len(word)):
                    for i in range(len(word) - size + 1):
                        gram = word[i : i + size]
                        if freq.get(gram) and self._keep(gram):
                            group.append(gram)
            if self._keep(word):
                group.append(word)
            if group:
                out.append(group)
        return out

    def terms(self, text: str) -> list[str]:
        """Search-mode terms of ``text`` (duplicates kept: they are term frequencies)."""
        return [t for group in self.term_groups(text) for t in group]

    def phrase_terms(self, text: str) -> list[str]:
        """Terms of a short phrase, keeping dictionary words whole (no sub-words)."""
        if not text:
            return []
        words = self._jieba.cut(normalize_text(text), HMM=False)
        return [t.strip() for t in words if self._keep(t)]


@cache
def plain_tokenizer() -> Tokenizer:
    """A :class:`Tokenizer` with jieba's own dictionary only (built once per process)."""
    return Tokenizer()

