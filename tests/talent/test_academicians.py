"""The academician pool: biography parsing, loading, and the gold evaluation on real data."""

from __future__ import annotations

import csv

import pytest

from graphmap.errors import InputError
from graphmap.graph import nodes_of_kind
from graphmap.matchmaking.academicians import (
    load_academicians,
    parse_affiliation,
    parse_birth_year,
    parse_field,
)
from graphmap.model import NodeKind


def test_birth_year_from_both_academies_styles():
    assert parse_birth_year("王某（1950.02.03- ）。机械专家。") == 1950
    assert parse_birth_year("物理学家，1932年5月生于北京。") == 1932
    assert parse_birth_year("王某，1956年10月21日出生于山东省。") == 1956


def test_field_phrase_skips_personal_details():
    bio = "陈某，1953年3月20日生，男，土家族，湖北恩施人，动物传染病学专家。"
    assert parse_field(bio, "陈某") == "动物传染病学"


def test_affiliation_prefers_the_current_position_over_education():
    bio = "1982年毕业于南京工学院。曾任某所所长。现任中国科学院沈阳自动化研究所研究员。"
    assert parse_affiliation(bio) == ("中国科学院沈阳自动化研究所", "研究员")
    assert parse_affiliation("1995年当选为中国科学院院士。") is None


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["XB", "evaluate_time", "introduce", "link", "name"])
        writer.writeheader()
        writer.writerows(rows)


def test_dual_academicians_become_one_person(tmp_path):
    bio = "张某（1950.01.01- ）机器人专家。现任哈尔滨工业大学教授。"
    write_csv(tmp_path / "AcademicianEngineering.csv",
              [{"XB": "信息与电子工程学部", "evaluate_time": "1999", "introduce": bio, "link": "",
                "name": "张某"}])
    write_csv(tmp_path / "AcademicianScience.csv",
              [{"XB": "技术科学部", "evaluate_time": "1997", "introduce": bio, "link": "",
                "name": "张某"}])
    graph = load_academicians([tmp_path / "AcademicianEngineering.csv",
                               tmp_path / "AcademicianScience.csv"])
    people = [d for _, d in nodes_of_kind(graph, NodeKind.PERSON)]
    assert len(people) == 1
    assert people[0]["titles"] == ["中国工程院院士", "中国科学院院士"]
    assert people[0]["fields_of_work"] == ["机器人", "信息与电子工程学部", "技术科学部"]
    orgs = [d for _, d in nodes_of_kind(graph, NodeKind.ORGANIZATION)]
    assert [(o["name"], o["org_type"]) for o in orgs] == [("哈尔滨工业大学", "university")]


def test_missing_columns_are_an_input_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,bio\n张某,专家\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks columns"):
        load_academicians([path])


@pytest.mark.shared_data
def test_real_pool_loads_with_births_and_affiliations(shared_data):
    experts = shared_data / "experts"
    graph = load_academicians([experts / "AcademicianEngineering.csv",
                               experts / "AcademicianScience.csv"])
    people = [d for _, d in nodes_of_kind(graph, NodeKind.PERSON)]
    assert 1600 <= len(people) <= 1658  # 868 + 790 records, a few people in both academies
    assert sum(1 for p in people if p.get("birth_year")) / len(people) > 0.95
    assert sum(1 for p in people if p.get("organization")) / len(people) > 0.9


@pytest.mark.shared_data
@pytest.mark.slow
def test_graphmap_ranking_beats_plain_bm25_on_the_gold_topics(shared_data, examples_dir):
    from graphmap.matchmaking import ExpertIndex
    from graphmap.matchmaking.evaluation import evaluate, load_gold

    experts = shared_data / "experts"
    graph = load_academicians([experts / "AcademicianEngineering.csv",
                               experts / "AcademicianScience.csv"])
    topics, k = load_gold(examples_dir / "gold" / "academicians_topics.yaml")
    assert len(topics) == 20
    report = evaluate(ExpertIndex.build(graph), topics, k or 10, dense=False)
    assert not report.summary.attrs.get("missing")
    summary = report.summary
    for bm25 in ("bm25 (bio)", "bm25 (all texts)"):  # 0.770 / 0.675 and 0.790 / 0.760
        assert summary.loc["graphmap", "nDCG@10"] > summary.loc[bm25, "nDCG@10"]
        assert summary.loc["graphmap", "P@10"] >= summary.loc[bm25, "P@10"]
    # Floors: reached 0.871 / 0.820 (BM25 0.790 / 0.760), minus a small margin.
    assert summary.loc["graphmap", "nDCG@10"] >= 0.86
    assert summary.loc["graphmap", "P@10"] >= 0.80


@pytest.mark.parametrize(("bio", "expected"), [
    # a place of study abroad or at home is never the affiliation
    ("1957年留学原苏联莫斯科包曼工学院，1961年获副博士学位。中国航天科技集团公司第八研究院研究员。",
     ("中国航天科技集团公司第八研究院", "研究员")),
    ("1949-1952年在南京大学航空系学习。中国运载火箭技术研究院研究员。",
     ("中国运载火箭技术研究院", "研究员")),
    ("1982年毕业于山东农业大学农学院，获农学硕士学位。山东农业大学教授。",
     ("山东农业大学", "教授")),
    # names are not cut at characters of a verb inside them (有限责任公司, 中国科学院…所)
    ("1960年毕业于北京石油学院。曾任大庆石油管理局总工程师。现任大庆油田有限责任公司副主任。",
     ("大庆油田有限责任公司", "主任")),
    ("1952年毕业于浙江大学。中国科学院上海光学精密机械研究所研究员。",
     ("中国科学院上海光学精密机械研究所", "研究员")),
    # a former post only when nothing current is said; a verb phrase is not a name
    ("1966年毕业于焦作矿业学院（现河南理工大学），曾任平煤集团公司总工程师。创建了国家级企业技术中心。",
     ("平煤集团公司", "总工程师")),
])
def test_affiliation_is_the_current_post_not_a_place_of_study(bio, expected):
    assert parse_affiliation(bio) == expected


def test_organization_nodes_are_the_institution_with_the_unit_on_the_edge(tmp_path):
    bio = "关某（1929.10.4- ）建筑学家。1952年毕业于清华大学。清华大学建筑学院教授。"
    write_csv(tmp_path / "AcademicianEngineering.csv",
              [{"XB": "土木、水利与建筑工程学部", "evaluate_time": "1999", "introduce": bio,
                "link": "", "name": "关某"}])
    graph = load_academicians([tmp_path / "AcademicianEngineering.csv"])
    orgs = [d["name"] for _, d in nodes_of_kind(graph, NodeKind.ORGANIZATION)]
    assert orgs == ["清华大学"]
    edge = next(d for *_, d in graph.edges(data=True))
    assert edge["unit"] == "清华大学建筑学院" and edge["title"] == "教授"
