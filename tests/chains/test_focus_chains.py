"""Declared 所属环节 phrases, as members write them, land in the right focus-chain segment."""

from __future__ import annotations

import pytest

from graphmap.chains import load_chains
from graphmap.chains.classify import classify_organization
from graphmap.graph import graph_from
from graphmap.model import Consortium, EdgeKind, Organization, Relation, Status

CASES = {
    "commercial_aerospace": [
        ("液氧甲烷发动机研制", "propulsion"),
        ("可回收运载火箭", "launch_vehicles"),
        ("低轨卫星批量制造", "satellite_manufacturing"),
        ("卫星测运控", "ground_segment"),
        ("遥感数据服务", "remote_sensing"),
        ("北斗高精度定位", "satellite_navigation"),
        ("相控阵T/R组件", "space_electronics"),
    ],
    "virtual_reality": [
        ("Micro OLED微显示", "near_eye_displays"),
        ("Pancake光学模组", "optics"),
        ("VR一体机整机", "xr_devices"),
        ("动作捕捉设备", "peripherals"),
        ("虚拟仿真实训", "education_training"),
        ("数字文博", "culture_tourism"),
        ("云渲染", "cloud_network"),
    ],
    "high_end_equipment": [
        ("五轴联动加工中心", "cnc_machine_tools"),
        ("精密减速器", "core_components"),
        ("数控系统", "control_systems"),
        ("航空发动机零部件", "aviation_equipment"),
        ("工业互联网平台", "industrial_internet_services"),
        ("金属3D打印", "additive_manufacturing"),
    ],
    "energy_saving_environmental": [
        ("VOCs治理", "air_pollution_control"),
        ("合同能源管理", "energy_services"),
        ("动力电池回收", "resource_recycling"),
        ("碳足迹核算", "carbon_services"),
        ("土壤修复", "soil_remediation"),
    ],
    "artificial_intelligence": [
        ("数据标注服务", "data_resources"),
        ("智算中心运营", "computing_infrastructure"),
        ("语音识别", "speech"),
        ("知识图谱", "nlp"),
        ("数字人", "ai_content"),
    ],
}


@pytest.mark.parametrize(
    ("chain_id", "declared", "segment"),
    [(chain, declared, seg) for chain, cases in CASES.items() for declared, seg in cases],
)
def test_declared_phrase_lands_in_segment(chain_id: str, declared: str, segment: str) -> None:
    chain = load_chains()[chain_id]
    cons = Consortium(name="测试联合体", industry=chain.name)
    org = Organization(name="北京测试科技有限公司")
    graph = graph_from([cons, org], [Relation(
        kind=EdgeKind.MEMBER_OF, source=org.id, target=cons.id,
        attributes={"declared_segment": declared}, status=Status.CONFIRMED)])
    found = classify_organization(graph, org.id, chain)
    assert found and found[0].segment_id == segment, [(p.segment_id, p.score) for p in found]
    assert not found[0].uncertain
