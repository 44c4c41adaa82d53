"""Fuzz the exports with hostile names: every file parses back, nothing runs as code."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphmap.export import _FORMULA_PREFIXES, export_graph
from graphmap.graph import graph_from
from graphmap.model import EdgeKind, Evidence, Organization, Person, Relation, Technology
from tests.fuzz.strategies import CJK, FUZZ, HOSTILE_NAME, HOSTILE_NAMES

#: XML 1.0 cannot hold C0 controls other than tab/newline/CR (not even escaped), nor U+FFFE/F.
XML_CHAR = st.characters(exclude_categories=("Cs", "Cc")).filter(
    lambda c: c not in "\ufffe\uffff"
) | st.sampled_from("\t\n")
XML_NAME = st.one_of(
    st.sampled_from([n for n in HOSTILE_NAMES if "\r" not in n]),
    st.text(st.one_of(XML_CHAR, CJK), min_size=1, max_size=12),
)


def hostile_graph(names: list[str]) -> nx.MultiDiGraph:
    """Organizations, people and technologies named ``names``, chained by relations whose
    evidence sentence quotes the names too."""
    kinds = (Organization, Technology)
    entities = []
    for i, name in enumerate(names):
        ev = Evidence("doc-fuzz", 0, len(name), f"「{name}」出现在这里", "fuzz", 0.5)
        if i % 3 == 2:
            entity = Person(name=name, organization=names[0], titles=[name], evidence=[ev])
        else:
            entity = kinds[i % 2](name=name, evidence=[ev], aliases={name + "（别名）"})
        entities.append(entity)
    unique = list({e.id: e for e in entities}.values())
    relations = [
        Relation(kind=EdgeKind.COOPERATES_WITH, source=a.id, target=b.id,
                 attributes={"note": a.name},
                 evidence=[Evidence("doc-fuzz", 0, 1, b.name, "fuzz")])
        for a, b in pairwise(unique)
        if isinstance(a, Organization) and isinstance(b, Organization)
    ]
    return graph_from(unique, relations)


def _names(graph: nx.MultiDiGraph) -> list[str]:
    return sorted(str(d["name"]) for _, d in graph.nodes(data=True))


@FUZZ
@given(st.lists(XML_NAME, min_size=1, max_size=8))
def test_graphml_and_gexf_parse_back_with_the_same_names(tmp_path_factory, names) -> None:
    out = tmp_path_factory.mktemp("xml")
    graph = hostile_graph(names)
    export_graph(graph, "graphml", out / "g.graphml")
    export_graph(graph, "gexf", out / "g.gexf")
    back = nx.read_graphml(out / "g.graphml")
    assert _names(back) == _names(graph)
    assert back.number_of_edges() == graph.number_of_edges()
    gexf = nx.read_gexf(out / "g.gexf")
    assert sorted(str(d["name"]) for _, d in gexf.nodes(data=True)) == _names(graph)


@FUZZ
@given(st.lists(HOSTILE_NAME, min_size=1, max_size=8))
def test_node_link_json_parses_back(tmp_path_factory, names) -> None:
    out = tmp_path_factory.mktemp("json")
    graph = hostile_graph(names)
    export_graph(graph, "json", out / "g.json")
    data = json.loads((out / "g.json").read_text("utf-8"))
    assert sorted(n["name"] for n in data["nodes"]) == _names(graph)
    assert len(data["edges"]) == graph.number_of_edges()


def _unformula(cell: str) -> str:
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_PREFIXES):
        return cell[1:]
    assert not cell.startswith(_FORMULA_PREFIXES), f"formula reaches the CSV: {cell!r}"
    return cell


@FUZZ
@given(st.lists(HOSTILE_NAME, min_size=1, max_size=8))
def test_csv_cells_never_start_a_formula_and_read_back(tmp_path_factory, names) -> None:
    out = tmp_path_factory.mktemp("csv")
    graph = hostile_graph(names)
    nodes_csv, edges_csv = export_graph(graph, "csv", out)
    for path in (nodes_csv, edges_csv):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            for value in row.values():
                _unformula(value)
    with nodes_csv.open(newline="", encoding="utf-8-sig") as handle:
        assert sorted(_unformula(r["name"]) for r in csv.DictReader(handle)) == _names(graph)


class _Scripts(HTMLParser):
    """Collects every element start tag and the text of every <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data) -> None:
        if self._in_script:
            self.scripts[-1] += data


def _page(graph: nx.MultiDiGraph, path: Path, title: str) -> _Scripts:
    from viz.interactive import write_graph_html

    write_graph_html(graph, path, title=title, physics=False)
    parser = _Scripts()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.mark.slow
@FUZZ
@given(st.lists(HOSTILE_NAME, min_size=1, max_size=6), HOSTILE_NAME)
def test_graph_page_keeps_hostile_names_inside_its_data(tmp_path_factory, names, title) -> None:
    """The page has the same elements as one with tame names, and its data parses back."""
    out = tmp_path_factory.mktemp("html")
    tame = hostile_graph([f"单位{i}" for i in range(len(names))])
    baseline = _page(tame, out / "tame.html", "标题")
    page = _page(hostile_graph(names), out / "hostile.html", title)
    assert page.tags == baseline.tags
    data = json.loads(page.scripts[0])
    assert re.search(r"</script|<!--", page.scripts[0], re.IGNORECASE) is None
    assert data  # the graph data survived as JSON


def test_graph_page_escapes_the_classic_payloads(tmp_path: Path) -> None:
    page = _page(hostile_graph(list(HOSTILE_NAMES)), tmp_path / "g.html", HOSTILE_NAMES[0])
    html = (tmp_path / "g.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "<script>alert(2)</script>" not in html
    tame = _page(hostile_graph(["甲", "乙"]), tmp_path / "t.html", "t")
    assert page.tags.count("script") == tame.tags.count("script")
