"""The recommend commands, run on a tiny academician-style pool."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from graphmap.cli import app
from graphmap.errors import WorkspaceError

runner = CliRunner()


def pool(tmp_path):
    path = tmp_path / "AcademicianEngineering.csv"
    rows = [
        ("甲", "甲（1960.01.01- ）机器人专家。现任哈尔滨工业大学教授。长期从事人形机器人研究。"),
        ("乙", "乙（1962.01.01- ）机器人专家。现任哈尔滨工业大学教授。研究机器人控制。"),
        ("丙", "丙（1990.01.01- ）智能控制专家。现任北京某机器人有限公司总工程师。机器人整机。"),
        ("丁", "丁（1955.01.01- ）电池专家。现任某电池有限公司董事长。锂电池材料。"),
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["XB", "evaluate_time", "introduce", "link", "name"])
        for name, bio in rows:
            writer.writerow(["机械与运载工程学部", "2000", bio, "", name])
    return path


def test_recommend_experts_prints_json_panel(tmp_path):
    result = runner.invoke(app, ["recommend", "experts", "具身智能", "--k", "2", "--academicians",
                                 str(pool(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    names = [p["name"] for p in data["picks"]]
    assert len(names) == 2 and "丁" not in names
    assert not {"甲", "乙"} <= set(names)  # one per organization by default


def test_recommend_experts_table_with_constraints(tmp_path):
    result = runner.invoke(app, ["recommend", "experts", "机器人", "--k", "3", "--academicians",
                                 str(pool(tmp_path)), "--exclude", "丙", "--max-per-org", "0",
                                 "--host-org", "某电池有限公司"])
    assert result.exit_code == 0, result.output
    assert "甲" in result.output and "乙" in result.output and "丙" not in result.output


def test_eval_recommend_reports_all_methods(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("topics:\n  - topic: 机器人\n    relevant: {甲: 2, 乙: 1, 丙: 1}\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["eval", "recommend", "--gold", str(gold), "--k", "3",
                                 "--academicians", str(pool(tmp_path)),
                                 "--dense-cache", str(tmp_path / "dense")])
    assert result.exit_code == 0, result.output
    for method in ("bm25 (bio)", "graphmap", "graphmap panel", "dense"):
        assert method in result.output


def test_missing_workspace_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["recommend", "partners", "某大学", "--workspace",
                                 str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert isinstance(result.exception, WorkspaceError)


def test_talent_map_writes_its_tables(tmp_path):
    out = tmp_path / "tables"
    result = runner.invoke(app, ["recommend", "talent-map", "--academicians", str(pool(tmp_path)),
                                 "--reference-year", "2017", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "youth_by_sector.csv").is_file() and (out / "top_organizations.csv").is_file()
    assert "industry" in result.output  # 丙 and 丁 work for companies
