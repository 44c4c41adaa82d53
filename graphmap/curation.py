"""Analyst curation, stored as data and re-applied on every rebuild.

Actions (``target`` is an entity or relation id):
``confirm`` / ``reject`` (entity or relation), ``rename`` (payload ``name``),
``set_type`` (payload ``org_type``), ``merge`` (payload ``other``: folded into ``target``).
An action whose target no longer exists is skipped: the data that supported it is gone.
"""

from __future__ import annotations

from typing import Any

from graphmap.model import Entity, Organization, OrgType, Relation, Status
from graphmap.resolution import merge_by_mapping

ACTIONS = ("confirm", "reject", "rename", "set_type", "merge")


def apply_curation(
    entities: list[Entity], relations: list[Relation], curations: list[dict[str, Any]]
) -> tuple[list[Entity], list[Relation]]:
    """Apply the curation log in order and return the curated entities and relations."""
    for item in curations:
        action, target, payload = item["action"], item["target"], item["payload"]
        if action == "merge":
            entities, relations = merge_by_mapping(
                entities, relations, {payload["other"]: target}
            )
            continue
        entity = next((e for e in entities if e.id == target), None)
        relation = next((r for r in relations if r.id == target), None)
        element = entity or relation
        if element is None:
            continue
        if action in ("confirm", "reject"):
            element.status = Status.CONFIRMED if action == "confirm" else Status.REJECTED
        elif action == "rename" and entity is not None:
            entity.fixed_id = entity.id
            entity.aliases.add(entity.name)
            entity.name = payload["name"]
            entity.aliases.discard(entity.name)
        elif action == "set_type" and isinstance(entity, Organization):
            entity.org_type = OrgType(payload["org_type"])
    return entities, relations
