"""Expert profiles and the talent map (人才图谱) read from the graph.

A profile gathers what the graph knows about one Person: affiliations with titles over
time, the sector of each organization, fields and technologies with the sentences that
support them, events spoken at, birth year, co-speakers and collaborators. The talent map
flattens profiles into one row per expert x field x organization x chain segment, and the
aggregates (counts, youth share, top organizations) are plain pandas group-bys of it.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx
import pandas as pd
import yaml

from graphmap.model import EdgeKind, NodeKind, Status
from graphmap.normalize import to_simplified
from graphmap.titles import normalize_titles

#: Default age limit for "young" (青年): born within this many years of the reference year.
YOUTH_AGE = 35
UNSPECIFIED = "(未标注)"

_REJECTED = Status.REJECTED.value
_SPOKE_AT = EdgeKind.SPOKE_AT.value
_IN_SEGMENT = EdgeKind.IN_SEGMENT.value
_DEVELOPED = EdgeKind.DEVELOPED.value


@cache
def _title_levels() -> list[tuple[str, tuple[str, ...]]]:
    text = resources.files("graphmap").joinpath("data/recommend/title_levels.yaml")
    rules = yaml.safe_load(text.read_text("utf-8"))
    return [(r["level"], tuple(k.lower() for k in r["keywords"])) for r in rules]


@cache
def _sectors() -> dict[str, str]:
    text = resources.files("graphmap").joinpath("data/recommend/sectors.yaml")
    return dict(yaml.safe_load(text.read_text("utf-8")))


def title_level(titles: Iterable[str]) -> str:
    """The most senior level among ``titles`` (``"unknown"`` when none is recognized).

    Examples
    --------
    >>> title_level(["高级工程师", "中国工程院院士"])
    'academician'
    >>> title_level(["副教授"])
    'associate'
    >>> title_level([])
    'unknown'
    """
    lowered = [t.lower() for t in titles if t]
    for level, keywords in _title_levels():
        for title in lowered:
            # "副教授" contains "教授": a deputy title must not count as the senior one.
            if any(k in title for k in keywords) and not (
                level == "senior" and title.startswith("副")
            ):
                return level
    return "unknown"


def sector_of(org_type: str | None) -> str:
    """Sector (academia / research / industry / government / ...) of an org_type value.

    Examples
    --------
    >>> sector_of("university"), sector_of("enterprise"), sector_of(None)
    ('academia', 'industry', 'other')
    """
    return _sectors().get(org_type or "other", "other")


@dataclass(frozen=True, slots=True)
class Affiliation:
    organization_id: str
    organization: str
    org_type: str
    sector: str
    title: str | None = None
    since: str | None = None
    status: str = Status.UNCERTAIN.value


@dataclass(frozen=True, slots=True)
class Expertise:
    """A field or technology an expert works in, with the sentences that say so."""

    name: str
    technology_id: str | None = None
    quotes: tuple[str, ...] = ()
    #: confirmed for declared fields (lists, analyst review); uncertain for text extractions.
    status: str = Status.CONFIRMED.value
    #: stated by the expert's own list record (研究方向), not inferred from running text
    declared: bool = True


@dataclass(frozen=True, slots=True)
class Appearance:
    event_id: str
    event: str
    date: str | None
    role: str  # SPOKE_AT | ATTENDED


@dataclass(slots=True)
class ExpertProfile:
    """Everything the graph says about one expert."""

    id: str
    name: str
    titles: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    expertise: tuple[Expertise, ...] = ()
    appearances: tuple[Appearance, ...] = ()
    birth_year: int | None = None
    gender: str | None = None
    bio: str = ""
    evidence: tuple[str, ...] = ()
    co_speakers: tuple[str, ...] = ()
    collaborators: tuple[str, ...] = ()
    segments: tuple[tuple[str, str, str], ...] = ()  # (segment id, name, stage)
    disciplines: tuple[str, ...] = ()

    @property
    def primary(self) -> Affiliation | None:
        return self.affiliations[0] if self.affiliations else None

    @property
    def organization(self) -> str | None:
        return self.primary.organization if self.primary else None

    @property
    def sector(self) -> str:
        return self.primary.sector if self.primary else "other"

    @property
    def level(self) -> str:
        return title_level([*self.titles, *(a.title or "" for a in self.affiliations)])

    @property
    def last_spoke(self) -> str | None:
        dates = [a.date for a in self.appearances if a.role == EdgeKind.SPOKE_AT.value and a.date]
        return max(dates) if dates else None

    def is_young(self, reference_year: int, youth_age: int = YOUTH_AGE) -> bool | None:
        """True/False when the birth year is known, None otherwise."""
        if self.birth_year is None:
            return None
        return reference_year - self.birth_year <= youth_age


def _live(data: dict[str, Any]) -> bool:
    return data.get("status") != _REJECTED


def _sentences(evidence: Iterable[dict[str, Any]]) -> list[str]:
    return [ev["sentence"] for ev in evidence if ev.get("sentence")]


def _sort_key(aff: Affiliation) -> tuple[int, str]:
    # Confirmed first, then the most recent start; an undated one sorts as oldest.
    return (0 if aff.status == Status.CONFIRMED.value else 1, _invert(aff.since or ""))


def _invert(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def _developers_of(graph: nx.MultiDiGraph, achievement_id: str, memo: Memo | None
                   ) -> tuple[str, ...]:
    """The people with a DEVELOPED edge to ``achievement_id``."""
    found = memo.get(("developers", achievement_id)) if memo is not None else None
    if found is None:
        person = NodeKind.PERSON.value
        found = tuple(
            other for other, _, key in graph.in_edges(achievement_id, keys=True)
            if key == _DEVELOPED and graph.nodes[other].get("kind") == person
        )
        if memo is not None:
            memo[("developers", achievement_id)] = found
    return found


def _org_context(
    graph: nx.MultiDiGraph, org_id: str, memo: Memo | None = None
) -> tuple[tuple[str, str, str, str], ...]:
    """(segment id, segment name, stage, industry name) of an organization's IN_SEGMENT edges."""
    found = memo.get(("context", org_id)) if memo is not None else None
    if found is not None:
        return found
    out = []
    for _, seg, key, data in graph.out_edges(org_id, keys=True, data=True):
        if key != _IN_SEGMENT or not _live(data):
            continue
        seg_data = graph.nodes[seg]
        industry = seg_data.get("industry") or ""
        out.append((seg, seg_data.get("name", seg), seg_data.get("stage") or "", industry))
    if memo is not None:
        memo[("context", org_id)] = tuple(out)
    return tuple(out)


#: What profiles of one graph share (an event's speakers, an organization's segments), by
#: (question, node id); see :func:`expert_profiles`.
Memo = dict[tuple[str, str], tuple]


def _speakers_of(graph: nx.MultiDiGraph, event_id: str, memo: Memo | None) -> tuple[str, ...]:
    """The people with a live SPOKE_AT edge to ``event_id``."""
    found = memo.get(("speakers", event_id)) if memo is not None else None
    if found is None:
        found = tuple(
            other for other, _, key, edge in graph.in_edges(event_id, keys=True, data=True)
            if key == _SPOKE_AT and _live(edge)
        )
        if memo is not None:
            memo[("speakers", event_id)] = found
    return found


def expert_profile(
    graph: nx.MultiDiGraph, person_id: str, *, memo: Memo | None = None
) -> ExpertProfile:
    """The profile of one Person node.

    ``memo`` is filled and reused across calls when given: :func:`expert_profiles` passes one,
    so the edges of a busy event or organization are read once, not once per person.

    Examples
    --------
    >>> from graphmap.graph import graph_from
    >>> from graphmap.model import Person, Organization, Relation, EdgeKind, OrgType
    >>> org = Organization(name="清华大学", org_type=OrgType.UNIVERSITY)
    >>> p = Person(name="张三", organization="清华大学", birth_year=1990)
    >>> g = graph_from([org, p], [Relation(kind=EdgeKind.AFFILIATED_WITH, source=p.id,
    ...                 target=org.id, attributes={"title": "副教授"})])
    >>> prof = expert_profile(g, p.id)
    >>> prof.organization, prof.sector, prof.level, prof.is_young(2024)
    ('清华大学', 'academia', 'associate', True)
    """
    data = graph.nodes[person_id]
    affiliations: list[Affiliation] = []
    expertise: list[Expertise] = []
    appearances: list[Appearance] = []
    achievements: list[str] = []
    edge_sentences: list[str] = []
    for _, target, key, edge in graph.out_edges(person_id, keys=True, data=True):
        if not _live(edge) or not _live(graph.nodes[target]):
            continue
        tdata = graph.nodes[target]
        if key == EdgeKind.AFFILIATED_WITH.value:
            org_type = tdata.get("org_type") or "other"
            affiliations.append(
                Affiliation(
                    organization_id=target,
                    organization=tdata.get("name", target),
                    org_type=org_type,
                    sector=sector_of(org_type),
                    title=edge.get("title") or edge.get("role"),
                    since=str(edge["since"]) if edge.get("since") else None,
                    status=edge.get("status", Status.UNCERTAIN.value),
                )
            )
        elif key == EdgeKind.EXPERT_IN.value:
            quotes = tuple(dict.fromkeys(_sentences(edge.get("evidence", ()))))
            status = edge.get("status", Status.UNCERTAIN.value)
            # List records point at their row with an empty span (see model.Evidence).
            declared = any(ev.get("start") == ev.get("end") == 0
                           for ev in edge.get("evidence", ()))
            expertise.append(
                Expertise(tdata.get("name", target), target, quotes, status, declared)
            )
        elif key in (EdgeKind.SPOKE_AT.value, EdgeKind.ATTENDED.value):
            name = tdata.get("name", target)
            appearances.append(Appearance(target, name, tdata.get("date"), key))
        elif key == EdgeKind.DEVELOPED.value:
            achievements.append(target)
        edge_sentences.extend(_sentences(edge.get("evidence", ())))
    listed = set(data.get("fields_of_work") or ())
    expertise = [
        Expertise(e.name, e.technology_id, e.quotes, e.status, True)
        if e.name in listed and not e.declared else e
        for e in expertise
    ]
    known = {e.name for e in expertise}
    for name in data.get("fields_of_work") or ():
        if name and name not in known:
            expertise.append(Expertise(name))
            known.add(name)
    affiliations.sort(key=_sort_key)

    co_speakers: dict[str, None] = {}
    for app in appearances:
        if app.role != _SPOKE_AT:
            continue
        for other in _speakers_of(graph, app.event_id, memo):
            if other != person_id:
                co_speakers[other] = None
    collaborators: dict[str, None] = {}
    for ach in achievements:
        for other in _developers_of(graph, ach, memo):
            if other != person_id:
                collaborators[other] = None

    segments: dict[str, tuple[str, str, str]] = {}
    industries: dict[str, None] = {}
    for aff in affiliations:
        for seg, name, stage, industry in _org_context(graph, aff.organization_id, memo):
            segments[seg] = (seg, name, stage)
            if industry:
                industries[industry] = None
    for exp in expertise:
        if exp.technology_id:
            for *_, industry in _org_context(graph, exp.technology_id, memo):
                if industry:
                    industries[industry] = None
    disciplines = tuple(dict.fromkeys([*industries, *(e.name for e in expertise)]))

    evidence = tuple(dict.fromkeys([*_sentences(data.get("evidence", ())), *edge_sentences]))
    return ExpertProfile(
        id=person_id,
        name=data.get("name", person_id),
        titles=tuple(normalize_titles(data.get("titles") or ())),
        roles=tuple(data.get("roles") or ()),
        affiliations=tuple(affiliations),
        expertise=tuple(expertise),
        appearances=tuple(sorted(appearances, key=lambda a: a.date or "")),
        birth_year=data.get("birth_year"),
        gender=data.get("gender"),
        bio=data.get("bio") or "",
        evidence=evidence,
        co_speakers=tuple(co_speakers),
        collaborators=tuple(collaborators),
        segments=tuple(segments.values()),
        disciplines=disciplines,
    )


def expert_profiles(graph: nx.MultiDiGraph) -> list[ExpertProfile]:
    """Profiles of every non-rejected Person node, in graph order."""
    memo: Memo = {}
    person = NodeKind.PERSON.value
    return [
        expert_profile(graph, node, memo=memo)
        for node, data in graph.nodes(data=True)
        if data.get("kind") == person and _live(data)
    ]


# --------------------------------------------------------------------------------------------
# Talent map tables
# --------------------------------------------------------------------------------------------

TALENT_COLUMNS = [
    "expert_id", "name", "field", "organization_id", "organization", "org_type", "sector",
    "title_level", "segment", "stage", "birth_year", "young", "region", "age",
]

#: A birth year stated in a bio (1985年出生, 生于1985年, 1985年生, born in 1985).
_BIO_BIRTH = re.compile(r"(?:生于|出生于)\s*((?:19|20)\d\d)\s*年|((?:19|20)\d\d)\s*年\s*\d{0,2}\s*"
                        r"月?\s*(?:出生|生人|生)(?![产活态命物成长])|born\s+(?:in\s+)?((?:19|20)\d\d)",
                        re.IGNORECASE)


def birth_year_from_bio(bio: str) -> int | None:
    """The birth year a bio states, if any (simplified, traditional or English).

    Examples
    --------
    >>> birth_year_from_bio("1985年出生，博士，研究员"), birth_year_from_bio("生於1979年")
    (1985, 1979)
    >>> birth_year_from_bio("Born in 1990, she leads the lab"), birth_year_from_bio("2019年成立")
    (1990, None)
    """
    match = _BIO_BIRTH.search(to_simplified(bio or ""))
    return int(next(g for g in match.groups() if g)) if match else None


def organization_regions(names: Iterable[str]) -> dict[str, str]:
    """Province-level region (GB/T 2260 name, 北京市, 广东省...) each organization's name
    opens with or contains; names without one are left out.

    The gazetteer is cpca's table of the GB/T 2260 administrative divisions, districts and
    cities included (北京市海淀区… and 深圳市… both resolve to their province).
    """
    import cpca

    unique = [n for n in dict.fromkeys(names) if n and n != UNSPECIFIED]
    if not unique:
        return {}
    table = cpca.transform([to_simplified(n) for n in unique])
    return {name: prov for name, prov in zip(unique, table["省"], strict=True)
            if isinstance(prov, str) and prov}


def talent_map(
    source: nx.MultiDiGraph | Sequence[ExpertProfile],
    *,
    reference_year: int | None = None,
    youth_age: int = YOUTH_AGE,
) -> pd.DataFrame:
    """One row per expert x field x affiliation x chain segment (the talent map's facts).

    Parameters
    ----------
    source : the graph, or profiles already computed from it
    reference_year : the year ages are counted from (the data's year; default this year)
    youth_age : born within this many years of ``reference_year`` counts as young

    Returns
    -------
    DataFrame with :data:`TALENT_COLUMNS`; ``young`` is True/False, or None when the birth
    year is unknown (a year stated in the bio counts when the list gives none); ``region`` is
    the organization's province-level region (:func:`organization_regions`), ``age`` the age
    in ``reference_year``. Experts without a field, organization or segment get ``(未标注)``.
    """
    profiles = expert_profiles(source) if isinstance(source, nx.Graph) else list(source)
    year = reference_year or _dt.date.today().year
    regions = organization_regions(a.organization for p in profiles for a in p.affiliations)
    rows: list[tuple[Any, ...]] = []
    for prof in profiles:
        fields = [e.name for e in prof.expertise] or [UNSPECIFIED]
        affs = list(prof.affiliations) or [None]
        if prof.birth_year is None and prof.bio:
            prof.birth_year = birth_year_from_bio(prof.bio)
        young = prof.is_young(year, youth_age)
        age = year - prof.birth_year if prof.birth_year else None
        level = prof.level
        segments = list(prof.segments) or [("", UNSPECIFIED, "")]
        for fld in fields:
            for aff in affs:
                for _, seg_name, stage in segments:
                    rows.append((
                        prof.id, prof.name, fld,
                        aff.organization_id if aff else "",
                        aff.organization if aff else UNSPECIFIED,
                        aff.org_type if aff else "other",
                        aff.sector if aff else "other",
                        level, seg_name, stage, prof.birth_year, young,
                        regions.get(aff.organization, UNSPECIFIED) if aff else UNSPECIFIED,
                        age,
                    ))
    return pd.DataFrame(rows, columns=TALENT_COLUMNS)


def talent_table(
    facts: pd.DataFrame,
    by: Sequence[str] = ("field", "org_type", "title_level", "segment"),
) -> pd.DataFrame:
    """Distinct experts per group, with how many are young and the youth share.

    ``youth_share`` = young experts / experts whose birth year is known (NaN when none is).

    Examples
    --------
    >>> facts = pd.DataFrame({"expert_id": ["a", "b", "c"], "field": ["AI", "AI", "电池"],
    ...                       "young": [True, None, False]})
    >>> talent_table(facts, by=["field"])[["field", "experts", "young", "youth_share"]]
      field  experts  young  youth_share
    0    AI        2      1          1.0
    1    电池        1      0          0.0
    """
    by = list(by)
    if facts.empty:
        return pd.DataFrame(columns=[*by, "experts", "young", "known_age", "youth_share"])
    grouped = facts.groupby(by, dropna=False)
    out = grouped["expert_id"].nunique().rename("experts").to_frame()
    young_ids = facts[facts["young"].eq(True)]
    known_ids = facts[facts["young"].notna()]
    out["young"] = young_ids.groupby(by, dropna=False)["expert_id"].nunique()
    out["known_age"] = known_ids.groupby(by, dropna=False)["expert_id"].nunique()
    out[["young", "known_age"]] = out[["young", "known_age"]].fillna(0).astype(int)
    out["youth_share"] = out["young"] / out["known_age"].where(out["known_age"] > 0)
    return out.reset_index().sort_values([*by], kind="stable").reset_index(drop=True)


def youth_share(facts: pd.DataFrame, by: str | Sequence[str] = "field") -> pd.DataFrame:
    """Youth share per ``by`` group (see :func:`talent_table`)."""
    cols = [by] if isinstance(by, str) else list(by)
    return talent_table(facts, by=cols)[[*cols, "experts", "young", "known_age", "youth_share"]]


def top_organizations(facts: pd.DataFrame, n: int = 5, by: str = "field") -> pd.DataFrame:
    """The ``n`` organizations with the most distinct experts in each ``by`` group.

    Examples
    --------
    >>> facts = pd.DataFrame({"expert_id": ["a", "b", "c"], "field": ["AI"] * 3,
    ...                       "organization": ["清华", "清华", "北大"]})
    >>> top_organizations(facts, n=1).to_dict("records")
    [{'field': 'AI', 'organization': '清华', 'experts': 2, 'rank': 1}]
    """
    if facts.empty:
        return pd.DataFrame(columns=[by, "organization", "experts", "rank"])
    counts = (
        facts[facts["organization"] != UNSPECIFIED]
        .groupby([by, "organization"])["expert_id"].nunique().rename("experts").reset_index()
        .sort_values([by, "experts", "organization"], ascending=[True, False, True])
    )
    counts["rank"] = counts.groupby(by).cumcount() + 1
    return counts[counts["rank"] <= n].reset_index(drop=True)


def talent_summary(
    graph: nx.MultiDiGraph, *, reference_year: int | None = None, top: int = 5
) -> dict[str, pd.DataFrame]:
    """The talent map's standard tables, ready for viz and export.

    Returns ``facts`` (see :func:`talent_map`), ``by_field_orgtype_level_segment``,
    ``youth_by_field``, ``youth_by_sector`` and ``top_organizations``.
    """
    facts = talent_map(graph, reference_year=reference_year)
    return {
        "facts": facts,
        "by_field_orgtype_level_segment": talent_table(facts),
        "youth_by_field": youth_share(facts, "field"),
        "youth_by_sector": youth_share(facts, "sector"),
        "top_organizations": top_organizations(facts, n=top),
    }

