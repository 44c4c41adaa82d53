"""Organization aliases: the names people actually write, and matching them to one organization.

An organization is written in many ways: its full name, its core (北京某某科技有限公司 ->
某某科技), a rule-made short form (中国科学院自动化研究所 -> 中科院自动化所, 北京市科学技术协会 ->
北京市科协), a known abbreviation (北京航空航天大学 -> 北航, ``data/aliases/known.yaml``), a
former or English name. :class:`AliasIndex` holds known organizations and answers which one a
mention denotes, at a stated *level* of strictness:

``exact``        the normalized full name or a declared alias / former name
``core``         the core name, or a known abbreviation
``short``        a rule-made short form, or a prefix of the core (某某科技 -> 某某)
``subsequence``  the mention's characters appear in order in the name (宝钛 <- 宝鸡钛业),
                 starting where the name or its core starts

The tightest level with any candidate decides: one candidate resolves, two or more make the
mention ambiguous and nothing is resolved (北航 with both 北京航空航天大学 and 北航集团有限公司
known). A mention and a candidate that both name a region must name the same one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from graphmap.normalize import (
    core_name,
    is_company_name,
    normalize_name,
    pinyin,
    regions,
    split_region,
    strip_legal_suffix,
    strip_legal_suffix_once,
)

EXACT = "exact"
CORE = "core"
SHORT = "short"
SUBSEQUENCE = "subsequence"
#: Matching levels from strictest to loosest.
LEVELS: tuple[str, ...] = (EXACT, CORE, SHORT, SUBSEQUENCE)
#: What a match at each level means, for explanations.
LEVEL_MEANING: dict[str, str] = {
    EXACT: "名称或已声明的别名",
    CORE: "核心名称或已知简称",
    SHORT: "自动生成简称",
    SUBSEQUENCE: "字序缩写",
}


@dataclass(frozen=True, slots=True)
class KnownOrganization:
    """An entry of ``data/aliases/known.yaml``."""

    name: str
    short: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    english: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (*self.short, *self.former, *self.english)


@dataclass(frozen=True, slots=True)
class _Rules:
    replacements: tuple[tuple[str, str], ...]
    parents: tuple[str, ...]
    mention_prefixes: tuple[str, ...]
    mention_suffixes: tuple[str, ...]
    generic_words: tuple[str, ...]


def _data(name: str) -> str:
    return resources.files("graphmap").joinpath(f"data/aliases/{name}").read_text("utf-8")


@cache
def _rules() -> _Rules:
    data = yaml.safe_load(_data("rules.yaml"))
    return _Rules(
        replacements=tuple(
            (normalize_name(long), normalize_name(short)) for long, short in data["replacements"]
        ),
        parents=tuple(normalize_name(p) for p in data["parents"]),
        mention_prefixes=tuple(normalize_name(p) for p in data["mention_prefixes"]),
        mention_suffixes=tuple(normalize_name(s) for s in data["mention_suffixes"]),
        generic_words=tuple(normalize_name(w) for w in data["mention_generic_words"]),
    )


@cache
def known_organizations() -> dict[str, KnownOrganization]:
    """Known organizations keyed by every normalized official name (current and former)."""
    out: dict[str, KnownOrganization] = {}
    for entry in yaml.safe_load(_data("known.yaml")):
        known = KnownOrganization(
            name=entry["name"],
            short=tuple(entry.get("short", ())),
            former=tuple(entry.get("former", ())),
            english=tuple(entry.get("english", ())),
        )
        for official in (known.name, *known.former):
            out[normalize_name(official)] = known
    return out


def known_aliases(name: str) -> set[str]:
    """The listed abbreviations, former and English names of a known organization.

    Examples
    --------
    >>> sorted(known_aliases("北京航空航天大學"))[:3]
    ['BUAA', 'Beihang University', '北京航空学院']
    >>> known_aliases("某某科技有限公司")
    set()
    """
    known = known_organizations().get(normalize_name(name))
    if known is None:
        return set()
    return {n for n in (known.name, *known.names()) if normalize_name(n) != normalize_name(name)}


#: How the name of a unit of an umbrella institution ends (自动化所, 计算技术研究所, 某某中心).
_UNIT_ENDINGS = ("所", "院", "中心", "实验室", "站", "台", "馆")


def _is_region(form: str) -> bool:
    """Whether a form is only a region (北京, 北京市): never an alias of one organization."""
    known = set(regions())
    return form in known or any(form == r + s for r in (form[:-1], form[:-3]) if r in known
                                for s in ("市", "省", "自治区"))


def _replacement_forms(text: str) -> set[str]:
    """Every combination of the short-form replacements that apply to ``text``."""
    forms = {text}
    for long, short in _rules().replacements:
        forms |= {f.replace(long, short) for f in forms if long in f}
    return forms


def short_forms(name: str) -> set[str]:
    """Short forms generated for an organization name (normalized), the name itself excluded.

    Examples
    --------
    >>> "某某科技" in short_forms("北京某某科技有限公司")
    True
    >>> "中科院自动化所" in short_forms("中国科学院自动化研究所")
    True
    >>> "北京市科协" in short_forms("北京市科学技术协会")
    True
    >>> "北航" in short_forms("北京航空航天大学")
    True
    """
    text = normalize_name(name)
    forms = {strip_legal_suffix(text), core_name(text)}
    if is_company_name(text):
        region, rest = split_region(strip_legal_suffix(text))
        if region:
            forms.add(region + rest)
    for form in list(forms):
        forms |= _replacement_forms(form)
    for form in list(forms):
        for parent in _rules().parents:
            unit = form[len(parent):]
            # 中科院自动化所 -> 自动化所, but 中科院自动化 -> 自动化 names no unit
            if form.startswith(parent) and len(unit) >= 3 and unit.endswith(_UNIT_ENDINGS):
                forms.add(unit)
        for province_city in ("省", "市"):
            head, sep, tail = form.partition(province_city)
            if sep and 2 <= len(head) <= 3 and len(tail) >= 2 and not is_company_name(text):
                forms.add(head + tail)  # 北京市科协 -> 北京科协
    forms |= {normalize_name(a) for a in known_aliases(text)}
    forms.discard(text)
    forms.discard("")
    return forms


def mention_variants(mention: str) -> list[str]:
    """The forms of a mention worth looking up: as written, without securities markers
    (*ST, 退市, a trailing A/B share class), without a generic word (某某股份 -> 某某).

    Examples
    --------
    >>> mention_variants("*ST 海大集团")
    ['*st海大集团', '海大集团', '海大']
    """
    return _variants(mention)[0]


def _variants(mention: str) -> tuple[list[str], set[str]]:
    """:func:`mention_variants`, and which of them lost a generic company word: those may
    only name companies (北航集团 minus 集团 is no name for 北京航空航天大学)."""
    text = normalize_name(mention)
    variants = [text]
    rules = _rules()
    bare = text
    # markers sit next to Chinese text: Stanford keeps its "st", Acme Group B its "b"
    for prefix in rules.mention_prefixes:
        rest = bare[len(prefix):]
        if bare.startswith(prefix) and len(rest) >= 2 and not rest[0].isascii():
            bare = rest
            break
    for suffix in rules.mention_suffixes:
        rest = bare[: -len(suffix)]
        if bare.endswith(suffix) and len(rest) >= 2 and not rest[-1].isascii():
            bare = rest
            break
    variants.append(bare)
    generic = []
    for word in rules.generic_words:
        if bare.endswith(word) and len(bare) - len(word) >= 2:
            generic.append(bare[: -len(word)])
    ordered = list(dict.fromkeys(v for v in (*variants, *generic) if v))
    return ordered, set(generic) - set(variants)


def _legal_steps(text: str) -> set[str]:
    """Each form met while stripping legal endings one at a time, for companies also without
    their region (北航集团有限公司 -> 北航集团, 北航; 广东海大集团股份有限公司 -> 海大集团...)."""
    steps = set()
    current = text
    while True:
        shorter = strip_legal_suffix_once(current)
        if shorter == current:
            break
        steps.add(shorter)
        current = shorter
    if is_company_name(text):
        steps |= {split_region(step)[1] for step in steps}
    return steps


def _runs(needle: str, haystack: str) -> int:
    """Fewest contiguous pieces of ``haystack`` that spell ``needle`` in order.

    A scattered match starts where ``haystack`` starts; a contiguous one may sit anywhere.
    Returns ``len(needle) + 1`` when there is no such embedding.

    Examples
    --------
    >>> _runs("宝钛", "宝鸡钛业"), _runs("圣泉", "济南圣泉"), _runs("钛业宝", "宝鸡钛业")
    (2, 1, 4)
    """
    if needle in haystack:
        return 1
    none = len(needle) + 1
    if not haystack.startswith(needle[0]):
        return none
    # best[j]: fewest runs spelling needle[:i] with needle[i-1] at haystack[j]
    best = [1 if ch == needle[0] and j == 0 else none for j, ch in enumerate(haystack)]
    for i in range(1, len(needle)):
        nxt = [none] * len(haystack)
        prefix_min = none
        for j, ch in enumerate(haystack):
            if ch == needle[i] and j > 0:
                nxt[j] = min(best[j - 1], prefix_min + 1)
            if j > 0:
                prefix_min = min(prefix_min, best[j - 1])
        best = nxt
    return min(best, default=none)


@dataclass(frozen=True, slots=True)
class AliasMatch:
    """What a mention resolves to. ``key`` is set only when exactly one candidate fits at the
    tightest level that has any; ``candidates`` lists the keys tied at that level."""

    mention: str
    key: str | None
    level: str | None
    candidates: tuple[str, ...] = ()
    form: str = ""

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    @property
    def reason(self) -> str:
        if self.level is None:
            return f"{self.mention}：没有与之匹配的已知机构"
        if self.key is None:
            return (f"{self.mention}：{self.level} 级匹配不唯一"
                    f"（{len(self.candidates)} 个机构）")
        written = self.mention if normalize_name(self.mention) == self.form else (
            f"{self.mention}（规范化为 {self.form}）")
        return f"{written} 是其{LEVEL_MEANING[self.level]}（{self.level}）"


@dataclass(slots=True)
class AliasIndex:
    """Known organizations, indexed by every form a mention may take.

    Examples
    --------
    >>> index = AliasIndex()
    >>> index.add("buaa", "北京航空航天大学")
    >>> index.add("lingxi", "北京灵犀机器人科技有限公司")
    >>> index.match("北航").key, index.match("灵犀机器人").key
    ('buaa', 'lingxi')
    >>> index.add("buaa-group", "北航集团有限公司")
    >>> index.match("北航").candidates
    ('buaa', 'buaa-group')
    """

    names: dict[str, str] = field(default_factory=dict)
    _forms: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: {level: defaultdict(set) for level in LEVELS[:3]}
    )
    _region: dict[str, str] = field(default_factory=dict)
    _heads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _chars: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _companies: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.names)

    def add(self, key: str, name: str, aliases: Iterable[str] = ()) -> None:
        """Index an organization under ``key`` with its name and declared aliases."""
        text = normalize_name(name)
        self.names[key] = name
        if is_company_name(text) or text.endswith(("集团", "控股")):
            self._companies.add(key)
        exact = {text, *(normalize_name(a) for a in aliases)} - {""}
        for form in exact:
            self._forms[EXACT][form].add(key)
        core = {core_name(text), strip_legal_suffix(text), *_legal_steps(text)}
        core |= {normalize_name(a) for a in known_aliases(text)}
        for form in core - exact:
            self._forms[CORE][form].add(key)
        shorts = short_forms(text) - exact - core
        region = ""
        if is_company_name(text):
            # a company is called by the start of its trade name (灵犀机器人科技 -> 灵犀机器人),
            # with or without its region; an institution is not (北京市科学技术 is no name)
            region, rest = split_region(strip_legal_suffix(text))
            trade = core_name(text)
            shorts |= {trade[:i] for i in range(2, len(trade))}
            if region:
                shorts |= {(region + rest)[:i] for i in range(len(region) + 2, len(region + rest))}
        for form in shorts - exact - core:
            if not _is_region(form):
                self._forms[SHORT][form].add(key)
        if region:
            self._region[key] = region
        heads = {text, core_name(text), *(f for f in exact if not f.isascii())}
        self._heads[key] = tuple(sorted(heads))
        for ch in set("".join(heads)):
            self._chars[ch].add(key)

    def match(
        self, mention: str, *, exclude: str | None = None, loosest: str = SUBSEQUENCE
    ) -> AliasMatch:
        """Resolve a mention to one organization key (never ``exclude``), or say why not.

        ``loosest`` stops the search at that level (resolution never merges looser matches,
        so it need not look for them)."""
        variants, company_only = _variants(mention)
        for level in LEVELS[: min(LEVELS.index(loosest) + 1, 3)]:
            # the mention as written outranks its stripped variants (北航集团 before 北航)
            for variant in variants:
                hits = {
                    key: variant for key in self._forms[level].get(variant, ())
                    if key != exclude and self._region_fits(variant, key)
                    and (variant not in company_only or key in self._companies)
                }
                if hits:
                    return self._decide(mention, level, hits)
        if loosest != SUBSEQUENCE:
            return AliasMatch(mention, None, None)
        # Looser: the mention's characters in order, in as few contiguous runs as possible;
        # only candidates needing the fewest runs compete (派能科技 fits 上海派能能源科技 in
        # 2 runs, 广东派生智能科技 in 3).
        best: dict[str, tuple[int, str]] = {}
        for variant in variants:
            if len(variant) < 2 or variant.isascii():
                continue
            pool = set.intersection(*(self._chars.get(ch, set()) for ch in set(variant)))
            for key in pool:
                if key == exclude or not self._region_fits(variant, key) or (
                    variant in company_only and key not in self._companies
                ):
                    continue
                runs = min(_runs(variant, head) for head in self._heads[key])
                if runs < len(variant) and runs < best.get(key, (99, ""))[0]:
                    best[key] = (runs, variant)
        if best:
            fewest = min(runs for runs, _ in best.values())
            hits = {key: variant for key, (runs, variant) in best.items() if runs == fewest}
            return self._decide(mention, SUBSEQUENCE, hits)
        return AliasMatch(mention, None, None)

    def _region_fits(self, variant: str, key: str) -> bool:
        region = self._region.get(key)
        if not region:
            return True
        stated, _ = split_region(variant)
        # an English alias states its region in pinyin (beijing = 北京)
        return not stated or stated == region or (stated.isascii() and stated == pinyin(region))

    @staticmethod
    def _decide(mention: str, level: str, hits: dict[str, str]) -> AliasMatch:
        keys = tuple(sorted(hits))
        if len(keys) == 1:
            return AliasMatch(mention, keys[0], level, keys, hits[keys[0]])
        return AliasMatch(mention, None, level, keys)


# -- measurement on short/full name pairs ----------------------------------------------------


@dataclass(slots=True)
class AliasScore:
    """Precision and recall of resolving short names to full names among all full names."""

    total: int = 0
    answered: int = 0
    correct: int = 0
    ambiguous: int = 0
    by_level: dict[str, list[int]] = field(default_factory=dict)  # level -> [answered, correct]

    @property
    def precision(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.total if self.total else 0.0


def evaluate_alias_pairs(pairs: Iterable[tuple[str, str]]) -> AliasScore:
    """Index every full name, resolve every short name; count what resolved right.

    Parameters
    ----------
    pairs : iterable of (short, full)
        Gold pairs; each full name is also a candidate for every other short name.

    Returns
    -------
    AliasScore
        Precision = correct / answered, recall = correct / total.
    """
    pairs = list(pairs)
    index = AliasIndex()
    for _, full in pairs:
        index.add(normalize_name(full), full)
    score = AliasScore(total=len(pairs))
    for short, full in pairs:
        match = index.match(short)
        if match.key is None:
            score.ambiguous += match.ambiguous
            continue
        counts = score.by_level.setdefault(match.level or "", [0, 0])
        score.answered += 1
        counts[0] += 1
        if match.key == normalize_name(full):
            score.correct += 1
            counts[1] += 1
    return score


def read_chainkg_pairs(path: Path) -> Iterator[tuple[str, str]]:
    """(short, full) name pairs from ChainKnowledgeGraph's ``company.json`` (JSON lines)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if row.get("name") and row.get("fullname"):
                    yield row["name"], row["fullname"]
