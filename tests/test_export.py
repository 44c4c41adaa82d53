"""Graph exports parse back, whatever the names hold."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from graphmap.errors import InputError
from graphmap.export import export_graph
from graphmap.graph import graph_from
from graphmap.model import EdgeKind, Evidence, Organization, Relation, Technology

#: A member list cell or a text file can carry this name into the graph unchanged.
CONTROL_NAME = "北京\x01测试\x1b科技有限公司"


def hostile_graph() -> nx.MultiDiGraph:
    org = Organization(name=CONTROL_NAME, evidence=[Evidence("d", 0, 2, "句\x0b子", "t", 0.5)])
    formula = Organization(name="=HYPERLINK(\"http://x\",\"点我\")")
    tech = Technology(name="<script>alert(1)</script>")
    edge = Relation(kind=EdgeKind.WORKS_ON, source=org.id, target=tech.id)
    return graph_from([org, formula, tech], [edge])


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_replace_characters_xml_cannot_carry(tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    export_graph(hostile_graph(), fmt, out)
    again = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    names = {data.get("name") or data.get("label") for _, data in again.nodes(data=True)}
    assert "北京\ufffd测试\ufffd科技有限公司" in names
    assert "<script>alert(1)</script>" in names
    assert again.number_of_edges() == 1


def test_json_export_keeps_names_exactly(tmp_path):
    out = tmp_path / "g.json"
    export_graph(hostile_graph(), "json", out)
    data = nx.node_link_graph(json.loads(out.read_text("utf-8")), edges="edges")
    assert CONTROL_NAME in {d["name"] for _, d in data.nodes(data=True)}


def test_csv_export_neutralizes_formulas(tmp_path):
    export_graph(hostile_graph(), "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "nodes.csv").open(encoding="utf-8-sig") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert "'=HYPERLINK(\"http://x\",\"点我\")" in names


def test_unknown_format_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="unknown export format"):
        export_graph(hostile_graph(), "dot", tmp_path / "g.dot")
