"""Chain map and figure plumbing: SVG/PNG/PDF written, Chinese kept as text, font errors."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from graphmap.errors import GraphmapError
from viz import figures
from viz.chainmap import display_name, write_chain_map


def test_chain_map_writes_three_formats_with_chinese_text(coverage, tmp_path):
    paths = write_chain_map(coverage, tmp_path)
    assert sorted(p.suffix for p in paths[:3]) == [".pdf", ".png", ".svg"]
    sizes = {p.suffix: p.stat().st_size for p in paths[:3]}
    assert sizes[".png"] > 50_000 and sizes[".svg"] > 10_000 and sizes[".pdf"] > 10_000
    svg = (tmp_path / "chain_map.svg").read_text(encoding="utf-8")
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    expected_texts = ("产业链图谱", "上游", "中游", "下游", "缺口", "薄弱", "候选", "生成日期",
                      "★ 北京灵犀机器人科技有限公司")
    for expected in expected_texts:
        assert expected in texts, expected
    assert "<path" in svg  # cards are drawn, text is not outlined
    pdf_text = PdfReader(tmp_path / "chain_map.pdf").pages[0].extract_text()
    assert "传感器与灵巧手" in pdf_text


def test_chain_map_without_candidates(coverage, tmp_path):
    write_chain_map(coverage, tmp_path, formats=("svg",), show_candidates=False)
    svg = (tmp_path / "chain_map.svg").read_text(encoding="utf-8")
    assert "候选" not in svg and "缺口" in svg


def test_long_names_shrink_company_forms_first():
    assert display_name("北京灵犀机器人科技有限公司", 30) == "北京灵犀机器人科技有限公司"
    assert display_name("北京灵犀机器人科技有限公司", 8) == "灵犀机器人科技"
    assert display_name("北京市科学技术协会", 6).startswith("北京")  # not a company: no region cut
    assert display_name("中国科学院自动化研究所", 6).endswith("…")


def test_missing_cjk_font_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.delenv("GRAPHMAP_CJK_FONT", raising=False)
    monkeypatch.setattr(figures.font_manager.fontManager, "ttflist", [])
    # and the re-scan of the system font folders finds none either
    monkeypatch.setattr(figures.font_manager, "findSystemFonts", lambda *a, **k: [])
    monkeypatch.setattr(figures, "_font_cache_file", lambda: tmp_path / "fontlist.json")
    figures.cjk_font.cache_clear()
    try:
        with pytest.raises(GraphmapError) as info:
            figures.cjk_font()
        assert "fonts-noto-cjk" in info.value.fix
    finally:
        figures.cjk_font.cache_clear()


def test_unknown_requested_font_is_named(monkeypatch):
    figures.cjk_font.cache_clear()
    with pytest.raises(GraphmapError, match="No Such Font"):
        figures.cjk_font("No Such Font")


def test_talent_maps_written(graph, tmp_path):
    from viz.talentmap import write_talent_maps

    paths = write_talent_maps(graph, tmp_path, formats=("svg", "png"), reference_year=2025)
    assert {p.name for p in paths} == {"talent_map.svg", "talent_map.png",
                                       "expert_network.svg", "expert_network.png",
                                       "talent_structure.svg", "talent_structure.png"}
    svg = (tmp_path / "talent_map.svg").read_text(encoding="utf-8")
    assert "青年专家" in svg and "清华大学" in svg and "院士" in svg
    net = (tmp_path / "expert_network.svg").read_text(encoding="utf-8")
    assert "张伯钧" in net and "灵巧手" in net
    assert all(p.stat().st_size > 5_000 for p in paths)


def test_ring_layout_puts_technologies_on_the_circle_and_experts_inside():
    import networkx as nx
    import numpy as np

    from viz.talentmap import ring_layout

    net = nx.Graph([("p1", "t1"), ("p1", "t2"), ("p2", "t2"), ("p3", "t3")])
    pos = ring_layout(net, ["t1", "t2", "t3"])
    for tech in ("t1", "t2", "t3"):
        assert abs(np.linalg.norm(pos[tech]) - 1.0) < 1e-9
    for person in ("p1", "p2", "p3"):
        assert np.linalg.norm(pos[person]) < 0.95
    # an expert with one technology sits right inside it
    assert np.dot(pos["p3"], pos["t3"]) / np.linalg.norm(pos["p3"]) > 0.95
