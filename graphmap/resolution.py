"""Entity resolution: decide which extracted entities are the same real-world thing.

Merges only what the evidence supports. A person named without an organization joins the
one namesake who has an organization; with two or more namesakes, nothing is merged.
"""

from __future__ import annotations

from collections import defaultdict

from graphmap.model import Entity, Person, Relation
from graphmap.normalize import normalize_name


def resolve(
    entities: list[Entity], relations: list[Relation]
) -> tuple[list[Entity], list[Relation]]:
    """Merge entities that denote the same thing; return entities and remapped relations."""
    mapping: dict[str, str] = {}
    by_name: dict[str, list[Person]] = defaultdict(list)
    for entity in entities:
        if isinstance(entity, Person):
            by_name[normalize_name(entity.name)].append(entity)
    for people in by_name.values():
        anchored = [p for p in people if p.organization]
        if len(anchored) != 1:
            continue
        for person in people:
            if not person.organization:
                mapping[person.id] = anchored[0].id
    return merge_by_mapping(entities, relations, mapping)


def merge_by_mapping(
    entities: list[Entity], relations: list[Relation], mapping: dict[str, str]
) -> tuple[list[Entity], list[Relation]]:
    """Fold every entity ``a`` into ``mapping[a]`` and point relations at the survivors."""
    from graphmap.build import merge_entity_into

    if not mapping:
        return entities, relations

    def final(entity_id: str) -> str:
        seen = set()
        while entity_id in mapping and entity_id not in seen:
            seen.add(entity_id)
            entity_id = mapping[entity_id]
        return entity_id

    by_id = {e.id: e for e in entities}
    survivors: dict[str, Entity] = {}
    for entity in entities:
        target = final(entity.id)
        if target == entity.id or target not in by_id:
            survivors.setdefault(entity.id, entity)
    for entity in entities:
        target = final(entity.id)
        if target != entity.id and target in survivors:
            merge_entity_into(survivors[target], entity)

    merged: dict[str, Relation] = {}
    for relation in relations:
        source, target = final(relation.source), final(relation.target)
        if source == target and source != relation.source:
            continue  # a merge turned this edge into a self-loop: it said nothing new
        moved = Relation(
            kind=relation.kind, source=source, target=target,
            attributes=dict(relation.attributes), status=relation.status,
            evidence=list(relation.evidence),
        )
        existing = merged.get(moved.id)
        if existing is None:
            merged[moved.id] = moved
        else:
            seen = set(existing.evidence)
            existing.evidence.extend(ev for ev in moved.evidence if ev not in seen)
            for key, value in moved.attributes.items():
                existing.attributes.setdefault(key, value)
    return list(survivors.values()), list(merged.values())
