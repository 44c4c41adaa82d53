"""The shared vocabulary of graphmap: node kinds, edge kinds, evidence and review status.

Every layer speaks in these types. ``ingest`` produces :class:`Document` and :class:`Record`;
``nlp`` produces :class:`Extraction` (entities and relations, each with :class:`Evidence`);
``graphmap.build`` merges them into the workspace; analyses and ``viz`` read the graph.

Identity is derived, never assigned: the same input yields the same id on every rebuild.
Organizations are keyed by their unified social credit code when known, otherwise by their
normalized name; people by name plus organization; chain segments by industry plus name.

In the networkx view (:func:`graphmap.store.Workspace.graph`) every node carries the
attributes ``kind``, ``name``, ``status``, ``aliases``, ``evidence`` (a list of dicts) plus
its kind-specific fields; every edge is keyed by its edge kind and carries ``id``, ``kind``,
``status``, ``evidence`` plus its own fields (e.g. ``title`` on AFFILIATED_WITH).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from graphmap.normalize import normalize_name


class NodeKind(StrEnum):
    ORGANIZATION = "Organization"
    PERSON = "Person"
    TECHNOLOGY = "Technology"
    INDUSTRY = "Industry"
    CHAIN_SEGMENT = "ChainSegment"
    CONSORTIUM = "Consortium"
    EVENT = "Event"
    ACHIEVEMENT = "Achievement"
    DOCUMENT = "Document"


class EdgeKind(StrEnum):
    AFFILIATED_WITH = "AFFILIATED_WITH"  # Person -> Organization (title, role)
    EXPERT_IN = "EXPERT_IN"  # Person -> Technology
    WORKS_ON = "WORKS_ON"  # Organization -> Technology
    MEMBER_OF = "MEMBER_OF"  # Organization -> Consortium (since)
    LEADS = "LEADS"  # Organization -> Consortium
    IN_SEGMENT = "IN_SEGMENT"  # Organization | Technology -> ChainSegment
    PART_OF = "PART_OF"  # ChainSegment -> Industry
    UPSTREAM_OF = "UPSTREAM_OF"  # ChainSegment -> ChainSegment
    SPOKE_AT = "SPOKE_AT"  # Person -> Event
    ATTENDED = "ATTENDED"  # Person -> Event
    HOSTED = "HOSTED"  # Organization -> Event
    COOPERATES_WITH = "COOPERATES_WITH"  # Organization -> Organization
    DEVELOPED = "DEVELOPED"  # Organization | Person -> Achievement
    TRANSFERRED_TO = "TRANSFERRED_TO"  # Achievement -> Organization
    MENTIONS = "MENTIONS"  # Document -> any


#: Which node kinds an edge kind may connect (source kinds, target kinds).
EDGE_ENDPOINTS: dict[EdgeKind, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    EdgeKind.AFFILIATED_WITH: (frozenset({NodeKind.PERSON}), frozenset({NodeKind.ORGANIZATION})),
    EdgeKind.EXPERT_IN: (frozenset({NodeKind.PERSON}), frozenset({NodeKind.TECHNOLOGY})),
    EdgeKind.WORKS_ON: (frozenset({NodeKind.ORGANIZATION}), frozenset({NodeKind.TECHNOLOGY})),
    EdgeKind.MEMBER_OF: (frozenset({NodeKind.ORGANIZATION}), frozenset({NodeKind.CONSORTIUM})),
    EdgeKind.LEADS: (frozenset({NodeKind.ORGANIZATION}), frozenset({NodeKind.CONSORTIUM})),
    EdgeKind.IN_SEGMENT: (
        frozenset({NodeKind.ORGANIZATION, NodeKind.TECHNOLOGY}),
        frozenset({NodeKind.CHAIN_SEGMENT}),
    ),
    EdgeKind.PART_OF: (frozenset({NodeKind.CHAIN_SEGMENT}), frozenset({NodeKind.INDUSTRY})),
    EdgeKind.UPSTREAM_OF: (
        frozenset({NodeKind.CHAIN_SEGMENT}),
        frozenset({NodeKind.CHAIN_SEGMENT}),
    ),
    EdgeKind.SPOKE_AT: (frozenset({NodeKind.PERSON}), frozenset({NodeKind.EVENT})),
    EdgeKind.ATTENDED: (frozenset({NodeKind.PERSON}), frozenset({NodeKind.EVENT})),
    EdgeKind.HOSTED: (frozenset({NodeKind.ORGANIZATION}), frozenset({NodeKind.EVENT})),
    EdgeKind.COOPERATES_WITH: (
        frozenset({NodeKind.ORGANIZATION}),
        frozenset({NodeKind.ORGANIZATION}),
    ),
    EdgeKind.DEVELOPED: (
        frozenset({NodeKind.ORGANIZATION, NodeKind.PERSON}),
        frozenset({NodeKind.ACHIEVEMENT}),
    ),
    EdgeKind.TRANSFERRED_TO: (
        frozenset({NodeKind.ACHIEVEMENT}),
        frozenset({NodeKind.ORGANIZATION}),
    ),
    EdgeKind.MENTIONS: (frozenset({NodeKind.DOCUMENT}), frozenset(NodeKind)),
}


class Status(StrEnum):
    CONFIRMED = "confirmed"
    UNCERTAIN = "uncertain"
    REJECTED = "rejected"


class OrgType(StrEnum):
    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    GOVERNMENT = "government"
    ASSOCIATION = "association"
    HOSPITAL = "hospital"
    FINANCE = "finance"
    OTHER = "other"


class Stage(StrEnum):
    UPSTREAM = "upstream"
    MIDSTREAM = "midstream"
    DOWNSTREAM = "downstream"


class DocType(StrEnum):
    TRANSCRIPT = "transcript"
    NEWS = "news"
    REPORT = "report"
    SLIDES = "slides"
    HANDBOOK = "handbook"
    MEMBER_LIST = "member_list"
    EXPERT_LIST = "expert_list"
    OTHER = "other"


def stable_id(prefix: str, *parts: str) -> str:
    """Return a short id that depends only on ``prefix`` and ``parts``.

    Examples
    --------
    >>> stable_id("org", "清华大学") == stable_id("org", "清华大学")
    True
    >>> stable_id("org", "清华大学").startswith("org-")
    True
    """
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}"


def files_digest(root: Path, paths: Iterable[Path]) -> str:
    """A digest of files' names (relative to ``root``) and contents: a version of code and
    data that changes whenever one of them does (``__pycache__`` is never part of it)."""
    digest = hashlib.sha1()
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact comes from: a character span of a document and the sentence around it.

    ``start``/``end`` index the document's text, so ``text[start:end]`` is the mention.
    List records point at their row: ``start == end == 0`` and ``sentence`` holds the row.
    """

    doc_id: str
    start: int
    end: int
    sentence: str
    extractor: str
    confidence: float = 1.0

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"evidence span [{self.start}, {self.end}) is not a valid span")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"evidence confidence {self.confidence} is outside [0, 1]")

    def to_dict(self) -> dict[str, Any]:
        # spelled out: dataclasses.asdict deep-copies and was most of the cost of caching an
        # extraction (every mention has one Evidence)
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end,
                "sentence": self.sentence, "extractor": self.extractor,
                "confidence": self.confidence}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(**data)


# --------------------------------------------------------------------------------------------
# Nodes
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Entity:
    """A node of the graph. Subclasses add their kind's fields and identity rule."""

    kind: ClassVar[NodeKind]
    id_prefix: ClassVar[str]

    name: str
    aliases: set[str] = field(default_factory=set)
    status: Status = Status.UNCERTAIN
    evidence: list[Evidence] = field(default_factory=list)
    #: Set when identity was decided elsewhere (a resolved merge, a curated rename): the id
    #: then stays put even though the name no longer derives it.
    fixed_id: str | None = None
    #: Why other entities were folded into this one: ``{"id", "name", "reason", ...}`` per
    #: merge (see :mod:`graphmap.resolution`); an attribute only when not empty.
    merged_from: list[dict[str, Any]] = field(default_factory=list)

    def identity_key(self) -> tuple[str, ...]:
        """The parts the id is derived from; override where a kind has a stronger key."""
        return (normalize_name(self.name),)

    @property
    def id(self) -> str:
        return self.fixed_id or stable_id(self.id_prefix, *self.identity_key())

    def attributes(self) -> dict[str, Any]:
        """Kind-specific fields as plain JSON-able values."""
        base = _COMMON_FIELDS if self.merged_from else _COMMON_FIELDS | {"merged_from"}
        out: dict[str, Any] = {}
        for name in _field_names(type(self)):
            if name in base:
                continue
            value = getattr(self, name)
            if isinstance(value, set):
                value = sorted(value)
            elif isinstance(value, StrEnum):
                value = value.value
            out[name] = value
        return out


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


#: Fields every entity has, which ``attributes()`` leaves out (``merged_from`` only when empty).
_COMMON_FIELDS = frozenset(_field_names(Entity)) - {"merged_from"}


@dataclass(slots=True, kw_only=True)
class Organization(Entity):
    kind: ClassVar[NodeKind] = NodeKind.ORGANIZATION
    id_prefix: ClassVar[str] = "org"

    org_type: OrgType = OrgType.OTHER
    credit_code: str | None = None
    region: str | None = None

    def identity_key(self) -> tuple[str, ...]:
        if self.credit_code:
            return ("credit", self.credit_code.strip().upper())
        return (normalize_name(self.name),)


@dataclass(slots=True, kw_only=True)
class Person(Entity):
    kind: ClassVar[NodeKind] = NodeKind.PERSON
    id_prefix: ClassVar[str] = "per"

    #: The organization that tells this person apart from namesakes (its normalized name).
    organization: str | None = None
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    fields_of_work: list[str] = field(default_factory=list)
    gender: str | None = None
    birth_year: int | None = None
    bio: str | None = None
    #: Titles and roles with where they were stated: ``{"title" | "role", "organization",
    #: "doc_ids"}`` each (filled by :func:`graphmap.resolution.resolve`).
    positions: list[dict[str, Any]] = field(default_factory=list)

    def identity_key(self) -> tuple[str, ...]:
        return (normalize_name(self.name), normalize_name(self.organization or ""))


@dataclass(slots=True, kw_only=True)
class Technology(Entity):
    kind: ClassVar[NodeKind] = NodeKind.TECHNOLOGY
    id_prefix: ClassVar[str] = "tech"


@dataclass(slots=True, kw_only=True)
class Industry(Entity):
    kind: ClassVar[NodeKind] = NodeKind.INDUSTRY
    id_prefix: ClassVar[str] = "ind"


@dataclass(slots=True, kw_only=True)
class ChainSegment(Entity):
    kind: ClassVar[NodeKind] = NodeKind.CHAIN_SEGMENT
    id_prefix: ClassVar[str] = "seg"

    industry: str
    stage: Stage

    def identity_key(self) -> tuple[str, ...]:
        return (normalize_name(self.industry), normalize_name(self.name))


@dataclass(slots=True, kw_only=True)
class Consortium(Entity):
    kind: ClassVar[NodeKind] = NodeKind.CONSORTIUM
    id_prefix: ClassVar[str] = "cons"

    industry: str | None = None


@dataclass(slots=True, kw_only=True)
class Event(Entity):
    kind: ClassVar[NodeKind] = NodeKind.EVENT
    id_prefix: ClassVar[str] = "evt"

    event_type: str = "salon"  # salon | innovation_event | other
    date: str | None = None  # ISO date
    place: str | None = None
    attendance: int | None = None

    def identity_key(self) -> tuple[str, ...]:
        return (normalize_name(self.name), self.date or "")


@dataclass(slots=True, kw_only=True)
class Achievement(Entity):
    kind: ClassVar[NodeKind] = NodeKind.ACHIEVEMENT
    id_prefix: ClassVar[str] = "ach"

    transferred: bool = False
    year: int | None = None


@dataclass(slots=True, kw_only=True)
class DocumentNode(Entity):
    kind: ClassVar[NodeKind] = NodeKind.DOCUMENT
    id_prefix: ClassVar[str] = "doc"

    doc_id: str
    doc_type: DocType = DocType.OTHER
    path: str | None = None

    def identity_key(self) -> tuple[str, ...]:
        return (self.doc_id,)

    @property
    def id(self) -> str:
        return self.fixed_id or self.doc_id


ENTITY_CLASSES: dict[NodeKind, type[Entity]] = {
    cls.kind: cls
    for cls in (
        Organization,
        Person,
        Technology,
        Industry,
        ChainSegment,
        Consortium,
        Event,
        Achievement,
        DocumentNode,
    )
}


def entity_from_parts(
    kind: NodeKind | str,
    name: str,
    attributes: dict[str, Any] | None = None,
    *,
    aliases: set[str] | None = None,
    status: Status | str = Status.UNCERTAIN,
    evidence: list[Evidence] | None = None,
    fixed_id: str | None = None,
) -> Entity:
    """Rebuild a typed entity from stored parts (unknown attribute names are an error)."""
    cls = ENTITY_CLASSES[NodeKind(kind)]
    attrs = dict(attributes or {})
    for key in ("org_type",):
        if key in attrs and attrs[key] is not None:
            attrs[key] = OrgType(attrs[key])
    if "stage" in attrs and attrs["stage"] is not None:
        attrs["stage"] = Stage(attrs["stage"])
    if "doc_type" in attrs and attrs["doc_type"] is not None:
        attrs["doc_type"] = DocType(attrs["doc_type"])
    return cls(
        name=name,
        aliases=set(aliases or ()),
        status=Status(status),
        evidence=list(evidence or ()),
        fixed_id=fixed_id,
        **attrs,
    )


# --------------------------------------------------------------------------------------------
# Edges
# --------------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Relation:
    """A directed, typed edge between two entity ids, with its own evidence and status."""

    kind: EdgeKind
    source: str
    target: str
    attributes: dict[str, Any] = field(default_factory=dict)
    status: Status = Status.UNCERTAIN
    evidence: list[Evidence] = field(default_factory=list)
    # (kind, source, target, id) of the last id asked for: assembly and resolution ask a
    # relation its id several times, and hashing was a tenth of a build
    _id_of: tuple[EdgeKind, str, str, str] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def id(self) -> str:
        known = self._id_of
        if (known is not None and known[0] is self.kind and known[1] == self.source
                and known[2] == self.target):
            return known[3]
        rid = stable_id("rel", self.kind.value, self.source, self.target)
        self._id_of = (self.kind, self.source, self.target, rid)
        return rid


# --------------------------------------------------------------------------------------------
# What ingest produces
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of a document's text with a label (paragraph, sentence, heading...)."""

    start: int
    end: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker turn of a transcript: who speaks over which characters."""

    start: int
    end: int
    speaker: str
    title: str | None = None
    affiliation: str | None = None


@dataclass(slots=True, kw_only=True)
class Record:
    """One row of a member or expert list, with its header-mapped fields.

    ``fields`` uses canonical keys: for members ``name, org_type, credit_code, segment,
    joined, role`` (role: lead / member); for experts ``name, gender, birth, title,
    organization, field, bio``. ``raw`` keeps the row as read.
    """

    record_type: str  # "member" | "expert"
    fields: dict[str, str]
    sheet: str = ""
    row: int = 0
    raw: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Document:
    """A file read by ``ingest``: its text with structure, or its list records."""

    path: str
    content_hash: str
    text: str = ""
    doc_type: DocType = DocType.OTHER
    title: str = ""
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Stable per path: a changed file keeps its id, so its evidence is replaced."""
        return stable_id("doc", self.path)


@dataclass(slots=True, kw_only=True)
class Extraction:
    """What ``nlp`` (or the list mapper) found in one document."""

    doc_id: str
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    extractor_version: str = ""
