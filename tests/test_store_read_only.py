"""A workspace we may only read: reads work, writes say it is read-only and how to fix it.

Root writes anywhere, so the commands run in a child process whose capabilities to bypass
file permissions are dropped with setpriv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphmap.ingestion import add_paths
from graphmap.store import DB_NAME, Workspace


def _graphmap(*args: str) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv is missing: cannot make a folder read-only")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.run([*prefix, sys.executable, "-m", "graphmap.cli", *args],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "200"})


@pytest.fixture
def workspace(tmp_path: Path):
    (tmp_path / "a.txt").write_text("张三是北京大学教授。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("李四是清华大学教授。", encoding="utf-8")
    root = tmp_path / "ws"
    with Workspace.create(root) as ws:
        add_paths(ws, [tmp_path / "a.txt"])
    yield root
    root.chmod(0o755)
    (root / DB_NAME).chmod(0o644)


@pytest.mark.parametrize("locked", ["folder", "database"])
def test_read_only_workspace_reads_and_refuses_writes_clearly(workspace, locked):
    (workspace if locked == "folder" else workspace / DB_NAME).chmod(0o555)
    stats = _graphmap("stats", "-w", str(workspace))
    assert stats.returncode == 0, stats.stderr
    assert "documents: 1" in stats.stdout
    added = _graphmap("add", str(workspace.parent / "b.txt"), "-w", str(workspace))
    assert added.returncode == 1
    assert "is read-only" in added.stderr and "chmod u+w" in added.stderr
    assert "backup" not in added.stderr and "Traceback" not in added.stderr
    built = _graphmap("build", "-w", str(workspace))
    assert built.returncode == 1 and "is read-only" in built.stderr
