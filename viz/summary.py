"""The consortium's yearly work-summary draft (年度工作总结草稿), written from the graph's facts.

Each sentence states one fact the graph or the duty checks hold (members by stage, members
who joined in the year, segments they closed, results transferred, events, experts, duties)
and carries the sources it comes from: a document and the sentence quoted from it, or the
computation that derived it (the chain coverage). Nothing is written that no fact supports,
so the draft is only as long as the facts allow; :attr:`SummaryDraft.chars` says how long.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from graphmap.model import EdgeKind, NodeKind, Status
from graphmap.talent import expert_profiles
from viz.style import STAGE_LABELS, org_type_label

if TYPE_CHECKING:
    from graphmap.chains.duties import DutyCheck, DutyReport
    from graphmap.chains.results import Coverage

DUTY_STATUS = {"met": "已完成", "not_met": "未完成", "unknown": "待核实"}
LEVEL_LABELS = {"academician": "院士", "senior": "正高级职称", "associate": "副高级职称",
                "junior": "中级及以下职称"}
#: The length the duty asks of a work summary (年度工作总结不少于 2000 字).
MIN_SUMMARY_CHARS = 2000
#: Where a sentence derived by graphmap (not quoted from a document) comes from.
COVERAGE_SOURCE = "产业链覆盖计算（graphmap：成员名单申报的环节、技术与文本证据，见表1）"


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a document and the sentence quoted, or a computation."""

    label: str
    quote: str = ""

    def __str__(self) -> str:
        return f"{self.label}：“{self.quote}”" if self.quote else self.label


@dataclass
class Sentence:
    text: str
    sources: list[int]  # 1-based numbers into SummaryDraft.sources


@dataclass
class SummaryDraft:
    title: str
    sections: list[tuple[str, list[Sentence]]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def chars(self) -> int:
        """Characters of the draft's sentences (no whitespace, no source markers)."""
        return sum(len(re.sub(r"\s", "", s.text)) for _, items in self.sections for s in items)

    def sentences(self) -> list[Sentence]:
        return [s for _, items in self.sections for s in items]


class _Writer:
    """Collects sentences section by section; each source is numbered once."""

    def __init__(self, title: str, doc_titles: Mapping[str, str]) -> None:
        self.draft = SummaryDraft(title)
        self.doc_titles = doc_titles
        self._numbers: dict[Source, int] = {}

    def section(self, heading: str) -> None:
        self.draft.sections.append((heading, []))

    def source(self, evidence: Mapping[str, Any] | str) -> Source | None:
        if isinstance(evidence, str):
            return Source(evidence)
        doc = evidence.get("doc_id")
        label = (evidence.get("title") or self.doc_titles.get(doc or "")
                 or (Path(evidence["path"]).name if evidence.get("path") else ""))
        quote = re.sub(r"\s+", " ", str(evidence.get("sentence") or "")).strip()
        if not label and not quote:
            return None
        return Source(f"《{label}》" if label else "文件", quote[:160])

    def say(self, text: str, evidence: Iterable[Mapping[str, Any] | str]) -> None:
        """Add one sentence; without a source it is not written (no unsupported sentence)."""
        numbers = []
        for ev in evidence:
            source = self.source(ev)
            if source is None:
                continue
            if source not in self._numbers:
                self.draft.sources.append(source)
                self._numbers[source] = len(self.draft.sources)
            if self._numbers[source] not in numbers:
                numbers.append(self._numbers[source])
        if numbers:
            self.draft.sections[-1][1].append(Sentence(text, numbers))


def _doc_titles(graph: nx.MultiDiGraph) -> dict[str, str]:
    titles = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") == NodeKind.DOCUMENT:
            titles[data.get("doc_id", node)] = data.get("name") or Path(
                str(data.get("path") or node)).stem
    return titles


def _node_evidence(graph: nx.MultiDiGraph, node: str) -> list[dict[str, Any]]:
    return list(graph.nodes[node].get("evidence") or [])[:1]


def _names(items: Iterable[str], limit: int = 8) -> str:
    items = list(dict.fromkeys(items))
    shown = "、".join(items[:limit])
    return shown + (f"等 {len(items)} 家" if len(items) > limit else "")


def _duty(duties: DutyReport | None, duty_id: str) -> DutyCheck | None:
    if duties is None:
        return None
    return next((c for c in duties.checks if c.duty_id == duty_id), None)


def work_summary(
    coverage: Coverage,
    graph: nx.MultiDiGraph,
    duties: DutyReport | None = None,
    *,
    year: int | None = None,
) -> SummaryDraft:
    """The yearly work-summary draft of ``coverage``'s consortium, every sentence sourced."""
    year = year or (duties.year if duties else None)
    when = f"{year}年" if year else "本年度"
    w = _Writer(f"{coverage.consortium}{when}工作总结（草稿）", _doc_titles(graph))
    _members(w, coverage, graph, duties, when)
    _chain(w, coverage, duties, when)
    _transfers(w, duties, when)
    _events(w, graph, duties, when)
    _experts(w, graph)
    _duties(w, duties, when)
    return w.draft


def _placements(coverage: Coverage) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for seg in coverage.segments:
        for m in seg.members:
            seen.setdefault(m.org_id, m)
    for m in coverage.unclassified:
        seen.setdefault(m.org_id, m)
    return seen


def _members(w: _Writer, coverage: Coverage, graph: nx.MultiDiGraph,
             duties: DutyReport | None, when: str) -> None:
    w.section("一、联合体基本情况")
    members = _placements(coverage)
    listed = [ev for m in members.values() for ev in m.evidence[:1]]
    total = coverage.member_count or len(members)
    w.say(f"{coverage.consortium}围绕{coverage.industry}产业链开展工作，现有成员单位 {total} 家。",
          listed[:1] or [COVERAGE_SOURCE])
    lead = [m for m in members.values() if m.is_lead]
    for m in lead:
        w.say(f"{m.name}为联合体牵头单位，归入{'、'.join(_segments_of(coverage, m.org_id))}"
              "环节。", m.evidence[:1] or [COVERAGE_SOURCE])
    types = Counter(org_type_label(m.org_type) for m in members.values())
    if types:
        mix = "，".join(f"{t} {n} 家" for t, n in types.most_common())
        w.say(f"按单位类型分，成员中{mix}。", listed[:1] or [COVERAGE_SOURCE])
    for stage, count in coverage.balance.items():
        names = [m.name for seg in coverage.segments if seg.stage == stage for m in seg.members]
        if not names:
            continue
        label = STAGE_LABELS.get(stage, stage)
        segs = [s.name for s in coverage.segments if s.stage == stage and s.members]
        w.say(f"产业链{label}有成员单位 {count} 家，分布在{'、'.join(segs)}环节，"
              f"包括{_names(names)}。", [COVERAGE_SOURCE])
    check = _duty(duties, "new_members")
    if check is None:
        return
    joined = [ev for ev in check.evidence if ev.get("organization")]
    w.say(f"{when}新加入成员单位 {len(joined)} 家，年度任务要求{check.required}，"
          f"{DUTY_STATUS.get(check.status, check.status)}。", check.evidence[:1] or [check.title])
    by_name = {m.name: m for m in members.values()}
    for ev in joined:
        name = ev["organization"]
        placed = by_name.get(name)
        kind = f"（{org_type_label(placed.org_type)}）" if placed else ""
        segs = _segments_of(coverage, placed.org_id) if placed else []
        where = f"，归入{'、'.join(segs)}环节" if segs else ""
        w.say(f"{name}{kind}于{ev.get('since')}加入联合体{where}。", [ev])


def _segments_of(coverage: Coverage, org_id: str) -> list[str]:
    return [s.name for s in coverage.segments if any(m.org_id == org_id for m in s.members)]


def _chain(w: _Writer, coverage: Coverage, duties: DutyReport | None, when: str) -> None:
    w.section("二、产业链覆盖与补链")
    covered = [s for s in coverage.segments if s.members]
    w.say(f"{coverage.industry}产业链共 {len(coverage.segments)} 个环节，成员单位已覆盖 "
          f"{len(covered)} 个，其中薄弱环节 {len(coverage.thin)} 个，缺口环节 "
          f"{len(coverage.gaps)} 个。", [COVERAGE_SOURCE])
    check = _duty(duties, "new_members")
    new = {ev.get("organization") for ev in (check.evidence if check else [])}
    for seg in covered:
        names = [m.name for m in seg.members]
        state = "薄弱" if seg.status == "thin" else "已覆盖"
        line = (f"「{seg.name}」（{STAGE_LABELS.get(seg.stage, seg.stage)}）现有成员 "
                f"{_names(names, 4)}，状态为{state}")
        doubtful = [m.name for m in seg.members if m.uncertain]
        if doubtful:
            line += f"，其中{'、'.join(doubtful)}的归类证据不足，待核实"
        w.say(line + "。", [ev for m in seg.members for ev in m.evidence[:1]][:2]
              or [COVERAGE_SOURCE])
        if names and all(n in new for n in names):
            w.say(f"「{seg.name}」环节的成员均为{when}新加入单位（{'、'.join(names)}），"
                  f"该环节由缺口变为有成员覆盖。",
                  [ev for ev in check.evidence if ev.get("organization") in names][:2])
    gaps = [s for s in coverage.segments if s.status == "gap"]
    if gaps:
        w.say(f"尚无成员覆盖的缺口环节有{'、'.join(s.name for s in gaps)}。", [COVERAGE_SOURCE])
    shown = 0
    for cand in sorted(coverage.candidates, key=lambda c: -c.score):
        if shown >= 5 or not cand.name.strip() or cand.name == cand.org_id:
            continue
        shown += 1
        reason = cand.reasons[0] if cand.reasons else ""
        w.say(f"可考虑招募{cand.name}（{org_type_label(cand.org_type)}）补链，依据：{reason}。",
              cand.evidence[:1] or [COVERAGE_SOURCE])


def _transfers(w: _Writer, duties: DutyReport | None, when: str) -> None:
    check = _duty(duties, "transferred_results")
    if check is None:
        return
    w.section("三、科技成果转化")
    items = [ev for ev in check.evidence if ev.get("achievement")]
    w.say(f"{when}联合体成员的科技成果在京转化 {len(items)} 项（经核对，同一成果在不同材料中的"
          f"重复表述只计一次），年度任务要求{check.required}，"
          f"{DUTY_STATUS.get(check.status, check.status)}。",
          [ev for ev in check.evidence if not ev.get("achievement")][:1] or items[:1]
          or [check.title])
    for ev in items:
        receivers = "、".join(r for r in ev.get("receivers") or [] if r)
        to = f"转化给{receivers}" if receivers else "实现转化"
        w.say(f"成果“{ev['achievement']}”{to}。", [ev, *ev.get("also", [])[:1]])


def _events(w: _Writer, graph: nx.MultiDiGraph, duties: DutyReport | None, when: str) -> None:
    check = _duty(duties, "innovation_event")
    salons = duties.salons if duties else []
    if check is None and not salons:
        return
    w.section("四、创新活动与学术交流")
    if check is not None:
        events = [ev for ev in check.evidence if ev.get("event")]
        for i, ev in enumerate(check.evidence):
            if not ev.get("event"):
                continue
            proof = [e for e in check.evidence[i + 1:i + 3]
                     if not e.get("event") and e.get("sentence")]
            proof += _event_evidence(graph, ev["event"])
            line = f"{_day(ev.get('date')) or when}，联合体举办“{ev['event']}”"
            if ev.get("attendance"):
                line += f"，参会约 {ev['attendance']} 人"
            if ev.get("cohosted"):
                line += "，由多家单位联合主办"
            w.say(line + "。", proof[:2] or [check.title])
        w.say(f"创新活动任务要求{check.required}，{DUTY_STATUS.get(check.status, check.status)}"
              f"（{check.found}）。", [e for e in check.evidence if e.get("sentence")][:1]
              or [check.title])
        if not events:
            w.say("年内未找到联合体创新活动的材料。", [check.title])
    for salon in salons:
        speakers = _speakers(graph, salon.event_id)
        line = f"{_day(salon.date) or when}，举办“{salon.name}”"
        if speakers:
            line += f"，{len(speakers)} 位嘉宾发言（{'、'.join(speakers[:6])}）"
        proofs = [ev for c in salon.checks for ev in c.evidence if ev.get("sentence")]
        docs = [ev for c in salon.checks for ev in c.evidence]
        w.say(line + "。", proofs[:1] or docs[:1] or [salon.name])
        for c in salon.checks:
            w.say(f"该沙龙“{c.title}”{DUTY_STATUS.get(c.status, c.status)}：{c.found}。",
                  c.evidence[:1] or [f"沙龙工作要求核对（{c.title}）"])


def _day(iso: str | None) -> str:
    """2025-06-14 as 2025年6月14日."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{m[1]}年{int(m[2])}月{int(m[3])}日" if m else (iso or "")


def _event_evidence(graph: nx.MultiDiGraph, name: str) -> list[dict[str, Any]]:
    """The evidence of the graph's event of that name (its news item's sentence)."""
    for node, data in graph.nodes(data=True):
        if data.get("kind") == NodeKind.EVENT and data.get("name") == name:
            return _node_evidence(graph, node)
    return []


def _speakers(graph: nx.MultiDiGraph, event_id: str) -> list[str]:
    if event_id not in graph:
        return []
    return list(dict.fromkeys(
        graph.nodes[u].get("name", u) for u, _, k, d in graph.in_edges(event_id, keys=True,
                                                                         data=True)
        if k == EdgeKind.SPOKE_AT and d.get("status") != Status.REJECTED
        and d.get("role") != "host"))


def _experts(w: _Writer, graph: nx.MultiDiGraph) -> None:
    profiles = [p for p in expert_profiles(graph) if p.name.strip()]
    if not profiles:
        return
    w.section("五、专家人才")
    sources = {p.id: _node_evidence(graph, p.id) for p in profiles}
    first = next((ev for evs in sources.values() for ev in evs), None)
    levels = Counter(p.level for p in profiles)
    mix = "，".join(f"{LEVEL_LABELS[lv]} {levels[lv]} 人" for lv in LEVEL_LABELS if levels[lv])
    w.say(f"图谱收录专家 {len(profiles)} 人" + (f"，其中{mix}" if mix else "") + "。",
          [first] if first else ["专家名单"])
    sectors = Counter(org_type_label(p.primary.org_type) for p in profiles if p.primary)
    if sectors:
        w.say("按所在单位类型分，" + "，".join(f"{t}专家 {n} 人" for t, n in
                                             sectors.most_common()) + "。",
              [first] if first else ["专家名单"])
    fields = Counter(e.name for p in profiles for e in p.expertise)
    if fields:
        top = "、".join(f"{name}（{n} 人）" for name, n in fields.most_common(8))
        w.say(f"专家研究方向较集中的有{top}。", [first] if first else ["专家名单"])
    for p in sorted(profiles, key=lambda p: (p.level != "academician", p.level != "senior",
                                             p.name)):
        if p.level not in {"academician", "senior"} or not sources[p.id]:
            continue
        org = p.primary.organization if p.primary else ""
        fields_of = "、".join(e.name for e in p.expertise[:3])
        line = f"{p.name}（{org}{'、'.join(p.titles[:2])}）"
        line += f"主要从事{fields_of}研究" if fields_of else "为联合体专家"
        if p.appearances:
            line += f"，参加了“{p.appearances[0].event}”"
        w.say(line + "。", sources[p.id])


def _duties(w: _Writer, duties: DutyReport | None, when: str) -> None:
    if duties is None or not duties.checks:
        return
    w.section(f"六、{when}任务完成情况与下一步工作")
    done = [c for c in duties.checks if c.status == "met"]
    w.say(f"{when}联合体 {len(duties.checks)} 项年度任务中，已完成 {len(done)} 项。",
          [f"年度任务核对（graphmap duties --year {duties.year}）"])
    for c in duties.checks:
        line = f"“{c.title}”{DUTY_STATUS.get(c.status, c.status)}：{c.found}"
        if c.status != "met" and c.hint:
            line += f"；下一步：{c.hint}"
        w.say(line + "。", c.evidence[:1] or [f"年度任务核对：{c.title}（工作区中没有相关文件）"])
