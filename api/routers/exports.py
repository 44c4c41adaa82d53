"""Exports: the graph for other tools (GraphML, GEXF, node-link JSON, CSV as a zip), the
offline interactive page, and the chain-map and talent-map figures (SVG, PNG, PDF).

Figures are drawn one at a time: matplotlib's figure registry is shared by all threads.
"""

from __future__ import annotations

import io
import tempfile
import threading
import zipfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import Response

from api import convert
from api.deps import State
from api.errors import ApiError
from api.routers.chains import Consortium, Industry, coverage_of, resolve_coverage
from api.schemas import ERRORS
from api.security import ReadAccess
from graphmap.export import export_graph

router = APIRouter(prefix="/api/exports", tags=["exports"], dependencies=[ReadAccess],
                   responses=ERRORS)


class GraphFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CSV = "csv"


_MEDIA = {
    GraphFormat.GRAPHML: ("application/graphml+xml", "graph.graphml"),
    GraphFormat.GEXF: ("application/gexf+xml", "graph.gexf"),
    GraphFormat.JSON: ("application/json", "graph.json"),
    GraphFormat.CSV: ("application/zip", "graph-csv.zip"),
}


def attachment(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content, media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/graph", summary="The whole graph as a file",
    responses={200: {"content": {m: {} for m, _ in _MEDIA.values()},
                     "description": "The graph file."}},
)
def export_whole_graph(
    state: State, format: Annotated[GraphFormat, Query(description="File format.")]
) -> Response:
    """GraphML / GEXF (Gephi), node-link JSON, or nodes.csv + edges.csv in a zip."""
    graph = state.graph()
    media_type, filename = _MEDIA[format]
    with tempfile.TemporaryDirectory(prefix="graphmap-export-") as folder:
        written = export_graph(graph, format.value, Path(folder) / filename)
        if format is GraphFormat.CSV:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in written:
                    archive.write(path, path.name)
            content = buffer.getvalue()
        else:
            content = written[0].read_bytes()
    return attachment(content, media_type, filename)


class FigureFormat(StrEnum):
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"


class TalentFigure(StrEnum):
    TALENT_MAP = "talent_map"
    EXPERT_NETWORK = "expert_network"


_FIGURE_MEDIA = {
    FigureFormat.SVG: "image/svg+xml",
    FigureFormat.PNG: "image/png",
    FigureFormat.PDF: "application/pdf",
}
_FIGURE_RESPONSES = {200: {"content": {m: {} for m in _FIGURE_MEDIA.values()},
                           "description": "The figure."}}
_drawing = threading.Lock()
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/graph.html", summary="The offline interactive graph page",
    responses={200: {"content": {"text/html": {}}, "description": "A self-contained page."}},
)
def export_graph_page(
    state: State,
    focus: Annotated[
        str | None, Query(max_length=200, description="Entity id to centre an ego view on.")
    ] = None,
    hops: Annotated[int, Query(ge=1, le=4, description="Ego view radius.")] = 2,
    max_nodes: Annotated[int, Query(ge=10, le=3000)] = 1500,
    documents: Annotated[bool, Query(description="Include Document nodes.")] = False,
) -> Response:
    """One HTML file with vis-network inlined: opens with no network at all."""
    from viz.interactive import render_graph_html

    graph = state.graph()
    if focus is not None:
        convert.require_node(graph, focus)
    page = render_graph_html(graph, focus=focus, hops=hops, max_nodes=max_nodes,
                             include_documents=documents)
    return attachment(page.encode("utf-8"), "text/html; charset=utf-8", "graphmap.html")


def chain_map_bytes(state: State, consortium: str, industry: str | None,
                    fmt: FigureFormat) -> bytes:
    """The chain map drawn once per build and parameters (drawing takes seconds)."""
    from viz.chainmap import write_chain_map

    consortium_id, chain_id = resolve_coverage(state, consortium, industry)

    def draw(graph: object) -> bytes:
        result = coverage_of(state, consortium_id, chain_id, 2, 10)
        with tempfile.TemporaryDirectory(prefix="graphmap-figure-") as folder, _drawing:
            return write_chain_map(result, folder, formats=(fmt.value,))[0].read_bytes()

    key = f"figure\x1fchain_map\x1f{consortium_id}\x1f{chain_id}\x1f{fmt.value}"
    return state.derived(f"{key}\x1f{id(state.chains())}", draw)


def talent_figure_bytes(state: State, fmt: FigureFormat) -> dict[str, bytes]:
    """Both talent figures (``talent_map``, ``expert_network``), drawn once per build."""
    from graphmap.talent import talent_summary
    from viz.talentmap import write_talent_maps

    def draw(graph: nx.MultiDiGraph) -> dict[str, bytes]:
        tables = state.derived("talent_summary", talent_summary)
        with tempfile.TemporaryDirectory(prefix="graphmap-figure-") as folder, _drawing:
            paths = write_talent_maps(graph, folder, formats=(fmt.value,), tables=tables)
            return {path.stem: path.read_bytes() for path in paths}

    return state.derived(f"figure\x1ftalent\x1f{fmt.value}", draw)


def default_consortium(state: State, consortium: str | None) -> str | None:
    """The consortium asked for, or the one with the most members."""
    from viz.deliverables import main_consortium

    return consortium or main_consortium(state.graph())


@router.get("/chain-map", summary="A consortium's chain map figure", responses=_FIGURE_RESPONSES)
def export_chain_map(
    state: State,
    consortium: Consortium,
    industry: Industry = None,
    format: Annotated[FigureFormat, Query(description="File format.")] = FigureFormat.SVG,
) -> Response:
    """Upstream / midstream / downstream columns, members per segment, gaps highlighted,
    recruitment candidates listed."""
    content = chain_map_bytes(state, consortium, industry, format)
    return attachment(content, _FIGURE_MEDIA[format], f"chain_map.{format.value}")


@router.get("/talent-map", summary="Talent map figures", responses=_FIGURE_RESPONSES)
def export_talent_map(
    state: State,
    figure: Annotated[TalentFigure, Query(description="Which figure.")] = TalentFigure.TALENT_MAP,
    format: Annotated[FigureFormat, Query(description="File format.")] = FigureFormat.SVG,
) -> Response:
    """The talent map (field x organization type, title levels, youth share, top
    organizations) or the expert-technology network."""
    content = talent_figure_bytes(state, format)[figure.value]
    return attachment(content, _FIGURE_MEDIA[format], f"{figure.value}.{format.value}")


OptionalConsortium = Annotated[
    str | None,
    Query(max_length=200, description="Consortium id or name (default: the largest one)."),
]


@router.get(
    "/workbook", summary="The analysts' Excel workbook",
    responses={200: {"content": {_XLSX: {}}, "description": "An .xlsx workbook."}},
)
def export_workbook(
    state: State, consortium: OptionalConsortium = None, industry: Industry = None
) -> Response:
    """Members by segment, gaps and candidates (when the workspace has a consortium), experts,
    organizations and every evidence quote; formula-like cells neutralized."""
    from viz.workbook import write_workbook

    chosen = default_consortium(state, consortium)
    result = coverage_of(state, chosen, industry, 2, 10) if chosen else None
    with tempfile.TemporaryDirectory(prefix="graphmap-export-") as folder:
        path = write_workbook(Path(folder) / "graphmap.xlsx", graph=state.graph(),
                              coverage=result)
        content = path.read_bytes()
    return attachment(content, _XLSX, "graphmap.xlsx")


class ReportFormat(StrEnum):
    HTML = "html"
    DOCX = "docx"


_REPORT_MEDIA = {
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@router.get(
    "/report", summary="The consortium map report (HTML or Word)",
    responses={200: {"content": {m: {} for m in _REPORT_MEDIA.values()},
                     "description": "The report."}},
)
def export_report(
    state: State,
    consortium: OptionalConsortium = None,
    industry: Industry = None,
    format: Annotated[ReportFormat, Query(description="File format.")] = ReportFormat.HTML,
) -> Response:
    """Overview, chain map, coverage per segment, gaps, candidates and the talent map."""
    from viz.reports import consortium_report, write_docx, write_html

    chosen = default_consortium(state, consortium)
    if chosen is None:
        raise ApiError(404, "the workspace has no consortium to report on",
                       "add the consortium's member list and build")
    result = coverage_of(state, chosen, industry, 2, 10)
    pictures = {"chain_map": chain_map_bytes(state, chosen, industry, FigureFormat.PNG),
                **talent_figure_bytes(state, FigureFormat.PNG)}
    with tempfile.TemporaryDirectory(prefix="graphmap-export-") as folder:
        figures = {}
        for stem, content in pictures.items():
            figures[stem] = Path(folder) / f"{stem}.png"
            figures[stem].write_bytes(content)
        report = consortium_report(result, figures=figures)
        writer = write_html if format is ReportFormat.HTML else write_docx
        path = writer(report, Path(folder) / f"report.{format.value}")
        content = path.read_bytes()
    return attachment(content, _REPORT_MEDIA[format], f"consortium_report.{format.value}")


@router.get(
    "/salon-report", summary="A salon's report (HTML or Word)",
    responses={200: {"content": {m: {} for m in _REPORT_MEDIA.values()},
                     "description": "The report."}},
)
def export_salon_report(
    state: State,
    event: Annotated[
        str | None,
        Query(max_length=200, description="The salon's event id (default: the largest salon)."),
    ] = None,
    format: Annotated[ReportFormat, Query(description="File format.")] = ReportFormat.HTML,
) -> Response:
    """Agenda, speakers with titles, technologies discussed, each speaker's viewpoints quoted
    from the transcript (速记), and the proposals made."""
    from graphmap.model import DocType
    from viz.reports import salon_report, write_docx, write_html
    from viz.salon import salon_digest

    graph = state.graph()
    if event is not None:
        convert.require_node(graph, event)
    with state.reading() as ws:
        ids = [row[0] for row in ws.db.execute(
            "SELECT id FROM documents WHERE doc_type = ? ORDER BY path",
            (DocType.TRANSCRIPT.value,))]
        transcripts = [ws.document(doc_id) for doc_id in ids]
    digest = salon_digest(graph, transcripts, event_id=event)
    if not digest.viewpoints and not digest.recommendations:
        raise ApiError(404, "no transcript (速记) is linked to this salon",
                       "add the salon's transcript and build, or choose another event")
    with tempfile.TemporaryDirectory(prefix="graphmap-export-") as folder:
        writer = write_html if format is ReportFormat.HTML else write_docx
        path = writer(salon_report(digest), Path(folder) / f"salon.{format.value}")
        content = path.read_bytes()
    return attachment(content, _REPORT_MEDIA[format], f"salon_report.{format.value}")
