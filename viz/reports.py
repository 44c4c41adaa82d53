"""Reports in Word (.docx) and HTML: the consortium map report and the salon report.

Each report is first written as a list of blocks (headings, paragraphs, tables, figures,
quotes, lists); two small renderers turn the same blocks into a self-contained HTML page
(figures inlined as data URIs, every string escaped) and a Word document. So both formats
always say the same thing.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from viz.interactive import ASSETS
from viz.salon import SalonDigest
from viz.style import STAGE_LABELS, org_type_label
from viz.summary import DUTY_STATUS, MIN_SUMMARY_CHARS, SummaryDraft

if TYPE_CHECKING:
    from graphmap.chains.duties import DutyReport
    from graphmap.chains.results import Coverage

SEGMENT_STATUS = {"gap": "缺口", "thin": "薄弱", "covered": "已覆盖"}
BODY_FONT, HEADING_FONT = "宋体", "黑体"


# --------------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------------


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    note: bool = False


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass
class Figure:
    path: Path
    caption: str


@dataclass
class QuoteBlock:
    text: str
    attribution: str


@dataclass
class BulletList:
    items: list[str]
    ordered: bool = False


Block = Heading | Paragraph | Table | Figure | QuoteBlock | BulletList


@dataclass
class Report:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


# --------------------------------------------------------------------------------------------
# Contents
# --------------------------------------------------------------------------------------------


def consortium_report(
    coverage: Coverage,
    *,
    figures: dict[str, Path] | None = None,
    on: date | None = None,
    duties: DutyReport | None = None,
    summary: SummaryDraft | None = None,
) -> Report:
    """The consortium's yearly report: overview, the year's duties with their evidence, chain
    map, coverage per segment, gaps, candidates, talent, and the work-summary draft.

    ``figures`` may hold PNG paths under ``chain_map``, ``talent_map`` and ``expert_network``;
    ``duties`` (see :func:`graphmap.chains.duties.duties_report`) adds the duties section and
    ``summary`` (see :func:`viz.summary.work_summary`) the sourced work-summary draft.
    """
    figures = figures or {}
    day = (on or date.today()).isoformat()
    report = Report(
        title=f"{coverage.consortium}产业图谱报告",
        subtitle=f"产业链：{coverage.industry} · 生成日期：{day} · "
        "由 graphmap 根据成员名单与文本证据生成",
    )
    members = coverage.member_count or len({m.org_id for s in coverage.segments for m in s.members})
    covered = [s for s in coverage.segments if s.status != "gap"]
    names = {s.segment_id: s.name for s in coverage.segments}
    balance = "，".join(
        f"{STAGE_LABELS.get(stage, stage)} {count} 家" for stage, count in coverage.balance.items()
    )
    overview = (
        f"{coverage.consortium}现有成员单位 {members} 家，{coverage.industry}产业链共 "
        f"{len(coverage.segments)} 个环节，成员已覆盖 {len(covered)} 个"
        f"（其中薄弱 {len(coverage.thin)} 个），尚有 {len(coverage.gaps)} 个缺口环节。"
    )
    if balance:
        overview += f"按上中下游分布：{balance}。"
    if coverage.unclassified:
        overview += f"另有 {len(coverage.unclassified)} 家成员暂无法归入任何环节，需人工核对。"
    report.add(Heading("一、总体情况"), Paragraph(overview))
    if duties is not None and duties.checks:
        _duty_blocks(report, duties)
    if "chain_map" in figures:
        report.add(Heading("二、产业链图谱"),
                   Figure(figures["chain_map"], f"图1 {coverage.industry}产业链图谱（★牵头单位）"))
    rows = []
    for seg in coverage.segments:
        units = "、".join(
            ("★" if m.is_lead else "") + m.name + ("（待核实）" if m.uncertain else "")
            for m in sorted(seg.members, key=lambda m: (not m.is_lead, -m.score))
        )
        mix = "、".join(f"{org_type_label(t)}{n}" for t, n in seg.counts_by_type.items() if n)
        rows.append([STAGE_LABELS.get(seg.stage, seg.stage), seg.name,
                     SEGMENT_STATUS.get(seg.status, seg.status), units or "—", mix or "—",
                     f"{seg.evidence_strength:.2f}"])
    report.add(Heading("三、各环节覆盖情况"),
               Table(["阶段", "环节", "状态", "成员单位", "类型构成", "证据强度"], rows,
                     "表1 成员单位在产业链各环节的分布"))
    cands_by_seg: dict[str, list[str]] = {}
    for cand in coverage.candidates:
        if not cand.name.strip() or cand.name == cand.org_id:
            continue
        for seg_id in cand.segment_ids:
            cands_by_seg.setdefault(seg_id, []).append(cand.name)
    weak = []
    for seg in coverage.segments:
        if seg.status not in {"gap", "thin"}:
            continue
        line = f"{seg.name}（{STAGE_LABELS.get(seg.stage, seg.stage)}，"
        line += "缺口" if seg.status == "gap" else f"薄弱，现有 {len(seg.members)} 家"
        line += "）"
        if cands_by_seg.get(seg.segment_id):
            line += "：可考虑招募 " + "、".join(cands_by_seg[seg.segment_id][:5])
        weak.append(line)
    report.add(Heading("四、缺口与薄弱环节"),
               BulletList(weak) if weak else Paragraph("各环节均已有成员单位覆盖。"))
    named = [c for c in coverage.candidates if c.name.strip() and c.name != c.org_id]
    cand_rows = [
        [str(rank), c.name, org_type_label(c.org_type),
         "、".join(names.get(s, s) for s in c.segment_ids), f"{c.score:.2f}", "；".join(c.reasons)]
        for rank, c in enumerate(sorted(named, key=lambda c: -c.score), start=1)
    ]
    report.add(Heading("五、建议招募的候选单位"))
    if cand_rows:
        report.add(
            Paragraph("按补链价值排序（环节契合度、证据、与现有成员的联系、单位类型互补）。"
                      "联合体每年新增成员不少于 6 家，建议优先从下表中遴选。"),
            Table(["排名", "单位", "类型", "可补环节", "得分", "理由"], cand_rows,
                  "表2 招募候选单位"),
        )
    else:
        report.add(Paragraph("图谱中暂无可补缺口的非成员单位。"))
    if "talent_map" in figures or "expert_network" in figures:
        report.add(Heading("六、人才图谱"))
        if "talent_map" in figures:
            report.add(Figure(figures["talent_map"], "图2 专家人才图谱"))
        if "expert_network" in figures:
            report.add(Figure(figures["expert_network"], "图3 专家—技术关系网络"))
    if summary is not None:
        _summary_blocks(report, summary)
    report.add(Paragraph(
        "说明：成员归入环节依据成员名单申报的领域、其技术与产品以及文本证据，带“待核实”标记的"
        "归类证据不足，请分析人员确认后再定稿。", note=True))
    _number_headings(report)
    return report


def _evidence_line(ev: dict) -> str:
    """One piece of evidence as 《document》：“quote”, or what it states when it has no quote."""
    label = ev.get("title") or (Path(ev["path"]).name if ev.get("path") else "")
    quote = " ".join(str(ev.get("sentence") or "").split())
    if label and quote:
        return f"《{label}》：“{quote}”"
    if quote:
        return f"“{quote}”"
    if ev.get("hosts"):
        return "主办单位（图谱）：" + "、".join(ev["hosts"])
    if ev.get("event"):
        people = f"，参会 {ev['attendance']} 人" if ev.get("attendance") else ""
        return f"活动（图谱）：{ev['event']}（{ev.get('date') or '日期不明'}{people}）"
    return f"《{label}》" if label else ""


def _duty_blocks(report: Report, duties: DutyReport) -> None:
    """Each of the year's duties met / not met / unknown, then its evidence, document + quote."""
    rows = [[c.title, c.required, c.found, DUTY_STATUS.get(c.status, c.status)]
            for c in duties.checks]
    report.add(Heading(f"{duties.year}年度任务完成情况"),
               Table(["任务", "要求", "完成情况", "结论"], rows,
                     f"表 {duties.year}年度任务完成情况（已完成 / 未完成 / 待核实）"))
    for check in duties.checks:
        report.add(Heading(f"{check.title}：{DUTY_STATUS.get(check.status, check.status)}", 2))
        lines = [line for line in (_evidence_line(ev) for ev in check.evidence) if line]
        if lines:
            report.add(BulletList(list(dict.fromkeys(lines))))
        else:
            report.add(Paragraph("证据：工作区中没有相关文件。"))
        if check.hint:
            report.add(Paragraph(f"下一步：{check.hint}", note=True))


def _summary_blocks(report: Report, summary: SummaryDraft) -> None:
    """The work-summary draft; 〔n〕 after each sentence names its sources in the list below."""
    report.add(Heading(summary.title))
    short = "" if summary.chars >= MIN_SUMMARY_CHARS else (
        f"，不足 {MIN_SUMMARY_CHARS} 字：图谱中的事实不够，请补充材料后重新生成")
    report.add(Paragraph(f"本草稿共 {summary.chars} 字{short}。每句均由图谱中的事实写成，"
                         "句末〔n〕为其来源编号（见“来源”）；定稿前请核对。", note=True))
    for heading, sentences in summary.sections:
        if not sentences:
            continue
        report.add(Heading(heading, 2), Paragraph("".join(
            s.text + "".join(f"〔{n}〕" for n in s.sources) for s in sentences)))
    report.add(Heading("来源", 2),
               BulletList([f"〔{i}〕{source}" for i, source in enumerate(summary.sources, 1)]))


_NUMERALS = "一二三四五六七八九十"


def _number_headings(report: Report) -> None:
    """Number the top-level sections in order (一、二、…) after the optional ones are in."""
    count = 0
    for block in report.blocks:
        if isinstance(block, Heading) and block.level == 1:
            text = block.text.split("、", 1)[1] if block.text[:1] in _NUMERALS and "、" in \
                block.text[:3] else block.text
            block.text = f"{_NUMERALS[count] if count < 10 else count + 1}、{text}"
            count += 1


def salon_report(digest: SalonDigest, *, on: date | None = None) -> Report:
    """The salon report: overview, agenda, speakers, topics, viewpoints, draft proposals."""
    day = (on or date.today()).isoformat()
    report = Report(title=f"{digest.title}成果报告",
                    subtitle=f"生成日期：{day} · 由 graphmap 根据速记与活动资料生成，"
                    "引文均为发言原文")
    facts = []
    if digest.date:
        facts.append(f"时间：{digest.date}")
    if digest.place:
        facts.append(f"地点：{digest.place}")
    if digest.hosts:
        facts.append("主办/承办：" + "、".join(digest.hosts))
    if digest.attendance:
        facts.append(f"参加人数：约 {digest.attendance} 人")
    facts.append(f"发言嘉宾：{len(digest.speakers)} 位")
    report.add(Heading("一、活动概况"), Paragraph("；".join(facts) + "。"))
    by_name = {s.name: s for s in digest.speakers}

    def who(name: str) -> str:
        billing = by_name[name].billing if name in by_name else ""
        return f"{name}（{billing}）" if billing else name

    def credit(name: str) -> str:
        billing = by_name[name].billing if name in by_name else ""
        return f"{name}，{billing}" if billing else name

    if digest.agenda:
        introduced: set[str] = set()

        def first_time(name: str) -> str:
            """Speakers are introduced with their billing once, then by name."""
            if name in introduced:
                return name
            introduced.add(name)
            return who(name)

        items = [f"{item.title}：" + "、".join(first_time(n) for n in item.speakers)
                 if item.speakers else item.title for item in digest.agenda]
        report.add(Heading("二、议程"), BulletList(items))
    rows = [[s.name, s.organization or "—", "、".join(s.titles) or "—", str(s.turns)]
            for s in digest.speakers]
    report.add(Heading("三、发言嘉宾"), Table(["姓名", "单位", "职务/职称", "发言次数"], rows))
    topics = []
    if digest.technologies:
        topics.append("涉及的主要技术：" + "、".join(
            f"{name}（{count}次）" for name, count in digest.technologies[:15]) + "。")
    if digest.segments:
        topics.append("涉及的产业链环节：" + "、".join(
            f"{name}（{count}次）" for name, count in digest.segments[:10]) + "。")
    report.add(Heading("四、主要议题与技术"),
               *(Paragraph(t) for t in topics or ["速记中未识别出图谱内的技术名称。"]))
    report.add(Heading("五、专家主要观点"))
    for name, quotes in digest.viewpoints.items():
        if not quotes:
            continue
        report.add(Heading(who(name), 2))
        report.add(*(QuoteBlock(q.text, f"{name}") for q in quotes))
    report.add(Heading("六、产业（行业）发展建议（草稿）"))
    if digest.suggestions:
        report.add(Paragraph(
            "以下建议由嘉宾发言中提出建议的语句改写而成，按所涉产业链环节或技术归类；每条之后"
            "为发言人和发言原文，供撰写《产业或行业发展建议报告》使用；现场问答另列于后。"
            "定稿前请发言人审阅。", note=True))
        themes: dict[str, list] = {}
        for item in digest.suggestions:
            themes.setdefault(item.theme, []).append(item)
        ordered = sorted(themes, key=lambda t: (t == "综合", -len(themes[t])))
        for number, theme in enumerate(ordered):
            report.add(Heading(f"（{_NUMERALS[number % 10]}）{theme}", 2))
            for item in themes[theme]:
                speakers = "；".join(dict.fromkeys(credit(q.speaker) for q in item.evidence))
                report.add(BulletList([f"{item.text}（{speakers}）"], ordered=False))
                report.add(*(QuoteBlock(q.text, f"{q.speaker}，原文") for q in item.evidence))
    else:
        report.add(Paragraph("速记中未找到提出建议的语句。"))
    if digest.exchanges:
        report.add(Heading("七、现场问答"),
                   Paragraph("现场提问与嘉宾回答，按原文照录，不计入上面的建议。", note=True))
        for number, exchange in enumerate(digest.exchanges, start=1):
            report.add(Heading(f"问题 {number}", 2),
                       QuoteBlock(exchange.question.text, "提问"))
            report.add(*(QuoteBlock(r.text, f"{credit(r.speaker)}（回答）")
                         for r in exchange.replies))
    if digest.sources:
        report.add(Paragraph("资料来源：" + "；".join(digest.sources), note=True))
    return report


# --------------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=True)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (no external resource, all text escaped)."""
    blocks = []
    for block in report.blocks:
        kind = type(block).__name__
        item = {"kind": kind, "block": block}
        if isinstance(block, Figure):
            item["src"] = _data_uri(block.path)
        blocks.append(item)
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    return _environment().get_template("report.html.j2").render(
        report=report, blocks=blocks, css=css
    )


def write_html(report: Report, path: str | Path) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(report), encoding="utf-8")
    return target


def _font(run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def _style_fonts(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = HEADING_FONT
        style.font.color.rgb = RGBColor(0x1F, 0x29, 0x33)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEADING_FONT)


def write_docx(report: Report, path: str | Path) -> Path:
    """The report as a Word document (A4, 宋体 body, 黑体 headings, each figure on an A4
    landscape page of its own)."""
    doc = WordDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.4)
    _style_fonts(doc)
    title = doc.add_heading(report.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if report.subtitle:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(para.add_run(report.subtitle), BODY_FONT, 9)
    landscape = False
    for block in report.blocks:
        if isinstance(block, Figure) != landscape:
            landscape = not landscape
            _page(doc, landscape=landscape)
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            para = doc.add_paragraph()
            run = para.add_run(block.text)
            _font(run, BODY_FONT, 9 if block.note else None)
            if block.note:
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        elif isinstance(block, Table):
            _docx_table(doc, block)
        elif isinstance(block, Figure):
            # A4-landscape figures go on landscape pages, so print stays legible.
            doc.add_picture(str(block.path), width=Cm(23))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(cap.add_run(block.caption), BODY_FONT, 9)
        elif isinstance(block, QuoteBlock):
            para = doc.add_paragraph(style="Quote")
            _font(para.add_run(f"“{block.text}”"), BODY_FONT)
            _font(para.add_run(f" ——{block.attribution}"), BODY_FONT, bold=True)
        elif isinstance(block, BulletList):
            style = "List Number" if block.ordered else "List Bullet"
            for item in block.items:
                _font(doc.add_paragraph(style=style).add_run(item), BODY_FONT)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)
    return target


def _page(doc, *, landscape: bool) -> None:
    """Start a new A4 section in the given orientation."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long_side, short_side = Cm(29.7), Cm(21.0)
    section.page_width = long_side if landscape else short_side
    section.page_height = short_side if landscape else long_side
    margin = Cm(1.5) if landscape else Cm(2.4)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = Cm(1.5) if landscape else Cm(2.54)


def _docx_table(doc, block: Table) -> None:
    if block.caption:
        cap = doc.add_paragraph()
        _font(cap.add_run(block.caption), HEADING_FONT, 9.5, bold=True)
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    # Fixed widths across the text width: autofit squeezes long columns and Word then
    # shrinks the 9 pt text to fit; wrapped text in a wide enough column stays 9 pt.
    table.autofit = False
    section = doc.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    widths = _column_widths(block, text_width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 9, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, _pad(row, len(block.headers)), strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 9)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _column_widths(block: Table, text_width: int) -> list[int]:
    """Column widths (EMU) summing to the text width: each column gets a share by its longest
    text (capped, so one long column cannot starve the others) with a floor fitting its
    header's characters at 9 pt."""
    n = len(block.headers)
    wants = []
    for i, header in enumerate(block.headers):
        longest = max([_display_width(header)] + [_display_width(_pad(r, n)[i])
                                                   for r in block.rows])
        wants.append(max(min(longest, 60), 4))
    floors = [int(Pt(5 * max(_display_width(h), 4))) + int(Cm(0.4)) for h in block.headers]
    total = sum(wants)
    widths = [max(floor, int(text_width * want / total)) for want, floor in zip(wants, floors,
                                                                                 strict=True)]
    scale = text_width / sum(widths)
    return [int(w * scale) for w in widths]


def _pad(row: Sequence[str], n: int) -> list[str]:
    return [str(v) for v in row][:n] + [""] * max(0, n - len(row))


def write_report(report: Report, out_dir: str | Path, stem: str) -> list[Path]:
    """Write ``stem.html`` and ``stem.docx`` into ``out_dir``."""
    folder = Path(out_dir)
    html = write_html(report, folder / f"{stem}.html")
    return [html, write_docx(report, folder / f"{stem}.docx")]
