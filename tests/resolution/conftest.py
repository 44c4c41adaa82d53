"""Fixtures for resolution and curation tests: a workspace and a scripted text extractor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graphmap.model import (
    DocType,
    Document,
    EdgeKind,
    Entity,
    Evidence,
    Extraction,
    NodeKind,
    Relation,
    Span,
    entity_from_parts,
)
from graphmap.store import Workspace


def text_doc(path: str, text: str) -> Document:
    return Document(
        path=path, content_hash=f"h{hash(text)}", text=text, doc_type=DocType.NEWS,
        title=path, paragraphs=[Span(0, len(text), "p")], sentences=[Span(0, len(text), "s")],
    )


Spec = tuple[str, str, dict[str, Any]]


def scripted_extractor(
    entities: list[Spec], relations: list[tuple[EdgeKind, str, str]] = ()
) -> Callable[[Document, object], Extraction]:
    """An extractor that finds the given names wherever they occur in a document (uncertain,
    with exact spans) and links two found names with the given relation kinds."""

    def extract(doc: Document, gazetteer: object) -> Extraction:
        found: dict[str, Entity] = {}
        for kind, name, attrs in entities:
            start = doc.text.find(name)
            if start < 0:
                continue
            ev = Evidence(doc.id, start, start + len(name), doc.text, "scripted", 0.7)
            found[name] = entity_from_parts(NodeKind(kind), name, attrs, evidence=[ev])
        links = []
        for kind, source, target in relations:
            if source in found and target in found:
                at = doc.text.find(target)
                ev = Evidence(doc.id, at, at + len(target), doc.text, "scripted", 0.7)
                links.append(Relation(kind=kind, source=found[source].id,
                                      target=found[target].id, evidence=[ev]))
        return Extraction(doc_id=doc.id, entities=list(found.values()), relations=links)

    extract.version = "scripted-1"  # type: ignore[attr-defined]
    return extract


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace.create(tmp_path / "ws")
    yield workspace
    workspace.close()
