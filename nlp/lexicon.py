"""Package dictionaries (titles, honours, technologies, organization types) and a matcher.

The word lists live in ``nlp/data``; this module only reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

import yaml

from graphmap.model import OrgType
from graphmap.normalize import normalize_name
from nlp.text import lower_same_length, matching_text

DATA = Path(__file__).resolve().parent / "data"

V = TypeVar("V")

_LATIN = re.compile(r"[A-Za-z0-9]")


class TermMatcher(Generic[V]):
    """Longest-match dictionary lookup over a same-length matching form of a text.

    Keys are compared simplified, half-width and lower-cased. A key that begins or ends with a
    Latin letter or digit only matches at a word boundary, so ``AR`` does not fire inside
    ``ARM`` and ``AI`` not inside ``TRAIN``.
    """

    def __init__(self, entries: Iterable[tuple[str, V]] = ()) -> None:
        self._by_first: dict[str, dict[int, dict[str, V]]] = {}
        self._size = 0
        self._pattern: re.Pattern[str] | None = None
        for key, value in entries:
            self.add(key, value)

    def __len__(self) -> int:
        return self._size

    def add(self, key: str, value: V) -> None:
        form = lower_same_length(matching_text(key.strip()))
        if not form:
            return
        by_len = self._by_first.setdefault(form[0], {})
        bucket = by_len.setdefault(len(form), {})
        if form not in bucket:
            self._size += 1
        bucket[form] = value
        self._by_first[form[0]] = dict(sorted(by_len.items(), reverse=True))
        self._pattern = None

    def find(
        self, form: str, start: int = 0, end: int | None = None
    ) -> Iterator[tuple[int, int, V]]:
        """Yield non-overlapping ``(start, end, value)`` in ``form`` (already matching form)."""
        end = len(form) if end is None else end
        if self._pattern is None:
            if not self._by_first:
                return
            chars = "".join(re.escape(c) for c in sorted(self._by_first))
            self._pattern = re.compile(f"[{chars}]")
        search, by_first = self._pattern.search, self._by_first
        pos = start
        while (hit := search(form, pos, end)) is not None:
            i = hit.start()
            found = self._longest(form, i, end, by_first[form[i]])
            if found is None:
                pos = i + 1
            else:
                yield found
                pos = found[1]

    @staticmethod
    def _longest(form: str, i: int, end: int, by_len: dict[int, dict[str, V]]):
        for length, bucket in by_len.items():
            j = i + length
            if j > end:
                continue
            value = bucket.get(form[i:j])
            if value is None:
                continue
            if _LATIN.match(form[i]) and i > 0 and _LATIN.match(form[i - 1]):
                continue
            if _LATIN.match(form[j - 1]) and j < len(form) and _LATIN.match(form[j]):
                continue
            return i, j, value
        return None


def _lines(path: Path) -> Iterator[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@lru_cache(maxsize=1)
def titles() -> TermMatcher[str]:
    """Titles, positions and honours (教授, 总工程师, CEO, 院士 ...); value is the title."""
    names = [*_lines(DATA / "titles.txt"), *_lines(DATA / "honorifics.txt")]
    return TermMatcher((t, t) for t in names)


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Common Chinese family names: (one character, two characters)."""
    words = [w for line in _lines(DATA / "surnames.txt") for w in line.split()]
    return (frozenset(w for w in words if len(w) == 1),
            frozenset(w for w in words if len(w) == 2))


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Honours such as 中国工程院院士 that are not an employment affiliation."""
    return frozenset(normalize_name(t) for t in _lines(DATA / "honorifics.txt"))


@lru_cache(maxsize=1)
def known_organizations() -> TermMatcher[bool]:
    """Well-known organizations written bare (华为, OpenAI); the value says the name is also a
    common word (小米, 理想), to be taken only where LAC reads it as an organization."""
    matcher: TermMatcher[bool] = TermMatcher()
    for line in _lines(DATA / "known_orgs.txt"):
        name, mark, _ = line.partition(" ?")
        matcher.add(name, bool(mark))
    return matcher


@dataclass(frozen=True, slots=True)
class TechTerm:
    """A dictionary technology: canonical name and the focus industry file it comes from."""

    name: str
    industry: str


@lru_cache(maxsize=1)
def technologies() -> TermMatcher[TechTerm]:
    """Every technology of every ``nlp/data/tech/*.txt`` file, aliases mapped to canonical."""
    matcher: TermMatcher[TechTerm] = TermMatcher()
    for path in sorted((DATA / "tech").glob("*.txt")):
        for line in _lines(path):
            names = [n.strip() for n in line.split("|") if n.strip()]
            term = TechTerm(names[0], path.stem)
            for name in names:
                matcher.add(name, term)
    return matcher


@dataclass(frozen=True, slots=True)
class _TypeRule:
    org_type: OrgType
    suffix: tuple[str, ...]
    contains: tuple[str, ...]
    first: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _type_rules() -> tuple[_TypeRule, ...]:
    raw = yaml.safe_load((DATA / "org_types.yaml").read_text(encoding="utf-8"))
    rules = []
    for rule in raw["rules"]:
        rules.append(
            _TypeRule(
                OrgType(rule["type"]),
                tuple(sorted((normalize_name(s) for s in rule.get("suffix", [])), key=len,
                             reverse=True)),
                tuple(normalize_name(s) for s in rule.get("contains", [])),
                tuple(normalize_name(s) for s in rule.get("first", [])),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=50_000)
def org_type_of(name: str) -> OrgType:
    """Type an organization by its name: suffixes first (all rules), then contained words.

    Examples
    --------
    >>> org_type_of("清华大学").value
    'university'
    >>> org_type_of("中国科学院自动化研究所").value
    'research_institute'
    >>> org_type_of("北京某某科技有限公司").value
    'enterprise'
    """
    norm = normalize_name(name)
    rules = _type_rules()
    for rule in rules:
        if any(f in norm for f in rule.first):
            return rule.org_type
    for rule in rules:
        if any(norm.endswith(s) for s in rule.suffix):
            return rule.org_type
    for rule in rules:
        if any(c in norm for c in rule.contains):
            return rule.org_type
    return OrgType.OTHER
