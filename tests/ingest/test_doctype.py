"""Document types: guessed from rows, file names and content; always overridable."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest


def _read(tmp_path: Path, name: str, text: str) -> ingest.Document:  # type: ignore[name-defined]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ingest.read_path(path)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("2024年会议纪要.txt", "transcript"), ("沙龙实录.md", "transcript"),
     ("联合体新闻通稿.txt", "news"), ("产业发展白皮书.txt", "report"),
     ("大会参会手册.txt", "handbook"), ("random.txt", "other")],
)
def test_file_name_words(tmp_path: Path, name: str, expected: str) -> None:
    assert _read(tmp_path, name, "一段普通的文字。").doc_type == expected


def test_handbook_from_content(tmp_path: Path) -> None:
    text = ("2024人工智能创新大会\n会议议程\n09:00-09:30 开幕致辞\n09:30-10:30 主旨报告\n"
            "参会须知\n请于8:30前报到。会务组联系电话见背面。\n")
    doc = _read(tmp_path, "a.txt", text)
    assert doc.doc_type == "handbook"
    assert [a["item"] for a in doc.metadata["agenda"]] == ["开幕致辞", "主旨报告"]


def test_long_structured_text_is_a_report(tmp_path: Path) -> None:
    sections = "\n\n".join(f"{n}、第{n}部分\n" + "产业链协同发展取得新进展。" * 120
                           for n in "一二三四")
    assert _read(tmp_path, "a.txt", sections).doc_type == "report"


def test_markdown_bold_speaker_headers(tmp_path: Path) -> None:
    text = "**主持人**：欢迎。\n\n**张三**（清华大学教授）：谢谢。\n\n**李四**：我补充。\n"
    doc = _read(tmp_path, "a.md", text)
    assert [(t.speaker, t.affiliation) for t in doc.turns] == [
        ("主持人", None), ("张三", "清华大学"), ("李四", None)]
    assert doc.doc_type == "transcript"


def test_english_qa_transcript(tmp_path: Path) -> None:
    text = ("Moderator: Welcome to the salon.\nJohn Smith (Tsinghua University): Thank you.\n"
            "Q: What about data?\nA: Data governance matters.\nNote: this line is no turn.\n")
    doc = _read(tmp_path, "a.txt", text)
    assert [t.speaker for t in doc.turns] == ["Moderator", "John Smith", "Q", "A"]
    assert doc.turns[1].affiliation == "Tsinghua University"
