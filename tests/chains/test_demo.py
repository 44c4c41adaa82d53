"""The demo corpus end to end: its consortium's coverage, candidates and duties."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmap.chains.coverage import chain_coverage
from graphmap.chains.duties import duties_report

#: Non-members the demo texts name as filling the consortium's gaps.
GAP_FILLERS = {
    "北京数澜标注科技有限公司",
    "北京京西智算科技有限公司",
    "北京驭途自动驾驶科技有限公司",
    "北京中科慧眼视觉技术有限公司",
    "北京安澜网络安全技术有限公司",
    "北京京城精密装备制造有限公司",
}


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    demo = pytest.importorskip("graphmap.demo")
    out = tmp_path_factory.mktemp("demo")
    demo.run_demo(out)
    return out / "workspace"


@pytest.mark.slow
def test_demo_consortium_coverage_and_candidates(demo_workspace: Path) -> None:
    from graphmap.store import Workspace

    graph = Workspace.open(demo_workspace).graph()
    cov = chain_coverage(graph, "人工智能科创协同联合体")
    assert cov.industry == "人工智能" and cov.member_count == 14
    placed = {s.segment_id: {p.name for p in s.members} for s in cov.segments}
    assert "北京深度求知智能科技有限公司" in placed["foundation_models"]
    assert "北京深度求知智能科技有限公司" in placed["smart_education"]
    assert [p.name for p in cov.unclassified] == ["北京中关村智能产业投资基金管理有限公司"]
    assert {"data_resources", "autonomous_driving", "computer_vision"} <= set(cov.gaps)
    names = [c.name for c in cov.candidates]
    assert len(names) >= 6
    assert len(GAP_FILLERS & set(names[:8])) >= 5, names
    assert all(c.reasons and c.evidence for c in cov.candidates)


@pytest.mark.slow
def test_demo_duties(demo_workspace: Path) -> None:
    from graphmap.store import Workspace

    ws = Workspace.open(demo_workspace)
    report = duties_report(ws.graph(), list(ws.documents()), 2025)
    status = {c.duty_id: c.status for c in report.checks}
    assert status["new_members"] == "met"
    assert status["transferred_results"] == "met"
    transfers = next(c for c in report.checks if c.duty_id == "transferred_results")
    # the press release lists 3; a speaker told one of them again in other words
    assert transfers.found == "3 项"
    assert status["innovation_event"] == "met"
    assert status["case_report"] == "not_met"
    assert report.salons
    salon = {c.duty_id: c.status for c in report.salons[0].checks}
    assert salon["preview"] == "met" and salon["news_release"] == "met"


@pytest.mark.slow
def test_demo_yearly_report_has_duties_and_a_traceable_summary(demo_workspace: Path) -> None:
    from graphmap.store import Workspace
    from viz.summary import MIN_SUMMARY_CHARS, work_summary

    ws = Workspace.open(demo_workspace)
    graph = ws.graph()
    cov = chain_coverage(graph, "人工智能科创协同联合体")
    duties = duties_report(graph, list(ws.documents()), 2025)
    draft = work_summary(cov, graph, duties)
    assert draft.chars >= MIN_SUMMARY_CHARS, draft.chars
    sentences = draft.sentences()
    # every sentence names at least one source, and every source number exists
    assert sentences and all(s.sources for s in sentences)
    assert all(1 <= n <= len(draft.sources) for s in sentences for n in s.sources)
    text = "".join(s.text for s in sentences)
    assert "新加入成员单位 7 家" in text and "在京转化 3 项" in text
    # most sources quote a document sentence, not only graphmap's own computation
    assert sum(bool(src.quote) for src in draft.sources) >= len(draft.sources) // 2

    html = (demo_workspace.parent / "maps" / "consortium_report.html").read_text("utf-8")
    assert "2025年度任务完成情况" in html and "工作总结（草稿）" in html
    for title in ("年度新增成员单位", "在京转化科技成果", "典型案例报告"):
        assert title in html
    assert "合同金额1200万元" in html  # a transfer's evidence sentence is quoted
