"""Place organizations (and technologies) into the segments of an industry chain.

Signals, strongest first, each turned into a per-segment score in [0, 1]:

``declared``
    the 所属环节 a member list gave (MEMBER_OF / LEADS edge attribute ``declared_segment``);
    a segment declared to a consortium of another industry counts as ``declared_other``;
``listed``
    the chain definition names the organization (imported chains carry their companies);
``graph``
    an IN_SEGMENT edge to one of the chain's ChainSegment nodes;
``technology``
    technologies the organization WORKS_ON, matched against segment vocabularies;
``expert``
    research fields and EXPERT_IN technologies of people AFFILIATED_WITH the organization;
``name``
    segment keywords inside the organization's own name (智算, 自动驾驶, 视觉...);
``text``
    segment keywords near the organization in its evidence sentences.

Scores of one segment combine as a noisy-or, so independent weak signals add up without ever
exceeding 1. A placement is *uncertain* when it rests only on weak signals (no declared,
listed or graph signal) or when its combined score stays below :data:`CONFIDENT_SCORE`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx

from graphmap.chains.results import Placement
from graphmap.chains.taxonomy import Chain
from graphmap.model import EdgeKind, NodeKind, Status
from graphmap.normalize import normalize_name, to_simplified

#: Base weight of each signal (before term kind, specificity and ambiguity).
SIGNAL_WEIGHTS: dict[str, float] = {
    "declared": 0.9,
    "declared_other": 0.5,
    "listed": 0.9,
    "graph": 0.85,
    "technology": 0.6,
    "name": 0.45,
    "expert": 0.4,
    "text": 0.35,
}
#: Signals that alone make a placement trustworthy.
STRONG_SIGNALS = frozenset({"declared", "listed", "graph"})
#: How much a term counts by what it is in the segment's definition.
TERM_WEIGHTS: dict[str, float] = {"name": 1.0, "technology": 0.9, "product": 0.9, "keyword": 0.8}

#: Weight of a term that modifies a later one in the same declared phrase.
MODIFIER_WEIGHT = 0.6
#: Below this a segment is not a placement at all.
MIN_SCORE = 0.3
#: Below this (or without a strong signal) a placement is marked uncertain.
CONFIDENT_SCORE = 0.6
#: What a segment beside the declared ones needs (from technologies, experts, text).
EXTRA_SEGMENT_SCORE = 0.8
MAX_SEGMENTS = 3
#: Characters around an organization's mention in which a keyword counts as about it.
TEXT_WINDOW_AFTER = 60
TEXT_WINDOW_BEFORE = 15
#: Words that end an organization name: a keyword past the next one is about another unit.
#: (中心 and 实验室 are left out: 智算中心, 数据中心 are segment words, not unit names.)
_ORG_BOUNDARY = re.compile(r"公司|大学|学院|研究院|研究所|医院|基金|协会|集团")
_LATIN = re.compile(r"^[a-z0-9 .+\-/]+$")
_DECLARED_SPLIT = re.compile(r"[；;、，,/|｜\n]+")


@lru_cache(maxsize=20_000)
def _simplified_char(char: str) -> str:
    converted = to_simplified(char)
    return converted if len(converted) == 1 else char


@lru_cache(maxsize=100_000)
def match_form(text: str) -> str:
    """The form text and terms are compared in: NFKC, simplified, lower case.

    Conversion is character by character (OpenCC per distinct character, cached): phrase-level
    variants do not matter for finding terms, and a length-preserving form keeps offsets.
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = "".join(map(_simplified_char, text))
    return text.lower()


@dataclass(frozen=True, slots=True)
class _Term:
    segment_id: str
    kind: str  # name | technology | product | keyword


@dataclass(frozen=True, slots=True)
class TermHit:
    """A segment term found in a text: the matched words and the segments they point to."""

    term: str
    start: int
    end: int
    segments: tuple[tuple[str, str], ...]  # (segment id, term kind)


class ChainMatcher:
    """Finds a chain's segment terms in text, longest match first.

    Examples
    --------
    >>> from graphmap.chains.taxonomy import load_chains
    >>> m = ChainMatcher(load_chains()["artificial_intelligence"])
    >>> [h.term for h in m.hits("机器人操作系统与数据标注")]
    ['机器人操作系统', '数据标注']
    """

    def __init__(self, chain: Chain) -> None:
        self.chain = chain
        terms: dict[str, dict[str, str]] = defaultdict(dict)
        for seg in chain.segments:
            for kind, words in (
                ("name", seg.names),
                ("technology", seg.technologies),
                ("product", seg.products),
                ("keyword", seg.keywords),
            ):
                for word in words:
                    form = match_form(word).strip()
                    if len(form) >= 2:
                        # keep the strongest kind when a segment lists a word twice
                        terms[form].setdefault(seg.id, kind)
        self._terms = {t: tuple(segs.items()) for t, segs in terms.items()}
        self._exact: dict[str, str] = {}
        for seg in chain.segments:
            for name in seg.names:
                self._exact.setdefault(match_form(name), seg.id)
        #: segments by normalized name or alias, for ChainSegment nodes already in a graph
        self.by_name = {normalize_name(n): seg for seg in chain.segments for n in seg.names}
        self.industry_names = {normalize_name(n) for n in chain.names}
        self._technologies: dict[str, list[tuple[str, float, str]]] = {}
        #: organizations the chain lists, by normalized name: [(segment id, listed name)]
        self.listed: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for seg in chain.segments:
            for known in seg.organizations:
                for name in {normalize_name(n) for n in (known.name, *known.aliases)}:
                    self.listed[name].append((seg.id, known.name))
        patterns = []
        for term in sorted(self._terms, key=len, reverse=True):
            escaped = re.escape(term)
            if _LATIN.match(term):
                escaped = rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"
            patterns.append(escaped)
        self._pattern = re.compile("|".join(patterns)) if patterns else None

    def hits(self, text: str) -> list[TermHit]:
        """Non-overlapping term occurrences in ``text`` (already in match form or not)."""
        if not self._pattern or not text:
            return []
        form = match_form(text)
        return [
            TermHit(m.group(0), m.start(), m.end(), self._terms[m.group(0)])
            for m in self._pattern.finditer(form)
        ]

    def exact_segment(self, text: str) -> str | None:
        """The segment whose name or alias equals ``text``, if one does."""
        return self._exact.get(match_form(text).strip())


def specificity(term: str) -> float:
    """Longer terms say more: a 2-character hit counts less than a 5-character one."""
    length = len(term.replace(" ", ""))
    if _LATIN.match(term):
        return 1.0 if length >= 5 else 0.8
    return 1.0 if length >= 4 else 0.9 if length == 3 else 0.75


def term_scores(hit: TermHit, signal: str) -> Iterator[tuple[str, float]]:
    """Per-segment score of one hit; a term shared by several segments counts less in each."""
    share = 1.0 / math.sqrt(len(hit.segments))
    for seg_id, kind in hit.segments:
        yield seg_id, SIGNAL_WEIGHTS[signal] * TERM_WEIGHTS[kind] * specificity(hit.term) * share


@dataclass
class _Signal:
    signal: str
    score: float
    reason: str
    evidence: dict[str, Any]
    #: scores of further terms the same text matched for the same segment
    extra: list[float] = field(default_factory=list)

    @property
    def combined(self) -> float:
        """The best term, plus a little for each further term of the same text (capped)."""
        return min(0.95, 1.5 * self.score, self.score + 0.25 * sum(self.extra))


def _vote_key(signal: _Signal) -> tuple[str, str]:
    ev = signal.evidence
    return signal.signal, str(ev.get("sentence") or ev.get("text") or "")


@dataclass
class _SegmentVotes:
    signals: list[_Signal] = field(default_factory=list)

    def add(self, signal: _Signal) -> None:
        # one sentence (or one phrase) votes once per segment however many terms it holds:
        # hits from the same text are not independent evidence
        key = _vote_key(signal)
        for old in self.signals:
            if _vote_key(old) == key:
                if (old.evidence.get("matched"), old.reason) == (signal.evidence.get("matched"),
                                                                 signal.reason):
                    return
                if signal.score > old.score:
                    old.score, signal.score = signal.score, old.score
                    old.reason, old.evidence = signal.reason, signal.evidence
                old.extra.append(signal.score)
                return
        self.signals.append(signal)

    @property
    def score(self) -> float:
        miss = 1.0
        for sig in self.signals:
            miss *= 1.0 - min(sig.combined, 0.99)
        return round(1.0 - miss, 3)

    @property
    def strong(self) -> bool:
        return any(sig.signal in STRONG_SIGNALS for sig in self.signals)


def _live_edges(graph: nx.MultiDiGraph, edges: Iterable[tuple]) -> Iterator[tuple]:
    for edge in edges:
        if edge[-1].get("status") != Status.REJECTED.value:
            yield edge


def _evidence_of(data: dict[str, Any]) -> dict[str, Any]:
    evidence = data.get("evidence") or []
    return dict(evidence[0]) if evidence else {}


def _org_names(data: dict[str, Any]) -> list[str]:
    names = [data.get("name") or "", *(data.get("aliases") or [])]
    return [n for n in names if n]


def _declares_for(graph: nx.MultiDiGraph, consortium_id: str, chain: Chain) -> bool:
    """Whether a consortium's 所属环节 refer to ``chain`` (its industry is this one or unknown)."""
    industry = graph.nodes[consortium_id].get("industry")
    if not industry:
        return True
    wanted = normalize_name(str(industry))
    names = [normalize_name(n) for n in chain.names]
    return any(wanted in n or (len(n) >= 2 and n in wanted) for n in names)


def _declared_votes(graph: nx.MultiDiGraph, org_id: str, chain: Chain, matcher: ChainMatcher,
                    votes: dict[str, _SegmentVotes]) -> bool:
    """Add the declared votes; whether the organization declared anything for this chain."""
    seen: set[str] = set()
    declared_here = False
    for _, target, data in _live_edges(graph, graph.out_edges(org_id, data=True)):
        if data.get("kind") not in (EdgeKind.MEMBER_OF.value, EdgeKind.LEADS.value):
            continue
        declared = str(data.get("declared_segment") or data.get("segment") or "").strip()
        if not declared or declared in seen:
            continue
        seen.add(declared)
        # a segment declared to another industry's consortium still describes the business,
        # but only as loosely as a sentence would
        signal = "declared" if _declares_for(graph, target, chain) else "declared_other"
        declared_here = declared_here or signal == "declared"
        base = _evidence_of(data)
        for part in (p.strip() for p in _DECLARED_SPLIT.split(declared)):
            if not part:
                continue
            exact = matcher.exact_segment(part)
            if exact:
                votes[exact].add(_Signal(
                    signal, SIGNAL_WEIGHTS[signal] * 1.05, f"所属环节申报「{part}」即该环节",
                    {**base, "signal": signal, "text": part, "matched": part}))
                continue
            hits = matcher.hits(part)
            for i, hit in enumerate(hits):
                # Chinese compounds are head-final: in 机器人运动控制 the segment is 运动控制
                head = 1.0 if i == len(hits) - 1 else MODIFIER_WEIGHT
                for seg_id, score in term_scores(hit, signal):
                    votes[seg_id].add(_Signal(
                        signal, score * head, f"所属环节申报「{part}」含「{hit.term}」",
                        {**base, "signal": signal, "text": part, "matched": hit.term}))
    return declared_here


def _listed_votes(org: dict[str, Any], chain: Chain, matcher: ChainMatcher,
                  votes: dict[str, _SegmentVotes]) -> None:
    for name in {normalize_name(n) for n in _org_names(org)}:
        for seg_id, known in matcher.listed.get(name, ()):
            seg = chain.segment(seg_id)
            votes[seg_id].add(_Signal(
                "listed", SIGNAL_WEIGHTS["listed"], f"产业链定义将该单位列于「{seg.name}」",
                {"signal": "listed", "text": known, "matched": seg.name,
                 "source": chain.source}))


def _graph_votes(graph: nx.MultiDiGraph, node_id: str, matcher: ChainMatcher,
                 votes: dict[str, _SegmentVotes]) -> None:
    industry_names, by_name = matcher.industry_names, matcher.by_name
    for _, target, data in _live_edges(graph, graph.out_edges(node_id, data=True)):
        if data.get("kind") != EdgeKind.IN_SEGMENT.value:
            continue
        seg_node = graph.nodes[target]
        if normalize_name(str(seg_node.get("industry") or "")) not in industry_names:
            continue
        seg = by_name.get(normalize_name(seg_node.get("name") or ""))
        if seg is None:
            continue
        ev = _evidence_of(data)
        confidence = float(ev.get("confidence", 1.0)) if ev else 1.0
        votes[seg.id].add(_Signal(
            "graph", SIGNAL_WEIGHTS["graph"] * confidence, f"图谱中已归入「{seg.name}」",
            {**ev, "signal": "graph", "text": seg_node.get("name"), "matched": seg.name}))


def _text_votes(signal: str, text: str, reason: str, evidence: dict[str, Any],
                matcher: ChainMatcher, votes: dict[str, _SegmentVotes]) -> None:
    for hit in matcher.hits(text):
        for seg_id, score in term_scores(hit, signal):
            votes[seg_id].add(_Signal(
                signal, score, reason.format(term=hit.term),
                {**evidence, "signal": signal, "text": text, "matched": hit.term}))


def _technology_votes(graph: nx.MultiDiGraph, org_id: str, chain: Chain, matcher: ChainMatcher,
                      votes: dict[str, _SegmentVotes]) -> None:
    for _, tech_id, data in _live_edges(graph, graph.out_edges(org_id, data=True)):
        if data.get("kind") != EdgeKind.WORKS_ON.value:
            continue
        tech = graph.nodes[tech_id]
        if tech.get("status") == Status.REJECTED.value:
            continue
        # a WORKS_ON read from text is only as sure as its extraction
        confidence = max((float(e.get("confidence", 1.0)) for e in data.get("evidence") or []),
                         default=1.0)
        for seg_id, score, _ in classify_technology(tech.get("name") or "", chain, matcher):
            votes[seg_id].add(_Signal(
                "technology",
                score * confidence * SIGNAL_WEIGHTS["technology"] / SIGNAL_WEIGHTS["declared"],
                f"研发技术「{tech.get('name')}」",
                {**_evidence_of(data), "signal": "technology", "text": tech.get("name"),
                 "matched": tech.get("name")}))


def _expert_votes(graph: nx.MultiDiGraph, org_id: str, matcher: ChainMatcher,
                  votes: dict[str, _SegmentVotes]) -> None:
    for person_id, _, data in _live_edges(graph, graph.in_edges(org_id, data=True)):
        if data.get("kind") != EdgeKind.AFFILIATED_WITH.value:
            continue
        person = graph.nodes[person_id]
        if person.get("status") == Status.REJECTED.value:
            continue
        topics = list(person.get("fields_of_work") or [])
        for _, tech_id, edge in _live_edges(graph, graph.out_edges(person_id, data=True)):
            if edge.get("kind") == EdgeKind.EXPERT_IN.value:
                topics.append(graph.nodes[tech_id].get("name") or "")
        who = person.get("name") or person_id
        for topic in dict.fromkeys(t for t in topics if t):
            _text_votes("expert", topic, f"专家{who}研究方向「{topic}」含「{{term}}」",
                        {**_evidence_of(person)}, matcher, votes)


def _window(sentence: str, names: list[str]) -> tuple[str, bool]:
    """The part of ``sentence`` about the organization, and whether its name was found."""
    form = match_form(sentence)
    for name in sorted(names, key=len, reverse=True):
        at = form.find(match_form(name))
        if at < 0:
            continue
        end = at + len(name)
        after = form[end:end + TEXT_WINDOW_AFTER]
        stop = _ORG_BOUNDARY.search(after)
        if stop:
            after = after[:stop.start()]
        before = form[max(0, at - TEXT_WINDOW_BEFORE):at]
        boundaries = list(_ORG_BOUNDARY.finditer(before))
        if boundaries:
            before = before[boundaries[-1].end():]
        return before + " " + after, True
    return form, False


def _sentence_votes(org: dict[str, Any], matcher: ChainMatcher,
                    votes: dict[str, _SegmentVotes]) -> None:
    names = _org_names(org)
    seen: set[str] = set()
    for ev in org.get("evidence") or []:
        sentence = str(ev.get("sentence") or "")
        if not sentence or sentence in seen or int(ev.get("end", 0)) == 0:
            # list rows (start == end == 0) are covered by the declared signal
            continue
        seen.add(sentence)
        window, found = _window(sentence, names)
        for hit in matcher.hits(window):
            for seg_id, score in term_scores(hit, "text"):
                votes[seg_id].add(_Signal(
                    "text", score if found else score / 2, f"文本证据提到「{hit.term}」",
                    {**ev, "signal": "text", "text": sentence, "matched": hit.term}))


def _name_votes(org: dict[str, Any], matcher: ChainMatcher,
                votes: dict[str, _SegmentVotes]) -> None:
    name = org.get("name") or ""
    _text_votes("name", name, "单位名称含「{term}」", {"text": name}, matcher, votes)


def classify_technology(
    name: str, chain: Chain, matcher: ChainMatcher | None = None
) -> list[tuple[str, float, str]]:
    """Segments a technology belongs to: ``(segment id, score, reason)``, best first.

    Examples
    --------
    >>> from graphmap.chains.taxonomy import load_chains
    >>> classify_technology("多模态大模型", load_chains()["artificial_intelligence"])[0][:2]
    ('foundation_models', 0.81)
    """
    matcher = matcher or ChainMatcher(chain)
    cached = matcher._technologies.get(name)
    if cached is not None:
        return cached
    exact = matcher.exact_segment(name)
    if exact:
        found = [(exact, SIGNAL_WEIGHTS["declared"], f"技术「{name}」即环节名")]
    else:
        best: dict[str, tuple[float, str]] = {}
        for hit in matcher.hits(name):
            for seg_id, score in term_scores(hit, "declared"):
                if score > best.get(seg_id, (0.0, ""))[0]:
                    best[seg_id] = (round(score, 3), f"技术「{name}」含「{hit.term}」")
        found = sorted(((s, sc, r) for s, (sc, r) in best.items()), key=lambda t: -t[1])
    matcher._technologies[name] = found
    return found


def _placements(org_id: str, org: dict[str, Any], votes: dict[str, _SegmentVotes],
                is_lead: bool, declared: bool) -> list[Placement]:
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1].strong, -kv[1].score))
    if not ranked:
        return []
    # what an organization declared (even if it fits no segment) outweighs loose mentions
    any_strong = ranked[0][1].strong or declared
    best = max(v.score for _, v in ranked)
    out: list[Placement] = []
    extras = 0
    for seg_id, vote in ranked:
        if vote.score < MIN_SCORE:
            continue
        if any_strong and not vote.strong:
            # beside what it declared, an organization gets one more segment at most, and
            # only on strong evidence (it stays marked uncertain)
            if vote.score < EXTRA_SEGMENT_SCORE or extras:
                continue
            extras += 1
        if not vote.strong and vote.score < best / 2:
            continue
        signals = sorted(vote.signals, key=lambda s: -s.combined)
        out.append(Placement(
            org_id=org_id,
            name=org.get("name") or org_id,
            org_type=org.get("org_type") or "other",
            is_lead=is_lead,
            score=vote.score,
            reasons=list(dict.fromkeys(s.reason for s in signals)),
            evidence=[s.evidence for s in signals],
            uncertain=not vote.strong or vote.score < CONFIDENT_SCORE,
            segment_id=seg_id,
        ))
        if len(out) == MAX_SEGMENTS:
            break
    return out


def classify_organization(
    graph: nx.MultiDiGraph,
    org_id: str,
    chain: Chain,
    *,
    is_lead: bool = False,
    matcher: ChainMatcher | None = None,
) -> list[Placement]:
    """Place one organization of ``graph`` into segments of ``chain``.

    Parameters
    ----------
    graph
        The networkx view (:mod:`graphmap.graph`).
    org_id
        An Organization node id.
    chain
        The industry chain to place it in.
    is_lead
        Copied into the placements (coverage marks the lead unit).
    matcher
        A prepared :class:`ChainMatcher` for ``chain`` (saves work over many organizations).

    Returns
    -------
    list of Placement
        At most :data:`MAX_SEGMENTS`, strongest first; empty when nothing fits (unclassified).
    """
    matcher = matcher or ChainMatcher(chain)
    org = graph.nodes[org_id]
    votes: dict[str, _SegmentVotes] = defaultdict(_SegmentVotes)
    declared = _declared_votes(graph, org_id, chain, matcher, votes)
    _listed_votes(org, chain, matcher, votes)
    _graph_votes(graph, org_id, matcher, votes)
    _technology_votes(graph, org_id, chain, matcher, votes)
    _expert_votes(graph, org_id, matcher, votes)
    _name_votes(org, matcher, votes)
    _sentence_votes(org, matcher, votes)
    return _placements(org_id, org, votes, is_lead, declared)


def classify_organizations(
    graph: nx.MultiDiGraph, chain: Chain, org_ids: Iterable[str] | None = None
) -> dict[str, list[Placement]]:
    """Placements of many organizations (all non-rejected ones by default), keyed by id."""
    matcher = ChainMatcher(chain)
    if org_ids is None:
        org_ids = [
            node for node, data in graph.nodes(data=True)
            if data.get("kind") == NodeKind.ORGANIZATION.value
            and data.get("status") != Status.REJECTED.value and data.get("name")
        ]
    return {oid: classify_organization(graph, oid, chain, matcher=matcher) for oid in org_ids}


def classify_technologies(
    graph: nx.MultiDiGraph, chain: Chain
) -> dict[str, list[tuple[str, float, str]]]:
    """Segments of every Technology node of ``graph`` (those that fit somewhere)."""
    matcher = ChainMatcher(chain)
    out = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") != NodeKind.TECHNOLOGY.value:
            continue
        found = classify_technology(data.get("name") or "", chain, matcher)
        found += [
            (seg_id, score, reason)
            for seg_id, score, reason in _technology_graph_links(graph, node, chain)
            if seg_id not in {f[0] for f in found}
        ]
        if found:
            out[node] = found
    return out


def _technology_graph_links(graph: nx.MultiDiGraph, node: str,
                            chain: Chain) -> list[tuple[str, float, str]]:
    votes: dict[str, _SegmentVotes] = defaultdict(_SegmentVotes)
    _graph_votes(graph, node, ChainMatcher(chain), votes)
    return [(seg_id, v.score, v.signals[0].reason) for seg_id, v in votes.items()]
