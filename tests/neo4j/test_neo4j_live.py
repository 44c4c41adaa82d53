"""Against a live Bolt server (ArcadeDB here, Neo4j when GRAPHMAP_NEO4J_URI is set):
push, idempotent and incremental re-push, read-back, the Cypher script, and the analyses
answered in Cypher agreeing with the in-memory ones."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from neo4j_sample import comparable, sample_entities, sample_graph, sample_workspace
from typer.testing import CliRunner

from graphmap.cli import app
from graphmap.errors import GraphmapError
from graphmap.graph import graph_from
from graphmap.model import EdgeKind, Organization, Relation, Status
from graphmap.neo4j import analyses, files, schema
from graphmap.neo4j.connection import PASSWORD_ENV, Neo4jBackend
from graphmap.neo4j.push import PushState, push_graph, push_workspace, read_graph
from graphmap.store import Workspace

pytestmark = pytest.mark.server

CONSORTIUM = "示例人工智能科创协同联合体"


def test_push_loads_the_graph_and_reads_back_equal(backend: Neo4jBackend) -> None:
    graph = sample_graph()
    report = push_graph(graph, backend)
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    assert report.counters["nodes_created"] == nodes
    assert report.counters["relationships_created"] == edges
    assert (report.nodes_sent, report.relationships_sent) == (nodes, edges)
    assert comparable(read_graph(backend)) == comparable(graph)


def test_second_push_changes_nothing(backend: Neo4jBackend, tmp_path: Path) -> None:
    ws = sample_workspace(tmp_path / "ws")
    first = push_workspace(ws, backend)
    assert first.mode == "reconciled" and first.changed
    again = push_workspace(ws, backend)
    assert again.mode == "incremental"
    assert (again.nodes_sent, again.relationships_sent) == (0, 0)
    assert not again.changed
    # even re-sending everything (no push state) is a no-op thanks to the hash guard
    forced = push_workspace(ws, backend, full=True)
    assert forced.mode == "reconciled" and not forced.changed
    assert comparable(read_graph(backend)) == comparable(ws.graph())


def test_incremental_push_sends_only_what_changed(backend: Neo4jBackend, tmp_path: Path) -> None:
    state = PushState(sample_workspace(tmp_path / "ws").db, backend.target)
    push_graph(sample_graph(), backend, state=state)

    entities, relations = sample_entities()
    by_name = {e.name: e for e in entities}
    by_name["乙研究院"].status = Status.REJECTED
    gone = by_name["庚有限公司"].id
    kept_relations = [r for r in relations if gone not in (r.source, r.target)]
    newcomer = Organization(name="壬有限公司")
    link = Relation(kind=EdgeKind.COOPERATES_WITH, source=newcomer.id,
                    target=by_name["甲科技有限公司"].id)
    graph = graph_from([*(e for e in entities if e.id != gone), newcomer],
                       [*kept_relations, link])
    removed_edges = len(relations) - len(kept_relations)

    report = push_graph(graph, backend, state=state)
    assert report.mode == "incremental"
    assert (report.nodes_sent, report.relationships_sent) == (2, 1)
    assert (report.nodes_removed, report.relationships_removed) == (1, removed_edges)
    assert report.counters["nodes_created"] == 1
    assert report.counters["nodes_deleted"] == 1
    assert report.counters["relationships_created"] == 1
    assert report.counters["relationships_deleted"] == removed_edges
    assert comparable(read_graph(backend)) == comparable(graph)


def test_push_reconciles_when_the_database_changed_behind_it(
    backend: Neo4jBackend, tmp_path: Path
) -> None:
    ws = sample_workspace(tmp_path / "ws")
    push_workspace(ws, backend)
    backend.write("MATCH (n:Person) DETACH DELETE n")
    report = push_workspace(ws, backend)
    assert report.mode == "reconciled"
    assert "Person" in report.reason
    assert report.counters["nodes_created"] == sum(
        1 for _, d in ws.graph().nodes(data=True) if d["kind"] == "Person"
    )
    assert comparable(read_graph(backend)) == comparable(ws.graph())


def test_cypher_script_loads_the_same_graph(backend: Neo4jBackend) -> None:
    graph = sample_graph()
    schema_count = len(schema.schema_statements())
    for _ in range(2):  # the script is idempotent
        statements = files.script_statements(graph)
        for statement in statements[:schema_count]:
            backend.schema(statement)
        for statement in statements[schema_count:]:
            backend.write(statement)
    assert comparable(read_graph(backend)) == comparable(graph)


def test_coverage_in_cypher_agrees_with_networkx(backend: Neo4jBackend) -> None:
    graph = sample_graph()
    push_graph(graph, backend)
    in_memory = analyses.chain_coverage(graph, CONSORTIUM)
    in_neo4j = analyses.chain_coverage(backend, CONSORTIUM)
    assert asdict(in_neo4j) == asdict(in_memory)
    assert {c.name for c in in_neo4j.candidates} == {"戊医院", "己有限公司"}
    gaps = analyses.chain_gaps(backend, CONSORTIUM, "人工智能")
    assert [g.segment_id for g in gaps] == in_memory.gaps


@pytest.mark.parametrize(("name", "radius"), [("甲科技有限公司", 1), ("甲科技有限公司", 2),
                                             ("李四", 2), ("沙龙速记", 1)])
def test_ego_subgraph_in_cypher_agrees_with_networkx(
    backend: Neo4jBackend, name: str, radius: int
) -> None:
    graph = sample_graph()
    push_graph(graph, backend)
    center = next(n for n, d in graph.nodes(data=True) if d["name"] == name)
    in_memory, cut = analyses.ego_subgraph(graph, center, radius)
    in_neo4j, cut_neo4j = analyses.ego_subgraph(backend, center, radius)
    assert (cut, cut_neo4j) == (False, False)
    assert comparable(in_neo4j) == comparable(in_memory)


def test_ego_subgraph_stops_at_max_nodes(backend: Neo4jBackend) -> None:
    graph = sample_graph()
    push_graph(graph, backend)
    center = next(n for n, d in graph.nodes(data=True) if d["name"] == "甲科技有限公司")
    sub, cut = analyses.ego_subgraph(backend, center, 3, max_nodes=4)
    assert cut and sub.number_of_nodes() == 4


@pytest.mark.parametrize("topic", ["具身智能", "语音识别", "医学影像 deep learning", "AI芯片"])
def test_expert_recommendation_in_cypher_agrees_with_networkx(
    backend: Neo4jBackend, topic: str
) -> None:
    graph = sample_graph()
    push_graph(graph, backend)
    panel = analyses.recommend_experts(graph, topic, 3, max_per_org=None, diversity=0.0,
                                       expand=False)
    picks = analyses.recommend_experts(backend, topic, 3, max_per_org=None, expand=False)
    assert [p.expert_id for p in picks][: len(panel.picks)] == panel.ids
    assert all(p.matched_terms for p in picks)


def test_recommendation_leaves_out_rejected_and_excluded_experts(backend: Neo4jBackend) -> None:
    push_graph(sample_graph(), backend)
    names = [p.name for p in analyses.match_experts(backend, "具身智能 运动控制", 5)]
    assert names == ["李四"]  # 钱七 works on 具身智能 too, but was rejected
    assert analyses.match_experts(backend, "具身智能", 5, exclude=["李四"]) == []


def test_capabilities_are_probed(backend: Neo4jBackend) -> None:
    found = backend.capabilities()
    assert found.agent
    if "ArcadeDB" in found.agent:
        assert (found.fulltext, found.apoc) == (False, False)


def test_fulltext_preselection_gives_the_same_experts(backend: Neo4jBackend) -> None:
    if not backend.capabilities().fulltext:
        pytest.skip("Neo4j only: this server has no full-text indexes "
                    f"({backend.capabilities().agent})")
    push_graph(sample_graph(), backend)
    picks = analyses.match_experts(backend, "语音识别", 3)
    assert [p.name for p in picks] == ["张三"]


def test_apoc_is_detected_where_installed(backend: Neo4jBackend) -> None:
    if not backend.capabilities().apoc:
        pytest.skip(f"Neo4j only: APOC is not installed on {backend.capabilities().agent}")
    assert backend.run("RETURN apoc.version() AS version")[0]["version"]


def test_cli_push_and_query(
    backend: Neo4jBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    bolt_server: tuple[str, str, str, str],
) -> None:
    uri, user, password, database = bolt_server
    sample_workspace(tmp_path / "ws").close()
    monkeypatch.setenv(PASSWORD_ENV, password)
    runner = CliRunner()
    common = ["--uri", uri, "--user", user, "--database", database]
    first = runner.invoke(app, ["neo4j", "push", "-w", str(tmp_path / "ws"), *common])
    assert first.exit_code == 0, first.output
    assert "nodes_created" in first.output
    second = runner.invoke(app, ["neo4j", "push", "-w", str(tmp_path / "ws"), *common])
    assert second.exit_code == 0, second.output
    assert "server counters: no change" in second.output
    # queries go where the workspace was pushed: no connection options needed
    monkeypatch.delenv("GRAPHMAP_NEO4J_URI", raising=False)
    workspace = ["-w", str(tmp_path / "ws")]
    coverage = runner.invoke(app, ["neo4j", "query", "coverage", CONSORTIUM, *workspace])
    assert coverage.exit_code == 0, coverage.output
    assert "甲科技有限公司" in coverage.output
    experts = runner.invoke(app, ["neo4j", "query", "recommend", "语音识别", *workspace])
    assert experts.exit_code == 0 and "张三" in experts.output
    lead = next(e.id for e in Workspace.open(tmp_path / "ws").entities()
                if e.name == "甲科技有限公司")
    ego = runner.invoke(app, ["neo4j", "query", "ego", lead, "--radius", "1", *workspace])
    assert ego.exit_code == 0 and "王五" in ego.output


def test_push_with_a_wrong_password_fails_with_a_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bolt_server: tuple[str, str, str, str]
) -> None:
    uri, user, password, database = bolt_server
    sample_workspace(tmp_path / "ws").close()
    monkeypatch.setenv(PASSWORD_ENV, password + "-wrong")
    args = ["neo4j", "push", "-w", str(tmp_path / "ws"), "--uri", uri, "--user", user,
            "--database", database]
    with pytest.raises(GraphmapError) as failed:
        CliRunner().invoke(app, args, catch_exceptions=False)
    assert failed.value.fix
