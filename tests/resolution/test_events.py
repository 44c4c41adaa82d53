"""One event reported twice is one node: same date plus alike names, a named other or 2 speakers."""

from __future__ import annotations

from graphmap.model import EdgeKind, Event, Evidence, Organization, Person, Relation, Status
from graphmap.resolution import resolve


def _event(name: str, date: str | None, doc: str, sentence: str | None = None,
           **kw) -> Event:
    sentence = sentence or name
    at = max(sentence.find(name), 0)
    return Event(name=name, date=date, evidence=[
        Evidence(doc, at, at + len(name), sentence, "nlp.event", 0.8)], **kw)


def _person(name: str, doc: str) -> Person:
    return Person(name=name, evidence=[Evidence(doc, 0, len(name), f"{name}：发言", "turn")])


def _spoke(person: Person, event: Event) -> Relation:
    return Relation(kind=EdgeKind.SPOKE_AT, source=person.id, target=event.id, evidence=[
        Evidence(event.evidence[0].doc_id, 0, 2, f"{person.name}发言", "turn")])


def _events(entities):
    return sorted((e for e in entities if isinstance(e, Event)), key=lambda e: e.name)


def test_alike_names_on_one_date_merge_and_say_why():
    transcript = _event("具身智能与人形机器人工程师跨界沙龙", "2025-06-14", "doc-a",
                        place="北京市科协科技会堂三层报告厅")
    news = _event("具身智能与人形机器人工程师跨界沙龙（第十二期）", "2025-06-14", "doc-b",
                  attendance=120)
    entities, _ = resolve([transcript, news], [])
    (event,) = _events(entities)
    assert event.attendance == 120 and event.place == "北京市科协科技会堂三层报告厅"
    assert len(event.evidence) == 2
    (record,) = event.merged_from
    assert record["reason"].startswith(
        "同一日期（2025-06-14），且名称存在包含关系（具身智能与人形机器人工程师跨界沙龙 / ")
    assert {event.name, record["name"]} == {transcript.name, news.name}


def test_news_naming_the_other_event_merges_it():
    headline = _event("联合体年度创新大会", "2025-09-20", "doc-n",
                      "9月20日，“具身智能产业对接会”在亦庄举办，联合体年度创新大会同期发布图谱。",
                      event_type="innovation_event", attendance=350)
    other = _event("具身智能产业对接会", "2025-09-20", "doc-m", event_type="innovation_event")
    entities, _ = resolve([headline, other], [])
    (event,) = _events(entities)
    assert event.name == "联合体年度创新大会"  # the one stating more facts leads
    assert "具身智能产业对接会" in event.aliases
    assert event.merged_from[0]["reason"] == (
        "同一日期（2025-09-20），且在 联合体年度创新大会 的原文中提到了 具身智能产业对接会")


def test_two_shared_speakers_merge_one_does_not():
    a = _event("人形机器人产业论坛", "2025-05-10", "doc-1", event_type="innovation_event")
    b = _event("灵巧手与伺服电机技术峰会", "2025-05-10", "doc-2", event_type="innovation_event")
    zhang, li = _person("张伯钧", "doc-1"), _person("李牧川", "doc-1")
    one = [_spoke(zhang, a), _spoke(zhang, b), _spoke(li, a)]
    entities, _ = resolve([a, b, zhang, li], one)
    assert len(_events(entities)) == 2
    two = [*one, _spoke(li, b)]
    entities, relations = resolve([a, b, zhang, li], two)
    (event,) = _events(entities)
    assert event.merged_from[0]["reason"] == "同一日期（2025-05-10），且有 2 位共同发言人"
    spoke = {(r.source, r.target) for r in relations if r.kind is EdgeKind.SPOKE_AT}
    assert spoke == {(zhang.id, event.id), (li.id, event.id)}


def test_different_events_stay_apart():
    salon = _event("具身智能工程师跨界沙龙", "2025-06-14", "doc-1")
    forum = _event("智能网联汽车发展论坛", "2025-06-14", "doc-2", event_type="innovation_event")
    later = _event("具身智能工程师跨界沙龙", "2025-07-12", "doc-3")
    undated = _event("具身智能工程师跨界沙龙", None, "doc-4")
    # alike names but a salon and a conference are not one happening
    conference = _event("具身智能工程师跨界沙龙大会", "2025-06-14", "doc-5",
                        event_type="innovation_event")
    entities, _ = resolve([salon, forum, later, undated, conference], [])
    assert len(_events(entities)) == 5
    assert all(not e.merged_from for e in entities)


def test_three_reports_of_one_event_fold_into_one():
    a = _event("人工智能青年论坛", "2025-03-01", "doc-1", event_type="innovation_event")
    b = _event("2025人工智能青年论坛", "2025-03-01", "doc-2", event_type="innovation_event")
    c = _event("人工智能青年论坛（春季）", "2025-03-01", "doc-3", attendance=80,
               event_type="other")
    entities, _ = resolve([a, b, c], [])
    (event,) = _events(entities)
    assert len(event.merged_from) == 2 and event.attendance == 80
    assert event.event_type == "innovation_event"


def _hosted(org: Organization, event: Event) -> Relation:
    return Relation(kind=EdgeKind.HOSTED, source=org.id, target=event.id, evidence=[
        Evidence(event.evidence[0].doc_id, 0, 2, f"{org.name}主办", "nlp.event:hosts")])


def test_releases_in_two_languages_merge_on_shared_host_and_attendance():
    zh = _event("联合体2025年度创新大会", "2025-09-20", "doc-zh", event_type="innovation_event",
                attendance=350)
    en = _event("Consortium 2025 Innovation Conference", "2025-09-20", "doc-en",
                event_type="innovation_event", attendance=350)
    other = _event("Smart Mobility Forum", "2025-09-20", "doc-x", event_type="innovation_event",
                   attendance=200)
    bast = Organization(name="北京市科学技术协会", status=Status.CONFIRMED)
    entities, _ = resolve([zh, en, other, bast], [_hosted(bast, e) for e in (zh, en, other)])
    events = _events(entities)
    assert len(events) == 2  # the forum shares the host but not the attendance
    (merged,) = [e for e in events if e.merged_from]
    assert merged.merged_from[0]["reason"] == (
        "同一日期（2025-09-20），且有共同主办方，参会人数也相同（350）")
    assert (merged.name, merged.merged_from[0]["name"]) == (zh.name, en.name)  # Chinese leads
