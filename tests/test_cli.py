"""The command line on the sample corpus: every core command, errors as one clear line."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from graphmap.cli import app, main

runner = CliRunner()


@pytest.fixture(scope="module")
def built_workspace(tmp_path_factory, examples_dir):
    workspace = tmp_path_factory.mktemp("cli") / "ws"
    assert runner.invoke(app, ["init", "-w", str(workspace)]).exit_code == 0
    result = runner.invoke(app, ["add", str(examples_dir / "corpus"), "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["build", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    return workspace


def test_every_command_has_help():
    for command in ("init", "add", "remove", "build", "stats", "show", "export", "demo"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output


def test_stats_shows_organizations_people_and_technologies_with_evidence(built_workspace):
    result = runner.invoke(app, ["stats", "-w", str(built_workspace)])
    assert result.exit_code == 0, result.output
    for kind in ("Organization", "Person", "Technology"):
        line = next(line for line in result.output.splitlines() if kind in line)
        total, with_evidence = (int(n) for n in line.split("│")[2:4])
        assert total > 0 and with_evidence == total


def test_show_prints_relations_and_evidence(built_workspace):
    result = runner.invoke(app, ["show", "张伯钧", "-w", str(built_workspace)])
    assert result.exit_code == 0, result.output
    assert "AFFILIATED_WITH" in result.output and "清华大学" in result.output


def test_adding_the_same_folder_again_changes_nothing(built_workspace, examples_dir):
    result = runner.invoke(app, ["add", str(examples_dir / "corpus"), "-w", str(built_workspace)])
    assert result.exit_code == 0
    assert "0 added, 0 replaced" in result.output


def test_building_again_with_nothing_changed_keeps_the_graph(built_workspace):
    result = runner.invoke(app, ["build", "-w", str(built_workspace)])
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output and "--force" in result.output
    result = runner.invoke(app, ["build", "--force", "-w", str(built_workspace)])
    assert result.exit_code == 0, result.output
    assert "built:" in result.output and "0 documents extracted" in result.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_export_writes_each_format(built_workspace, tmp_path, fmt):
    out = tmp_path / ("csv" if fmt == "csv" else f"graph.{fmt}")
    result = runner.invoke(
        app, ["export", "--format", fmt, "--out", str(out), "-w", str(built_workspace)]
    )
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        assert (out / "nodes.csv").stat().st_size > 1000
    elif fmt == "json":
        data = json.loads(out.read_text("utf-8"))
        assert any(n["kind"] == "Person" for n in data["nodes"])
    else:
        assert "清华大学" in out.read_text("utf-8")


def test_user_errors_are_one_line_with_a_fix_and_no_traceback(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "-w", str(tmp_path / "missing")])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "error: no graphmap workspace" in err and "fix:" in err
    assert "Traceback" not in err


def test_debug_flag_shows_the_traceback(tmp_path):
    from graphmap.errors import WorkspaceError

    with pytest.raises(WorkspaceError):
        main(["--debug", "stats", "-w", str(tmp_path / "missing")])


def test_missing_path_is_reported_without_touching_the_workspace(built_workspace, capsys):
    before = runner.invoke(app, ["stats", "-w", str(built_workspace)]).output
    with pytest.raises(SystemExit) as exit_info:
        main(["add", "/no/such/file.txt", "-w", str(built_workspace)])
    assert exit_info.value.code == 1
    assert "does not exist" in capsys.readouterr().err
    assert runner.invoke(app, ["stats", "-w", str(built_workspace)]).output == before


@pytest.mark.slow
def test_demo_writes_outputs_into_the_output_folder(tmp_path, examples_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(examples_dir / "corpus", corpus)
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "out"), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "exports" / "graph.graphml").is_file()
    stats = json.loads((tmp_path / "out" / "stats.json").read_text("utf-8"))
    assert stats["entities"]["Person"]["total"] >= 10
