"""Salon digest and reports: quotes attributed and verbatim, proposals found, HTML offline and
escaped, Word document readable."""

from __future__ import annotations

import re

import docx

from viz.interactive import EXTERNAL_URL
from viz.reports import consortium_report, salon_report, write_report
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
