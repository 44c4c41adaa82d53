"""`graphmap map ...` on a small workspace writes every deliverable."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner
from viz_fixtures import build_parts

from graphmap.cli import app
from graphmap.store import Workspace


@pytest.fixture
def workspace(tmp_path, transcript) -> Path:
    root = tmp_path / "ws"
    ws = Workspace.create(root)
    ws.add_document(transcript)
    ws.replace_graph(*build_parts(transcript), started_at="2025-06-20T00:00:00+00:00")
    ws.close()
    return root


@pytest.mark.slow
def test_map_all_writes_every_deliverable(workspace, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["map", "all", "-w", str(workspace), "--out", str(out),
                                      "--format", "svg", "--format", "png"])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    for expected in ("graph.html", "chain_map.svg", "chain_map.png", "talent_map.svg",
                     "expert_network.png", "workbook.xlsx", "consortium_report.html",
                     "consortium_report.docx", "salon_report.html", "salon_report.docx"):
        assert expected in names, (expected, result.output)
    assert "chain_map.pdf" not in names
    salon = (out / "salon_report.html").read_text(encoding="utf-8")
    assert "建议设立人形机器人中试平台" in salon


def test_map_graph_focus_by_name(workspace, tmp_path):
    result = CliRunner().invoke(app, ["map", "graph", "-w", str(workspace), "--out",
                                      str(tmp_path), "--focus", "陈思", "--hops", "1"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "以“陈思”为中心 1 跳邻域" in page


def test_map_graph_unknown_focus_is_a_clear_error(workspace, tmp_path):
    from graphmap.cli import main

    with pytest.raises(SystemExit) as info:
        main(["map", "graph", "-w", str(workspace), "--out", str(tmp_path), "--focus", "无此人"])
    assert info.value.code == 1
