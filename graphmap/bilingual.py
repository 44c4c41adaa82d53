"""English names of Chinese organizations and people: does this English name write that one?

An English organization name is read as a region, generic words and a distinctive core:
``Beijing Lingxi Robotics Technology Co., Ltd.`` is region *beijing*, words *robotics*
(机器人) and *technology* (科技 / 技术), core *lingxi*. A Chinese name is read the same way with
the same table (``data/aliases/english_words.yaml``): 北京灵犀机器人科技有限公司 is region 北京,
words 机器人 and 科技, core 灵犀. The two name one organization (:func:`english_matches`) when

- the cores agree by pinyin (lingxi = 灵犀) and the core has at least :data:`MIN_CORE_LETTERS`
  letters, every generic word of the English name is written in the Chinese one, and a region
  the English name states is the Chinese name's region; or
- neither has a core (a word-for-word translation: *Science and Technology Association of
  Beijing Economic-Technological Development Area* = 北京经济技术开发区科学技术协会), every
  word of each is a word of the other and both state the same region (or neither does).

An English person name (*Liu Zhigang* or *Zhigang Liu*) is written by the Chinese names whose
pinyin it is (:func:`person_pinyin_keys`). Homophones are common (刘志刚 / 刘志钢): callers
must never merge people on the pinyin alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from graphmap.normalize import normalize_name, pinyin, regions, split_region, strip_legal_suffix

#: A pinyin core shorter than this (``an``, ``li``) says too little to name a company.
MIN_CORE_LETTERS = 4
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class _Table:
    generic: dict[tuple[str, ...], tuple[str, ...]]
    longest: int
    chinese_forms: tuple[str, ...]
    legal: frozenset[str]
    connectors: frozenset[str]
    regions: dict[str, str]


@cache
def _table() -> _Table:
    text = resources.files("graphmap").joinpath("data/aliases/english_words.yaml").read_text(
        "utf-8")
    data = yaml.safe_load(text)
    generic = {
        tuple(_WORD.findall(phrase.lower())): tuple(normalize_name(f) for f in forms)
        for phrase, forms in data["generic"].items()
    }
    forms = {f for values in generic.values() for f in values}
    by_pinyin: dict[str, str] = {}
    for region in regions():
        key = region if region.isascii() else pinyin(region)
        by_pinyin.setdefault(key, region)
    return _Table(
        generic=generic,
        longest=max(len(k) for k in generic),
        chinese_forms=tuple(sorted(forms, key=len, reverse=True)),
        legal=frozenset(data["legal"]),
        connectors=frozenset(data["connectors"]),
        regions=by_pinyin,
    )


def _letters(text: str) -> str:
    """Pinyin as English writes it: ü (``v`` in toneless pinyin) is written u."""
    return text.replace("v", "u").replace("ü", "u")


@dataclass(frozen=True, slots=True)
class EnglishName:
    """An English organization name read as region, generic words and core."""

    region: str
    core: str
    words: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class ChineseName:
    """A Chinese organization name read as region, generic words and core."""

    region: str
    core: str
    words: tuple[str, ...]
    rest: str


@lru_cache(maxsize=50_000)
def read_english(name: str) -> EnglishName | None:
    """Read an English organization name; ``None`` when it is not one (Chinese characters,
    two regions, no words at all).

    Examples
    --------
    >>> read_english("Beijing Lingxi Robotics Technology Co., Ltd.").core
    'lingxi'
    >>> read_english("北京灵犀") is None
    True
    """
    text = normalize_name(name)
    if not text.isascii():
        return None
    table = _table()
    tokens = _WORD.findall(name.lower())
    while tokens and tokens[-1] in table.legal:
        tokens.pop()
    found_regions: set[str] = set()
    core: list[str] = []
    words: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(tokens):
        for size in range(min(table.longest, len(tokens) - i), 0, -1):
            phrase = tuple(tokens[i:i + size])
            if phrase in table.generic:
                words.append((" ".join(phrase), table.generic[phrase]))
                i += size
                break
        else:
            token = tokens[i]
            if token in table.regions:
                found_regions.add(token)
            elif token not in table.connectors:
                core.append(token)
            i += 1
    if len(found_regions) > 1 or not (core or words):
        return None
    return EnglishName(
        region=next(iter(found_regions), ""), core=_letters("".join(core)), words=tuple(words)
    )


@lru_cache(maxsize=50_000)
def read_chinese(name: str) -> ChineseName | None:
    """Read a Chinese organization name; ``None`` when it has no Chinese characters.

    Examples
    --------
    >>> read_chinese("北京灵犀机器人科技有限公司")
    ChineseName(region='北京', core='灵犀', words=('机器人', '科技'), rest='灵犀机器人科技')
    """
    text = normalize_name(name)
    if text.isascii():
        return None
    region, rest = split_region(strip_legal_suffix(text))
    marked = rest
    found: list[tuple[int, str]] = []
    for form in _table().chinese_forms:
        while form in marked:
            at = marked.index(form)
            found.append((at, form))
            marked = marked[:at] + "|" * len(form) + marked[at + len(form):]
    core = marked.replace("|", "")
    return ChineseName(region=region, core=core, words=tuple(f for _, f in sorted(found)),
                       rest=rest)


def english_matches(english: str, chinese: str) -> str | None:
    """Why ``english`` is an English name of the organization ``chinese`` (``None``: it is not).

    Examples
    --------
    >>> english_matches("Beijing Lingxi Robotics", "北京灵犀机器人科技有限公司")
    'Lingxi 是 灵犀 的拼音，地区 Beijing 对应 北京，Robotics 对应 机器人'
    >>> english_matches("Shanghai Lingxi Robotics", "北京灵犀机器人科技有限公司") is None
    True
    """
    en, zh = read_english(english), read_chinese(chinese)
    if en is None or zh is None or en.core != chinese_core_key(zh):
        return None
    zh_region = pinyin(zh.region) if zh.region else ""
    if en.region and en.region != zh_region:
        return None
    missing = [phrase for phrase, forms in en.words if not any(f in zh.rest for f in forms)]
    if missing:
        return None
    said = {w.lower(): w for w in re.findall(r"[A-Za-z]+", english)}

    def shown(phrase: str) -> str:
        return " ".join(said.get(p, p) for p in phrase.split())

    words = "、".join(
        f"{shown(phrase)} 对应 {next(f for f in forms if f in zh.rest)}"
        for phrase, forms in en.words
    )
    region = f"地区 {shown(en.region)} 对应 {zh.region}" if en.region else ""
    if en.core:
        if len(en.core) < MIN_CORE_LETTERS or len(zh.core) < 2:
            return None
        core = " ".join(shown(t) for t in _core_tokens(english))
        return "，".join(x for x in (f"{core} 是 {zh.core} 的拼音", region, words) if x)
    # no core on either side: a word-for-word translation, region and all
    if zh.core or en.region != zh_region:
        return None
    if not all(any(w in f for _, forms in en.words for f in forms) for w in zh.words):
        return None
    return "，".join(x for x in ("逐词直译", region, words) if x)


def chinese_core_key(name: ChineseName) -> str:
    """The core of a Chinese name as an English name would write it (灵犀 -> ``lingxi``;
    ``""`` for a name of generic words only); equal to :attr:`EnglishName.core` on a match."""
    return _letters(pinyin(name.core)) if name.core else ""


def _core_tokens(english: str) -> list[str]:
    """The English words of a name's core, as written (for explanations)."""
    table = _table()
    tokens = [t for t in re.split(r"[^A-Za-z]+", english) if t]
    lower = [t.lower() for t in tokens]
    covered: set[int] = set()
    i = 0
    while i < len(lower):
        for size in range(min(table.longest, len(lower) - i), 0, -1):
            if tuple(lower[i:i + size]) in table.generic:
                covered.update(range(i, i + size))
                i += size
                break
        else:
            i += 1
    return [
        t for k, t in enumerate(tokens)
        if k not in covered and lower[k] not in table.regions and lower[k] not in table.legal
        and lower[k] not in table.connectors
    ]


def person_pinyin_keys(name: str) -> set[str]:
    """The pinyin a Chinese name would have if ``name`` writes it (either order; empty when
    ``name`` is not a two- or three-word Latin name).

    Examples
    --------
    >>> sorted(person_pinyin_keys("Zhigang Liu"))
    ['liuzhigang', 'zhigangliu']
    >>> person_pinyin_keys("刘志刚")
    set()
    """
    parts = [p.replace("-", "").replace("'", "").lower() for p in name.split()]
    if not 2 <= len(parts) <= 3 or not all(p.isascii() and p.isalpha() for p in parts):
        return set()
    parts = [_letters(p) for p in parts]
    return {"".join(parts), parts[-1] + "".join(parts[:-1])}


def chinese_person_key(name: str) -> str | None:
    """The pinyin of a Chinese person's name (``None`` for a Latin name)."""
    text = normalize_name(name)
    if text.isascii() or not 2 <= len(text) <= 4:
        return None
    return _letters(pinyin(text))
