"""Real salon/forum/news text against its hand-made affiliation gold
(examples/gold/real_affiliation: dev 1-10, dev2 11-35, held-out 36-60, held-out 2 61-85).

dev and dev2 were read while tuning; heldout was annotated after that tuning, scored once on
2026-12-06 and then tuned on too; heldout2 was annotated blind after that and scored once
(the numbers are in examples/gold/real_affiliation/RESULTS.md).
Floors are those numbers minus about one item, so a regression on real text fails here; they
are not targets (issue #15 asks for affiliation F1 >= 0.85).
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: (precision, recall) floors per set: measured 2026-12-06 (after the short-form, list and
#: English work of that day) minus about one item.
FLOORS = {
    "dev": {"people": (0.96, 0.94), "organizations": (0.90, 0.83),
            "affiliation": (0.98, 0.91), "titles": (0.0, 0.87)},
    "dev2": {"people": (0.89, 0.89), "organizations": (0.82, 0.80),
             "affiliation": (0.98, 0.76), "titles": (0.0, 0.89)},
    "heldout": {"people": (0.88, 0.87), "organizations": (0.64, 0.76),
                "affiliation": (0.89, 0.71), "titles": (0.0, 0.80)},
    # heldout2 scored once at 0.769 / 0.475, seen since: 0.871 / 0.592 after the document
    # names and taken posts of 2026-12-07
    "heldout2": {"people": (0.92, 0.85), "organizations": (0.76, 0.80),
                 "affiliation": (0.85, 0.58), "titles": (0.0, 0.67)},
    # heldout3 scored once (2026-12-07, a560f4a): 0.792 / 0.577 (0.817 / 0.595 with the
    # Chinese aliases of English names added after), seen since: 0.874 / 0.718
    "heldout3": {"people": (0.94, 0.92), "organizations": (0.73, 0.72),
                 "affiliation": (0.86, 0.71), "titles": (0.0, 0.69)},
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
