"""Load the stored graph straight into networkx, row by row, without typed objects.

:func:`load_graph` gives exactly the graph of ``graph_from(ws.entities(), ws.relations())``
(same nodes, edges, keys and attribute dicts, in the same order) but builds each attribute
dict directly from its SQL row instead of making an :class:`~graphmap.model.Entity` or
:class:`~graphmap.model.Relation` and converting it back, and shares repeated strings
(kinds, statuses, document ids, extractors, sentences) between nodes and edges.

A row the fast path cannot vouch for (an unknown kind or field, an enum value that is not
one, a required field missing) goes through the typed objects after all, so such a row
gives the same attributes, or raises the same error, as the typed path.
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, fields
from enum import StrEnum
from itertools import chain
from typing import Any

import networkx as nx

from graphmap.graph import edge_attributes, node_attributes
from graphmap.model import (
    ENTITY_CLASSES,
    DocType,
    EdgeKind,
    Entity,
    Evidence,
    OrgType,
    Relation,
    Stage,
    Status,
    entity_from_parts,
    stable_id,
)

#: Fields every entity has; the graph carries them under their own keys, not as attributes.
_BASE_FIELDS = frozenset(f.name for f in fields(Entity))
#: The stored attributes :func:`graphmap.model.entity_from_parts` turns back into enums.
_ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "org_type": OrgType, "stage": Stage, "doc_type": DocType,
}
_SCALARS = (str, int, float, bool, type(None))
#: Parsed attribute dicts kept for reuse per distinct JSON text; past this many, parse anew.
_CACHE_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    default: Any  # MISSING when the field has a factory or is required
    factory: Callable[[], Any] | None
    enum_values: frozenset[str] | None


def _plain(value: Any) -> Any:
    """A field value as :meth:`Entity.attributes` reports it."""
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, StrEnum):
        return value.value
    return value


def _kind_fields(cls: type[Entity]) -> tuple[_Field, ...]:
    out = []
    for f in fields(cls):
        if f.name in _BASE_FIELDS:
            continue
        enum = _ENUM_FIELDS.get(f.name)
        out.append(_Field(
            f.name,
            _plain(f.default) if f.default is not MISSING else MISSING,
            f.default_factory if f.default_factory is not MISSING else None,
            frozenset(member.value for member in enum) if enum else None,
        ))
    return tuple(out)


_KIND_FIELDS: dict[str, tuple[_Field, ...]] = {
    kind.value: _kind_fields(cls) for kind, cls in ENTITY_CLASSES.items()
}
_KIND_ALLOWED: dict[str, frozenset[str]] = {
    kind: frozenset(f.name for f in kind_fields) | {"merged_from"}
    for kind, kind_fields in _KIND_FIELDS.items()
}
_STATUSES = frozenset(s.value for s in Status)
_EDGE_KINDS = frozenset(k.value for k in EdgeKind)


def _entity_attributes(kind: str, stored: dict[str, Any]) -> dict[str, Any] | None:
    """What ``Entity.attributes()`` gives for an entity rebuilt from ``stored``.

    ``None`` when only the typed path can tell (it then raises, or normalizes a value).
    """
    if not stored.keys() <= _KIND_ALLOWED[kind]:
        return None
    out: dict[str, Any] = {}
    merged = stored.get("merged_from")
    if merged:
        out["merged_from"] = merged
    for f in _KIND_FIELDS[kind]:
        if f.name in stored:
            value = stored[f.name]
            if f.enum_values is not None and value is not None and not (
                type(value) is str and value in f.enum_values
            ):
                return None
        elif f.factory is not None:
            value = _plain(f.factory())
        elif f.default is not MISSING:
            value = f.default
        else:
            return None
        out[f.name] = value
    return out


def _copy_plan(values: dict[str, Any]) -> tuple[str, ...] | None:
    """How to reuse ``values`` for another row: the keys whose lists each row gets a copy of.

    ``None`` when a value holds containers of its own (it is parsed anew for every row).
    """
    lists = []
    for key, value in values.items():
        if isinstance(value, _SCALARS):
            continue
        if type(value) is list and all(isinstance(item, _SCALARS) for item in value):
            lists.append(key)
        else:
            return None
    return tuple(lists)


def _reuse(
    cache: dict[Any, tuple[dict[str, Any], tuple[str, ...]]], key: Any, values: dict[str, Any]
) -> None:
    if len(cache) < _CACHE_LIMIT:
        plan = _copy_plan(values)
        if plan is not None:
            cache[key] = (values, plan)


def _typed_node(
    entity_id: str, kind: str, name: str, attrs: str, status: str, aliases: list[str],
    evidence: list[dict[str, Any]],
) -> tuple[str, dict[str, Any]]:
    """The node through typed objects, exactly as ``graph_from(ws.entities(), ...)``."""
    entity = entity_from_parts(
        kind, name, json.loads(attrs), aliases=set(aliases), status=status,
        evidence=[Evidence(**ev) for ev in evidence], fixed_id=entity_id,
    )
    return entity.id, node_attributes(entity)


def _typed_edge(
    kind: str, source: str, target: str, attrs: str, status: str,
    evidence: list[dict[str, Any]],
) -> dict[str, Any]:
    relation = Relation(
        kind=EdgeKind(kind), source=source, target=target, attributes=json.loads(attrs),
        status=Status(status), evidence=[Evidence(**ev) for ev in evidence],
    )
    return edge_attributes(relation)


def _evidence(db: sqlite3.Connection, shared: dict[str, str]) -> tuple[
    dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]
]:
    """Evidence dicts (``Evidence.to_dict()`` shape) per entity and per relation, by row id."""
    of_entity: dict[str, list[dict[str, Any]]] = {}
    of_relation: dict[str, list[dict[str, Any]]] = {}
    share = shared.setdefault
    for entity_id, relation_id, doc_id, start, end, sentence, extractor, confidence in db.execute(
        'SELECT entity_id, relation_id, doc_id, start, "end", sentence, extractor, confidence '
        "FROM evidence ORDER BY id"
    ):
        if start < 0 or end < start or not 0.0 <= confidence <= 1.0:
            Evidence(doc_id, start, end, sentence, extractor, confidence)  # raises as typed
        ev = {
            "doc_id": share(doc_id, doc_id), "start": start, "end": end,
            "sentence": share(sentence, sentence), "extractor": share(extractor, extractor),
            "confidence": confidence,
        }
        if entity_id is not None:
            owner, by_owner = entity_id, of_entity
        else:
            owner, by_owner = relation_id, of_relation
        found = by_owner.get(owner)
        if found is None:
            by_owner[owner] = [ev]
        else:
            found.append(ev)
    return of_entity, of_relation


def _relation_rows(db: sqlite3.Connection) -> Iterator[tuple]:
    """Relation rows in id order.

    Sorting a scan of the table is about twice as fast as walking the id index (one random
    table lookup per row), but the sort needs temporary disk space about the size of the
    rows; when there is none, walk the index. The sort ends before the first row comes out,
    so a failure shows before any row is used.
    """
    query = "SELECT id, kind, source_id, target_id, attrs, status FROM relations ORDER BY "
    try:
        cursor = db.execute(query + "+id")  # the unary plus keeps the planner off the index
        first = cursor.fetchone()
    except sqlite3.OperationalError:
        cursor = db.execute(query + "id")
        first = cursor.fetchone()
    return iter(()) if first is None else chain((first,), cursor)


def load_graph(db: sqlite3.Connection, *, evidence: bool = True) -> nx.MultiDiGraph:
    """The whole stored graph as a MultiDiGraph (attributes as in :mod:`graphmap.graph`).

    Parameters
    ----------
    db : sqlite3.Connection
        An open workspace database (``Workspace.db``).
    evidence : bool
        When false, every node and edge gets an empty ``evidence`` list and the evidence
        table is not read at all: much faster on evidence-heavy workspaces, for analyses
        that only need the structure.

    Returns
    -------
    networkx.MultiDiGraph
        Equal to ``graph_from(ws.entities(), ws.relations())``: the same nodes and edges in
        the same order, the same keys and attribute dicts.

    Raises
    ------
    ValueError
        When a relation refers to an entity that is not stored (as ``graph_from`` does).

    Notes
    -----
    All reads happen in one read transaction, so a concurrent build cannot mix two graphs.
    The cyclic garbage collector is paused while the graph is built: the load creates
    millions of dicts and lists and no cycles, and every full collection would walk them
    all again (at a million nodes that was most of the load time).
    """
    own_transaction = not db.in_transaction
    collecting = gc.isenabled()
    if own_transaction:
        db.execute("BEGIN")
    gc.disable()
    try:
        return _load(db, evidence)
    finally:
        if collecting:
            gc.enable()
        if own_transaction:
            db.execute("COMMIT")


def _load(db: sqlite3.Connection, with_evidence: bool) -> nx.MultiDiGraph:
    shared: dict[str, str] = {}
    share = shared.setdefault
    if with_evidence:
        entity_evidence, relation_evidence = _evidence(db, shared)
    else:
        entity_evidence, relation_evidence = {}, {}
    aliases: dict[str, list[str]] = {}
    for entity_id, alias in db.execute(
        "SELECT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE a.alias != e.name"
    ):
        aliases.setdefault(entity_id, []).append(alias)

    graph = nx.MultiDiGraph()
    node, succ, pred = graph._node, graph._succ, graph._pred
    #: Each node id once: edges point at the node's own string instead of a copy per row.
    ids: dict[str, str] = {}
    parsed_attrs: dict[tuple[str, str], tuple[dict[str, Any], tuple[str, ...]]] = {}
    take_evidence = entity_evidence.pop
    no_aliases: list[str] = []
    for entity_id, kind, name, attrs, status in db.execute(
        "SELECT id, kind, name, attrs, status FROM entities ORDER BY id"
    ):
        ev = take_evidence(entity_id, None) or []
        own_aliases = aliases.get(entity_id, no_aliases)
        tail, lists = None, ()
        if entity_id and kind in _KIND_ALLOWED and status in _STATUSES:
            reused = parsed_attrs.get((kind, attrs))
            if reused is not None:
                tail, lists = reused
            else:
                stored = json.loads(attrs)
                tail = _entity_attributes(kind, stored) if type(stored) is dict else None
                if tail is not None:
                    _reuse(parsed_attrs, (kind, attrs), tail)
        if tail is None:
            node_id, data = _typed_node(entity_id, kind, name, attrs, status, own_aliases, ev)
        else:
            node_id = entity_id
            data = {
                "kind": share(kind, kind), "name": name, "status": share(status, status),
                "aliases": sorted(own_aliases), "evidence": ev, **tail,
            }
            for key in lists:
                data[key] = data[key].copy()
        if node_id in node:  # only when the typed path derived an id another row has
            node[node_id].update(data)
        else:
            ids[node_id] = node_id
            node[node_id] = data
            succ[node_id] = {}
            pred[node_id] = {}
    del aliases, parsed_attrs

    parsed_relation_attrs: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {"{}": ({}, ())}
    take_evidence = relation_evidence.pop
    for relation_id, kind, source, target, attrs, status in _relation_rows(db):
        ev = (take_evidence(relation_id, None) if relation_evidence else None) or []
        data = None
        if kind in _EDGE_KINDS and status in _STATUSES:
            extra, lists = parsed_relation_attrs.get(attrs) or (None, ())
            if extra is None:
                extra = json.loads(attrs)
                if type(extra) is not dict:
                    extra = None
                else:
                    _reuse(parsed_relation_attrs, attrs, extra)
            if extra is not None:
                kind = share(kind, kind)
                data = {
                    "id": stable_id("rel", kind, source, target), "kind": kind,
                    "status": share(status, status), "evidence": ev, **extra,
                }
                for key in lists:
                    data[key] = data[key].copy()
        if data is None:
            data = _typed_edge(kind, source, target, attrs, status, ev)
        source, target = ids.get(source, source), ids.get(target, target)
        if source not in succ or target not in succ:
            end = source if source not in succ else target
            raise ValueError(f"relation {EdgeKind(kind)} refers to unknown entity {end}")
        out = succ[source]
        keydict = out.get(target)
        if keydict is None:
            out[target] = pred[target][source] = {kind: data}
        elif kind in keydict:
            keydict[kind].update(data)
        else:
            keydict[kind] = data
    return graph
