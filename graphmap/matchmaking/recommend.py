"""Recommend a salon panel: relevant experts, chosen for diversity, under constraints.

Relevance is BM25 over each expert's fields, biography and evidence sentences, with the
topic expanded through the technology graph. The panel is then picked greedily, MMR style:
each step takes the candidate with the best mix of relevance and novelty (a sector, an
organization or a discipline the panel does not have yet), never more than
``max_per_org`` from one organization, leaving room for the youth quota.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from graphmap.errors import InputError
from graphmap.matchmaking.index import ExpertIndex, Query
from graphmap.talent import YOUTH_AGE

#: Candidates considered by the diversity step (the rest cannot make a top-k panel anyway).
POOL = 120
SECTOR_LABELS = {
    "academia": "高校", "research": "科研院所", "industry": "企业", "government": "政府",
    "society": "学会/协会", "medicine": "医疗机构", "other": "其他",
}


@dataclass(frozen=True, slots=True)
class Pick:
    """One panel member and why they are on it."""

    expert_id: str
    name: str
    organization: str | None
    sector: str
    title_level: str
    birth_year: int | None
    young: bool
    relevance: float
    score: float
    matched_terms: tuple[str, ...]
    expanded_terms: tuple[str, ...]  # "人形机器人 <- 具身智能"
    quotes: tuple[str, ...]
    diversity: tuple[str, ...]
    #: "zh" for a Chinese topic, "en" for an English one: the language of the reasons
    lang: str = "zh"

    def explain(self, sep: str = " | ") -> str:
        """Matched terms, evidence quotes and what the pick adds, joined by ``sep``."""
        zh = self.lang == "zh"
        parts = []
        if self.matched_terms:
            parts.append(("命中：" if zh else "matched: ") + "、".join(self.matched_terms))
        if self.expanded_terms:
            parts.append(("扩展：" if zh else "via expansion: ")
                         + ("；" if zh else "; ").join(self.expanded_terms))
        parts.extend(f"「{q}」" for q in self.quotes)
        if self.diversity:
            parts.append(("入选理由：" if zh else "adds: ")
                         + ("；" if zh else "; ").join(self.diversity))
        return sep.join(parts)


@dataclass(frozen=True, slots=True)
class Panel:
    """A recommended panel with the query that produced it and what was filtered out."""

    topic: str
    picks: tuple[Pick, ...]
    query_terms: dict[str, float]
    expansions: tuple[str, ...]
    excluded: dict[str, int]
    notes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.picks)

    @property
    def ids(self) -> list[str]:
        return [p.expert_id for p in self.picks]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (for the CLI's --json and the API)."""
        return {
            "topic": self.topic,
            "picks": [
                {**{f: getattr(p, f) for f in Pick.__slots__}, "explanation": p.explain()}
                for p in self.picks
            ],
            "query_terms": self.query_terms,
            "expansions": list(self.expansions),
            "excluded": self.excluded,
            "notes": list(self.notes),
        }


_CJK = re.compile(r"[\u4e00-\u9fff]")


def topic_language(topic: str) -> str:
    """"zh" when the topic has Chinese characters, else "en" (the reasons' language).

    Examples
    --------
    >>> topic_language("商业航天"), topic_language("humanoid robots")
    ('zh', 'en')
    """
    return "zh" if _CJK.search(topic) else "en"


def rank_experts(
    index: ExpertIndex, topic: str, *, expand: bool = True
) -> tuple[np.ndarray, Query]:
    """Relevance score of every expert for ``topic`` (BM25 with expansion)."""
    query = index.query(topic, expand=expand)
    return index.bm25.scores(query.terms), query


def recommend_experts(
    source: nx.MultiDiGraph | ExpertIndex,
    topic: str,
    k: int = 8,
    *,
    exclude: Iterable[str] = (),
    max_per_org: int | None = 1,
    not_spoken_months: int | None = None,
    host_org: str | None = None,
    youth_quota: int = 0,
    reference_year: int | None = None,
    youth_age: int = YOUTH_AGE,
    as_of: _dt.date | None = None,
    diversity: float = 0.3,
    expand: bool = True,
) -> Panel:
    """Recommend ``k`` experts for a salon on ``topic``, diverse and explained.

    Parameters
    ----------
    source : the graph, or an :class:`ExpertIndex` built once from it (much faster)
    topic : free text, Chinese (simplified or traditional) or English
    k : panel size
    exclude : expert ids or names that must not be invited
    max_per_org : at most this many experts per organization (None: no cap)
    not_spoken_months : leave out experts who spoke at an event in the last N months
    host_org : the host organization (id or name); its own staff are a conflict of interest
    youth_quota : at least this many young experts (born within ``youth_age`` years of
        ``reference_year``), when the pool has them
    reference_year : year ages are counted from (default: ``as_of``'s year)
    as_of : the date "last N months" counts back from (default: today)
    diversity : 0 = pure relevance order, 1 = novelty only; 0.3 keeps relevance first
    expand : use technology expansion (off gives plain BM25 relevance)

    Returns
    -------
    Panel
        picks in panel order, each with matched terms, quotes and diversity reasons.

    Examples
    --------
    >>> from graphmap.graph import graph_from
    >>> from graphmap.model import Person
    >>> g = graph_from([Person(name="甲", bio="人形机器人运动控制"),
    ...                 Person(name="乙", bio="锂电池材料")], [])
    >>> [p.name for p in recommend_experts(g, "具身智能", k=1).picks]
    ['甲']
    """
    if k < 1:
        raise InputError(f"k must be at least 1, got {k}", "ask for a panel of 1 or more")
    if youth_quota > k:
        raise InputError(f"youth quota {youth_quota} exceeds panel size {k}",
                         "lower --youth-quota or raise --k")
    if max_per_org is not None and max_per_org < 1:
        raise InputError(f"max per organization must be at least 1, got {max_per_org}",
                         "use --max-per-org 1 or more (omit it for no cap)")
    if not 0.0 <= diversity <= 1.0:
        raise InputError(f"diversity {diversity} is outside [0, 1]", "use a value in [0, 1]")
    index = source if isinstance(source, ExpertIndex) else ExpertIndex.build(source)
    today = as_of or _dt.date.today()
    year = reference_year or today.year

    zh = topic_language(topic) == "zh"
    scores, query = rank_experts(index, topic, expand=expand)
    eligible = scores > 0
    excluded: dict[str, int] = {}
    notes = []
    excluded_pos = index.positions_of(exclude)
    if excluded_pos:
        hit = np.fromiter(excluded_pos, dtype=np.int64)
        excluded["按姓名或编号排除" if zh else "excluded by name or id"] = int(eligible[hit].sum())
        eligible[hit] = False
    if not_spoken_months:
        cutoff = (today - _dt.timedelta(days=round(30.44 * not_spoken_months))).toordinal()
        recent = index.last_spoke >= cutoff
        reason = (f"近 {not_spoken_months} 个月内发过言" if zh
                  else f"spoke in the last {not_spoken_months} months")
        excluded[reason] = int((eligible & recent).sum())
        eligible &= ~recent
        if not (index.last_spoke > 0).any():
            notes.append(
                f"未应用“近 {not_spoken_months} 个月未发言”条件：专家库中没有任何发言记录（活动）"
                if zh else
                f"--not-spoken-months {not_spoken_months} had no effect: the expert pool has no "
                "record of anyone speaking at an event"
            )
    if host_org:
        staff = index.staff_of(host_org)
        if staff:
            hit = np.fromiter(staff, dtype=np.int64)
            reason = (f"与主办单位 {host_org} 同单位" if zh
                      else f"same organization as host {host_org}")
            excluded[reason] = int(eligible[hit].sum())
            eligible[hit] = False
    young = (index.birth_year > 0) & (year - index.birth_year <= youth_age)

    candidates = np.flatnonzero(eligible)
    pool = POOL
    while True:
        # The best of the ranking and, for the quota, the best young; a pool that the
        # per-organization cap exhausts before the panel is full grows and is retried.
        top = _best(candidates, scores, pool)
        if youth_quota:
            young_top = _best(candidates[young[candidates]], scores, pool)
            top = np.unique(np.concatenate([top, young_top]))
            top = top[np.argsort(-scores[top], kind="stable")]
        chosen = _select(index, top, scores, young, k, max_per_org, youth_quota, diversity)
        if len(chosen) == k or len(candidates) <= pool:
            break
        pool *= 4
    if len(chosen) < k:
        notes.append(f"在这些条件下只有 {len(chosen)} 位专家与选题匹配" if zh
                     else f"only {len(chosen)} experts match the topic under these constraints")
    n_young = sum(bool(young[i]) for i, _ in chosen)
    if youth_quota and n_young < youth_quota:
        notes.append(f"青年专家名额 {youth_quota} 未满足：只有 {n_young} 位青年专家匹配" if zh
                     else f"youth quota {youth_quota} not met: only {n_young} young experts match")
    top_score = float(scores[top].max()) if len(top) else 1.0
    picks = tuple(
        _explain(index, i, query, float(scores[i]) / (top_score or 1.0), value,
                 chosen[:n], bool(young[i]), zh)
        for n, (i, value) in enumerate(chosen)
    )
    return Panel(
        topic=topic,
        picks=picks,
        query_terms={t: round(w, 3) for t, w in query.terms.items()},
        expansions=tuple(
            f"{e.term} ← {e.via}（{'扩展表' if e.source == 'list' else '图谱共现'}，{e.weight:g}）"
            if zh else f"{e.term} <- {e.via} ({e.source}, {e.weight:g})"
            for e in query.expansions),
        excluded=excluded,
        notes=tuple(notes),
    )


def _best(candidates: np.ndarray, scores: np.ndarray, n: int) -> np.ndarray:
    """The ``n`` best-scoring candidates, best first (ties in index order)."""
    if len(candidates) > n:
        candidates = np.sort(candidates[np.argpartition(-scores[candidates], n - 1)[:n]])
    return candidates[np.argsort(-scores[candidates], kind="stable")]


def _membership(items: list[Iterable[str]]) -> np.ndarray:
    """Dense candidate x value incidence matrix for the values occurring in ``items``."""
    columns: dict[str, int] = {}
    rows, cols = [], []
    for row, values in enumerate(items):
        for value in values:
            rows.append(row)
            cols.append(columns.setdefault(value, len(columns)))
    matrix = np.zeros((len(items), max(len(columns), 1)), dtype=np.float32)
    matrix[rows, cols] = 1.0
    return matrix


def _select(
    index: ExpertIndex,
    candidates: np.ndarray,
    scores: np.ndarray,
    young: np.ndarray,
    k: int,
    max_per_org: int | None,
    youth_quota: int,
    diversity: float,
) -> list[tuple[int, float]]:
    """Greedy MMR: relevance vs novelty, per-organization cap, youth quota.

    Novelty of a candidate = mean of (its sector is new, its organization is new,
    1 - its largest discipline Jaccard overlap with a pick). Organizations, sectors and
    disciplines of the pool are incidence matrices, so each pick is a few vector updates.
    """
    m = len(candidates)
    if m == 0:
        return []
    rel = scores[candidates] / scores[candidates].max()
    orgs = _membership([index.organizations[int(i)] for i in candidates])
    sectors = _membership([(index.sectors[int(i)],) for i in candidates])
    disciplines = _membership([index.disciplines[int(i)] for i in candidates])
    sizes = disciplines.sum(axis=1)
    is_young = young[candidates]
    available = np.ones(m, dtype=bool)
    new_sector = np.ones(m)
    new_org = np.ones(m)
    overlap = np.zeros(m)
    org_count = np.zeros(orgs.shape[1])
    chosen: list[tuple[int, float]] = []
    n_young = 0
    while len(chosen) < k and available.any():
        novelty = (new_sector + new_org + (1.0 - overlap)) / 3.0 if chosen else np.ones(m)
        value = (1.0 - diversity) * rel + diversity * novelty
        value[~available] = -np.inf
        if youth_quota - n_young >= k - len(chosen):
            young_value = np.where(is_young, value, -np.inf)
            if np.isfinite(young_value).any():
                value = young_value
            else:  # no young candidate left: fill the rest on merit
                youth_quota = n_young
        best = int(np.argmax(value))
        chosen.append((int(candidates[best]), float(value[best])))
        available[best] = False
        n_young += bool(is_young[best])
        picked_orgs = orgs[best] > 0
        org_count += orgs[best]
        new_org[orgs[:, picked_orgs].any(axis=1)] = 0.0
        if max_per_org is not None:
            full = org_count >= max_per_org
            available &= ~orgs[:, full].any(axis=1)
        new_sector[sectors[:, sectors[best] > 0].any(axis=1)] = 0.0
        inter = disciplines @ disciplines[best]
        union = sizes + sizes[best] - inter
        jaccard = np.divide(inter, union, out=np.zeros(m), where=union > 0)
        overlap = np.maximum(overlap, jaccard)
    return chosen


def _explain(
    index: ExpertIndex,
    i: int,
    query: Query,
    relevance: float,
    score: float,
    before: list[tuple[int, float]],
    young: bool,
    zh: bool = True,
) -> Pick:
    profile = index.profiles[i]
    matched = index.bm25.matched_terms(i, list(query.terms))
    own = [t for t in matched if t in query.own_terms]
    via = [
        (f"{t}（由“{query.expanded_from[t].via}”扩展）" if zh
         else f"{t} <- {query.expanded_from[t].via}") for t in matched
        if t not in query.own_terms and t in query.expanded_from
    ]
    quotes = _quotes(index.sentences[i], index.normalized_sentences(i), matched)
    reasons = []
    earlier = [index.profiles[j] for j, _ in before]
    sector = SECTOR_LABELS.get(profile.sector, profile.sector) if zh else profile.sector
    if not earlier:
        reasons.append("与选题最相关" if zh else "most relevant expert for the topic")
    else:
        if profile.sector not in {p.sector for p in earlier}:
            reasons.append(f"首位来自{sector}的专家" if zh else f"first from sector {sector}")
        seen_orgs = set().union(*(index.organizations[j] for j, _ in before))
        if profile.organization and not set(index.organizations[i]) & seen_orgs:
            reasons.append(f"新单位 {profile.organization}" if zh
                           else f"new organization {profile.organization}")
        seen = set().union(*(index.disciplines[j] for j, _ in before))
        new = [d for d in profile.disciplines if d not in seen][:2]
        if new:
            reasons.append(("新领域 " if zh else "new discipline ") + "、".join(new))
    if young:
        reasons.append(f"青年专家（{profile.birth_year} 年生）" if zh
                       else f"young expert (born {profile.birth_year})")
    return Pick(
        expert_id=profile.id,
        name=profile.name,
        organization=profile.organization,
        sector=profile.sector,
        title_level=profile.level,
        birth_year=profile.birth_year,
        young=young,
        relevance=round(relevance, 4),
        score=round(score, 4),
        matched_terms=tuple(own),
        expanded_terms=tuple(via),
        quotes=quotes,
        diversity=tuple(reasons),
        lang="zh" if zh else "en",
    )


def _quotes(
    sentences: list[str], normalized: list[str], terms: list[str], n: int = 2, width: int = 80
) -> tuple[str, ...]:
    """Up to ``n`` sentences that contain the most matched terms, clipped around the match."""
    if not terms:
        return ()
    scored = []
    for s, norm in zip(sentences, normalized, strict=True):
        hits = [t for t in terms if t in norm]
        if hits:
            scored.append((len(set(hits)), -len(scored), s, norm.find(hits[0])))
    scored.sort(reverse=True)
    out = []
    for _, _, s, pos in scored[:n]:
        if len(s) > width:
            start = max(0, min(pos - width // 4, len(s) - width))
            s = ("…" if start else "") + s[start : start + width] + ("…" if start + width < len(s)
                                                                     else "")
        out.append(s)
    return tuple(out)
