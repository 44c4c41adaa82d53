"""Benchmark: `graphmap recommend experts` call time with a cold and a cached expert index.

Each call is a fresh process (what a user waits for): the first one with an empty cache
folder builds and stores the index, the next ones load it. Prints wall time per call and the
index time the CLI reports.

Run:  nice -n 10 .venv/bin/python bench/bench_recommend_cache.py \\
          --academicians /work/shared/data/experts/AcademicianEngineering.csv \\
          --academicians /work/shared/data/experts/AcademicianScience.csv
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def call(topic: str, academicians: list[str], cache: str) -> tuple[float, str]:
    cmd = [str(Path(sys.executable).with_name("graphmap")), "recommend", "experts", topic,
           "--k", "8"]
    for path in academicians:
        cmd += ["--academicians", path]
    started = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                         env={**os.environ, "GRAPHMAP_CACHE": cache, "COLUMNS": "200"})
    wall = time.perf_counter() - started
    line = re.search(r"expert index (?:from cache|built) in [\d.]+ s", out.stdout)
    return wall, line.group(0) if line else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--academicians", action="append", required=True)
    parser.add_argument("--calls", type=int, default=3, help="cached calls after the cold one")
    args = parser.parse_args()
    topics = ["谐波减速器 精密传动", "商业航天 卫星互联网 火箭回收", "humanoid robot control"]
    with tempfile.TemporaryDirectory() as cache:
        wall, index = call(topics[0], args.academicians, cache)
        print(f"cold    {wall:5.1f} s  ({index})")
        for n in range(args.calls):
            wall, index = call(topics[(n + 1) % len(topics)], args.academicians, cache)
            print(f"cached  {wall:5.1f} s  ({index})")


if __name__ == "__main__":
    main()
