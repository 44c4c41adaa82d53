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

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api import convert
from api.deps import State
from api.routers.chains import Consortium, Industry, coverage_of
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


@router.get("/chain-map", summary="A consortium's chain map figure", responses=_FIGURE_RESPONSES)
def export_chain_map(
    state: State,
    consortium: Consortium,
    industry: Industry = None,
    format: Annotated[FigureFormat, Query(description="File format.")] = FigureFormat.SVG,
) -> Response:
    """Upstream / midstream / downstream columns, members per segment, gaps highlighted,
    recruitment candidates listed."""
    from viz.chainmap import write_chain_map

    result = coverage_of(state, consortium, industry, 2, 10)
    with tempfile.TemporaryDirectory(prefix="graphmap-figure-") as folder, _drawing:
        path = write_chain_map(result, folder, formats=(format.value,))[0]
        content = path.read_bytes()
    return attachment(content, _FIGURE_MEDIA[format], f"chain_map.{format.value}")


@router.get("/talent-map", summary="Talent map figures", responses=_FIGURE_RESPONSES)
def export_talent_map(
    state: State,
    figure: Annotated[TalentFigure, Query(description="Which figure.")] = TalentFigure.TALENT_MAP,
    format: Annotated[FigureFormat, Query(description="File format.")] = FigureFormat.SVG,
) -> Response:
    """The talent map (field x organization type, title levels, youth share, top
    organizations) or the expert-technology network."""
    from graphmap.talent import talent_summary
    from viz.talentmap import write_talent_maps

    tables = state.derived("talent_summary", talent_summary)
    with tempfile.TemporaryDirectory(prefix="graphmap-figure-") as folder, _drawing:
        paths = write_talent_maps(state.graph(), folder, formats=(format.value,), tables=tables)
        path = next(p for p in paths if p.stem == figure.value)
        content = path.read_bytes()
    return attachment(content, _FIGURE_MEDIA[format], f"{figure.value}.{format.value}")
