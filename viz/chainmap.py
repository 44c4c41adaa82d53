"""The chain map (产业链图谱): upstream / midstream / downstream columns of segment cards.

Each card lists the consortium's member units in that segment (lead unit ★, uncertain
placements marked ?, a lead unit's uncertain placement ★?), gap segments are red and dashed,
thin segments amber, members placed in no segment sit in a grey 未归类 card, and recruitment
candidates may be listed in green italics with their score. The page is A4 landscape; fonts
shrink and long lists fold ("…等 N 家") until the fullest column fits. Next to the map,
:mod:`viz.chain_appendix` writes the evidence appendix pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, FancyBboxPatch, Patch

from graphmap.chains.results import SegmentCoverage
from graphmap.normalize import is_company_name, split_region, strip_legal_suffix
from viz.chain_appendix import appendix_figures, appendix_rows, drawn_candidates, write_appendix
from viz.figures import A4_LANDSCAPE, FORMATS, figure_style, save_figure
from viz.style import STAGE_LABELS

if TYPE_CHECKING:
    from graphmap.chains.results import Candidate, Coverage

STAGE_ORDER = ("upstream", "midstream", "downstream")
CARD_STYLE = {
    # status: (face, edge, line style, line width, badge)
    "covered": ("#eaf1fb", "#4e79a7", "-", 1.0, ""),
    "thin": ("#fff4e0", "#e08a00", "-", 1.6, "薄弱"),
    "gap": ("#fde8e8", "#d62728", "--", 2.0, "缺口"),
    "unclassified": ("#f2f2f2", "#7f7f7f", ":", 1.4, "未归类"),
}
#: The pseudo-segment the 未归类 card draws (members placed in no segment of the chain).
UNCLASSIFIED_CARD = "未归类成员"
CANDIDATE_COLOUR = "#2e7d32"
TOP, BOTTOM = 0.845, 0.095  # figure fractions the columns live between
LEFT, RIGHT = 0.03, 0.97
COLUMN_GAP_PT = 36.0  # between stages (holds the arrow)
SLOT_GAP_PT = 8.0  # between the sub-columns of one stage
PAD_PT, GAP_PT = 4.0, 5.0  # inside a card (top and bottom), between cards
LINE_SPACING = 1.42
SOURCE_NOTE = "数据来源：graphmap 工作区（成员名单、专家名单与文本证据自动汇总，经分析人员核对）"


@dataclass
class _Line:
    text: str
    kind: str  # header | member | lead | lead_uncertain | uncertain | candidate | more | empty
    score: float | None = None  # a candidate's recommendation score, printed after its name


@dataclass
class _Card:
    segment: SegmentCoverage
    header: _Line
    grid: list[_Line]  # member entries, laid out ``per_row`` to a line
    footer: list[_Line]  # candidates, one per line

    def per_row(self, most: int, max_chars: float) -> int:
        """Entries per line: two when the slot is wide and every name fits half of it; one
        for short lists whose names would be cut in half a line."""
        if most == 1 or len(self.grid) <= 1:
            return 1
        half = (max_chars - 1) / 2 - 2 - 2
        fits = all(
            line.kind in {"more", "empty"} or not display_name(line.text, half).endswith("…")
            for line in self.grid
        )
        return 2 if fits or len(self.grid) > 4 else 1

    def lines(self, most: int, max_chars: float) -> int:
        per_row = self.per_row(most, max_chars)
        return 1 + -(-len(self.grid) // per_row) + len(self.footer)


def display_name(name: str, max_chars: float) -> str:
    """A unit's name as the map prints it: company names lose legal form and city first.

    Examples
    --------
    >>> display_name("北京灵犀机器人科技有限公司", 20)
    '北京灵犀机器人科技有限公司'
    >>> display_name("北京灵犀机器人科技有限公司", 8)
    '灵犀机器人科技'
    """
    if _width(name) <= max_chars or not any(ord(ch) >= 0x2E80 for ch in name):
        return _fit(name, max_chars)
    if is_company_name(name):
        short = strip_legal_suffix(name)
        if _width(short) > max_chars:
            region, core = split_region(short)
            short = core if region and core else short
        return _fit(short, max_chars)
    return _fit(name, max_chars)


def _width(text: str) -> float:
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _fit(text: str, max_chars: float) -> str:
    """Shorten ``text`` to about ``max_chars`` full-width characters (ASCII counts half)."""
    width = 0.0
    for i, ch in enumerate(text):
        width += 0.55 if ord(ch) < 0x2E80 else 1.0
        if width > max_chars:
            return text[: max(i - 1, 1)] + "…"
    return text


def _card(
    segment: SegmentCoverage, candidates: list[Candidate], cap: int, show_candidates: bool
) -> _Card:
    grid: list[_Line] = []
    members = sorted(segment.members, key=lambda m: (not m.is_lead, -m.score, m.name))
    for member in members[:cap]:
        kind = ("lead_uncertain" if member.is_lead and member.uncertain else "lead"
                if member.is_lead else "uncertain" if member.uncertain else "member")
        grid.append(_Line(member.name, kind))
    if len(members) > cap:
        grid.append(_Line(f"…等 {len(members)} 家", "more"))
    if not members:
        grid.append(_Line("暂无成员单位", "empty"))
    footer = []
    if show_candidates:
        footer = [_Line(c.name, "candidate", c.score)
                  for c in candidates[: max(1, min(cap, 3))]]
    return _Card(segment, _Line(segment.name, "header"), grid, footer)


def chain_map_figure(
    coverage: Coverage,
    *,
    show_candidates: bool = True,
    title: str | None = None,
    source_note: str = "",
    on: date | None = None,
    font: str | None = None,
) -> Figure:
    """Draw the chain map of a consortium's coverage on one A4 landscape page.

    Parameters
    ----------
    coverage : graphmap.chains.Coverage
        From ``graphmap.chains.chain_coverage(graph, consortium, industry)``.
    show_candidates : bool
        List up to three recruitment candidates in each gap or thin segment.
    title, source_note : str
        Defaults: "<consortium> · <industry>产业链图谱" and a note naming graphmap.
    on : date
        The date printed on the map (today by default).
    font : str
        A CJK font family or file (see :func:`viz.figures.cjk_font`).

    Returns
    -------
    matplotlib.figure.Figure
        Call :func:`write_chain_map` to save it as SVG, PNG and PDF.
    """
    with figure_style(font):
        return _draw(coverage, show_candidates, title, source_note, on or date.today())


def _stages(coverage: Coverage) -> list[tuple[str, list[SegmentCoverage]]]:
    stages: dict[str, list[SegmentCoverage]] = {}
    for segment in coverage.segments:
        stages.setdefault(segment.stage, []).append(segment)
    order = [s for s in STAGE_ORDER if s in stages] + [s for s in stages if s not in STAGE_ORDER]
    out = [(stage, stages[stage]) for stage in order]
    if coverage.unclassified and out:
        # members counted in the summary must be drawn somewhere: a 未归类 card under the
        # column with the least to hold
        stage, segs = min(out, key=lambda s: sum(len(seg.members) + 2 for seg in s[1]))
        segs.append(SegmentCoverage(
            segment_id="", name=UNCLASSIFIED_CARD, stage=stage,
            members=list(coverage.unclassified), status="unclassified", counts_by_type={},
            evidence_strength=0.0))
    return out


@dataclass
class _Plan:
    size: float
    per_row: int
    # per stage: its slots (sub-columns), each a list of cards
    slots: list[tuple[str, list[list[_Card]]]]
    slot_width: float  # figure fraction
    max_chars: float  # full-width characters per card line


def _split(
    cards: list[_Card], parts: int, per_row: int, max_chars: float
) -> list[list[_Card]]:
    """Cut a stage's cards, in order, into ``parts`` sub-columns of similar height."""
    if parts == 1:
        return [cards]
    total = sum(c.lines(per_row, max_chars) + 1 for c in cards)
    out: list[list[_Card]] = [[]]
    height = 0
    for card in cards:
        if height >= total / parts and len(out) < parts:
            out.append([])
            height = 0
        out[-1].append(card)
        height += card.lines(per_row, max_chars) + 1
    return out


def _plan(
    stages: list[tuple[str, list[SegmentCoverage]]],
    by_segment: dict[str, list[Candidate]],
    show_candidates: bool,
) -> _Plan:
    """The largest type size (then the most members per card) whose fullest slot fits."""
    avail = (TOP - BOTTOM - 0.02) * A4_LANDSCAPE[1] * 72
    width_pt = (RIGHT - LEFT) * A4_LANDSCAPE[0] * 72
    n_segments = sum(len(segs) for _, segs in stages)
    extra_options = [0, 1, 2] if n_segments > 12 else [0]
    header_chars = max(
        (_width(seg.name) + _width(f"【缺口】{len(seg.members)} 家") + 1.5
         for _, segs in stages for seg in segs),
        default=0.0,
    )
    best: _Plan | None = None
    for cap in (12, 9, 6, 4, 3, 2, 1):
        cards = {
            stage: [
                _card(seg, by_segment.get(seg.segment_id, [])
                      if seg.status in {"gap", "thin"} else [], cap, show_candidates)
                for seg in segs
            ]
            for stage, segs in stages
        }
        for extra in extra_options:
            # give the extra sub-columns to the stages with the most segments
            parts = {stage: 1 for stage, _ in stages}
            for stage, _ in sorted(stages, key=lambda s: -len(s[1]))[:extra]:
                parts[stage] = 2
            n_slots = sum(parts.values())
            slot_w_pt = (width_pt - COLUMN_GAP_PT * (len(stages) - 1) - SLOT_GAP_PT * (
                n_slots - len(stages))) / n_slots
            for size in (12.0, 11.0, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5):
                max_chars = slot_w_pt / size - 2.5
                if header_chars * (size + 0.5) / size > max_chars:
                    continue  # a segment's name would be cut: never acceptable
                per_row = 2 if max_chars >= 22 else 1
                slots = [(stage, _split(cards[stage], parts[stage], per_row, max_chars))
                         for stage, _ in stages]
                line = size * LINE_SPACING
                need = max(
                    sum(c.lines(per_row, max_chars) * line + 2 * PAD_PT + GAP_PT
                        for c in slot)
                    for _, stage_slots in slots for slot in stage_slots
                )
                if need <= avail:
                    plan = _Plan(size, per_row, slots, slot_w_pt / (A4_LANDSCAPE[0] * 72),
                                 max_chars)
                    if best is None or plan.size > best.size:
                        best = plan
                    break
        if best is not None and best.size >= 8.0:
            return best
    if best is None:
        cards = {stage: [_card(seg, [], 1, False) for seg in segs] for stage, segs in stages}
        slot_w_pt = (width_pt - COLUMN_GAP_PT * (len(stages) - 1)) / max(len(stages), 1)
        best = _Plan(6.0, 1, [(stage, [cards[stage]]) for stage, _ in stages],
                     slot_w_pt / (A4_LANDSCAPE[0] * 72), slot_w_pt / 6.0 - 2.5)
    return best


def _draw(
    coverage: Coverage, show_candidates: bool, title: str | None, source_note: str, on: date
) -> Figure:
    fig = plt.figure(figsize=A4_LANDSCAPE)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    fig_h_pt = A4_LANDSCAPE[1] * 72
    fig_w_pt = A4_LANDSCAPE[0] * 72

    stages = _stages(coverage)
    by_segment = drawn_candidates(coverage)
    plan = _plan(stages, by_segment, show_candidates)
    line_h = plan.size * LINE_SPACING / fig_h_pt
    pad, gap = PAD_PT / fig_h_pt, GAP_PT / fig_h_pt

    title = title or f"{coverage.consortium} · {coverage.industry}产业链图谱"
    fig.text(0.5, 0.955, title, ha="center", va="center", fontsize=17, weight="bold")
    members = getattr(coverage, "member_count", 0) or len(
        {m.org_id for s in coverage.segments for m in s.members}
    )
    summary = (
        f"成员单位 {members} 家 · 产业链环节 {len(coverage.segments)} 个 · "
        f"已覆盖 {sum(s.status != 'gap' for s in coverage.segments)} 个 · "
        f"缺口 {len(coverage.gaps)} 个 · 薄弱 {len(coverage.thin)} 个"
    )
    if coverage.unclassified:
        summary += f" · 未归类成员 {len(coverage.unclassified)} 家"
    fig.text(0.5, 0.918, summary, ha="center", va="center", fontsize=10, color="#333333")

    shortened = False
    x = LEFT
    for index, (stage, stage_slots) in enumerate(plan.slots):
        slots = len(stage_slots)
        stage_w = slots * plan.slot_width + (slots - 1) * SLOT_GAP_PT / fig_w_pt
        segments = [card.segment for slot in stage_slots for card in slot
                    if card.segment.status != "unclassified"]
        covered = sum(s.status != "gap" for s in segments)
        head = f"{STAGE_LABELS.get(stage, stage)}（覆盖 {covered}/{len(segments)} 个环节）"
        ax.add_patch(
            FancyBboxPatch((x, TOP + 0.008), stage_w, 0.042,
                           boxstyle="round,pad=0,rounding_size=0.006", facecolor="#34495e",
                           edgecolor="none")
        )
        ax.text(x + stage_w / 2, TOP + 0.029, head, ha="center", va="center", fontsize=12,
                color="white", weight="bold")
        if index < len(plan.slots) - 1:
            arrow_x = x + stage_w + 0.006
            ax.add_patch(
                FancyArrow(arrow_x, TOP + 0.029, COLUMN_GAP_PT / fig_w_pt - 0.012, 0, width=0.012,
                           head_width=0.03, head_length=0.010, length_includes_head=True,
                           color="#7f8c8d")
            )
        for slot in stage_slots:
            y = TOP - 0.01
            for card in slot:
                height = card.lines(plan.per_row, plan.max_chars) * line_h + 2 * pad
                face, edge, style, width, _ = CARD_STYLE.get(card.segment.status,
                                                             CARD_STYLE["covered"])
                ax.add_patch(
                    FancyBboxPatch((x, y - height), plan.slot_width, height,
                                   boxstyle="round,pad=0,rounding_size=0.006", facecolor=face,
                                   edgecolor=edge, linestyle=style, linewidth=width)
                )
                shortened |= _draw_card(ax, x, y - pad - line_h / 2, card, plan, line_h)
                y -= height + gap
            x += plan.slot_width + SLOT_GAP_PT / fig_w_pt
        x += (COLUMN_GAP_PT - SLOT_GAP_PT) / fig_w_pt

    _legend(fig, show_candidates, bool(coverage.unclassified))
    note = source_note or SOURCE_NOTE
    if shortened:
        note += "；部分单位名称省略了地名和公司形式后缀"
    fig.text(LEFT, 0.022, note, fontsize=8, color="#555555", va="center")
    fig.text(RIGHT, 0.022, f"生成日期：{on.isoformat()}", fontsize=8, color="#555555",
             va="center", ha="right")
    return fig


def _draw_card(ax, x0: float, y: float, card: _Card, plan: _Plan, line_h: float) -> bool:
    """Draw one card's text from its first line's centre ``y``; True if a name was shortened."""
    size, indent = plan.size, 0.007
    seg = card.segment
    face_colour = CARD_STYLE.get(seg.status, CARD_STYLE["covered"])[1]
    badge = CARD_STYLE.get(seg.status, CARD_STYLE["covered"])[4]
    right = f"【{badge}】{len(seg.members)} 家" if badge else f"{len(seg.members)} 家"
    ax.text(x0 + indent, y, _fit(seg.name, plan.max_chars - _width(right) - 1),
            fontsize=size + 0.5, weight="bold", va="center", color="#1a1a1a")
    ax.text(x0 + plan.slot_width - indent, y, right, fontsize=size, va="center", ha="right",
            color=face_colour if badge else "#555555", weight="bold" if badge else "normal")
    shortened = False
    per_row = card.per_row(plan.per_row, plan.max_chars)
    cell_w = (plan.slot_width - 2 * indent) / per_row
    cell_chars = (plan.max_chars - 1) / per_row - 2
    for i, line in enumerate(card.grid):
        row, col = divmod(i, per_row)
        ty = y - (row + 1) * line_h
        tx = x0 + 2 * indent + col * cell_w
        shortened |= _draw_entry(ax, tx, ty, line, size, cell_chars)
    ty = y - (1 + -(-len(card.grid) // per_row)) * line_h
    for line in card.footer:
        shortened |= _draw_entry(ax, x0 + 2 * indent, ty, line, size, plan.max_chars - 2)
        ty -= line_h
    return shortened


MARKERS = {"lead": "★ ", "lead_uncertain": "★? ", "uncertain": "? ", "member": "· ",
           "candidate": "+ 候选：", "more": "", "empty": ""}


def _draw_entry(ax, x: float, y: float, line: _Line, size: float, max_chars: float) -> bool:
    marker = MARKERS[line.kind]
    score = "" if line.score is None else f"（{line.score:.2f}）"
    if line.kind in {"more", "empty"}:
        text = line.text
    else:
        text = display_name(line.text, max_chars - _width(marker) - _width(score))
    style: dict = {"fontsize": size, "va": "center", "color": "#222222"}
    if line.kind in {"lead", "lead_uncertain"}:
        style.update(weight="bold", color="#b03a2e")
    elif line.kind == "uncertain":
        style.update(color="#6b6b6b")
    elif line.kind in {"more", "empty"}:
        style.update(color="#777777", style="italic")
    elif line.kind == "candidate":
        style.update(color=CANDIDATE_COLOUR, style="italic")
    ax.text(x, y, marker + text + score, **style)
    return text != line.text and line.kind not in {"more", "empty"}


def _legend(fig: Figure, show_candidates: bool, unclassified: bool) -> None:
    handles = [
        Patch(facecolor=CARD_STYLE["covered"][0], edgecolor=CARD_STYLE["covered"][1],
              label="已覆盖环节"),
        Patch(facecolor=CARD_STYLE["thin"][0], edgecolor=CARD_STYLE["thin"][1],
              linewidth=1.6, label="薄弱环节（成员少或证据弱）"),
        Patch(facecolor=CARD_STYLE["gap"][0], edgecolor=CARD_STYLE["gap"][1], linestyle="--",
              linewidth=2, label="缺口环节（无成员）"),
        Line2D([], [], marker="*", linestyle="none", color="#b03a2e", markersize=11,
               label="牵头单位"),
        Line2D([], [], marker="$?$", linestyle="none", color="#6b6b6b", markersize=8,
               label="归类待核实（★? 为牵头单位）"),
    ]
    if unclassified:
        handles.append(Patch(facecolor=CARD_STYLE["unclassified"][0],
                             edgecolor=CARD_STYLE["unclassified"][1], linestyle=":",
                             linewidth=1.4, label="未归类成员"))
    if show_candidates:
        handles.append(
            Line2D([], [], marker="$+$", linestyle="none", color=CANDIDATE_COLOUR, markersize=8,
                   label="候选单位（非成员，括号内为推荐得分）")
        )
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.04),
               ncol=len(handles), fontsize=8 if len(handles) > 6 else 8.5, frameon=False,
               handlelength=1.5, columnspacing=1.0 if len(handles) > 6 else 1.4)


def write_chain_map(
    coverage: Coverage,
    out_dir: str | Path,
    *,
    stem: str = "chain_map",
    formats: tuple[str, ...] = FORMATS,
    documents: Mapping[str, str] | None = None,
    appendix: bool = True,
    **options,
) -> list[Path]:
    """Draw the chain map and write it as ``stem.svg``, ``stem.png`` and ``stem.pdf``, then
    its evidence appendix as ``stem_appendix.*`` (see :mod:`viz.chain_appendix`).

    ``documents`` maps doc ids to the names the appendix quotes them by
    (:func:`viz.chain_appendix.document_names`); ``options`` go to :func:`chain_map_figure`.
    SVG text stays text (selectable, searchable); the PDF embeds a subset of the CJK font.
    The map's paths come first.
    """
    fig = chain_map_figure(coverage, **options)
    font = options.get("font")
    paths = save_figure(fig, out_dir, stem, formats, font=font)
    if appendix:
        rows = appendix_rows(coverage, documents,
                             show_candidates=options.get("show_candidates", True))
        pages = appendix_figures(rows, coverage, font=font)
        paths += write_appendix(pages, Path(out_dir), f"{stem}_appendix", formats, font=font)
    return paths
