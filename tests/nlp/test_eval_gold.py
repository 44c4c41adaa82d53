"""NER quality on a small fixed sample of the public gold data: fails if F1 drops.

Floors are the exact-match F1 the shipped pipeline reached on these samples minus 2 points
(see nlp/README.md for the full-split numbers of ``graphmap eval ner``).
"""

from __future__ import annotations

import pytest

from nlp.corpora import read_corpus
from nlp.evaluate import evaluate, pipeline_system
from nlp.pipeline import has_statistical_ner

#: (corpus, split, first N sentences) -> floor of exact F1 (%) per type.
SAMPLES = {
    ("resume", "test", 200): {"PERSON": 92.5, "ORG": 87.1},
    ("cluener", "dev", 400): {"PERSON": 76.3, "ORG": 69.2},
    ("weibo", "test", 270): {"PERSON": 58.7, "ORG": 38.0},
}


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.parametrize(("sample", "floors"), list(SAMPLES.items()), ids=lambda v: str(v))
def test_pipeline_f1_stays_above_floor(shared_data, sample, floors):
    if not has_statistical_ner():
        pytest.skip("the floors are those of the shipped statistical recognizer (nlp/data/ner-zh)")
    corpus, split, n = sample
    gold = read_corpus(shared_data, corpus, split)[:n]
    (pipeline,) = evaluate(gold, {"pipeline": pipeline_system()})
    for label, floor in floors.items():
        assert pipeline.exact[label].f1 * 100 >= floor, (label, pipeline.exact[label].f1)
