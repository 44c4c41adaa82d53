"""Ingest throughput per format: generate files, read them, print MB/s (of file bytes).

Run on demand::

    nice -n 10 .venv/bin/python bench/bench_ingest.py [--scale 1.0] [--repeat 3]

Files are generated into a temporary folder (synthetic Chinese transcripts, reports, member
and expert lists); nothing is downloaded and nothing is kept.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ingest

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
ORGS = ["清华大学", "北京大学", "中国科学院自动化研究所", "北京百度网讯科技有限公司",
        "北京智源人工智能研究院", "北京航空航天大学", "北京灵犀机器人科技有限公司"]
TITLES = ["教授", "研究员", "总经理", "首席科学家", "高级工程师", "院长"]
FIELDS = ["机器学习", "计算机视觉", "具身智能", "集成电路设计", "生物医药", "智能网联汽车"]
SENTENCES = [
    "人工智能科创协同联合体围绕产业链关键环节开展联合攻关。",
    "上游企业提供芯片与传感器，中游企业研发大模型与整机，下游企业推动场景落地。",
    "与会专家认为，应当加快科技成果转化，完善产学研协同机制。",
    "Tsinghua University and Baidu signed a cooperation agreement on embodied intelligence.",
    "会议还发布了具身智能任务评测规范，并启动了人才培养计划。",
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _paragraph(rng: random.Random) -> str:
    return "".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6)))


def _transcript(rng: random.Random, target_chars: int) -> str:
    lines = ["工程师跨界沙龙速记文稿", "", "一、主题发言"]
    size = 0
    while size < target_chars:
        line = f"{_name(rng)}（{rng.choice(ORGS)}{rng.choice(TITLES)}）：{_paragraph(rng)}"
        lines.append(line)
        size += len(line)
    return "\n".join(lines) + "\n"


def _expert_rows(rng: random.Random, n: int) -> list[list[str]]:
    rows = [["序号", "姓名", "性别", "出生年月", "职称", "工作单位", "研究方向", "简介"]]
    for i in range(n):
        rows.append([str(i + 1), _name(rng), rng.choice("男女"), f"19{rng.randint(50, 99)}.0"
                     f"{rng.randint(1, 9)}", rng.choice(TITLES), rng.choice(ORGS),
                     rng.choice(FIELDS), _paragraph(rng)[:60]])
    return rows


def make_files(folder: Path, scale: float) -> dict[str, Path]:
    import docx
    import openpyxl
    import pptx
    import xlwt
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    rng = random.Random(7)
    files: dict[str, Path] = {}
    text = _transcript(rng, int(2_000_000 * scale))
    files["txt (utf-8)"] = folder / "transcript.txt"
    files["txt (utf-8)"].write_text(text, encoding="utf-8")
    files["txt (gbk)"] = folder / "transcript_gbk.txt"
    files["txt (gbk)"].write_bytes(text.encode("gbk"))
    files["md"] = folder / "report.md"
    files["md"].write_text("\n\n".join(f"## 第{i}节\n\n{_paragraph(rng)}"
                                       for i in range(int(8000 * scale))), encoding="utf-8")
    files["html"] = folder / "news.html"
    body = "".join(f"<h2>第{i}节</h2><p>{_paragraph(rng)}<b>重点</b></p>"
                   for i in range(int(6000 * scale)))
    files["html"].write_text(f"<html><head><title>新闻</title><script>x=1</script></head>"
                             f"<body><article>{body}</article></body></html>", encoding="utf-8")

    document = docx.Document()
    for i in range(int(3000 * scale)):
        if i % 20 == 0:
            document.add_heading(f"第{i // 20 + 1}章", level=1)
        document.add_paragraph(_paragraph(rng))
    rows = _expert_rows(rng, int(300 * scale))
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    files["docx"] = folder / "report.docx"
    document.save(files["docx"])

    deck = pptx.Presentation()
    for i in range(int(300 * scale)):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = f"第{i + 1}页 产业链分析"
        slide.placeholders[1].text_frame.text = _paragraph(rng)
        slide.notes_slide.notes_text_frame.text = _paragraph(rng)
    files["pptx"] = folder / "deck.pptx"
    deck.save(files["pptx"])

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    files["pdf"] = folder / "report.pdf"
    pdf = canvas.Canvas(str(files["pdf"]), pagesize=A4)
    for _ in range(int(200 * scale)):
        pdf.setFont("STSong-Light", 10)
        y = 800
        while y > 60:
            pdf.drawString(40, y, rng.choice(SENTENCES)[:45])
            y -= 14
        pdf.showPage()
    pdf.save()

    experts = _expert_rows(rng, int(20_000 * scale))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["人工智能专家名单"])
    for row in experts:
        sheet.append(row)
    files["xlsx"] = folder / "experts.xlsx"
    book.save(files["xlsx"])

    old = xlwt.Workbook(encoding="utf-8")
    old_sheet = old.add_sheet("专家")
    for r, row in enumerate(experts[:60_000]):
        for c, value in enumerate(row):
            old_sheet.write(r, c, value)
    files["xls"] = folder / "experts.xls"
    old.save(str(files["xls"]))

    files["csv"] = folder / "experts.csv"
    files["csv"].write_bytes("\n".join(",".join(row) for row in experts).encode("gbk"))
    return files


def measure(read: Callable[[Path], object], path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        read(path)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size multiplier of the files")
    parser.add_argument("--repeat", type=int, default=3, help="runs per file; the best counts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = make_files(Path(tmp), args.scale)
        ingest.read_path(files["txt (gbk)"])  # warm up: jieba dictionary, parsers
        # zipped formats (docx/pptx/xlsx) are small on disk, so chars/s is shown as well
        print(f"{'format':<12} {'file MB':>8} {'seconds':>8} {'MB/s':>8} {'chars':>10} "
              f"{'kchars/s':>9} {'records':>8}", flush=True)
        for label, path in files.items():
            doc = ingest.read_path(path)
            seconds = measure(ingest.read_path, path, args.repeat)
            size = path.stat().st_size / 1e6
            print(f"{label:<12} {size:8.2f} {seconds:8.2f} {size / seconds:8.2f} "
                  f"{len(doc.text):10d} {len(doc.text) / seconds / 1e3:9.0f} "
                  f"{len(doc.records):8d}", flush=True)


if __name__ == "__main__":
    main()
