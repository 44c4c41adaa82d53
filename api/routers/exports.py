"""Exports: the graph for other tools (GraphML, GEXF, node-link JSON, CSV as a zip)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import State
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
