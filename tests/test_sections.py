"""A big text file is extracted section by section: progress per section, evidence at the
whole file's offsets, the same people and organizations as one pass over the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphmap.build import build
from graphmap.ingestion import add_paths
from graphmap.model import NodeKind
from graphmap.sections import SECTION_CHARS, cut_points, sections
from graphmap.store import Workspace


def test_cut_points_end_sections_at_line_ends_within_the_size() -> None:
    text = "".join(f"第{i}段，张{i}研究员介绍了机器学习。\n" for i in range(3000))
    ends = cut_points(text, 1000)
    starts = [0, *ends[:-1]]
    assert ends[-1] == len(text)
    assert all(0 < end - start <= 1000 for start, end in zip(starts, ends, strict=True))
    assert all(text[end - 1] == "\n" for end in ends)


def test_a_line_longer_than_a_section_is_cut_at_a_sentence_end() -> None:
    text = "张三介绍了机器学习。" * 300  # one line of 3,000 characters
    assert all(text[end - 1] == "。" for end in cut_points(text, 1000))


@pytest.mark.slow
def test_a_big_file_builds_in_sections_with_exact_evidence(
    tmp_path: Path, examples_dir: Path
) -> None:
    transcript = next((examples_dir / "corpus").glob("*速记.txt")).read_text("utf-8")
    lines = [line for line in transcript.splitlines() if len(line) > 30]
    body, i = [], 0
    while sum(map(len, body)) < 3 * SECTION_CHARS:
        body.append(lines[i % len(lines)])
        i += 1
    big = tmp_path / "汇编.txt"
    big.write_text("\n".join(body) + "\n", "utf-8")
    root = tmp_path / "ws"
    stages: list[tuple[str, int, int]] = []
    with Workspace.create(root) as ws:
        add_paths(ws, [big])
        doc = ws.document(ws.document_ids()[0])
        build(ws, progress=lambda stage, done, total: stages.append((stage, done, total)))
        people = {e.name for e in ws.entities(NodeKind.PERSON)}
        evidence = ws.db.execute(
            'SELECT e.name, v.start, v."end" FROM evidence v JOIN entities e '
            "ON e.id = v.entity_id WHERE e.kind = 'Person'"
        ).fetchall()
    count = sum(1 for _ in sections(doc))
    assert count >= 3
    big_stages = [s for s in stages if s[0].startswith("汇编.txt")]
    assert [(done, total) for _, done, total in big_stages] == [
        (n, count) for n in range(1, count + 1)
    ]
    import nlp

    whole = [e for e in nlp.extract_document(doc).entities if e.kind is NodeKind.PERSON]
    assert people == {e.name for e in whole}
    # every quote lands on the person: the name, or the surname with a title (周主任); the
    # one-pass extraction keeps fewer quotes (the first 20 per document), never others
    quoted = {(e.name, doc.text[ev.start:ev.end]) for e in whole for ev in e.evidence}
    found = {(name, doc.text[s:e]) for name, s, e in evidence}
    assert all(quote[0] == name[0] for name, quote in found), found
    assert quoted <= found


def test_sections_keep_as_many_quotes_of_a_relation_as_one_pass() -> None:
    from graphmap.model import EdgeKind, Evidence, Extraction, Relation
    from graphmap.sections import Joiner
    from nlp.extract import MAX_EVIDENCE

    joiner = Joiner("doc-1")
    for number in range(5):  # a co-mention seen 15 times in each of 5 sections
        quotes = [Evidence(doc_id="doc-1", start=10 * i, end=10 * i + 4,
                           sentence=f"第{number}节第{i}句", extractor="test")
                  for i in range(15)]
        relation = Relation(kind=EdgeKind.AFFILIATED_WITH, source="per-1", target="org-1",
                            evidence=quotes)
        joiner.add(Extraction(doc_id="doc-1", relations=[relation]), number * SECTION_CHARS)
    (joined,) = joiner.result().relations
    assert len(joined.evidence) == MAX_EVIDENCE
    # the first quotes are kept, moved to the whole file's offsets
    assert joined.evidence[15].start == SECTION_CHARS
    assert joined.evidence[0].sentence == "第0节第0句"
