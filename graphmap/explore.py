"""Look things up in a workspace: find an entity by name, describe it with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphmap.errors import InputError
from graphmap.model import Evidence
from graphmap.store import Workspace


@dataclass(slots=True)
class EntityDescription:
    id: str
    kind: str
    name: str
    status: str
    attributes: dict[str, Any]
    aliases: list[str]
    evidence: list[Evidence]
    #: (direction, edge kind, other entity's name, status, detail)
    relations: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    #: Other entities that matched the query, as "name (kind)".
    others: list[str] = field(default_factory=list)


def find_entity_id(ws: Workspace, query: str) -> tuple[str, list[str]]:
    """Resolve an id, name or alias to one entity id, plus the other candidates' labels."""
    if ws.db.execute("SELECT 1 FROM entities WHERE id = ?", (query,)).fetchone():
        return query, []
    hits = ws.find_entities(query, limit=10)
    if not hits:
        raise InputError(
            f"no entity matches {query!r}",
            "check the spelling, or list entities with `graphmap stats` / export",
        )
    return hits[0][0], [f"{name} ({kind})" for _, kind, name in hits[1:]]


def describe_entity(ws: Workspace, query: str) -> EntityDescription:
    """Everything the workspace knows about one entity, evidence included."""
    entity_id, others = find_entity_id(ws, query)
    entity = ws.entity(entity_id)
    names = dict(ws.db.execute(
        "SELECT id, name FROM entities WHERE id IN (SELECT target_id FROM relations "
        "WHERE source_id = ?1 UNION SELECT source_id FROM relations WHERE target_id = ?1)",
        (entity_id,),
    ).fetchall())
    relations = []
    for kind, source, target, attrs, status in ws.db.execute(
        "SELECT kind, source_id, target_id, attrs, status FROM relations "
        "WHERE (source_id = ?1 OR target_id = ?1) AND kind != 'MENTIONS' ORDER BY kind",
        (entity_id,),
    ):
        outgoing = source == entity_id
        other = names.get(target if outgoing else source, "?")
        detail = attrs if attrs != "{}" else ""
        relations.append(("->" if outgoing else "<-", kind, other, status, detail))
    return EntityDescription(
        id=entity.id,
        kind=entity.kind.value,
        name=entity.name,
        status=entity.status.value,
        attributes={k: v for k, v in entity.attributes().items() if v not in (None, [], "")},
        aliases=sorted(entity.aliases),
        evidence=entity.evidence,
        relations=relations,
        others=others,
    )
