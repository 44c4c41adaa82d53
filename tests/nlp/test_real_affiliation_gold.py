"""Real salon/forum/news text against its hand-made affiliation gold
(examples/gold/real_affiliation: dev 1-10, dev2 11-35, held-out 36-60, held-out 2 61-85,
held-out 3 86-110, held-out 4 111-135, held-out 5 136-160, … held-out 16 406-430).

dev and dev2 were read while tuning; heldout was annotated after that tuning, scored once on
2026-12-06 and then tuned on too; heldout2 was annotated blind after that and scored once
(the numbers are in examples/gold/real_affiliation/RESULTS.md); heldout3, heldout4 and heldout5
were each annotated blind after the one before was scored, scored once, and seen since.
Floors are those numbers minus about one item, so a regression on real text fails here; they
are not targets (issue #15 asks for affiliation F1 >= 0.85).
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: (precision, recall) floors per set: measured 2026-12-07 with the recognizer retrained on
#: the real-text NER gold (scripts/train_ner.py) minus about one item.
FLOORS = {
    # 2026-12-08: the English model (en_core_web_sm) and post qualifiers moved the English
    # documents' affiliations 0.870 / 0.564 -> 0.857 / 0.619 over the eleven sets; the floors
    # below that it lowered follow the new numbers (dev organizations P, heldout affiliation R,
    # heldout5 / heldout8 affiliation P, heldout9 organizations P, heldout11 people P)
    "dev": {"people": (0.97, 0.97), "organizations": (0.93, 0.89),
            "affiliation": (0.97, 0.92), "titles": (0.0, 0.88)},
    "dev2": {"people": (0.94, 0.90), "organizations": (0.83, 0.83),
             "affiliation": (0.97, 0.76), "titles": (0.0, 0.89)},
    "heldout": {"people": (0.87, 0.90), "organizations": (0.62, 0.77),
                "affiliation": (0.91, 0.75), "titles": (0.0, 0.85)},
    # heldout2 scored once at 0.769 / 0.475, seen since
    "heldout2": {"people": (0.92, 0.88), "organizations": (0.71, 0.79),
                 "affiliation": (0.83, 0.55), "titles": (0.0, 0.68)},
    # heldout3 scored once (a560f4a) at 0.792 / 0.577, seen since
    "heldout3": {"people": (0.97, 0.94), "organizations": (0.74, 0.77),
                 "affiliation": (0.89, 0.75), "titles": (0.0, 0.72)},
    # heldout4 scored once (d6655dc) at 0.802 / 0.540, seen since
    "heldout4": {"people": (0.96, 0.92), "organizations": (0.68, 0.72),
                 "affiliation": (0.87, 0.68), "titles": (0.0, 0.74)},
    # heldout5 scored once (2026-12-07): 0.815 / 0.674 with the old recognizer, 0.835 / 0.701
    # with the retrained one; seen since (0.866 / 0.764)
    "heldout5": {"people": (0.96, 0.93), "organizations": (0.75, 0.76),
                 "affiliation": (0.84, 0.76), "titles": (0.0, 0.70)},
    # heldout6 scored once (a47f4a7): 0.867 / 0.671 (0.881 / 0.671 with the session's starting
    # code); seen since (0.876 / 0.684)
    "heldout6": {"people": (0.92, 0.91), "organizations": (0.65, 0.84),
                 "affiliation": (0.87, 0.68), "titles": (0.0, 0.69)},
    # heldout7 scored once (3434eac): 0.802 / 0.638, the same as the session's starting code;
    # seen since (0.822 / 0.654; 0.857 / 0.661 once a bare 省商务厅 names no organization)
    "heldout7": {"people": (0.94, 0.88), "organizations": (0.62, 0.77),
                 "affiliation": (0.85, 0.65), "titles": (0.0, 0.73)},
    # heldout8 scored once (6dfe0b1): 0.843 / 0.572; seen since (0.847 / 0.590 with the English
    # company-after-post rule; 0.868 / 0.663 with 全国人大代表 naming 全国人大)
    "heldout8": {"people": (0.94, 0.93), "organizations": (0.65, 0.86),
                 "affiliation": (0.84, 0.66), "titles": (0.0, 0.72)},
    # heldout9 scored once (0b40c02): 0.676 / 0.510, the same as the session's starting code
    # (b687ddb); the English appointment rules found 3 more people and no more affiliations.
    # Seen since: 0.773 / 0.510 once a bare 省工信厅 names no organization, 0.790 / 0.565 with
    # bare agencies and companies (NASA, Sanofi) and NASA's posts in the lexicons, 0.825 / 0.639
    # with "Name, Org Post" and seats naming their bodies (立委 -> 立法院)
    "heldout9": {"people": (0.95, 0.93), "organizations": (0.62, 0.82),
                 "affiliation": (0.81, 0.67), "titles": (0.0, 0.73)},
    # heldout10 scored once (28f1d81): 0.861 / 0.637; the session's starting code (7009029)
    # 0.859 / 0.622
    "heldout10": {"people": (0.91, 0.96), "organizations": (0.57, 0.81),
                  "affiliation": (0.86, 0.63), "titles": (0.0, 0.78)},
    # heldout11 scored once (c190322): 0.831 / 0.559, the same as the session's starting code
    # (7009029); this session's seen-set fixes found 3 more people and no more affiliations
    "heldout11": {"people": (0.93, 0.94), "organizations": (0.60, 0.63),
                  "affiliation": (0.83, 0.55), "titles": (0.0, 0.71)},
    # heldout12 scored once (2baf374): 0.748 / 0.587 (0.750 / 0.573 with the session's starting
    # code 0cfe793); seen since (0.770 / 0.640 with the rules chosen on it)
    "heldout12": {"people": (0.88, 0.95), "organizations": (0.68, 0.67),
                  "affiliation": (0.76, 0.63), "titles": (0.0, 0.77)},
    # heldout13 scored once with the session's end code: 0.889 / 0.614 (0.875 / 0.538 with the
    # session's starting code, 0.888 / 0.607 with 2baf374)
    "heldout13": {"people": (0.97, 0.95), "organizations": (0.66, 0.71),
                  "affiliation": (0.88, 0.60), "titles": (0.0, 0.63)},
    # heldout14 scored once (5f100b8 and 7c9cf07): 0.931 / 0.557 (0.922 / 0.485 with the
    # session's starting code)
    "heldout14": {"people": (0.87, 0.91), "organizations": (0.61, 0.70),
                  "affiliation": (0.92, 0.54), "titles": (0.0, 0.58)},
    # heldout15 scored once (9880ced): 0.901 / 0.447 (0.917 / 0.409 with the session's
    # starting code); seen since (0.892 / 0.503 with the speaker-list lines of 7abd3f2)
    "heldout15": {"people": (0.87, 0.93), "organizations": (0.62, 0.57),
                  "affiliation": (0.88, 0.49), "titles": (0.0, 0.47)},
    # heldout16 scored once (7abd3f2): 0.800 / 0.500 (0.848 / 0.418 with the session's
    # starting code)
    "heldout16": {"people": (0.89, 0.94), "organizations": (0.54, 0.64),
                  "affiliation": (0.78, 0.49), "titles": (0.0, 0.53)},
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
