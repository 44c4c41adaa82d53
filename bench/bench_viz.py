"""Benchmark the deliverables: graph page writing and drawing, ego BFS, figures.

Run: ``nice -n 10 .venv/bin/python bench/bench_viz.py [--sizes 200,2000,20000] [--browser]``

Prints, per synthetic graph size: time to write the page (default reduction and with every
node kept), file size, whether physics or a precomputed layout was used, and with
``--browser`` the wall time headless Chromium needs until the page reports it has drawn.
Then the ego-view BFS on a 100k-node graph and the chain map / talent map figure times.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import networkx as nx

from graphmap.chains.results import Coverage, Placement, SegmentCoverage
from viz.chainmap import write_chain_map
from viz.interactive import ego_nodes, write_graph_html
from viz.talentmap import write_talent_maps

KINDS = (("Organization", 0.35), ("Person", 0.4), ("Technology", 0.25))
EDGE_FOR = {
    ("Person", "Organization"): "AFFILIATED_WITH",
    ("Person", "Technology"): "EXPERT_IN",
    ("Organization", "Technology"): "WORKS_ON",
    ("Organization", "Organization"): "COOPERATES_WITH",
}


def synthetic_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free graph with graphmap's node kinds, names and one evidence item each."""
    rng = random.Random(seed)
    skeleton = nx.barabasi_albert_graph(n, 2, seed=seed)
    graph = nx.MultiDiGraph()
    kinds = {}
    names, weights = zip(*KINDS, strict=True)
    for node in skeleton:
        kind = rng.choices(names, weights=weights)[0]
        kinds[node] = kind
        graph.add_node(
            f"n{node}", kind=kind, name=f"{kind[:3]}{node}号单位", status="confirmed",
            aliases=[], org_type="enterprise", birth_year=rng.choice([None, 1965, 1990]),
            evidence=[{"doc_id": "doc-x", "start": 0, "end": 4, "sentence": f"第{node}句证据。",
                       "extractor": "bench", "confidence": 0.9}],
        )
    for u, v in skeleton.edges():
        a, b = kinds[u], kinds[v]
        kind = EDGE_FOR.get((a, b)) or EDGE_FOR.get((b, a))
        if kind is None:
            kind = "COOPERATES_WITH"
        src, dst = (u, v) if (a, b) in EDGE_FOR else (v, u)
        graph.add_edge(f"n{src}", f"n{dst}", key=kind, kind=kind, status="confirmed",
                       evidence=[])
    return graph


def chromium_draw_seconds(page: Path, budget_ms: int = 600_000) -> tuple[float, bool]:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        started = time.perf_counter()
        dom = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--dump-dom",
             f"--virtual-time-budget={budget_ms}", page.as_uri()],
            capture_output=True, text=True, timeout=900, check=False,
        ).stdout
        return time.perf_counter() - started, 'data-state="drawn"' in dom


def coverage_for(segments: int, members: int) -> Coverage:
    stages = ("upstream", "midstream", "downstream")
    segs = []
    for i in range(segments):
        placed = [Placement(org_id=f"o{i}-{j}", name=f"北京第{i}{j}号科技有限公司",
                            org_type="enterprise", is_lead=i == 0 and j == 0, score=0.8,
                            reasons=[], evidence=[], uncertain=j % 4 == 3)
                  for j in range(members if i % 3 else 0)]
        segs.append(SegmentCoverage(segment_id=f"s{i}", name=f"环节{i}", stage=stages[i % 3],
                                    members=placed, status="covered" if placed else "gap",
                                    counts_by_type={}, evidence_strength=0.5))
    return Coverage(consortium="基准联合体", industry="人工智能", segments=segs,
                    gaps=[s.segment_id for s in segs if not s.members], thin=[], balance={},
                    unclassified=[], candidates=[])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000,20000")
    parser.add_argument("--browser", action="store_true", help="also time Chromium drawing")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-viz-"))
    print(f"output folder: {out}")
    for n in (int(s) for s in args.sizes.split(",")):
        graph = synthetic_graph(n)
        for label, max_nodes in (("default reduction", 1500), ("all nodes", n)):
            page = out / f"graph_{n}_{max_nodes}.html"
            started = time.perf_counter()
            write_graph_html(graph, page, max_nodes=max_nodes)
            seconds = time.perf_counter() - started
            shown = min(n, max_nodes)
            layout = "physics" if shown <= 300 else "precomputed layout"
            line = (f"{n:>6} nodes, {label:<17}: drawn {shown:>6} nodes ({layout}), "
                    f"written in {seconds:6.2f} s, {page.stat().st_size / 1e6:6.2f} MB")
            if args.browser:
                draw, ok = chromium_draw_seconds(page)
                line += f", Chromium drew in {draw:6.1f} s" if ok else f", NOT drawn ({draw:.0f} s)"
            print(line, flush=True)
            if max_nodes >= n:
                break
    big = synthetic_graph(100_000)
    started = time.perf_counter()
    for _ in range(20):
        ego_nodes(big, "n5", 2)
    print(f"ego_nodes(radius 2) on 100k nodes: {(time.perf_counter() - started) / 20 * 1e3:.2f} ms")
    for segments, members in ((8, 3), (22, 6)):
        started = time.perf_counter()
        write_chain_map(coverage_for(segments, members), out, stem=f"chain_{segments}")
        print(f"chain map {segments} segments x {members} members (svg+png+pdf): "
              f"{time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    write_talent_maps(synthetic_graph(2000), out, reference_year=2025)
    print(f"talent maps on 2,000 nodes (svg+png+pdf, 2 figures): "
          f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
