"""Push the workspace graph into Neo4j: idempotent, incremental, batched.

The database mirrors one workspace. A push sends only what differs from what the database
holds, in batches of ``UNWIND $rows ... MERGE`` per label and relationship type:

1. schema: constraints and indexes (``IF NOT EXISTS``);
2. nodes new or changed, per label;
3. relationships removed since, per type; then new or changed ones, per (type, endpoints);
4. nodes removed since, per label (with what still hangs on them).

"What the database holds" comes from the push state kept in the workspace (table
``neo4j_push_state``: per target, every pushed id with its hash), when the database's counts
per label and type still match it: then nothing is read back and an unchanged workspace sends
nothing at all. Otherwise (first push, ``full=True``, a database wiped or edited behind our
back) the push *reconciles*: it reads the ids and hashes graphmap left in the database. Either
way every write is guarded by the element's hash, so sending an unchanged element changes
nothing on the server: pushing twice reports zero created, deleted and set.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import networkx as nx

from graphmap.model import EdgeKind, NodeKind
from graphmap.neo4j import schema
from graphmap.neo4j.connection import Neo4jBackend

Progress = Callable[[str, int, int], None]

#: Rows per UNWIND batch (and per transaction): large enough to amortize a round trip, small
#: enough that one transaction stays well inside a default server heap.
BATCH_SIZE = 1000

_STATE_TABLE = """
CREATE TABLE IF NOT EXISTS neo4j_push_state (
    target TEXT NOT NULL,
    element TEXT NOT NULL CHECK (element IN ('node', 'relationship')),
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (target, element, id)
)
"""

_TARGETS_TABLE = """
CREATE TABLE IF NOT EXISTS neo4j_targets (
    uri TEXT NOT NULL,
    database TEXT NOT NULL,
    user TEXT NOT NULL,
    pushed_at TEXT NOT NULL,
    PRIMARY KEY (uri, database)
)
"""

T = TypeVar("T")


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(slots=True)
class PushReport:
    """What a push did. ``counters`` are the server's own (summed over all statements)."""

    target: str
    mode: str  # "incremental" (from the push state) or "reconciled" (read from the database)
    reason: str
    nodes_sent: int = 0
    relationships_sent: int = 0
    nodes_unchanged: int = 0
    relationships_unchanged: int = 0
    nodes_removed: int = 0
    relationships_removed: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """Whether the push changed any data (schema counters excluded)."""
        data = ("nodes_created", "nodes_deleted", "relationships_created",
                "relationships_deleted", "properties_set", "labels_added", "labels_removed")
        return any(self.counters.get(name, 0) for name in data)


# -- push state in the workspace ---------------------------------------------------------------


Key = tuple[str, str]  # (label or type, id)


class PushState:
    """What the last successful push to one target left there, kept in the workspace."""

    def __init__(self, db: sqlite3.Connection, target: str) -> None:
        self.db = db
        self.target = target
        db.execute(_STATE_TABLE)

    def load(self) -> tuple[dict[Key, str], dict[Key, str]]:
        """``(nodes, relationships)``: ``{(label, id): hash}`` and ``{(type, id): hash}``."""
        out: dict[str, dict[Key, str]] = {"node": {}, "relationship": {}}
        for element, id_, label, hash_ in self.db.execute(
            "SELECT element, id, label, hash FROM neo4j_push_state WHERE target = ?",
            (self.target,),
        ):
            out[element][(label, id_)] = hash_
        return out["node"], out["relationship"]

    def save(self, nodes: dict[Key, str], relationships: dict[Key, str]) -> None:
        """Replace this target's state in one transaction."""
        rows = [(self.target, "node", i, lab, h) for (lab, i), h in nodes.items()]
        rows += [(self.target, "relationship", i, t, h) for (t, i), h in relationships.items()]
        own = not self.db.in_transaction
        if own:
            self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DELETE FROM neo4j_push_state WHERE target = ?", (self.target,))
            self.db.executemany(
                "INSERT INTO neo4j_push_state(target, element, id, label, hash) "
                "VALUES (?,?,?,?,?)",
                rows,
            )
        except BaseException:
            if own:
                self.db.execute("ROLLBACK")
            raise
        if own:
            self.db.execute("COMMIT")

    def clear(self) -> None:
        self.db.execute("DELETE FROM neo4j_push_state WHERE target = ?", (self.target,))


# -- the push ----------------------------------------------------------------------------------


def _batches(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _add(total: dict[str, int], counters: dict[str, int]) -> None:
    for name, value in counters.items():
        total[name] = total.get(name, 0) + value


def _remote_counts_match(
    backend: Neo4jBackend, nodes: dict[Key, str], relationships: dict[Key, str]
) -> str:
    """Empty when the database's counts per label/type equal the push state's, else why not."""
    expected_nodes: dict[str, int] = defaultdict(int)
    for label, _ in nodes:
        expected_nodes[label] += 1
    expected_rels: dict[str, int] = defaultdict(int)
    for type_, _ in relationships:
        expected_rels[type_] += 1
    for kind in NodeKind:
        held = backend.run(schema.count_nodes_statement(kind))[0]["count"]
        if held != expected_nodes.get(kind.value, 0):
            return (f"the database holds {held} {kind.value} nodes, the last push left "
                    f"{expected_nodes.get(kind.value, 0)}")
    for kind in EdgeKind:
        held = backend.run(schema.count_relationships_statement(kind))[0]["count"]
        if held != expected_rels.get(kind.value, 0):
            return (f"the database holds {held} {kind.value} relationships, the last push left "
                    f"{expected_rels.get(kind.value, 0)}")
    return ""


def _remote_hashes(backend: Neo4jBackend) -> tuple[dict[Key, str], dict[Key, str]]:
    nodes = {
        (kind.value, r["id"]): r["hash"]
        for kind in NodeKind
        for r in backend.run(schema.node_hashes_statement(kind))
    }
    relationships = {
        (kind.value, r["id"]): r["hash"]
        for kind in EdgeKind
        for r in backend.run(schema.relationship_hashes_statement(kind))
    }
    return nodes, relationships


def push_graph(
    graph: nx.MultiDiGraph,
    backend: Neo4jBackend,
    *,
    state: PushState | None = None,
    full: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress = _no_progress,
) -> PushReport:
    """Make the database hold exactly ``graph`` (as far as graphmap's elements go).

    Parameters
    ----------
    graph : nx.MultiDiGraph
        The graph view (see :mod:`graphmap.graph`).
    backend : Neo4jBackend
        Where to push (see :func:`graphmap.neo4j.connection.connect`).
    state : PushState, optional
        The push state of this target; without it every push reconciles.
    full : bool
        Reconcile against the database even when the push state looks current.
    batch_size : int
        Rows per ``UNWIND`` statement and transaction.
    progress : callable
        Called as ``progress(stage, done, total)``.

    Returns
    -------
    PushReport
        Rows sent, elements unchanged and removed, and the server's counters.
    """
    started = time.perf_counter()
    node_rows = list(schema.node_rows(graph))
    rel_rows = list(schema.relationship_rows(graph))

    remote_nodes: dict[Key, str] = {}
    remote_rels: dict[Key, str] = {}
    reason = ""
    if state is not None and not full:
        remote_nodes, remote_rels = state.load()
        reason = (
            _remote_counts_match(backend, remote_nodes, remote_rels)
            if remote_nodes or remote_rels
            else "no earlier push to this database is recorded"
        )
    else:
        reason = "full push asked for" if full else "no push state kept"
    mode = "incremental" if state is not None and not reason else "reconciled"
    if mode == "reconciled":
        remote_nodes, remote_rels = _remote_hashes(backend)
    else:
        reason = "the database matches the last push"

    report = PushReport(target=backend.target, mode=mode, reason=reason)
    counters: dict[str, int] = {}

    statements = schema.schema_statements()
    for done, statement in enumerate(statements, 1):
        _add(counters, backend.schema(statement))
        progress("schema", done, len(statements))

    local_nodes = {(r.label, r.id): r.props[schema.HASH] for r in node_rows}
    local_rels = {(r.type, r.id): r.props[schema.HASH] for r in rel_rows}
    send_nodes = [r for r in node_rows if remote_nodes.get((r.label, r.id)) != r.props[schema.HASH]]
    send_rels = [r for r in rel_rows if remote_rels.get((r.type, r.id)) != r.props[schema.HASH]]
    gone_nodes = [key for key in remote_nodes if key not in local_nodes]
    gone_rels = [key for key in remote_rels if key not in local_rels]
    report.nodes_sent, report.relationships_sent = len(send_nodes), len(send_rels)
    report.nodes_unchanged = len(node_rows) - len(send_nodes)
    report.relationships_unchanged = len(rel_rows) - len(send_rels)
    report.nodes_removed, report.relationships_removed = len(gone_nodes), len(gone_rels)

    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in send_nodes:
        by_label[row.label].append({"id": row.id, "props": row.props})
    _run_batches(backend, "nodes", by_label, schema.upsert_nodes_statement, "rows", batch_size,
                 counters, progress)

    gone_by_type: dict[str, list[str]] = defaultdict(list)
    for type_, id_ in gone_rels:
        gone_by_type[type_].append(id_)
    _run_batches(backend, "removed relationships", gone_by_type,
                 schema.delete_relationships_statement, "ids", batch_size, counters, progress)

    by_shape: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for rel in send_rels:
        by_shape[(rel.type, rel.source_label, rel.target_label)].append(
            {"id": rel.id, "source": rel.source, "target": rel.target, "props": rel.props}
        )
    _run_batches(backend, "relationships", by_shape,
                 lambda shape: schema.upsert_relationships_statement(*shape), "rows",
                 batch_size, counters, progress)

    gone_by_label: dict[str, list[str]] = defaultdict(list)
    for label, id_ in gone_nodes:
        gone_by_label[label].append(id_)
    _run_batches(backend, "removed nodes", gone_by_label, schema.delete_nodes_statement, "ids",
                 batch_size, counters, progress)

    if state is not None:
        state.save(local_nodes, local_rels)
    report.counters = counters
    report.seconds = time.perf_counter() - started
    return report


def _run_batches(
    backend: Neo4jBackend,
    stage: str,
    groups: dict[Any, list[Any]],
    statement_for: Callable[[Any], str],
    parameter: str,
    batch_size: int,
    counters: dict[str, int],
    progress: Progress,
) -> None:
    total = sum(len(items) for items in groups.values())
    done = 0
    for key in sorted(groups):
        statement = statement_for(key)
        for batch in _batches(groups[key], batch_size):
            _add(counters, backend.write(statement, **{parameter: list(batch)}))
            done += len(batch)
            progress(stage, done, total)


@dataclass(frozen=True, slots=True)
class Target:
    """A Neo4j database a workspace was pushed to: where its analyses can run in Cypher."""

    uri: str
    database: str
    user: str
    pushed_at: str


def last_target(db: sqlite3.Connection) -> Target | None:
    """The database this workspace was last pushed to, if any (the workspace "points" there)."""
    db.execute(_TARGETS_TABLE)
    row = db.execute(
        "SELECT uri, database, user, pushed_at FROM neo4j_targets ORDER BY pushed_at DESC "
        "LIMIT 1"
    ).fetchone()
    return Target(*row) if row else None


def _remember_target(db: sqlite3.Connection, backend: Neo4jBackend) -> None:
    db.execute(_TARGETS_TABLE)
    db.execute(
        "INSERT OR REPLACE INTO neo4j_targets(uri, database, user, pushed_at) VALUES (?,?,?,?)",
        (backend.uri, backend.database, backend.user,
         datetime.now(UTC).isoformat(timespec="microseconds")),
    )


def push_workspace(
    ws: Any,
    backend: Neo4jBackend,
    *,
    full: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress = _no_progress,
) -> PushReport:
    """Push a workspace's graph, remembering what was pushed (for the next incremental push)
    and where (see :func:`last_target`)."""
    report = push_graph(
        ws.graph(),
        backend,
        state=PushState(ws.db, backend.target),
        full=full,
        batch_size=batch_size,
        progress=progress,
    )
    _remember_target(ws.db, backend)
    return report


def read_graph(backend: Neo4jBackend) -> nx.MultiDiGraph:
    """Read what graphmap pushed back into the graph view (the inverse of a push)."""
    nodes = [
        (kind.value, r["props"])
        for kind in NodeKind
        for r in backend.run(schema.read_nodes_statement(kind))
    ]
    relationships = [
        (kind.value, r["source"], r["target"], r["props"])
        for kind in EdgeKind
        for r in backend.run(schema.read_relationships_statement(kind))
    ]
    return schema.graph_from_rows(nodes, relationships)
