"""Importing chains: tables (CSV / JSON / xlsx) and the chainkg industry-chain graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphmap.chains import load_chains
from graphmap.chains.coverage import chain_coverage
from graphmap.chains.importer import ChainKG, import_chain_table, import_chainkg
from graphmap.chains.taxonomy import write_chain
from graphmap.errors import InputError
from graphmap.graph import graph_from
from graphmap.model import Consortium, EdgeKind, Organization, OrgType, Relation, Stage, Status

TABLE = (
    "产业,阶段,环节,单位名称,简称,关键词,下游环节\n"
    "氢能,上游,制氢,北京氢源科技有限公司,氢源,电解水;光伏制氢,储运\n"
    "氢能,上游,制氢,北京电解槽装备有限公司,,碱性电解槽,\n"
    "氢能,中游,储运,北京高压储氢有限公司,,储氢瓶;液氢,加氢与应用\n"
    "氢能,下游,加氢与应用,,,加氢站;燃料电池汽车,\n"
    "茶,上游,茶园,甲茶场,,,\n"
)


def test_csv_table_with_chinese_headers_in_gbk(tmp_path: Path) -> None:
    path = tmp_path / "chains.csv"
    path.write_bytes(TABLE.encode("gbk"))
    chains = {c.name: c for c in import_chain_table(path)}
    assert set(chains) == {"氢能", "茶"}
    hydrogen = chains["氢能"]
    assert [(s.name, s.stage) for s in hydrogen.segments] == [
        ("制氢", Stage.UPSTREAM), ("储运", Stage.MIDSTREAM), ("加氢与应用", Stage.DOWNSTREAM)]
    make = hydrogen.segments[0]
    assert [o.name for o in make.organizations] == ["北京氢源科技有限公司",
                                                    "北京电解槽装备有限公司"]
    assert make.organizations[0].aliases == ("氢源",)
    assert "光伏制氢" in make.keywords and "碱性电解槽" in make.keywords
    names = {s.id: s.name for s in hydrogen.segments}
    assert [(names[a], names[b]) for a, b in hydrogen.links()] == [
        ("制氢", "储运"), ("储运", "加氢与应用")]
    assert hydrogen.segments[2].organizations == ()


def test_json_rows_and_json_chain_object(tmp_path: Path) -> None:
    rows = [{"industry": "氢能", "stage": "upstream", "segment": "制氢",
             "organization": "北京氢源科技有限公司"}]
    (tmp_path / "rows.json").write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    assert import_chain_table(tmp_path / "rows.json")[0].segments[0].organizations
    chain = {"id": "h2", "name": "氢能", "segments": [
        {"id": "a", "name": "制氢", "stage": "上游"}]}
    (tmp_path / "chain.json").write_text(json.dumps(chain, ensure_ascii=False), "utf-8")
    assert import_chain_table(tmp_path / "chain.json")[0].id == "h2"


def test_xlsx_table(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in TABLE.splitlines():
        sheet.append(line.split(","))
    book.save(tmp_path / "chains.xlsx")
    assert {c.name for c in import_chain_table(tmp_path / "chains.xlsx")} == {"氢能", "茶"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("产业,环节\n氢能,制氢\n", "no column for stage"),
        ("产业,阶段,环节\n氢能,上游,制氢\n氢能,下游,制氢\n", "row 3"),
        ("产业,阶段,环节\n氢能,侧游,制氢\n", "row 2 stage"),
        ("产业,阶段,环节,下游环节\n氢能,上游,制氢,不存在\n", "unknown segment"),
    ],
)
def test_table_errors_name_the_file_and_row(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_chain_table(path)
    assert message in info.value.message and "bad.csv" in info.value.message
    assert info.value.fix


def test_imported_chain_places_members_it_lists(tmp_path: Path) -> None:
    path = tmp_path / "chains.csv"
    path.write_text(TABLE, encoding="utf-8")
    chain = next(c for c in import_chain_table(path) if c.name == "氢能")
    cons = Consortium(name="氢能联合体", industry="氢能")
    orgs = [Organization(name="北京氢源科技有限公司", aliases={"氢源"}),
            Organization(name="北京高压储氢有限公司"), Organization(name="北京加氢站运营有限公司")]
    graph = graph_from([cons, *orgs], [
        Relation(kind=EdgeKind.MEMBER_OF, source=o.id, target=cons.id, status=Status.CONFIRMED)
        for o in orgs[:2]])
    cov = chain_coverage(graph, "氢能联合体", chains={chain.id: chain}, min_members=1)
    assert [s.status for s in cov.segments] == ["covered", "covered", "gap"]
    assert cov.segments[0].members[0].evidence[0]["signal"] == "listed"
    assert [c.name for c in cov.candidates] == ["北京加氢站运营有限公司"]


@pytest.fixture(scope="module")
def chainkg(shared_data: Path) -> tuple[Path, ChainKG]:
    folder = shared_data / "chains" / "chainkg"
    return folder, ChainKG.read(folder)


@pytest.mark.shared_data
def test_chainkg_semiconductor_chain(chainkg, tmp_path: Path) -> None:
    folder, kg = chainkg
    chain = import_chainkg(folder, "半导体", kg=kg)
    groups = chain.by_stage()
    mids = {s.name for s in groups[Stage.MIDSTREAM]}
    assert mids == {"分立器件", "半导体材料", "数字芯片设计", "模拟芯片设计", "集成电路制造",
                    "集成电路封测", "半导体设备"}
    assert groups[Stage.UPSTREAM] and groups[Stage.DOWNSTREAM]
    assert not mids & {s.name for s in groups[Stage.UPSTREAM] + groups[Stage.DOWNSTREAM]}
    equipment = next(s for s in chain.segments if s.name == "半导体设备")
    assert any("北方华创" in (o.name, *o.aliases) for o in equipment.organizations)
    assert chain.links()
    for a, b in chain.links():
        assert chain.segment(a).stage != Stage.DOWNSTREAM
        assert chain.segment(b).stage != Stage.UPSTREAM
    # written to YAML and read back, it is a chain like any other
    write_chain(chain, tmp_path / "semi.yaml")
    again = load_chains([tmp_path])[chain.id]
    assert again.segments == chain.segments


@pytest.mark.shared_data
def test_chainkg_industry_by_code_and_level_mark(chainkg) -> None:
    folder, kg = chainkg
    assert import_chainkg(folder, "270100", kg=kg).name == "半导体"
    assert kg.find("焦炭") == kg.find("焦炭Ⅲ")
    with pytest.raises(InputError, match="no industry called"):
        kg.find("不存在的行业")


@pytest.mark.shared_data
def test_chainkg_chain_maps_a_consortium_of_listed_companies(chainkg) -> None:
    folder, kg = chainkg
    chain = import_chainkg(folder, "半导体", kg=kg)
    segment_orgs = {s.id: s.organizations for s in chain.segments if s.organizations}
    mids = [s for s in chain.segments if s.stage == Stage.MIDSTREAM and s.organizations]
    cons = Consortium(name="集成电路创新联合体", industry="半导体")
    members = [Organization(name=s.organizations[0].name, org_type=OrgType.ENTERPRISE)
               for s in mids[:4]]
    outsider_seg = mids[-1]
    outsider = Organization(name=outsider_seg.organizations[-1].name)
    graph = graph_from([cons, *members, outsider], [
        Relation(kind=EdgeKind.MEMBER_OF, source=o.id, target=cons.id, status=Status.CONFIRMED)
        for o in members])
    cov = chain_coverage(graph, cons.name, chains={chain.id: chain}, min_members=1)
    covered = {s.segment_id for s in cov.segments if s.status == "covered"}
    assert {s.id for s in mids[:4]} <= covered
    assert outsider_seg.id in cov.gaps
    assert cov.candidates and cov.candidates[0].name == outsider.name
    assert outsider_seg.id in cov.candidates[0].segment_ids
    assert segment_orgs
