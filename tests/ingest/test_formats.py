"""docx, pptx, pdf and html: text, structure and metadata from real generated files."""

from __future__ import annotations

from pathlib import Path

from ingest_makers import pdf_text, write_docx, write_pptx

import ingest


def _assert_spans_exact(doc: ingest.Document) -> None:
    for span in [*doc.paragraphs, *doc.sentences]:
        chunk = doc.text[span.start : span.end]
        assert chunk and chunk == chunk.strip()


def test_docx_paragraphs_and_headings(tmp_path: Path) -> None:
    doc = ingest.read_path(write_docx(tmp_path / "报告.docx"))
    headings = [doc.text[p.start : p.end] for p in doc.paragraphs if p.label == "heading"]
    assert headings == ["人工智能产业发展报告", "一、产业链现状"]
    assert doc.title == "人工智能产业发展报告"
    assert doc.doc_type == "report"  # from the file name
    assert "上游为芯片与算力，中游为模型，下游为应用。" in [
        doc.text[s.start : s.end] for s in doc.sentences]
    _assert_spans_exact(doc)


def test_pptx_titles_bodies_tables_and_notes(tmp_path: Path) -> None:
    doc = ingest.read_path(write_pptx(tmp_path / "deck.pptx"))
    assert doc.doc_type == "slides"
    assert doc.metadata["slides"] == 2
    assert doc.metadata["slide_titles"] == ["大模型的机遇与挑战", "产业链图谱"]
    labels = {doc.text[p.start : p.end]: p.label for p in doc.paragraphs}
    assert labels["算力是基础"] == "paragraph"
    assert labels["演讲者备注：强调算力。"] == "notes"
    assert labels["上游 | 寒武纪"] == "table"
    first, second = doc.metadata["slide_spans"]
    assert "演讲者备注" in doc.text[first[0] : first[1]]
    assert doc.text[second[0] : second[1]].startswith("产业链图谱")
    _assert_spans_exact(doc)


def test_pdf_text_layer_and_pages(tmp_path: Path) -> None:
    path = pdf_text(tmp_path / "r.pdf", ["Industry chain report.", "Tsinghua University leads.",
                                         "\f", "Second page text."])
    doc = ingest.read_path(path)
    assert doc.metadata["pages"] == 2
    assert "Tsinghua University leads." in doc.text
    start, end = doc.metadata["page_spans"][1]
    assert doc.text[start:end] == "Second page text."
    _assert_spans_exact(doc)


def test_pdf_with_chinese_cid_font(tmp_path: Path) -> None:
    path = pdf_text(tmp_path / "zh.pdf", ["人工智能产业发展报告", "清华大学与百度公司开展合作。"],
                    cjk=True)
    doc = ingest.read_path(path)
    assert "清华大学与百度公司开展合作。" in doc.text
    assert doc.title == "人工智能产业发展报告"


def test_html_main_text_without_scripts_styles_or_navigation(tmp_path: Path) -> None:
    page = """<html><head><meta charset="gb2312"><title>联合体成立</title>
    <style>.x{color:red}</style><script>var secret = "不应出现";</script></head>
    <body><nav>首页 | 关于我们</nav><article><h1>联合体成立</h1>
    <p>本报讯（记者 王强）<b>清华大学</b>牵头成立人工智能科创协同联合体。</p>
    <p>百度公司等<span>30家</span>单位参加。<br>会议在北京举行。</p></article>
    <footer>版权所有</footer></body></html>"""
    path = tmp_path / "news.html"
    path.write_bytes(page.encode("gbk"))
    doc = ingest.read_path(path)
    assert "secret" not in doc.text and "color" not in doc.text
    assert "首页" not in doc.text and "版权所有" not in doc.text
    lines = [doc.text[p.start : p.end] for p in doc.paragraphs]
    assert "本报讯（记者 王强）清华大学牵头成立人工智能科创协同联合体。" in lines
    assert "会议在北京举行。" in lines
    assert doc.paragraphs[0].label == "heading"
    assert doc.title == "联合体成立"
    assert doc.doc_type == "news"
    _assert_spans_exact(doc)
