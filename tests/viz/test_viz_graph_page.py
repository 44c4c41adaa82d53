"""The interactive graph page: offline, escaped, reduced when big, BFS ego view."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from graphmap.errors import InputError
from viz.interactive import (
    EXTERNAL_URL,
    _plain_attrs,
    ego_nodes,
    page_data,
    reduce_graph,
    render_graph_html,
    script_json,
)

HOSTILE = "<script>alert(1)</script>"


def _embedded_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page,
                      re.S)
    assert match
    return json.loads(match.group(1))


def test_page_has_no_external_url(graph):
    page = render_graph_html(graph, title="联合体图谱")
    assert EXTERNAL_URL.search(page) is None
    assert "//cdn" not in page.lower()
    assert "vis.Network" in page
    # and the browser is told to load nothing from anywhere, should a URL ever slip in
    assert "content=\"default-src 'none'; script-src 'unsafe-inline'" in page


def test_url_pattern_catches_what_it_must():
    for bad in ('<script src="https://cdn.x/a.js">', "<link href='//cdn.x/b.css'>",
                "url(//fonts.x/f.woff)", "@import 'x.css'", "http://a.b"):
        assert EXTERNAL_URL.search(bad), bad


def test_hostile_label_stays_text(graph):
    page = render_graph_html(graph, title=HOSTILE)
    assert HOSTILE not in page
    assert page.count("</script>") == 3  # JSON data, vis-network, page script: none injected
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the title, HTML-escaped
    data = _embedded_data(page)
    assert HOSTILE in [n["label"] for n in data["nodes"]]  # round-trips exactly as text
    js = page[page.rindex("<script>"):]
    assert ".innerHTML" not in js and "insertAdjacentHTML" not in js


def test_script_json_escapes_separators():
    text = script_json({"a": "x\u2028y\u2029</script><!--&"})
    assert "\u2028" not in text and "\u2029" not in text and "<" not in text
    assert json.loads(text) == {"a": "x\u2028y\u2029</script><!--&"}


def test_documents_hidden_and_reduction_stated(graph):
    view, note = reduce_graph(graph)
    assert all(d["kind"] != "Document" for _, d in view.nodes(data=True))
    assert "文档" in note and f"/ {graph.number_of_nodes()}" in note


def test_big_graph_is_reduced_keeping_structure():
    g = nx.MultiDiGraph()
    for i in range(600):
        g.add_node(f"o{i}", kind="Organization", name=f"机构{i}", status="confirmed")
    g.add_node("seg", kind="ChainSegment", name="环节", status="confirmed", stage="upstream")
    for i in range(1, 600):
        g.add_edge(f"o{i}", f"o{i // 2}", key="COOPERATES_WITH", kind="COOPERATES_WITH")
    g.add_edge("o1", "seg", key="IN_SEGMENT", kind="IN_SEGMENT")
    view, note = reduce_graph(g, max_nodes=400)
    assert view.number_of_nodes() == 400
    assert "seg" in view and "o599" not in view
    degree = dict(g.degree())
    kept = [degree[n] for n in view if n != "seg"]
    assert min(kept) >= max(degree[n] for n in g if n not in view)
    assert "400" in note
    data = page_data(view)
    assert data["physics"] is False and all("x" in n for n in data["nodes"])


def test_small_graph_uses_physics(graph):
    data = page_data(reduce_graph(graph)[0])
    assert data["physics"] is True and not any("x" in n for n in data["nodes"])
    assert data["community_count"] >= 1
    segs = [s["label"] for s in data["segments"]]
    assert segs[0].startswith("上游") and segs[-1].startswith("下游")


def test_ego_nodes_bfs_respects_hops():
    g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d"), ("d", "e")])
    assert ego_nodes(g, "a", 1) == {"a", "b"}
    assert ego_nodes(g, "a", 3) == {"a", "b", "c", "d"}
    with pytest.raises(InputError):
        ego_nodes(g, "zzz")


def test_focus_view_is_named(graph):
    center = next(n for n, d in graph.nodes(data=True) if d["name"] == "陈思")
    view, note = reduce_graph(graph, focus=center, hops=1)
    assert center in view and "陈思" in note
    assert view.number_of_nodes() < graph.number_of_nodes()


def test_nodes_linked_only_to_documents_are_left_out_and_counted():
    g = nx.MultiDiGraph()
    g.add_node("d", kind="Document", name="文档", status="confirmed")
    for node in ("a", "b", "lonely"):
        g.add_node(node, kind="Organization", name=node, status="confirmed")
        g.add_edge("d", node, key="MENTIONS", kind="MENTIONS")
    g.add_edge("a", "b", key="COOPERATES_WITH", kind="COOPERATES_WITH")
    view, note = reduce_graph(g)
    assert set(view) == {"a", "b"} and "isolated (1)" in note


def programme_like_graph(people: int = 900, seed: int = 3) -> nx.MultiDiGraph:
    """Experts, organizations, technologies and hub events, the events the busiest nodes."""
    import random

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    kinds = {"Organization": 300, "Technology": 200, "Event": 60}
    for kind, count in kinds.items():
        for i in range(count):
            g.add_node(f"{kind}{i}", kind=kind, name=f"{kind}{i}", status="confirmed")
    for i in range(people):
        person = f"p{i}"
        g.add_node(person, kind="Person", name=f"专家{i}", status="confirmed")
        g.add_edge(person, f"Organization{rng.randrange(300)}", key="AFFILIATED_WITH")
        g.add_edge(person, f"Technology{rng.randrange(200)}", key="EXPERT_IN")
        for _ in range(3):
            g.add_edge(person, f"Event{rng.randrange(60)}", key="ATTENDED")
    for i in range(300):
        g.add_edge(f"Organization{i}", f"Technology{rng.randrange(200)}", key="WORKS_ON")
    return g


def test_reduced_view_keeps_each_kind_and_stays_connected():
    g = programme_like_graph()
    view, note = reduce_graph(g, max_nodes=300)
    kinds = [d["kind"] for _, d in view.nodes(data=True)]
    assert view.number_of_nodes() == 300
    assert kinds.count("Person") >= 60 and kinds.count("Organization") >= 60
    assert kinds.count("Technology") >= 30
    assert kinds.count("Event") <= 0.07 * 300  # hub events do not crowd the people out
    assert nx.number_connected_components(nx.Graph(view.to_undirected())) == 1
    assert "名额" in note


def test_nested_attributes_read_as_chinese_lines():
    attrs = _plain_attrs({
        "transferred": True,
        "status": "uncertain",
        "credit_code": None,
        "merged_from": [
            {"id": "org-1", "name": "北航", "reason": "北航 是其核心名称或已知简称（core）",
             "attributes": {"credit_code": None, "org_type": "university"}},
            {"id": "org-2", "name": HOSTILE, "reason": "统一社会信用代码相同",
             "attributes": {"credit_code": "91110000MA01"}},
        ],
        "positions": [{"title": "教授", "organization": "清华大学", "doc_ids": ["d1"]}],
    })
    assert attrs["已转化"] == ["是"]
    assert attrs["合并自"] == [
        "北航（无信用代码） · 原因：北航 是其核心名称或已知简称（core）",
        f"{HOSTILE}（统一社会信用代码 91110000MA01） · 原因：统一社会信用代码相同"]
    assert attrs["职务记录"] == ["教授（清华大学）"]
    text = json.dumps(attrs, ensure_ascii=False)
    for raw in ("{'", "True", "None", "merged_from", "positions", "credit_code"):
        assert raw not in text, raw
