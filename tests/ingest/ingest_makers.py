"""Build real files of every format for the ingest tests (nothing is checked in)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
import pptx
from pptx.util import Inches

TRANSCRIPT = """人工智能科创沙龙速记

时间：2024年5月10日
地点：北京

一、主旨报告
09:00-09:30 开幕致辞
主持人：欢迎各位嘉宾。今天我们讨论大模型与算力。
张三（清华大学教授）：谢谢主持人。我想谈三点。
第一，算力很重要。
王五（中国工程院院士、北京航空航天大学教授）：我同意张教授的看法。
二、圆桌讨论
李四：我补充一下！数据也很关键。
Q：请问数据怎么治理？
A：数据要分级分类治理。
"""

EXPERT_HEADER = ["序号", "姓名", "性别", "出生年月", "职称/职务", "工作单位", "研究方向", "简介"]
EXPERT_ROWS = [
    ["1", "张三", "男", "1970.05", "教授", "清华大学", "机器学习", "长期从事机器学习研究。"],
    ["2", "李四", "女", "1980.11", "研究员", "中国科学院自动化研究所", "计算机视觉", "视觉专家。"],
]


def write_docx(path: Path, *, table: Sequence[Sequence[str]] | None = None,
               table_title: str | None = None) -> Path:
    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("人工智能产业发展报告", level=1)
    document.add_paragraph("人工智能产业快速发展。清华大学与百度公司开展合作！")
    document.add_heading("一、产业链现状", level=2)
    document.add_paragraph("上游为芯片与算力，中游为模型，下游为应用。")
    if table is not None:
        if table_title:
            document.add_paragraph(table_title)
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.add_paragraph("以上为报告正文。")
    document.save(path)
    return path


def write_pptx(path: Path) -> Path:
    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "大模型的机遇与挑战"
    body = slide.placeholders[1].text_frame
    body.text = "算力是基础"
    body.add_paragraph().text = "数据是关键"
    slide.notes_slide.notes_text_frame.text = "演讲者备注：强调算力。"
    slide2 = deck.slides.add_slide(deck.slide_layouts[5])
    slide2.shapes.title.text = "产业链图谱"
    table = slide2.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(4), Inches(1)).table
    for r, row in enumerate([["环节", "代表企业"], ["上游", "寒武纪"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    deck.save(path)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]],
               merges: dict[str, list[str]] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    book.save(path)
    return path


def member_sheet() -> tuple[list[list[object]], list[str]]:
    """A realistic member list: title row, header on row 3, section rows, merged cells."""
    rows: list[list[object]] = [
        ["人工智能科创协同联合体成员单位名单", None, None, None, None, None],
        ["（截至2024年6月）", None, None, None, None, None],
        ["序号", "成员单位", "单位类型", "统一社会信用代码", "所属领域/环节", "加入时间"],
        ["一、牵头单位", None, None, None, None, None],
        [1, "清华大学", "高校", "12100000400000624D", "上游", "2023-01"],
        ["二、成员单位", None, None, None, None, None],
        [2, "北京百度网讯科技有限公司", "企业", "91110000802100433B", "中游", "2023-03"],
        [3, "中国科学院自动化研究所", "科研院所", None, "上游", "2023-03"],
        [4, "北京智谱华章科技有限公司", "企业", None, "中游", "2023-05"],
        ["注：排名不分先后", None, None, None, None, None],
    ]
    merges = ["A1:F1", "A2:F2", "A4:F4", "A6:F6", "F7:F8", "A10:F10"]
    return rows, merges


def zip_bomb(path: Path, inflated_bytes: int, *, members: int = 1) -> Path:
    """An Office-looking zip whose parts inflate to ``inflated_bytes`` zeros."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        chunk = b"\0" * (1 << 20)
        for index in range(members):
            with archive.open(f"word/bomb{index}.xml", "w", force_zip64=True) as member:
                for _ in range(inflated_bytes // len(chunk) // members):
                    member.write(chunk)
    return path


def pdf_text(path: Path, lines: Sequence[str], *, cjk: bool = False) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    if cjk:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        pdf.setFont("STSong-Light", 12)
    else:
        pdf.setFont("Helvetica", 12)
    y = 800
    for line in lines:
        if line == "\f":
            pdf.showPage()
            pdf.setFont("STSong-Light" if cjk else "Helvetica", 12)
            y = 800
            continue
        pdf.drawString(50, y, line)
        y -= 20
    pdf.save()
    return path


def pdf_scanned(path: Path) -> Path:
    """A PDF whose page is only a picture (what a scanner produces)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (200, 100), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(ImageReader(buffer), 50, 600, width=400, height=200)
    pdf.save()
    return path


def encrypt_office(source: Path, target: Path, password: str = "secret") -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with source.open("rb") as plain, target.open("wb") as out:
        OOXMLFile(plain).encrypt(password, out)
    return target
