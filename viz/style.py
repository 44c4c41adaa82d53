"""Colours, shapes and Chinese labels shared by every deliverable, so all maps read alike."""

from __future__ import annotations

from graphmap.model import EdgeKind, NodeKind, OrgType, Stage, Status

#: node kind -> (Chinese / English label, colour, vis-network shape, legend swatch shape)
KIND_STYLE: dict[str, tuple[str, str, str, str]] = {
    NodeKind.ORGANIZATION: ("机构 Organization", "#4e79a7", "dot", "dot"),
    NodeKind.PERSON: ("专家 Person", "#f28e2b", "dot", "dot"),
    NodeKind.TECHNOLOGY: ("技术 Technology", "#59a14f", "diamond", "diamond"),
    NodeKind.CHAIN_SEGMENT: ("产业链环节 Segment", "#76b7b2", "square", "square"),
    NodeKind.INDUSTRY: ("产业 Industry", "#b07aa1", "star", "diamond"),
    NodeKind.CONSORTIUM: ("联合体 Consortium", "#e15759", "hexagon", "square"),
    NodeKind.EVENT: ("活动 Event", "#edc948", "triangle", "triangle"),
    NodeKind.ACHIEVEMENT: ("成果 Achievement", "#ff9da7", "triangleDown", "triangle"),
    NodeKind.DOCUMENT: ("文档 Document", "#bab0ac", "box", "square"),
}

EDGE_COLOURS: dict[str, str] = {
    EdgeKind.AFFILIATED_WITH: "#f2b880",
    EdgeKind.EXPERT_IN: "#8cc084",
    EdgeKind.WORKS_ON: "#8cc084",
    EdgeKind.MEMBER_OF: "#e99a9b",
    EdgeKind.LEADS: "#e15759",
    EdgeKind.IN_SEGMENT: "#9fd0cc",
    EdgeKind.UPSTREAM_OF: "#5a9e99",
    EdgeKind.SPOKE_AT: "#e3c85a",
    EdgeKind.HOSTED: "#e3c85a",
}

STATUS_LABELS: dict[str, str] = {
    Status.CONFIRMED: "已确认 confirmed",
    Status.UNCERTAIN: "待核实 uncertain",
    Status.REJECTED: "已否决 rejected",
}

STAGE_LABELS: dict[str, str] = {
    Stage.UPSTREAM: "上游",
    Stage.MIDSTREAM: "中游",
    Stage.DOWNSTREAM: "下游",
}

ORG_TYPE_LABELS: dict[str, str] = {
    OrgType.ENTERPRISE: "企业",
    OrgType.UNIVERSITY: "高校",
    OrgType.RESEARCH_INSTITUTE: "科研院所",
    OrgType.GOVERNMENT: "政府机构",
    OrgType.ASSOCIATION: "学会协会",
    OrgType.HOSPITAL: "医院",
    OrgType.FINANCE: "金融机构",
    OrgType.OTHER: "其他",
}

ORG_TYPE_COLOURS: dict[str, str] = {
    OrgType.ENTERPRISE: "#4e79a7",
    OrgType.UNIVERSITY: "#f28e2b",
    OrgType.RESEARCH_INSTITUTE: "#59a14f",
    OrgType.GOVERNMENT: "#b07aa1",
    OrgType.ASSOCIATION: "#76b7b2",
    OrgType.HOSPITAL: "#ff9da7",
    OrgType.FINANCE: "#9c755f",
    OrgType.OTHER: "#bab0ac",
}

#: A qualitative palette for communities (colour-blind friendly first, then lighter tones).
COMMUNITY_COLOURS: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#86bcb6", "#f1ce63", "#d37295", "#a0cbe8", "#ffbe7d", "#8cd17d",
)


def org_type_label(org_type: str | None) -> str:
    """The Chinese label of an organization type (unknown types read as 其他)."""
    return ORG_TYPE_LABELS.get(org_type or "other", ORG_TYPE_LABELS[OrgType.OTHER])

#: Chinese labels of edge kinds, as the graph page lists a node's links.
EDGE_LABELS: dict[str, str] = {
    EdgeKind.AFFILIATED_WITH: "任职于",
    EdgeKind.EXPERT_IN: "擅长",
    EdgeKind.WORKS_ON: "研发",
    EdgeKind.MEMBER_OF: "成员单位",
    EdgeKind.LEADS: "牵头",
    EdgeKind.IN_SEGMENT: "属于环节",
    EdgeKind.PART_OF: "属于产业",
    EdgeKind.UPSTREAM_OF: "上游于",
    EdgeKind.SPOKE_AT: "发言于",
    EdgeKind.ATTENDED: "参加",
    EdgeKind.HOSTED: "主办/承办",
    EdgeKind.COOPERATES_WITH: "合作",
    EdgeKind.DEVELOPED: "研发成果",
    EdgeKind.TRANSFERRED_TO: "转化给",
    EdgeKind.MENTIONS: "提及",
}

#: Chinese labels of node and edge attributes shown in the graph page's detail panel.
ATTR_LABELS: dict[str, str] = {
    "org_type": "单位类型",
    "credit_code": "统一社会信用代码",
    "region": "地区",
    "organization": "单位",
    "titles": "职称/职务",
    "roles": "角色",
    "fields_of_work": "研究方向",
    "gender": "性别",
    "birth_year": "出生年份",
    "bio": "简介",
    "industry": "产业",
    "stage": "环节阶段",
    "event_type": "活动类型",
    "date": "日期",
    "place": "地点",
    "attendance": "参加人数",
    "transferred": "已转化",
    "year": "年份",
    "doc_type": "文档类型",
    "path": "文件",
    "title": "职务",
    "role": "角色",
    "since": "起始",
    "segment": "环节",
}
