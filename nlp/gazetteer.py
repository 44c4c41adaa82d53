"""Names the member and expert lists already gave: matched verbatim in text, with their ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graphmap.aliases import short_forms
from graphmap.model import Entity, NodeKind, Organization, OrgType, Person
from graphmap.normalize import normalize_name
from nlp.lexicon import TermMatcher

#: Generated short forms need at least this many characters (清华 yes, a lone 所 never).
MIN_SHORT_FORM = 2
#: What a company's short form drops after its brand and trade (灵犀机器人[科技]); at least
#: four characters must stay (a brand alone, 灵犀, is too ambiguous in running text).
_BUSINESS_TAIL = re.compile(r"(?<=[\u4e00-\u9fff]{4})(?:科技|技术|管理|实业|发展|咨询|服务)$")
#: Shorter names match too many unrelated strings (a one-character org, a two-letter code).
MIN_CHARS = {NodeKind.PERSON: 2, NodeKind.ORGANIZATION: 2, NodeKind.TECHNOLOGY: 2}


@dataclass(frozen=True, slots=True)
class KnownEntity:
    """What the gazetteer knows of one listed entity."""

    id: str
    kind: NodeKind
    name: str
    org_type: OrgType | None = None
    organization: str | None = None  # a person's organization (normalized name)
    entity: Entity | None = field(default=None, compare=False, repr=False)


class Gazetteer:
    """A dictionary of known entities, matched longest-first on simplified text.

    Several people can share a name: :meth:`people_named` returns all of them, and the
    extractor picks the one whose organization the text confirms.
    """

    def __init__(self, known: Iterable[KnownEntity] = (), aliases: Iterable[tuple[str, str]] = ()):
        self._by_id: dict[str, KnownEntity] = {}
        self._names: dict[str, list[str]] = {}
        self._matcher: TermMatcher[str] = TermMatcher()
        for entity in known:
            self.add(entity, entity.name)
        for alias, entity_id in aliases:
            self.add(self._by_id[entity_id], alias)

    @classmethod
    def from_entities(cls, entities: Iterable[Entity]) -> Gazetteer:
        """Build from model entities (names and aliases of organizations, people, technologies).

        Examples
        --------
        >>> from graphmap.model import Organization
        >>> gz = Gazetteer.from_entities([Organization(name="北京市科学技术协会",
        ...                                            aliases={"北京市科协"})])
        >>> [m[2].name for m in gz.find("北京市科协主办")]
        ['北京市科学技术协会']
        """
        gazetteer = cls()
        entities = [e for e in entities if e.kind in MIN_CHARS]
        full = {normalize_name(n) for e in entities for n in (e.name, *e.aliases)}
        shorts: dict[str, set[str]] = {}
        for entity in entities:
            if isinstance(entity, Organization):
                forms = short_forms(entity.name)
                # 灵犀机器人科技 -> 灵犀机器人, 中关村…投资基金管理 -> 中关村…投资基金
                forms |= {f[: -len(t.group())] for f in forms if (t := _BUSINESS_TAIL.search(f))}
                for form in forms:
                    shorts.setdefault(form, set()).add(normalize_name(entity.name))
        for entity in entities:
            known = KnownEntity(
                id=entity.id,
                kind=entity.kind,
                name=entity.name,
                org_type=entity.org_type if isinstance(entity, Organization) else None,
                organization=normalize_name(entity.organization)
                if isinstance(entity, Person) and entity.organization
                else None,
                entity=entity,
            )
            for name in {entity.name, *entity.aliases}:
                gazetteer.add(known, name)
        # Short forms (北京市科协, 中科院自动化所) only where they name one listed organization
        # (the member and the expert list may both give it, under two ids: the first wins, as
        # for its full name).
        for form, names in shorts.items():
            if len(names) == 1 and form not in full and len(form) >= MIN_SHORT_FORM:
                known = gazetteer.lookup(next(iter(names)), NodeKind.ORGANIZATION)
                if known:
                    gazetteer.add(known[0], form)
        return gazetteer

    def add(self, entity: KnownEntity, name: str) -> None:
        name = name.strip()
        if len(name) < MIN_CHARS.get(entity.kind, 2):
            return
        self._by_id[entity.id] = entity
        key = normalize_name(name)
        ids = self._names.setdefault(key, [])
        if entity.id not in ids:
            ids.append(entity.id)
        self._matcher.add(name, key)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, entity_id: str) -> KnownEntity | None:
        return self._by_id.get(entity_id)

    def lookup(self, name: str, kind: NodeKind | None = None) -> list[KnownEntity]:
        """Known entities with this (normalized) name or alias, optionally of one kind."""
        found = [self._by_id[i] for i in self._names.get(normalize_name(name), ())]
        return [e for e in found if kind is None or e.kind == kind]

    def find(self, form: str) -> Iterator[tuple[int, int, KnownEntity]]:
        """Mentions in ``form`` (matching form of a text): ``(start, end, first known entity)``.

        When one name belongs to several entities, the first is returned; callers that care
        (people) use :meth:`lookup` on the name.
        """
        for start, end, key in self._matcher.find(form):
            ids = self._names[key]
            yield start, end, self._by_id[ids[0]]
