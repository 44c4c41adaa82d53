"""Replay the nasty-file seed corpus: each file is read or refused clearly, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ingest
from graphmap.build import build
from graphmap.export import export_graph
from graphmap.ingestion import add_paths
from graphmap.store import Workspace
from tests.fuzz.strategies import check_extraction

SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_FILES = sorted(p for p in SEEDS.iterdir() if p.suffix != ".py")
#: Files that carry nothing usable must be refused, not turned into an empty document.
MUST_REFUSE = {"empty.txt", "truncated.docx", "not_a_zip.docx", "zip_bomb.docx", "empty_zip.pptx",
               "wrong_members.xlsx", "truncated.pdf"}


def test_seed_corpus_is_small_and_complete() -> None:
    assert len(SEED_FILES) >= 30
    assert sum(p.stat().st_size for p in SEED_FILES) < 200_000


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_is_read_or_refused_clearly(path: Path) -> None:
    try:
        doc = ingest.read_path(path)
    except ingest.IngestError as error:
        assert error.reason and error.fix and path.name in str(error)
        return
    assert path.name not in MUST_REFUSE, f"{path.name} should have been refused"
    for span in [*doc.paragraphs, *doc.sentences, *doc.turns]:
        assert 0 <= span.start <= span.end <= len(doc.text)
    for record in doc.records:
        assert 0 <= int(record.raw["_start"]) < int(record.raw["_end"]) <= len(doc.text)
    if not doc.records:
        import nlp

        check_extraction(nlp.extract_document(doc), doc.text)


@pytest.mark.slow
def test_seed_corpus_builds_and_exports(tmp_path: Path) -> None:
    """The whole folder goes into one workspace: bad files are reported, the rest is built."""
    ws = Workspace.create(tmp_path / "ws")
    report = add_paths(ws, [SEEDS])
    assert {Path(p).name for p, _ in report.errors} >= MUST_REFUSE
    assert report.added
    built = build(ws)
    assert built.entities > 0
    graph = ws.graph()
    export_graph(graph, "json", tmp_path / "g.json")
    names = {n["name"] for n in json.loads((tmp_path / "g.json").read_text("utf-8"))["nodes"]}
    assert "清华大学" in names
    export_graph(graph, "csv", tmp_path / "csv")
    from viz.interactive import write_graph_html

    html = write_graph_html(graph, tmp_path / "g.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in html
    ws.close()
