"""50 concurrent clients on search and expert recommendation over loopback: zero errors.

The server is ``graphmap serve`` in its own process, so the clients' CPU time is not counted
in the server's latencies (they would share one interpreter lock otherwise).
"""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx
import pytest
from api_helpers import ServeProcess

pytestmark = [pytest.mark.server, pytest.mark.slow]

CLIENTS = 50
REQUESTS_PER_CLIENT = 8
SEARCHES = ("清华", "灵犀", "机器人", "北京", "芯片", "联合体", "張伯鈞", "大学")
TOPICS = ("具身智能与人形机器人", "AI芯片与智能算力", "自动驾驶感知", "大模型安全",
          "康复医疗机器人", "数据标注与数据资源")


async def _client(client: httpx.AsyncClient, number: int, latencies: list[float],
                  errors: list[str]) -> None:
    for i in range(REQUESTS_PER_CLIENT):
        if (number + i) % 2:
            path, params = "/api/entities", {"q": SEARCHES[(number + i) % len(SEARCHES)]}
        else:
            path = "/api/recommend/experts"
            params = {"topic": TOPICS[(number + i) % len(TOPICS)], "k": 6}
        started = time.perf_counter()
        try:
            response = await client.get(path, params=params)
        except httpx.HTTPError as exc:
            errors.append(f"{path}: {type(exc).__name__}: {exc}")
            continue
        latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            errors.append(f"{path} {params}: {response.status_code} {response.text[:200]}")


async def _load(url: str) -> tuple[list[float], list[str]]:
    """CLIENTS concurrent callers, one pooled connection each (no client set-up in timings)."""
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        await asyncio.gather(*(_client(client, n, latencies, errors) for n in range(CLIENTS)))
    return latencies, errors


def test_fifty_concurrent_clients_get_answers_without_errors(corpus_workspace) -> None:
    with ServeProcess(corpus_workspace) as server:
        # Warm the per-build caches (graph view, expert index) the way the first user would.
        httpx.get(f"{server.url}/api/recommend/experts", params={"topic": "机器人"}, timeout=120)
        started = time.perf_counter()
        latencies, errors = asyncio.run(_load(server.url))
    elapsed = time.perf_counter() - started
    assert errors == []
    assert len(latencies) == CLIENTS * REQUESTS_PER_CLIENT
    cuts = statistics.quantiles(latencies, n=100)
    p50, p95 = cuts[49], cuts[94]
    print(f"\n{len(latencies)} requests from {CLIENTS} concurrent clients in {elapsed:.1f} s: "
          f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"{len(latencies) / elapsed:.0f} requests/s")
    assert p95 < 20.0  # generous: two shared CPU cores; the point is that nothing fails
