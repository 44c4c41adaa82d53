"""Load speed into a Bolt server: batched UNWIND vs row-by-row MERGE, and the offline exports.

Run: ``.venv/bin/python bench/bench_neo4j.py [--nodes 5000] [--rows-by-row 500]``.
Uses ArcadeDB (``arcadedb-embedded``) started here, or the server in ``GRAPHMAP_NEO4J_URI``
(+ ``_USER``, ``_PASSWORD``, ``_DATABASE``; the database is wiped). Prints rows per second for:

- push (batched ``UNWIND $rows MERGE``, 1000 rows per transaction): nodes, then relationships;
- re-push of the unchanged graph (incremental: nothing sent) and forced (hash-guarded) re-push;
- row-by-row ``MERGE``, one auto-commit statement per row, on a sample of nodes and
  relationships;
- neo4j-admin import CSV export and Cypher script export (no server involved).

The graph is synthetic but shaped like graphmap's: organizations with aliases and evidence,
people with titles and fields, technologies, WORKS_ON / AFFILIATED_WITH / EXPERT_IN / MEMBER_OF.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import networkx as nx

from graphmap.graph import graph_from
from graphmap.model import (
    Consortium,
    EdgeKind,
    Evidence,
    Organization,
    OrgType,
    Person,
    Relation,
    Status,
    Technology,
)
from graphmap.neo4j import files, schema
from graphmap.neo4j.connection import Neo4jBackend, connect
from graphmap.neo4j.devserver import start_arcadedb
from graphmap.neo4j.push import push_graph

SEED = 7


def synthetic_graph(n_nodes: int) -> nx.MultiDiGraph:
    """About ``n_nodes`` nodes (40% people, 40% organizations, 20% technologies) and ~2.5
    relationships per node."""
    rng = random.Random(SEED)
    doc = "doc-bench"
    n_org, n_per = int(n_nodes * 0.4), int(n_nodes * 0.4)
    n_tech = max(1, n_nodes - n_org - n_per - 1)
    consortium = Consortium(name="基准联合体", industry="人工智能", status=Status.CONFIRMED)
    orgs = [
        Organization(name=f"第{i}号科技有限公司", org_type=rng.choice(list(OrgType)),
                     aliases={f"第{i}号科技"}, status=rng.choice(list(Status)),
                     evidence=[Evidence(doc, 0, 5, f"第{i}号科技有限公司研发了新产品。", "bench",
                                        0.7)])
        for i in range(n_org)
    ]
    techs = [Technology(name=f"技术{i}") for i in range(n_tech)]
    people = [
        Person(name=f"专家{i}", organization=orgs[i % n_org].name, titles=["教授"],
               fields_of_work=[techs[i % n_tech].name], birth_year=1960 + i % 40,
               evidence=[Evidence(doc, 0, 3, f"专家{i}介绍了{techs[i % n_tech].name}。", "bench")])
        for i in range(n_per)
    ]
    relations = []
    for i, person in enumerate(people):
        org = orgs[i % n_org]
        relations.append(Relation(kind=EdgeKind.AFFILIATED_WITH, source=person.id, target=org.id,
                                  attributes={"title": "教授"}, status=Status.CONFIRMED))
        relations.append(Relation(kind=EdgeKind.EXPERT_IN, source=person.id,
                                  target=techs[i % n_tech].id))
    for org in orgs:
        for tech in rng.sample(techs, min(2, n_tech)):
            relations.append(Relation(kind=EdgeKind.WORKS_ON, source=org.id, target=tech.id))
    for org in orgs[: max(1, n_org // 4)]:
        relations.append(Relation(kind=EdgeKind.MEMBER_OF, source=org.id, target=consortium.id,
                                  attributes={"since": 2023}, status=Status.CONFIRMED))
    return graph_from([consortium, *orgs, *techs, *people], relations)


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s" if seconds > 0 else "-"


def bench_push(backend: Neo4jBackend, graph: nx.MultiDiGraph) -> None:
    stamps: dict[str, list[float]] = {}

    def tick(stage: str, done: int, total: int) -> None:
        stamps.setdefault(stage, [time.perf_counter(), 0.0])[1] = time.perf_counter()

    started = time.perf_counter()
    report = push_graph(graph, backend, progress=tick)
    total = time.perf_counter() - started
    nodes, rels = graph.number_of_nodes(), graph.number_of_edges()
    # a stage's first tick comes after its first batch: count from the previous stage's end
    schema_end = stamps["schema"][1]
    node_end = stamps["nodes"][1]
    print(f"push, batched UNWIND (1000 rows/tx): {nodes} nodes + {rels} relationships "
          f"in {total:.1f} s")
    print(f"  schema (constraints, indexes): {schema_end - started:.1f} s")
    print(f"  nodes: {_rate(nodes, node_end - schema_end)}")
    print(f"  relationships: {_rate(rels, stamps['relationships'][1] - node_end)}")
    print(f"  counters: nodes_created {report.counters['nodes_created']}, "
          f"relationships_created {report.counters['relationships_created']}")
    started = time.perf_counter()
    again = push_graph(graph, backend)
    print(f"re-push unchanged, forced (reads ids+hashes, sends nothing): "
          f"{time.perf_counter() - started:.1f} s, changed: {again.changed}")


def bench_row_by_row(backend: Neo4jBackend, graph: nx.MultiDiGraph, rows: int) -> None:
    backend.write("MATCH (n) DETACH DELETE n")
    node_rows = list(schema.node_rows(graph))[:rows]
    kept = {r.id for r in node_rows}
    rel_rows = [r for r in schema.relationship_rows(graph)
                if r.source in kept and r.target in kept][:rows]
    with backend.driver.session(database=backend.database) as session:
        started = time.perf_counter()
        for row in node_rows:
            session.run(schema.upsert_node_statement(row.label), id=row.id,
                        props=row.props).consume()
        node_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for rel in rel_rows:
            session.run(
                schema.upsert_relationship_statement(rel.type, rel.source_label,
                                                     rel.target_label),
                id=rel.id, source=rel.source, target=rel.target, props=rel.props,
            ).consume()
        rel_seconds = time.perf_counter() - started
    print(f"row-by-row MERGE (one auto-commit statement per row): "
          f"nodes {_rate(len(node_rows), node_seconds)} ({len(node_rows)} rows), "
          f"relationships {_rate(len(rel_rows), rel_seconds)} ({len(rel_rows)} rows)")


def bench_exports(graph: nx.MultiDiGraph) -> None:
    rows = graph.number_of_nodes() + graph.number_of_edges()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        written = files.write_import_csv(graph, Path(tmp) / "import")
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in written.node_files + written.relationship_files)
        print(f"neo4j-admin import CSV export: {rows} rows in {seconds:.1f} s = "
              f"{_rate(rows, seconds)} ({size / 1e6:.1f} MB)")
        started = time.perf_counter()
        script = files.write_cypher_script(graph, Path(tmp) / "graph.cypher")
        seconds = time.perf_counter() - started
        print(f"Cypher script export: {rows} rows in {seconds:.1f} s = {_rate(rows, seconds)} "
              f"({script.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000, help="nodes pushed over Bolt")
    parser.add_argument("--rows-by-row", type=int, default=500,
                        help="rows loaded one statement at a time")
    parser.add_argument("--export-nodes", type=int, default=50000,
                        help="nodes of the graph exported to files")
    args = parser.parse_args()

    graph = synthetic_graph(args.nodes)
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships")
    server = None
    uri = os.environ.get("GRAPHMAP_NEO4J_URI")
    if uri:
        backend = connect(uri, os.environ.get("GRAPHMAP_NEO4J_USER", "neo4j"),
                          os.environ.get("GRAPHMAP_NEO4J_PASSWORD"),
                          os.environ.get("GRAPHMAP_NEO4J_DATABASE", "neo4j"))
    else:
        started = time.perf_counter()
        server = start_arcadedb()
        print(f"ArcadeDB started in {time.perf_counter() - started:.1f} s")
        backend = connect(server.uri, server.user, server.password, server.database)
    try:
        print(f"server: {backend.capabilities().agent}")
        backend.write("MATCH (n) DETACH DELETE n")
        bench_push(backend, graph)
        bench_row_by_row(backend, graph, args.rows_by_row)
    finally:
        backend.close()
        if server is not None:
            server.stop()
    bench_exports(synthetic_graph(args.export_nodes))


if __name__ == "__main__":
    main()
