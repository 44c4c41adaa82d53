"""Benchmark the deliverables: graph page writing and drawing, ego BFS, figures.

Run: ``nice -n 10 .venv/bin/python bench/bench_viz.py [--sizes 200,2000,20000] [--browser]``

Prints, per synthetic graph size: time to write the page (default reduction and with every
node kept), file size, whether physics or a precomputed layout was used, and with
``--browser`` the wall time headless Chromium needs until the page reports it has drawn.
Then the ego-view BFS on a 100k-node graph and the chain map / talent map figure times.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
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


def programme_graph(n: int = 10_000, seed: int = 1) -> nx.MultiDiGraph:
    """A programme-shaped graph: 45% experts, 5% events with many attendees, organizations,
    technologies and a chain of segments, in 12 fields that link mostly within themselves.

    Sizes follow the 10,000-node workspace of issue #18 (4,500 experts, ~500 events).
    """
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    fields = 12
    shares = (("Person", 0.45), ("Organization", 0.3), ("Technology", 0.18), ("Event", 0.05),
              ("Achievement", 0.02))
    by_kind: dict[tuple[str, int], list[str]] = {}
    graph.add_node("ind", kind="Industry", name="人工智能", status="confirmed")
    graph.add_node("cons", kind="Consortium", name="基准联合体", status="confirmed")
    for s in range(18):
        graph.add_node(f"seg{s}", kind="ChainSegment", name=f"环节{s}", status="confirmed",
                       stage=("upstream", "midstream", "downstream")[s % 3], industry="人工智能")
        graph.add_edge(f"seg{s}", "ind", key="PART_OF", kind="PART_OF", status="confirmed")
    for kind, share in shares:
        for i in range(int(n * share)):
            field = rng.randrange(fields)
            node = f"{kind[:3].lower()}{i}"
            graph.add_node(node, kind=kind, name=f"{kind[:3]}{i}号（领域{field}）",
                           status=rng.choice(("confirmed", "uncertain")), aliases=[],
                           evidence=[{"doc_id": "doc-x", "start": 0, "end": 4,
                                      "sentence": f"{node} 的证据。", "extractor": "bench",
                                      "confidence": 0.9}])
            by_kind.setdefault((kind, field), []).append(node)

    def pick(kind: str, field: int) -> str:
        if rng.random() < 0.1:
            field = rng.randrange(fields)
        pool = by_kind[(kind, field)]
        return pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)]  # a few are popular

    def link(u: str, v: str, kind: str) -> None:
        graph.add_edge(u, v, key=kind, kind=kind, status="confirmed", evidence=[])

    for (kind, field), nodes in by_kind.items():
        for node in nodes:
            if kind == "Person":
                link(node, pick("Organization", field), "AFFILIATED_WITH")
                for _ in range(rng.randint(0, 2)):
                    link(node, pick("Technology", field), "EXPERT_IN")
                for _ in range(rng.randint(0, 2)):
                    link(node, pick("Event", field), rng.choice(("ATTENDED", "SPOKE_AT")))
            elif kind == "Organization":
                link(node, pick("Technology", field), "WORKS_ON")
                if rng.random() < 0.3:
                    link(node, pick("Organization", field), "COOPERATES_WITH")
                if rng.random() < 0.3:
                    link(node, f"seg{field + rng.randrange(7)}", "IN_SEGMENT")
                if rng.random() < 0.05:
                    link(node, "cons", "MEMBER_OF")
            elif kind == "Event":
                link(pick("Organization", field), node, "HOSTED")
            elif kind == "Achievement":
                link(pick("Organization", field), node, "DEVELOPED")
    return graph


def ego_click_ms(page: Path, node: str) -> float | None:
    """Milliseconds the page's ego-view button took (``#ego=ID`` link, read from the DOM)."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", f"--user-data-dir={profile}", "--dump-dom",
             "--virtual-time-budget=60000", f"{page.as_uri()}#ego={node}"],
            capture_output=True, text=True, timeout=600, check=False,
        ).stdout
    found = re.search(r'data-ego-ms="([0-9.]+)"', dom)
    return float(found.group(1)) if found else None


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
    programme = programme_graph(10_000)
    started = time.perf_counter()
    page = write_graph_html(programme, out / "programme_10k.html")
    text = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', text, re.S).group(1))
    shown = nx.Graph([(e["from"], e["to"]) for e in data["edges"]])
    shown.add_nodes_from(n["id"] for n in data["nodes"])
    kinds = Counter(n["kind"] for n in data["nodes"])
    print(f"programme graph {programme.number_of_nodes():,} nodes: page written in "
          f"{time.perf_counter() - started:.2f} s; default view {dict(kinds)}; "
          f"{nx.number_connected_components(shown)} component(s); "
          f"{data['community_count']} communities ({data['community_method']})")
    if args.browser:
        person = max((n for n in data["nodes"] if n["kind"] == "Person"),
                     key=lambda n: n["size"])["id"]
        print(f"ego view (2 hops) of the best-connected expert in Chromium: "
              f"{ego_click_ms(page, person)} ms")
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
