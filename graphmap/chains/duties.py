"""The consortium's yearly duties and the salon duties: met, not met or unknown, with evidence.

The rules (thresholds, keywords, patterns) are data: ``chains/data/duties/duties.yaml``, which a
user file can extend or override by rule id. Each rule names a *check*, one of the functions in
:data:`CONSORTIUM_CHECKS` / :data:`SALON_CHECKS`, which reads the graph (members and their
``since``, Achievement and TRANSFERRED_TO, Event with date / attendance, HOSTED) and the
workspace documents (type, title, date, text) and says what it found and where.

``unknown`` means the material needed to decide is missing (no join dates, no event date, a
summary mentioned but not in the workspace); it is never silently counted as met.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from graphmap.chains.coverage import consortium_members, find_consortium, only_consortium
from graphmap.errors import InputError
from graphmap.graph import nodes_of_kind
from graphmap.model import Document, EdgeKind, NodeKind, Status
from graphmap.normalize import normalize_name

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"

# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class DutyCheck:
    """One duty checked: its status, what was required and found, and the evidence."""

    duty_id: str
    title: str
    status: str  # "met" | "not_met" | "unknown"
    required: str
    found: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    hint: str = ""


@dataclass
class SalonDuties:
    """The duties of one salon (event)."""

    event_id: str
    name: str
    date: str | None
    checks: list[DutyCheck]


@dataclass
class DutyReport:
    """A consortium's duties for one year, plus those of the year's salons."""

    year: int
    consortium: str | None
    consortium_id: str | None
    checks: list[DutyCheck]
    salons: list[SalonDuties]


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------

_RULE_LISTS = ("consortium_year", "salon")


def load_duty_rules(extra: str | Path | None = None) -> dict[str, Any]:
    """The shipped duty rules, with a user YAML file's rules replacing/adding by id."""
    shipped = resources.files("graphmap.chains") / "data" / "duties" / "duties.yaml"
    rules = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    if extra is None:
        return _validate_rules(rules, str(shipped))
    path = Path(extra)
    try:
        user = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise InputError(f"cannot read duty rules {path}: {exc.strerror}",
                         "check the --rules path") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc})", "fix the YAML syntax") from exc
    if not isinstance(user, dict):
        raise InputError(f"{path}: duty rules must be a mapping",
                         "use the keys consortium_year, salon, event_kinds")
    for key in _RULE_LISTS:
        merged = {rule["id"]: rule for rule in rules.get(key, [])}
        for i, rule in enumerate(user.get(key) or []):
            if not isinstance(rule, dict) or "id" not in rule:
                raise InputError(f"{path}: {key}[{i}] has no id", "give every rule an id")
            merged[rule["id"]] = {**merged.get(rule["id"], {}), **rule}
        rules[key] = list(merged.values())
    rules["event_kinds"] = {**rules.get("event_kinds", {}), **(user.get("event_kinds") or {})}
    return _validate_rules(rules, str(path))


def _validate_rules(rules: dict[str, Any], source: str) -> dict[str, Any]:
    for key, checks in (("consortium_year", CONSORTIUM_CHECKS), ("salon", SALON_CHECKS)):
        for i, rule in enumerate(rules.get(key) or []):
            if rule.get("check") not in checks:
                raise InputError(
                    f"{source}: {key}[{i}] ({rule.get('id')}): unknown check "
                    f"{rule.get('check')!r}",
                    f"use one of {', '.join(sorted(checks))}",
                )
    return rules


# --------------------------------------------------------------------------------------------
# Dates and documents
# --------------------------------------------------------------------------------------------

_FULL_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
)
_MONTH_DAY = re.compile(r"(?<![\d年.\-/])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|时间|日期)\s*[:：]\s*")
_YEAR = re.compile(r"(19|20)\d{2}")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def _make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, default_year: int | None = None) -> Iterator[tuple[date, int, int]]:
    """Dates in ``text`` as ``(date, start, end)``; 6月5日 takes ``default_year`` when given.

    Examples
    --------
    >>> [d.isoformat() for d, _, _ in find_dates("2025年6月14日举办，预告于6月5日发布", 2025)]
    ['2025-06-14', '2025-06-05']
    """
    found: list[tuple[date, int, int]] = []
    for m in _FULL_DATE.finditer(text):
        parts = [int(g) for g in m.groups() if g is not None]
        made = _make_date(*parts)
        if made:
            found.append((made, m.start(), m.end()))
    if default_year is not None:
        covered = [(s, e) for _, s, e in found]
        for m in _MONTH_DAY.finditer(text):
            if any(s <= m.start() < e for s, e in covered):
                continue
            made = _make_date(default_year, int(m.group(1)), int(m.group(2)))
            if made:
                found.append((made, m.start(), m.end()))
    yield from sorted(found, key=lambda t: t[1])


def parse_date(value: Any, default_year: int | None = None) -> date | None:
    """The first date in a value (ISO string, 2025年6月14日, 6月14日 with a default year)."""
    if isinstance(value, date):
        return value
    if not value:
        return None
    return next((d for d, _, _ in find_dates(str(value), default_year)), None)


@dataclass
class DocView:
    """What the duties need of a workspace document."""

    id: str
    path: str
    title: str
    doc_type: str
    text: str
    date: date | None

    @classmethod
    def of(cls, doc: Document) -> DocView:
        return cls(doc.id, doc.path, doc.title or Path(doc.path).stem, doc.doc_type.value,
                   doc.text, document_date(doc))

    @property
    def label(self) -> str:
        return f"{self.title or self.path}"

    def sentences(self) -> Iterator[tuple[str, int]]:
        for m in _SENTENCE.finditer(self.text):
            sentence = m.group(0).strip()
            if sentence:
                yield sentence, m.start()

    def evidence(self, note: str, sentence: str = "", start: int = 0) -> dict[str, Any]:
        return {"doc_id": self.id, "path": self.path, "title": self.title,
                "date": self.date.isoformat() if self.date else None,
                "start": start, "end": start + len(sentence), "sentence": sentence,
                "note": note}


def document_date(doc: Document) -> date | None:
    """A document's date: metadata (published, else the event's date), a 发布时间/时间 label, or
    its first date. A news release's ``date`` is its event's; ``published`` is its own."""
    meta = doc.metadata or {}
    for key in ("published", "publish_date", "发布时间", "date"):
        found = parse_date(meta.get(key))
        if found:
            return found
    head = doc.text[:600]
    for label in _DATE_LABEL.finditer(head):
        found = parse_date(head[label.end():label.end() + 20])
        if found:
            return found
    return parse_date(doc.text[:300]) or parse_date(doc.title)


def _title_has(doc: DocView, words: Iterable[str]) -> str | None:
    hay = normalize_name(f"{doc.title} {Path(doc.path).name}")
    return next((w for w in words if normalize_name(w) in hay), None)


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------


@dataclass
class _Event:
    id: str
    name: str
    kind: str
    date: date | None
    attendance: int | None
    docs: list[DocView]
    hosts: list[str]


def _core_name(name: str) -> str:
    core = re.split(r"——|—|--|：|:", name)[0]
    core = re.sub(r"[“”\"「」《》‘’]", "", core)
    return normalize_name(core)


def _event_kind(data: Mapping[str, Any], kinds: Mapping[str, str]) -> str:
    name = str(data.get("name") or "")
    for kind, pattern in kinds.items():
        if re.search(pattern, name):
            return kind
    return str(data.get("event_type") or "other")


_NAME_LABEL = re.compile(r"(?:沙龙|活动|会议|论坛|大会)名称\s*[:：]\s*([^\n]+)")
_QUOTED = re.compile(r"[“\"]([^”\"]{6,60}?(?:沙龙|大会|论坛|峰会|对接会))[”\"]")


def _names_in(doc: DocView) -> set[str]:
    """Event names a document states: 沙龙名称：… lines and quoted “…大会” names."""
    head = doc.text[:3000]
    names = {m.group(1).strip() for m in _NAME_LABEL.finditer(head)}
    names |= {m.group(1).strip() for m in _QUOTED.finditer(head[:600])}
    return names


def _mentions(doc: DocView, cores: set[str]) -> bool:
    text = normalize_name(f"{doc.title} {doc.text[:20000]}")
    return any(core in text for core in cores)


def _link(seed: list[DocView], names: set[str], docs: list[DocView]) -> list[DocView]:
    """Documents about an event: the seed documents plus those naming the event."""
    for doc in seed:
        names |= _names_in(doc)
    cores = {c for c in (_core_name(n) for n in names) if len(c) >= 6}
    linked = {d.id: d for d in seed}
    for doc in docs:
        if doc.id not in linked and _mentions(doc, cores):
            linked[doc.id] = doc
    return list(linked.values())


def _first_event_date(doc: DocView) -> date | None:
    """The first date in a document's body other than its publication date."""
    year = doc.date.year if doc.date else None
    return next((d for d, _, _ in find_dates(doc.text, year) if d != doc.date), doc.date)


def _merge_duplicates(events: list[_Event]) -> list[_Event]:
    """One event per occasion: same kind, same date and shared documents are one event (text
    extraction may name a salon once after its transcript and once after its news item)."""
    merged: list[_Event] = []
    for event in events:
        twin = next((m for m in merged if m.kind == event.kind and m.date and
                     m.date == event.date and {d.id for d in m.docs} & {d.id for d in event.docs}),
                    None)
        if twin is None:
            merged.append(event)
            continue
        twin.docs += [d for d in event.docs if d not in twin.docs]
        twin.hosts += [h for h in event.hosts if h not in twin.hosts]
        twin.attendance = twin.attendance or event.attendance
    for event in merged:
        # the name the event's own papers give (沙龙名称：…) reads better than a headline
        stated = [m.group(1).strip()
                  for d in sorted(event.docs, key=lambda d: d.doc_type != "transcript")
                  for m in _NAME_LABEL.finditer(d.text[:3000])]
        if stated:
            event.name = stated[0]
    return merged


def collect_events(graph: nx.MultiDiGraph, documents: Iterable[Document],
                   rules: Mapping[str, Any]) -> list[_Event]:
    """Events with their documents: the graph's Event nodes, then events only documents show
    (a transcript is a salon; a news item titled like an innovation event is one)."""
    docs = [DocView.of(d) for d in documents]
    by_id = {d.id: d for d in docs}
    kinds = rules.get("event_kinds") or {}
    events: list[_Event] = []
    for event_id, data in nodes_of_kind(graph, NodeKind.EVENT):
        name = str(data.get("name") or event_id)
        seed_ids = {s for s, _, d in graph.in_edges(event_id, data=True)
                    if d.get("kind") == EdgeKind.MENTIONS.value}
        seed_ids |= {ev.get("doc_id") for ev in data.get("evidence") or []}
        seed = [by_id[i] for i in sorted(seed_ids, key=str) if i in by_id]
        linked = _link(seed, {name}, docs)
        when = parse_date(data.get("date"))
        if when is None:
            own = [d.date for d in linked if d.doc_type == "transcript" and d.date]
            when = own[0] if own else None
        hosts = [graph.nodes[s].get("name") or s for s, _, d in graph.in_edges(event_id, data=True)
                 if d.get("kind") == EdgeKind.HOSTED.value and d.get("status") != "rejected"]
        attendance = data.get("attendance")
        events.append(_Event(event_id, name, _event_kind(data, kinds), when,
                             int(attendance) if attendance else None, linked, hosts))
    events = _merge_duplicates(events)
    covered = {d.id for e in events for d in e.docs}
    salon = kinds.get("salon", "沙龙")
    innovation = kinds.get("innovation_event", "大会")
    for doc in docs:
        if doc.id in covered:
            continue
        if doc.doc_type == "transcript":
            linked = _link([doc], {doc.title}, docs)
            events.append(_Event(doc.id, next(iter(sorted(_names_in(doc))), doc.title), "salon",
                                 doc.date, None, linked, []))
        elif (doc.doc_type in ("news", "report") and re.search(innovation, doc.title)
              and not re.search(salon, doc.title)):
            events.append(_Event(doc.id, doc.title, "innovation_event", _first_event_date(doc),
                                 None, [doc], []))
        else:
            continue
        covered |= {d.id for d in events[-1].docs}
    return events


# --------------------------------------------------------------------------------------------
# Consortium checks
# --------------------------------------------------------------------------------------------


@dataclass
class _Context:
    graph: nx.MultiDiGraph
    docs: list[DocView]
    year: int
    consortium_id: str
    consortium_name: str
    members: dict[str, bool]
    events: list[_Event]


def _check(rule: Mapping[str, Any], status: str, required: str, found: str,
           evidence: list[dict[str, Any]]) -> DutyCheck:
    return DutyCheck(rule["id"], rule.get("title", rule["id"]), status, required, found,
                     evidence, rule.get("hint", "") if status != MET else "")


def check_new_members(ctx: _Context, rule: Mapping[str, Any]) -> DutyCheck:
    """Members whose MEMBER_OF ``since`` falls in the year."""
    need = int(rule.get("min", 6))
    joined, dated = [], 0
    for source, _, data in ctx.graph.in_edges(ctx.consortium_id, data=True):
        if data.get("kind") != EdgeKind.MEMBER_OF.value or data.get("status") == "rejected":
            continue
        since = str(data.get("since") or "")
        year = _YEAR.search(since)
        if not year:
            continue
        dated += 1
        if int(year.group(0)) == ctx.year:
            ev = dict((data.get("evidence") or [{}])[0])
            joined.append({**ev, "organization": ctx.graph.nodes[source].get("name"),
                           "since": since, "note": "成员名单加入时间"})
    required = f"≥ {need} 家（{ctx.year}年加入）"
    if not dated:
        return _check(rule, UNKNOWN, required, "成员名单没有加入时间", [])
    status = MET if len(joined) >= need else NOT_MET
    found = f"{len(joined)} 家（{dated}/{len(ctx.members)} 家成员有加入时间）"
    return _check(rule, status, required, found, joined)


def _in_city(graph: nx.MultiDiGraph, org_id: str, city: str) -> bool | None:
    data = graph.nodes[org_id]
    if data.get("region"):
        return city in str(data["region"])
    return True if city in str(data.get("name") or "") else None


def _claims(ctx: _Context, patterns: Iterable[str]) -> tuple[int, list[dict[str, Any]]]:
    """The largest number a consortium document claims, with its sentence."""
    best, evidence = 0, []
    names = {normalize_name(ctx.consortium_name)}
    for doc in ctx.docs:
        if doc.date and doc.date.year != ctx.year:
            continue
        if not any(n in normalize_name(doc.text) for n in names):
            continue
        for sentence, start in doc.sentences():
            for pattern in patterns:
                m = re.search(pattern, sentence)
                if m and int(m.group(1)) > best:
                    best = int(m.group(1))
                    evidence = [doc.evidence("文中所称", sentence, start)]
    return best, evidence


def _result_key(name: str, filler: str) -> str:
    """A result's name without connectives and generic words: 触觉传感阵列及灵巧手力控技术 and
    触觉传感阵列和灵巧手力控算法 give one key."""
    return re.sub(filler, "", normalize_name(name)) if filler else normalize_name(name)


def _one_per_transfer(items: list[dict[str, Any]], filler: str) -> list[dict[str, Any]]:
    """Transfers with the retellings of one result folded into its first statement: the same
    receiver and the same name up to ``filler`` words. The other statements stay as ``also``
    (a press release lists 3 results; a speaker naming one of them again in other words made
    a fourth achievement)."""
    kept: list[dict[str, Any]] = []
    for item in items:
        key = _result_key(str(item.get("achievement") or ""), filler)
        receivers = set(item.get("receivers") or [])
        twin = next((k for k in kept if k["_key"] == key and receivers & k["_receivers"]), None)
        if twin is None:
            kept.append({**item, "also": [], "_key": key, "_receivers": receivers})
        else:
            twin["also"].append({k: item.get(k) for k in
                                 ("achievement", "doc_id", "path", "title", "sentence")})
    for item in kept:
        del item["_key"], item["_receivers"]
    return kept


#: Which document a transfer is quoted from when several state it: the written record first.
_RECORD_ORDER = {"news": 0, "report": 1, "handbook": 2, "other": 3, "slides": 4, "transcript": 5}


def _record_evidence(ctx: _Context, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """The evidence to quote for an achievement: a news release or report over a speaker's
    retelling, then the earliest document; never the order extraction happened to store
    (document ids hash the file's path, so that order changes with the folder)."""
    if not evidence:
        return {}
    docs = {d.id: d for d in ctx.docs}

    def rank(ev: dict[str, Any]) -> tuple:
        doc = docs.get(str(ev.get("doc_id")))
        kind = _RECORD_ORDER.get(doc.doc_type, 3) if doc else 9
        when = doc.date.isoformat() if doc and doc.date else "9999"
        return (kind, when, doc.title if doc else "", int(ev.get("start") or 0))

    return dict(min(evidence, key=rank))


def check_transferred_achievements(ctx: _Context, rule: Mapping[str, Any]) -> DutyCheck:
    """Achievements of members transferred to organizations in the city during the year."""
    need, city = int(rule.get("min", 3)), str(rule.get("city", "北京"))
    graph = ctx.graph
    doc_years = {d.id: d.date.year for d in ctx.docs if d.date}
    counted, undated = [], []
    for ach_id, data in nodes_of_kind(graph, NodeKind.ACHIEVEMENT):
        receivers = [t for _, t, d in graph.out_edges(ach_id, data=True)
                     if d.get("kind") == EdgeKind.TRANSFERRED_TO.value
                     and d.get("status") != Status.REJECTED.value]
        if not (data.get("transferred") or receivers):
            continue
        developers = {s for s, _, d in graph.in_edges(ach_id, data=True)
                      if d.get("kind") == EdgeKind.DEVELOPED.value}
        for person in list(developers):
            developers |= {t for _, t, d in graph.out_edges(person, data=True)
                           if d.get("kind") == EdgeKind.AFFILIATED_WITH.value}
        if not (set(receivers) | developers) & set(ctx.members):
            continue
        if receivers and not any(_in_city(graph, r, city) is not False for r in receivers):
            continue
        year = data.get("year")
        if year is None:
            # an achievement extracted from a dated document is of that document's year
            years = {doc_years[ev.get("doc_id")] for ev in data.get("evidence") or []
                     if doc_years.get(ev.get("doc_id"))}
            year = years.pop() if len(years) == 1 else None
        item = {**_record_evidence(ctx, data.get("evidence") or []),
                "achievement": data.get("name"),
                "receivers": [graph.nodes[r].get("name") for r in receivers],
                "year": year, "note": "成果转化"}
        if year is None:
            undated.append(item)
        elif int(year) == ctx.year:
            counted.append(item)
    filler = str(rule.get("result_name_filler") or "")
    counted, undated = _one_per_transfer(counted, filler), _one_per_transfer(undated, filler)
    required = f"≥ {need} 项（在{city}转化，{ctx.year}年）"
    if len(counted) >= need:
        return _check(rule, MET, required, f"{len(counted)} 项", counted)
    claimed, claim_evidence = _claims(ctx, rule.get("claim_patterns") or [])
    if claimed >= need:
        found = f"图谱中 {len(counted)} 项有据可查；文件称 {claimed} 项"
        return _check(rule, MET, required, found, counted + undated + claim_evidence)
    if len(counted) + len(undated) >= need:
        found = f"{len(counted)} 项，另有 {len(undated)} 项年份不明"
        return _check(rule, UNKNOWN, required, found, counted + undated)
    return _check(rule, NOT_MET, required, f"{len(counted)} 项", counted + undated)


def _attendance(event: _Event, patterns: Iterable[str]) -> tuple[int | None, dict | None]:
    if event.attendance:
        return event.attendance, None
    # documents about this event first: a news item may report other events' turnout too
    core = _core_name(event.name)[:6]
    ordered = sorted(event.docs, key=lambda d: core not in normalize_name(d.title))
    for doc in ordered:
        for sentence, start in doc.sentences():
            for pattern in patterns:
                m = re.search(pattern, sentence)
                if m:
                    return int(m.group(1)), doc.evidence("参会人数", sentence, start)
    return None, None


def _cohosted(event: _Event, words: str, min_hosts: int) -> tuple[bool | None, dict | None]:
    if len(event.hosts) >= min_hosts:
        return True, {"note": "主办单位", "hosts": event.hosts}
    for doc in event.docs:
        for sentence, start in doc.sentences():
            if re.search(words, sentence):
                return True, doc.evidence("联合主办", sentence, start)
    return (False, None) if event.hosts else (None, None)


def check_innovation_events(ctx: _Context, rule: Mapping[str, Any]) -> DutyCheck:
    """Innovation events of the consortium in the year, with attendance and co-hosts."""
    need = int(rule.get("min", 1))
    min_attendance = int(rule.get("min_attendance", 100))
    min_hosts = int(rule.get("min_hosts", 2))
    name_form = normalize_name(ctx.consortium_name)
    ok, doubtful, evidence = [], [], []
    for event in ctx.events:
        if event.kind != "innovation_event":
            continue
        year = event.date.year if event.date else next(
            (d.date.year for d in event.docs if d.date), None)
        if year is not None and year != ctx.year:
            continue
        related = (name_form in normalize_name(event.name)
                   or any(name_form in normalize_name(d.text) for d in event.docs)
                   or any(h in {ctx.graph.nodes[m].get("name") for m in ctx.members}
                          for h in event.hosts))
        if not related:
            continue
        people, people_ev = _attendance(event, rule.get("attendance_patterns") or [])
        cohost, cohost_ev = _cohosted(event, str(rule.get("cohost_words", "联合主办")),
                                      min_hosts)
        item = {"event": event.name, "date": event.date.isoformat() if event.date else None,
                "attendance": people, "cohosted": cohost, "note": "创新活动"}
        evidence += [item] + [e for e in (people_ev, cohost_ev) if e]
        if people is None or cohost is None or year is None:
            doubtful.append(event.name)
        elif people >= min_attendance and cohost:
            ok.append(event.name)
    required = f"≥ {need} 场，每场 ≥ {min_attendance} 人，联合主办"
    if len(ok) >= need:
        return _check(rule, MET, required, f"{len(ok)} 场：{'、'.join(ok)}", evidence)
    if doubtful:
        return _check(rule, UNKNOWN, required,
                      f"{len(ok)} 场达标，{len(doubtful)} 场缺人数/主办/日期", evidence)
    return _check(rule, NOT_MET, required, f"{len(ok)} 场达标", evidence)


def check_document(ctx: _Context, rule: Mapping[str, Any]) -> DutyCheck:
    """A document of the year whose title names the deliverable (and is long enough)."""
    keywords = list(rule.get("keywords") or [])
    doc_types = set(rule.get("doc_types") or [])
    min_chars = int(rule.get("min_chars", 0))
    required = f"文件（{'/'.join(keywords)}）" + (f"，≥ {min_chars} 字" if min_chars else "")
    matches = []
    for doc in ctx.docs:
        word = _title_has(doc, keywords)
        if not word or (doc_types and doc.doc_type not in doc_types):
            continue
        if doc.date and doc.date.year != ctx.year and str(ctx.year) not in doc.title:
            continue
        matches.append(doc)
    for doc in matches:
        chars = len(re.sub(r"\s", "", doc.text))
        if chars >= min_chars:
            return _check(rule, MET, required, f"{doc.label}（{chars} 字）",
                          [doc.evidence(f"{chars} 字")])
    if matches:
        doc = matches[0]
        chars = len(re.sub(r"\s", "", doc.text))
        return _check(rule, NOT_MET, required, f"{doc.label} 仅 {chars} 字",
                      [doc.evidence(f"{chars} 字")])
    if rule.get("accept_mention"):
        verbs = str(rule.get("mention_words") or "发布|完成")
        for doc in ctx.docs:
            if doc.date and doc.date.year != ctx.year:
                continue
            for sentence, start in doc.sentences():
                if re.search(verbs, sentence) and any(k in sentence for k in keywords):
                    evidence = [doc.evidence("文件中提及", sentence, start)]
                    if min_chars:
                        return _check(rule, UNKNOWN, required, "文件中提及，但原文不在工作区，"
                                      "无法核对字数", evidence)
                    return _check(rule, MET, required, "文件中提及已发布（原文不在工作区）",
                                  evidence)
    return _check(rule, NOT_MET, required, "工作区中没有", [])


CONSORTIUM_CHECKS: dict[str, Callable[[_Context, Mapping[str, Any]], DutyCheck]] = {
    "new_members": check_new_members,
    "transferred_achievements": check_transferred_achievements,
    "innovation_events": check_innovation_events,
    "document": check_document,
}


# --------------------------------------------------------------------------------------------
# Salon checks
# --------------------------------------------------------------------------------------------


def check_preview(event: _Event, docs: list[DocView], rule: Mapping[str, Any]) -> DutyCheck:
    """A preview published at least ``days_before`` days before the event."""
    days = int(rule.get("days_before", 7))
    keywords = list(rule.get("keywords") or ["预告"])
    required = f"活动前 ≥ {days} 天发布预告"
    found: list[tuple[date | None, dict]] = []
    for doc in event.docs:
        if _title_has(doc, keywords):
            found.append((doc.date, doc.evidence("预告文件")))
        year = event.date.year if event.date else (doc.date.year if doc.date else None)
        for sentence, start in doc.sentences():
            if not any(k in sentence for k in keywords):
                continue
            dates = [d for d, _, _ in find_dates(sentence, year)
                     if not event.date or d != event.date]
            found.append((dates[0] if dates else None, doc.evidence("提及预告", sentence, start)))
    if not found:
        return _check(rule, NOT_MET, required, "没有找到预告", [])
    dated = [(d, ev) for d, ev in found if d]
    if not event.date or not dated:
        return _check(rule, UNKNOWN, required, "找到预告但缺少日期", [ev for _, ev in found])
    when, ev = min(dated, key=lambda t: t[0])
    lead = (event.date - when).days
    status = MET if lead >= days else NOT_MET
    return _check(rule, status, required, f"{when.isoformat()} 发布，提前 {lead} 天", [ev])


def check_news_release(event: _Event, docs: list[DocView],
                       rule: Mapping[str, Any]) -> DutyCheck:
    """A news release published within ``days_after`` days after the event."""
    days = int(rule.get("days_after", 3))
    required = f"活动后 {days} 天内发布新闻稿"
    news = [d for d in event.docs if d.doc_type == "news" or _title_has(d, ["新闻稿"])]
    if not news:
        return _check(rule, NOT_MET, required, "没有找到新闻稿", [])
    dated = [d for d in news if d.date]
    if not event.date or not dated:
        return _check(rule, UNKNOWN, required, "新闻稿或活动缺少日期",
                      [d.evidence("新闻稿") for d in news])
    after = [d for d in dated if d.date >= event.date]
    if not after:
        return _check(rule, UNKNOWN, required, "新闻稿日期早于活动",
                      [d.evidence("新闻稿") for d in dated])
    first = min(after, key=lambda d: d.date)
    lag = (first.date - event.date).days
    status = MET if lag <= days else NOT_MET
    return _check(rule, status, required, f"{first.date.isoformat()} 发布，活动后 {lag} 天",
                  [first.evidence("新闻稿")])


def check_materials(event: _Event, docs: list[DocView], rule: Mapping[str, Any]) -> DutyCheck:
    """Every material item collected: as a workspace document or stated as archived."""
    archive = str(rule.get("archive_words") or "归档")
    items = list(rule.get("items") or [])
    collected: dict[str, dict] = {}
    candidates = event.docs + [d for d in docs if d not in event.docs
                               and _core_name(event.name)[:6] in normalize_name(d.title)]
    for item in items:
        name = item["name"]
        types = set(item.get("doc_types") or [])
        suffixes = {s.lower() for s in item.get("extensions") or []}
        keywords = list(item.get("keywords") or [name])
        for doc in candidates:
            if (doc.doc_type in types or Path(doc.path).suffix.lower() in suffixes
                    or _title_has(doc, keywords)):
                collected[name] = doc.evidence(f"{name}：工作区文件")
                break
        if name in collected:
            continue
        for doc in event.docs:
            hit = next(((s, st) for s, st in doc.sentences()
                        if re.search(archive, s) and any(k in s for k in keywords)), None)
            if hit:
                collected[name] = doc.evidence(f"{name}：文件称已收集", *hit)
                break
    names = [item["name"] for item in items]
    missing = [n for n in names if n not in collected]
    required = "、".join(names)
    found = f"已收集 {len(collected)}/{len(names)}" + (f"，缺：{'、'.join(missing)}"
                                                       if missing else "")
    return _check(rule, NOT_MET if missing else MET, required, found, list(collected.values()))


SALON_CHECKS: dict[str, Callable[[_Event, list[DocView], Mapping[str, Any]], DutyCheck]] = {
    "preview": check_preview,
    "news_release": check_news_release,
    "materials": check_materials,
}


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def salon_duties(
    graph: nx.MultiDiGraph,
    documents: Iterable[Document],
    *,
    year: int | None = None,
    rules: Mapping[str, Any] | None = None,
) -> list[SalonDuties]:
    """The salon duties of every salon (of ``year`` when given)."""
    rules = rules or load_duty_rules()
    docs = list(documents)
    views = [DocView.of(d) for d in docs]
    out = []
    for event in collect_events(graph, docs, rules):
        if event.kind != "salon":
            continue
        when = event.date or next((d.date for d in event.docs if d.date), None)
        if year is not None and when is not None and when.year != year:
            continue
        checks = [SALON_CHECKS[rule["check"]](event, views, rule)
                  for rule in rules.get("salon") or []]
        out.append(SalonDuties(event.id, event.name,
                               event.date.isoformat() if event.date else None, checks))
    return out


def consortium_duties(
    graph: nx.MultiDiGraph,
    documents: Iterable[Document],
    consortium: str,
    year: int,
    *,
    rules: Mapping[str, Any] | None = None,
) -> list[DutyCheck]:
    """The consortium's duties for ``year``, each met / not met / unknown with evidence."""
    rules = rules or load_duty_rules()
    docs = list(documents)
    consortium_id = find_consortium(graph, consortium)
    ctx = _Context(
        graph=graph, docs=[DocView.of(d) for d in docs], year=year,
        consortium_id=consortium_id,
        consortium_name=graph.nodes[consortium_id].get("name") or consortium,
        members=consortium_members(graph, consortium_id),
        events=collect_events(graph, docs, rules),
    )
    return [CONSORTIUM_CHECKS[rule["check"]](ctx, rule)
            for rule in rules.get("consortium_year") or []]


def duties_report(
    graph: nx.MultiDiGraph,
    documents: Iterable[Document],
    year: int,
    *,
    consortium: str | None = None,
    rules: Mapping[str, Any] | None = None,
) -> DutyReport:
    """Consortium duties (the named one, or the graph's only consortium) and salon duties.

    Examples
    --------
    >>> import networkx as nx
    >>> report = duties_report(nx.MultiDiGraph(), [], 2025)
    >>> report.consortium is None and report.salons == []
    True
    """
    rules = rules or load_duty_rules()
    docs = list(documents)
    if consortium is None and any(True for _ in nodes_of_kind(graph, NodeKind.CONSORTIUM)):
        consortium = only_consortium(graph)
    checks: list[DutyCheck] = []
    cons_id = cons_name = None
    if consortium is not None:
        cons_id = find_consortium(graph, consortium)
        cons_name = graph.nodes[cons_id].get("name")
        checks = consortium_duties(graph, docs, cons_id, year, rules=rules)
    return DutyReport(year, cons_name, cons_id, checks,
                      salon_duties(graph, docs, year=year, rules=rules))
