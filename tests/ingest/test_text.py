"""Plain text: encodings, paragraphs and sentences whose offsets index the text exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest
from ingest.structure import split_paragraphs, split_sentences

SIMPLIFIED = ("人工智能科创协同联合体在北京成立。清华大学教授张三出席会议并发言！\n"
              "下一步将推动产业链协同。\n")
TRADITIONAL = ("北京航空航天大學教授在會議上發言，討論人工智慧產業的發展。\n"
               "聯合體將推動產業鏈協同創新。\n")


@pytest.mark.parametrize(
    ("encoding", "text", "reported"),
    [
        ("utf-8", SIMPLIFIED, "utf-8"),
        ("utf-8-sig", SIMPLIFIED, "utf-8-sig"),
        ("utf-16", SIMPLIFIED, "utf-16"),
        ("utf-16-le", SIMPLIFIED, "utf-16-le"),
        ("gbk", SIMPLIFIED, "gbk"),
        ("gbk", TRADITIONAL, "gbk"),
        ("big5", TRADITIONAL, "big5"),
    ],
)
def test_text_encodings_are_detected_and_reported(tmp_path: Path, encoding: str, text: str,
                                                  reported: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode(encoding))
    doc = ingest.read_path(path)
    assert doc.text == text
    assert doc.metadata["encoding"] == reported


def test_gb18030_only_characters_are_decoded(tmp_path: Path) -> None:
    text = "数据要素𠀀市场建设与人工智能产业发展报告。\n"  # U+20000 is outside GBK
    path = tmp_path / "gb.txt"
    path.write_bytes(text.encode("gb18030"))
    doc = ingest.read_path(path)
    assert doc.text == text
    assert doc.metadata["encoding"] == "gb18030"


def test_crlf_becomes_lf_and_path_is_absolute(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes("第一段。\r\n\r\n第二段。\r\n".encode())
    doc = ingest.read_path(path)
    assert "\r" not in doc.text
    assert doc.path == str(path.resolve())
    assert doc.content_hash == ingest.content_hash(path)


def test_paragraph_and_sentence_offsets_index_the_text(tmp_path: Path) -> None:
    text = ("# 联合体年度报告\n\n清华大学牵头成立联合体。百度公司参与！是否继续？\n"
            "Second paragraph. It has two sentences.\n\n一、产业链现状\n上游为芯片；中游为模型。")
    path = tmp_path / "r.md"
    path.write_text(text, encoding="utf-8")
    doc = ingest.read_path(path)
    paragraphs = [doc.text[p.start : p.end] for p in doc.paragraphs]
    assert paragraphs[0] == "# 联合体年度报告"
    assert doc.paragraphs[0].label == "heading"
    assert "一、产业链现状" in paragraphs
    sentences = [doc.text[s.start : s.end] for s in doc.sentences]
    assert "清华大学牵头成立联合体。" in sentences
    assert "百度公司参与！" in sentences
    assert "It has two sentences." in sentences
    assert "上游为芯片；" in sentences
    assert doc.title == "联合体年度报告"
    for span in [*doc.paragraphs, *doc.sentences]:
        chunk = doc.text[span.start : span.end]
        assert chunk == chunk.strip() and chunk


def test_hard_wrapped_lines_join_into_one_paragraph() -> None:
    line = "人工智能产业链包括基础层、技术层和应用层三个部分，其中基础层主要包括"
    text = f"{line}\n芯片、传感器和云计算。\n下一段开始。"
    spans = split_paragraphs(text)
    assert [text[s.start : s.end] for s in spans] == [
        f"{line}\n芯片、传感器和云计算。", "下一段开始。"]


def test_sentences_keep_closing_quotes() -> None:
    text = "他说：“我们要协同创新。”随后离开。"
    spans = split_sentences(text, split_paragraphs(text))
    assert [text[s.start : s.end] for s in spans] == ["他说：“我们要协同创新。”", "随后离开。"]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.4 renamed", "binary"),
        (bytes(range(256)) * 16, "binary"),
        (b"abc\x00\x01\x02\x03def" * 100, "binary"),
    ],
)
def test_bad_text_files_raise_ingest_error(tmp_path: Path, payload: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(payload)
    with pytest.raises(ingest.IngestError) as caught:
        ingest.read_path(path)
    assert caught.value.reason == reason
    assert "bad.txt" in str(caught.value)
    assert caught.value.fix


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("很长的文本。" * 1000, encoding="utf-8")
    with pytest.raises(ingest.IngestError) as caught:
        ingest.read_path(path, limits=ingest.Limits(max_file_bytes=1000))
    assert caught.value.reason == "too_large"


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(ingest.IngestError) as missing:
        ingest.read_path(tmp_path / "nope.txt")
    assert missing.value.reason == "not_found"
    odd = tmp_path / "a.exe"
    odd.write_bytes(b"MZ")
    with pytest.raises(ingest.IngestError) as unsupported:
        ingest.read_path(odd)
    assert unsupported.value.reason == "unsupported"


def test_doc_type_can_be_overridden(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("一段普通的文字。", encoding="utf-8")
    assert ingest.read_path(path, doc_type="news").doc_type == "news"
    with pytest.raises(ingest.IngestError):
        ingest.read_path(path, doc_type="poem")


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_damaged_byte_is_replaced_not_fatal(tmp_path: Path, encoding: str) -> None:
    data = ("清华大学牵头成立人工智能科创协同联合体。" * 200).encode(encoding)
    path = tmp_path / "damaged.txt"
    path.write_bytes(data + "联".encode(encoding)[:1])  # truncated last character
    doc = ingest.read_path(path)
    assert doc.text.startswith("清华大学牵头成立")
    assert doc.metadata["undecodable_bytes"] == 1
    assert doc.text.endswith("\ufffd")


def test_english_sentences_survive_abbreviations_and_company_names() -> None:
    text = ('"We close gaps," said Dr. Chen Si of Lingxi Co., Ltd. and Tsinghua. '
            '"Next we want partners." The U.S. office opened. It joined Acme Co., Ltd. '
            "Then it grew.")
    spans = split_sentences(text, split_paragraphs(text))
    assert [text[s.start : s.end] for s in spans] == [
        '"We close gaps," said Dr. Chen Si of Lingxi Co., Ltd. and Tsinghua.',
        '"Next we want partners."', "The U.S. office opened.", "It joined Acme Co., Ltd.",
        "Then it grew."]


def test_long_markdown_heading_is_a_heading() -> None:
    text = "# " + "北京人工智能科创协同联合体2025年度创新大会在亦庄举办" * 2 + "\n\n正文。"
    assert [p.label for p in split_paragraphs(text)] == ["heading", "paragraph"]
