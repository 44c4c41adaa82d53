"""The Event entity and its HOSTED relations from the facts ingest put in Document.metadata."""

from __future__ import annotations

from ingest.core import read_bytes
from nlp import extract_document
from nlp.events import event_fields, event_type_of, host_role, host_spans

SALON = """北京市科协工程师跨界沙龙（第十二期）速记文稿

沙龙名称：具身智能与人形机器人工程师跨界沙龙——从“能走会跑”到“能干会用”
时间：2025年6月14日（星期六）14:00—17:30
地点：北京市科协科技会堂三层报告厅
主办单位：北京市科学技术协会
承办单位：北京人工智能科创协同联合体、北京灵犀机器人科技有限公司
支持单位：北京中关村智能产业投资基金管理有限公司

主持人：各位专家、各位工程师朋友，下午好！今天我们请到了清华大学教授张伯钧。
张伯钧：谢谢主持人。人形机器人的瓶颈正在从“脑”转向“身”，灵巧手和减速器是短板。
"""

NEWS = """某联合体2025年度创新大会在亦庄举办

发布时间：2025年9月22日　来源：联合体秘书处

9月20日，“2025某联合体创新大会暨产业对接会”在北京经济技术开发区亦创国际会展中心举办。\
大会由北京市科学技术协会、北京经济技术开发区科学技术协会联合主办，北京灵犀机器人科技有限公司承办。\
来自高校、企业的代表350余人参会。
"""


def _extract(text: str, name: str = "t.txt"):
    doc = read_bytes(text.encode("utf-8"), name)
    ex = extract_document(doc)
    names = {e.id: e for e in ex.entities}
    events = [e for e in ex.entities if e.kind.value == "Event"]
    hosted = {(names[r.source].name, r.attributes.get("role")): r for r in ex.relations
              if r.kind.value == "HOSTED"}
    return doc, events, hosted


def test_transcript_title_block_makes_the_event_and_its_hosts():
    doc, events, hosted = _extract(SALON, "沙龙_速记.txt")
    assert len(events) == 1
    event = events[0]
    assert event.name == "具身智能与人形机器人工程师跨界沙龙"
    assert (event.event_type, event.date) == ("salon", "2025-06-14")
    assert event.place == "北京市科协科技会堂三层报告厅"
    assert "北京市科协工程师跨界沙龙（第十二期）" in event.aliases
    assert event.evidence[0].sentence.startswith("沙龙名称：")
    assert set(hosted) >= {
        ("北京市科学技术协会", "host"),
        ("北京人工智能科创协同联合体", "co_host"),
        ("北京灵犀机器人科技有限公司", "co_host"),
        ("北京中关村智能产业投资基金管理有限公司", "supporter"),
    }
    # evidence sits on the title-block line that states the role
    host = hosted[("北京市科学技术协会", "host")].evidence[0]
    line = doc.text[doc.text.rfind("\n", 0, host.start) + 1 : host.end]
    assert line.startswith("主办单位：")
    supporter = hosted[("北京中关村智能产业投资基金管理有限公司", "supporter")].evidence[0]
    assert doc.text[supporter.start : supporter.end] == "北京中关村智能产业投资基金管理有限公司"
    assert "支持单位" in supporter.sentence


def test_news_lead_makes_an_innovation_event_with_attendance():
    _, events, hosted = _extract(NEWS, "新闻稿.txt")
    assert len(events) == 1
    event = events[0]
    assert event.name == "某联合体2025年度创新大会"
    assert event.event_type == "innovation_event"
    assert (event.date, event.attendance) == ("2025-09-20", 350)
    assert event.place == "北京经济技术开发区亦创国际会展中心"
    roles = {name: role for name, role in hosted}
    assert roles["北京市科学技术协会"] == "host"
    assert roles["北京经济技术开发区科学技术协会"] == "host"
    assert roles["北京灵犀机器人科技有限公司"] == "co_host"


def test_same_salon_from_transcript_and_news_has_one_id():
    news = ("北京市科协工程师跨界沙龙聚焦具身智能\n\n"
            "来源：北京市科学技术协会　　发布时间：2025年6月16日\n\n"
            "6月14日下午，由北京市科学技术协会主办的“具身智能与人形机器人工程师跨界沙龙”在北京市科协"
            "科技会堂成功举办。来自高校、企业的专家及青年工程师120余人参加活动。\n")
    _, salon_events, _ = _extract(SALON, "沙龙_速记.txt")
    _, news_events, _ = _extract(news, "新闻稿.txt")
    assert salon_events[0].id == news_events[0].id
    assert news_events[0].attendance == 120


def test_document_without_metadata_keeps_its_title_event():
    _, events, _ = _extract("人工智能青年论坛纪要\n\n与会者讨论了算力调度问题。\n", "纪要.txt")
    assert [e.name for e in events] == ["人工智能青年论坛"]
    assert events[0].event_type == "innovation_event" and events[0].date is None


def test_helpers():
    assert host_role("联合主办") == "host" and host_role("协办") == "co_host"
    assert host_role("指导单位") == "supporter" and host_role("Supported by") == "supporter"
    assert event_type_of("工程師沙龍") == "salon" and event_type_of("年度总结") == "other"
    fields = event_fields({"event_type": "bogus", "attendance": "x", "date": "2025-06-14T14:00"},
                          "某峰会")
    assert (fields["event_type"], fields["attendance"], fields["date"]) == (
        "innovation_event", None, "2025-06-14")
    text = "承办单位：甲公司\n主办单位：乙协会、甲公司\n"
    spans = host_spans(text, {"hosts": ["乙协会", "甲公司"], "co_hosts": ["甲公司"]})
    at = {(name, role): start for name, role, start, _ in spans}
    assert at[("甲公司", "co_host")] == text.index("甲公司")
    assert at[("甲公司", "host")] == text.index("甲公司", text.index("主办"))


def test_a_headline_verb_is_not_part_of_the_event_name():
    from graphmap.model import Document, Event
    from nlp import extract_document

    text = ("2016中国产业园区持续发展论坛顺利举行\n\n"
            "9月23日，2016中国产业园区持续发展论坛在北京举行，200余人参加。")
    ex = extract_document(Document(path="n.txt", content_hash="h", text=text))
    events = [e.name for e in ex.entities if isinstance(e, Event)]
    assert events == ["2016中国产业园区持续发展论坛"]
