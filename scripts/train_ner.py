"""Train graphmap's Chinese PERSON/ORG recognizer and ship it inside ``nlp/data``.

Data: the train splits of Resume, CLUENER2020 and Weibo NER under ``../shared/data/ner``
(research corpora, not shipped; see nlp/README.md for their licence status). Model selection
uses Resume dev, Weibo dev and a fixed held-out slice of CLUENER train, so CLUENER dev stays
an unseen evaluation set. Tokens are single characters: no gold entity is unreachable.

Run (one core, low priority; about 40 CPU-minutes)::

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python scripts/train_ner.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.tokens import DocBin

import nlp.components  # noqa: F401 - registers graphmap_lac, used by the training config
from nlp.corpora import GoldSentence, read_corpus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CLUENER_HOLDOUT = 600
SHIPPED = REPO / "nlp" / "data" / "ner-zh"


def to_docbin(sentences: list[GoldSentence], path: Path) -> None:
    nlp = spacy.blank("zh")  # character segmenter: one token per character
    bin_ = DocBin(store_user_data=False)
    for sent in sentences:
        doc = nlp.make_doc(sent.text)
        ents = [doc.char_span(s, e, label=label) for s, e, label in sent.spans]
        doc.ents = spacy.util.filter_spans([ent for ent in ents if ent is not None])
        bin_.add(doc)
    bin_.to_disk(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "ner-train")
    parser.add_argument("--max-steps", type=int, default=4000)
    parser.add_argument("--ship", action="store_true", help="copy model-best to nlp/data/ner-zh")
    parser.add_argument("--ship-only", type=Path, help="ship this trained pipeline, no training")

    args = parser.parse_args()
    if args.ship_only:
        ship(args.ship_only, SHIPPED)
        return

    args.work.mkdir(parents=True, exist_ok=True)
    cluener = read_corpus(args.data, "cluener", "train")
    random.Random(0).shuffle(cluener)
    train_set = (
        read_corpus(args.data, "resume", "train")
        + cluener[CLUENER_HOLDOUT:]
        + read_corpus(args.data, "weibo", "train")
    )
    dev_set = (
        read_corpus(args.data, "resume", "dev")
        + cluener[:CLUENER_HOLDOUT]
        + read_corpus(args.data, "weibo", "dev")
    )
    to_docbin(train_set, args.work / "train.spacy")
    to_docbin(dev_set, args.work / "dev.spacy")
    out = args.work / "output"
    train(
        HERE / "ner_zh.cfg",
        out,
        overrides={
            "paths.train": str(args.work / "train.spacy"),
            "paths.dev": str(args.work / "dev.spacy"),
            "training.max_steps": args.max_steps,
        },
    )
    if args.ship:
        ship(out / "model-best", SHIPPED)


def ship(model: Path, target: Path) -> None:
    """Copy a trained pipeline into the package, replacing the shipped one, and describe it."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(model, target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        name="graphmap_ner_zh",
        description="Chinese PERSON/ORG recognizer over character tokens with LAC tags as a "
        "feature; trained by scripts/train_ner.py",
        sources=[
            {"name": "ResumeNER", "author": "Zhang & Yang 2018", "license": "not stated"},
            {"name": "CLUENER2020", "author": "CLUE benchmark", "license": "not stated"},
            {"name": "Weibo NER", "author": "Peng & Dredze 2015", "license": "CC BY-SA 3.0"},
        ],
    )
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"shipped {model} -> {target}")


if __name__ == "__main__":
    main()
