"""Expert profiles and the talent map tables."""

from __future__ import annotations

from graphmap.talent import (
    expert_profile,
    expert_profiles,
    talent_map,
    talent_summary,
    talent_table,
    title_level,
    top_organizations,
    youth_share,
)


def test_profile_gathers_affiliation_title_sector_and_evidence(world):
    prof = expert_profile(world.graph, world.ids["zhang"])
    assert prof.organization == "清华大学"
    assert prof.sector == "academia"
    assert prof.primary.title == "教授"
    assert prof.level == "senior"
    assert [e.name for e in prof.expertise] == ["人形机器人"]
    assert "张教授在人形机器人运动控制方面成果突出" in prof.expertise[0].quotes
    assert "清华大学张教授" in prof.evidence


def test_profile_lists_events_co_speakers_and_last_talk(world):
    zhang = expert_profile(world.graph, world.ids["zhang"])
    assert [a.event for a in zhang.appearances] == ["具身智能沙龙"]
    assert zhang.co_speakers == (world.ids["sun"],)
    assert zhang.last_spoke == "2025-10-01"


def test_profile_segments_come_from_the_organization(world):
    qian = expert_profile(world.graph, world.ids["qian"])
    assert [(name, stage) for _, name, stage in qian.segments] == [("核心零部件", "upstream")]
    assert "机器人" in qian.disciplines  # the segment's industry


def test_youth_is_relative_to_the_reference_year(world):
    zhao = expert_profile(world.graph, world.ids["zhao"])
    assert zhao.is_young(2025) is True
    assert zhao.is_young(2040) is False
    assert zhao.is_young(2025, youth_age=20) is False


def test_title_level_does_not_read_deputy_titles_as_senior():
    assert title_level(["副教授"]) == "associate"
    assert title_level(["教授"]) == "senior"
    assert title_level(["中国工程院院士", "教授"]) == "academician"


def test_talent_map_has_one_row_per_field_affiliation_segment(world):
    facts = talent_map(world.graph, reference_year=2025)
    assert len(facts) == len(expert_profiles(world.graph))  # one of each here
    row = facts[facts["expert_id"] == world.ids["qian"]].iloc[0]
    assert (row["field"], row["org_type"], row["title_level"], row["segment"]) == (
        "伺服电机", "enterprise", "senior", "核心零部件")


def test_talent_table_counts_distinct_experts_and_youth_share(world):
    facts = talent_map(world.graph, reference_year=2025)
    table = talent_table(facts, by=["field", "sector"])
    humanoid = table[(table["field"] == "人形机器人")].set_index("sector")
    assert humanoid.loc["academia", "experts"] == 3
    assert humanoid.loc["academia", "youth_share"] == 0.0
    assert humanoid.loc["industry", "young"] == 1
    assert humanoid.loc["industry", "youth_share"] == 1.0


def test_youth_share_changes_with_the_reference_year(world):
    early = youth_share(talent_map(world.graph, reference_year=2015), "sector")
    late = youth_share(talent_map(world.graph, reference_year=2025), "sector")
    research_early = early.set_index("sector").loc["research", "youth_share"]
    research_late = late.set_index("sector").loc["research", "youth_share"]
    assert (research_early, research_late) == (1.0, 0.0)  # born 1985


def test_top_organizations_ranks_by_distinct_experts(world):
    top = top_organizations(talent_map(world.graph, reference_year=2025), n=1)
    humanoid = top[top["field"] == "人形机器人"].iloc[0]
    assert (humanoid["organization"], humanoid["experts"], humanoid["rank"]) == ("清华大学", 3, 1)


def test_summary_returns_every_table(world):
    tables = talent_summary(world.graph, reference_year=2025)
    assert set(tables) == {"facts", "by_field_orgtype_level_segment", "youth_by_field",
                           "youth_by_sector", "top_organizations"}
    assert not tables["by_field_orgtype_level_segment"].empty


def test_profiles_of_a_graph_share_reads_and_equal_one_by_one_profiles(world):
    from graphmap.model import (
        Achievement,
        DocType,
        DocumentNode,
        EdgeKind,
        Organization,
        Status,
    )

    graph = world.graph.copy()
    result = Achievement(name="灵巧手触觉反馈技术")
    org = Organization(name="北京灵犀机器人科技有限公司")
    graph.add_node(result.id, kind=result.kind.value, name=result.name, status="uncertain")
    for who in ("zhang", "sun"):
        graph.add_edge(world.ids[who], result.id, key=EdgeKind.DEVELOPED.value,
                       kind=EdgeKind.DEVELOPED.value, status=Status.UNCERTAIN.value)
    graph.add_edge(org.id, result.id, key=EdgeKind.DEVELOPED.value,
                   kind=EdgeKind.DEVELOPED.value, status=Status.UNCERTAIN.value)
    for i in range(3):  # documents mentioning the result are no collaborators
        doc = DocumentNode(name=f"新闻{i}", doc_id=f"doc-{i}", doc_type=DocType.NEWS)
        graph.add_node(doc.id, kind=doc.kind.value, name=doc.name, status="confirmed")
        graph.add_edge(doc.id, result.id, key=EdgeKind.MENTIONS.value,
                       kind=EdgeKind.MENTIONS.value, status="confirmed")

    zhang = expert_profile(graph, world.ids["zhang"])
    assert zhang.collaborators == (world.ids["sun"],)
    together = {p.id: p for p in expert_profiles(graph)}
    for person_id, profile in together.items():
        assert profile == expert_profile(graph, person_id)
