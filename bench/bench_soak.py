"""Soak the API: builds started back to back while clients upload and read, through a real
``graphmap serve`` process.

    .venv/bin/python bench/bench_soak.py --seconds 60 --clients 50

For ``--seconds``, one client starts a build whenever none is running and waits for it, while
``--clients`` clients each loop over requests, every ``--write-every``-th one an upload of a new
text file, the others reads (search, entity, neighbours). Prints builds (succeeded / failed,
with the failure messages) and the clients' latency p50 / p95 / p99 and errors, reads and
writes apart. The server runs the code of the tree this script is in.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_api import free_port, sample_workspace  # noqa: E402
from graphmap.store import Workspace  # noqa: E402

KEY = "soak-bench-key-0123456789"


def read_calls(workspace: Path) -> list[tuple[str, dict]]:
    with Workspace.open(workspace) as ws:
        graph = ws.graph(evidence=False)
    ids = sorted(graph.nodes, key=graph.degree, reverse=True)[:20]
    names = [graph.nodes[n]["name"][:2] for n in ids]
    calls = [("/api/entities", {"q": q}) for q in names]
    calls += [(f"/api/entities/{n}", {}) for n in ids]
    calls += [(f"/api/entities/{n}/neighbours", {"radius": 1}) for n in ids]
    return calls


def upload_text(number: int) -> str:
    """A short news item with its own people and organizations."""
    return (f"第{number}期简讯：北京第{number}研究院的王{number}研究员与"
            f"智能装备第{number}有限公司合作研发了协作机器人，并介绍了机器视觉。")


async def builder(client: httpx.AsyncClient, until: float, outcomes: collections.Counter,
                  failures: list[str]) -> None:
    while time.perf_counter() < until:
        response = await client.post("/api/builds")
        if response.status_code == 409:
            await asyncio.sleep(0.2)
            continue
        if response.status_code != 202:
            outcomes["not started"] += 1
            failures.append(f"{response.status_code}: {response.text[:200]}")
            await asyncio.sleep(0.5)
            continue
        job = response.json()["id"]
        while True:
            await asyncio.sleep(0.2)
            state = (await client.get(f"/api/builds/{job}")).json()
            if state["status"] in ("succeeded", "failed"):
                break
        outcomes[state["status"]] += 1
        if state["status"] == "failed":
            failures.append(str(state["error"]))


async def mixed_client(client: httpx.AsyncClient, number: int, until: float,
                       calls: list[tuple[str, dict]], write_every: int,
                       latencies: dict[str, list[float]], errors: collections.Counter) -> None:
    i = 0
    while time.perf_counter() < until:
        i += 1
        started = time.perf_counter()
        try:
            if i % write_every == 0:
                kind = "write"
                name = f"soak_{number:03d}_{i:05d}.txt"
                response = await client.post(
                    "/api/documents",
                    files={"files": (name, upload_text(number * 100_000 + i).encode(),
                                     "text/plain")},
                )
                ok = response.status_code == 201
            else:
                kind = "read"
                path, params = calls[(number + i) % len(calls)]
                response = await client.get(path, params=params)
                ok = response.status_code == 200
        except httpx.HTTPError as exc:
            ok, response = False, None
            errors[f"{kind} {type(exc).__name__}"] += 1
        latencies[kind].append(time.perf_counter() - started)
        errors[kind] += not ok
        if response is not None and not ok:
            errors[f"{kind} {response.status_code}"] += 1


async def soak(url: str, calls: list[tuple[str, dict]], args: argparse.Namespace) -> None:
    until = time.perf_counter() + args.seconds
    outcomes: collections.Counter = collections.Counter()
    failures: list[str] = []
    latencies: dict[str, list[float]] = {"read": [], "write": []}
    errors: collections.Counter = collections.Counter()
    limits = httpx.Limits(max_connections=args.clients + 2)
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits,
                                 headers={"X-API-Key": KEY}) as client:
        await asyncio.gather(
            builder(client, until, outcomes, failures),
            *(mixed_client(client, n, until, calls, args.write_every, latencies, errors)
              for n in range(args.clients)),
        )
    builds = outcomes["succeeded"] + outcomes["failed"] + outcomes["not started"]
    print(f"builds: {builds}, succeeded {outcomes['succeeded']}, failed {outcomes['failed']}, "
          f"not started {outcomes['not started']}")
    for message, count in collections.Counter(failures).most_common(3):
        print(f"  {count} x {message}")
    print(f"{'requests':<10}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, values in latencies.items():
        if len(values) < 2:
            continue
        cuts = statistics.quantiles(values, n=100)
        print(f"{kind:<10}{len(values):>8}{errors[kind]:>8}{cuts[49] * 1000:>9.0f}"
              f"{cuts[94] * 1000:>9.0f}{cuts[98] * 1000:>9.0f}")
    causes = {k: v for k, v in errors.items() if " " in k}
    if causes:
        print("errors by cause: " + ", ".join(f"{k}: {v}" for k, v in sorted(causes.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--write-every", type=int, default=5,
                        help="every n-th request of a client is an upload")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workspace = sample_workspace(Path(folder))
        port = free_port()
        env = {**os.environ, "GRAPHMAP_API_KEYS": KEY, "PYTHONPATH": str(REPO)}
        server = subprocess.Popen(
            [sys.executable, "-m", "graphmap.cli", "serve", "--workspace", str(workspace),
             "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            while True:
                try:
                    httpx.get(f"{url}/api/health", timeout=2)
                    break
                except httpx.HTTPError:
                    if server.poll() is not None:
                        raise SystemExit("graphmap serve did not start") from None
                    time.sleep(0.2)
            print(f"code {REPO}, {args.clients} clients (1 request in {args.write_every} an "
                  f"upload) for {args.seconds:.0f} s, one build after another")
            asyncio.run(soak(url, read_calls(workspace), args))
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
