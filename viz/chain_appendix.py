"""The chain map's evidence appendix (证据附录): every placement and candidate the map draws,
with the document and the quoted sentence behind it, and whether it is 待核实.

The same rows feed the appendix pages next to the chain map (PDF/PNG/SVG) and the workbook's
appendix sheet, so the figure and the spreadsheet always list the same facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from matplotlib import pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from graphmap.model import NodeKind
from viz.figures import A4_LANDSCAPE, figure_style
from viz.style import STAGE_LABELS

if TYPE_CHECKING:
    from graphmap.chains.results import Candidate, Coverage, Placement

#: Candidates listed per gap or thin segment: what the chain map draws at normal density.
CANDIDATES_PER_SEGMENT = 3
#: Quotes kept per row (the workbook cell); the figure prints the first.
QUOTES_PER_ROW = 3
UNCLASSIFIED = "（未归类）"


@dataclass(frozen=True)
class AppendixRow:
    """One drawn fact: a member placed in a segment, an unclassified member or a candidate."""

    role: str  # 牵头单位 | 成员单位 | 未归类成员 | 候选单位
    stage: str
    segment: str
    unit: str
    score: float | None
    to_verify: bool
    why_verify: str
    reasons: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (document name, sentence)


def document_names(graph: nx.MultiDiGraph | None) -> dict[str, str]:
    """doc_id -> the document's file name (or title) as the graph's Document nodes give it."""
    if graph is None:
        return {}
    return {
        data.get("doc_id", node): Path(data["path"]).name if data.get("path")
        else data.get("name") or node
        for node, data in graph.nodes(data=True)
        if data.get("kind") == NodeKind.DOCUMENT
    }


def drawn_candidates(coverage: Coverage) -> dict[str, list[Candidate]]:
    """segment id -> its candidates, best first, as the chain map lists them (named ones only)."""
    by_segment: dict[str, list[Candidate]] = {}
    for cand in sorted(coverage.candidates, key=lambda c: -c.score):
        if not cand.name.strip() or cand.name == cand.org_id:
            continue  # a nameless organization is no recruitment advice
        for seg_id in cand.segment_ids:
            by_segment.setdefault(seg_id, []).append(cand)
    return by_segment


def _quotes(evidence: list[dict[str, Any]], documents: Mapping[str, str]
            ) -> tuple[tuple[str, str], ...]:
    """Distinct (document, sentence) pairs, list rows after running text (a sentence an
    analyst can check reads better than a spreadsheet row), at most QUOTES_PER_ROW."""
    seen: dict[tuple[str, str], bool] = {}
    for ev in evidence:
        sentence = str(ev.get("sentence") or "").strip()
        if not sentence:
            continue
        doc = str(ev.get("doc_id") or "")
        listed = str(ev.get("extractor", "")).startswith("list:")
        seen.setdefault((documents.get(doc, doc), sentence), listed)
    ordered = sorted(seen, key=lambda key: seen[key])
    return tuple(ordered[:QUOTES_PER_ROW])


def _placement_row(m: Placement, stage: str, segment: str, documents: Mapping[str, str]
                   ) -> AppendixRow:
    role = "牵头单位" if m.is_lead else "成员单位"
    why = "归类依据弱，需分析人员核对" if m.uncertain else ""
    return AppendixRow(role, stage, segment, m.name, m.score, m.uncertain, why,
                       tuple(m.reasons), _quotes(m.evidence, documents))


def appendix_rows(
    coverage: Coverage,
    documents: Mapping[str, str] | None = None,
    *,
    show_candidates: bool = True,
) -> list[AppendixRow]:
    """The appendix rows: placements segment by segment, then unclassified members, then the
    candidates drawn in gap and thin segments (each candidate once, at its first segment).

    A candidate is always 待核实: it is advice about a non-member until an analyst checks it.
    """
    documents = documents or {}
    rows: list[AppendixRow] = []
    for seg in coverage.segments:
        stage = STAGE_LABELS.get(seg.stage, seg.stage)
        for m in sorted(seg.members, key=lambda m: (not m.is_lead, -m.score, m.name)):
            rows.append(_placement_row(m, stage, seg.name, documents))
    for m in coverage.unclassified:
        rows.append(AppendixRow("未归类成员", "", UNCLASSIFIED, m.name, None, True,
                                "未能归入任何环节，需确认所属环节", tuple(m.reasons),
                                _quotes(m.evidence, documents)))
    if not show_candidates:
        return rows
    by_segment = drawn_candidates(coverage)
    listed: set[str] = set()
    for seg in coverage.segments:
        if seg.status == "covered":
            continue
        for cand in by_segment.get(seg.segment_id, [])[:CANDIDATES_PER_SEGMENT]:
            if cand.org_id in listed:
                continue
            listed.add(cand.org_id)
            rows.append(AppendixRow("候选单位", STAGE_LABELS.get(seg.stage, seg.stage),
                                    seg.name, cand.name, cand.score, True,
                                    "非成员单位，招募前需核实", tuple(cand.reasons),
                                    _quotes(cand.evidence, documents)))
    return rows


# --------------------------------------------------------------------------------------------
# Appendix pages
# --------------------------------------------------------------------------------------------

#: Column (header, left edge as a figure fraction, width in full-width characters at 8 pt).
COLUMNS = (
    ("序号", 0.030, 3), ("环节", 0.060, 9), ("单位", 0.160, 15), ("类别", 0.325, 5),
    ("得分", 0.378, 4), ("待核实", 0.418, 4), ("依据与证据（文档：原文）", 0.462, 52),
)
FONT_PT = 8.0
LINE_PT = FONT_PT * 1.45
TOP, BOTTOM = 0.86, 0.07
VERIFY_FILL = "#fff4e0"
#: Rows printed on the pages (about 40 pages); the workbook sheet always holds every row.
MAX_PAGE_ROWS = 240


def _wrap(text: str, width: float) -> list[str]:
    """Cut ``text`` into lines of about ``width`` full-width characters (ASCII counts half)."""
    lines, line, used = [], "", 0.0
    for ch in text:
        step = 0.55 if ord(ch) < 0x2E80 else 1.0
        if used + step > width and line:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += step
    return [*lines, line] if line else lines or [""]


def _cells(index: int, row: AppendixRow) -> list[list[str]]:
    score = "" if row.score is None else f"{row.score:.2f}"
    basis = "；".join(row.reasons[:2])
    if row.quotes:
        doc, sentence = row.quotes[0]
        basis += f"\n《{doc}》：“{sentence}”"
    if row.why_verify:
        basis += f"\n待核实：{row.why_verify}"
    texts = [str(index), row.segment, row.unit, row.role, score, "是" if row.to_verify else "否"]
    cells = [_wrap(t, width)[:3] for t, (_, _, width) in zip(texts, COLUMNS, strict=False)]
    quote_lines: list[str] = []
    for part in basis.split("\n"):
        quote_lines += _wrap(part, COLUMNS[-1][2])
    cells.append(quote_lines[:6])
    return cells


def appendix_figures(
    rows: list[AppendixRow], coverage: Coverage, *, font: str | None = None
) -> list[Figure]:
    """The appendix as A4 landscape pages (as many as the rows need)."""
    with figure_style(font):
        fig_h_pt = A4_LANDSCAPE[1] * 72
        line = LINE_PT / fig_h_pt
        avail = TOP - BOTTOM
        pages: list[list[tuple[int, AppendixRow, list[list[str]]]]] = [[]]
        used = 0.0
        for index, row in enumerate(rows[:MAX_PAGE_ROWS], start=1):
            cells = _cells(index, row)
            height = (max(len(c) for c in cells) + 0.6) * line
            if used + height > avail and pages[-1]:
                pages.append([])
                used = 0.0
            pages[-1].append((index, row, cells))
            used += height
        to_verify = sum(r.to_verify for r in rows)
        figures = []
        for number, page in enumerate(pages, start=1):
            fig = plt.figure(figsize=A4_LANDSCAPE)
            fig.text(0.5, 0.955, f"附录：{coverage.consortium} · {coverage.industry}产业链图谱的"
                     "归类与候选证据", ha="center", va="center", fontsize=14, weight="bold")
            fig.text(0.5, 0.918, f"图上归类与候选 {len(rows)} 项 · 待核实 {to_verify} 项"
                     f"（底色标出） · 第 {number}/{len(pages)} 页", ha="center", va="center",
                     fontsize=9.5, color="#333333")
            for header, x, _ in COLUMNS:
                fig.text(x, TOP + 0.018, header, fontsize=FONT_PT + 0.5, weight="bold",
                         va="center")
            fig.add_artist(plt.Line2D([0.03, 0.97], [TOP + 0.004] * 2, color="#34495e",
                                      linewidth=1.0))
            y = TOP
            if not page:
                fig.text(0.5, 0.5, "图上没有归类或候选单位", ha="center", color="#777777")
            for _, row, cells in page:
                height = (max(len(c) for c in cells) + 0.6) * line
                if row.to_verify:
                    fig.add_artist(plt.Rectangle((0.03, y - height), 0.94, height,
                                                 facecolor=VERIFY_FILL, edgecolor="none",
                                                 zorder=0))
                for lines, (_, x, _) in zip(cells, COLUMNS, strict=True):
                    fig.text(x, y - 0.3 * line, "\n".join(lines), fontsize=FONT_PT, va="top",
                             linespacing=1.45, color="#222222")
                y -= height
                fig.add_artist(plt.Line2D([0.03, 0.97], [y, y], color="#d5d8dc",
                                          linewidth=0.5))
            note = ("得分：归类得分或招募推荐得分；待核实：归类依据弱、未能归类的成员，以及全部"
                    "候选单位（非成员）。")
            if number == len(pages) and len(rows) > MAX_PAGE_ROWS:
                note += f"其余 {len(rows) - MAX_PAGE_ROWS} 项见工作簿“归类与候选证据”表。"
            fig.text(0.03, 0.03, note, fontsize=8, color="#555555")
            figures.append(fig)
        return figures


def write_appendix(
    figures: list[Figure], out_dir: Path, stem: str, formats: tuple[str, ...],
    font: str | None = None,
) -> list[Path]:
    """PDF: one file with every page; SVG/PNG: ``stem.png``, ``stem_2.png``, ... per page."""
    paths: list[Path] = []
    try:
        with figure_style(font):
            for fmt in formats:
                if fmt == "pdf":
                    path = out_dir / f"{stem}.pdf"
                    with PdfPages(path, metadata={"Creator": "graphmap"}) as pdf:
                        for fig in figures:
                            pdf.savefig(fig)
                    paths.append(path)
                    continue
                for number, fig in enumerate(figures, start=1):
                    suffix = "" if number == 1 else f"_{number}"
                    path = out_dir / f"{stem}{suffix}.{fmt}"
                    metadata = {"Creator": "graphmap"} if fmt == "svg" else None
                    fig.savefig(path, format=fmt, dpi=200, metadata=metadata)
                    paths.append(path)
    finally:
        for fig in figures:
            plt.close(fig)
    return paths
