"""Text normalization used before any name is compared or hashed into an id.

Full-width forms become half-width (NFKC), traditional characters become simplified
(OpenCC ``t2s``), brackets are unified, whitespace and invisible characters removed and Latin
letters lower-cased. The original text is never replaced: evidence keeps what the document
said.

:func:`normalize_name` is the identity form (ids derive from it). :func:`core_name` goes
further for *matching* only: it drops legal-form endings (有限公司, 股份有限公司, (集团),
Co., Ltd.) and, for companies, the region in front (北京, 深圳市), so 北京某某科技有限公司 and
某某科技 meet. Never derive an id from the core name: 北京某某科技有限公司 and
上海某某科技有限公司 are different companies with the same core.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import opencc

_CONVERTER = opencc.OpenCC("t2s")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")",
                           "[": "(", "]": ")", "「": "", "」": "", "《": "", "》": "",
                           "“": "", "”": "", '"': "", "'": "", "‘": "", "’": ""})
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
#: Control characters: never part of a name, even when a file carries them into one.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BRACKETED = re.compile(r"\(([^()]*)\)")
_ADMIN_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_DISTRICT_SUFFIXES = ("区", "县")
#: A company's trade name keeps at least this many characters after its region is dropped
#: (宝鸡钛业 stays whole: 钛业 alone names no company).
_MIN_CORE = 3


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters to simplified; other text is unchanged.

    Examples
    --------
    >>> to_simplified("北京航空航天大學")
    '北京航空航天大学'
    """
    return _CONVERTER.convert(text)


@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """Return the comparison form of a name.

    Examples
    --------
    >>> normalize_name("  清華大學（深圳）研究院 ")
    '清华大学(深圳)研究院'
    >>> normalize_name("ＡＢＣ Robotics Co.")
    'abcroboticsco.'
    """
    text = unicodedata.normalize("NFKC", name)
    text = to_simplified(text)
    text = text.translate(_BRACKETS)
    text = _SPACE.sub("", text)
    return _CONTROL.sub("", text).lower()


def clean_display_name(name: str) -> str:
    """A name as shown: control characters dropped, outer whitespace trimmed.

    Examples
    --------
    >>> clean_display_name(" 北京\x01测试\x1b科技有限公司 ")
    '北京测试科技有限公司'
    """
    return _CONTROL.sub("", name).strip()


@cache
def _lines(filename: str) -> tuple[str, ...]:
    text = resources.files("graphmap").joinpath(f"data/aliases/{filename}").read_text("utf-8")
    return tuple(
        normalize_name(line) for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


@cache
def legal_suffixes() -> tuple[str, ...]:
    """Legal-form endings (normalized), longest first, from ``data/aliases/legal_suffixes.txt``."""
    return tuple(sorted(_lines("legal_suffixes.txt"), key=len, reverse=True))


@cache
def provinces() -> frozenset[str]:
    """Province-level region names (normalized) from ``data/aliases/provinces.txt``."""
    return frozenset(_lines("provinces.txt"))


@cache
def regions() -> tuple[str, ...]:
    """Every region name (provinces, cities; normalized), longest first."""
    return tuple(sorted({*provinces(), *_lines("regions.txt")}, key=len, reverse=True))


_PLACE_LEVEL = re.compile(r"(?:省|市|自治区|特别行政区|地区|县|区)$")


def is_place(name: str) -> bool:
    """Whether ``name`` is only a region's name (上海, 江苏省, 苏州市), not an organization.

    >>> [is_place(n) for n in ("上海", "江苏省", "苏州市", "上海交通大学", "苏州市政府")]
    [True, True, True, False, False]
    """
    text = normalize_name(name)
    if not text:
        return False
    places = _place_set()
    return text in places or _PLACE_LEVEL.sub("", text) in places


@cache
def _place_set() -> frozenset[str]:
    return frozenset(regions())


@lru_cache(maxsize=200_000)
def strip_legal_suffix_once(name: str) -> str:
    """Drop one legal-form ending (the longest that fits); returns the normalized rest.

    Examples
    --------
    >>> strip_legal_suffix_once("北航集团有限公司")
    '北航集团'
    """
    text = normalize_name(name)
    for suffix in legal_suffixes():
        if not text.endswith(suffix):
            continue
        rest = text[: -len(suffix)].rstrip(",.&-")
        # 有限公司 alone is no name with a suffix: 有限 begins a longer legal form.
        if rest and not any(s.startswith(rest) for s in legal_suffixes()):
            return rest
    return text


@lru_cache(maxsize=200_000)
def strip_legal_suffix(name: str) -> str:
    """Drop legal-form endings (repeatedly) from a name; returns the normalized rest.

    Examples
    --------
    >>> strip_legal_suffix("易事特集团股份有限公司")
    '易事特'
    >>> strip_legal_suffix("深圳市振业（集团）股份有限公司")
    '深圳市振业'
    >>> strip_legal_suffix("Beijing Lingxi Robotics Co., Ltd.")
    'beijinglingxirobotics'
    >>> strip_legal_suffix("有限公司")
    '有限公司'
    """
    text = normalize_name(name)
    while (shorter := strip_legal_suffix_once(text)) != text:
        text = shorter
    return text


@lru_cache(maxsize=200_000)
def is_company_name(name: str) -> bool:
    """Whether a name ends with a company's legal form (有限公司, Co., Ltd. ...).

    Examples
    --------
    >>> is_company_name("北京灵犀机器人科技有限公司"), is_company_name("北京大学")
    (True, False)
    """
    text = normalize_name(name)
    return strip_legal_suffix(text) != text and not text.endswith(("集团", "控股"))


@lru_cache(maxsize=200_000)
def split_region(name: str) -> tuple[str, str]:
    """Split a leading region off a normalized name: ``(region, rest)``.

    A region with its administrative suffix (深圳市, 广西壮族自治区) always splits; a bare
    province (广东) when two characters remain, a bare city (宝鸡) when three do. A bracketed
    region after the trade name (华辰精密装备(昆山)) also counts.

    Examples
    --------
    >>> split_region("深圳市鸿富瀚科技")
    ('深圳', '鸿富瀚科技')
    >>> split_region("宝鸡钛业")
    ('', '宝鸡钛业')
    >>> split_region("华辰精密装备(昆山)")
    ('昆山', '华辰精密装备')
    """
    text = normalize_name(name)
    known, lengths = _region_lookup()
    for match in _BRACKETED.finditer(text):
        inner = match.group(1)
        bare = next((inner[: -len(s)] for s in _ADMIN_SUFFIXES if inner.endswith(s)), inner)
        if inner in known or bare in known:
            rest = text[: match.start()] + text[match.end():]
            if len(rest) >= 2:
                return bare, rest
    for size in lengths:
        region = text[:size]
        if region not in known:
            continue
        rest = text[size:]
        for suffix in _ADMIN_SUFFIXES:
            if rest.startswith(suffix) and len(rest) - len(suffix) >= 2:
                return region, _strip_district(rest[len(suffix):])
        if len(rest) >= (2 if region in provinces() else _MIN_CORE):
            return region, _strip_district(rest)
        return "", text
    return "", text


@cache
def _region_lookup() -> tuple[frozenset[str], tuple[int, ...]]:
    """Region names as a set, and their lengths longest first (longest region wins)."""
    return frozenset(regions()), tuple(sorted({len(r) for r in regions()}, reverse=True))


def _strip_district(rest: str) -> str:
    # 北京市海淀区某某科技 -> 某某科技: a district is only dropped with its own 区/县.
    for size in (2, 3):
        if len(rest) > size + _MIN_CORE and rest[size] in _DISTRICT_SUFFIXES:
            return rest[size + 1:]
    return rest


@lru_cache(maxsize=200_000)
def core_name(name: str) -> str:
    """The distinctive part of an organization's name, for alias matching (not for ids).

    Legal-form endings go; for companies the leading region goes too. Institutions keep
    their region, since it is part of what tells them apart (北京大学 is not 大学).

    Examples
    --------
    >>> core_name("北京某某科技有限公司")
    '某某科技'
    >>> core_name("廣東海大集團股份有限公司")
    '海大'
    >>> core_name("北京市科学技术协会")
    '北京市科学技术协会'
    >>> core_name("Huawei Technologies Co., Ltd.")
    'huaweitechnologies'
    """
    text = normalize_name(name)
    if not is_company_name(text):
        return strip_legal_suffix(text) if text.endswith(("集团", "控股")) else text
    _, rest = split_region(strip_legal_suffix(text))
    return rest or text


@lru_cache(maxsize=200_000)
def pinyin(text: str) -> str:
    """Toneless pinyin of the Chinese characters in ``text``, run together (other characters
    are kept as they are, lower-cased): how a Chinese name is written in English.

    Examples
    --------
    >>> pinyin("刘志刚"), pinyin("灵犀")
    ('liuzhigang', 'lingxi')
    """
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(normalize_name(text)))
