"""The embedded workspace: one folder, one SQLite database (WAL, foreign keys, transactions).

Documents are stored with their content hash; each document's extraction is cached beside it.
The graph tables (entities, aliases, relations, evidence) are derived: :func:`graphmap.build.
build` replaces them in a single transaction, so a build that fails halfway leaves the previous
graph exactly as it was. Curation is data and survives every rebuild.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx

from graphmap.errors import WorkspaceError
from graphmap.graphload import load_graph
from graphmap.model import (
    DocType,
    Document,
    EdgeKind,
    Entity,
    Evidence,
    Extraction,
    NodeKind,
    Record,
    Relation,
    Span,
    Status,
    Turn,
    entity_from_parts,
)
from graphmap.normalize import normalize_name

DB_NAME = "graphmap.sqlite"
#: Held (flock) by the build that is running; says which process holds it and since when.
BUILD_LOCK = "build.lock"

#: Each migration moves the schema one version up; applied in order inside one transaction.
MIGRATIONS: tuple[str, ...] = (
    # 1: documents, cached extractions, the derived graph, curation
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        doc_type TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        structure TEXT NOT NULL DEFAULT '{}',
        metadata TEXT NOT NULL DEFAULT '{}',
        added_at TEXT NOT NULL
    );
    CREATE TABLE records (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        record_type TEXT NOT NULL,
        sheet TEXT NOT NULL DEFAULT '',
        row INTEGER NOT NULL DEFAULT 0,
        fields TEXT NOT NULL,
        raw TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (doc_id, seq)
    );
    CREATE TABLE extractions (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        extractor_version TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        attrs TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain', 'rejected'))
    );
    CREATE INDEX entities_kind ON entities(kind);
    CREATE TABLE aliases (
        entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        normalized TEXT NOT NULL,
        PRIMARY KEY (entity_id, alias)
    );
    CREATE INDEX aliases_normalized ON aliases(normalized);
    CREATE TABLE relations (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        source_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        target_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        attrs TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain', 'rejected'))
    );
    CREATE INDEX relations_source ON relations(source_id);
    CREATE INDEX relations_target ON relations(target_id);
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        entity_id TEXT REFERENCES entities(id) ON DELETE CASCADE,
        relation_id TEXT REFERENCES relations(id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence TEXT NOT NULL,
        extractor TEXT NOT NULL,
        confidence REAL NOT NULL,
        CHECK ((entity_id IS NULL) != (relation_id IS NULL))
    );
    CREATE INDEX evidence_entity ON evidence(entity_id);
    CREATE INDEX evidence_relation ON evidence(relation_id);
    CREATE INDEX evidence_doc ON evidence(doc_id);
    CREATE TABLE curation (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE builds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        documents INTEGER NOT NULL,
        entities INTEGER NOT NULL,
        relations INTEGER NOT NULL
    );
    """,
    # 2: snapshots, full copies of the graph tables under a name (graphmap.snapshots)
    """
    CREATE TABLE snapshots (
        name TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        entities INTEGER NOT NULL,
        relations INTEGER NOT NULL
    );
    CREATE TABLE snapshot_entities (
        snapshot TEXT NOT NULL REFERENCES snapshots(name) ON DELETE CASCADE,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        attrs TEXT NOT NULL,
        status TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (snapshot, id)
    );
    CREATE TABLE snapshot_relations (
        snapshot TEXT NOT NULL REFERENCES snapshots(name) ON DELETE CASCADE,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        attrs TEXT NOT NULL,
        status TEXT NOT NULL,
        PRIMARY KEY (snapshot, id)
    );
    CREATE TABLE snapshot_evidence (
        snapshot TEXT NOT NULL REFERENCES snapshots(name) ON DELETE CASCADE,
        entity_id TEXT,
        relation_id TEXT,
        doc_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        sentence TEXT NOT NULL,
        extractor TEXT NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX snapshot_evidence_owner ON snapshot_evidence(snapshot, entity_id, relation_id)
    """,
    # 3: a digest per stored entity and relation (its row, aliases and evidence), so a build
    # rewrites only what changed (Workspace.replace_graph)
    """
    ALTER TABLE entities ADD COLUMN digest TEXT NOT NULL DEFAULT '';
    ALTER TABLE relations ADD COLUMN digest TEXT NOT NULL DEFAULT ''
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


@dataclass(slots=True)
class _Row:
    """What the graph tables hold for one entity or relation, and a digest of it."""

    values: tuple  # the entities / relations row, without the digest
    aliases: list[tuple[str, str]]
    evidence: list[tuple]
    digest: str


def _evidence_rows(evidence: Iterable[Evidence]) -> list[tuple]:
    return [
        (ev.doc_id, ev.start, ev.end, ev.sentence, ev.extractor, ev.confidence)
        for ev in evidence
    ]


def _digest(values: tuple, aliases: list, evidence: list) -> str:
    return hashlib.blake2b(
        repr((values, aliases, evidence)).encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


def _entity_row(e: Entity) -> _Row:
    values = (e.id, e.kind.value, e.name, _dumps(e.attributes()), e.status.value)
    aliases = sorted((a, normalize_name(a)) for a in {e.name, *e.aliases})
    evidence = _evidence_rows(e.evidence)
    return _Row(values, aliases, evidence, _digest(values, aliases, evidence))


def _relation_row(r: Relation) -> _Row:
    values = (r.id, r.kind.value, r.source, r.target, _dumps(r.attributes), r.status.value)
    evidence = _evidence_rows(r.evidence)
    return _Row(values, [], evidence, _digest(values, [], evidence))


def _drop_removed_evidence(db: sqlite3.Connection, rows: Iterable[_Row]) -> None:
    """Leave out evidence in documents removed while the graph was assembled.

    Such a row is stored without its digest, so the next build rewrites it whatever it holds.
    """
    live = {doc_id for (doc_id,) in db.execute("SELECT id FROM documents")}
    for row in rows:
        kept = [ev for ev in row.evidence if ev[0] in live]
        if len(kept) != len(row.evidence):
            row.evidence, row.digest = kept, ""


def _delete(db: sqlite3.Connection, table: str, ids: Iterable[str]) -> None:
    db.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in ids])


def _write_changed(
    db: sqlite3.Connection, owner: str, rows: dict[str, _Row], stored: dict[str, str]
) -> None:
    """Insert new and rewrite changed entities (``owner`` entity_id) or relations."""
    changed = [row for i, row in rows.items() if stored.get(i) != row.digest]
    existing = [row for row in changed if row.values[0] in stored]
    if owner == "entity_id":
        db.executemany(
            "UPDATE entities SET kind = ?, name = ?, attrs = ?, status = ?, digest = ? "
            "WHERE id = ?",
            [(*row.values[1:], row.digest, row.values[0]) for row in existing],
        )
        db.executemany(
            "INSERT INTO entities(id, kind, name, attrs, status, digest) VALUES (?,?,?,?,?,?)",
            [(*row.values, row.digest) for row in changed if row.values[0] not in stored],
        )
        db.executemany(
            "DELETE FROM aliases WHERE entity_id = ?", [(row.values[0],) for row in existing]
        )
        db.executemany(
            "INSERT OR IGNORE INTO aliases(entity_id, alias, normalized) VALUES (?,?,?)",
            [(row.values[0], *alias) for row in changed for alias in row.aliases],
        )
    else:
        db.executemany(
            "UPDATE relations SET kind = ?, source_id = ?, target_id = ?, attrs = ?, "
            "status = ?, digest = ? WHERE id = ?",
            [(*row.values[1:], row.digest, row.values[0]) for row in existing],
        )
        db.executemany(
            "INSERT INTO relations(id, kind, source_id, target_id, attrs, status, digest) "
            "VALUES (?,?,?,?,?,?,?)",
            [(*row.values, row.digest) for row in changed if row.values[0] not in stored],
        )
    db.executemany(
        f"DELETE FROM evidence WHERE {owner} = ?", [(row.values[0],) for row in existing]
    )
    entity, relation = ("?", "NULL") if owner == "entity_id" else ("NULL", "?")
    db.executemany(
        'INSERT INTO evidence(entity_id, relation_id, doc_id, start, "end", sentence, '
        f"extractor, confidence) VALUES ({entity}, {relation}, ?,?,?,?,?,?)",
        [(row.values[0], *ev) for row in changed for ev in row.evidence],
    )


@dataclass(slots=True, frozen=True)
class DocumentState:
    """One document as a build sees it: its content and what its cached extraction was made of."""

    id: str
    content_hash: str
    is_list: bool
    extracted_hash: str | None
    extracted_version: str | None

    def stale(self, extractor_version: str) -> bool:
        return (self.extracted_hash, self.extracted_version) != (
            self.content_hash, extractor_version
        )


def _read_only_reason(root: Path, path: Path) -> str:
    """Why ``root`` may only be read, or "" (SQLite's WAL files are created in the folder)."""
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path.name} is not writable"
    if root.exists() and not os.access(root, os.W_OK):
        return "the folder is not writable"
    return ""


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open ``path`` for reading without creating anything next to it.

    ``mode=ro`` still needs the WAL index file; in a folder we may not write that fails, and
    ``immutable=1`` (no locks, no index) is safe because nobody can write there either.
    """
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        return _opened(uri)
    except sqlite3.OperationalError:
        return _opened(uri + "&immutable=1")


def _opened(uri: str) -> sqlite3.Connection:
    """A connection to ``uri`` that has really read the file (sqlite opens lazily)."""
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                 timeout=30)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    return connection


class Workspace:
    """A graphmap workspace folder holding ``graphmap.sqlite``.

    Examples
    --------
    >>> import tempfile
    >>> ws = Workspace.create(Path(tempfile.mkdtemp()) / "ws")
    >>> ws.stats()["documents"]
    0
    """

    def __init__(self, root: Path, connection: sqlite3.Connection) -> None:
        self.root = root
        self.db = connection
        #: why the workspace may only be read ("" when it is writable)
        self.read_only = ""

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def create(cls, root: Path | str, *, exist_ok: bool = False) -> Workspace:
        """Create a workspace folder (or open it when ``exist_ok`` and it already is one)."""
        root = Path(root)
        if (root / DB_NAME).exists():
            if exist_ok:
                return cls.open(root)
            raise WorkspaceError(
                f"{root} is already a graphmap workspace",
                "use it as it is, or choose another folder with --workspace",
            )
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"{root} exists and is not a folder", "choose another path")
        root.mkdir(parents=True, exist_ok=True)
        return cls._connect(root)

    @classmethod
    def open(cls, root: Path | str) -> Workspace:
        """Open an existing workspace, migrating its schema forward if it is older."""
        root = Path(root)
        if not (root / DB_NAME).is_file():
            raise WorkspaceError(
                f"no graphmap workspace at {root}",
                f"run `graphmap init --workspace {root}` first (or pass the right --workspace)",
            )
        return cls._connect(root)

    @classmethod
    def _connect(cls, root: Path) -> Workspace:
        path = root / DB_NAME
        read_only = _read_only_reason(root, path)
        try:
            if read_only:
                connection = _connect_read_only(path)
            else:
                connection = sqlite3.connect(
                    path, isolation_level=None, check_same_thread=False, timeout=30
                )
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA synchronous=NORMAL")
            workspace = cls(root, connection)
            workspace.read_only = read_only
            workspace._migrate()
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(
                f"{path} cannot be opened as a graphmap database: {exc}",
                "restore it from a backup or create a new workspace",
            ) from exc
        return workspace

    def require_writable(self) -> None:
        """Raise a clear error before any write when the workspace may only be read."""
        if self.read_only:
            raise WorkspaceError(
                f"the workspace {self.root} is read-only ({self.read_only}), so it cannot be "
                "changed; reading it (stats, show, export, maps) still works",
                f"make it writable (chmod u+w '{self.root}' '{self.root / DB_NAME}') or copy "
                "the folder somewhere you may write and pass that with --workspace",
            )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        if not self.read_only:
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise WorkspaceError(
                f"workspace {self.root} has schema version {version}, newer than this "
                f"graphmap understands ({SCHEMA_VERSION})",
                "upgrade graphmap",
            )
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise WorkspaceError(
                f"workspace {self.root} has schema version {version} and needs upgrading to "
                f"{SCHEMA_VERSION}, but it is read-only ({self.read_only})",
                f"make it writable once (chmod u+w '{self.root}' '{self.root / DB_NAME}') so "
                "graphmap can upgrade it",
            )
        with self.transaction():
            for script in MIGRATIONS[version:]:
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
            self.db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    @property
    def schema_version(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        if self.db.in_transaction:
            yield self.db
            return
        self.require_writable()
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc):
                raise
            self.read_only = f"SQLite says: {exc}"  # e.g. a read-only mount seen only now
            self.require_writable()
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def read_snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: every query inside sees the same committed state.

        Writers (uploads, curation) go on meanwhile (WAL); nothing inside may write.
        """
        if self.db.in_transaction:
            yield self.db
            return
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    @contextmanager
    def build_lock(self, on_wait: Callable[[str], None]) -> Iterator[None]:
        """Hold the workspace's build lock; ``on_wait(holder)`` is called if another build has it.

        An OS file lock (flock), so it is released when its process ends, however it ends.
        """
        self.require_writable()
        path = self.root / BUILD_LOCK
        try:
            handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held until the end)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot create {path} ({exc.strerror}): a build writes the workspace",
                "build in a workspace folder you can write to",
            ) from exc
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                on_wait(handle.read().strip() or "another process")
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.truncate(0)
            handle.write(f"pid {os.getpid()} since {_now()}")
            handle.flush()
            try:
                yield
            finally:
                handle.truncate(0)
                handle.flush()
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- documents ---------------------------------------------------------------------------

    def add_document(self, doc: Document) -> str:
        """Store a document; return ``"added"``, ``"unchanged"`` or ``"replaced"``.

        An unchanged file (same path, same content hash) is a no-op. A changed file replaces
        its own text, records and cached extraction; its evidence in the graph goes with the
        next build.
        """
        row = self.db.execute(
            "SELECT content_hash FROM documents WHERE id = ?", (doc.id,)
        ).fetchone()
        if row and row[0] == doc.content_hash:
            return "unchanged"
        structure = {
            "paragraphs": [asdict(s) for s in doc.paragraphs],
            "sentences": [asdict(s) for s in doc.sentences],
            "turns": [asdict(t) for t in doc.turns],
        }
        with self.transaction() as db:
            if row:
                db.execute("DELETE FROM records WHERE doc_id = ?", (doc.id,))
                db.execute("DELETE FROM extractions WHERE doc_id = ?", (doc.id,))
                db.execute(
                    "UPDATE documents SET content_hash=?, doc_type=?, title=?, text=?, "
                    "structure=?, metadata=?, added_at=? WHERE id=?",
                    (doc.content_hash, doc.doc_type.value, doc.title, doc.text,
                     _dumps(structure), _dumps(doc.metadata), _now(), doc.id),
                )
            else:
                db.execute(
                    "INSERT INTO documents(id, path, content_hash, doc_type, title, text, "
                    "structure, metadata, added_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (doc.id, doc.path, doc.content_hash, doc.doc_type.value, doc.title,
                     doc.text, _dumps(structure), _dumps(doc.metadata), _now()),
                )
            db.executemany(
                "INSERT INTO records(doc_id, seq, record_type, sheet, row, fields, raw) "
                "VALUES (?,?,?,?,?,?,?)",
                [
                    (doc.id, seq, r.record_type, r.sheet, r.row, _dumps(r.fields), _dumps(r.raw))
                    for seq, r in enumerate(doc.records)
                ],
            )
        return "replaced" if row else "added"

    def remove_document(self, path: str | Path) -> bool:
        """Drop a document with its records and extraction; its evidence goes with it.

        Graph elements it alone supported disappear at the next build. Returns whether the
        document was there.
        """
        with self.transaction() as db:
            cursor = db.execute(
                "DELETE FROM documents WHERE path = ? OR id = ?", (str(path), str(path))
            )
        return cursor.rowcount > 0

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY path")]

    def document(self, doc_id: str) -> Document:
        row = self.db.execute(
            "SELECT id, path, content_hash, doc_type, title, text, structure, metadata "
            "FROM documents WHERE id = ? OR path = ?",
            (doc_id, doc_id),
        ).fetchone()
        if row is None:
            raise WorkspaceError(f"no document {doc_id} in the workspace", "see `graphmap stats`")
        return self._document_from_row(row)

    def documents(self) -> Iterator[Document]:
        rows = self.db.execute(
            "SELECT id, path, content_hash, doc_type, title, text, structure, metadata "
            "FROM documents ORDER BY path"
        ).fetchall()
        for row in rows:
            yield self._document_from_row(row)

    def _document_from_row(self, row: tuple) -> Document:
        doc_id, path, content_hash, doc_type, title, text, structure, metadata = row
        parts = json.loads(structure)
        records = [
            Record(record_type=rt, sheet=sheet, row=r, fields=json.loads(f), raw=json.loads(raw))
            for rt, sheet, r, f, raw in self.db.execute(
                "SELECT record_type, sheet, row, fields, raw FROM records WHERE doc_id = ? "
                "ORDER BY seq",
                (doc_id,),
            )
        ]
        return Document(
            path=path,
            content_hash=content_hash,
            text=text,
            doc_type=DocType(doc_type),
            title=title,
            paragraphs=[Span(**s) for s in parts.get("paragraphs", [])],
            sentences=[Span(**s) for s in parts.get("sentences", [])],
            turns=[Turn(**t) for t in parts.get("turns", [])],
            records=records,
            metadata=json.loads(metadata),
        )

    # -- cached extractions ------------------------------------------------------------------

    def document_states(self) -> list[DocumentState]:
        """Every document with its content hash and cached extraction, read in one query."""
        return [
            DocumentState(doc_id, content_hash, bool(is_list), extracted_hash, version)
            for doc_id, content_hash, is_list, extracted_hash, version in self.db.execute(
                "SELECT d.id, d.content_hash, EXISTS(SELECT 1 FROM records r "
                "WHERE r.doc_id = d.id), e.content_hash, e.extractor_version "
                "FROM documents d LEFT JOIN extractions e ON e.doc_id = d.id ORDER BY d.path"
            )
        ]

    def pending_documents(self) -> int:
        """Documents with no cached extraction: added or changed since a build read them."""
        return self.db.execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM extractions e WHERE e.doc_id = d.id)"
        ).fetchone()[0]

    def save_extraction(self, extraction: Extraction, content_hash: str) -> bool:
        """Cache an extraction of the content with ``content_hash``; return whether it was kept.

        It is dropped when the document was removed or replaced since it was read (a
        concurrent upload): the next build extracts what is there now.
        """
        payload = {
            "entities": [_entity_to_json(e) for e in extraction.entities],
            "relations": [_relation_to_json(r) for r in extraction.relations],
        }
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT OR REPLACE INTO extractions(doc_id, content_hash, extractor_version, "
                "payload) SELECT ?,?,?,? WHERE EXISTS (SELECT 1 FROM documents "
                "WHERE id = ? AND content_hash = ?)",
                (extraction.doc_id, content_hash, extraction.extractor_version, _dumps(payload),
                 extraction.doc_id, content_hash),
            )
        return cursor.rowcount > 0

    def extractions(self, doc_ids: Iterable[str] | None = None) -> Iterator[Extraction]:
        """Cached extractions (of ``doc_ids`` only, when given), one document at a time."""
        query = "SELECT doc_id, extractor_version, payload FROM extractions"
        params: tuple = ()
        if doc_ids is not None:
            query += " WHERE doc_id IN (SELECT value FROM json_each(?))"
            params = (_dumps(sorted(doc_ids)),)
        for doc_id, version, payload in self.db.execute(query + " ORDER BY doc_id", params):
            data = json.loads(payload)
            yield Extraction(
                doc_id=doc_id,
                entities=[_entity_from_json(e) for e in data["entities"]],
                relations=[_relation_from_json(r) for r in data["relations"]],
                extractor_version=version,
            )

    # -- the derived graph -------------------------------------------------------------------

    def replace_graph(
        self, entities: Iterable[Entity], relations: Iterable[Relation], *, started_at: str,
        inputs: str = "",
    ) -> tuple[int, int]:
        """Make the graph tables hold exactly these entities and relations, atomically.

        Only what changed is written: every stored entity and relation carries a digest of its
        row, aliases and evidence, so a rebuild after one changed document rewrites the few
        elements that document touched instead of the whole graph. ``inputs`` (the build's
        fingerprint of what the graph was made from, see :func:`graphmap.build.build`) is
        stored with the graph in the same transaction.
        """
        entity_rows = {e.id: _entity_row(e) for e in entities}
        relation_rows = {r.id: _relation_row(r) for r in relations}
        with self.transaction() as db:
            _drop_removed_evidence(db, [*entity_rows.values(), *relation_rows.values()])
            old_relations = dict(db.execute("SELECT id, digest FROM relations"))
            old_entities = dict(db.execute("SELECT id, digest FROM entities"))
            # relations first: deleting an entity cascades to the relations that name it
            _delete(db, "relations", old_relations.keys() - relation_rows.keys())
            _delete(db, "entities", old_entities.keys() - entity_rows.keys())
            _write_changed(db, "entity_id", entity_rows, old_entities)
            _write_changed(db, "relation_id", relation_rows, old_relations)
            db.execute(
                "INSERT INTO builds(started_at, finished_at, documents, entities, relations) "
                "VALUES (?, ?, (SELECT count(*) FROM documents), ?, ?)",
                (started_at, _now(), len(entity_rows), len(relation_rows)),
            )
            db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('graph_inputs', ?)", (inputs,)
            )
        return len(entity_rows), len(relation_rows)

    def graph_inputs(self) -> str:
        """The fingerprint the last build stored with the graph ('' before any build)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'graph_inputs'").fetchone()
        return row[0] if row else ""

    def _evidence_by_owner(self, column: str) -> dict[str, list[Evidence]]:
        out: dict[str, list[Evidence]] = {}
        for owner, doc_id, start, end, sentence, extractor, confidence in self.db.execute(
            f'SELECT {column}, doc_id, start, "end", sentence, extractor, confidence '
            f"FROM evidence WHERE {column} IS NOT NULL ORDER BY id"
        ):
            out.setdefault(owner, []).append(
                Evidence(doc_id, start, end, sentence, extractor, confidence)
            )
        return out

    def _aliases(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for entity_id, alias in self.db.execute("SELECT entity_id, alias FROM aliases"):
            out.setdefault(entity_id, set()).add(alias)
        return out

    def entities(self, kind: NodeKind | str | None = None) -> list[Entity]:
        """All entities (of one kind), with aliases and evidence."""
        query = "SELECT id, kind, name, attrs, status FROM entities"
        params: tuple = ()
        if kind is not None:
            query += " WHERE kind = ?"
            params = (NodeKind(kind).value,)
        evidence = self._evidence_by_owner("entity_id")
        aliases = self._aliases()
        out = []
        for entity_id, k, name, attrs, status in self.db.execute(query + " ORDER BY id", params):
            out.append(
                entity_from_parts(
                    k, name, json.loads(attrs), aliases=aliases.get(entity_id, set()) - {name},
                    status=status, evidence=evidence.get(entity_id, []), fixed_id=entity_id,
                )
            )
        return out

    def entity(self, entity_id: str) -> Entity:
        row = self.db.execute(
            "SELECT id, kind, name, attrs, status FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is None:
            raise WorkspaceError(
                f"no entity with id {entity_id}", "search by name with `graphmap show NAME`"
            )
        evidence = [
            Evidence(*r)
            for r in self.db.execute(
                'SELECT doc_id, start, "end", sentence, extractor, confidence FROM evidence '
                "WHERE entity_id = ? ORDER BY id",
                (entity_id,),
            )
        ]
        aliases = {
            a for (a,) in self.db.execute(
                "SELECT alias FROM aliases WHERE entity_id = ?", (entity_id,)
            )
        }
        return entity_from_parts(
            row[1], row[2], json.loads(row[3]), aliases=aliases - {row[2]}, status=row[4],
            evidence=evidence, fixed_id=entity_id,
        )

    def relations(self, kind: EdgeKind | str | None = None) -> list[Relation]:
        query = "SELECT id, kind, source_id, target_id, attrs, status FROM relations"
        params: tuple = ()
        if kind is not None:
            query += " WHERE kind = ?"
            params = (EdgeKind(kind).value,)
        evidence = self._evidence_by_owner("relation_id")
        return [
            Relation(
                kind=EdgeKind(k), source=s, target=t, attributes=json.loads(attrs),
                status=Status(status), evidence=evidence.get(rid, []),
            )
            for rid, k, s, t, attrs, status in self.db.execute(query + " ORDER BY id", params)
        ]

    def find_entities(
        self, text: str, kind: NodeKind | str | None = None, limit: int = 20
    ) -> list[tuple[str, str, str]]:
        """Entities whose name or alias contains ``text`` (normalized); exact matches first.

        Returns ``(id, kind, name)`` triples.
        """
        needle = normalize_name(text)
        if not needle:
            return []
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = (
            "SELECT e.id, e.kind, e.name, min(CASE WHEN a.normalized = ? THEN 0 ELSE 1 END) AS r, "
            "min(length(a.normalized)) AS l "
            "FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.normalized LIKE ? ESCAPE '\\'"
        )
        params: list[Any] = [needle, f"%{escaped}%"]
        if kind is not None:
            query += " AND e.kind = ?"
            params.append(NodeKind(kind).value)
        query += " GROUP BY e.id ORDER BY r, l, e.name LIMIT ?"
        params.append(limit)
        return [(r[0], r[1], r[2]) for r in self.db.execute(query, params)]

    def graph(self, *, evidence: bool = True) -> nx.MultiDiGraph:
        """Load the whole graph into networkx with every attribute (see graphmap.graph).

        The same graph as ``graph_from(self.entities(), self.relations())``, built from the
        rows directly (:func:`graphmap.graphload.load_graph`). ``evidence=False`` leaves
        every ``evidence`` list empty and skips reading the evidence table.
        """
        return load_graph(self.db, evidence=evidence)

    # -- curation ----------------------------------------------------------------------------

    def add_curation(
        self, action: str, target: str, payload: dict[str, Any] | None = None, note: str = ""
    ) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO curation(action, target, payload, note, created_at) "
                "VALUES (?,?,?,?,?)",
                (action, target, _dumps(payload or {}), note, _now()),
            )
        return int(cursor.lastrowid or 0)

    def curations(self) -> list[dict[str, Any]]:
        return [
            {"id": i, "action": a, "target": t, "payload": json.loads(p), "note": n,
             "created_at": c}
            for i, a, t, p, n, c in self.db.execute(
                "SELECT id, action, target, payload, note, created_at FROM curation ORDER BY id"
            )
        ]

    # -- summary -----------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts of documents, entities by kind (with evidence), relations by kind."""
        one = self.db.execute
        by_kind = {
            kind: {"total": total, "with_evidence": with_evidence}
            for kind, total, with_evidence in one(
                "SELECT e.kind, count(*), sum(EXISTS(SELECT 1 FROM evidence v "
                "WHERE v.entity_id = e.id)) FROM entities e GROUP BY e.kind ORDER BY e.kind"
            )
        }
        relations = dict(one("SELECT kind, count(*) FROM relations GROUP BY kind ORDER BY kind"))
        last_build = one(
            "SELECT finished_at FROM builds ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return {
            "documents": one("SELECT count(*) FROM documents").fetchone()[0],
            "records": one("SELECT count(*) FROM records").fetchone()[0],
            "entities": by_kind,
            "relations": relations,
            "evidence": one("SELECT count(*) FROM evidence").fetchone()[0],
            "curations": one("SELECT count(*) FROM curation").fetchone()[0],
            "last_build": last_build[0] if last_build else None,
        }

    # -- snapshots (graphmap.snapshots) ------------------------------------------------------

    def create_snapshot(self, name: str, note: str = "") -> dict[str, Any]:
        """Copy the current graph tables (entities, aliases, relations, evidence) under ``name``."""
        if self.db.execute("SELECT 1 FROM snapshots WHERE name = ?", (name,)).fetchone():
            raise WorkspaceError(
                f"snapshot {name!r} already exists in {self.root}",
                "choose another name (see `graphmap snapshot list`)",
            )
        with self.transaction() as db:
            db.execute(
                "INSERT INTO snapshots(name, created_at, note, entities, relations) VALUES "
                "(?, ?, ?, (SELECT count(*) FROM entities), (SELECT count(*) FROM relations))",
                (name, _now(), note),
            )
            db.execute(
                "INSERT INTO snapshot_entities(snapshot, id, kind, name, attrs, status, aliases) "
                "SELECT ?, e.id, e.kind, e.name, e.attrs, e.status, "
                "coalesce((SELECT json_group_array(a.alias) FROM aliases a "
                "WHERE a.entity_id = e.id), '[]') FROM entities e",
                (name,),
            )
            db.execute(
                "INSERT INTO snapshot_relations(snapshot, id, kind, source_id, target_id, attrs, "
                "status) SELECT ?, id, kind, source_id, target_id, attrs, status FROM relations",
                (name,),
            )
            db.execute(
                'INSERT INTO snapshot_evidence(snapshot, entity_id, relation_id, doc_id, start, '
                '"end", sentence, extractor, confidence) SELECT ?, entity_id, relation_id, '
                'doc_id, start, "end", sentence, extractor, confidence FROM evidence ORDER BY id',
                (name,),
            )
        return next(s for s in self.snapshots() if s["name"] == name)

    def snapshots(self) -> list[dict[str, Any]]:
        """Every snapshot, oldest first: name, created_at, note, entity and relation counts."""
        return [
            {"name": n, "created_at": c, "note": note, "entities": e, "relations": r}
            for n, c, note, e, r in self.db.execute(
                "SELECT name, created_at, note, entities, relations FROM snapshots "
                "ORDER BY created_at, rowid"
            )
        ]

    def snapshot_graph(self, name: str) -> tuple[list[Entity], list[Relation]]:
        """The entities and relations (with evidence) a snapshot holds."""
        if not self.db.execute("SELECT 1 FROM snapshots WHERE name = ?", (name,)).fetchone():
            raise WorkspaceError(
                f"no snapshot {name!r} in {self.root}",
                "see `graphmap snapshot list`, or use `current` for the live graph",
            )
        entity_evidence: dict[str, list[Evidence]] = {}
        relation_evidence: dict[str, list[Evidence]] = {}
        for entity_id, relation_id, *fields in self.db.execute(
            'SELECT entity_id, relation_id, doc_id, start, "end", sentence, extractor, '
            "confidence FROM snapshot_evidence WHERE snapshot = ? ORDER BY rowid",
            (name,),
        ):
            owner = entity_evidence if entity_id else relation_evidence
            owner.setdefault(entity_id or relation_id, []).append(Evidence(*fields))
        entities = [
            entity_from_parts(
                kind, entity_name, json.loads(attrs), aliases=set(json.loads(aliases)) - {
                    entity_name}, status=status, evidence=entity_evidence.get(eid, []),
                fixed_id=eid,
            )
            for eid, kind, entity_name, attrs, status, aliases in self.db.execute(
                "SELECT id, kind, name, attrs, status, aliases FROM snapshot_entities "
                "WHERE snapshot = ? ORDER BY id",
                (name,),
            )
        ]
        relations = [
            Relation(
                kind=EdgeKind(kind), source=source, target=target, attributes=json.loads(attrs),
                status=Status(status), evidence=relation_evidence.get(rid, []),
            )
            for rid, kind, source, target, attrs, status in self.db.execute(
                "SELECT id, kind, source_id, target_id, attrs, status FROM snapshot_relations "
                "WHERE snapshot = ? ORDER BY id",
                (name,),
            )
        ]
        return entities, relations

    def delete_snapshot(self, name: str) -> bool:
        """Drop a snapshot; returns whether it existed."""
        with self.transaction() as db:
            return db.execute("DELETE FROM snapshots WHERE name = ?", (name,)).rowcount > 0

    def delete_curation(self, curation_id: int) -> bool:
        """Take one curation out of the log (the next build no longer applies it)."""
        with self.transaction() as db:
            return db.execute("DELETE FROM curation WHERE id = ?", (curation_id,)).rowcount > 0


# -- JSON forms of extractions (the cache) ------------------------------------------------------


def _entity_to_json(entity: Entity) -> dict[str, Any]:
    return {
        "kind": entity.kind.value,
        "name": entity.name,
        "attrs": entity.attributes(),
        "aliases": sorted(entity.aliases),
        "status": entity.status.value,
        "evidence": [ev.to_dict() for ev in entity.evidence],
        "id": entity.id,
    }


def _entity_from_json(data: dict[str, Any]) -> Entity:
    return entity_from_parts(
        data["kind"], data["name"], data["attrs"], aliases=set(data["aliases"]),
        status=data["status"], evidence=[Evidence.from_dict(e) for e in data["evidence"]],
        fixed_id=data.get("id"),
    )


def _relation_to_json(relation: Relation) -> dict[str, Any]:
    return {
        "kind": relation.kind.value,
        "source": relation.source,
        "target": relation.target,
        "attrs": relation.attributes,
        "status": relation.status.value,
        "evidence": [ev.to_dict() for ev in relation.evidence],
    }


def _relation_from_json(data: dict[str, Any]) -> Relation:
    return Relation(
        kind=EdgeKind(data["kind"]), source=data["source"], target=data["target"],
        attributes=data["attrs"], status=Status(data["status"]),
        evidence=[Evidence.from_dict(e) for e in data["evidence"]],
    )
