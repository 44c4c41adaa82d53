"""Curation as data: every action, re-applied on every rebuild, CSV round trip."""

from __future__ import annotations

import pytest

from graphmap.build import build
from graphmap.curation import (
    apply_curation,
    distinct_pairs,
    export_curations,
    import_curations,
    record_curation,
)
from graphmap.errors import InputError
from graphmap.model import (
    EdgeKind,
    Evidence,
    NodeKind,
    Organization,
    OrgType,
    Person,
    Relation,
    Status,
    Technology,
)
from graphmap.resolution import resolve

from .conftest import scripted_extractor, text_doc

EXTRACT = scripted_extractor(
    [
        ("Person", "王伟", {}),
        ("Organization", "北航", {}),
        ("Organization", "北京航空航天大学", {}),
        ("Organization", "灵犀机器人", {}),
        ("Technology", "具身智能", {}),
        ("Technology", "大模型", {}),
        ("Technology", "大语言模型", {}),
    ],
    [
        (EdgeKind.EXPERT_IN, "王伟", "具身智能"),
        (EdgeKind.EXPERT_IN, "王伟", "大模型"),
        (EdgeKind.EXPERT_IN, "王伟", "大语言模型"),
        (EdgeKind.AFFILIATED_WITH, "王伟", "北航"),
        (EdgeKind.WORKS_ON, "灵犀机器人", "具身智能"),
    ],
)


def by_name(ws, kind=None):
    return {e.name: e for e in ws.entities(kind)}


def edge(ws, kind, source_name, target_name):
    names = {e.id: e.name for e in ws.entities()}
    return next(
        r for r in ws.relations(kind)
        if names[r.source] == source_name and names[r.target] == target_name
    )


@pytest.fixture
def built(ws):
    ws.add_document(text_doc("/a.txt", "北航王伟谈具身智能和大模型"))
    ws.add_document(text_doc("/b.txt", "灵犀机器人研发具身智能，王伟也研究大语言模型"))
    build(ws, text_extractor=EXTRACT)
    return ws


def test_a_curated_merge_and_a_rejected_edge_survive_a_rebuild_with_new_documents(built):
    ws = built
    techs = by_name(ws, NodeKind.TECHNOLOGY)
    record_curation(ws, "merge", techs["大模型"].id, {"other": techs["大语言模型"].id},
                    note="same technology")
    rejected = edge(ws, EdgeKind.WORKS_ON, "灵犀机器人", "具身智能")
    record_curation(ws, "reject", rejected.id)
    build(ws, text_extractor=EXTRACT)

    ws.add_document(text_doc("/c.txt", "灵犀机器人继续做具身智能，王伟谈大语言模型"))
    report = build(ws, text_extractor=EXTRACT)
    assert report.extracted == 1
    techs = by_name(ws, NodeKind.TECHNOLOGY)
    assert "大语言模型" not in techs
    merged = techs["大模型"]
    assert "大语言模型" in merged.aliases
    assert {ev.doc_id for ev in merged.evidence} == {
        text_doc(p, "").id for p in ("/a.txt", "/b.txt", "/c.txt")
    }
    reason = merged.merged_from[0]["reason"]
    assert reason.startswith("人工审核合并（审核记录 #") and reason.endswith("）：same technology")
    works = edge(ws, EdgeKind.WORKS_ON, "灵犀机器人", "具身智能")
    assert works.status is Status.REJECTED
    assert len({ev.doc_id for ev in works.evidence}) == 2  # the new document's support too


def test_a_rejected_edge_stays_rejected_after_its_endpoint_is_merged(built):
    ws = built
    record_curation(ws, "reject", edge(ws, EdgeKind.AFFILIATED_WITH, "王伟", "北航").id)
    build(ws, text_extractor=EXTRACT)
    # a member list now names the university: 北航 (text) joins it by alias
    from tests.test_store import member_list

    doc = member_list()
    doc.records[1].fields["name"] = "北京航空航天大学"
    ws.add_document(doc)
    build(ws, text_extractor=EXTRACT)
    orgs = by_name(ws, NodeKind.ORGANIZATION)
    assert "北航" not in orgs and "北航" in orgs["北京航空航天大学"].aliases
    affiliation = edge(ws, EdgeKind.AFFILIATED_WITH, "王伟", "北京航空航天大学")
    assert affiliation.status is Status.REJECTED


def test_rename_set_type_and_confirm_are_reapplied(built):
    ws = built
    org = by_name(ws, NodeKind.ORGANIZATION)["灵犀机器人"]
    record_curation(ws, "rename", org.id, {"name": "北京灵犀机器人科技有限公司"})
    record_curation(ws, "set_type", org.id, {"org_type": "enterprise"})
    record_curation(ws, "confirm", org.id)
    ws.add_document(text_doc("/d.txt", "灵犀机器人发布新品"))
    build(ws, text_extractor=EXTRACT)
    again = ws.entity(org.id)
    assert again.name == "北京灵犀机器人科技有限公司" and "灵犀机器人" in again.aliases
    assert again.org_type is OrgType.ENTERPRISE and again.status is Status.CONFIRMED


def test_split_undoes_an_automatic_merge_and_keeps_it_undone(built):
    ws = built
    university = by_name(ws, NodeKind.ORGANIZATION).get("北京航空航天大学")
    assert university is None  # only 北航 so far
    ws.add_document(text_doc("/e.txt", "北京航空航天大学与北航校友会"))
    build(ws, text_extractor=EXTRACT)
    orgs = by_name(ws, NodeKind.ORGANIZATION)
    assert "北航" not in orgs  # the short mention joined the fuller one
    university = orgs["北京航空航天大学"]
    folded = next(r for r in university.merged_from if r["name"] == "北航")
    record_curation(ws, "split", university.id, {"other": folded["id"]}, note="校友会 ≠ 大学")
    build(ws, text_extractor=EXTRACT)
    orgs = by_name(ws, NodeKind.ORGANIZATION)
    assert {"北航", "北京航空航天大学"} <= set(orgs)
    assert orgs["北航"].id == folded["id"]
    assert "北航" not in orgs["北京航空航天大学"].aliases
    affiliation = edge(ws, EdgeKind.AFFILIATED_WITH, "王伟", "北航")  # the edge went back too
    assert affiliation.evidence
    assert (university.id, folded["id"]) in distinct_pairs(ws.curations())


def test_split_separates_a_person_by_document():
    wang_a = Evidence("doc-a", 0, 2, "王伟谈具身智能", "ner", 0.7)
    wang_b = Evidence("doc-b", 0, 2, "王伟谈金融", "ner", 0.7)
    person = Person(name="王伟", evidence=[wang_a, wang_b])
    ai, finance = Technology(name="具身智能"), Technology(name="金融")
    edges = [
        Relation(kind=EdgeKind.EXPERT_IN, source=person.id, target=ai.id, evidence=[wang_a]),
        Relation(kind=EdgeKind.EXPERT_IN, source=person.id, target=finance.id,
                 evidence=[wang_b]),
    ]
    split = {"id": 1, "action": "split", "target": person.id, "payload": {"docs": ["doc-b"]},
             "note": ""}
    entities, relations = apply_curation([person, ai, finance], edges, [split])
    people = [e for e in entities if isinstance(e, Person)]
    assert len(people) == 2
    original = next(p for p in people if p.id == person.id)
    other = next(p for p in people if p.id != person.id)
    assert [ev.doc_id for ev in original.evidence] == ["doc-a"]
    assert [ev.doc_id for ev in other.evidence] == ["doc-b"]
    targets = {r.source: r.target for r in relations}
    assert targets == {original.id: ai.id, other.id: finance.id}


def test_curations_whose_target_is_gone_are_skipped():
    org = Organization(name="清华大学")
    items = [{"id": 1, "action": a, "target": "org-gone", "payload": p, "note": ""}
             for a, p in (("reject", {}), ("rename", {"name": "x"}), ("merge", {"other": org.id}),
                          ("split", {"docs": ["d"]}))]
    entities, relations = apply_curation([org], [], items)
    assert entities == [org] and relations == []


def test_applying_many_curations_stays_linear():
    import time

    orgs = [Organization(name=f"单位{i:05d}") for i in range(5000)]
    items = [{"id": i, "action": "confirm", "target": o.id, "payload": {}, "note": ""}
             for i, o in enumerate(orgs)]
    items += [{"id": 9000 + i, "action": "merge", "target": orgs[i].id,
               "payload": {"other": orgs[i + 2500].id}, "note": ""} for i in range(2500)]
    started = time.perf_counter()
    entities, _ = apply_curation(orgs, [], items)
    assert len(entities) == 2500
    assert time.perf_counter() - started < 5  # quadratic would take minutes


def test_record_curation_validates_and_resolves_names(built):
    ws = built
    with pytest.raises(InputError, match="unknown curation action"):
        record_curation(ws, "delete", "x")
    with pytest.raises(InputError, match="no entity"):
        record_curation(ws, "confirm", "不存在的单位")
    with pytest.raises(InputError, match="organization type"):
        record_curation(ws, "set_type", "灵犀机器人", {"org_type": "startup"})
    with pytest.raises(InputError, match="itself"):
        record_curation(ws, "merge", "大模型", {"other": "大模型"})
    cid = record_curation(ws, "confirm", "灵犀机器人")
    assert ws.curations()[-1]["id"] == cid
    assert ws.curations()[-1]["target"] == by_name(ws)["灵犀机器人"].id


def test_csv_round_trip_escapes_formulas_and_is_idempotent(built, tmp_path):
    ws = built
    org = by_name(ws, NodeKind.ORGANIZATION)["灵犀机器人"]
    record_curation(ws, "rename", org.id, {"name": "=HYPERLINK(\"http://x\")"}, note="+1 analyst")
    record_curation(ws, "reject", edge(ws, EdgeKind.WORKS_ON, "灵犀机器人", "具身智能").id)
    path = export_curations(ws.curations(), tmp_path / "curation.csv")
    text = path.read_text("utf-8-sig")
    assert "'+1 analyst" in text
    assert not any(line.startswith(("=", "+", "-", "@")) for line in text.splitlines())

    from graphmap.store import Workspace

    other = Workspace.create(tmp_path / "other")
    assert import_curations(other, path).added == 2
    assert import_curations(other, path).duplicates == 2
    assert [(c["action"], c["target"], c["payload"], c["note"]) for c in other.curations()] == [
        (c["action"], c["target"], c["payload"], c["note"]) for c in ws.curations()
    ]


def test_import_rejects_a_bad_row_before_storing_any(ws, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("action,target,payload,note\nconfirm,org-1,{},\ndrop,org-2,{},\n", "utf-8")
    with pytest.raises(InputError, match="line 3"):
        import_curations(ws, path)
    assert ws.curations() == []


def test_resolution_then_curation_keeps_merge_records_explainable():
    listed = Organization(name="北京市科学技术协会", status=Status.CONFIRMED)
    mention = Organization(name="北京市科协", evidence=[Evidence("d", 0, 5, "北京市科协", "n", .7)])
    entities, relations = resolve([listed, mention], [])
    entities, _ = apply_curation(entities, relations, [])
    assert entities[0].merged_from[0]["evidence"] == ["d:0:5:n"]
