"""The Excel workbook analysts hand in: members by segment, gaps, candidates, experts,
organizations and the evidence behind them.

Every text cell is written as an explicit string, and text that a spreadsheet would read as a
formula (starting with = + - @ tab or CR) also gets Excel's quote prefix: an organization named
``=HYPERLINK(...)`` stays a name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from graphmap.model import EdgeKind, NodeKind, Status
from viz.style import EDGE_LABELS, KIND_STYLE, STAGE_LABELS, STATUS_LABELS, org_type_label

if TYPE_CHECKING:
    from graphmap.chains.results import Coverage

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Evidence rows written at most (one sheet holds about a million rows; keep files usable).
MAX_EVIDENCE_ROWS = 200_000
SEGMENT_STATUS = {"gap": "缺口", "thin": "薄弱", "covered": "已覆盖"}
_HEADER_FILL = PatternFill("solid", fgColor="34495E")
_HEADER_FONT = Font(bold=True, color="FFFFFF")


def write_cell(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write one value; text is stored as a string and never evaluated as a formula."""
    cell = ws.cell(row=row, column=column)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return
    if isinstance(value, bool):
        cell.value = "是" if value else "否"
        return
    if isinstance(value, int | float):
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def write_sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    wrap: Sequence[str] = (),
) -> Worksheet:
    """A sheet with a styled, frozen header row, an autofilter and fitted column widths."""
    ws = wb.create_sheet(title)
    widths = [_width(h) + 2 for h in headers]
    for col, header in enumerate(headers, start=1):
        write_cell(ws, 1, col, header)
        cell = ws.cell(row=1, column=col)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            write_cell(ws, count + 1, col, value)
            if count <= 500:  # sample widths from the first rows; enough to size columns
                widths[col - 1] = max(widths[col - 1], _width(value) + 2)
    wrap_cols = {headers.index(h) + 1 for h in wrap if h in headers}
    for col, width in enumerate(widths, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = min(width, 60 if col in wrap_cols else 45)
        if col in wrap_cols and count:
            for (cell,) in ws.iter_rows(min_row=2, max_row=count + 1, min_col=col, max_col=col):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    print_setup(ws, title)
    return ws


def print_setup(ws: Worksheet, title: str) -> None:
    """A4 landscape, all columns on one page width, the header row repeated on every page,
    and the sheet's title and page numbers in the header and footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddHeader.center.text = title.replace("&", "&&")
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


#: What each column of each sheet holds, for the 说明 sheet.
COLUMN_NOTES: dict[str, dict[str, str]] = {
    "成员分布": {
        "阶段": "产业链上游/中游/下游", "环节": "产业链环节；（未归类）为无法归入任何环节的成员",
        "环节状态": "缺口（无成员）、薄弱（成员少或证据弱）、已覆盖",
        "成员单位": "联合体成员单位名称",
        "单位类型": "企业、高校、科研院所等", "牵头单位": "是否为联合体牵头单位",
        "归类待核实": "是：归入该环节的证据不足，需人工确认", "得分": "归入该环节的依据强度（0-1）",
        "依据": "归类理由：申报领域、技术与产品、文本证据"},
    "缺口与薄弱环节": {
        "阶段": "产业链上游/中游/下游", "环节": "缺口或薄弱的环节", "状态": "缺口或薄弱",
        "成员数": "该环节现有成员单位数", "证据强度": "该环节成员证据的总体强度（0-1）",
        "候选单位": "可补该环节的非成员单位"},
    "招募候选单位": {
        "排名": "按得分从高到低", "单位": "非成员单位名称", "单位类型": "企业、高校、科研院所等",
        "可补环节": "该单位可补的缺口或薄弱环节",
        "得分": "补链价值（环节契合度、证据、联系、类型互补）",
        "推荐理由": "得分的组成与证据"},
    "归类与候选证据": {
        "序号": "行号", "阶段": "产业链上游/中游/下游", "环节": "图谱中所画的环节",
        "单位": "成员或候选单位", "类别": "成员、牵头单位或候选单位", "得分": "归类或推荐得分",
        "待核实": "是否需人工确认", "核实事项": "需要确认什么", "依据": "归类或推荐理由",
        "文档": "证据所在文档", "证据原文": "文档中的原句"},
    "专家": {
        "姓名": "专家姓名", "职称": "职务与职称（统一写法，每项一次）", "单位": "主要任职单位",
        "单位类型": "主要任职单位的类型", "领域与技术": "专家从事的领域与技术",
        "产业链环节": "专家技术对应的产业链环节", "出生年份": "资料中的出生年份，空为未知",
        "青年（≤35岁）": "按参考年份计算是否 35 岁及以下，空为未知", "参加活动": "参加的沙龙等活动",
        "状态": "图谱中该专家的核实状态"},
    "机构": {
        "名称": "机构名称", "类型": "企业、高校、科研院所等", "统一社会信用代码": "名单给出的代码",
        "地区": "名单给出的地区，或由名称中的地名推断", "所属联合体": "所属联合体（牵头注明）",
        "产业链环节": "机构所在的产业链环节", "专家数": "图谱中任职于该机构的专家人数",
        "状态": "图谱中该机构的核实状态"},
    "证据": {
        "对象类型": "实体类型或“关系”", "对象": "实体名称或关系起点", "关系": "关系类型",
        "关系对象": "关系终点", "证据原文": "文档中的原句", "文档": "证据所在文档",
        "位置": "原句在文档中的字符位置（起-止）", "抽取方式": "抽取该证据的规则或模型",
        "置信度": "抽取置信度（0-1）"},
}


def columns_sheet(wb: Workbook) -> None:
    """The 说明 sheet, first: each sheet's columns and what they hold."""
    rows = [(ws.title, cell.value, COLUMN_NOTES.get(ws.title, {}).get(str(cell.value), ""))
            for ws in wb.worksheets for cell in ws[1] if cell.value is not None]
    sheet = write_sheet(wb, "说明", ["工作表", "列", "含义"], rows, wrap=["含义"])
    wb.move_sheet(sheet, offset=-(len(wb.worksheets) - 1))


def _coverage_sheets(wb: Workbook, coverage: Coverage) -> None:
    seg_names = {s.segment_id: s.name for s in coverage.segments}
    rows = []
    for seg in coverage.segments:
        stage = STAGE_LABELS.get(seg.stage, seg.stage)
        if not seg.members:
            rows.append((stage, seg.name, SEGMENT_STATUS.get(seg.status, seg.status), "", "", "",
                         "", None, ""))
        for m in sorted(seg.members, key=lambda m: (not m.is_lead, -m.score)):
            rows.append((stage, seg.name, SEGMENT_STATUS.get(seg.status, seg.status), m.name,
                         org_type_label(m.org_type), m.is_lead, m.uncertain, round(m.score, 3),
                         "；".join(m.reasons)))
    for m in coverage.unclassified:
        rows.append(("", "（未归类）", "", m.name, org_type_label(m.org_type), m.is_lead,
                     m.uncertain, round(m.score, 3), "；".join(m.reasons)))
    write_sheet(wb, "成员分布", ["阶段", "环节", "环节状态", "成员单位", "单位类型", "牵头单位",
                                "归类待核实", "得分", "依据"], rows, wrap=["依据"])

    cands_by_seg: dict[str, list[str]] = {}
    for cand in coverage.candidates:
        for seg_id in cand.segment_ids:
            cands_by_seg.setdefault(seg_id, []).append(cand.name)
    gap_rows = [
        (STAGE_LABELS.get(s.stage, s.stage), s.name, SEGMENT_STATUS.get(s.status, s.status),
         len(s.members), round(s.evidence_strength, 2),
         "、".join(cands_by_seg.get(s.segment_id, [])))
        for s in coverage.segments
        if s.status in {"gap", "thin"}
    ]
    write_sheet(wb, "缺口与薄弱环节", ["阶段", "环节", "状态", "成员数", "证据强度", "候选单位"],
                gap_rows, wrap=["候选单位"])

    cand_rows = [
        (rank, c.name, org_type_label(c.org_type),
         "、".join(seg_names.get(s, s) for s in c.segment_ids), round(c.score, 3),
         "；".join(c.reasons))
        for rank, c in enumerate(sorted(coverage.candidates, key=lambda c: -c.score), start=1)
    ]
    write_sheet(wb, "招募候选单位", ["排名", "单位", "单位类型", "可补环节", "得分", "推荐理由"],
                cand_rows, wrap=["推荐理由"])


def appendix_sheet(wb: Workbook, coverage: Coverage, graph: nx.MultiDiGraph | None) -> None:
    """The chain map's evidence appendix: every drawn placement and candidate, its document
    and quoted sentence, and whether it is 待核实 (the rows of the appendix pages)."""
    from viz.chain_appendix import appendix_rows, document_names

    rows = [
        (index, row.stage, row.segment, row.unit, row.role,
         None if row.score is None else round(row.score, 3), row.to_verify, row.why_verify,
         "；".join(row.reasons),
         "\n".join(doc for doc, _ in row.quotes),
         "\n".join(f"“{sentence}”" for _, sentence in row.quotes))
        for index, row in enumerate(appendix_rows(coverage, document_names(graph)), start=1)
    ]
    write_sheet(wb, "归类与候选证据", ["序号", "阶段", "环节", "单位", "类别", "得分", "待核实",
                                    "核实事项", "依据", "文档", "证据原文"], rows,
                wrap=["依据", "文档", "证据原文"])


def _expert_rows(graph: nx.MultiDiGraph, reference_year: int | None) -> list[tuple]:
    from graphmap.talent import expert_profiles

    rows = []
    year = reference_year or pd.Timestamp.today().year
    for prof in expert_profiles(graph):
        if not prof.name.strip():
            continue
        primary = prof.primary
        young = prof.is_young(year)
        rows.append((
            prof.name,
            "、".join(prof.titles),
            primary.organization if primary else "",
            org_type_label(primary.org_type) if primary else "",
            "、".join(e.name for e in prof.expertise),
            "、".join(s[1] for s in prof.segments),
            prof.birth_year,
            None if young is None else young,
            "、".join(a.event for a in prof.appearances),
            STATUS_LABELS.get(graph.nodes[prof.id].get("status", ""), ""),
        ))
    return rows


def _organization_rows(graph: nx.MultiDiGraph, coverage: Coverage | None) -> list[tuple]:
    placed: dict[str, list[str]] = {}
    if coverage is not None:
        for seg in coverage.segments:
            for member in seg.members:
                placed.setdefault(member.org_id, []).append(seg.name)
    from graphmap.talent import organization_regions

    # a region the lists did not give is read off the name (GB/T 2260 gazetteer)
    regions = organization_regions(
        str(d.get("name", "")) for _, d in graph.nodes(data=True)
        if d.get("kind") == NodeKind.ORGANIZATION and not d.get("region"))
    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") != NodeKind.ORGANIZATION or data.get("status") == Status.REJECTED:
            continue
        if not str(data.get("name", "")).strip():
            continue
        consortia: dict[str, bool] = {}  # name -> leads it (a lead unit is also a member)
        segments, experts = list(placed.get(node, [])), 0
        for _, target, kind in graph.out_edges(node, keys=True):
            if kind in {EdgeKind.MEMBER_OF, EdgeKind.LEADS}:
                name = graph.nodes[target].get("name", "")
                consortia[name] = consortia.get(name, False) or kind == EdgeKind.LEADS
            elif kind == EdgeKind.IN_SEGMENT:
                segments.append(graph.nodes[target].get("name", ""))
        for _, _, kind in graph.in_edges(node, keys=True):
            experts += kind == EdgeKind.AFFILIATED_WITH
        rows.append((data.get("name", ""), org_type_label(data.get("org_type")),
                     data.get("credit_code") or "",
                     data.get("region") or regions.get(data.get("name", ""), ""),
                     "、".join(f"{n}（牵头）" if lead else n for n, lead in consortia.items()),
                     "、".join(dict.fromkeys(segments)),
                     experts, STATUS_LABELS.get(data.get("status", ""), "")))
    rows.sort(key=lambda r: (-r[6], r[0]))
    return rows


def _evidence_rows(graph: nx.MultiDiGraph) -> Iterable[tuple]:
    documents = {
        data.get("doc_id", node): Path(data["path"]).name if data.get("path")
        else data.get("name") or node
        for node, data in graph.nodes(data=True)
        if data.get("kind") == NodeKind.DOCUMENT
    }
    written = 0
    for node, data in graph.nodes(data=True):
        if data.get("kind") == NodeKind.DOCUMENT:
            continue
        kind = KIND_STYLE.get(data.get("kind", ""), (data.get("kind", ""),))[0].split(" ")[0]
        for ev in data.get("evidence") or []:
            doc = ev.get("doc_id", "")
            yield (kind, data.get("name", node), "", "", ev.get("sentence", ""),
                   documents.get(doc, doc), f"{ev.get('start', 0)}-{ev.get('end', 0)}",
                   ev.get("extractor", ""), ev.get("confidence"))
            written += 1
            if written >= MAX_EVIDENCE_ROWS:
                return
    for u, v, kind, data in graph.edges(keys=True, data=True):
        if kind == EdgeKind.MENTIONS:
            continue
        for ev in data.get("evidence") or []:
            doc = ev.get("doc_id", "")
            yield ("关系", graph.nodes[u].get("name", u), EDGE_LABELS.get(kind, kind),
                   graph.nodes[v].get("name", v), ev.get("sentence", ""), documents.get(doc, doc),
                   f"{ev.get('start', 0)}-{ev.get('end', 0)}", ev.get("extractor", ""),
                   ev.get("confidence"))
            written += 1
            if written >= MAX_EVIDENCE_ROWS:
                return


def write_workbook(
    path: str | Path,
    *,
    graph: nx.MultiDiGraph | None = None,
    coverage: Coverage | None = None,
    reference_year: int | None = None,
) -> Path:
    """Write the analysts' workbook and return its path.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write.
    graph : networkx.MultiDiGraph, optional
        Adds the experts, organizations and evidence sheets.
    coverage : graphmap.chains.Coverage, optional
        Adds members by segment, gaps and thin segments, and recruitment candidates.
    reference_year : int, optional
        The year ages are counted from (youth = 35 or younger).
    """
    wb = Workbook()
    wb.remove(wb.active)
    if coverage is not None:
        _coverage_sheets(wb, coverage)
        appendix_sheet(wb, coverage, graph)
    if graph is not None:
        write_sheet(wb, "专家", ["姓名", "职称", "单位", "单位类型", "领域与技术", "产业链环节",
                                 "出生年份", "青年（≤35岁）", "参加活动", "状态"],
                    _expert_rows(graph, reference_year), wrap=["领域与技术", "参加活动"])
        write_sheet(wb, "机构", ["名称", "类型", "统一社会信用代码", "地区", "所属联合体",
                                 "产业链环节", "专家数", "状态"],
                    _organization_rows(graph, coverage))
        write_sheet(wb, "证据", ["对象类型", "对象", "关系", "关系对象", "证据原文", "文档",
                                 "位置", "抽取方式", "置信度"], _evidence_rows(graph),
                    wrap=["证据原文"])
    if wb.worksheets:
        columns_sheet(wb)
    else:
        write_sheet(wb, "说明", ["说明"], [("没有可写入的数据：请提供图谱或产业链覆盖结果。",)])
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target
