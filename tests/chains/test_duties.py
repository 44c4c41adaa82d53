"""Consortium and salon duties: met / not met / unknown, each with its evidence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest
import yaml

from graphmap.chains.duties import (
    consortium_duties,
    duties_report,
    find_dates,
    load_duty_rules,
    salon_duties,
)
from graphmap.errors import InputError
from graphmap.graph import graph_from
from graphmap.model import (
    Achievement,
    Consortium,
    DocType,
    Document,
    EdgeKind,
    Event,
    NodeKind,
    Organization,
    Relation,
    Status,
)

CONS = "北京人工智能科创协同联合体"
SALON = "具身智能与人形机器人工程师跨界沙龙"


def doc(path: str, text: str, doc_type: DocType = DocType.NEWS, title: str = "") -> Document:
    return Document(path=path, content_hash=path, text=text, doc_type=doc_type,
                    title=title or text.split("\n", 1)[0])


def by_id(checks) -> dict:
    return {c.duty_id: c for c in checks}


def transcript(day: str = "2025年6月14日") -> Document:
    return doc("沙龙速记.txt",
               f"北京市科协工程师跨界沙龙（第十二期）速记文稿\n沙龙名称：{SALON}——从能走到能干\n"
               f"时间：{day}（星期六）14:00\n主持人：大家好。\n",
               DocType.TRANSCRIPT)


def salon_news(published: str, preview: str = "6月5日") -> Document:
    return doc("沙龙新闻稿.txt",
               f"工程师跨界沙龙成功举办\n发布时间：{published}\n6月14日，“{SALON}”成功举办，"
               f"120余人参加。据悉，本期沙龙预告已于{preview}通过公众号发布。沙龙速记、专家名单及简介、"
               "嘉宾幻灯片和现场音视频资料已由秘书处整理归档。\n")


def test_find_dates_reads_full_and_month_day_dates() -> None:
    text = "发布时间：2025年9月22日。9月20日举办，2025-10-01再会"
    found = [d for d, _, _ in find_dates(text, 2025)]
    assert found == [date(2025, 9, 22), date(2025, 9, 20), date(2025, 10, 1)]
    assert [d for d, _, _ in find_dates("13月40日")] == []


def test_new_members_counts_the_year_from_member_since(ai_graph: nx.MultiDiGraph) -> None:
    this_year = by_id(consortium_duties(ai_graph, [], CONS, 2025))["new_members"]
    assert this_year.status == "met" and this_year.found.startswith("7 家")
    assert {e["organization"] for e in this_year.evidence} >= {"北京精驱传动科技有限公司"}
    last_year = by_id(consortium_duties(ai_graph, [], CONS, 2024))["new_members"]
    assert last_year.status == "not_met" and last_year.found.startswith("3 家")
    assert last_year.hint


def test_new_members_without_join_dates_is_unknown(ai_graph: nx.MultiDiGraph) -> None:
    for _, _, data in ai_graph.edges(data=True):
        data.pop("since", None)
    assert by_id(consortium_duties(ai_graph, [], CONS, 2025))["new_members"].status == "unknown"


def _transfer_graph(years: list[int | None], receiver: str = "北京精驱传动科技有限公司"):
    cons = Consortium(name=CONS, status=Status.CONFIRMED)
    member = Organization(name=receiver)
    achievements = [Achievement(name=f"成果{i}", transferred=True, year=y)
                    for i, y in enumerate(years)]
    relations = [Relation(kind=EdgeKind.MEMBER_OF, source=member.id, target=cons.id,
                          attributes={"since": "2023年5月"})]
    relations += [Relation(kind=EdgeKind.TRANSFERRED_TO, source=a.id, target=member.id)
                  for a in achievements]
    return graph_from([cons, member, *achievements], relations)


@pytest.mark.parametrize(
    ("years", "receiver", "status"),
    [
        ([2025, 2025, 2025], "北京精驱传动科技有限公司", "met"),
        ([2025, 2024, 2025], "北京精驱传动科技有限公司", "not_met"),
        ([2025, None, None], "北京精驱传动科技有限公司", "unknown"),
        ([2025, 2025, 2025], "上海精驱传动科技有限公司", "met"),  # city unknown: not excluded
    ],
)
def test_transferred_achievements(years, receiver, status) -> None:
    check = by_id(consortium_duties(_transfer_graph(years, receiver), [], CONS, 2025))
    assert check["transferred_results"].status == status


def test_one_result_told_twice_is_one_transfer() -> None:
    graph = _transfer_graph([2025, 2025, 2025])
    names = ["高分辨率柔性触觉传感阵列及灵巧手力控技术", "高分辨率柔性触觉传感阵列和灵巧手力控算法",
             "高刚度谐波减速器设计与精密制造技术"]
    for node, name in zip(sorted(n for n, d in graph.nodes(data=True)
                                 if d.get("kind") == NodeKind.ACHIEVEMENT), names, strict=True):
        graph.nodes[node]["name"] = name
    transfer = by_id(consortium_duties(graph, [], CONS, 2025))["transferred_results"]
    assert transfer.status == "not_met" and transfer.found == "2 项"
    told_twice = next(e for e in transfer.evidence if e["also"])
    assert {told_twice["achievement"], told_twice["also"][0]["achievement"]} == set(names[:2])


def test_transfer_claimed_in_a_consortium_document_counts_with_its_sentence() -> None:
    news = doc("大会新闻.md",
               f"{CONS}年度创新大会\n发布时间：2025年9月22日\n大会发布3项成果在本市实现转化。")
    check = by_id(consortium_duties(_transfer_graph([2025]), [news], CONS, 2025))
    transfer = check["transferred_results"]
    assert transfer.status == "met"
    assert any("3项成果" in e.get("sentence", "") for e in transfer.evidence)


def _event_graph(attendance: int | None, hosts: int) -> nx.MultiDiGraph:
    cons = Consortium(name=CONS)
    event = Event(name=f"{CONS}2025创新大会", event_type="innovation_event", date="2025-09-20",
                  attendance=attendance)
    orgs = [Organization(name=f"主办单位{i}") for i in range(hosts)]
    rels = [Relation(kind=EdgeKind.HOSTED, source=o.id, target=event.id) for o in orgs]
    return graph_from([cons, event, *orgs], rels)


@pytest.mark.parametrize(
    ("attendance", "hosts", "status"),
    [(350, 2, "met"), (80, 2, "not_met"), (350, 1, "not_met"), (None, 2, "unknown")],
)
def test_innovation_event_needs_attendance_and_cohosts(attendance, hosts, status) -> None:
    check = by_id(consortium_duties(_event_graph(attendance, hosts), [], CONS, 2025))
    assert check["innovation_event"].status == status


def test_innovation_event_from_a_news_item_alone() -> None:
    graph = graph_from([Consortium(name=CONS)], [])
    news = doc("大会.md", f"{CONS}2025年度创新大会在亦庄举办\n发布时间：2025年9月22日\n"
                        "9月20日，大会在亦庄举办。大会由市科协、区科协联合主办。代表350余人参会。")
    event = by_id(consortium_duties(graph, [news], CONS, 2025))["innovation_event"]
    assert event.status == "met"
    notes = {e.get("note") for e in event.evidence}
    assert {"参会人数", "联合主办"} <= notes


def test_deliverable_documents_length_and_mentions() -> None:
    graph = graph_from([Consortium(name=CONS)], [])
    title = "联合体2025年度工作总结"
    long_summary = doc("2025年度工作总结.docx", "总" * 2100, DocType.REPORT, title)
    short_summary = doc("2025年度工作总结.docx", "总" * 500, DocType.REPORT, title)
    mention = doc("新闻.md", f"{CONS}大会\n发布时间：2025年9月22日\n"
                           "大会发布了《产业图谱》和《年度工作总结》。")
    checks = by_id(consortium_duties(graph, [long_summary], CONS, 2025))
    assert checks["annual_summary"].status == "met"
    assert checks["case_report"].status == "not_met"
    assert by_id(consortium_duties(graph, [short_summary], CONS, 2025))[
        "annual_summary"].status == "not_met"
    mentioned = by_id(consortium_duties(graph, [mention], CONS, 2025))
    assert mentioned["annual_summary"].status == "unknown"  # length cannot be checked
    assert mentioned["industry_map"].status == "met"
    assert "产业图谱" in mentioned["industry_map"].evidence[0]["sentence"]


def test_salon_duties_met_from_transcript_and_news() -> None:
    graph = nx.MultiDiGraph()
    (salon,) = salon_duties(graph, [transcript(), salon_news("2025年6月16日")], year=2025)
    assert salon.date == "2025-06-14" and SALON in salon.name
    checks = by_id(salon.checks)
    assert checks["preview"].status == "met" and "提前 9 天" in checks["preview"].found
    assert checks["news_release"].status == "met" and "2 天" in checks["news_release"].found
    materials = checks["materials"]
    assert materials.status == "not_met" and materials.found.endswith("缺：会议手册")


def test_salon_duties_late_preview_late_news_and_full_materials() -> None:
    handbook = doc("会议手册.pdf", f"{SALON}会议手册", DocType.HANDBOOK)
    (salon,) = salon_duties(
        nx.MultiDiGraph(),
        [transcript(), salon_news("2025年6月20日", preview="6月10日"), handbook], year=2025)
    checks = by_id(salon.checks)
    assert checks["preview"].status == "not_met"
    assert checks["news_release"].status == "not_met"
    assert checks["materials"].status == "met"


def test_salon_without_news_or_preview() -> None:
    (salon,) = salon_duties(nx.MultiDiGraph(), [transcript()], year=2025)
    checks = by_id(salon.checks)
    assert checks["preview"].status == "not_met" and checks["news_release"].status == "not_met"
    assert salon_duties(nx.MultiDiGraph(), [transcript()], year=2024) == []


def test_salon_event_node_is_linked_to_its_documents() -> None:
    event = Event(name=SALON, event_type="salon", date="2025-06-14")
    graph = graph_from([event], [])
    salons = salon_duties(graph, [transcript(), salon_news("2025年6月16日")], year=2025)
    assert [s.event_id for s in salons] == [event.id]
    assert by_id(salons[0].checks)["news_release"].status == "met"


def test_user_rules_override_by_id_and_unknown_checks_fail(tmp_path: Path,
                                                          ai_graph: nx.MultiDiGraph) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump({"consortium_year": [{"id": "new_members", "min": 8}]}),
                    encoding="utf-8")
    rules = load_duty_rules(path)
    assert by_id(consortium_duties(ai_graph, [], CONS, 2025, rules=rules))[
        "new_members"].status == "not_met"
    path.write_text(yaml.safe_dump({"salon": [{"id": "x", "check": "astrology"}]}), "utf-8")
    with pytest.raises(InputError, match="unknown check"):
        load_duty_rules(path)


def test_report_needs_a_consortium_name_when_there_are_several(two_consortia_graph) -> None:
    with pytest.raises(InputError, match="consortia"):
        duties_report(two_consortia_graph, [], 2025)
    report = duties_report(two_consortia_graph, [], 2025, consortium="节能环保")
    assert report.consortium == "北京绿色低碳节能环保创新联合体"
    assert by_id(report.checks)["new_members"].found.startswith("3 家")


def test_demo_corpus_duties(examples_dir: Path, ai_graph: nx.MultiDiGraph) -> None:
    ingest = pytest.importorskip("ingest.core")
    corpus = examples_dir / "corpus"
    if not corpus.is_dir():
        pytest.skip("no demo corpus")
    docs = [ingest.read_path(p) for p in sorted(corpus.iterdir()) if p.is_file()]
    report = duties_report(ai_graph, docs, 2025)
    checks = by_id(report.checks)
    assert checks["new_members"].status == "met"
    assert checks["transferred_results"].status == "met"
    assert checks["innovation_event"].status == "met"
    assert checks["case_report"].status == "not_met"
    (salon,) = report.salons
    salon_checks = by_id(salon.checks)
    assert salon_checks["preview"].status == "met"
    assert salon_checks["news_release"].status == "met"


def test_one_salon_named_twice_by_extraction_is_reported_once() -> None:
    from_news = Event(name="北京市科协工程师跨界沙龙聚焦具身智能与人形机器人", date="2025-06-14")
    from_transcript = Event(name="北京市科协工程师跨界沙龙（第十二期）速记文稿", date="2025-06-14")
    news, minutes = salon_news("2025年6月16日"), transcript()
    graph = graph_from([from_news, from_transcript], [])
    graph.nodes[from_news.id]["evidence"] = [{"doc_id": news.id}]
    graph.nodes[from_transcript.id]["evidence"] = [{"doc_id": minutes.id}]
    (salon,) = salon_duties(graph, [minutes, news], year=2025)
    assert salon.name.startswith(SALON)  # the name the transcript states
    assert by_id(salon.checks)["news_release"].status == "met"


def test_a_transfer_is_quoted_from_the_release_whatever_order_evidence_was_stored() -> None:
    from graphmap.chains.duties import DocView, _Context, _record_evidence

    docs = [DocView("doc-b", "/x/速记.md", "沙龙速记", "transcript", "", date(2025, 5, 1)),
            DocView("doc-a", "/x/新闻稿.md", "创新大会新闻稿", "news", "", date(2025, 9, 1))]
    ctx = _Context(nx.MultiDiGraph(), docs, 2025, "c", "联合体", {}, [])
    said = {"doc_id": "doc-b", "start": 5, "sentence": "该成果已转让给北京精驱传动科技有限公司"}
    written = {"doc_id": "doc-a", "start": 90,
               "sentence": "转让给北京精驱传动科技有限公司，合同金额1200万元"}
    assert _record_evidence(ctx, [said, written])["doc_id"] == "doc-a"
    assert _record_evidence(ctx, [written, said])["doc_id"] == "doc-a"
    assert _record_evidence(ctx, []) == {}
