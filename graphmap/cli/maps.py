"""Deliverables: ``graphmap map graph|chain|talent|workbook|report|all --out DIR``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from graphmap.cli.common import DEFAULT_WORKSPACE, WorkspaceOption, console
from graphmap.errors import InputError

map_app = typer.Typer(
    help="Deliverables: interactive graph, chain map, talent map, workbook, reports.",
    no_args_is_help=True,
)


class FigureFormat(StrEnum):
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"


OutOption = Annotated[Path, typer.Option("--out", "-o", help="Output folder (created).")]
ConsortiumOption = Annotated[str | None, typer.Option(
    help="Consortium name (or a unique part) or id; default: the one with the most members.")]
IndustryOption = Annotated[str | None, typer.Option(
    help="Chain id, name or alias; default: the consortium's recorded industry.")]
FormatOption = Annotated[list[FigureFormat] | None, typer.Option(
    "--format", "-f", help="Figure format; repeatable (default: svg, png and pdf).")]
FontOption = Annotated[str | None, typer.Option(
    help="CJK font family or font file for figures (default: detected, e.g. Noto Sans CJK SC).")]
YearOption = Annotated[int | None, typer.Option(
    help="Reference year for ages (youth = 35 or younger); default: this year.")]


def _formats(formats: list[FigureFormat] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.value for f in formats)) if formats else ("svg", "png", "pdf")


def _open(workspace: Path):
    from graphmap.store import Workspace

    return Workspace.open(workspace)


def _chains(workspace: Path):
    from graphmap.chains.taxonomy import load_chains
    from graphmap.cli.chains import WORKSPACE_CHAINS

    folder = workspace / WORKSPACE_CHAINS
    return load_chains([folder] if folder.is_dir() else [])


def _coverage(workspace: Path, graph, consortium: str | None, industry: str | None):
    from graphmap.chains.coverage import chain_coverage
    from viz.deliverables import main_consortium

    chosen = consortium or main_consortium(graph)
    if chosen is None:
        raise InputError("the workspace has no consortium",
                         "ingest a member list (成员单位名单) and run `graphmap build`")
    return chain_coverage(graph, chosen, industry, chains=_chains(workspace))


def _written(paths: list[Path]) -> None:
    for path in paths:
        console.print(f"wrote {escape(str(path))} ({path.stat().st_size:,} bytes)")


@map_app.command("graph")
def map_graph(
    out: OutOption,
    focus: Annotated[str | None, typer.Option(
        help="Centre an ego view on this entity (id, or a name to search).")] = None,
    hops: Annotated[int, typer.Option(min=1, max=6, help="Ego view radius.")] = 2,
    max_nodes: Annotated[int, typer.Option(
        min=10, help="Reduce larger graphs to this many best-connected nodes.")] = 1500,
    documents: Annotated[bool, typer.Option(help="Include Document nodes.")] = False,
    title: Annotated[str, typer.Option(help="Page title.")] = "graphmap 产业与人才图谱",
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """The interactive graph as one offline HTML file (graph.html).

    Search, filters by kind, segment and status, ego view, community colouring, evidence on
    click; large graphs are reduced to the best-connected nodes and the page says so.
    """
    from viz.interactive import write_graph_html

    ws = _open(workspace)
    graph = ws.graph()
    center = None
    if focus:
        if focus in graph:
            center = focus
        else:
            hits = ws.find_entities(focus)
            if not hits:
                raise InputError(f"no entity matches --focus {focus!r}",
                                 "search with `graphmap show NAME` and pass its id")
            center = hits[0][0]
            console.print(f"focus: {escape(hits[0][2])} ({hits[0][1]})")
    path = write_graph_html(graph, out / "graph.html", title=title, focus=center, hops=hops,
                            max_nodes=max_nodes, include_documents=documents)
    _written([path])


@map_app.command("chain")
def map_chain(
    out: OutOption,
    consortium: ConsortiumOption = None,
    industry: IndustryOption = None,
    candidates: Annotated[bool, typer.Option(
        help="List recruitment candidates in gap and thin segments.")] = True,
    formats: FormatOption = None,
    font: FontOption = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """The chain map (产业链图谱) as A4 landscape SVG/PNG/PDF, and its evidence appendix.

    Upstream / midstream / downstream columns, member units per segment (lead ★), gap and
    thin segments highlighted, recruitment candidates listed; the appendix quotes the evidence
    of every placement and candidate and flags what is 待核实.
    """
    from viz.chain_appendix import document_names
    from viz.chainmap import write_chain_map

    graph = _open(workspace).graph()
    result = _coverage(workspace, graph, consortium, industry)
    _written(write_chain_map(result, out, formats=_formats(formats), show_candidates=candidates,
                             font=font, documents=document_names(graph)))


@map_app.command("talent")
def map_talent(
    out: OutOption,
    formats: FormatOption = None,
    year: YearOption = None,
    font: FontOption = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """The talent map (人才图谱) and the expert-technology network figures.

    Experts by field x organization type, title levels, youth share, top organizations.
    """
    from viz.talentmap import write_talent_maps

    graph = _open(workspace).graph()
    _written(write_talent_maps(graph, out, formats=_formats(formats), reference_year=year,
                               font=font))


@map_app.command("workbook")
def map_workbook(
    out: OutOption,
    consortium: ConsortiumOption = None,
    industry: IndustryOption = None,
    year: YearOption = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """The Excel workbook (workbook.xlsx).

    Members by segment, gaps, candidates, experts, organizations, evidence; text that looks
    like a formula is stored as text.
    """
    from viz.deliverables import main_consortium
    from viz.workbook import write_workbook

    graph = _open(workspace).graph()
    result = None
    if consortium or main_consortium(graph):
        result = _coverage(workspace, graph, consortium, industry)
    _written([write_workbook(out / "workbook.xlsx", graph=graph, coverage=result,
                             reference_year=year)])


@map_app.command("report")
def map_report(
    out: OutOption,
    consortium: ConsortiumOption = None,
    industry: IndustryOption = None,
    salon: Annotated[str | None, typer.Option(
        help="Salon event id or name for the salon report; default: every salon.")] = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """Word and HTML reports: consortium map report and salon report(s).

    The consortium report: coverage, gaps, candidates, chain map and talent map figures. The
    salon report: agenda, speakers, viewpoints as quotes, draft proposals for the
    产业或行业发展建议报告.
    """
    from viz.chainmap import write_chain_map
    from viz.deliverables import main_consortium
    from viz.reports import consortium_report, salon_report, write_report
    from viz.salon import salon_digest, salons
    from viz.talentmap import write_talent_maps

    ws = _open(workspace)
    graph = ws.graph()
    paths: list[Path] = []
    if consortium or main_consortium(graph):
        result = _coverage(workspace, graph, consortium, industry)
        chain = write_chain_map(result, out, formats=("png",), appendix=False)
        figures = {p.stem: p for p in chain}
        figures.update({p.stem: p for p in write_talent_maps(graph, out, formats=("png",))})
        paths += write_report(consortium_report(result, figures=figures), out,
                              "consortium_report")
    events = [node for node, data in salons(graph)
              if salon is None or salon in (node, data.get("name"))]
    if salon is not None and not events:
        raise InputError(f"no salon event matches --salon {salon!r}",
                         "list events with `graphmap show --kind Event` and pass an id or name")
    transcripts = [d for d in ws.documents() if d.turns]
    for index, event in enumerate(events or [None], start=1):
        digest = salon_digest(graph, transcripts, event_id=event)
        if not digest.viewpoints and not digest.recommendations:
            continue  # nothing to report without a transcript (速记)
        stem = "salon_report" if index == 1 else f"salon_report_{index}"
        paths += write_report(salon_report(digest), out, stem)
    _written(paths)


@map_app.command("all")
def map_all(
    out: OutOption,
    consortium: ConsortiumOption = None,
    industry: IndustryOption = None,
    formats: FormatOption = None,
    year: YearOption = None,
    workspace: WorkspaceOption = Path(DEFAULT_WORKSPACE),
) -> None:
    """Every deliverable into one folder (what `graphmap demo` writes)."""
    from viz.deliverables import write_deliverables

    with console.status("writing deliverables…"):
        result = write_deliverables(
            _open(workspace), out, consortium=consortium, industry=industry,
            chains=_chains(workspace), formats=_formats(formats), reference_year=year,
            say=lambda line: console.print(escape(line)),
        )
    for reason in result.skipped:
        console.print(f"[yellow]skipped[/] {escape(reason)}")
    console.print(f"{len(result.paths)} files in {escape(str(out))}")


def register(app: typer.Typer) -> None:
    app.add_typer(map_app, name="map")
