"""Train graphmap's Chinese PERSON/ORG recognizer and ship it inside ``nlp/data``.

Data: the train splits of Resume, CLUENER2020 and Weibo NER under ``../shared/data/ner``
(research corpora, not shipped; see nlp/README.md for their licence status), plus the
project's own hand-annotated real-text sets (``REAL_TRAIN`` in ``examples/gold/ner_real``: news,
forum, talent and programme paperwork, simplified, traditional and English), repeated
``--real-repeat`` times because they are few and are the genres users feed. Model selection
uses Resume dev, Weibo dev and a fixed held-out slice of CLUENER train, so CLUENER dev stays
an unseen evaluation set; a real set named in ``--hold`` stays out of training. Every text is
put in the matching form the pipeline gives the recognizer (simplified, half-width: same
length, so spans keep their offsets). Tokens are single characters: no gold entity is
unreachable.

Run (one core, low priority; about 15 minutes on this machine)::

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
from nlp.corpora import GoldSentence, read_corpus, read_generic
from nlp.text import matching_text

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CLUENER_HOLDOUT = 600
SHIPPED = REPO / "nlp" / "data" / "ner-zh"
REAL_GOLD = REPO / "examples" / "gold" / "ner_real"
#: The real-text sets trained on. A set added later is blind until it is scored once: it is
#: only trained on when it is named here.
REAL_TRAIN = ("forum_news", "industry_news", "programme_docs", "science_news", "talent_news")


def folded(sentences: list[GoldSentence]) -> list[GoldSentence]:
    """The sentences in the matching form (same length: the spans keep their offsets)."""
    return [GoldSentence(matching_text(s.text), s.spans) for s in sentences]


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
    parser.add_argument("--max-steps", type=int, default=8000)
    parser.add_argument("--real", type=Path, default=REAL_GOLD, help="folder of real-text gold")
    parser.add_argument("--real-repeat", type=int, default=3)
    parser.add_argument("--fold-corpora", action=argparse.BooleanOptionalAction, default=True,
                        help="put Resume/CLUENER/Weibo in the matching form too (real sets always)")
    parser.add_argument("--hold", action="append", default=[],
                        help="a real set (file stem) kept out of training, e.g. transcripts")
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
    for stem in REAL_TRAIN:
        path = args.real / f"{stem}.jsonl"
        if stem not in args.hold:
            real = folded(read_generic(path))
            train_set += real * args.real_repeat
            print(f"training on {path.name}: {len(real)} sentences x {args.real_repeat}")
    dev_set = (
        read_corpus(args.data, "resume", "dev")
        + cluener[:CLUENER_HOLDOUT]
        + read_corpus(args.data, "weibo", "dev")
    )
    if args.fold_corpora:
        train_set, dev_set = folded(train_set), folded(dev_set)
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
            {"name": "graphmap real-text gold", "author": "graphmap",
             "license": "annotations: the project's; sentences quoted from public pages"},
        ],
    )
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"shipped {model} -> {target}")


if __name__ == "__main__":
    main()
