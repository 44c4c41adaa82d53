"""Folders and files that cannot be read: each one is a failed row, the rest is read.

Root reads everything, so unreadable cases run in a child process whose capabilities to
bypass file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) are dropped with setpriv.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ingest

_DROP = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def _without_permission_bypass(code: str) -> subprocess.CompletedProcess[str]:
    """Run python ``code`` as a process that file permissions apply to."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv is missing: cannot make a file unreadable")
        prefix = _DROP
    return subprocess.run([*prefix, sys.executable, "-c", code], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).parents[2])


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "ok.txt").write_text("张三是北京大学教授。", encoding="utf-8")
    (folder / "locked" / "hidden.txt").write_text("李四", encoding="utf-8")
    (folder / "secret.txt").write_text("王五", encoding="utf-8")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    (folder / "up").symlink_to(".")  # a folder link back to its own parent
    (folder / "locked").chmod(0)
    (folder / "secret.txt").chmod(0)
    return folder


def test_unreadable_folder_and_file_and_bad_links_are_failed_rows(tmp_path):
    folder = _folder(tmp_path)
    try:
        done = _without_permission_bypass(
            "import json, ingest; print(json.dumps(ingest.read_many("
            f"[{str(folder)!r}]).to_dict()))")
    finally:
        (folder / "locked").chmod(0o755)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [Path(p).name for p in report["documents"]] == ["ok.txt"]
    reasons = {Path(e["path"]).name: e["reason"] for e in report["errors"]}
    assert reasons == {"locked": "unreadable", "secret.txt": "unreadable",
                       "loop.txt": "symlink_loop", "gone.txt": "broken_link",
                       "up": "symlink_loop"}
    fixes = {Path(e["path"]).name: e["fix"] for e in report["errors"]}
    assert "chmod u+rx" in fixes["locked"] and "chmod u+r " in fixes["secret.txt"]


def test_explicit_symlink_loop_is_an_error_not_a_crash(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop.name)
    with pytest.raises(ingest.IngestError) as info:
        ingest.read_path(loop)
    assert info.value.reason == "symlink_loop" and str(loop) in info.value.message
    report = ingest.read_many([loop])
    assert [e.reason for e in report.errors] == ["symlink_loop"]
