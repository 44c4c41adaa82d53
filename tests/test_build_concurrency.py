"""Builds overlapping document additions, removals and other builds, against a real workspace:
the build works on the documents it started with, never fails because of a concurrent write,
and two builds never extract the same documents twice."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from graphmap.build import build
from graphmap.ingestion import add_paths
from graphmap.model import Extraction
from graphmap.store import Workspace
from tests.test_crash_safety import make_corpus

pytestmark = pytest.mark.slow

_COUNTS = re.compile(r"\((\d+) documents extracted, (\d+) from cache\)")


def _workspace(tmp_path: Path, examples_dir: Path, copies: int) -> Path:
    root = tmp_path / "ws"
    with Workspace.create(root) as ws:
        add_paths(ws, [make_corpus(examples_dir, tmp_path / "corpus", copies)])
    return root


def _cli_build(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graphmap.cli", "build", "-w", str(root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"COLUMNS": "400", "PATH": "/usr/bin:/bin"},
    )


def _counts(stdout: str) -> tuple[int, int]:
    found = _COUNTS.search(stdout)
    assert found, stdout
    return int(found[1]), int(found[2])


def _document_nodes(root: Path) -> int:
    with Workspace.open(root) as ws:
        return ws.db.execute("SELECT count(*) FROM entities WHERE kind = 'Document'").fetchone()[0]


def test_adds_during_a_cli_build_neither_fail_it_nor_count_as_cached(
    tmp_path: Path, examples_dir: Path
) -> None:
    root = _workspace(tmp_path, examples_dir, copies=30)
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    process = _cli_build(root)
    added = 0
    with Workspace.open(root) as writer:
        while process.poll() is None:
            path = uploads / f"上传_{added:04d}.txt"
            path.write_text(f"第{added}号通讯：张{added}研究员介绍了机器学习。", "utf-8")
            assert add_paths(writer, [path]).added
            added += 1
    stdout, stderr = process.communicate()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert added > 0
    extracted, cached = _counts(stdout)
    # the graph holds exactly the documents this build extracted or found cached
    assert _document_nodes(root) == extracted + cached
    with Workspace.open(root) as ws:
        total = len(ws.document_ids())
        again = build(ws)
    assert again.extracted == total - (extracted + cached)
    assert again.cached == extracted + cached
    assert _document_nodes(root) == total


def test_two_builds_at_once_extract_each_document_once(
    tmp_path: Path, examples_dir: Path
) -> None:
    root = _workspace(tmp_path, examples_dir, copies=12)
    with Workspace.open(root) as ws:
        documents = len(ws.document_ids())
    first, second = _cli_build(root), _cli_build(root)
    outputs = [p.communicate() for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    # the second one waited, then found every extraction cached and the graph up to date
    extracted = [0 if "unchanged:" in s else _counts(s)[0] for s, _ in outputs]
    assert sum(extracted) == documents
    assert any("waiting for it to finish" in stderr for _, stderr in outputs), outputs


def test_documents_added_and_removed_mid_build_leave_a_consistent_graph(
    tmp_path: Path, examples_dir: Path
) -> None:
    root = _workspace(tmp_path, examples_dir, copies=4)
    late = tmp_path / "late.txt"
    late.write_text("会后，李四研究员补充介绍了机器学习。", "utf-8")
    with Workspace.open(root) as ws:
        texts = [d for d in ws.document_ids() if not ws.document(d).records]
    removed = texts[-1]
    calls: list[str] = []

    def extractor(doc, known) -> Extraction:
        if not calls:  # another client writes while the first document is being extracted
            def write() -> None:
                with Workspace.open(root) as other:
                    other.remove_document(removed)
                    add_paths(other, [late])
            thread = threading.Thread(target=write)
            thread.start()
            thread.join()
        calls.append(doc.id)
        return Extraction(doc_id=doc.id)

    with Workspace.open(root) as ws:
        report = build(ws, text_extractor=extractor)
        assert removed not in calls
        assert report.pending == 1  # late.txt, for the next build
        assert report.extracted + report.cached == len(ws.document_ids()) - 1
        assert _document_nodes(root) == report.extracted + report.cached
        assert build(ws, text_extractor=extractor).extracted == 1
