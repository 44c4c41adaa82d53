"""The shared vocabulary: stable ids, evidence rules, typed round trips."""

from __future__ import annotations

import pytest

from graphmap.graph import graph_from
from graphmap.model import (
    ChainSegment,
    EdgeKind,
    Evidence,
    Organization,
    OrgType,
    Person,
    Relation,
    Stage,
    Status,
    entity_from_parts,
)


def test_organization_id_is_stable_across_spellings_of_the_same_name():
    a = Organization(name="清华大学（深圳）")
    b = Organization(name="清華大學(深圳) ")
    assert a.id == b.id
    assert a.id == Organization(name="清华大学（深圳）").id


def test_credit_code_is_the_organization_key_when_known():
    code = "91110108MA01ABCD2X"
    assert Organization(name="某某科技", credit_code=code).id == Organization(
        name="北京某某科技有限公司", credit_code=code.lower()
    ).id
    assert Organization(name="某某科技").id != Organization(name="北京某某科技有限公司").id


def test_namesakes_at_different_organizations_get_different_ids():
    a = Person(name="王伟", organization="清华大学")
    b = Person(name="王伟", organization="北京航空航天大学")
    assert a.id != b.id
    assert a.id == Person(name="王伟", organization="清華大學").id


def test_segment_id_depends_on_industry_and_name():
    a = ChainSegment(name="AI芯片", industry="人工智能", stage=Stage.UPSTREAM)
    b = ChainSegment(name="AI芯片", industry="虚拟现实", stage=Stage.UPSTREAM)
    assert a.id != b.id


def test_evidence_rejects_inverted_spans_and_bad_confidence():
    with pytest.raises(ValueError, match="span"):
        Evidence("doc-1", 5, 3, "s", "test")
    with pytest.raises(ValueError, match="confidence"):
        Evidence("doc-1", 0, 3, "s", "test", 1.5)


def test_entity_round_trips_through_its_stored_parts():
    org = Organization(
        name="北京灵犀机器人科技有限公司", org_type=OrgType.ENTERPRISE, status=Status.CONFIRMED,
        aliases={"灵犀机器人"}, evidence=[Evidence("doc-1", 0, 4, "北京灵犀", "list", 1.0)],
    )
    again = entity_from_parts(
        "Organization", org.name, org.attributes(), aliases=org.aliases, status="confirmed",
        evidence=org.evidence,
    )
    assert again == org
    assert again.attributes()["org_type"] == "enterprise"


def test_every_relation_has_a_stable_id_by_kind_and_endpoints():
    r1 = Relation(kind=EdgeKind.WORKS_ON, source="org-a", target="tech-b")
    r2 = Relation(kind=EdgeKind.WORKS_ON, source="org-a", target="tech-b", status=Status.CONFIRMED)
    r3 = Relation(kind=EdgeKind.EXPERT_IN, source="org-a", target="tech-b")
    assert r1.id == r2.id != r3.id


def test_graph_view_refuses_dangling_edges():
    org = Organization(name="清华大学")
    with pytest.raises(ValueError, match="unknown entity"):
        graph_from([org], [Relation(kind=EdgeKind.WORKS_ON, source=org.id, target="tech-x")])


def test_evidence_to_dict_names_every_field_and_round_trips():
    from dataclasses import asdict, fields

    ev = Evidence("doc-1", 3, 5, "清华大学张三教授", "ner", 0.8)
    assert ev.to_dict() == asdict(ev)
    assert list(ev.to_dict()) == [f.name for f in fields(Evidence)]
    assert Evidence.from_dict(ev.to_dict()) == ev
