"""``graphmap recommend``: salon panels and partners; ``graphmap eval recommend``: P/R/nDCG@k."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Annotated

import networkx as nx
import typer
from rich.table import Table

from graphmap.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, console
from graphmap.errors import InputError, WorkspaceError

AcademiciansOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--academicians",
        help="Use academician CSVs (XB, introduce, name columns) as the expert pool instead of "
        "the workspace; repeat for several files.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _graph(workspace: Path, academicians: list[Path] | None) -> nx.MultiDiGraph:
    if academicians:
        from graphmap.matchmaking.academicians import load_academicians

        missing = [p for p in academicians if not p.is_file()]
        if missing:
            raise InputError(f"academician list not found: {missing[0]}",
                             "pass the path of AcademicianEngineering.csv / AcademicianScience.csv")
        return load_academicians(academicians)
    from graphmap.store import Workspace

    if not (workspace / "graphmap.sqlite").exists():
        raise WorkspaceError(f"no workspace at {workspace}",
                             "run `graphmap init` and `graphmap add` first, or pass --academicians")
    return Workspace.open(workspace).graph()


def _expert_index(workspace: Path, academicians: list[Path] | None, *, quiet: bool = False):
    """The expert index, from the cache when its sources (the academician lists, or the
    workspace database after its last build or curation) and the code are unchanged."""
    from graphmap.matchmaking import ExpertIndex
    from graphmap.matchmaking.index import cached_index, index_cache_key

    if academicians:
        sources = list(academicians)
    else:
        db = workspace / "graphmap.sqlite"
        sources = [db, db.with_name(db.name + "-wal")]
    started = time.perf_counter()
    cache_dir = Path(os.environ.get("GRAPHMAP_CACHE") or Path.home() / ".cache" / "graphmap")
    missing = [p for p in academicians if not p.is_file()] if academicians else []
    if missing or not sources[0].exists():  # the same error as without a cache
        _graph(workspace, academicians)
    with console.status("loading the expert index ..."):
        index, hit = cached_index(
            cache_dir / "expert_index", index_cache_key(*sources),
            lambda: ExpertIndex.build(_graph(workspace, academicians)),
        )
    if not quiet:
        console.print(f"expert index {'from cache' if hit else 'built'} in "
                      f"{time.perf_counter() - started:.1f} s ({len(index)} experts)",
                      highlight=False)
    return index


def experts(
    topic: Annotated[str, typer.Argument(help="Salon topic, free text (中文/English).")],
    k: Annotated[int, typer.Option("--k", help="Panel size.")] = 8,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Expert id or name to leave out (repeat).")
    ] = None,
    max_per_org: Annotated[
        int, typer.Option("--max-per-org", help="At most N experts per organization (0: no cap).")
    ] = 1,
    not_spoken_months: Annotated[
        int | None,
        typer.Option("--not-spoken-months", help="Leave out who spoke in the last N months."),
    ] = None,
    host_org: Annotated[
        str | None,
        typer.Option("--host-org", help="Host organization: its own staff are a conflict."),
    ] = None,
    youth_quota: Annotated[
        int, typer.Option("--youth-quota", help="At least N young experts (born within 35 years).")
    ] = 0,
    reference_year: Annotated[
        int | None,
        typer.Option("--reference-year", help="Year ages are counted from (default: this year)."),
    ] = None,
    diversity: Annotated[
        float, typer.Option(help="0 = relevance order only, 1 = novelty only.")
    ] = 0.3,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    academicians: AcademiciansOption = None,
    as_json: JsonOption = False,
) -> None:
    """Recommend a diverse, explained expert panel for a salon TOPIC."""
    from graphmap.matchmaking import recommend_experts

    index = _expert_index(workspace, academicians, quiet=as_json)
    started = time.perf_counter()
    panel = recommend_experts(
        index, topic, k, exclude=exclude or (), max_per_org=max_per_org or None,
        not_spoken_months=not_spoken_months, host_org=host_org, youth_quota=youth_quota,
        reference_year=reference_year, diversity=diversity,
    )
    elapsed = (time.perf_counter() - started) * 1000
    if as_json:
        console.print_json(json.dumps(panel.to_dict(), ensure_ascii=False))
        return
    table = Table(title=f"Panel for 「{topic}」 ({len(panel)} of {k}, {elapsed:.0f} ms)",
                  show_lines=True)
    for column in ("#", "expert", "organization / sector", "why"):
        table.add_column(column, overflow="fold")
    for n, pick in enumerate(panel.picks, start=1):
        who = pick.name + (f" ({pick.birth_year})" if pick.birth_year else "")
        table.add_row(str(n), who, f"{pick.organization or '-'}\n{pick.sector}", pick.explain("\n"))
    console.print(table)
    if panel.expansions:
        console.print("expanded with: " + "; ".join(panel.expansions[:8]), highlight=False)
    for reason, count in panel.excluded.items():
        console.print(f"left out {count}: {reason}", highlight=False)
    for note in panel.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)


def partners(
    org: Annotated[str, typer.Argument(help="Organization id or name.")],
    k: Annotated[int, typer.Option("--k", help="How many suggestions.")] = 10,
    include_existing: Annotated[
        bool, typer.Option(help="Also list organizations it already cooperates with.")
    ] = False,
    chain: Annotated[
        str | None,
        typer.Option(help="Place organizations in this industry chain first (id or name, "
                     "e.g. 人工智能) to find up/downstream partners."),
    ] = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    as_json: JsonOption = False,
) -> None:
    """Recommend complementary partner organizations for ORG, each with its explaining path."""
    from graphmap.matchmaking import recommend_partners

    industry = None
    if chain:
        from graphmap.chains import find_chain, load_chains

        industry = find_chain(load_chains(), chain)
    suggestions = recommend_partners(
        _graph(workspace, None), org, k, include_existing=include_existing, chain=industry
    )
    if as_json:
        console.print_json(json.dumps([s.to_dict() for s in suggestions], ensure_ascii=False))
        return
    table = Table(title=f"Partners for {org}", show_lines=True)
    for column in ("#", "organization", "score", "reasons and paths"):
        table.add_column(column, overflow="fold")
    for n, s in enumerate(suggestions, start=1):
        lines = [f"{r.kind}: {r.text}\n  {r.path.describe()}" for r in s.reasons]
        table.add_row(str(n), f"{s.name}\n{s.org_type}", f"{s.score:.2f}", "\n".join(lines))
    console.print(table)
    if not suggestions:
        console.print("no complementary organization found in the graph", highlight=False)


def talent_map(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write every table as CSV into this folder.")
    ] = None,
    reference_year: Annotated[
        int | None,
        typer.Option("--reference-year", help="Year ages are counted from (default: this year)."),
    ] = None,
    top: Annotated[int, typer.Option(help="Top organizations per field.")] = 5,
    chain: Annotated[
        str | None,
        typer.Option(help="Place organizations in this industry chain for the segment axis."),
    ] = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    academicians: AcademiciansOption = None,
) -> None:
    """Talent map (人才图谱) tables: field x org type x title level x segment, youth share."""
    from graphmap.talent import talent_summary

    graph = _graph(workspace, academicians)
    if chain:
        from graphmap.chains import find_chain, load_chains
        from graphmap.matchmaking.partners import with_chain_placements

        graph = with_chain_placements(graph, find_chain(load_chains(), chain))
    tables = talent_summary(graph, reference_year=reference_year, top=top)
    youth = tables["youth_by_sector"]
    table = Table(title=f"Experts by sector ({tables['facts']['expert_id'].nunique()} experts)")
    for column in ("sector", "experts", "young", "youth share"):
        table.add_column(column, justify="left" if column == "sector" else "right")
    for row in youth.itertuples(index=False):
        share = "-" if row.youth_share != row.youth_share else f"{row.youth_share:.0%}"
        table.add_row(str(row.sector), str(row.experts), str(row.young), share)
    console.print(table)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in tables.items():
            frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8-sig")
        console.print(f"wrote {len(tables)} tables to {out}", highlight=False)


def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Gold YAML: topics -> relevant experts.")],
    k: Annotated[
        int | None, typer.Option("--k", help="Cut-off (default: the gold file's k, else 10).")
    ] = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
    academicians: AcademiciansOption = None,
    per_topic: Annotated[bool, typer.Option(help="Also print every topic's scores.")] = False,
    dense: Annotated[bool, typer.Option(
        help="Also score the dense baseline (USE sentence embeddings, offline) and its fusions."
    )] = True,
    dense_cache: Annotated[Path | None, typer.Option(
        help="Folder for cached biography embeddings (default: $GRAPHMAP_CACHE/dense or "
        "~/.cache/graphmap/dense)."
    )] = None,
) -> None:
    """P@k, R@k and nDCG@k of graphmap's ranking and panel, plain BM25 and a dense baseline."""
    from graphmap.matchmaking import ExpertIndex
    from graphmap.matchmaking.evaluation import evaluate as run_evaluation
    from graphmap.matchmaking.evaluation import load_gold

    topics, gold_k = load_gold(gold)
    cut = k or gold_k or 10
    with console.status("building the expert index ..."):
        index = ExpertIndex.build(_graph(workspace, academicians))
    cache = None
    if dense:
        from graphmap.matchmaking.dense import default_cache_dir

        cache = dense_cache or default_cache_dir()
    with console.status(f"ranking {len(topics)} topics ..."):
        report = run_evaluation(index, topics, cut, dense=dense, dense_cache=cache)
    table = Table(title=f"{gold.name}: {len(topics)} topics, {len(index)} experts")
    table.add_column("method")
    for column in report.summary.columns:
        table.add_column(column, justify="right")
    for method, row in report.summary.iterrows():
        table.add_row(str(method), *(f"{v:.3f}" for v in row))
    console.print(table)
    if per_topic:
        console.print(report.per_topic.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    missing = report.summary.attrs.get("missing")
    if missing:
        console.print(f"[yellow]note:[/] gold experts not in the pool: {', '.join(missing)}",
                      highlight=False)


def register(app: typer.Typer) -> None:
    recommend_app = typer.Typer(
        help="Matchmaking: expert panels for salons, partners across sectors.",
        no_args_is_help=True,
    )
    recommend_app.command("experts")(experts)
    recommend_app.command("partners")(partners)
    recommend_app.command("talent-map")(talent_map)
    app.add_typer(recommend_app, name="recommend")
    # The evaluation lives with the others under `graphmap eval` when that sub-app exists.
    eval_group = next((g for g in app.registered_groups if g.name == "eval"), None)
    if eval_group is not None and eval_group.typer_instance is not None:
        eval_group.typer_instance.command("recommend")(evaluate)
    else:
        recommend_app.command("evaluate")(evaluate)
