"""Transcripts: speaker turns with title and affiliation, agenda slots, sections."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_makers import TRANSCRIPT

import ingest
from ingest.transcript import parse_speaker


@pytest.mark.parametrize(
    ("head", "paren", "expected"),
    [
        ("主持人", None, ("主持人", None, None)),
        ("张三", None, ("张三", None, None)),
        ("张三", "清华大学教授", ("张三", "教授", "清华大学")),
        ("王五", "中国工程院院士、北京航空航天大学教授",
         ("王五", "院士、教授", "北京航空航天大学")),
        ("张三教授", None, ("张三", "教授", None)),
        ("清华大学教授张三", None, ("张三", "教授", "清华大学")),
        ("主持人", "李四", ("李四", "主持人", None)),
        ("Q", None, ("Q", None, None)),
        ("答", None, ("答", None, None)),
        ("答", "陈思", ("陈思", None, None)),
        ("欧阳明", "北京百度网讯科技有限公司首席技术官",
         ("欧阳明", "首席技术官", "北京百度网讯科技有限公司")),
        ("張三", "清華大學教授", ("張三", "教授", "清華大學")),
        ("John Smith", None, ("John Smith", None, None)),
    ],
)
def test_turn_headers_give_name_title_and_affiliation(head: str, paren: str | None,
                                                      expected: tuple) -> None:
    speaker = parse_speaker(head, paren)
    assert speaker is not None
    assert (speaker.name, speaker.title, speaker.affiliation) == expected


@pytest.mark.parametrize("head", ["时间", "地点", "会议主题", "背景介绍", "主办单位", "备注"])
def test_field_labels_are_not_speakers(head: str) -> None:
    assert parse_speaker(head) is None


def test_transcript_turns_agenda_and_sections(tmp_path: Path) -> None:
    path = tmp_path / "沙龙.txt"
    path.write_bytes(TRANSCRIPT.encode("gb18030"))
    doc = ingest.read_path(path)
    assert doc.doc_type == "transcript"
    speakers = [(t.speaker, t.title, t.affiliation) for t in doc.turns]
    assert speakers == [
        ("主持人", None, None),
        ("张三", "教授", "清华大学"),
        ("王五", "院士、教授", "北京航空航天大学"),
        ("李四", None, None),
        ("Q", None, None),
        ("A", None, None),
    ]
    zhang = doc.turns[1]
    assert doc.text[zhang.start : zhang.end] == (
        "张三（清华大学教授）：谢谢主持人。我想谈三点。\n第一，算力很重要。")
    # a turn stops at the next section heading
    assert "二、圆桌讨论" not in doc.text[doc.turns[2].start : doc.turns[2].end]
    assert [s["title"] for s in doc.metadata["sections"]] == ["一、主旨报告", "二、圆桌讨论"]
    assert doc.metadata["agenda"][0]["time"] == "09:00-09:30"
    assert doc.metadata["agenda"][0]["item"] == "开幕致辞"


def test_traditional_transcript_keeps_original_text(tmp_path: Path) -> None:
    text = "主持人：歡迎各位。\n陳明（臺灣大學教授）：謝謝，我談談人工智慧。\n林華：我補充一點。\n"
    path = tmp_path / "座談會實錄.txt"
    path.write_bytes(text.encode("big5"))
    doc = ingest.read_path(path)
    assert doc.metadata["encoding"] == "big5"
    assert doc.text == text
    assert [(t.speaker, t.affiliation) for t in doc.turns] == [
        ("主持人", None), ("陳明", "臺灣大學"), ("林華", None)]
    assert doc.doc_type == "transcript"


def test_news_release_is_not_a_transcript(tmp_path: Path) -> None:
    text = ("本报讯（记者 王强）5月10日，人工智能科创协同联合体在京成立。\n"
            "会议由北京市科协主办。清华大学、百度公司等30家单位参加。\n")
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    doc = ingest.read_path(path)
    assert doc.turns == []
    assert doc.doc_type == "news"


@pytest.mark.parametrize(
    ("item", "expected"),
    [("主旨报告：张三（清华大学教授）", [("张三", "教授", "清华大学")]),
     ("致辞嘉宾王五（中国工程院院士、北京航空航天大学教授）；对话：李四（百度公司首席技术官）",
      [("王五", "院士、教授", "北京航空航天大学"), ("李四", "首席技术官", "百度公司")]),
     ("開幕致辭 陳明（臺灣大學教授）", [("陳明", "教授", "臺灣大學")]),
     ("圆桌讨论（全体嘉宾）", []), ("茶歇", [])],
)
def test_agenda_slots_name_their_speakers(item: str, expected: list) -> None:
    from ingest.transcript import agenda_speakers

    found = [(s["name"], s["title"], s["affiliation"]) for s in agenda_speakers(item)]
    assert found == expected


def test_docx_transcript_has_turns_and_numbered_sections(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for line in ["工程师沙龙速记", "一、主题发言", "主持人：欢迎大家。",
                 "张三（清华大学教授）：我讲两点。", "二、圆桌讨论", "李四：我补充。"]:
        document.add_paragraph(line)
    path = tmp_path / "salon.docx"
    document.save(path)
    doc = ingest.read_path(path)
    assert [t.speaker for t in doc.turns] == ["主持人", "张三", "李四"]
    assert [s["title"] for s in doc.metadata["sections"]] == ["一、主题发言", "二、圆桌讨论"]
    assert doc.doc_type == "transcript"
