"""One very large text file through ``graphmap add`` and ``graphmap build``: CPU time and peak
memory (RSS) of each command, run as its own process.

    .venv/bin/python bench/bench_bigdoc.py --mb 30

The file is synthetic news (bench/synth.py: fictional people and organizations, many distinct
names), written as UTF-8. The commands run the code of the tree this script is in.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synth import make_world, news  # noqa: E402


def write_big_news(path: Path, megabytes: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    world = make_world(20_000, rng)
    target, size = int(megabytes * 1_048_576), 0
    with path.open("w", encoding="utf-8") as out:
        while size < target:
            _, text = news(rng, world, paragraphs=20)
            out.write(text + "\n")
            size += len(text.encode("utf-8")) + 1
    return size


def run(args: list[str]) -> tuple[int, float, float]:
    """Exit code, CPU seconds and peak RSS (MiB) of one graphmap command."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "graphmap.cli", *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        print(process.stderr.read().decode()[-2000:] if process.stderr else "")
    return process.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=30, help="size of the text file in MiB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "大文件_新闻汇编.txt"
        size = write_big_news(text, args.mb)
        workspace = str(Path(folder) / "ws")
        print(f"code {REPO}; {text.name}: {size / 1_048_576:.1f} MiB, "
              f"{len(text.read_text('utf-8')):,} characters")
        print(f"{'command':<8}{'exit':>6}{'CPU s':>9}{'peak RSS MiB':>14}")
        for command in (["init", "-w", workspace], ["add", "-w", workspace, str(text)],
                        ["build", "-w", workspace]):
            code, cpu, rss = run(command)
            print(f"{command[0]:<8}{code:>6}{cpu:>9.1f}{rss:>14.0f}")


if __name__ == "__main__":
    main()
