"""The chain commands, run through the assembled CLI on a workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphmap.cli import app, main

runner = CliRunner()


def _run(*args: str) -> str:
    # wide enough that rich does not fold the Chinese names the tests look for
    result = runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    return result.output


def test_chain_list_and_show(tmp_path: Path) -> None:
    out = _run("chain", "list", "-w", str(tmp_path))
    assert "人工智能" in out and "商业航天" in out
    out = _run("chain", "show", "AI", "-w", str(tmp_path))
    assert "AI芯片" in out and "通用大模型" in out


def test_coverage_prints_segments_gaps_and_candidates(chains_workspace: Path) -> None:
    out = _run("coverage", "--consortium", "人工智能科创", "-w", str(chains_workspace))
    assert "★北京灵犀机器人科技有限公司" in out
    assert "gap" in out and "thin" in out and "covered" in out
    assert "北京京西智算科技有限公司" in out  # a candidate
    assert "unclassified members: 北京中关村智能产业投资基金管理有限公司" in out


def test_coverage_json_is_the_coverage_dataclass(chains_workspace: Path) -> None:
    out = _run("coverage", "--consortium", "人工智能科创", "--json", "-w", str(chains_workspace))
    data = json.loads(out)
    assert data["industry"] == "人工智能" and data["chain_id"] == "artificial_intelligence"
    assert {"segments", "gaps", "thin", "balance", "unclassified", "candidates"} <= set(data)
    assert len(data["candidates"]) >= 6


def test_candidates_command_respects_k(chains_workspace: Path) -> None:
    out = _run("candidates", "--consortium", "节能环保", "-k", "2", "--json",
               "-w", str(chains_workspace))
    assert len(json.loads(out)) == 2


def test_imported_table_is_used_by_coverage(chains_workspace: Path, tmp_path: Path) -> None:
    table = tmp_path / "chain.csv"
    table.write_text(
        "产业,阶段,环节,单位名称\n"
        "具身机器人,上游,灵巧手与关节,北京星衍灵巧手科技有限公司\n"
        "具身机器人,上游,灵巧手与关节,北京精驱传动科技有限公司\n"
        "具身机器人,中游,机器人整机,北京灵犀机器人科技有限公司\n"
        "具身机器人,下游,场景应用,北京京城精密装备制造有限公司\n",
        encoding="utf-8",
    )
    out = _run("chain", "import", str(table), "-w", str(chains_workspace))
    assert "3 segments" in out
    assert list((chains_workspace / "chains").glob("*.yaml"))
    data = json.loads(_run("coverage", "--consortium", "人工智能科创", "--industry", "具身机器人",
                           "--json", "-w", str(chains_workspace)))
    by_name = {s["name"]: s for s in data["segments"]}
    assert by_name["灵巧手与关节"]["status"] == "covered"
    assert by_name["场景应用"]["status"] == "gap"
    assert data["candidates"][0]["name"] == "北京京城精密装备制造有限公司"


def test_unknown_consortium_exits_non_zero_with_a_fix(chains_workspace: Path, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["coverage", "--consortium", "不存在", "-w", str(chains_workspace)])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "no consortium" in err and "fix:" in err


def test_duties_command_shows_consortium_and_salon_duties(chains_workspace: Path) -> None:
    out = _run("duties", "--year", "2025", "--consortium", "人工智能科创",
               "-w", str(chains_workspace))
    assert "年度新增成员单位" in out and "met" in out and "not met" in out
    assert "具身智能与人形机器人工程师跨界沙龙" in out
    data = json.loads(_run("duties", "--year", "2025", "--consortium", "人工智能科创", "--json",
                           "-w", str(chains_workspace)))
    statuses = {c["duty_id"]: c["status"] for c in data["checks"]}
    assert statuses["new_members"] == "met" and statuses["case_report"] == "not_met"
    (salon,) = data["salons"]
    assert {c["duty_id"]: c["status"] for c in salon["checks"]}["news_release"] == "met"


def test_coverage_needs_a_name_only_when_there_are_several_consortia(
    chains_workspace: Path, capsys
) -> None:
    with pytest.raises(SystemExit):
        main(["coverage", "-w", str(chains_workspace)])
    assert "2 consortia" in capsys.readouterr().err


@pytest.mark.shared_data
def test_chain_import_from_chainkg_folder(shared_data: Path, tmp_path: Path) -> None:
    out = _run("chain", "import", str(shared_data / "chains" / "chainkg"), "--industry", "半导体",
               "--max-upstream", "3", "--max-downstream", "2", "-w", str(tmp_path))
    assert "chainkg_270100" in out
    listed = _run("chain", "show", "chainkg_270100", "--json", "-w", str(tmp_path))
    stages = [s["stage"] for s in json.loads(listed)["segments"]]
    assert stages.count("upstream") == 3 and stages.count("downstream") == 2
    with pytest.raises(SystemExit):
        main(["chain", "import", str(shared_data / "chains" / "chainkg"), "-w", str(tmp_path)])
