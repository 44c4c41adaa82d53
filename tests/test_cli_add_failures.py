"""`graphmap add` exit codes and per-path errors: scripts can tell a batch failed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphmap.cli import main
from graphmap.store import Workspace


@pytest.fixture(autouse=True)
def _wide_table(monkeypatch):
    from graphmap.cli.common import console

    monkeypatch.setattr(console, "width", 400)  # rows on one line each, whatever the tmp path


def _add(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(["add", *args])
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def _documents(workspace: Path) -> list[str]:
    with Workspace.open(workspace) as ws:
        return sorted(Path(row[0]).name for row in ws.db.execute("SELECT path FROM documents"))


def test_add_exits_non_zero_and_counts_failures(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("张三是北京大学教授。", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    code, _, err = _add(capsys, str(folder), "-w", str(tmp_path / "ws"))
    assert code == 1
    assert "1 of 2 files or folders failed" in err and "the others were stored" in err
    assert _documents(tmp_path / "ws") == ["good.txt"]


def test_symlink_loop_is_a_row_and_the_rest_is_added(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("李四是清华大学教授。", encoding="utf-8")
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop.name)
    code, out, err = _add(capsys, str(loop), str(good), "-w", str(tmp_path / "ws"))
    assert code == 1 and "does not exist" not in err
    row = next(line for line in out.splitlines() if "error" in line)
    assert "loop.txt" in row and "loops back on itself" in row
    assert _documents(tmp_path / "ws") == ["good.txt"]


def test_unreadable_file_is_one_line_naming_it(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("王五", encoding="utf-8")
    secret.chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:  # root reads anything: drop the capabilities that let it
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv is missing: cannot make a file unreadable")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "graphmap.cli", "add", str(secret), "-w",
         str(tmp_path / "ws")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode == 1, done.stderr
    assert "permission denied" in done.stdout and "secret.txt" in done.stdout
    assert "report the traceback" not in done.stderr and "Traceback" not in done.stderr
    assert "1 of 1 files or folders failed" in done.stderr
