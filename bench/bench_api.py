"""Benchmark the API over loopback: latency percentiles and throughput per endpoint and
concurrency level, against ``graphmap serve`` running in its own process.

    .venv/bin/python bench/bench_api.py                      # builds the sample corpus first
    .venv/bin/python bench/bench_api.py --workspace graphmap-output/workspace --clients 1,10,50

Prints one row per (endpoint, clients): requests, errors, p50 / p95 / max in ms, requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graphmap.store import Workspace  # noqa: E402


def sample_workspace(folder: Path) -> Path:
    from graphmap.build import build
    from graphmap.ingestion import add_paths

    root = folder / "ws"
    with Workspace.create(root) as ws:
        add_paths(ws, [REPO / "examples" / "corpus"])
        build(ws)
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def requests_for(workspace: Path) -> dict[str, list[tuple[str, dict]]]:
    """A few realistic calls per endpoint, drawn from the workspace itself."""
    with Workspace.open(workspace) as ws:
        graph = ws.graph()
    people = [n for n, d in graph.nodes(data=True) if d["kind"] == "Person"]
    orgs = sorted((n for n, d in graph.nodes(data=True) if d["kind"] == "Organization"),
                  key=graph.degree, reverse=True)
    consortia = [d["name"] for _, d in graph.nodes(data=True) if d["kind"] == "Consortium"]
    names = [graph.nodes[n]["name"][:2] for n in orgs[:10]] or ["北京"]
    calls = {
        "search": [("/api/entities", {"q": q}) for q in names],
        "entity": [(f"/api/entities/{n}", {}) for n in (orgs + people)[:10]],
        "neighbours r=2": [(f"/api/entities/{n}/neighbours", {"radius": 2}) for n in orgs[:10]],
        "paths": [("/api/paths", {"source": a, "target": b})
                  for a, b in zip(people[:10], orgs[:10], strict=False)],
        "experts": [("/api/recommend/experts", {"topic": t, "k": 6})
                    for t in ("具身智能与人形机器人", "AI芯片与智能算力", "自动驾驶感知",
                              "大模型安全", "康复医疗机器人")],
        "partners": [("/api/recommend/partners", {"org": o}) for o in orgs[:5]],
    }
    if consortia:
        calls["coverage"] = [("/api/chains/coverage", {"consortium": consortia[0]})]
    return {name: items for name, items in calls.items() if items}


async def run_level(url: str, calls: list[tuple[str, dict]], clients: int,
                    total: int) -> tuple[list[float], int, float]:
    """``clients`` concurrent callers sharing one connection pool (one connection each)."""
    latencies: list[float] = []
    errors = 0
    per_client = max(1, total // clients)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def one(client: httpx.AsyncClient, number: int) -> None:
        nonlocal errors
        for i in range(per_client):
            path, params = calls[(number + i) % len(calls)]
            started = time.perf_counter()
            try:
                response = await client.get(path, params=params)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - started)
            errors += not ok

    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(one(client, n) for n in range(clients)))
        return latencies, errors, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workspace", type=Path, help="workspace (default: build the sample)")
    parser.add_argument("--clients", default="1,10,50", help="concurrency levels")
    parser.add_argument("--requests", type=int, default=200, help="requests per level")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        workspace = args.workspace or sample_workspace(Path(folder))
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-c", "from graphmap.cli import main; main()", "serve",
             "--workspace", str(workspace), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        while True:
            try:
                httpx.get(f"{url}/api/health", timeout=2)
                break
            except httpx.HTTPError:
                if server.poll() is not None:
                    raise SystemExit("graphmap serve did not start") from None
                time.sleep(0.2)
        calls = requests_for(workspace)
        for items in calls.values():  # warm the per-build caches once
            for path, params in items[:1]:
                httpx.get(url + path, params=params, timeout=300)
        print(f"workspace {workspace}")
        print(f"{'endpoint':<16}{'clients':>8}{'requests':>10}{'errors':>8}"
              f"{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}")
        for name, items in calls.items():
            for clients in (int(c) for c in args.clients.split(",")):
                latencies, errors, elapsed = asyncio.run(
                    run_level(url, items, clients, args.requests))
                cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
                print(f"{name:<16}{clients:>8}{len(latencies):>10}{errors:>8}"
                      f"{cuts[49] * 1000:>9.0f}{cuts[94] * 1000:>9.0f}"
                      f"{max(latencies) * 1000:>9.0f}{len(latencies) / elapsed:>8.0f}")
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
