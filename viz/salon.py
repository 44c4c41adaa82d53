"""What a salon report needs, read from the graph and the transcript (速记): the agenda, the
speakers with their titles, the technologies discussed, each expert's main viewpoints as
attributed quotes, and the sentences that propose or urge something — the raw material of the
产业或行业发展建议报告.

Every quote is a verbatim sentence of a speaker's turn with its document and character span,
so an analyst can check it against the transcript.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphmap.model import DocType, Document, EdgeKind, NodeKind, Status
from graphmap.titles import normalize_titles, split_titles

#: Turn labels that are roles, not people (hosts and the audience).
ROLE_SPEAKER = re.compile(
    r"^(?:主持人|主持|嘉宾|提问|观众|记者|问|答|Q|A|Host|Moderator|Audience|听众|现场|全体)\d*$",
    re.IGNORECASE,
)
AUDIENCE_SPEAKER = re.compile(r"^(?:提问|观众|问|Q|Audience|听众|现场)\d*$", re.IGNORECASE)
#: A sentence that proposes or urges (建议/应当/呼吁/亟需/要加快 ...), in Chinese or English.
PROPOSAL = re.compile(
    r"建议|应当|应该|呼吁|亟需|亟待|要加快|加快(?:建设|建立|制定|推进|推动)|有必要|务必"
    r"|\b(?:we|I) (?:recommend|propose|urge|call on)\b|\bshould\b",
    re.IGNORECASE,
)
#: Mentions of 建议 that report or ask rather than propose.
NOT_PROPOSAL = re.compile(
    r"政策建议|的建议整理|大家的建议|这些建议|建议报告|不知道|怎么|如何|吗[？?]?$"
)
#: Cues of a stated view: judgements, causes, bottlenecks, directions.
VIEW_CUE = re.compile(
    r"认为|判断|关键|核心|瓶颈|难点|挑战|突破|趋势|本质|根本|最大的|必须|需要|取决于|问题是|"
    r"我们发现|经验|短板|卡脖子|主张|方向|机会|风险|I think|key|bottleneck|challenge",
    re.IGNORECASE,
)
PLEASANTRY = re.compile(r"谢谢|感谢|大家好|下午好|上午好|欢迎|掌声|请坐|有请|thank", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n+")
#: "key：value" lines at the head of a transcript (沙龙名称：…, 时间：…, 地点：…, 主办单位：…).
HEADER_LINE = re.compile(
    r"^\s*(沙龙名称|活动名称|会议名称|主题|时间|日期|地点|主办单位|承办单位)[：:]\s*(.+?)\s*$",
    re.MULTILINE,
)


@dataclass
class Quote:
    """A verbatim sentence of one speaker, with where it is in which document."""

    speaker: str
    text: str
    doc_id: str
    start: int
    end: int
    score: float = 0.0


@dataclass
class Speaker:
    name: str
    titles: list[str] = field(default_factory=list)
    organization: str = ""
    person_id: str | None = None
    role: str = "speaker"  # speaker | host | audience
    turns: int = 0
    chars: int = 0

    @property
    def billing(self) -> str:
        """How the report introduces the speaker: 组织 + 职务, e.g. 清华大学教授."""
        title = "、".join(distinct_titles(self.titles)[:2])
        return f"{self.organization}{title}" if self.organization or title else ""


def distinct_titles(titles: Iterable[str], language: str = "zh") -> list[str]:
    """Titles in one language, each once, without roles (答, 主持人) or ones another contains.

    Examples
    --------
    >>> distinct_titles(["中国工程院院士、教授", "院士", "教授", "答", "Academician"])
    ['中国工程院院士', '教授']
    """
    return normalize_titles([t for t in split_titles(titles) if not ROLE_SPEAKER.match(t)],
                            language)


@dataclass
class AgendaItem:
    title: str
    speakers: list[str]


@dataclass
class SalonDigest:
    """Everything the salon report shows; built by :func:`salon_digest`."""

    title: str
    date: str = ""
    place: str = ""
    attendance: int | None = None
    hosts: list[str] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    technologies: list[tuple[str, int]] = field(default_factory=list)
    segments: list[tuple[str, int]] = field(default_factory=list)
    viewpoints: dict[str, list[Quote]] = field(default_factory=dict)
    recommendations: list[Quote] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    event_id: str | None = None


def salons(graph: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    """Salon events of the graph, the most attended (by speakers) first."""
    found = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") != NodeKind.EVENT or data.get("status") == Status.REJECTED:
            continue
        if data.get("event_type", "salon") != "salon":
            continue
        speakers = sum(1 for _, _, k in graph.in_edges(node, keys=True) if k == EdgeKind.SPOKE_AT)
        found.append((speakers, node, data))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [(node, data) for _, node, data in found]


def _event_documents(
    graph: nx.MultiDiGraph, event_id: str | None, documents: list[Document]
) -> list[Document]:
    transcripts = [d for d in documents if d.doc_type == DocType.TRANSCRIPT or d.turns]
    if event_id is None:
        return transcripts[:1]
    linked: set[str] = {ev.get("doc_id") for ev in graph.nodes[event_id].get("evidence") or []}
    for u, _, kind, data in graph.in_edges(event_id, keys=True, data=True):
        if kind == EdgeKind.SPOKE_AT:
            linked.update(ev.get("doc_id") for ev in data.get("evidence") or [])
        elif kind == EdgeKind.MENTIONS:
            linked.add(graph.nodes[u].get("doc_id", u))
    chosen = [d for d in transcripts if d.id in linked]
    return chosen or ([] if linked else transcripts[:1])


def _sentences(doc: Document, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Sentence spans inside ``[start, end)``: the document's own, else split on punctuation."""
    inside = [(s.start, s.end) for s in doc.sentences if start <= s.start and s.end <= end]
    if inside:
        yield from inside
        return
    pos = start
    for piece in SENTENCE_END.split(doc.text[start:end]):
        if piece.strip():
            at = doc.text.find(piece, pos, end)
            yield at, at + len(piece)
            pos = at + len(piece)


def _clean(text: str, speaker: str) -> str:
    text = text.strip()
    head = re.match(rf"^{re.escape(speaker)}(?:[（(][^）)]*[）)])?[：:]\s*", text)
    return text[head.end():].strip() if head else text


def _terms(graph: nx.MultiDiGraph, kind: NodeKind) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for _, data in graph.nodes(data=True):
        if data.get("kind") == kind and data.get("status") != Status.REJECTED:
            names = [data.get("name", ""), *(data.get("aliases") or [])]
            out[data.get("name", "")] = [n for n in names if len(n) >= 2]
    return out


def _count_terms(terms: dict[str, list[str]], text: str) -> list[tuple[str, int]]:
    counts = []
    for name, forms in terms.items():
        hits = sum(text.count(form) for form in set(forms))
        if hits:
            counts.append((name, hits))
    counts.sort(key=lambda t: (-t[1], t[0]))
    return counts


def _people(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    by_name: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") == NodeKind.PERSON and data.get("status") != Status.REJECTED:
            by_name.setdefault(data.get("name", ""), []).append(node)
    return by_name


def _person_billing(graph: nx.MultiDiGraph, person: str) -> tuple[list[str], str]:
    data = graph.nodes[person]
    titles = [t for t in data.get("titles") or [] if not ROLE_SPEAKER.match(t)]
    organization = ""
    for _, org, kind, edge in graph.out_edges(person, keys=True, data=True):
        if kind == EdgeKind.AFFILIATED_WITH and edge.get("status") != Status.REJECTED:
            organization = graph.nodes[org].get("name", "")
            title = edge.get("title")
            if title and not ROLE_SPEAKER.match(title) and title not in titles:
                titles.append(title)
            break
    return titles, organization


def salon_digest(
    graph: nx.MultiDiGraph,
    documents: Iterable[Document] = (),
    *,
    event_id: str | None = None,
    viewpoints_per_speaker: int = 3,
) -> SalonDigest:
    """Gather a salon's agenda, speakers, technologies, viewpoints and proposals.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The graph view; gives the event, the speakers' titles and organizations, the
        technologies and chain segments to look for.
    documents : iterable of Document
        The workspace's documents; the salon's transcript(s) among them give the turns.
    event_id : str, optional
        The salon; default the salon with the most speakers (see :func:`salons`).
    viewpoints_per_speaker : int
        How many quotes to keep per speaker.

    Returns
    -------
    SalonDigest
    """
    docs = list(documents)
    if event_id is None:
        found = salons(graph)
        event_id = found[0][0] if found else None
    event = graph.nodes[event_id] if event_id else {}
    transcripts = _event_documents(graph, event_id, docs)
    header: dict[str, str] = {}
    for doc in transcripts:
        for key, value in HEADER_LINE.findall(doc.text[:1500]):
            header.setdefault(key, value)
    title = (event.get("name") or header.get("沙龙名称") or header.get("活动名称")
             or header.get("会议名称") or (transcripts[0].title if transcripts else "沙龙"))
    digest = SalonDigest(
        title=re.sub(r"[（(]?速记(?:文稿|稿|整理)?[）)]?$", "", title).strip(),
        date=event.get("date") or header.get("时间") or header.get("日期") or "",
        place=event.get("place") or header.get("地点") or "",
        attendance=event.get("attendance"),
        event_id=event_id,
        sources=[d.title or d.path for d in transcripts],
    )
    if event_id:
        digest.hosts = [graph.nodes[u].get("name", "") for u, _, k in
                        graph.in_edges(event_id, keys=True) if k == EdgeKind.HOSTED]
    for key in ("主办单位", "承办单位"):
        for name in re.split(r"[、，,；;]", header.get(key, "")):
            if name and name not in digest.hosts:
                digest.hosts.append(name)
    people = _people(graph)
    speakers: dict[str, Speaker] = {}

    def speaker(name: str) -> Speaker:
        if name not in speakers:
            role = ("audience" if AUDIENCE_SPEAKER.match(name)
                    else "host" if ROLE_SPEAKER.match(name) else "speaker")
            entry = Speaker(name=name, role=role)
            ids = people.get(name, [])
            if ids and role == "speaker":
                entry.person_id = ids[0]
                entry.titles, entry.organization = _person_billing(graph, ids[0])
            speakers[name] = entry
        return speakers[name]

    tech_terms = _terms(graph, NodeKind.TECHNOLOGY)
    seg_terms = _terms(graph, NodeKind.CHAIN_SEGMENT)
    spoken: list[str] = []
    quotes: dict[str, list[Quote]] = {}
    for doc in transcripts:
        sections = doc.metadata.get("sections") or []
        agenda = [AgendaItem(s["title"], []) for s in sections]
        for turn in doc.turns:
            who = speaker(turn.speaker)
            who.turns += 1
            who.chars += turn.end - turn.start
            if turn.title and not ROLE_SPEAKER.match(turn.title) and turn.title not in who.titles:
                who.titles.insert(0, turn.title)
            if turn.affiliation and not who.organization:
                who.organization = turn.affiliation
            if who.role == "speaker" and sections:
                for item, section in zip(agenda, sections, strict=True):
                    inside = section["start"] <= turn.start < section["end"]
                    if inside and who.name not in item.speakers:
                        item.speakers.append(who.name)
            elif who.role == "speaker" and all(who.name not in i.speakers for i in agenda):
                agenda.append(AgendaItem("发言", [who.name]))
            text = doc.text[turn.start:turn.end]
            spoken.append(text)
            for start, end in _sentences(doc, turn.start, turn.end):
                sentence = _clean(doc.text[start:end], turn.speaker)
                if len(sentence) < 8:
                    continue
                quote = Quote(turn.speaker, sentence, doc.id, start, end)
                if who.role != "host" and PROPOSAL.search(sentence) and not NOT_PROPOSAL.search(
                    sentence
                ):
                    digest.recommendations.append(quote)
                if who.role == "speaker":
                    quote.score = _view_score(sentence, tech_terms)
                    quotes.setdefault(turn.speaker, []).append(quote)
        digest.agenda.extend(agenda)
    if event_id:
        for u, _, kind, data in graph.in_edges(event_id, keys=True, data=True):
            if kind == EdgeKind.SPOKE_AT and data.get("role") != "host":
                speaker(graph.nodes[u].get("name", u))
    digest.speakers = [s for s in speakers.values() if s.role == "speaker"]
    for entry in digest.speakers:
        entry.titles = distinct_titles(entry.titles)
    digest.hosts = list(dict.fromkeys(h.strip(" *#_") for h in digest.hosts if h.strip(" *#_")))
    text = "\n".join(spoken)
    digest.technologies = _count_terms(tech_terms, text)
    digest.segments = _count_terms(seg_terms, text)
    for name, items in quotes.items():
        best = sorted(items, key=lambda q: -q.score)[:viewpoints_per_speaker]
        digest.viewpoints[name] = sorted((q for q in best if q.score > 0), key=lambda q: q.start)
    return digest


def _view_score(sentence: str, tech_terms: dict[str, list[str]]) -> float:
    """How much a sentence reads like a viewpoint: cues, technologies, a sensible length."""
    if PLEASANTRY.search(sentence) and len(sentence) < 40:
        return 0.0
    score = 1.0 * len(VIEW_CUE.findall(sentence))
    score += 0.6 * sum(any(f in sentence for f in forms) for forms in tech_terms.values())
    if PROPOSAL.search(sentence) and not NOT_PROPOSAL.search(sentence):
        score += 0.8
    length = len(sentence)
    if length < 15:
        score *= 0.3
    elif length > 150:
        score *= 0.6
    return score
