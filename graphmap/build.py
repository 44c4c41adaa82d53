"""Build the graph: extract what is new or changed, merge everything, apply curation, store.

Extraction results are cached per document (keyed by content hash and extractor version), so
a rebuild after one changed file re-extracts that file only. Assembly then merges all cached
extractions, resolves identities, re-applies the analysts' curation and replaces the graph
tables in one transaction: a failure anywhere leaves the previous graph intact.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from graphmap import records as list_records
from graphmap.errors import WorkspaceError
from graphmap.model import (
    Document,
    DocumentNode,
    EdgeKind,
    Entity,
    Extraction,
    Relation,
    Status,
    files_digest,
    stable_id,
)
from graphmap.normalize import clean_display_name
from graphmap.sections import Joiner, Section, sections
from graphmap.store import Workspace

#: An uncertain text extraction seen in this many distinct documents becomes confirmed.
CONFIRM_MIN_DOCUMENTS = 2

Progress = Callable[[str, int, int], None]
TextExtractor = Callable[[Document, object], Extraction]


@dataclass(slots=True)
class BuildReport:
    extracted: int = 0
    cached: int = 0
    entities: int = 0
    relations: int = 0
    seconds: float = 0.0
    entities_by_kind: dict[str, int] = field(default_factory=dict)
    unchanged: bool = False  # nothing changed since the last build: the graph was kept
    pending: int = 0  # documents added or changed during the build, left for the next one


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _no_wait(holder: str) -> None:
    return None


def build(
    ws: Workspace,
    *,
    text_extractor: TextExtractor | None = None,
    n_process: int = 1,
    progress: Progress = _no_progress,
    force: bool = False,
    on_wait: Callable[[str], None] = _no_wait,
) -> BuildReport:
    """Extract new or changed documents, then reassemble and store the whole graph.

    One build runs per workspace at a time: a second one waits for the first (``on_wait`` is
    told who holds the lock), then finds the first one's extractions in the cache. A build
    works on the documents there when it starts; documents added or changed meanwhile are
    left for the next build (``BuildReport.pending``), removed ones are left out.

    Parameters
    ----------
    ws : Workspace
        The workspace to build.
    text_extractor : callable, optional
        ``(document, gazetteer) -> Extraction`` for text documents; defaults to
        :func:`nlp.extract_many`.
    n_process : int
        Worker processes for text extraction (the default pipeline only).
    progress : callable, optional
        Called as ``progress(stage, done, total)``.
    force : bool
        Reassemble the graph even when nothing it is made from changed since the last build
        (documents, cached extractions, curation log and graphmap's own code).
    on_wait : callable, optional
        Called with a description of the build holding the workspace before waiting for it.

    Returns
    -------
    BuildReport
        What was extracted, what came from the cache, and the resulting counts.
    """
    def waiting(holder: str) -> None:
        progress("waiting", 0, 1)
        on_wait(holder)

    with ws.build_lock(waiting):
        return _build(ws, text_extractor, n_process, progress, force)


def _build(
    ws: Workspace, text_extractor: TextExtractor | None, n_process: int, progress: Progress,
    force: bool,
) -> BuildReport:
    started = time.perf_counter()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    report = BuildReport()

    # The documents as they are now: what is added or changed from here on waits for the
    # next build (uploads go on while this one runs).
    documents = ws.document_states()
    list_ids = {d.id for d in documents if d.is_list}
    stale_lists = [d.id for d in documents if d.is_list and d.stale(list_records.EXTRACTOR_VERSION)]
    read: dict[str, str] = {}  # content hash of each document as it was read for extraction
    for done, doc in enumerate(_read(ws, stale_lists, read), 1):
        report.extracted += ws.save_extraction(list_records.extract_records(doc), doc.content_hash)
        progress("lists", done, len(stale_lists))

    known = [entity for e in ws.extractions(list_ids) for entity in e.entities]
    placed: deque[Section] = deque()  # where each piece sent to extraction lies

    def pieces() -> Iterator[Document]:
        for doc in _read(ws, stale_texts, read):
            for piece, section in sections(doc):
                placed.append(section)
                yield piece

    if text_extractor is None:
        import nlp

        gazetteer = nlp.Gazetteer.from_entities(known)
        version = f"{nlp.pipeline_version()}+{_fingerprint(known)}"
        stale_texts = [d.id for d in documents if not d.is_list and d.stale(version)]
        extractions = nlp.extract_many(pieces(), gazetteer, n_process=n_process)
    else:
        version = f"{getattr(text_extractor, 'version', 'custom')}+{_fingerprint(known)}"
        stale_texts = [d.id for d in documents if not d.is_list and d.stale(version)]
        extractions = (text_extractor(piece, known) for piece in pieces())
    joiner: Joiner | None = None
    done = 0
    for extraction in extractions:
        section = placed.popleft()
        whole = extraction
        if section.count > 1:  # a big file: join its sections, say how far into it it is
            joiner = joiner if section.number > 1 and joiner else Joiner(section.doc_id)
            joiner.add(extraction, section.offset)
            progress(section.label, section.number, section.count)
            if section.number < section.count:
                continue
            whole = joiner.result()
        whole.extractor_version = version
        report.extracted += ws.save_extraction(whole, read[section.doc_id])
        done += 1
        progress("texts", done, len(stale_texts))
    # what was extracted is stored: let it go before the graph is assembled from the store (a
    # big file's joined extraction would otherwise be held twice through assembly)
    joiner = whole = extraction = None
    report.cached = len(documents) - len(stale_lists) - len(stale_texts)

    progress("assemble", 0, 1)
    with ws.read_snapshot():  # the fingerprint, counts and extractions of one state
        inputs = _inputs(ws)
        report.pending = ws.pending_documents()
        if not force and inputs == ws.graph_inputs():
            # nothing the graph is made from changed: it is already this build's result
            report.unchanged = True
            report.entities_by_kind = dict(
                ws.db.execute("SELECT kind, count(*) FROM entities GROUP BY kind ORDER BY kind")
            )
            report.entities = sum(report.entities_by_kind.values())
            (report.relations,) = ws.db.execute("SELECT count(*) FROM relations").fetchone()
        else:
            entities, relations = assemble(ws, ws.extractions())
    if not report.unchanged:
        report.entities, report.relations = ws.replace_graph(
            entities, relations, started_at=started_at, inputs=inputs
        )
        for entity in entities:
            report.entities_by_kind[entity.kind.value] = (
                report.entities_by_kind.get(entity.kind.value, 0) + 1
            )
    progress("assemble", 1, 1)
    report.seconds = time.perf_counter() - started
    return report


def _read(ws: Workspace, doc_ids: list[str], read: dict[str, str]) -> Iterator[Document]:
    """The documents still in the workspace, read one at a time; ``read`` records each hash."""
    for doc_id in doc_ids:
        try:
            doc = ws.document(doc_id)
        except WorkspaceError:  # removed since the build started
            continue
        read[doc.id] = doc.content_hash
        yield doc


def _inputs(ws: Workspace) -> str:
    """A fingerprint of everything the graph is assembled from.

    The documents (ids, paths, titles, types, content), the version of each cached extraction,
    the curation log and graphmap's own code: when it equals the fingerprint stored with the
    graph, assembling again would give the same graph.
    """
    digest = hashlib.blake2b(_code_version().encode(), digest_size=16)
    for query in (
        "SELECT d.id, d.path, d.title, d.doc_type, d.content_hash, e.extractor_version "
        "FROM documents d LEFT JOIN extractions e ON e.doc_id = d.id ORDER BY d.id",
        "SELECT id, action, target, payload FROM curation ORDER BY id",
    ):
        for row in ws.db.execute(query):
            digest.update(repr(row).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_version() -> str:
    """Changes whenever graphmap's code or package data change (assembly may change)."""
    root = Path(__file__).resolve().parent
    return files_digest(root, root.rglob("*"))


def _fingerprint(entities: Iterable[Entity]) -> str:
    return stable_id("gaz", *sorted({f"{e.kind.value}:{e.name}" for e in entities}))[4:]


def assemble(
    ws: Workspace, extractions: Iterable[Extraction]
) -> tuple[list[Entity], list[Relation]]:
    """Merge extractions into one graph, resolve identities and apply the curation log."""
    from graphmap.curation import apply_curation
    from graphmap.resolution import fold_entity, fold_relation, resolve

    entities: dict[str, Entity] = {}
    relations: dict[str, Relation] = {}
    seen: dict[str, set] = {}  # evidence already held per element, so folding stays linear
    for extraction in extractions:
        for entity in extraction.entities:
            if not any(ch.isalnum() for ch in entity.name):  # punctuation alone names nothing
                continue
            # ids ignore control characters (normalize_name), so cleaning keeps the id
            entity.name = clean_display_name(entity.name)
            existing = entities.get(entity.id)
            if existing is None:
                entities[entity.id] = entity
                seen[entity.id] = set(entity.evidence)
            else:
                fold_entity(existing, entity, seen[entity.id])
        for relation in extraction.relations:
            existing_relation = relations.get(relation.id)
            if existing_relation is None:
                relations[relation.id] = relation
                seen[relation.id] = set(relation.evidence)
            else:
                fold_relation(existing_relation, relation, seen[relation.id])

    for doc in _document_nodes(ws):
        entities[doc.id] = doc
    merged_entities, merged_relations = resolve(list(entities.values()), list(relations.values()))
    merged_entities, merged_relations = apply_curation(
        merged_entities, merged_relations, ws.curations()
    )
    _promote(merged_entities)
    _promote(merged_relations)
    ids = {e.id for e in merged_entities}
    kept = [r for r in merged_relations if r.source in ids and r.target in ids]
    kept.extend(_mentions(merged_entities))
    return merged_entities, kept


def _promote(items: Iterable[Entity | Relation]) -> None:
    for item in items:
        if item.status is Status.UNCERTAIN:
            documents = {ev.doc_id for ev in item.evidence}
            if len(documents) >= CONFIRM_MIN_DOCUMENTS:
                item.status = Status.CONFIRMED


def _document_nodes(ws: Workspace) -> list[DocumentNode]:
    from graphmap.model import DocType

    return [
        DocumentNode(
            name=title or Path(path).name,
            doc_id=doc_id,
            doc_type=DocType(doc_type),
            path=path,
            status=Status.CONFIRMED,
        )
        for doc_id, path, title, doc_type in ws.db.execute(
            # a document added or replaced during the build has no extraction yet: it joins
            # the graph with the next build
            "SELECT id, path, title, doc_type FROM documents d WHERE EXISTS "
            "(SELECT 1 FROM extractions e WHERE e.doc_id = d.id) ORDER BY path"
        )
    ]


def _mentions(entities: list[Entity]) -> list[Relation]:
    """A Document -> entity MENTIONS edge for every document an entity has evidence in."""
    documents = {e.id for e in entities if isinstance(e, DocumentNode)}
    out = []
    for entity in entities:
        counts: dict[str, int] = {}
        for ev in entity.evidence:
            counts[ev.doc_id] = counts.get(ev.doc_id, 0) + 1
        for doc_id, count in counts.items():
            if doc_id in documents:
                out.append(
                    Relation(
                        kind=EdgeKind.MENTIONS, source=doc_id, target=entity.id,
                        attributes={"count": count}, status=Status.CONFIRMED,
                    )
                )
    return out

