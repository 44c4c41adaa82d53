"""Extraction on tiny realistic texts: entities, affiliations, relations and exact evidence."""

from __future__ import annotations

import pytest

from graphmap.model import (
    DocType,
    Document,
    EdgeKind,
    Extraction,
    NodeKind,
    Organization,
    OrgType,
    Person,
    Status,
    Turn,
)
from nlp import Gazetteer, extract_document, extract_many


def _doc(text: str, **kw) -> Document:
    return Document(path=kw.pop("path", "t.txt"), content_hash="h", text=text, **kw)


def _names(ex: Extraction) -> dict[str, tuple[str, str]]:
    return {e.id: (e.kind.value, e.name) for e in ex.entities}


def _edges(ex: Extraction, kind: EdgeKind) -> set[tuple[str, str]]:
    names = _names(ex)
    return {(names[r.source][1], names[r.target][1]) for r in ex.relations if r.kind == kind}


def _affiliation_titles(ex: Extraction) -> dict[tuple[str, str], str]:
    names = _names(ex)
    return {
        (names[r.source][1], names[r.target][1]): r.attributes.get("title")
        for r in ex.relations
        if r.kind == EdgeKind.AFFILIATED_WITH
    }


def _assert_evidence_exact(doc: Document, ex: Extraction) -> None:
    ids = {e.id for e in ex.entities}
    for entity in ex.entities:
        for ev in entity.evidence:
            assert ev.doc_id == doc.id
            quoted = doc.text[ev.start : ev.end]
            assert quoted, entity
            assert quoted in ev.sentence or ev.sentence in doc.text
    for rel in ex.relations:
        assert rel.source in ids and rel.target in ids, rel
        assert rel.status == Status.UNCERTAIN
        for ev in rel.evidence:
            assert doc.text[ev.start : ev.end].strip(), rel


def test_honour_and_affiliation_before_the_name():
    doc = _doc("中国工程院院士、清华大学教授张三在会上作了报告。")
    ex = extract_document(doc)
    assert _affiliation_titles(ex) == {("张三", "清华大学"): "教授"}
    person = next(e for e in ex.entities if isinstance(e, Person))
    assert person.organization == "清华大学"
    assert "中国工程院院士" in person.titles and "教授" in person.titles
    orgs = {e.name: e for e in ex.entities if isinstance(e, Organization)}
    assert orgs["清华大学"].org_type == OrgType.UNIVERSITY
    # the academy of the honour is named, so it is an organization, but not an employer
    assert "中国工程院" in orgs
    _assert_evidence_exact(doc, ex)


def test_affiliation_in_parentheses_after_the_name():
    doc = _doc("张三（北京某某科技有限公司总工程师）介绍了公司的进展。")
    ex = extract_document(doc)
    assert _affiliation_titles(ex) == {("张三", "北京某某科技有限公司"): "总工程师"}
    org = next(e for e in ex.entities if isinstance(e, Organization))
    assert org.org_type == OrgType.ENTERPRISE
    _assert_evidence_exact(doc, ex)


def test_affiliation_introduced_with_laizi():
    doc = _doc("来自中科院自动化所的李四研究员分享了机器视觉的最新成果。")
    ex = extract_document(doc)
    assert _affiliation_titles(ex) == {("李四", "中科院自动化所"): "研究员"}
    assert ("李四", "机器视觉") in _edges(ex, EdgeKind.EXPERT_IN)
    org = next(e for e in ex.entities if isinstance(e, Organization))
    assert org.org_type == OrgType.RESEARCH_INSTITUTE


def test_traditional_chinese_is_matched_and_quoted_as_written():
    doc = _doc("中國工程院院士、清華大學教授張三長期從事深度學習研究。")
    ex = extract_document(doc)
    names = {(k, n) for k, n in _names(ex).values()}
    assert ("Organization", "清華大學") in names
    assert ("Technology", "深度学习") in names
    tech = next(e for e in ex.entities if e.kind == NodeKind.TECHNOLOGY)
    assert doc.text[tech.evidence[0].start : tech.evidence[0].end] == "深度學習"
    assert ("張三", "清華大學") in _affiliation_titles(ex)
    # The same person written in simplified characters gets the same id.
    simple = extract_document(_doc("中国工程院院士、清华大学教授张三长期从事深度学习研究。"))
    assert {e.id for e in ex.entities} == {e.id for e in simple.entities}
    _assert_evidence_exact(doc, ex)


def test_english_text():
    doc = _doc("Prof. Wei Zhang of Tsinghua University works on machine learning and robotics.")
    ex = extract_document(doc)
    kinds = {(k, n) for k, n in _names(ex).values()}
    assert ("Organization", "Tsinghua University") in kinds
    assert ("Person", "Wei Zhang") in kinds
    assert ("Technology", "机器学习") in kinds
    _assert_evidence_exact(doc, ex)


def test_mixed_chinese_and_english_names():
    doc = _doc("微软亚洲研究院首席科学家张三表示，AI芯片和5G将改变制造业。")
    ex = extract_document(doc)
    techs = {n for k, n in _names(ex).values() if k == "Technology"}
    assert {"人工智能芯片", "5G"} <= techs
    assert ("张三", "微软亚洲研究院") in _affiliation_titles(ex)


def test_gazetteer_keeps_the_listed_ids():
    listed_org = Organization(name="北京市科学技术协会", aliases={"北京市科协"})
    listed_person = Person(name="王五", organization="北京市科学技术协会")
    gz = Gazetteer.from_entities([listed_org, listed_person])
    doc = _doc("本次沙龙由北京市科协主办，王五主持。", title="人工智能沙龙")
    ex = extract_document(doc, gz)
    ids = {e.id for e in ex.entities}
    assert listed_org.id in ids and listed_person.id in ids
    org = next(e for e in ex.entities if e.id == listed_org.id)
    assert org.org_type == OrgType.ASSOCIATION
    assert ("北京市科学技术协会", "人工智能沙龙") in _edges(ex, EdgeKind.HOSTED)
    assert any(doc.text[ev.start : ev.end] == "北京市科协" for ev in org.evidence)


SALON = (
    "人工智能创新沙龙\n"
    "主持人：欢迎中国工程院院士、清华大学教授张三。\n"
    "张三：我们团队长期研究深度学习，也在做知识图谱。\n"
)


def _salon() -> Document:
    host = SALON.index("主持人")
    speaker = SALON.index("张三：")
    return _doc(
        SALON,
        doc_type=DocType.TRANSCRIPT,
        title="人工智能创新沙龙",
        turns=[
            Turn(host, speaker, "主持人"),
            Turn(speaker, len(SALON), "张三"),
        ],
    )


def test_transcript_speaker_attribution():
    doc = _salon()
    ex = extract_document(doc)
    assert _affiliation_titles(ex) == {("张三", "清华大学"): "教授"}
    assert _edges(ex, EdgeKind.SPOKE_AT) == {("张三", "人工智能创新沙龙")}
    assert {("张三", "深度学习"), ("张三", "知识图谱")} <= _edges(ex, EdgeKind.EXPERT_IN)
    persons = [e for e in ex.entities if e.kind == NodeKind.PERSON]
    assert len(persons) == 1, "the introduced 张三 and the speaker 张三 are one person"
    _assert_evidence_exact(doc, ex)


def test_cooperation_and_achievement_transfer():
    doc = _doc(
        "北京某某科技有限公司与清华大学签署战略合作协议。"
        "清华大学研发的“高精度激光雷达技术”已转让给北京某某科技有限公司。"
    )
    ex = extract_document(doc)
    coop = _edges(ex, EdgeKind.COOPERATES_WITH)
    assert coop in ({("北京某某科技有限公司", "清华大学")}, {("清华大学", "北京某某科技有限公司")})
    assert _edges(ex, EdgeKind.DEVELOPED) == {("清华大学", "高精度激光雷达技术")}
    assert _edges(ex, EdgeKind.TRANSFERRED_TO) == {("高精度激光雷达技术", "北京某某科技有限公司")}


def test_extract_many_matches_one_by_one_and_reports_progress():
    docs = [
        _salon(),
        _doc("来自中科院自动化所的李四研究员。", path="b.txt"),
        _doc("", path="c.txt"),
    ]
    seen: list[int] = []
    many = list(extract_many(docs, None, batch_size=2, progress=seen.append))
    assert [e.doc_id for e in many] == [d.id for d in docs]
    assert seen == [len(d.text) for d in docs]
    single = extract_document(docs[1])
    assert {e.id for e in many[1].entities} == {e.id for e in single.entities}
    assert many[0].extractor_version and many[0].extractor_version == single.extractor_version


@pytest.mark.slow
def test_extract_many_in_worker_processes():
    docs = [_doc(f"来自中科院自动化所的李四研究员{i}。", path=f"{i}.txt") for i in range(4)]
    many = list(extract_many(docs, None, n_process=2, batch_size=1))
    assert [e.doc_id for e in many] == [d.id for d in docs]
    assert all(any(isinstance(x, Person) for x in e.entities) for e in many)


def test_gazetteer_recognizes_short_forms_of_listed_organizations():
    listed = Organization(name="中国科学院自动化研究所")
    gz = Gazetteer.from_entities([listed, Organization(name="北京市科学技术协会")])
    doc = _doc("来自中科院自动化所的李四研究员在北京市科协作报告。")
    ex = extract_document(doc, gz)
    assert ("李四", "中国科学院自动化研究所") in _affiliation_titles(ex)
    org = next(e for e in ex.entities if e.id == listed.id)
    assert [doc.text[ev.start : ev.end] for ev in org.evidence] == ["中科院自动化所"]


def test_extract_many_reads_documents_lazily():
    """Memory stays bounded: a batch is extracted before later documents are even read."""
    read: list[int] = []

    def documents():
        for i in range(10):
            read.append(i)
            yield _doc(f"来自清华大学的张三{i}教授。", path=f"{i}.txt")

    stream = extract_many(documents(), None, batch_size=2)
    next(stream)
    assert read == [0, 1]


def test_a_party_committee_post_is_a_post_at_its_unit():
    doc = _doc("中国工业经济联合会党委书记汪富亮出席会议并致辞。")
    ex = extract_document(doc)
    assert ("汪富亮", "中国工业经济联合会") in _edges(ex, EdgeKind.AFFILIATED_WITH)
    # the committee is named in the text, but the graph's node is its unit
    assert "中国工业经济联合会" in {name for _, name in _names(ex).values()}
    assert "中国工业经济联合会党委" not in {name for _, name in _names(ex).values()}
    _assert_evidence_exact(doc, ex)


def test_a_person_the_recognizer_took_for_an_organization_is_the_person():
    text = ("沙龙开始前,北京市科协学会学术部副部长马骏同志致辞。马骏在致辞中表示,工程师跨界沙龙是"
            "市科协服务科技工作者、推动产学研协同的品牌活动。")
    ex = extract_document(_doc(text))
    assert "马骏" not in {e.name for e in ex.entities if isinstance(e, Organization)}
    assert "马骏" in {e.name for e in ex.entities if isinstance(e, Person)}
