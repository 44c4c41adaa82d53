"""The embedded workspace: round trips, no-op re-adds, atomic builds, migrations."""

from __future__ import annotations

import sqlite3

import pytest

from graphmap.build import build
from graphmap.errors import WorkspaceError
from graphmap.model import (
    DocType,
    Document,
    EdgeKind,
    Evidence,
    Extraction,
    NodeKind,
    Organization,
    Person,
    Record,
    Relation,
    Span,
    Status,
    Technology,
    Turn,
)
from graphmap.store import SCHEMA_VERSION, Workspace


def text_doc(path: str, text: str, content_hash: str | None = None) -> Document:
    return Document(
        path=path, content_hash=content_hash or str(hash(text)), text=text,
        doc_type=DocType.NEWS, title=path, paragraphs=[Span(0, len(text), "p")],
        sentences=[Span(0, len(text), "s")], turns=[Turn(0, 2, "主持人")],
    )


def member_list(path: str = "/lists/members.xlsx") -> Document:
    rows = ["北京灵犀机器人科技有限公司 企业 机器人整机 牵头单位", "清华大学 高校 基础大模型"]
    text = "\n".join(rows)
    return Document(
        path=path, content_hash="h-list", text=text, doc_type=DocType.MEMBER_LIST,
        metadata={"consortium": "人工智能科创协同联合体"},
        records=[
            Record(record_type="member", fields={"name": "北京灵犀机器人科技有限公司",
                   "org_type": "企业", "segment": "机器人整机", "role": "lead",
                   "joined": "2025-03"}, raw={"_start": 0, "_end": len(rows[0])}),
            Record(record_type="member", fields={"name": "清华大学", "org_type": "高校",
                   "segment": "基础大模型", "role": "member", "joined": "2023"},
                   raw={"_start": len(rows[0]) + 1, "_end": len(text)}),
        ],
    )


def toy_extractor(doc: Document, gazetteer: object) -> Extraction:
    """Finds 张三 and 具身智能 wherever they occur; enough to exercise the build."""
    entities, relations = [], []
    start = doc.text.find("张三")
    if start >= 0:
        ev = Evidence(doc.id, start, start + 2, doc.text, "toy", 0.8)
        person = Person(name="张三", evidence=[ev])
        entities.append(person)
        at = doc.text.find("具身智能")
        if at >= 0:
            tev = Evidence(doc.id, at, at + 4, doc.text, "toy", 0.8)
            tech = Technology(name="具身智能", evidence=[tev])
            entities.append(tech)
            relations.append(Relation(kind=EdgeKind.EXPERT_IN, source=person.id,
                                      target=tech.id, evidence=[tev]))
    return Extraction(doc_id=doc.id, entities=entities, relations=relations)


toy_extractor.version = "toy-1"  # type: ignore[attr-defined]


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace.create(tmp_path / "ws")
    yield workspace
    workspace.close()


def test_create_sets_wal_foreign_keys_and_schema_version(ws):
    assert ws.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ws.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert ws.schema_version == SCHEMA_VERSION


def test_open_refuses_a_folder_that_is_not_a_workspace(tmp_path):
    with pytest.raises(WorkspaceError, match="graphmap init"):
        Workspace.open(tmp_path)


def test_open_refuses_a_newer_schema(ws):
    ws.db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(WorkspaceError, match="newer"):
        Workspace.open(ws.root)


def test_open_refuses_a_corrupt_database(tmp_path):
    (tmp_path / "graphmap.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(WorkspaceError, match="cannot be opened"):
        Workspace.open(tmp_path)


def test_document_round_trip_keeps_text_structure_and_records(ws):
    doc = member_list()
    assert ws.add_document(doc) == "added"
    again = ws.document(doc.id)
    assert again == doc


def test_re_adding_an_unchanged_document_is_a_no_op(ws):
    doc = text_doc("/a.txt", "张三谈具身智能")
    assert ws.add_document(doc) == "added"
    before = ws.db.execute("SELECT added_at FROM documents").fetchone()
    assert ws.add_document(text_doc("/a.txt", "张三谈具身智能")) == "unchanged"
    assert ws.db.execute("SELECT added_at FROM documents").fetchone() == before


def test_changed_document_replaces_only_its_own_content(ws):
    ws.add_document(text_doc("/a.txt", "张三谈具身智能"))
    ws.add_document(member_list())
    assert ws.add_document(text_doc("/a.txt", "李四谈大模型")) == "replaced"
    assert ws.document(text_doc("/a.txt", "").id).text == "李四谈大模型"
    assert len(ws.document(member_list().id).records) == 2


def test_build_stores_entities_relations_and_evidence(ws):
    ws.add_document(member_list())
    ws.add_document(text_doc("/a.txt", "张三谈具身智能"))
    report = build(ws, text_extractor=toy_extractor)
    assert report.extracted == 2
    orgs = {e.name: e for e in ws.entities(NodeKind.ORGANIZATION)}
    assert set(orgs) == {"北京灵犀机器人科技有限公司", "清华大学"}
    lead = orgs["北京灵犀机器人科技有限公司"]
    assert lead.status is Status.CONFIRMED
    assert lead.evidence[0].sentence.startswith("北京灵犀机器人科技有限公司")
    kinds = {r.kind for r in ws.relations()}
    assert {EdgeKind.MEMBER_OF, EdgeKind.LEADS, EdgeKind.EXPERT_IN, EdgeKind.MENTIONS} <= kinds
    text = ws.document(text_doc("/a.txt", "").id).text
    for entity in ws.entities(NodeKind.PERSON):
        for ev in entity.evidence:
            assert text[ev.start:ev.end] == entity.name


def test_graph_view_carries_all_attributes(ws):
    ws.add_document(member_list())
    build(ws, text_extractor=toy_extractor)
    graph = ws.graph()
    lead = next(n for n, d in graph.nodes(data=True) if d["name"] == "北京灵犀机器人科技有限公司")
    data = graph.nodes[lead]
    assert data["kind"] == "Organization" and data["org_type"] == "enterprise"
    assert data["evidence"][0]["extractor"] == "list:member"
    edges = graph.get_edge_data(lead, next(iter(graph.successors(lead))))
    assert "MEMBER_OF" in edges and edges["MEMBER_OF"]["declared_segment"] == "机器人整机"


def test_unchanged_documents_come_from_the_extraction_cache(ws):
    ws.add_document(text_doc("/a.txt", "张三谈具身智能"))
    build(ws, text_extractor=toy_extractor)
    assert build(ws, text_extractor=toy_extractor).extracted == 0


def test_a_build_that_fails_halfway_leaves_the_previous_graph_intact(ws):
    ws.add_document(member_list())
    ws.add_document(text_doc("/a.txt", "张三谈具身智能"))
    build(ws, text_extractor=toy_extractor)
    before = (ws.entities(), ws.relations())

    ws.add_document(text_doc("/b.txt", "张三又谈具身智能"))

    def broken(doc: Document, gazetteer: object) -> Extraction:
        raise RuntimeError("extractor crashed")

    broken.version = "toy-1"  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError):
        build(ws, text_extractor=broken)
    assert (ws.entities(), ws.relations()) == before


def test_a_failure_while_writing_the_graph_rolls_back(ws, monkeypatch):
    ws.add_document(member_list())
    build(ws, text_extractor=toy_extractor)
    before = (ws.entities(), ws.relations(), ws.stats())
    ws.add_document(text_doc("/a.txt", "张三谈具身智能"))

    real = ws.replace_graph

    def failing_replace(entities, relations, **options):
        bad = Relation(kind=EdgeKind.WORKS_ON, source="org-missing", target="tech-missing")
        return real(entities, [*relations, bad], **options)

    monkeypatch.setattr(ws, "replace_graph", failing_replace)
    with pytest.raises(sqlite3.IntegrityError):
        build(ws, text_extractor=toy_extractor)
    assert (ws.entities(), ws.relations()) == before[:2]
    assert ws.stats()["last_build"] == before[2]["last_build"]


def test_removing_a_document_drops_what_only_it_supported(ws):
    ws.add_document(text_doc("/a.txt", "张三谈具身智能"))
    ws.add_document(text_doc("/b.txt", "张三也谈具身智能"))
    build(ws, text_extractor=toy_extractor)
    person = ws.entities(NodeKind.PERSON)[0]
    assert person.status is Status.CONFIRMED  # seen in two documents
    assert ws.remove_document("/b.txt")
    build(ws, text_extractor=toy_extractor)
    person = ws.entities(NodeKind.PERSON)[0]
    assert {ev.doc_id for ev in person.evidence} == {text_doc("/a.txt", "").id}
    ws.remove_document("/a.txt")
    build(ws, text_extractor=toy_extractor)
    assert ws.entities(NodeKind.PERSON) == []


def test_find_entities_matches_substrings_and_traditional_forms(ws):
    ws.add_document(member_list())
    build(ws, text_extractor=toy_extractor)
    hits = ws.find_entities("靈犀機器人")
    assert hits and hits[0][2] == "北京灵犀机器人科技有限公司"
    assert ws.find_entities("清华大学")[0][2] == "清华大学"
    assert ws.find_entities("%") == []


def test_curation_survives_a_rebuild_with_new_documents(ws):
    ws.add_document(member_list())
    ws.add_document(text_doc("/a.txt", "张三谈具身智能"))
    build(ws, text_extractor=toy_extractor)
    edge = ws.relations(EdgeKind.EXPERT_IN)[0]
    tsinghua = next(e for e in ws.entities(NodeKind.ORGANIZATION) if e.name == "清华大学")
    ws.add_curation("reject", edge.id)
    ws.add_curation("rename", tsinghua.id, {"name": "清华大学（本部）"})
    ws.add_document(text_doc("/b.txt", "会上张三再谈具身智能"))
    build(ws, text_extractor=toy_extractor)
    assert ws.relations(EdgeKind.EXPERT_IN)[0].status is Status.REJECTED
    renamed = ws.entity(tsinghua.id)
    assert renamed.name == "清华大学（本部）" and "清华大学" in renamed.aliases


def test_an_entity_named_by_punctuation_alone_is_dropped_with_its_edges(ws):
    def blank_names(doc: Document, gazetteer: object) -> Extraction:
        ev = Evidence(doc.id, 0, 1, doc.text, "toy", 0.5)
        blank, tech = Person(name=" （） ", evidence=[ev]), Technology(name="大模型", evidence=[ev])
        edge = Relation(kind=EdgeKind.EXPERT_IN, source=blank.id, target=tech.id, evidence=[ev])
        return Extraction(doc_id=doc.id, entities=[blank, tech], relations=[edge])

    ws.add_document(text_doc("/a.txt", "（）谈大模型"))
    build(ws, text_extractor=blank_names)
    assert [e.name for e in ws.entities(NodeKind.PERSON)] == []
    assert ws.relations(EdgeKind.EXPERT_IN) == []


def test_control_characters_never_reach_a_name_and_leave_ids_alone(ws):
    def control_names(doc: Document, gazetteer: object) -> Extraction:
        ev = Evidence(doc.id, 0, 4, doc.text, "toy", 0.5)
        org = Organization(name="北京\x01测试\x1b科技有限公司", evidence=[ev])
        tech = Technology(name="大模型", evidence=[ev])
        edge = Relation(kind=EdgeKind.WORKS_ON, source=org.id, target=tech.id, evidence=[ev])
        return Extraction(doc_id=doc.id, entities=[org, tech], relations=[edge])

    ws.add_document(text_doc("/a.txt", "北京\x01测试\x1b科技有限公司研发大模型"))
    build(ws, text_extractor=control_names)
    (org,) = ws.entities(NodeKind.ORGANIZATION)
    assert org.name == "北京测试科技有限公司"
    assert org.id == Organization(name="北京测试科技有限公司").id
    assert len(ws.relations(EdgeKind.WORKS_ON)) == 1


def _tables(ws) -> dict[str, list]:
    """The graph tables' contents, evidence in per-owner order (its row ids may differ)."""
    q = ws.db.execute
    return {
        "entities": q("SELECT id, kind, name, attrs, status, digest FROM entities "
                      "ORDER BY id").fetchall(),
        "aliases": q("SELECT * FROM aliases ORDER BY entity_id, alias").fetchall(),
        "relations": q("SELECT id, kind, source_id, target_id, attrs, status, digest "
                       "FROM relations ORDER BY id").fetchall(),
        "evidence": q('SELECT entity_id, relation_id, doc_id, start, "end", sentence, '
                      "extractor, confidence FROM evidence "
                      "ORDER BY entity_id, relation_id, id").fetchall(),
    }


def _graph_version(n: int, doc_id: str) -> tuple[list, list]:
    """A small graph whose names, statuses, aliases and evidence vary with ``n``."""
    ev = [Evidence(doc_id, i, i + 2, f"第{i}句", "toy", 0.5) for i in range(n)]
    people = [Person(name=f"张{i}", evidence=ev[: i + 1]) for i in range(n)]
    org = Organization(name="北京灵犀机器人科技有限公司", aliases={"灵犀", f"灵犀{n}"},
                       status=Status.CONFIRMED if n % 2 else Status.UNCERTAIN)
    tech = Technology(name="具身智能", evidence=ev[:1])
    relations = [Relation(kind=EdgeKind.AFFILIATED_WITH, source=p.id, target=org.id,
                          attributes={"title": f"教授{n}" if i == 0 else "教授"},
                          evidence=ev[i:i + 1]) for i, p in enumerate(people)]
    relations.append(Relation(kind=EdgeKind.EXPERT_IN, source=people[-1].id, target=tech.id))
    return [org, tech, *people], relations


def test_replacing_the_graph_writes_only_what_changed_and_equals_a_fresh_write(ws, tmp_path):
    doc = text_doc("/a.txt", "张三谈具身智能")
    ws.add_document(doc)
    ws.replace_graph(*_graph_version(4, doc.id), started_at="t0")
    ws.replace_graph(*_graph_version(3, doc.id), started_at="t1")  # one person gone, rest moved

    fresh = Workspace.create(tmp_path / "fresh")
    fresh.add_document(doc)
    fresh.replace_graph(*_graph_version(3, doc.id), started_at="t1")
    assert _tables(ws) == _tables(fresh)
    assert ws.entities() == fresh.entities() and ws.relations() == fresh.relations()

    # the same graph again: only the builds row and the inputs fingerprint are written
    before = ws.db.total_changes
    ws.replace_graph(*_graph_version(3, doc.id), started_at="t2")
    assert ws.db.total_changes - before == 2
    fresh.close()


def test_a_rebuild_with_nothing_changed_keeps_the_graph_until_something_does(ws):
    ws.add_document(member_list())
    ws.add_document(text_doc("/a.txt", "张三谈具身智能"))
    first = build(ws, text_extractor=toy_extractor)
    again = build(ws, text_extractor=toy_extractor)
    assert not first.unchanged and again.unchanged
    assert (again.entities, again.relations) == (first.entities, first.relations)
    assert again.entities_by_kind == first.entities_by_kind

    edge = ws.relations(EdgeKind.EXPERT_IN)[0]
    ws.add_curation("reject", edge.id)  # a curation is an input: the graph is reassembled
    assert not build(ws, text_extractor=toy_extractor).unchanged
    assert ws.relations(EdgeKind.EXPERT_IN)[0].status is Status.REJECTED
    assert build(ws, text_extractor=toy_extractor).unchanged
    assert not build(ws, text_extractor=toy_extractor, force=True).unchanged
    ws.add_document(text_doc("/b.txt", "张三再谈具身智能"))
    report = build(ws, text_extractor=toy_extractor)
    assert not report.unchanged and report.extracted == 1
