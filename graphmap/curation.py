"""Analyst curation, stored as data and re-applied on every rebuild.

Each curation is one row of the workspace's ``curation`` table: ``action``, ``target`` (an
entity or relation id), a JSON ``payload`` and a free-text ``note``. Actions:

``merge``     fold ``payload.other`` into ``target``
``split``     undo a merge (``payload.other``: the id that was folded in), or separate the
              evidence of some documents into a new entity (``payload.docs``, optional
              ``payload.name``); with ``other`` not merged it records that the two are distinct
``rename``    ``payload.name`` becomes the name; the old name stays as an alias, the id stays
``set_type``  ``payload.org_type`` (organizations)
``confirm`` / ``reject``  an entity or a relation (relations also carry ``kind``, ``source``
              and ``target`` in the payload, so the edge is found again after its endpoints
              were merged)

The log is applied in order after resolution. An action whose target no longer exists is
skipped: the data that supported it is gone. Applying it costs O(curations + entities +
relations), not their product.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphmap.errors import InputError
from graphmap.model import (
    EdgeKind,
    Entity,
    Evidence,
    Organization,
    OrgType,
    Relation,
    Status,
    entity_from_parts,
    stable_id,
)
from graphmap.resolution import evidence_key, merge_by_mapping

ACTIONS = ("confirm", "reject", "rename", "set_type", "merge", "split")
CSV_COLUMNS = ("action", "target", "payload", "note", "created_at")


class _Curated:
    """The graph being curated, indexed so each action touches only what it changes."""

    def __init__(self, entities: list[Entity], relations: list[Relation]) -> None:
        self.entities = {e.id: e for e in entities}
        self.relations: dict[str, Relation] = {}
        self.incident: dict[str, set[str]] = defaultdict(set)
        # ids resolution folded away still find their survivor (a curated edge of 北航 is
        # the same edge of 北京航空航天大学 once 北航 joined it)
        self.redirect: dict[str, str] = {
            record["id"]: entity.id
            for entity in entities
            for record in entity.merged_from
            if record["id"] not in self.entities
        }
        for relation in relations:
            self.add_relation(relation)

    def find(self, entity_id: str) -> Entity | None:
        seen = set()
        while entity_id in self.redirect and entity_id not in seen:
            seen.add(entity_id)
            entity_id = self.redirect[entity_id]
        return self.entities.get(entity_id)

    def find_relation(self, target: str, payload: dict[str, Any]) -> Relation | None:
        relation = self.relations.get(target)
        if relation is None and {"kind", "source", "target"} <= payload.keys():
            source, end = self.find(payload["source"]), self.find(payload["target"])
            if source is not None and end is not None:
                rid = Relation(kind=EdgeKind(payload["kind"]), source=source.id,
                               target=end.id).id
                relation = self.relations.get(rid)
        return relation

    def add_relation(self, relation: Relation) -> None:
        rid = relation.id
        existing = self.relations.get(rid)
        if existing is None:
            self.relations[rid] = relation
            self.incident[relation.source].add(rid)
            self.incident[relation.target].add(rid)
            return
        seen = set(existing.evidence)
        existing.evidence.extend(ev for ev in relation.evidence if ev not in seen)
        for key, value in relation.attributes.items():
            existing.attributes.setdefault(key, value)
        if Status.CONFIRMED in (existing.status, relation.status):
            existing.status = Status.CONFIRMED

    def drop_relation(self, rid: str) -> Relation:
        relation = self.relations.pop(rid)
        self.incident[relation.source].discard(rid)
        self.incident[relation.target].discard(rid)
        return relation

    def merge(self, survivor: Entity, other: Entity, reason: str) -> None:
        incident = [self.relations[rid] for rid in sorted(self.incident.get(other.id, ()))]
        _, moved = merge_by_mapping(
            [survivor, other], incident, {other.id: survivor.id}, reasons={other.id: reason}
        )
        del self.entities[other.id]
        self.redirect[other.id] = survivor.id
        for relation in incident:
            self.drop_relation(relation.id)
        for relation in moved:
            self.add_relation(relation)

    def move_evidence(
        self,
        source: Entity,
        into: Entity,
        keys: set[str],
        edge_evidence: Callable[[Relation, str], Callable[[Evidence], bool]],
    ) -> None:
        """Move the entity evidence with these keys to ``into`` (a new entity), and with it
        the edge evidence ``edge_evidence(relation, other_end)`` selects."""
        source.evidence = [ev for ev in source.evidence if evidence_key(ev) not in keys]
        self.entities[into.id] = into
        for rid in sorted(self.incident.get(source.id, ())):
            relation = self.relations[rid]
            other = relation.target if relation.source == source.id else relation.source
            wanted = edge_evidence(relation, other)
            taken = [ev for ev in relation.evidence if wanted(ev)]
            if not taken:
                continue
            kept = [ev for ev in relation.evidence if not wanted(ev)]
            if kept:
                relation.evidence = kept
            else:
                self.drop_relation(rid)
            source_id = into.id if relation.source == source.id else relation.source
            target_id = into.id if relation.target == source.id else relation.target
            self.add_relation(Relation(
                kind=relation.kind, source=source_id, target=target_id,
                attributes=dict(relation.attributes), status=relation.status, evidence=taken,
            ))

    def same(self, first: str, second: str) -> bool:
        a, b = self.find(first), self.find(second)
        return a is not None and a is b

    def result(self) -> tuple[list[Entity], list[Relation]]:
        return list(self.entities.values()), list(self.relations.values())


def apply_curation(
    entities: list[Entity], relations: list[Relation], curations: list[dict[str, Any]]
) -> tuple[list[Entity], list[Relation]]:
    """Apply the curation log in order and return the curated entities and relations."""
    state = _Curated(entities, relations)
    for item in curations:
        handler = _HANDLERS.get(item["action"])
        if handler is not None:
            handler(state, item["target"], item.get("payload") or {}, item)
    return state.result()


def _curation_reason(item: dict[str, Any]) -> str:
    note = f"：{item['note']}" if item.get("note") else ""
    return f"人工审核合并（审核记录 #{item.get('id', '?')}）{note}"


def _merge(state: _Curated, target: str, payload: dict[str, Any], item: dict) -> None:
    survivor, other = state.find(target), state.find(payload.get("other", ""))
    if survivor is None or other is None or survivor is other:
        return
    state.merge(survivor, other, _curation_reason(item))


def _split(state: _Curated, target: str, payload: dict[str, Any], item: dict) -> None:
    entity = state.find(target)
    if entity is None:
        return
    if payload.get("other"):
        record = next((r for r in entity.merged_from if r["id"] == payload["other"]), None)
        if record is None or payload["other"] in state.entities:
            return  # never merged (or already apart): the row only says they are distinct
        keys = set(record["evidence"])
        restored = entity_from_parts(
            record["kind"], record["name"], record.get("attributes"),
            aliases=set(record.get("aliases", ())), status=record.get("status", "uncertain"),
            evidence=[ev for ev in entity.evidence if evidence_key(ev) in keys],
            fixed_id=record["id"],
        )
        entity.merged_from.remove(record)
        if record["name"] not in {r["name"] for r in entity.merged_from}:
            entity.aliases.discard(record["name"])
        state.redirect.pop(record["id"], None)
        edges = record.get("edges", [])

        def brought(relation: Relation, other: str) -> Callable[[Evidence], bool]:
            moved = {
                k for edge in edges
                if edge["kind"] == relation.kind.value and state.same(edge["other"], other)
                for k in edge["evidence"]
            }
            return lambda ev: evidence_key(ev) in moved

        state.move_evidence(entity, restored, keys, brought)
        return
    docs = set(payload.get("docs") or ())
    keys = {evidence_key(ev) for ev in entity.evidence if ev.doc_id in docs}
    if not keys or len(keys) == len(entity.evidence):
        return  # nothing to separate, or everything: a split needs two sides
    attributes = {k: v for k, v in entity.attributes().items() if k != "merged_from"}
    separated = entity_from_parts(
        entity.kind, payload.get("name") or entity.name, attributes, status=entity.status,
        evidence=[ev for ev in entity.evidence if evidence_key(ev) in keys],
        fixed_id=stable_id(entity.id_prefix, "split", entity.id, *sorted(docs)),
    )
    separated.merged_from.append(
        {"id": entity.id, "name": entity.name, "reason": f"由审核记录 #{item.get('id', '?')} "
         f"拆分而来（文档 {'、'.join(sorted(docs))}）"}
    )
    state.move_evidence(entity, separated, keys, lambda _r, _o: lambda ev: ev.doc_id in docs)


def _rename(state: _Curated, target: str, payload: dict[str, Any], item: dict) -> None:
    entity = state.entities.get(target)
    if entity is None or not payload.get("name"):
        return
    entity.fixed_id = entity.id
    entity.aliases.add(entity.name)
    entity.name = payload["name"]
    entity.aliases.discard(entity.name)


def _set_type(state: _Curated, target: str, payload: dict[str, Any], item: dict) -> None:
    entity = state.entities.get(target)
    if isinstance(entity, Organization) and payload.get("org_type"):
        entity.org_type = OrgType(payload["org_type"])


def _status(status: Status) -> Callable[[_Curated, str, dict[str, Any], dict], None]:
    def handler(state: _Curated, target: str, payload: dict[str, Any], item: dict) -> None:
        element = state.entities.get(target) or state.find_relation(target, payload)
        if element is not None:
            element.status = status

    return handler


_HANDLERS: dict[str, Callable[[_Curated, str, dict[str, Any], dict], None]] = {
    "merge": _merge,
    "split": _split,
    "rename": _rename,
    "set_type": _set_type,
    "confirm": _status(Status.CONFIRMED),
    "reject": _status(Status.REJECTED),
}


def distinct_pairs(curations: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Pairs an analyst split apart or declared distinct (not to be proposed again)."""
    return {
        (c["target"], c["payload"]["other"])
        for c in curations
        if c["action"] == "split" and c["payload"].get("other")
    }


# -- recording, with validation --------------------------------------------------------------


def record_curation(
    ws: Any, action: str, target: str, payload: dict[str, Any] | None = None, note: str = ""
) -> int:
    """Validate a curation against the current graph and append it to the workspace's log.

    Entity targets may be given by id or by an unambiguous name/alias; relation targets are
    stored with their kind and endpoints so they survive merges of those endpoints.

    Returns
    -------
    int
        The curation's id.
    """
    if action not in ACTIONS:
        raise InputError(f"unknown curation action {action!r}", f"use one of: {', '.join(ACTIONS)}")
    payload = dict(payload or {})
    relation = _relation_by_id(ws, target)
    if relation is not None:
        if action not in ("confirm", "reject"):
            raise InputError(f"{action} applies to entities, {target} is an edge",
                             "give an entity id (see `graphmap show NAME`)")
        payload.update(kind=relation.kind.value, source=relation.source,
                       target=relation.target)
    else:
        target = entity_id(ws, target)
        if action == "merge":
            payload["other"] = entity_id(ws, str(payload.get("other", "")))
            if payload["other"] == target:
                raise InputError("an entity cannot be merged into itself", "give two entities")
        elif action == "rename" and not str(payload.get("name", "")).strip():
            raise InputError("rename needs a new name", "pass --name NEW")
        elif action == "set_type":
            try:
                OrgType(payload.get("org_type"))
            except ValueError:
                raise InputError(
                    f"unknown organization type {payload.get('org_type')!r}",
                    f"use one of: {', '.join(t.value for t in OrgType)}",
                ) from None
        elif action == "split":
            _check_split(ws, target, payload)
    return ws.add_curation(action, target, payload, note)


def _check_split(ws: Any, target: str, payload: dict[str, Any]) -> None:
    other, docs = payload.get("other"), payload.get("docs")
    if not other and not docs:
        raise InputError("split needs --other ID (undo a merge) or --doc DOC_ID ...",
                         "see `graphmap curate split --help`")
    if other:
        merged = {r["id"] for r in ws.entity(target).merged_from}
        if other not in merged:
            payload["other"] = entity_id(ws, other)
    for doc_id in docs or ():
        ws.document(doc_id)  # raises a WorkspaceError naming the unknown document


def relation_id(ws: Any, source: str, kind: str, target: str) -> str:
    """The id of the stored edge ``source -[kind]-> target`` (ends by id or unique name)."""
    try:
        edge_kind = EdgeKind(kind.upper())
    except ValueError:
        raise InputError(f"unknown edge kind {kind!r}",
                         f"use one of: {', '.join(k.value for k in EdgeKind)}") from None
    rid = Relation(kind=edge_kind, source=entity_id(ws, source), target=entity_id(ws, target)).id
    if _relation_by_id(ws, rid) is None:
        raise InputError(f"no {edge_kind.value} edge from {source!r} to {target!r}",
                         "check the direction and kind with `graphmap show NAME`")
    return rid


def _relation_by_id(ws: Any, target: str) -> Relation | None:
    row = ws.db.execute("SELECT kind, source_id, target_id FROM relations WHERE id = ?",
                        (target,)).fetchone()
    if row is None:
        return None
    return Relation(kind=EdgeKind(row[0]), source=row[1], target=row[2])


def entity_id(ws: Any, text: str) -> str:
    """An entity id from an id, or from a name/alias that names exactly one entity."""
    if ws.db.execute("SELECT 1 FROM entities WHERE id = ?", (text,)).fetchone():
        return text
    from graphmap.normalize import normalize_name

    rows = ws.db.execute(
        "SELECT DISTINCT entity_id FROM aliases WHERE normalized = ?", (normalize_name(text),)
    ).fetchall()
    if len(rows) == 1:
        return rows[0][0]
    if not rows:
        raise InputError(f"no entity with id or name {text!r}",
                         "run `graphmap build`, then find it with `graphmap show NAME`")
    raise InputError(f"{text!r} names {len(rows)} entities: {', '.join(r[0] for r in rows)}",
                     "pass the id instead")


# -- CSV -------------------------------------------------------------------------------------


def curation_rows(curations: list[dict[str, Any]]) -> list[list[str]]:
    """The curation log as CSV rows (header first), formula prefixes neutralized."""
    from graphmap.export import safe_cell

    rows = [list(CSV_COLUMNS)]
    for item in curations:
        rows.append([
            safe_cell(str(v)) for v in (
                item["action"], item["target"],
                json.dumps(item["payload"], ensure_ascii=False, sort_keys=True),
                item.get("note", ""), item.get("created_at", ""),
            )
        ])
    return rows


def export_curations(curations: list[dict[str, Any]], path: Path) -> Path:
    """Write the curation log to a CSV file (UTF-8 with BOM, so Excel reads the Chinese)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(curation_rows(curations))
    return path


def _unsafe(cell: str) -> str:
    # undo graphmap.export.safe_cell: "'=..." was written for "=..."
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


@dataclass(slots=True)
class ImportReport:
    added: int = 0
    duplicates: int = 0


def import_curations(ws: Any, path: Path) -> ImportReport:
    """Append the curations of a CSV written by :func:`export_curations` (or by hand).

    Rows already in the log (same action, target and payload) are skipped, so importing a
    file twice changes nothing. Every row is checked before any is stored.
    """
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read curation file {path}: {exc}",
                         "give a UTF-8 CSV written by `graphmap curate export`") from exc
    parsed = []
    for number, row in enumerate(rows, start=2):
        action = _unsafe((row.get("action") or "").strip())
        target = _unsafe((row.get("target") or "").strip())
        if action not in ACTIONS or not target:
            raise InputError(
                f"{path} line {number}: action {action!r} / target {target!r} is not a curation",
                f"columns {', '.join(CSV_COLUMNS)}; action one of {', '.join(ACTIONS)}",
            )
        try:
            payload = json.loads(_unsafe(row.get("payload") or "") or "{}")
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} line {number}: payload is not JSON ({exc})",
                             'write it like {"name": "新名称"}') from exc
        if not isinstance(payload, dict):
            raise InputError(f"{path} line {number}: payload must be a JSON object",
                             'write it like {"other": "org-..."}')
        parsed.append((action, target, payload, _unsafe(row.get("note") or "")))
    existing = {
        (c["action"], c["target"], json.dumps(c["payload"], sort_keys=True))
        for c in ws.curations()
    }
    report = ImportReport()
    with ws.transaction():
        for action, target, payload, note in parsed:
            key = (action, target, json.dumps(payload, sort_keys=True))
            if key in existing:
                report.duplicates += 1
                continue
            existing.add(key)
            ws.add_curation(action, target, payload, note)
            report.added += 1
    return report
