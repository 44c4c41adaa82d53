"""Batches: folders expanded, bad files reported with reasons, unchanged files skipped."""

from __future__ import annotations

from pathlib import Path

from ingest_makers import (
    TRANSCRIPT,
    member_sheet,
    pdf_scanned,
    pdf_text,
    write_docx,
    write_pptx,
    write_xlsx,
    zip_bomb,
)

import ingest


def _mixed_folder(root: Path) -> Path:
    root.mkdir()
    (root / "sub").mkdir()
    (root / ".hidden").mkdir()
    (root / "速记.txt").write_bytes(TRANSCRIPT.encode("gbk"))
    (root / "note.md").write_text("# 标题\n\n正文。", encoding="utf-8")
    write_docx(root / "sub" / "report.docx")
    write_pptx(root / "sub" / "deck.pptx")
    pdf_text(root / "sub" / "r.pdf", ["Report text."])
    rows, merges = member_sheet()
    write_xlsx(root / "members.xlsx", {"S": rows}, {"S": merges})
    (root / "page.html").write_text("<p>网页正文。</p>", encoding="utf-8")
    (root / "list.csv").write_text("单位名称,单位类型\n清华大学,高校\n", encoding="utf-8")
    # bad ones
    (root / "empty.txt").write_bytes(b"")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    pdf_scanned(root / "scan.pdf")
    zip_bomb(root / "bomb.xlsx", 16 * 1024 * 1024)
    # skipped ones
    (root / "image.png").write_bytes(b"\x89PNG")
    (root / ".hidden" / "secret.txt").write_text("不应读取", encoding="utf-8")
    (root / "~$report.docx").write_bytes(b"lock")
    return root


def test_mixed_folder_reads_good_files_and_reports_bad_ones(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path / "in")
    seen: list[tuple[int, int]] = []
    report = ingest.read_many([folder], limits=ingest.Limits(max_decompressed_bytes=8 << 20),
                              progress=lambda done, total, path: seen.append((done, total)))
    read = sorted(Path(d.path).name for d in report.documents)
    assert read == ["deck.pptx", "list.csv", "members.xlsx", "note.md", "page.html", "r.pdf",
                    "report.docx", "速记.txt"]
    reasons = {Path(e.path).name: e.reason for e in report.errors}
    assert reasons == {"empty.txt": "empty", "broken.docx": "corrupt", "scan.pdf": "image_only",
                       "bomb.xlsx": "zip_bomb"}
    assert [Path(s.path).name for s in report.skipped] == ["image.png"]
    assert seen[-1] == (12, 12) and len(seen) == 12
    assert not report.ok
    assert report.summary() == "8 read, 0 unchanged, 1 skipped, 4 failed"
    assert all(Path(d.path).is_absolute() for d in report.documents)


def test_second_run_skips_unchanged_files_and_rereads_changed_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    first = folder / "a.txt"
    second = folder / "b.txt"
    first.write_text("第一版。", encoding="utf-8")
    second.write_text("不变。", encoding="utf-8")
    report = ingest.read_many([folder])
    known = {d.path: d.content_hash for d in report.documents}
    first.write_text("第二版。", encoding="utf-8")
    again = ingest.read_many([folder], known_hashes=known)
    assert [Path(p).name for p in again.unchanged] == ["b.txt"]
    assert [d.text for d in again.documents] == ["第二版。"]
    changed = again.documents[0]
    assert changed.id == report.documents[0].id  # same path, same id: evidence is replaced
    assert changed.content_hash != known[changed.path]


def test_explicit_missing_and_unsupported_paths_are_errors_not_crashes(tmp_path: Path) -> None:
    odd = tmp_path / "x.doc"
    odd.write_bytes(b"\xd0\xcf\x11\xe0")
    report = ingest.read_many([tmp_path / "missing.txt", odd])
    assert [e.reason for e in report.errors] == ["not_found", "unsupported"]
    assert report.documents == []


def test_iter_files_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path / "in")
    names = [p.relative_to(folder).as_posix() for p in ingest.iter_files([folder])]
    assert names == sorted(names)
    assert "~$report.docx" not in names and ".hidden/secret.txt" not in names
    assert "image.png" not in names


def test_inspector_prints_each_file_and_fails_on_bad_ones(tmp_path: Path, capsys) -> None:
    from ingest.__main__ import main

    transcript = "主持人：欢迎。\n张三：谢谢。\n李四：好的。\n"
    (tmp_path / "good.txt").write_text(transcript, encoding="utf-8")
    assert main([str(tmp_path)]) == 0
    assert "transcript" in capsys.readouterr().out
    (tmp_path / "bad.txt").write_bytes(b"")
    assert main([str(tmp_path), "--json"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert any('"reason": "empty"' in line for line in lines)
