"""Everything an analyst hands in, written in one call: the interactive graph, the chain map,
the talent maps, the workbook, the consortium map report and the salon report(s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from graphmap.errors import GraphmapError
from graphmap.model import DocType, Document, EdgeKind, NodeKind, Status
from viz.chain_appendix import document_names
from viz.chainmap import write_chain_map
from viz.figures import FORMATS
from viz.interactive import write_graph_html
from viz.reports import consortium_report, salon_report, write_report
from viz.salon import salon_digest, salons
from viz.talentmap import write_talent_maps
from viz.workbook import write_workbook

if TYPE_CHECKING:
    from graphmap.chains.results import Coverage
    from graphmap.store import Workspace


@dataclass
class Deliverables:
    """What :func:`write_deliverables` wrote, and what it skipped and why."""

    paths: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    coverage: Coverage | None = None

    def __iter__(self) -> Iterator[Path]:
        """Iterating yields the paths written, so ``outputs += write_deliverables(...)``."""
        return iter(self.paths)


def main_consortium(graph: nx.MultiDiGraph) -> str | None:
    """The consortium with the most members (the one a single-consortium workspace holds)."""
    best: tuple[int, str] | None = None
    for node, data in graph.nodes(data=True):
        if data.get("kind") != NodeKind.CONSORTIUM or data.get("status") == Status.REJECTED:
            continue
        members = sum(1 for _, _, k in graph.in_edges(node, keys=True)
                      if k in {EdgeKind.MEMBER_OF, EdgeKind.LEADS})
        if best is None or (members, node) > best:
            best = (members, node)
    return best[1] if best else None


def _transcripts(source: Any, documents: Iterable[Document] | None) -> list[Document]:
    if documents is not None:
        return list(documents)
    if not hasattr(source, "documents"):
        return []
    return [d for d in source.documents() if d.doc_type == DocType.TRANSCRIPT or d.turns]


def _documents(source: Any) -> list[Document]:
    return list(source.documents()) if hasattr(source, "documents") else []


def programme_year(documents: Iterable[Document]) -> int | None:
    """The year the material is about: the latest year a document is dated in."""
    from graphmap.chains.duties import document_date

    years = [d.year for d in (document_date(doc) for doc in documents) if d]
    return max(years) if years else None


def _yearly(graph: nx.MultiDiGraph, documents: list[Document], coverage: Coverage,
            year: int | None) -> tuple[Any, Any]:
    """The year's duties and the work-summary draft (none without a year to check)."""
    from graphmap.chains.duties import duties_report
    from viz.summary import work_summary

    year = year or programme_year(documents)
    if year is None:
        return None, None
    duties = duties_report(graph, documents, year, consortium=coverage.consortium_id or None)
    return duties, work_summary(coverage, graph, duties, year=year)


def write_deliverables(
    source: Workspace | nx.MultiDiGraph,
    out_dir: str | Path,
    *,
    consortium: str | None = None,
    industry: str | None = None,
    documents: Iterable[Document] | None = None,
    chains: Any = None,
    formats: tuple[str, ...] = FORMATS,
    reference_year: int | None = None,
    say: Callable[[str], None] | None = None,
) -> Deliverables:
    """Write every deliverable into ``out_dir``.

    Parameters
    ----------
    source : Workspace or networkx.MultiDiGraph
        A workspace (its graph and its transcripts are used) or a graph view.
    out_dir : str or Path
        Output folder: ``graph.html``, ``chain_map.*``, ``talent_map.*``,
        ``expert_network.*``, ``workbook.xlsx``, ``consortium_report.{html,docx}`` and
        ``salon_report[_N].{html,docx}``.
    consortium, industry : str, optional
        Which consortium and chain the chain map covers; default the consortium with the most
        members and its recorded industry.
    documents : iterable of Document, optional
        Transcripts for salon reports (default: the workspace's transcripts).
    chains : mapping, optional
        Chain taxonomies (default: the shipped ones), passed to ``chain_coverage``.
    formats : tuple of str
        Figure formats (svg, png, pdf).
    say : callable, optional
        Called with one line per step (progress for the CLI and the demo).

    Returns
    -------
    Deliverables
        The paths written, the parts skipped with the reason, and the coverage used.
    """
    from graphmap.chains.coverage import chain_coverage

    report = say or (lambda _line: None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graph = source if isinstance(source, nx.MultiDiGraph) else source.graph()
    result = Deliverables()

    consortium = consortium or main_consortium(graph)
    figures: dict[str, Path] = {}
    if consortium is None:
        result.skipped.append("chain map and consortium report: the graph has no consortium")
    else:
        try:
            result.coverage = chain_coverage(graph, consortium, industry, chains=chains)
        except GraphmapError as exc:
            result.skipped.append(f"chain map and consortium report: {exc.message}")
    title = "graphmap 产业与人才图谱"
    if result.coverage is not None:
        title = f"{result.coverage.consortium} · 产业与人才图谱"
    result.paths.append(write_graph_html(graph, out / "graph.html", title=title,
                                         coverage=result.coverage))
    report("interactive graph: graph.html")
    if result.coverage is not None:
        paths = write_chain_map(result.coverage, out, formats=formats,
                                documents=document_names(graph))
        result.paths += paths
        figures.update({p.stem: p for p in paths if p.suffix == ".png"})
        report(f"chain map: {', '.join(p.name for p in paths)}")

    talent = write_talent_maps(graph, out, formats=formats, reference_year=reference_year)
    result.paths += talent
    figures.update({p.stem: p for p in talent if p.suffix == ".png"})
    report(f"talent maps: {', '.join(p.name for p in talent)}")

    result.paths.append(write_workbook(out / "workbook.xlsx", graph=graph,
                                       coverage=result.coverage, reference_year=reference_year))
    report("workbook: workbook.xlsx")

    if result.coverage is not None:
        duties, summary = _yearly(graph, _documents(source), result.coverage, reference_year)
        result.paths += write_report(
            consortium_report(result.coverage, figures=figures, duties=duties, summary=summary),
            out, "consortium_report")
        report("consortium report: consortium_report.html, consortium_report.docx")

    transcripts = _transcripts(source, documents)
    events = [node for node, _ in salons(graph)] or [None]
    written = 0
    for event in events:
        digest = salon_digest(graph, transcripts, event_id=event)
        if not digest.viewpoints and not digest.recommendations:
            if event is not None:
                name = graph.nodes[event].get("name", event)
                result.skipped.append(f"salon report for {name}: no transcript (速记) linked")
            continue
        written += 1
        stem = "salon_report" if written == 1 else f"salon_report_{written}"
        result.paths += write_report(salon_report(digest), out, stem)
        report(f"salon report: {stem}.html, {stem}.docx ({digest.title})")
    if not written:
        result.skipped.append("salon report: no salon with a transcript (速记)")
    return result
