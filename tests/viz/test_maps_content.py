"""What the chain map and talent maps say: uncertain leads, the 未归类 card, candidate scores,
the evidence appendix (pages and workbook sheet), and the talent map's panels."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from graphmap.chains.results import Placement
from viz.chain_appendix import appendix_rows, document_names
from viz.chainmap import write_chain_map
from viz.workbook import write_workbook

QUOTE = "张伯钧院士团队的柔性触觉传感阵列已经实现转化。"


def _svg_texts(path) -> str:
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8")))


@pytest.fixture
def uncertain_coverage(coverage, transcript):
    """The fixture coverage with the lead's placement uncertain, one unclassified member and
    a placement quoting the transcript."""
    lead = coverage.segments[2].members[0]
    coverage.segments[2].members[0] = replace(lead, uncertain=True)
    tsinghua = coverage.segments[1].members[0]
    coverage.segments[1].members[0] = replace(tsinghua, evidence=[
        {"signal": "text", "text": "触觉传感", "doc_id": transcript.id, "start": 0, "end": 5,
         "sentence": QUOTE, "extractor": "nlp.gazetteer", "confidence": 0.9}])
    coverage.unclassified = [Placement(
        org_id="org-x", name="北京未归类测试单位", org_type="enterprise", is_lead=False,
        score=0.0, reasons=["没有与本产业链环节相符的申报环节、技术或文本证据"], evidence=[],
        uncertain=False)]
    return coverage


def test_lead_uncertain_unclassified_and_candidate_scores_are_drawn(uncertain_coverage,
                                                                    tmp_path):
    write_chain_map(uncertain_coverage, tmp_path, formats=("svg",), appendix=False)
    texts = _svg_texts(tmp_path / "chain_map.svg")
    assert "★? 北京灵犀机器人科技" in texts  # names may lose their legal form to fit
    assert "未归类成员" in texts and "北京未归类测试单位" in texts
    assert re.search(r"候选：北京芯衡微电子\S*（0\.72）", texts)
    assert "括号内为推荐得分" in texts


def test_appendix_rows_flag_what_is_to_verify(uncertain_coverage, graph):
    rows = appendix_rows(uncertain_coverage, document_names(graph))
    by_unit = {(r.segment, r.unit): r for r in rows}
    lead = by_unit[("具身大模型", "北京灵犀机器人科技有限公司")]
    assert lead.role == "牵头单位" and lead.to_verify
    assert not by_unit[("传感器与灵巧手", "清华大学")].to_verify
    assert by_unit[("传感器与灵巧手", "清华大学")].quotes == (("具身智能沙龙速记", QUOTE),)
    assert by_unit[("（未归类）", "北京未归类测试单位")].to_verify
    candidate = by_unit[("AI芯片", "北京芯衡微电子有限公司")]
    assert candidate.role == "候选单位" and candidate.to_verify and candidate.score == 0.72
    # every placement of every segment is listed, plus the unclassified member and candidate
    placed = sum(len(s.members) for s in uncertain_coverage.segments)
    assert len(rows) == placed + 1 + 1


def test_appendix_pages_quote_document_and_sentence(uncertain_coverage, graph, tmp_path):
    paths = write_chain_map(uncertain_coverage, tmp_path, formats=("pdf", "png"),
                            documents=document_names(graph))
    assert [p.name for p in paths[:2]] == ["chain_map.pdf", "chain_map.png"]
    assert {"chain_map_appendix.pdf", "chain_map_appendix.png"} <= {p.name for p in paths}
    text = "".join(page.extract_text() for page in
                   PdfReader(tmp_path / "chain_map_appendix.pdf").pages)
    text = re.sub(r"\s+", "", text)
    assert "具身智能沙龙速记" in text and QUOTE in text
    assert "待核实4项" in text  # the uncertain lead, the unclassified member, the candidate,
    # and the fixture's uncertain 清华大学 placement in 具身大模型


def test_workbook_appendix_sheet_lists_evidence(uncertain_coverage, graph, tmp_path):
    path = write_workbook(tmp_path / "book.xlsx", graph=graph, coverage=uncertain_coverage)
    ws = load_workbook(path)["归类与候选证据"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in ws.iter_rows(min_row=2)]
    tsinghua = next(r for r in rows if r["单位"] == "清华大学" and r["环节"] == "传感器与灵巧手")
    assert tsinghua["文档"] == "具身智能沙龙速记" and QUOTE in tsinghua["证据原文"]
    assert tsinghua["待核实"] == "否"
    lead = next(r for r in rows if r["类别"] == "牵头单位")
    assert lead["待核实"] == "是" and lead["核实事项"]
    assert any(r["类别"] == "候选单位" and r["得分"] == 0.72 for r in rows)


def _talent_graph(graph):
    """The fixture graph plus a second 陈思 at another organization and an expert linked to
    no technology."""
    import networkx as nx

    g = nx.MultiDiGraph(graph)
    org = next(n for n, d in g.nodes(data=True) if d.get("name") == "北京芯衡微电子有限公司")
    tech = next(n for n, d in g.nodes(data=True) if d.get("name") == "灵巧手")
    g.add_node("p-chen2", kind="Person", name="陈思", status="confirmed",
               fields_of_work=["灵巧手"])
    g.add_edge("p-chen2", org, key="AFFILIATED_WITH", status="confirmed")
    g.add_edge("p-chen2", tech, key="EXPERT_IN", status="confirmed")
    g.add_node("p-alone", kind="Person", name="孤立专家", status="confirmed")
    return g


def test_expert_network_names_namesakes_left_out_and_source(graph, tmp_path):
    from viz.figures import save_figure
    from viz.talentmap import expert_network_figure

    save_figure(expert_network_figure(_talent_graph(graph)), tmp_path, "net", ("svg",))
    texts = _svg_texts(tmp_path / "net.svg")
    assert "陈思（灵犀机器人科技" in texts and "芯衡微电子）" in texts
    assert "未画出的专家 1 人" in texts and "孤立专家" in texts
    assert "数据来源" in texts


def test_talent_map_panels_share_fields_count_everyone_and_show_small_samples_as_counts():
    import pandas as pd

    from viz.talentmap import MAX_FIELDS, OTHER_FIELDS, bucket_fields, talent_map_figure

    fields = [f"领域{i:02d}" for i in range(MAX_FIELDS + 4)]
    rows = [(f"e{i}", f"专家{i}", field, "o1", "清华大学", "university", "academia",
             "senior", "", "", 1990, i % 2 == 0)
            for i, field in enumerate(fields)]
    facts = pd.DataFrame(rows, columns=["expert_id", "name", "field", "organization_id",
                                        "organization", "org_type", "sector", "title_level",
                                        "segment", "stage", "birth_year", "young"])
    bucketed = bucket_fields(facts)
    assert bucketed["expert_id"].nunique() == facts["expert_id"].nunique()
    assert (bucketed["field"] == OTHER_FIELDS).sum() == len(fields) - (MAX_FIELDS - 1)
    fig = talent_map_figure({"facts": facts})
    (a, _), (c, d) = [[ax for ax in fig.axes[i:i + 2]] for i in (0, 2)]
    labels_a = [t.get_text() for t in a.get_yticklabels()]
    labels_c = [t.get_text() for t in c.get_yticklabels()]
    assert labels_a == labels_c and OTHER_FIELDS in labels_a
    bar_texts = [t.get_text() for t in c.texts]
    assert "1/1" in bar_texts and not any("%" in t for t in bar_texts if "/1" in t)
    assert any("%" in t for t in bar_texts)  # the 其他 bucket has ≥ 5 experts of known age
    assert d.get_legend() is not None


def test_region_is_read_off_organization_names_in_every_script():
    from graphmap.talent import organization_regions

    regions = organization_regions(["北京灵犀机器人科技有限公司", "深圳市大疆创新科技有限公司",
                                     "澳門大學", "清华大学", "北京市海淀区某某研究院"])
    assert regions == {"北京灵犀机器人科技有限公司": "北京市",
                       "深圳市大疆创新科技有限公司": "广东省", "澳門大學": "澳门特别行政区",
                       "北京市海淀区某某研究院": "北京市"}


def test_workbook_region_column_and_talent_facts_region_and_age(graph, coverage, tmp_path):
    import networkx as nx

    from graphmap.talent import talent_map

    path = write_workbook(tmp_path / "book.xlsx", graph=graph, coverage=coverage)
    ws = load_workbook(path)["机构"]
    region = {row[0].value: row[3].value for row in ws.iter_rows(min_row=2)}
    assert region["北京灵犀机器人科技有限公司"] == "北京市" and region["清华大学"] is None

    g = nx.MultiDiGraph(graph)
    g.add_node("p-bio", kind="Person", name="周岚", status="confirmed",
               bio="1990年出生，现任研究员。")
    facts = talent_map(g, reference_year=2025).drop_duplicates("expert_id").set_index("name")
    assert facts.loc["周岚", "age"] == 35 and bool(facts.loc["周岚", "young"])
    assert facts.loc["陈思", "region"] == "北京市" and facts.loc["张伯钧", "age"] == 63


def test_talent_structure_page_lists_key_experts_regions_and_ages(graph, tmp_path):
    from viz.talentmap import write_talent_maps

    paths = write_talent_maps(graph, tmp_path, formats=("svg",), reference_year=2025)
    assert "talent_structure.svg" in {p.name for p in paths}
    texts = _svg_texts(tmp_path / "talent_structure.svg")
    # key experts: the academician and the senior engineer, not the 工程师
    assert "张伯钧" in texts and "陈思" in texts and "赵一凡" not in texts
    assert "重点专家（院士与正高级职称，2 人）" in texts
    assert "北京市" in texts and "35岁及以下" in texts and "56岁及以上" in texts


def test_appendix_pages_stop_at_the_page_limit_and_point_to_the_workbook(coverage):
    from viz import chain_appendix

    row = chain_appendix.AppendixRow("成员单位", "上游", "AI芯片", "某单位", 0.5, False, "",
                                     ("所属环节申报",), (("名单.xlsx", "序号：1"),))
    extra = 7
    figures = chain_appendix.appendix_figures(
        [row] * (chain_appendix.MAX_PAGE_ROWS + extra), coverage)
    try:
        last = [t.get_text() for t in figures[-1].texts]
        assert any(f"其余 {extra} 项见工作簿" in t for t in last)
        numbers = [t.get_text() for f in figures for t in f.texts if t.get_text().isdigit()]
        assert max(int(n) for n in numbers) == chain_appendix.MAX_PAGE_ROWS
    finally:
        from matplotlib import pyplot as plt

        for fig in figures:
            plt.close(fig)
