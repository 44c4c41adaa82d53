"""Workspace.graph() loads rows straight into networkx and gives exactly the typed graph."""

from __future__ import annotations

import gc
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmap.graph import graph_from
from graphmap.graphload import load_graph
from graphmap.model import (
    Achievement,
    ChainSegment,
    Consortium,
    DocType,
    Document,
    DocumentNode,
    EdgeKind,
    Entity,
    Event,
    Evidence,
    Industry,
    Organization,
    OrgType,
    Person,
    Relation,
    Stage,
    Status,
    Technology,
    stable_id,
)
from graphmap.store import Workspace
from tests.fuzz.strategies import HOSTILE_NAME

NASTY = "控\x07制\x1b符\u200b零宽\u202e反向\U0001F916 機器人"


def typed_graph(ws: Workspace) -> nx.MultiDiGraph:
    return graph_from(ws.entities(), ws.relations())


def assert_same_graph(expected: nx.MultiDiGraph, got: nx.MultiDiGraph) -> None:
    """Same nodes, edges, keys and attribute dicts, in the same order everywhere."""
    assert list(got.nodes) == list(expected.nodes)
    for node, data in expected.nodes(data=True):
        assert got.nodes[node] == data, node
        assert list(got.nodes[node]) == list(data), node
    expected_edges = list(expected.edges(keys=True, data=True))
    got_edges = list(got.edges(keys=True, data=True))
    assert got_edges == expected_edges
    assert [list(d) for *_, d in got_edges] == [list(d) for *_, d in expected_edges]
    for node in expected:
        assert list(got.pred[node]) == list(expected.pred[node]), node
        assert list(got.succ[node]) == list(expected.succ[node]), node


def evidence_of(doc_id: str, n: int, extractor: str) -> list[Evidence]:
    sentence = f"第{n}句：{NASTY}"
    return [Evidence(doc_id, n, n + 2, sentence, extractor, 0.5 + n / 100)]


@pytest.fixture
def rich_ws(tmp_path: Path) -> Iterator[Workspace]:
    """Every entity kind, aliases, evidence on both sides, all statuses, multi-edges."""
    ws = Workspace.create(tmp_path / "ws")
    docs = []
    for i, text in enumerate(["张三在清华大学谈具身智能。", f"新闻{NASTY}", "名单"]):
        doc = Document(path=f"/d{i}.txt", content_hash=f"h{i}", text=text,
                       doc_type=DocType.NEWS)
        ws.add_document(doc)
        docs.append(doc.id)
    d0, d1, d2 = docs
    org = Organization(name="清华大学", aliases={"清華大學", "THU", NASTY},
                       org_type=OrgType.UNIVERSITY,
                       region="北京", status=Status.CONFIRMED,
                       evidence=evidence_of(d0, 1, "ner") + evidence_of(d1, 2, "list:member"))
    firm = Organization(name="灵犀机器人", credit_code="91110000MA00000001",
                        status=Status.REJECTED, evidence=evidence_of(d2, 3, "list:member"))
    person = Person(name="张三", organization="清华大学", titles=["教授", "院士"],
                    roles=["speaker"], fields_of_work=["具身智能"], gender="男", birth_year=1970,
                    bio=f"简介{NASTY}", positions=[{"title": "教授", "organization": "清华大学",
                                                    "doc_ids": [d0]}],
                    merged_from=[{"id": "per-x", "name": "張三", "reason": "traditional"}],
                    aliases={"張三", "Zhang San"}, status=Status.UNCERTAIN,
                    evidence=evidence_of(d0, 4, "ner") + evidence_of(d1, 5, "ner"))
    twin = Person(name="张三", organization="灵犀机器人")
    tech = Technology(name="具身智能", aliases={"Embodied AI"})
    industry = Industry(name="人工智能", status=Status.CONFIRMED)
    segment = ChainSegment(name="机器人整机", industry="人工智能", stage=Stage.MIDSTREAM)
    consortium = Consortium(name="人工智能科创协同联合体", industry="人工智能")
    event = Event(name=f"沙龙{NASTY}", date="2025-03-01", place="中关村", attendance=80,
                  status=Status.REJECTED)
    achievement = Achievement(name="灵巧手", transferred=True, year=2024)
    doc_node = DocumentNode(name="d0", doc_id=d0, doc_type=DocType.TRANSCRIPT, path="/d0.txt")
    entities = [org, firm, person, twin, tech, industry, segment, consortium, event,
                achievement, doc_node]
    rel = Relation  # the many relations below read better short
    relations = [
        rel(kind=EdgeKind.AFFILIATED_WITH, source=person.id, target=org.id,
            attributes={"title": "教授", "role": "speaker", "doc_ids": [d0, d1]},
            status=Status.CONFIRMED, evidence=evidence_of(d0, 6, "pattern")),
        rel(kind=EdgeKind.AFFILIATED_WITH, source=twin.id, target=firm.id,
            attributes={"title": "教授", "role": "speaker", "doc_ids": [d0, d1]}),
        rel(kind=EdgeKind.EXPERT_IN, source=person.id, target=tech.id,
            attributes={"count": 2}, evidence=evidence_of(d1, 7, "cooc")
            + evidence_of(d0, 8, "cooc")),
        rel(kind=EdgeKind.SPOKE_AT, source=person.id, target=event.id, status=Status.REJECTED),
        rel(kind=EdgeKind.ATTENDED, source=person.id, target=event.id,
            attributes={"count": 2}),
        rel(kind=EdgeKind.WORKS_ON, source=org.id, target=tech.id, attributes={"count": 1}),
        rel(kind=EdgeKind.WORKS_ON, source=firm.id, target=tech.id, attributes={"count": 1}),
        rel(kind=EdgeKind.COOPERATES_WITH, source=org.id, target=firm.id,
            attributes={"note": NASTY}),
        rel(kind=EdgeKind.COOPERATES_WITH, source=firm.id, target=org.id),
        rel(kind=EdgeKind.COOPERATES_WITH, source=org.id, target=org.id),  # a self-loop
        rel(kind=EdgeKind.MEMBER_OF, source=org.id, target=consortium.id,
            attributes={"since": "2023"}),
        rel(kind=EdgeKind.LEADS, source=org.id, target=consortium.id),
        rel(kind=EdgeKind.IN_SEGMENT, source=firm.id, target=segment.id),
        rel(kind=EdgeKind.PART_OF, source=segment.id, target=industry.id),
        rel(kind=EdgeKind.DEVELOPED, source=firm.id, target=achievement.id),
        rel(kind=EdgeKind.TRANSFERRED_TO, source=achievement.id, target=org.id),
        rel(kind=EdgeKind.MENTIONS, source=doc_node.id, target=person.id,
            evidence=evidence_of(d0, 9, "mention")),
        rel(kind=EdgeKind.MENTIONS, source=doc_node.id, target=twin.id),
    ]
    ws.replace_graph(entities, relations, started_at="2026-01-01T00:00:00+00:00")
    # Rows as a bulk writer leaves them: attributes left to their defaults, evidence
    # interleaved between owners so only the evidence id tells the order.
    with ws.transaction() as db:
        db.executemany(
            "INSERT INTO entities(id, kind, name, attrs, status) VALUES (?,?,?,?,?)",
            [("org-bulk", "Organization", "批量机构", "{}", "confirmed"),
             ("per-bulk", "Person", "批量人物", '{"merged_from":[]}', "uncertain"),
             ("per-bulk-2", "Person", "批量人物二", '{"merged_from":[]}', "uncertain"),
             ("per-bulk-3", "Person", "批量人物三", "{}", "confirmed"),
             ("per-bulk-4", "Person", "批量人物四", "{}", "confirmed"),
             ("evt-bulk", "Event", "批量活动", '{"date":null}', "rejected")],
        )
        db.execute("INSERT INTO aliases(entity_id, alias, normalized) VALUES (?,?,?)",
                   ("org-bulk", "批量", "批量"))
        db.execute(
            "INSERT INTO relations(id, kind, source_id, target_id, attrs, status) "
            "VALUES (?,?,?,?,?,?)",
            (stable_id("rel", "ATTENDED", "per-bulk", "evt-bulk"), "ATTENDED", "per-bulk",
             "evt-bulk", "{}", "confirmed"),
        )
        for owner in ("org-bulk", "per-bulk", "org-bulk", org.id, "per-bulk"):
            db.execute(
                'INSERT INTO evidence(entity_id, doc_id, start, "end", sentence, extractor, '
                "confidence) VALUES (?,?,?,?,?,?,?)",
                (owner, d1, 0, 1, f"{owner}{NASTY}", "bulk", 1.0),
            )
    yield ws
    ws.close()


def test_loaded_graph_equals_the_typed_graph(rich_ws):
    expected = typed_graph(rich_ws)
    assert expected.number_of_nodes() == 17 and expected.number_of_edges() == 19
    assert_same_graph(expected, load_graph(rich_ws.db))
    assert_same_graph(expected, rich_ws.graph())


def test_the_fixture_exercises_what_the_loader_must_reproduce(rich_ws):
    graph = load_graph(rich_ws.db)
    org = next(n for n, d in graph.nodes(data=True) if d["name"] == "清华大学")
    assert graph.nodes[org]["aliases"] == sorted({"清華大學", "THU", NASTY})
    assert [ev["extractor"] for ev in graph.nodes[org]["evidence"]] == [
        "ner", "list:member", "bulk"]
    assert [ev["sentence"] for ev in graph.nodes["org-bulk"]["evidence"]] == [
        f"org-bulk{NASTY}", f"org-bulk{NASTY}"]
    assert graph.nodes["org-bulk"]["org_type"] == "other"
    assert graph.nodes["org-bulk"]["credit_code"] is None
    assert "merged_from" not in graph.nodes["per-bulk"]
    assert graph.nodes["per-bulk"]["titles"] == []
    assert graph.nodes["evt-bulk"]["event_type"] == "salon"
    assert sorted(graph[org][org]) == ["COOPERATES_WITH"]
    statuses = {d["status"] for *_, d in graph.edges(keys=True, data=True)}
    assert statuses == {"confirmed", "uncertain", "rejected"}


def test_lists_are_never_shared_between_nodes_or_edges(rich_ws):
    graph = load_graph(rich_ws.db)
    lists = [value for _, data in graph.nodes(data=True) for value in data.values()
             if isinstance(value, list)]
    lists += [value for *_, data in graph.edges(keys=True, data=True)
              for value in data.values() if isinstance(value, list)]
    assert len({id(value) for value in lists}) == len(lists)


def test_without_evidence_only_the_evidence_is_left_out(rich_ws):
    expected = typed_graph(rich_ws)
    for _, data in expected.nodes(data=True):
        data["evidence"] = []
    for *_, data in expected.edges(keys=True, data=True):
        data["evidence"] = []
    assert_same_graph(expected, load_graph(rich_ws.db, evidence=False))
    assert_same_graph(expected, rich_ws.graph(evidence=False))


def test_load_leaves_no_transaction_open_and_the_collector_as_it_was(rich_ws):
    assert gc.isenabled()
    load_graph(rich_ws.db)
    assert gc.isenabled() and not rich_ws.db.in_transaction
    gc.disable()
    try:
        load_graph(rich_ws.db)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with rich_ws.transaction() as db:  # inside a caller's transaction: read it, keep it open
        assert load_graph(db).number_of_nodes() == 17
        assert db.in_transaction


def test_a_row_the_typed_path_refuses_is_refused_the_same_way(rich_ws):
    rich_ws.db.execute("UPDATE entities SET attrs = ? WHERE id = 'org-bulk'",
                       ('{"org_type":"not-a-type"}',))
    with pytest.raises(ValueError) as typed:
        typed_graph(rich_ws)
    with pytest.raises(ValueError) as loaded:
        load_graph(rich_ws.db)
    assert str(loaded.value) == str(typed.value)
    assert gc.isenabled() and not rich_ws.db.in_transaction


def test_an_unknown_attribute_is_refused_the_same_way(rich_ws):
    rich_ws.db.execute("UPDATE entities SET attrs = ? WHERE id = 'per-bulk'",
                       ('{"shoe_size":42}',))
    with pytest.raises(TypeError) as typed:
        typed_graph(rich_ws)
    with pytest.raises(TypeError) as loaded:
        load_graph(rich_ws.db)
    assert str(loaded.value) == str(typed.value)


def test_a_dangling_relation_is_refused_the_same_way(rich_ws):
    rich_ws.db.execute("PRAGMA foreign_keys=OFF")
    rich_ws.db.execute(
        "INSERT INTO relations(id, kind, source_id, target_id, attrs, status) "
        "VALUES ('rel-dangling', 'WORKS_ON', 'org-bulk', 'tech-nowhere', '{}', 'confirmed')"
    )
    with pytest.raises(ValueError) as typed:
        typed_graph(rich_ws)
    with pytest.raises(ValueError) as loaded:
        load_graph(rich_ws.db)
    assert str(loaded.value) == str(typed.value)


def test_a_stored_relation_id_that_is_not_the_derived_one_still_gives_the_derived_id(rich_ws):
    rich_ws.db.execute("UPDATE relations SET id = 'rel-odd' WHERE source_id = 'per-bulk'")
    expected = typed_graph(rich_ws)
    assert_same_graph(expected, load_graph(rich_ws.db))
    assert expected["per-bulk"]["evt-bulk"]["ATTENDED"]["id"] != "rel-odd"


@pytest.mark.slow
def test_the_demo_corpus_loads_to_the_typed_graph(tmp_path, examples_dir):
    from graphmap.build import build
    from graphmap.ingestion import add_paths

    with Workspace.create(tmp_path / "demo") as ws:
        report = add_paths(ws, [examples_dir / "corpus"])
        assert not report.errors, report.errors
        build(ws)
        expected = typed_graph(ws)
        assert expected.number_of_edges() > 100
        assert_same_graph(expected, ws.graph())


class NoTempSpace:
    """A connection whose sorts fail as they do when the temporary folder is full."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @property
    def in_transaction(self) -> bool:
        return self.db.in_transaction

    def execute(self, sql: str, *params: object) -> sqlite3.Cursor:
        if "ORDER BY +" in sql:
            raise sqlite3.OperationalError("database or disk is full")
        return self.db.execute(sql, *params)


def test_without_temporary_space_the_relations_come_in_the_same_order(rich_ws):
    expected = typed_graph(rich_ws)
    assert_same_graph(expected, load_graph(NoTempSpace(rich_ws.db)))  # type: ignore[arg-type]


SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-(10**9), 10**9),
                   st.floats(allow_nan=False, allow_infinity=False), HOSTILE_NAME)
OPTIONAL_NAME = st.none() | HOSTILE_NAME


@st.composite
def evidence_list(draw: st.DrawFn, doc_id: str) -> list[Evidence]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, 500))
        out.append(Evidence(doc_id, start, start + draw(st.integers(0, 9)), draw(HOSTILE_NAME),
                            draw(st.sampled_from(["ner", "list:member", "pattern"])),
                            draw(st.floats(0.0, 1.0))))
    return out


@st.composite
def random_entity(draw: st.DrawFn, doc_id: str) -> Entity:
    kind = draw(st.sampled_from([Organization, Person, Technology, ChainSegment, Event,
                                 Achievement, Consortium, DocumentNode]))
    extra: dict[str, object] = {}
    if kind is Organization:
        extra = {"org_type": draw(st.sampled_from(OrgType)), "region": draw(OPTIONAL_NAME),
                 "credit_code": draw(st.none() | st.text("0123456789ABC", min_size=18,
                                                          max_size=18))}
    elif kind is Person:
        extra = {"organization": draw(OPTIONAL_NAME),
                 "titles": draw(st.lists(HOSTILE_NAME, max_size=2)),
                 "birth_year": draw(st.none() | st.integers(1900, 2010)),
                 "positions": draw(st.lists(st.fixed_dictionaries(
                     {"title": HOSTILE_NAME, "doc_ids": st.lists(HOSTILE_NAME, max_size=2)}),
                     max_size=2)),
                 "merged_from": draw(st.lists(st.fixed_dictionaries(
                     {"id": HOSTILE_NAME, "name": HOSTILE_NAME}), max_size=1))}
    elif kind is ChainSegment:
        extra = {"industry": draw(HOSTILE_NAME), "stage": draw(st.sampled_from(Stage))}
    elif kind is Event:
        extra = {"date": draw(st.none() | st.dates().map(str)),
                 "attendance": draw(st.none() | st.integers(0, 10_000))}
    elif kind is Achievement:
        extra = {"transferred": draw(st.booleans()), "year": draw(st.none() | st.integers())}
    elif kind is DocumentNode:
        extra = {"doc_id": draw(HOSTILE_NAME), "doc_type": draw(st.sampled_from(DocType))}
    return kind(name=draw(HOSTILE_NAME), aliases=draw(st.sets(HOSTILE_NAME, max_size=3)),
                status=draw(st.sampled_from(Status)), evidence=draw(evidence_list(doc_id)),
                **extra)


@st.composite
def random_graph(draw: st.DrawFn, doc_id: str) -> tuple[list[Entity], list[Relation]]:
    entities = list({e.id: e for e in draw(st.lists(random_entity(doc_id), min_size=1,
                                                     max_size=8))}.values())
    ends = st.sampled_from([e.id for e in entities])
    attributes = st.dictionaries(st.text(max_size=4), SCALAR | st.lists(SCALAR, max_size=2),
                                 max_size=3)
    relations = [
        Relation(kind=draw(st.sampled_from(EdgeKind)), source=draw(ends), target=draw(ends),
                 attributes=draw(attributes), status=draw(st.sampled_from(Status)),
                 evidence=draw(evidence_list(doc_id)))
        for _ in range(draw(st.integers(0, 12)))
    ]
    return entities, list({r.id: r for r in relations}.values())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_stored_graph_loads_to_the_typed_graph(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder, Workspace.create(Path(folder) / "ws") as ws:
        doc = Document(path="/fuzz.txt", content_hash="h", text="x")
        ws.add_document(doc)
        entities, relations = data.draw(random_graph(doc.id))
        ws.replace_graph(entities, relations, started_at="2026-01-01T00:00:00+00:00")
        assert_same_graph(typed_graph(ws), load_graph(ws.db))
