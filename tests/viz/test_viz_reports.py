"""Salon digest and reports: quotes attributed and verbatim, proposals found, HTML offline and
escaped, Word document readable."""

from __future__ import annotations

import re

import docx

from viz.interactive import EXTERNAL_URL
from viz.reports import consortium_report, render_html, salon_report, write_report
from viz.salon import salon_digest


def test_salon_digest_from_transcript(graph, transcript):
    digest = salon_digest(graph, [transcript])
    assert digest.title == "具身智能与人形机器人工程师跨界沙龙" and digest.date == "2025-06-14"
    assert [s.name for s in digest.speakers] == ["张伯钧", "陈思"]  # the host is no speaker
    zhang = digest.speakers[0]
    assert zhang.organization == "清华大学" and "中国工程院院士" in zhang.titles
    for name, quotes in digest.viewpoints.items():
        for q in quotes:
            assert q.speaker == name and q.text in transcript.text[q.start:q.end]
    assert any("瓶颈" in q.text for q in digest.viewpoints["张伯钧"])
    proposals = [q.text for q in digest.recommendations]
    assert any(t.startswith("建议设立人形机器人中试平台") for t in proposals)
    assert any("呼吁政府开放更多应用场景" in t for t in proposals)
    assert any("应当共建联合实验室" in t for t in proposals)
    assert not any("欢迎参加" in t for t in proposals)
    assert dict(digest.technologies)["触觉传感"] == 2


def test_agenda_without_sections_follows_speaking_order(graph, transcript):
    digest = salon_digest(graph, [transcript])
    assert [item.speakers for item in digest.agenda] == [["张伯钧"], ["陈思"]]


def test_reports_html_offline_escaped_and_docx(graph, coverage, transcript, tmp_path):
    coverage.candidates[0].reasons.append("<img src=x onerror=alert(1)>")
    paths = write_report(consortium_report(coverage), tmp_path, "consortium")
    paths += write_report(salon_report(salon_digest(graph, [transcript])), tmp_path, "salon")
    for path in paths:
        assert path.stat().st_size > 2_000
    page = (tmp_path / "consortium.html").read_text(encoding="utf-8")
    assert EXTERNAL_URL.search(page) is None
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "北京芯衡微电子有限公司" in page and "缺口" in page
    salon = (tmp_path / "salon.html").read_text(encoding="utf-8")
    assert EXTERNAL_URL.search(salon) is None
    assert "专家主要观点" in salon and "——张伯钧" in salon
    assert re.search(r"<li>建议设立人形机器人中试平台.*?（张伯钧，清华大学", salon)
    word = docx.Document(str(tmp_path / "salon.docx"))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "产业（行业）发展建议（草稿）" in text and "呼吁政府开放更多应用场景" in text
    table = docx.Document(str(tmp_path / "consortium.docx")).tables[0]
    assert table.rows[0].cells[1].text == "环节" and len(table.rows) == 1 + len(coverage.segments)


def test_consortium_report_embeds_figures(coverage, tmp_path):
    from viz.chainmap import write_chain_map

    png = next(p for p in write_chain_map(coverage, tmp_path, formats=("png",)))
    report = consortium_report(coverage, figures={"chain_map": png})
    paths = write_report(report, tmp_path, "r")
    page = paths[0].read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page
    assert len(docx.Document(str(paths[1])).inline_shapes) == 1


def _run_size(run, paragraph) -> float:
    """The run's point size as Word resolves it: the run, its paragraph style's chain, Normal."""
    if run.font.size is not None:
        return run.font.size.pt
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return 10.0  # python-docx template default (w:docDefaults sz=20)


def test_docx_text_is_at_least_9_pt_and_tables_fit_the_page(graph, coverage, transcript,
                                                            tmp_path):
    paths = write_report(consortium_report(coverage), tmp_path, "consortium")
    paths += write_report(salon_report(salon_digest(graph, [transcript])), tmp_path, "salon")
    for path in paths[1::2]:
        word = docx.Document(str(path))
        paragraphs = list(word.paragraphs)
        for table in word.tables:
            # autofit lets Word squeeze a column and shrink its text: widths are fixed
            layout = table._tbl.tblPr.find(docx.oxml.ns.qn("w:tblLayout"))
            assert layout is not None and layout.get(docx.oxml.ns.qn("w:type")) == "fixed"
            text_width = max(s.page_width - s.left_margin - s.right_margin
                             for s in word.sections)
            widths = [c.width for c in table.columns]
            # Word stores widths in twips (635 EMU): one of rounding per column
            assert all(widths) and sum(widths) <= text_width + 635 * len(widths)
            paragraphs += [p for row in table.rows for c in row.cells for p in c.paragraphs]
        sizes = [_run_size(r, p) for p in paragraphs for r in p.runs if r.text.strip()]
        assert sizes and min(sizes) >= 9, path.name


QA_TRANSCRIPT = (
    "张伯钧：我的建议有两条：第一，呼吁建设公共算力平台，给予算力券支持；"
    "第二，应当加快制定具身智能数据的地方标准。\n"
    "陈思：所以我一直主张，北京应当加快建设触觉传感中试线，让中小企业用得起；这样才能降本。\n"
    "陈思：周末的沙龙就很好，建议以后把速记放到线上。\n"
    "问：想请教陈博士，企业最关心减速器的什么指标？\n"
    "陈思：最关心背隙和寿命一致性，建议厂商公开测试数据。\n"
    "主持人：提问就到这里。\n"
)


def test_suggestions_restated_by_theme_and_qa_apart(graph):
    from viz_fixtures import _turns

    from graphmap.model import DocType, Document, NodeKind

    doc = Document(path="qa_速记.txt", content_hash="qa", text=QA_TRANSCRIPT,
                   doc_type=DocType.TRANSCRIPT, title="沙龙速记", turns=_turns(QA_TRANSCRIPT))
    graph = graph.copy()  # no salon event: the digest reads this transcript
    events = [n for n, d in graph.nodes(data=True) if d.get("kind") == NodeKind.EVENT]
    graph.remove_nodes_from(events)
    digest = salon_digest(graph, [doc])
    texts = [s.text for s in digest.suggestions]
    assert texts == [
        "建议建设公共算力平台，给予算力券支持。",  # 第一，呼吁 … ； stops before 第二
        "建议加快制定具身智能数据的地方标准。",
        "建议北京加快建设触觉传感中试线，让中小企业用得起；这样才能降本。",  # cut clause ran on
        "建议以后把速记放到线上。",
    ]
    for item in digest.suggestions:  # evidence is verbatim, where it was said
        assert all(q.text in doc.text[q.start:q.end] for q in item.evidence)
    assert [s.theme for s in digest.suggestions] == [
        "平台与服务", "标准与评价", "触觉传感", "平台与服务"]
    assert [(e.question.text, [r.speaker for r in e.replies]) for e in digest.exchanges] == [
        ("想请教陈博士，企业最关心减速器的什么指标？", ["陈思"])]
    assert not any("厂商公开测试数据" in t for t in texts)  # a reply is no suggestion
    page = render_html(salon_report(digest))
    qa_heading = re.search(r"<h2>[一二三四五六七八九十]+、现场问答</h2>", page)
    themes = re.findall(r"<h3>（[一二三四五六七八九十]）([^<]+)</h3>", page)
    assert {"触觉传感", "平台与服务"} <= set(themes), themes  # a technology; a policy area
    assert qa_heading and page.index("）触觉传感") < qa_heading.start()
    assert page.rindex("厂商公开测试数据") > qa_heading.start()  # the reply is quoted there
