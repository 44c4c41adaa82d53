"""Talent map figures (人才图谱): who the experts are, where they work, how young, and what
technologies tie them together.

The numbers come from :func:`graphmap.talent.talent_summary`; this module only draws them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from graphmap.model import EdgeKind, NodeKind, Status
from graphmap.talent import (
    UNSPECIFIED,
    ExpertProfile,
    expert_profiles,
    talent_summary,
    youth_share,
)
from viz.chainmap import display_name
from viz.figures import A4_LANDSCAPE, FORMATS, figure_style, save_figure
from viz.interactive import communities
from viz.style import ORG_TYPE_COLOURS, org_type_label

TITLE_LEVEL_LABELS = {
    "academician": "院士",
    "senior": "正高级",
    "associate": "副高级",
    "junior": "中初级",
    "unknown": "未标注",
}
TITLE_LEVEL_COLOURS = {
    "academician": "#8e1b1b",
    "senior": "#d1495b",
    "associate": "#edae49",
    "junior": "#66a182",
    "unknown": "#c9c9c9",
}
SECTOR_LABELS = {
    "academia": "高校",
    "research": "科研院所",
    "industry": "企业",
    "government": "政府",
    "society": "学会协会",
    "medicine": "医疗",
    "other": "其他",
}
SECTOR_COLOURS = {
    "academia": "#f28e2b",
    "research": "#59a14f",
    "industry": "#4e79a7",
    "government": "#b07aa1",
    "society": "#76b7b2",
    "medicine": "#ff9da7",
    "other": "#bab0ac",
}
MAX_FIELDS = 14


def _short(text: str, n: int = 12) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def talent_map_figure(
    tables: dict[str, pd.DataFrame],
    *,
    title: str = "专家人才图谱",
    source_note: str = "",
    on: date | None = None,
    font: str | None = None,
) -> Figure:
    """Four panels on one A4 landscape page from :func:`graphmap.talent.talent_summary`.

    (a) experts by field x organization type, (b) title levels by organization type,
    (c) young experts by field (the same fields as (a); counts, a share only from
    :data:`MIN_SHARE_SAMPLE` experts of known age), (d) the organizations with the most
    experts, coloured by organization type.
    """
    with figure_style(font):
        facts = tables["facts"]
        fig, axes = plt.subplots(2, 2, figsize=A4_LANDSCAPE,
                                 gridspec_kw={"hspace": 0.42, "wspace": 0.5})
        fig.subplots_adjust(left=0.11, right=0.97, top=0.87, bottom=0.08)
        experts = facts["expert_id"].nunique() if not facts.empty else 0
        known = facts.drop_duplicates("expert_id")["young"].notna().sum() if experts else 0
        young = facts.drop_duplicates("expert_id")["young"].eq(True).sum() if experts else 0
        fig.suptitle(title, fontsize=17, weight="bold", y=0.975)
        share = f"{young / known:.0%}" if known else "—"
        orgs = facts["organization_id"].nunique() if experts else 0
        fig.text(0.5, 0.925,
                 f"专家 {experts} 人 · 机构 {orgs} 家 · 青年专家（35岁及以下）{young} 人，"
                 f"占已知年龄专家的 {share}",
                 ha="center", fontsize=10, color="#333333")
        fields = bucket_fields(facts) if not facts.empty else facts
        _field_by_orgtype(axes[0][0], fields)
        _levels_by_orgtype(axes[0][1], facts)
        _youth_by_field(axes[1][0], fields)
        _top_orgs(axes[1][1], facts)
        note = source_note or "数据来源：graphmap 工作区（专家名单、速记与新闻稿中的专家信息）"
        fig.text(0.03, 0.015, note, fontsize=8, color="#555555")
        fig.text(0.97, 0.015, f"生成日期：{(on or date.today()).isoformat()}", fontsize=8,
                 color="#555555", ha="right")
        return fig


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#777777", fontsize=10,
            transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


OTHER_FIELDS = "（其他领域）"
#: Below this many experts of known age a share is not printed, only the counts.
MIN_SHARE_SAMPLE = 5


def bucket_fields(facts: pd.DataFrame) -> pd.DataFrame:
    """``facts`` with every field outside the ``MAX_FIELDS - 1`` largest read as
    :data:`OTHER_FIELDS`, so panels (a) and (c) share one field list and every expert is
    counted somewhere (experts without a field stay under ``UNSPECIFIED``)."""
    counts = facts.groupby("field")["expert_id"].nunique().sort_values(ascending=False)
    named = [f for f in counts.index if f != UNSPECIFIED]
    keep = set(named[: MAX_FIELDS - 1]) if len(named) > MAX_FIELDS - 1 else set(named)
    out = facts.copy()
    out["field"] = [f if f in keep or f == UNSPECIFIED else OTHER_FIELDS for f in out["field"]]
    return out


def _field_order(facts: pd.DataFrame) -> list[str]:
    """Bucketed fields by experts, most first; 其他 and 未标注 last."""
    counts = facts.groupby("field")["expert_id"].nunique()
    named = sorted((f for f in counts.index if f not in {OTHER_FIELDS, UNSPECIFIED}),
                   key=lambda f: (-counts[f], f))
    return named + [f for f in (OTHER_FIELDS, UNSPECIFIED) if f in counts.index]


def _field_label(field: str) -> str:
    return "（未标注领域）" if field == UNSPECIFIED else field if field == OTHER_FIELDS \
        else _short(field)


def _field_by_orgtype(ax, facts: pd.DataFrame) -> None:
    ax.set_title("(a) 各领域专家的机构类型分布（人）", fontsize=11, loc="left")
    if facts.empty:
        _empty(ax, "暂无专家数据")
        return
    fields = _field_order(facts)
    table = facts.groupby(["field", "org_type"])["expert_id"].nunique().unstack(fill_value=0)
    table = table.reindex(fields[::-1])
    table = table[table.sum().sort_values(ascending=False).index]
    left = np.zeros(len(table))
    for org_type in table.columns:
        values = table[org_type].to_numpy()
        ax.barh(range(len(table)), values, left=left, label=org_type_label(org_type),
                color=ORG_TYPE_COLOURS.get(org_type, "#bab0ac"), edgecolor="white", height=0.7)
        left += values
    ax.set_yticks(range(len(table)), [_field_label(f) for f in table.index], fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max(left.max(), 1) * 1.4)  # room on the right for the legend
    ax.legend(fontsize=7.5, frameon=False, loc="lower right")
    _tidy(ax)


def _levels_by_orgtype(ax, facts: pd.DataFrame) -> None:
    ax.set_title("(b) 各类机构专家的职称层级（人）", fontsize=11, loc="left")
    if facts.empty:
        _empty(ax, "暂无专家数据")
        return
    per = facts.drop_duplicates(["expert_id", "org_type"])
    table = per.groupby(["org_type", "title_level"])["expert_id"].nunique().unstack(fill_value=0)
    levels = [lvl for lvl in TITLE_LEVEL_LABELS if lvl in table.columns]
    table = table[levels]
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for level in levels:
        values = table[level].to_numpy()
        ax.bar(x, values, bottom=bottom, color=TITLE_LEVEL_COLOURS[level],
               label=TITLE_LEVEL_LABELS[level], edgecolor="white", width=0.65)
        bottom += values
    ax.set_xticks(x, [org_type_label(t) for t in table.index], fontsize=8.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=7.5, frameon=False, ncol=len(levels), loc="upper right")
    ax.set_ylim(0, max(bottom.max(), 1) * 1.25)
    _tidy(ax)


def _youth_by_field(ax, facts: pd.DataFrame) -> None:
    ax.set_title("(c) 各领域青年专家（35岁及以下，人；已知年龄≥5人时注占比）", fontsize=11,
                 loc="left")
    youth = youth_share(facts, "field").set_index("field")
    fields = [f for f in _field_order(facts) if youth.loc[f, "known_age"] > 0]
    if not fields:
        _empty(ax, "暂无出生年份信息")
        return
    known = youth.loc[fields[::-1]]
    young = known["young"].to_numpy()
    older = (known["known_age"] - known["young"]).to_numpy()
    ax.barh(range(len(known)), young, color="#59a14f", height=0.65, label="青年（≤35岁）")
    ax.barh(range(len(known)), older, left=young, color="#d9d9d9", height=0.65,
            label="36岁及以上")
    for i, (yng, total) in enumerate(zip(young, known["known_age"], strict=True)):
        label = f"{yng}/{total}"
        if total >= MIN_SHARE_SAMPLE:
            label += f"（{yng / total:.0%}）"
        ax.text(total + 0.08, i, label, va="center", fontsize=7.5)
    ax.set_yticks(range(len(known)), [_field_label(f) for f in known.index], fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max(known["known_age"].max(), 1) * 1.35)
    ax.legend(fontsize=7.5, frameon=False, loc="upper right")
    _tidy(ax)


def _top_orgs(ax, facts: pd.DataFrame, n: int = 12) -> None:
    ax.set_title("(d) 专家最多的机构（人）", fontsize=11, loc="left")
    live = facts[(facts["organization"] != UNSPECIFIED) & (facts["organization"].str.strip() != "")]
    if live.empty:
        _empty(ax, "暂无机构信息")
        return
    counts = (live.groupby(["organization", "org_type"])["expert_id"].nunique()
              .reset_index().sort_values(["expert_id", "organization"], ascending=[False, True])
              .head(n).iloc[::-1])
    ax.barh(range(len(counts)), counts["expert_id"],
            color=[ORG_TYPE_COLOURS.get(t, "#bab0ac") for t in counts["org_type"]], height=0.65)
    ax.set_yticks(range(len(counts)), [_short(o, 14) for o in counts["organization"]],
                  fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    types = list(dict.fromkeys(counts["org_type"][::-1]))
    ax.legend(handles=[Patch(color=ORG_TYPE_COLOURS.get(t, "#bab0ac"), label=org_type_label(t))
                       for t in types], fontsize=7.5, frameon=False, loc="lower right")
    ax.set_xlim(0, counts["expert_id"].max() * 1.35)
    _tidy(ax)


def _tidy(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)


def expert_network_figure(
    graph: nx.MultiDiGraph,
    *,
    max_technologies: int = 40,
    max_experts: int = 150,
    title: str = "专家—技术关系网络",
    source_note: str = "",
    on: date | None = None,
    font: str | None = None,
    seed: int = 7,
) -> Figure:
    """Experts linked to the technologies they work on (EXPERT_IN), coloured by sector.

    Only the ``max_technologies`` technologies with the most experts are drawn, and of their
    experts the ``max_experts`` with the most links; the figure says what it leaves out.
    """
    with figure_style(font):
        links: list[tuple[str, str]] = []
        for u, v, kind, data in graph.edges(keys=True, data=True):
            if kind != EdgeKind.EXPERT_IN or data.get("status") == Status.REJECTED:
                continue
            if graph.nodes[u].get("status") == Status.REJECTED:
                continue
            links.append((u, v))
        tech_degree: dict[str, int] = {}
        for _, tech in links:
            tech_degree[tech] = tech_degree.get(tech, 0) + 1
        kept = set(sorted(tech_degree, key=lambda t: (-tech_degree[t], t))[:max_technologies])
        net = nx.Graph()
        net.add_edges_from((p, t) for p, t in links if t in kept)
        experts_all = [n for n in net if n not in kept]
        if len(experts_all) > max_experts:
            ranked = sorted(experts_all, key=lambda n: (-net.degree(n), n))
            net.remove_nodes_from(ranked[max_experts:])
            net.remove_nodes_from([n for n in list(net) if net.degree(n) == 0])
        fig = plt.figure(figsize=A4_LANDSCAPE)
        ax = fig.add_axes((0.02, 0.06, 0.96, 0.80))
        ax.axis("off")
        fig.suptitle(title, fontsize=17, weight="bold", y=0.97)
        people = [n for n in net if graph.nodes[n].get("kind") == NodeKind.PERSON]
        techs = [n for n in net if n not in set(people)]
        left_out = _left_out(graph, set(people))
        note = f"专家 {len(people)} 人 · 技术 {len(techs)} 项"
        if len(tech_degree) > len(kept):
            note += f"（仅显示专家最多的 {len(kept)} 项技术，共 {len(tech_degree)} 项）"
        if len(experts_all) > len(people):
            note += f"（仅显示关联技术最多的 {len(people)} 位专家，共 {len(experts_all)} 位）"
        fig.text(0.5, 0.915, note, ha="center", fontsize=10, color="#333333")
        if left_out:
            fig.text(0.5, 0.89, f"未画出的专家 {len(left_out)} 人（无技术关系或超出显示上限）："
                     + "、".join(_short(n, 24) for n in left_out[:12])
                     + ("等" if len(left_out) > 12 else ""),
                     ha="center", fontsize=8.5, color="#555555")
        fig.text(0.03, 0.015, source_note or NETWORK_SOURCE, fontsize=8, color="#555555")
        fig.text(0.97, 0.015, f"生成日期：{(on or date.today()).isoformat()}", fontsize=8,
                 color="#555555", ha="right")
        if not net:
            _empty(ax, "暂无专家—技术关系")
            return fig
        labels = person_labels(graph, people)
        label_size = 8 if len(techs) <= 40 and len(people) <= 60 else 6.5
        # a full-width character of the label in layout units (the axes span 2.9 units)
        char = label_size / 72 / (0.80 * A4_LANDSCAPE[1]) * 2.9
        widths = {p: max(_label_width(labels[p]) * char, 0.06) for p in people}
        pos = ring_layout(net, techs, seed=seed, label_widths=widths)
        sector = _sectors(graph, people)
        nx.draw_networkx_edges(net, pos, ax=ax, edge_color="#c7ccd1", width=0.7)
        nx.draw_networkx_nodes(net, pos, nodelist=techs, ax=ax, node_shape="D",
                               node_color="#59a14f",
                               node_size=[40 + 30 * net.degree(t) for t in techs])
        nx.draw_networkx_nodes(net, pos, nodelist=people, ax=ax, node_shape="o",
                               node_color=[SECTOR_COLOURS.get(sector[p], "#bab0ac")
                                           for p in people], node_size=70)
        for node in techs:
            x, y = pos[node]
            angle = np.degrees(np.arctan2(y, x))
            right = -90 <= angle <= 90
            ax.annotate(graph.nodes[node].get("name", node), (x, y),
                        xytext=(11 * x, 11 * y), textcoords="offset points",
                        fontsize=label_size + 0.5, ha="left" if right else "right",
                        va="center", rotation=angle if right else angle - 180,
                        rotation_mode="anchor", color="#1b5e20", weight="bold")
        for node in people:
            ax.annotate(labels[node], pos[node], xytext=(0, -5),
                        textcoords="offset points", fontsize=label_size, ha="center", va="top",
                        color="#333333")
        ax.set_xlim(-1.5, 1.5)
        ax.set_ylim(-1.45, 1.45)
        ax.set_aspect("equal", adjustable="box")
        handles = [Line2D([], [], marker="D", linestyle="none", color="#59a14f", label="技术")]
        handles += [
            Line2D([], [], marker="o", linestyle="none", color=SECTOR_COLOURS[s],
                   label=f"专家（{SECTOR_LABELS[s]}）")
            for s in SECTOR_LABELS if s in set(sector.values())
        ]
        fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False,
                   fontsize=8.5, bbox_to_anchor=(0.5, 0.02))
        return fig


NETWORK_SOURCE = "数据来源：graphmap 工作区（专家名单的研究方向与速记、新闻稿中的专家—技术关系）"


def person_labels(graph: nx.MultiDiGraph, people: list[str]) -> dict[str, str]:
    """Each expert's label: the name, and the organization when another drawn expert has the
    same name (two 刘洋 must not be told apart by colour alone)."""
    names = [graph.nodes[p].get("name", p) for p in people]
    shared = {n for n in names if names.count(n) > 1}
    out = {}
    for person, name in zip(people, names, strict=True):
        org = _organization(graph, person) if name in shared else ""
        out[person] = f"{name}（{_short(display_name(org, 8), 8)}）" if org else name
    return out


def _label_width(text: str) -> float:
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _organization(graph: nx.MultiDiGraph, person: str) -> str:
    for _, org, kind in graph.out_edges(person, keys=True):
        if kind == EdgeKind.AFFILIATED_WITH:
            return graph.nodes[org].get("name", "")
    return graph.nodes[person].get("organization") or ""


def _left_out(graph: nx.MultiDiGraph, drawn: set[str]) -> list[str]:
    """Names of the live experts the network does not draw, disambiguated like the labels."""
    missing = [n for n, d in graph.nodes(data=True)
               if d.get("kind") == NodeKind.PERSON and d.get("status") != Status.REJECTED
               and n not in drawn and str(d.get("name", "")).strip()]
    labels = person_labels(graph, missing)
    return sorted(labels.values())


def ring_layout(net: nx.Graph, techs: list[str], *, seed: int = 7,
                label_widths: dict[str, float] | None = None) -> dict[str, np.ndarray]:
    """Technologies evenly on a circle, grouped by community; each expert inside the ring
    at the mean direction of their technologies (one technology: just inside it).

    Unlike a force layout, technology labels never overlap and an expert's position reads
    as "what they work on".
    """
    community, _ = communities(net, seed=seed)
    ordered = sorted(techs, key=lambda t: (community.get(t, 0), -net.degree(t), t))
    pos: dict[str, np.ndarray] = {}
    for i, tech in enumerate(ordered):
        angle = 2 * np.pi * i / max(len(ordered), 1)
        pos[tech] = np.array([np.cos(angle), np.sin(angle)])
    taken: dict[tuple[int, int], int] = {}
    for person in sorted(n for n in net if n not in pos):
        mean = np.mean([pos[t] for t in net[person] if t in pos], axis=0)
        norm = float(np.linalg.norm(mean))
        radius = 0.82 if net.degree(person) == 1 else 0.78 * max(norm, 0.15)
        direction = mean / norm if norm > 1e-9 else np.array([1.0, 0.0])
        point = direction * radius
        # experts landing on the same spot step inwards so their labels stay apart
        cell = (round(point[0] * 8), round(point[1] * 8))
        steps = taken.get(cell, 0)
        taken[cell] = steps + 1
        pos[person] = point * (1 - 0.12 * steps)
    _spread(pos, [n for n in net if n not in set(techs)], label_widths)
    return pos


def _spread(pos: dict[str, np.ndarray], people: list[str],
            widths: dict[str, float] | None = None, height: float = 0.12) -> None:
    """Move experts apart until no two labelled dots overlap (a few relaxation rounds).

    Each expert is a box: its label's width (in layout units; 0.14 when unknown) by
    ``height`` (the dot with its label under it). Overlapping boxes are pushed apart along
    the axis where they overlap least, half each.
    """
    if len(people) < 2:
        return
    points = np.array([pos[p] for p in people], dtype=float)
    w = np.array([(widths or {}).get(p, 0.14) for p in people])
    need_x = (w[:, None] + w[None, :]) / 2 + 0.03
    order = np.sign(np.arange(len(people))[:, None] - np.arange(len(people))[None, :])
    for _ in range(80):
        dx = points[:, None, 0] - points[None, :, 0]
        dy = points[:, None, 1] - points[None, :, 1]
        over_x, over_y = need_x - np.abs(dx), height - np.abs(dy)
        overlap = (over_x > 0) & (over_y > 0)
        np.fill_diagonal(overlap, False)
        if not overlap.any():
            break
        along_x = overlap & (over_x / need_x < over_y / height)
        along_y = overlap & ~along_x
        sx = np.where(dx != 0, np.sign(dx), order)
        sy = np.where(dy != 0, np.sign(dy), order)
        points[:, 0] += 0.5 * (sx * over_x * along_x).sum(axis=1)
        points[:, 1] += 0.5 * (sy * over_y * along_y).sum(axis=1)
    for person, point in zip(people, points, strict=True):
        pos[person] = point


def _sectors(graph: nx.MultiDiGraph, people: list[str]) -> dict[str, str]:
    from graphmap.talent import sector_of

    out: dict[str, str] = {}
    for person in people:
        org_type = "other"
        for _, org, kind in graph.out_edges(person, keys=True):
            if kind == EdgeKind.AFFILIATED_WITH:
                org_type = graph.nodes[org].get("org_type") or "other"
                break
        out[person] = sector_of(org_type)
    return out


AGE_BANDS = ((0, 35, "35岁及以下"), (36, 45, "36–45岁"), (46, 55, "46–55岁"),
             (56, 200, "56岁及以上"))
#: Title levels that make an expert a key person (重点专家), most senior first.
KEY_LEVELS = ("academician", "senior")


def key_experts(profiles: list[ExpertProfile]) -> list[ExpertProfile]:
    """Academicians, then experts with senior titles (正高级), each group by name."""
    rank = {level: i for i, level in enumerate(KEY_LEVELS)}
    chosen = [p for p in profiles if p.level in rank and p.name.strip()]
    return sorted(chosen, key=lambda p: (rank[p.level], p.name, p.organization or ""))


def talent_structure_figure(
    facts: pd.DataFrame,
    profiles: list[ExpertProfile],
    *,
    title: str = "专家人才结构：地区、年龄与重点专家",
    source_note: str = "",
    on: date | None = None,
    font: str | None = None,
) -> Figure:
    """(e) experts by the region of their organization, (f) age bands, (g) the key experts
    (academicians and senior titles) with their titles and organizations."""
    with figure_style(font):
        fig = plt.figure(figsize=A4_LANDSCAPE)
        grid = fig.add_gridspec(2, 2, width_ratios=(1, 1.35), hspace=0.45, wspace=0.25,
                                left=0.1, right=0.97, top=0.86, bottom=0.08)
        fig.suptitle(title, fontsize=17, weight="bold", y=0.975)
        people = facts.drop_duplicates("expert_id") if not facts.empty else facts
        _regions(fig.add_subplot(grid[0, 0]), people)
        _ages(fig.add_subplot(grid[1, 0]), people)
        _key_people(fig.add_subplot(grid[:, 1]), key_experts(profiles))
        fig.text(0.03, 0.015, source_note or "数据来源：graphmap 工作区（专家名单、成员名单；"
                 "地区按单位名称对照 GB/T 2260 行政区划判断）", fontsize=8, color="#555555")
        fig.text(0.97, 0.015, f"生成日期：{(on or date.today()).isoformat()}", fontsize=8,
                 color="#555555", ha="right")
        return fig


def _count_bars(ax, labels: list[str], counts: list[int]) -> None:
    ax.barh(range(len(labels)), counts, color="#4e79a7", height=0.6)
    for i, n in enumerate(counts):
        ax.text(n + 0.1, i, str(n), va="center", fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max([*counts, 1]) * 1.2)
    ax.invert_yaxis()
    _tidy(ax)


def _regions(ax, people: pd.DataFrame) -> None:
    ax.set_title("(e) 专家所在单位的地区（人）", fontsize=11, loc="left")
    if people.empty:
        _empty(ax, "暂无专家数据")
        return
    counts = people["region"].fillna(UNSPECIFIED).value_counts()
    named = sorted((r for r in counts.index if r != UNSPECIFIED), key=lambda r: (-counts[r], r))
    labels = [*named, *(["（名称中无地区）"] if UNSPECIFIED in counts.index else [])]
    values = [int(counts[r]) for r in named] + (
        [int(counts[UNSPECIFIED])] if UNSPECIFIED in counts.index else [])
    _count_bars(ax, labels[:12], values[:12])


def _ages(ax, people: pd.DataFrame) -> None:
    ax.set_title("(f) 年龄结构（人）", fontsize=11, loc="left")
    if people.empty:
        _empty(ax, "暂无专家数据")
        return
    ages = people["age"]
    labels = [label for *_, label in AGE_BANDS] + ["出生年份未知"]
    values = [int(ages.between(lo, hi).sum()) for lo, hi, _ in AGE_BANDS]
    values.append(int(ages.isna().sum()))
    _count_bars(ax, labels, values)


def _key_people(ax, key: list[ExpertProfile], limit: int = 24) -> None:
    ax.set_title(f"(g) 重点专家（院士与正高级职称，{len(key)} 人）", fontsize=11, loc="left")
    ax.axis("off")
    if not key:
        _empty(ax, "暂无院士或正高级职称专家")
        return
    line = 1 / (limit + 1)
    for i, prof in enumerate(key[:limit]):
        y = 1 - (i + 0.5) * line
        colour = TITLE_LEVEL_COLOURS[prof.level]
        ax.text(0.0, y, prof.name, fontsize=8.5, weight="bold", color=colour, va="center",
                transform=ax.transAxes)
        ax.text(0.16, y, _short("、".join(prof.titles) or TITLE_LEVEL_LABELS[prof.level], 16),
                fontsize=8, va="center", transform=ax.transAxes)
        ax.text(0.55, y, _short(prof.organization or "", 22), fontsize=8, va="center",
                color="#333333", transform=ax.transAxes)
    note = "姓名颜色：深红为院士，红为正高级职称"
    if len(key) > limit:
        note = f"……另有 {len(key) - limit} 人，见工作簿“专家”表；{note}"
    ax.text(0.0, 0.0, note, fontsize=8, color="#555555", transform=ax.transAxes)


def write_talent_maps(
    graph: nx.MultiDiGraph,
    out_dir: str | Path,
    *,
    formats: tuple[str, ...] = FORMATS,
    reference_year: int | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
    font: str | None = None,
) -> list[Path]:
    """Write ``talent_map.*`` (four panels), ``expert_network.*`` and ``talent_structure.*``
    (region, age, key experts); return the paths."""
    tables = tables or talent_summary(graph, reference_year=reference_year)
    fig = talent_map_figure(tables, font=font)
    paths = save_figure(fig, out_dir, "talent_map", formats, font=font)
    fig = talent_structure_figure(tables["facts"], expert_profiles(graph), font=font)
    paths += save_figure(fig, out_dir, "talent_structure", formats, font=font)
    fig = expert_network_figure(graph, font=font)
    return paths + save_figure(fig, out_dir, "expert_network", formats, font=font)
