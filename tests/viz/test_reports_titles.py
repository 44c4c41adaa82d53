"""Titles: one normalized list per person in the document's language; the lead unit once."""

from __future__ import annotations

from openpyxl import load_workbook

from graphmap.titles import normalize_titles
from viz.salon import salon_digest
from viz.workbook import write_workbook

MIXED = ["中国工程院院士、教授", "中国工程院院士、教授", "院士", "Academician", "Professor"]


def _person(graph, name):
    return next(n for n, d in graph.nodes(data=True) if d.get("name") == name)


def test_mixed_titles_become_one_chinese_list():
    assert normalize_titles(MIXED) == ["中国工程院院士", "教授"]
    assert normalize_titles(["首席科学家", "博士", "首席科学家", "Chief Scientist"]) == [
        "首席科学家", "博士"]
    # a deputy post is not a repeat of the senior one
    assert normalize_titles(["教授", "副教授"]) == ["教授", "副教授"]
    assert normalize_titles(["Professor", "教授"], language="en") == ["Professor"]
    # an English title nothing translates is kept when it is all there is
    assert normalize_titles(["Visiting Scholar"]) == ["Visiting Scholar"]


def test_workbook_and_salon_show_each_title_once(graph, coverage, transcript, tmp_path):
    graph.nodes[_person(graph, "张伯钧")]["titles"] = list(MIXED)
    path = write_workbook(tmp_path / "book.xlsx", graph=graph, coverage=coverage,
                          reference_year=2025)
    wb = load_workbook(path)
    experts = {r[0].value: r for r in wb["专家"].iter_rows(min_row=2)}
    assert experts["张伯钧"][1].value == "中国工程院院士、教授"
    digest = salon_digest(graph, [transcript])
    zhang = next(s for s in digest.speakers if s.name == "张伯钧")
    assert zhang.titles == ["中国工程院院士", "教授"]


def test_lead_unit_listed_once(graph, coverage, tmp_path):
    path = write_workbook(tmp_path / "book.xlsx", graph=graph, coverage=coverage)
    orgs = {r[0].value: r for r in load_workbook(path)["机构"].iter_rows(min_row=2)}
    consortia = orgs["北京灵犀机器人科技有限公司"][4].value
    assert consortia.count("联合体") == 1 and consortia.endswith("（牵头）")
