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
#: A transcript section that holds questions and replies, not the speakers' own proposals.
QA_SECTION = re.compile(r"问答|提问|互动|交流环节|Q\s*&\s*A|Questions", re.IGNORECASE)
#: Discourse openers a suggestion is stated without (所以我一直主张，/ 我的建议有两条：第一，…).
FILLER = re.compile(
    r"^(?:所以|因此|另外|此外|最后|同时|还有|第[一二三四五六七八九十]+[，、,]?|也|还|我也|我们也|"
    r"提一个建议[：:，,]?|我的建议(?:有[一二三四五两]条|是)?[：:，,]?|我(?:一直)?(?:主张|觉得|认为|建议|呼吁)"
    r"[，,：:]?|建议|呼吁|[，,：:、\s])+"
)
#: A modal the rewritten 建议… sentence no longer needs (北京应当加快 → 建议北京加快).
MODAL = re.compile(r"应当|应该|有必要|务必")
CLAUSE_END = re.compile(r"[。！？!?]")
#: A proposal that points back at what was said before it (把这些单位也吸纳进来).
REFERS_BACK = re.compile(r"这些|这类|上述|以上|前面")
#: Policy areas of proposals that name no chain segment or technology, in order of precedence.
POLICY_THEMES = [
    ("人才培养与交流", re.compile(r"人才|青年|岗位|培养|托举")),
    ("协同创新与成员招募", re.compile(r"联合体|吸纳|联合验证|协同|产学研|出题|答题")),
    ("标准与评价", re.compile(r"标准|规范|评价|评测|目录")),
    ("平台与服务", re.compile(r"平台|算力|中试|场地|线上|速记|视频|沙龙")),
    ("资金与政策", re.compile(r"资金|基金|补贴|政策|专项|首台套|资本")),
]
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
class Suggestion:
    """A proposal restated as 建议…, with the verbatim sentence(s) it comes from."""

    theme: str
    text: str
    evidence: list[Quote]


@dataclass
class Exchange:
    """One question of the Q&A and the replies to it, verbatim."""

    question: Quote
    replies: list[Quote] = field(default_factory=list)


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
    suggestions: list[Suggestion] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
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
    head = re.match(rf"^(?:{re.escape(speaker)}|答|问|Q|A)(?:[（(][^）)]*[）)])?[：:]\s*", text)
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
        qa_spans = [(s["start"], s["end"]) for s in sections if QA_SECTION.search(s["title"])]
        replying = False  # without a Q&A section, speakers answer a question until the host
        for turn in doc.turns:
            who = speaker(turn.speaker)
            replying = (who.role == "audience" or (replying and who.role != "host"))
            in_qa = replying or any(a <= turn.start < b for a, b in qa_spans)
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
            if who.role == "audience" or (in_qa and who.role == "speaker"):
                _exchange(digest, doc, turn, who.role == "audience")
            for start, end in _sentences(doc, turn.start, turn.end):
                sentence = _clean(doc.text[start:end], turn.speaker)
                if len(sentence) < 8:
                    continue
                quote = Quote(turn.speaker, sentence, doc.id, start, end)
                if who.role != "host" and PROPOSAL.search(sentence) and not NOT_PROPOSAL.search(
                    sentence
                ):
                    digest.recommendations.append(quote)
                    if who.role == "speaker" and not in_qa:
                        digest.suggestions.append(_suggestion(doc, quote, tech_terms, seg_terms))
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


def _exchange(digest: SalonDigest, doc: Document, turn: Any, is_question: bool) -> None:
    """A question opens an exchange; a speaker's turn in the Q&A is a reply to the last one."""
    quote = Quote(turn.speaker, _clean(doc.text[turn.start:turn.end], turn.speaker), doc.id,
                  turn.start, turn.end)
    if is_question:
        digest.exchanges.append(Exchange(quote))
    elif digest.exchanges:
        digest.exchanges[-1].replies.append(quote)


def _suggestion(doc: Document, quote: Quote, tech_terms: dict[str, list[str]],
                seg_terms: dict[str, list[str]]) -> Suggestion:
    """Restate a proposing sentence as 建议…: a clause cut at ； runs on to the sentence end,
    discourse openers and modals go; a proposal pointing back (这些单位) keeps what it points at."""
    text = quote.text
    if not CLAUSE_END.search(text[-1:]):
        rest = doc.text[quote.end:quote.end + 300]
        stop = CLAUSE_END.search(rest)
        turn_end = rest.find("\n")
        # the rest of the sentence, unless it is a proposal of its own (第一，…；第二，…)
        if stop and (turn_end < 0 or stop.end() <= turn_end) and not PROPOSAL.search(
                rest[:stop.end()]):
            text += rest[:stop.end()]
    opener = FILLER.match(text.strip())
    body = FILLER.sub("", text.strip()).strip()
    cue = re.search(r"我?(?:建议|呼吁|主张)[，,：:]?", body)
    if cue and not (opener and re.search(r"建议|呼吁|主张", opener.group())):
        context = body[:cue.start()].rstrip("，,；; ")
        body = body[cue.end():]  # 周末的沙龙就很好，建议以后… : the proposal starts at its cue
        if context and REFERS_BACK.search(body):  # 把这些单位也吸纳进来: say which ones
            return _themed(f"鉴于{context}，建议{_restate(body)}", [quote], tech_terms,
                           seg_terms)
    return _themed(f"建议{_restate(body)}", [quote], tech_terms, seg_terms)


def _restate(body: str) -> str:
    body = MODAL.sub("", body, count=1)
    body = re.sub(r"[；;，,]$", "。", body)
    return body if CLAUSE_END.search(body[-1:]) else body + "。"


def _themed(text: str, evidence: list[Quote], tech_terms: dict[str, list[str]],
            seg_terms: dict[str, list[str]]) -> Suggestion:
    """The theme is the first chain segment, else technology, else policy area the text names."""
    for terms in (seg_terms, tech_terms):
        found = [(min(text.find(f) for f in forms if f in text), name)
                 for name, forms in terms.items() if any(f in text for f in forms)]
        if found:
            return Suggestion(min(found)[1], text, evidence)
    for theme, pattern in POLICY_THEMES:
        if pattern.search(text):
            return Suggestion(theme, text, evidence)
    return Suggestion("综合", text, evidence)


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
