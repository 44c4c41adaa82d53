"""Graph exports for other tools: GraphML and GEXF (Gephi), node-link JSON, CSV."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from graphmap.errors import InputError

FORMATS = ("graphml", "gexf", "json", "csv", "neo4j-import", "cypher")

#: A spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralize spreadsheet formula injection: text that would run as a formula gets a
    leading apostrophe, so Excel and LibreOffice show it as the text it is.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\"http://x\")")
    "'=HYPERLINK(\"http://x\")"
    >>> safe_cell("清华大学"), safe_cell(3)
    ('清华大学', 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


#: Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _flat(value: Any) -> str | int | float | bool:
    """CSV cells hold scalars only: lists and dicts travel as JSON text."""
    if isinstance(value, str | int | float | bool):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)


def _xml_safe(value: Any) -> str | int | float | bool:
    """A scalar GraphML/GEXF can hold: control characters XML forbids become U+FFFD."""
    flat = _flat(value)
    return _NOT_XML.sub("\ufffd", flat) if isinstance(flat, str) else flat


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose every attribute is an XML-safe scalar (for GraphML/GEXF)."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(_xml_safe(node), **{k: _xml_safe(v) for k, v in data.items()})
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(
            _xml_safe(source), _xml_safe(target), key=_xml_safe(key),
            **{k: _xml_safe(v) for k, v in data.items()},
        )
    return flat


def export_graph(graph: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write ``graph`` in ``fmt`` to ``out``; return the files written.

    ``csv`` writes ``nodes.csv`` and ``edges.csv`` into the folder ``out``; ``neo4j-import``
    writes CSVs for ``neo4j-admin database import full`` plus ``import.sh`` (the command line)
    into the folder ``out``; ``cypher`` writes a Cypher script (see :mod:`graphmap.neo4j.files`).
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", f"use one of: {', '.join(FORMATS)}")
    if fmt in ("neo4j-import", "cypher"):
        from graphmap.neo4j.files import write_cypher_script, write_import_csv

        if fmt == "cypher":
            return [write_cypher_script(graph, out)]
        files = write_import_csv(graph, out)
        return [*files.node_files, *files.relationship_files, files.script, files.schema]
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        return [_nodes_csv(graph, out / "nodes.csv"), _edges_csv(graph, out / "edges.csv")]
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(flat_graph(graph), out)
    elif fmt == "gexf":
        nx.write_gexf(flat_graph(graph), out)
    else:
        data = nx.node_link_data(graph, edges="edges")
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), "utf-8")
    return [out]


def _nodes_csv(graph: nx.MultiDiGraph, path: Path) -> Path:
    columns = sorted({k for _, data in graph.nodes(data=True) for k in data})
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *columns])
        for node, data in graph.nodes(data=True):
            writer.writerow([safe_cell(node), *(safe_cell(_flat(data.get(c))) for c in columns)])
    return path


def _edges_csv(graph: nx.MultiDiGraph, path: Path) -> Path:
    columns = sorted({k for *_, data in graph.edges(keys=True, data=True) for k in data})
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", *columns])
        for source, target, _, data in graph.edges(keys=True, data=True):
            writer.writerow(
                [source, target, *(safe_cell(_flat(data.get(c))) for c in columns)]
            )
    return path
