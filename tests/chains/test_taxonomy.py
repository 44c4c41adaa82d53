"""Chain taxonomies: the shipped files are well-formed and users can add or override."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmap.chains import find_chain, load_chains
from graphmap.chains.taxonomy import chain_entities, chain_from_dict, write_chain
from graphmap.errors import InputError
from graphmap.model import Stage

FOCUS = (
    "artificial_intelligence",
    "high_end_equipment",
    "energy_saving_environmental",
    "commercial_aerospace",
    "virtual_reality",
)


def test_every_shipped_chain_has_8_to_25_segments_across_all_three_stages() -> None:
    for chain in load_chains().values():
        assert 8 <= len(chain.segments) <= 25, chain.id
        stages = {seg.stage for seg in chain.segments}
        assert stages == set(Stage), chain.id
        for seg in chain.segments:
            assert seg.keywords, f"{chain.id}/{seg.id} has no keywords"


def test_shipped_focus_chains_are_detailed() -> None:
    chains = load_chains()
    for chain_id in [c for c in FOCUS if c in chains]:
        chain = chains[chain_id]
        assert chain.links(), chain_id
        for seg in chain.segments:
            assert seg.technologies and seg.products, f"{chain_id}/{seg.id}"


def test_find_chain_by_chinese_name_alias_and_id() -> None:
    chains = load_chains()
    assert find_chain(chains, "人工智能").id == "artificial_intelligence"
    assert find_chain(chains, "ai").id == "artificial_intelligence"


def test_find_chain_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="no industry chain"):
        find_chain(load_chains(), "养殖业")


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    chains = load_chains()
    ai = chains["artificial_intelligence"]
    small = chain_from_dict({
        "id": "artificial_intelligence", "name": "人工智能", "segments": [
            {"id": "chips", "name": "芯片", "stage": "上游", "upstream_of": ["apps"]},
            {"id": "apps", "name": "应用", "stage": "下游"}]})
    write_chain(small, tmp_path / "ai.yaml")
    extra = chain_from_dict({"id": "tea", "name": "茶产业", "segments": [
        {"id": "garden", "name": "茶园种植", "stage": "upstream"}]})
    write_chain(extra, tmp_path / "tea.yaml")
    loaded = load_chains([tmp_path])
    assert len(loaded["artificial_intelligence"].segments) == 2 < len(ai.segments)
    assert loaded["tea"].segments[0].name == "茶园种植"
    assert set(chains) < set(loaded)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "x", "segments": [{"id": "a", "name": "a", "stage": "upstream"}]}, "id"),
        ({"id": "x", "name": "x", "segments": []}, "segments"),
        ({"id": "x", "name": "x", "segments": [{"id": "a", "name": "a", "stage": "sideways"}]},
         "segments[0].stage"),
        ({"id": "x", "name": "x", "segments": [
            {"id": "a", "name": "a", "stage": "upstream", "upstream_of": ["zz"]}]},
         "segments[0].upstream_of"),
        ({"id": "x", "name": "x", "segments": [
            {"id": "a", "name": "a", "stage": "upstream", "keyword": ["typo"]}]},
         "segments[0]"),
    ],
)
def test_invalid_chain_names_file_and_field(data: dict, field: str) -> None:
    with pytest.raises(InputError) as info:
        chain_from_dict(data, "my.yaml")
    assert "my.yaml" in info.value.message and field in info.value.message
    assert info.value.fix


def test_broken_yaml_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: x\nsegments: [\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.yaml"):
        load_chains([tmp_path])


def test_chain_entities_have_stable_ids_and_links() -> None:
    ai = load_chains()["artificial_intelligence"]
    nodes, relations = chain_entities(ai)
    again, _ = chain_entities(ai)
    assert [n.id for n in nodes] == [n.id for n in again]
    assert len(nodes) == len(ai.segments) + 1
    assert sum(r.kind == "UPSTREAM_OF" for r in relations) == len(ai.links())


@pytest.mark.shared_data
def test_every_beijing_gaojingjian_industry_has_a_chain(shared_data: Path) -> None:
    import csv

    rows = csv.DictReader(
        (shared_data / "taxonomy" / "beijing_10_gaojingjian_industries.csv").open(
            encoding="utf-8"))
    chains = load_chains()
    for row in rows:
        assert find_chain(chains, row["name"]).segments, row["name"]


def test_the_documented_chain_file_example_is_valid() -> None:
    import textwrap

    import yaml

    import graphmap.chains.taxonomy as taxonomy

    example = textwrap.dedent(taxonomy.__doc__.split("::", 1)[1].split("Users put")[0])
    chain = chain_from_dict(yaml.safe_load(example), "docstring")
    assert chain.links() == [("production", "storage")]
    assert chain.segment("storage").stage == Stage.MIDSTREAM


def test_every_shipped_chain_round_trips_through_yaml(tmp_path: Path) -> None:
    for chain in load_chains().values():
        write_chain(chain, tmp_path / f"{chain.id}.yaml")
    again = load_chains([tmp_path])
    for chain_id, chain in load_chains().items():
        assert again[chain_id].segments == chain.segments


def test_find_chain_accepts_a_longer_description_naming_one_chain() -> None:
    chains = load_chains()
    assert find_chain(chains, "人工智能（具身智能）").id == "artificial_intelligence"
    assert find_chain(chains, "北京市新材料产业").id == "new_materials"


def test_docstring_examples_of_the_chains_package_run() -> None:
    import doctest

    import graphmap.chains.classify
    import graphmap.chains.coverage
    import graphmap.chains.duties
    import graphmap.chains.importer
    import graphmap.chains.taxonomy

    for module in (graphmap.chains.taxonomy, graphmap.chains.classify, graphmap.chains.coverage,
                   graphmap.chains.importer, graphmap.chains.duties):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__
