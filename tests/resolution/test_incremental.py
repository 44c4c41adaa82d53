"""Incremental rebuilds: a changed or removed document takes away only what it alone supported."""

from __future__ import annotations

from graphmap.build import build
from graphmap.model import EdgeKind, NodeKind

from .conftest import scripted_extractor, text_doc

EXTRACT = scripted_extractor(
    [("Person", "王伟", {}), ("Technology", "具身智能", {}), ("Technology", "大模型", {})],
    [(EdgeKind.EXPERT_IN, "王伟", "具身智能"), (EdgeKind.EXPERT_IN, "王伟", "大模型")],
)


def edges(ws) -> dict[str, set[str]]:
    names = {e.id: e.name for e in ws.entities()}
    return {names[r.target]: {ev.doc_id for ev in r.evidence}
            for r in ws.relations(EdgeKind.EXPERT_IN)}


def test_changing_one_document_updates_only_what_it_supports(ws):
    a, b = text_doc("/a.txt", "王伟谈具身智能"), text_doc("/b.txt", "王伟再谈具身智能")
    c = text_doc("/c.txt", "王伟谈大模型")
    for doc in (a, b, c):
        ws.add_document(doc)
    build(ws, text_extractor=EXTRACT)
    assert edges(ws) == {"具身智能": {a.id, b.id}, "大模型": {c.id}}

    # c no longer supports 大模型: the edge (and the technology) go, nothing else moves
    ws.add_document(text_doc("/c.txt", "王伟谈具身智能"))
    report = build(ws, text_extractor=EXTRACT)
    assert report.extracted == 1
    assert edges(ws) == {"具身智能": {a.id, b.id, c.id}}
    assert {e.name for e in ws.entities(NodeKind.TECHNOLOGY)} == {"具身智能"}

    # a stops supporting 具身智能, which b and c still support: the edge stays
    ws.add_document(text_doc("/a.txt", "会议纪要"))
    assert build(ws, text_extractor=EXTRACT).extracted == 1
    assert edges(ws) == {"具身智能": {b.id, c.id}}
    person = ws.entities(NodeKind.PERSON)[0]
    assert {ev.doc_id for ev in person.evidence} == {b.id, c.id}


def test_removing_documents_removes_edges_they_alone_supported(ws):
    a, b = text_doc("/a.txt", "王伟谈具身智能和大模型"), text_doc("/b.txt", "王伟谈具身智能")
    ws.add_document(a)
    ws.add_document(b)
    build(ws, text_extractor=EXTRACT)
    ws.remove_document("/a.txt")
    report = build(ws, text_extractor=EXTRACT)
    assert report.extracted == 0
    assert edges(ws) == {"具身智能": {b.id}}
