"""Demo corpus extraction against the hand-made gold (examples/gold/extraction.yaml).

Builds the demo corpus into a fresh workspace and prints precision/recall of the
(document, person, organization) affiliations and the (person, technology) EXPERT_IN edges
found in the text documents, with every error and miss.

Run:  nice -n 10 .venv/bin/python bench/bench_demo_extraction.py [--workspace DIR]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from graphmap.build import build
from graphmap.ingestion import add_paths
from graphmap.store import Workspace
from nlp.relation_eval import score_workspace

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="an already built demo workspace")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.workspace:
            ws = Workspace.open(args.workspace)
        else:
            ws = Workspace.create(Path(tmp) / "ws")
            add_paths(ws, [EXAMPLES / "corpus"])
            build(ws)
        scores = score_workspace(EXAMPLES / "gold" / "extraction.yaml", ws)
        ws.close()
    for name, score in scores.items():
        print(score.line(name))
        for label, pairs in (("wrong", score.errors), ("missed", score.misses)):
            for pair in sorted(pairs):
                print(f"  {label}: {' / '.join(pair)}")


if __name__ == "__main__":
    main()
