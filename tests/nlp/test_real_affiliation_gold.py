"""Real salon/forum/news text against its hand-made affiliation gold
(examples/gold/real_affiliation: dev 1-10, dev2 11-35, held-out 36-60).

dev and dev2 were read while tuning; the held-out set was annotated after all tuning and
scored once on 2026-12-06 (its numbers are in examples/gold/real_affiliation/RESULTS.md).
Floors are those numbers minus about one item, so a regression on real text fails here; they
are not targets (issue #15 asks for affiliation F1 >= 0.85).
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: (precision, recall) floors per set: measured 2026-12-06 minus a margin.
FLOORS = {
    "dev": {"people": (0.96, 0.94), "organizations": (0.88, 0.81),
            "affiliation": (0.98, 0.89), "titles": (0.0, 0.75)},
    "dev2": {"people": (0.90, 0.86), "organizations": (0.81, 0.77),
             "affiliation": (0.98, 0.67), "titles": (0.0, 0.65)},
    "heldout": {"people": (0.85, 0.80), "organizations": (0.54, 0.70),
                "affiliation": (0.73, 0.41), "titles": (0.0, 0.43)},
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def set_scores(request, examples_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    from graphmap.build import build
    from graphmap.ingestion import add_paths
    from graphmap.store import Workspace
    from nlp.relation_eval import score_workspace

    gold = examples_dir / "gold" / "real_affiliation"
    path = tmp_path_factory.mktemp(f"real-{request.param}") / "ws"
    with Workspace.create(path) as ws:
        report = add_paths(ws, [gold / request.param])
        assert not report.errors, report.errors
        build(ws)
        return request.param, score_workspace(gold / f"{request.param}.yaml", ws)


@pytest.mark.slow
def test_real_text_affiliations_hold_their_floors(set_scores) -> None:
    name, scores = set_scores
    for measure, (precision, recall) in FLOORS[name].items():
        score = scores[measure]
        line = f"{name} {score.line(measure)}; missed {sorted(score.misses)[:10]}"
        assert score.recall >= recall, line
        if precision:
            assert score.precision >= precision, line
