"""Loading the whole graph: typed objects (``graph_from``) vs the row-to-dict loader.

Run: ``.venv/bin/python bench/bench_graph_load.py [--nodes 100000] [--corpus-ws PATH]``

A big existing store, new loader only, no typed load and no equality check (which would
load the typed graph): ``--nodes 0 --corpus-ws PATH --loaders rows --no-check``.

For a synthetic store (``synth.make_graph`` + ``synth.write_graph_sql``, ~3 edges per node)
and, when given, a built corpus workspace (copied first: the original is never touched),
each loader runs in a fresh process so its peak RSS (VmHWM) is its own:

- ``typed``: ``graph_from(ws.entities(), ws.relations())``, the baseline;
- ``typed, GC paused``: the same with the cyclic garbage collector off (how much of the
  gain is the collector alone);
- ``rows``: ``graphmap.graphload.load_graph(ws.db)``, what ``Workspace.graph()`` uses;
- ``rows, no evidence``: ``load_graph(ws.db, evidence=False)``.

A last child loads the graph both ways and checks they are equal (nodes, edges, keys,
attributes, order), so the numbers compare loaders that give the same graph.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synth

METHODS = ("typed", "typed, GC paused", "rows", "rows, no evidence")


def _vm_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _load(ws, method: str):
    from graphmap.graph import graph_from
    from graphmap.graphload import load_graph

    if method == "typed":
        return graph_from(ws.entities(), ws.relations())
    if method == "typed, GC paused":
        gc.disable()
        try:
            return graph_from(ws.entities(), ws.relations())
        finally:
            gc.enable()
    return load_graph(ws.db, evidence=method == "rows")


def run_child(method: str, store: Path) -> None:
    from graphmap.store import Workspace

    ws = Workspace.open(store)
    before = _vm_mb("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    graph = _load(ws, method)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({
        "seconds": seconds, "cpu_seconds": cpu, "rss_before_mb": before, "peak_mb": _vm_mb("VmHWM"),
        "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
    }))


def check_child(store: Path) -> None:
    from graphmap.store import Workspace

    ws = Workspace.open(store)
    typed, rows = _load(ws, "typed"), _load(ws, "rows")
    same = (
        list(typed.nodes(data=True)) == list(rows.nodes(data=True))
        and list(typed.edges(keys=True, data=True)) == list(rows.edges(keys=True, data=True))
        and all(list(typed.pred[n]) == list(rows.pred[n]) for n in typed)
        and all(list(typed.nodes[n]) == list(rows.nodes[n]) for n in typed)
    )
    print(json.dumps({"identical": same}))


def child(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(label: str, store: Path, repeat: int, check: bool, loaders: list[str]) -> None:
    results = {}
    for method in loaders:
        runs = [child("--child", method, str(store)) for _ in range(repeat)]
        results[method] = min(runs, key=lambda r: r["seconds"])
    base = results[loaders[0]]
    print(f"\n{label}: {base['nodes']:,} nodes, {base['edges']:,} edges "
          f"(best of {repeat}, fresh process each; ratios to {loaders[0]})")
    print("| loader | load s | ratio | CPU s | ratio | peak RSS MB | RSS growth MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for method, r in results.items():
        print(f"| {method} | {r['seconds']:.2f} | {r['seconds'] / base['seconds']:.2f}× | "
              f"{r['cpu_seconds']:.2f} | {r['cpu_seconds'] / base['cpu_seconds']:.2f}× | "
              f"{r['peak_mb']:,.0f} | {r['peak_mb'] - r['rss_before_mb']:,.0f} |")
    if check:
        print(f"same graph as typed: {child('--check', str(store))['identical']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000, help="synthetic graph size (0: none)")
    parser.add_argument("--corpus-ws", type=Path, help="a built workspace to copy and load")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-check", action="store_true", help="skip the equality check")
    parser.add_argument("--loaders", default=",".join(METHODS),
                        help=f"comma-separated, the first is the baseline ({', '.join(METHODS)})")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "STORE"), help=argparse.SUPPRESS)
    parser.add_argument("--check", type=Path, metavar="STORE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child[0], Path(args.child[1]))
        return
    if args.check:
        check_child(args.check)
        return
    from graphmap.store import Workspace

    loaders = [name.strip() for name in args.loaders.split(",") if name.strip()]
    if not loaders or not set(loaders) <= set(METHODS):
        parser.error(f"--loaders takes names among: {', '.join(METHODS)}")
    with tempfile.TemporaryDirectory(prefix="bench-graph-load-") as tmp:
        if args.nodes:
            store = Path(tmp) / "synthetic"
            started = time.perf_counter()
            ws = Workspace.create(store)
            synth.write_graph_sql(ws, synth.make_graph(args.nodes))
            ws.close()
            print(f"synthetic store written in {time.perf_counter() - started:.1f} s")
            measure(f"synthetic {args.nodes:,} nodes", store, args.repeat, not args.no_check,
                    loaders)
        if args.corpus_ws:
            copy = Path(tmp) / "corpus"
            shutil.copytree(args.corpus_ws, copy)
            measure(f"workspace {args.corpus_ws}", copy, args.repeat, not args.no_check,
                    loaders)


if __name__ == "__main__":
    main()
