"""Write the nasty-file seed corpus into this folder (deterministic; < 200 KB in all).

Run from the repository root: ``.venv/bin/python tests/fuzz/seeds/make_seeds.py``.
Each file is small and aims at one way a real-world file goes wrong: odd encodings, control
characters, formulas in list cells, truncated or bit-flipped Office zips, a zip bomb, markup
that never closes, a PDF that is not one. ``tests/fuzz/test_seed_corpus.py`` replays them.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2025, 1, 1, 0, 0, 0)
SALON = (
    "主持人：欢迎各位来到具身智能沙龙。\n"
    "张伯钧（清华大学教授）：谢谢主持人，我介绍一下灵巧手的进展。\n"
    "李晓（北京星衍科技有限公司总工程师）：我们与中科院自动化所合作研发减速器。\n"
)
HOSTILE = ["=cmd|' /C calc'!A0", "<script>alert(1)</script>", "+1+1", "@SUM(A1:A9)",
           "北京\x01测试\x1b科技有限公司", "\u202e司公限有技科", "-2+3有限公司"]


def _text_seeds() -> dict[str, bytes]:
    rng = random.Random(11)
    return {
        "empty.txt": b"",
        "bom_only.txt": b"\xef\xbb\xbf",
        "whitespace_only.txt": " \t\r\n\u3000".encode() * 50,
        "utf16le_bom_salon.txt": b"\xff\xfe" + SALON.encode("utf-16-le"),
        "utf16be_no_bom_salon.txt": SALON.encode("utf-16-be"),
        "gb18030_salon.txt": SALON.encode("gb18030"),
        "big5_traditional.txt": "主持人：歡迎來到沙龍。\n張三（國立臺灣大學教授）：謝謝。\n".encode(
            "big5"),
        "mixed_utf8_gbk_halves.txt": SALON.encode("utf-8") + SALON.encode("gbk"),
        "latin1_press.txt": "Café Müller GmbH and Tsinghua Université signed.\n".encode("latin-1"),
        "nul_bytes.txt": SALON.encode("utf-8").replace("。".encode(), b"\x00"),
        "control_chars.txt": "".join(c + chr(rng.choice([1, 7, 8, 11, 12, 27, 127]))
                                     for c in SALON).encode("utf-8"),
        "random_bytes.txt": bytes(rng.randrange(256) for _ in range(3000)),
        "one_long_line.txt": ("人工智能与清华大学合作" * 1200).encode("utf-8"),
        "cr_only_lines.md": SALON.replace("\n", "\r").encode("utf-8"),
        "speaker_labels_only.txt": ("主持人：\n张三：\n：\n：：：\n" * 40).encode("utf-8"),
        "rtl_and_bidi.txt": ("\u202e清华大学\u202c与\u2066北京大学\u2069合作。\u2028"
                             "Prof. Li\u200b (MIT)。").encode("utf-8"),
        "emoji_and_astral.txt": "𠀀𠀁张三😀（𪚥科技有限公司🚀总工程师）介绍了人工智能。".encode(),
    }


def _list_seeds() -> dict[str, bytes]:
    rows = ["序号,单位名称,单位类型,统一社会信用代码"]
    rows += [f"{i},{name},企业,91110000{i:010d}" for i, name in enumerate(HOSTILE, 1)]
    ragged = "姓名,工作单位,职称\n张三\n李四,清华大学,教授,多余,更多\n,,\n\"未闭合,引号\n"
    return {
        "成员单位名单_hostile.csv": "\n".join(rows).encode("utf-8-sig"),
        "专家名单_ragged.csv": ragged.encode("utf-8"),
        "专家名单_gb18030_semicolon.csv": "姓名;工作单位;职称\n王五;北京大学;研究员\n".encode(
            "gb18030"),
        "header_only.csv": "姓名,工作单位,职称\n".encode(),
        "many_columns.csv": (",".join(f"列{i}" for i in range(800)) + "\n"
                             + ",".join("x" * 3 for _ in range(800))).encode(),
        "成员单位名单_hostile.xlsx": _xlsx(),
    }


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "成员单位"
    sheet.append(["一、牵头单位"])
    sheet.merge_cells("A1:C1")
    sheet.append(["序号", "单位名称", "单位类型"])
    for i, name in enumerate(HOSTILE, 1):
        sheet.append([i, name.replace("\x01", "").replace("\x1b", ""), "企业"])
    sheet.append([None, None, None])
    sheet.append(["注：", "以上排名不分先后"])
    book.create_sheet("空表")
    buffer = io.BytesIO()
    book.save(buffer)
    return _stable(buffer.getvalue())


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("沙龙速记", 1)
    for line in SALON.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable(buffer.getvalue())


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _stable(data: bytes) -> bytes:
    """The same Office file with fixed zip timestamps and document dates (byte-stable seeds)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name in source.namelist():
            member = source.read(name)
            if name == "docProps/core.xml":
                member = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z",
                                member)
            target.writestr(_info(name), member)
    return out.getvalue()


def _flip(data: bytes, seed: int, flips: int = 40) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(flips):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(_info(name), data)
    return buffer.getvalue()


def _container_seeds() -> dict[str, bytes]:
    docx_bytes, xlsx_bytes = _docx(), _xlsx()
    return {
        "truncated.docx": docx_bytes[: len(docx_bytes) // 2],
        "bitflipped.docx": _flip(docx_bytes, 1),
        "bitflipped.xlsx": _flip(xlsx_bytes, 2),
        "not_a_zip.docx": SALON.encode("utf-8"),
        "empty_zip.pptx": _zip({}),
        "wrong_members.xlsx": _zip({"hello.txt": b"not a workbook"}),
        "zip_bomb.docx": _zip({"[Content_Types].xml": b"<Types/>",
                               "word/document.xml": b"<" + b"\x00" * 12_000_000}),
        "not_a_pdf.pdf": b"%PDF-1.7\n" + SALON.encode("utf-8") + b"\n%%EOF",
        "truncated.pdf": (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          b"2 0 obj\n<<"),
    }


def _html_seeds() -> dict[str, bytes]:
    deep = "<div>" * 3000 + "清华大学教授张三" + "</div>" * 10
    return {
        "script_and_entities.html": (
            "<html><head><title>&lt;script&gt;新闻</title><script>alert('x')</script>"
            "<style>body{}</style></head><body><p>北京&amp;清华大学&#x4E0E;北京大学合作"
            "<p>未闭合段落<td>孤立单元格</body>").encode(),
        "deep_nesting.html": deep.encode("utf-8"),
        "gbk_declared_utf8.htm": ('<meta charset="gbk"><p>' + SALON + "</p>").encode("utf-8"),
    }


def main() -> None:
    seeds = {**_text_seeds(), **_list_seeds(), **_container_seeds(), **_html_seeds()}
    for old in HERE.iterdir():
        if old.is_file() and old.name != Path(__file__).name:
            old.unlink()
    for name, data in sorted(seeds.items()):
        (HERE / name).write_bytes(data)
    total = sum(len(d) for d in seeds.values())
    print(f"{len(seeds)} seed files, {total:,} bytes")


if __name__ == "__main__":
    main()
