"""The Event of a document and who hosted it, from the facts ingest stated in its metadata.

``ingest.eventinfo`` reads a salon record's title block or a news release's lead into
``Document.metadata`` (``event``, ``event_type``, ``date``, ``place``, ``attendance``, ``hosts``,
``co_hosts``, ``supporters``, ``event_aliases``). Here those facts become the Event entity and
its HOSTED relations, each with evidence on the line or sentence that states it. A document
without such metadata falls back to its title (a transcript is always about one event).

The assembler (:class:`nlp.extract._Assembler`) is passed in; this module uses only its
``doc``, ``text``, ``form``, ``sentences``, ``mentions``, ``mention_entity``, ``add_entity``,
``evidence`` and ``relate``.
"""

from __future__ import annotations

import re
from typing import Any

from graphmap.model import DocType, EdgeKind, Event, Organization
from nlp import relations as cues
from nlp.lexicon import org_type_of
from nlp.mentions import ORG

#: metadata key -> the ``role`` attribute of the HOSTED relation.
ROLE_OF_KEY = {"hosts": "host", "co_hosts": "co_host", "supporters": "supporter"}
_ROLE_OF_CUE = (
    (re.compile(r"承办|承辦|协办|協辦|合办|合辦|co-organi[sz]ed|organi[sz]ed", re.IGNORECASE),
     "co_host"),
    (re.compile(r"支持|指导|指導|support|sponsor", re.IGNORECASE), "supporter"),
    (re.compile(r"主办|主辦|host", re.IGNORECASE), "host"),
)
_TYPE_CUES = (
    ("salon", re.compile(r"沙龙|沙龍|salon", re.IGNORECASE)),
    ("innovation_event", re.compile(
        r"大会|大會|论坛|論壇|创新活动|創新活動|峰会|峰會|对接会|對接會|conference|forum|summit|"
        r"matchmaking", re.IGNORECASE)),
)
EVENT_TYPES = ("salon", "innovation_event", "other")
_HEAD = 4000


def host_role(cue: str) -> str:
    """The HOSTED role a cue word names: 主办 -> host, 承办/协办 -> co_host, 支持/指导 -> supporter.

    >>> [host_role(c) for c in ("联合主办", "承办", "支持单位", "hosted by", "organized by")]
    ['host', 'co_host', 'supporter', 'host', 'co_host']
    """
    for pattern, role in _ROLE_OF_CUE:
        if pattern.search(cue):
            return role
    return "host"


def event_type_of(*texts: str | None) -> str:
    """"salon" / "innovation_event" from cue words of the first text that has one, else "other"."""
    for text in texts:
        for kind, pattern in _TYPE_CUES:
            if text and pattern.search(text):
                return kind
    return "other"


def _attendance(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def event_fields(meta: dict[str, Any], name: str) -> dict[str, Any]:
    """Event constructor fields from a document's metadata (only what it states)."""
    kind = str(meta.get("event_type") or "")
    aliases = {str(a).strip() for a in meta.get("event_aliases") or () if str(a).strip()}
    return {
        "name": name,
        "aliases": aliases - {name},
        "event_type": kind if kind in EVENT_TYPES else event_type_of(name, *sorted(aliases)),
        "date": str(meta["date"])[:10] if meta.get("date") else None,
        "place": str(meta["place"]) if meta.get("place") else None,
        "attendance": _attendance(meta.get("attendance")),
    }


def _name_span(text: str, name: str) -> tuple[int, int] | None:
    """Where ``name`` is stated: a labelled line (沙龙名称：…) first, else its first occurrence."""
    for m in re.finditer(re.escape(name), text[:_HEAD]):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if re.search(r"[:：]\s*\**\s*$", text[line_start : m.start()]):
            return m.start(), m.end()
    words = name.split()
    for k in range(len(words) - 1):  # "<subject> 2025 Innovation Conference": "held its 2025 …"
        part = " ".join(words[k:])
        at = text.find(part)
        if at >= 0 and len(words) - k >= 2:
            return at, at + len(part)
    at = text.find(name)
    return (at, at + len(name)) if at >= 0 else None


def event_entity(ex: Any) -> Event | None:
    """The document's Event (or None) with its metadata facts, and its HOSTED relations."""
    meta = ex.doc.metadata or {}
    name = str(meta.get("event") or ex.doc.title or "").strip()
    is_event = ex.doc.doc_type == DocType.TRANSCRIPT or bool(meta.get("event"))
    if not is_event and not (cues.EVENT_WORD.search(name) or (
        not name and cues.EVENT_WORD.search(ex.form[:300])
    )):
        return None
    if not name:
        first = ex.sentences[0]
        name = ex.text[first[0] : first[1]].strip()[:60]
    name = cues.RECORD_SUFFIX.sub("", name).strip()
    if not name:
        return None
    event = Event(**event_fields(meta, name))
    span = _name_span(ex.text, name)
    ev = ex.evidence(span[0], span[1], "event", 0.9 if meta.get("event") else 0.8) if span else None
    added = ex.add_entity(event, ev)
    add_hosts(ex, added)
    return added  # type: ignore[no-any-return]


def _org_at(ex: Any, start: int, end: int, name: str) -> str:
    """The organization entity the extractor found at (or around) a span, else a new one."""
    for m in ex.mentions:
        if m.label == ORG and m.start <= start and end <= m.end and (m.start, m.end) in \
                ex.mention_entity:
            return str(ex.mention_entity[(m.start, m.end)])
    for m in ex.mentions:
        if m.label == ORG and ex.text[m.start : m.end].strip() == name and \
                (m.start, m.end) in ex.mention_entity:
            return str(ex.mention_entity[(m.start, m.end)])
    org = Organization(name=name, org_type=org_type_of(name))
    return str(ex.add_entity(org, ex.evidence(start, end, "event", 0.8)).id)


def host_spans(text: str, meta: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    """``(name, role, start, end)`` for each host / co-host / supporter the metadata names,
    located on the line that states it (a title-block line or the lead sentence)."""
    out = []
    for key, role in ROLE_OF_KEY.items():
        for name in meta.get(key) or ():
            name = str(name).strip()
            hits = [m.start() for m in re.finditer(re.escape(name), text[:_HEAD])] if name else []
            if not hits:
                continue
            labelled = [h for h in hits if _line_has_role(text, h, role)]
            at = (labelled or hits)[0]
            out.append((name, role, at, at + len(name)))
    return out


_CLAUSE_END = re.compile(r"[，。；;！？\n]|,\s(?!Ltd|Inc)")


def _line_has_role(text: str, at: int, role: str) -> bool:
    """Whether the clause (a title-block line, a comma clause) around ``at`` states ``role``."""
    before = [m.end() for m in _CLAUSE_END.finditer(text, max(0, at - 300), at)]
    after = _CLAUSE_END.search(text, at)
    clause = text[before[-1] if before else max(0, at - 300) : after.start() if after else None]
    return any(host_role(m.group()) == role for m in cues.HOST_CUE.finditer(clause))


def add_hosts(ex: Any, event: Event) -> None:
    """HOSTED relations (role host / co_host / supporter) from the metadata's host lists."""
    for name, role, start, end in host_spans(ex.text, ex.doc.metadata or {}):
        org_id = _org_at(ex, start, end, name)
        ex.relate(EdgeKind.HOSTED, org_id, event.id, (start, end), "event:hosts", 0.9, role=role)
