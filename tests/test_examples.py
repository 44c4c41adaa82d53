"""The demo corpus in examples/ is what examples/README.md says it is."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest
import yaml

CORPUS_NAMES = {
    "transcript": "具身智能与人形机器人工程师跨界沙龙_速记.txt",
    "news_gbk": "新闻稿_沙龙成功举办.txt",
    "news_md": "新闻稿_联合体创新大会.md",
    "news_big5": "港澳合作動態.txt",
    "news_en": "press_release_en.txt",
    "members": "人工智能科创协同联合体成员单位名单.xlsx",
    "experts": "专家名单.csv",
}
MEMBER_HEADER = ["序号", "单位名称", "单位类型", "所属环节", "统一社会信用代码", "加入时间", "备注"]
EXPERT_HEADER = ["姓名", "性别", "出生年月", "职称", "工作单位", "研究方向", "简介"]
SPEAKER_TURN = re.compile(r"^([\u4e00-\u9fff]{2,4})(?:（([^）]+)）)?：", re.MULTILINE)


@pytest.fixture(scope="module")
def corpus(examples_dir: Path) -> Path:
    return examples_dir / "corpus"


@pytest.fixture(scope="module")
def transcript(corpus: Path) -> str:
    return (corpus / CORPUS_NAMES["transcript"]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def member_rows(corpus: Path) -> list[tuple]:
    sheet = openpyxl.load_workbook(corpus / CORPUS_NAMES["members"], read_only=True).active
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture(scope="module")
def experts(corpus: Path) -> list[dict[str, str]]:
    with (corpus / CORPUS_NAMES["experts"]).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _all_text(corpus: Path) -> str:
    return "\n".join(
        [
            (corpus / CORPUS_NAMES["transcript"]).read_text(encoding="utf-8"),
            (corpus / CORPUS_NAMES["news_gbk"]).read_bytes().decode("gbk"),
            (corpus / CORPUS_NAMES["news_md"]).read_text(encoding="utf-8"),
        ]
    )


def test_every_listed_file_exists(corpus: Path) -> None:
    missing = [name for name in CORPUS_NAMES.values() if not (corpus / name).is_file()]
    assert missing == []


def test_transcript_length_and_title_block(transcript: str) -> None:
    assert 7000 <= len(transcript) <= 9500
    for field in ("沙龙名称：", "时间：2025年6月14日", "地点：", "主办单位：北京市科学技术协会"):
        assert field in transcript


def test_transcript_has_host_and_several_speakers(transcript: str, experts: list[dict]) -> None:
    speakers = {match.group(1) for match in SPEAKER_TURN.finditer(transcript)}
    assert "主持人" in speakers
    expert_names = {row["姓名"] for row in experts}
    assert len((speakers - {"主持人"}) & expert_names) >= 5
    assert transcript.count("问：") >= 3
    assert "该成果" in transcript or "已经转让给" in transcript
    assert sum(transcript.count(word) for word in ("建议", "呼吁", "应当加快")) >= 8


def test_gbk_news_is_not_utf8_but_decodes_as_gbk(corpus: Path) -> None:
    raw = (corpus / CORPUS_NAMES["news_gbk"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gbk")
    assert "2025年6月16日" in text and "张伯钧" in text


def test_big5_and_english_items_decode(corpus: Path) -> None:
    raw = (corpus / CORPUS_NAMES["news_big5"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "靈犀機器人" in raw.decode("big5")
    english = (corpus / CORPUS_NAMES["news_en"]).read_text(encoding="ascii")
    assert "Beijing Lingxi Robotics" in english


def test_member_list_has_title_row_then_header(member_rows: list[tuple]) -> None:
    assert member_rows[0][0] == "北京人工智能科创协同联合体成员单位名单"
    assert all(cell is None for cell in member_rows[0][1:])
    assert list(member_rows[1]) == MEMBER_HEADER
    members = member_rows[2:]
    assert 12 <= len(members) <= 16
    assert [row[0] for row in members] == list(range(1, len(members) + 1))
    assert sum(1 for row in members if row[6] and "牵头单位" in row[6]) == 1
    assert any(row[4] is None for row in members)


def test_member_list_supports_the_duties_and_gap_analyses(
    member_rows: list[tuple], corpus: Path, experts: list[dict]
) -> None:
    members = member_rows[2:]
    assert sum(1 for row in members if str(row[5]).startswith("2025")) >= 6
    assert any("；" in row[3] for row in members), "one member declares two segments"
    member_names = {row[1] for row in members}
    org_pattern = re.compile(r"北京[\u4e00-\u9fff]{2,16}?(?:有限公司|医院)")
    mentioned = set(org_pattern.findall(_all_text(corpus))) | {row["工作单位"] for row in experts}
    assert len({org for org in mentioned if org.endswith("有限公司")} - member_names) >= 6


def test_credit_codes_have_valid_check_characters(member_rows: list[tuple]) -> None:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    codes = [row[4] for row in member_rows[2:] if row[4]]
    assert codes
    for code in codes:
        total = sum(chars.index(c) * w for c, w in zip(code[:17], weights, strict=True))
        assert chars[(31 - total % 31) % 31] == code[17], code


def test_expert_csv_is_excel_style(corpus: Path, experts: list[dict]) -> None:
    raw = (corpus / CORPUS_NAMES["experts"]).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(experts[0].keys()) == EXPERT_HEADER
    assert 20 <= len(experts) <= 30
    assert all(row["姓名"] and row["工作单位"] and row["研究方向"] for row in experts)
    names = [row["姓名"] for row in experts]
    duplicated = {name for name in names if names.count(name) > 1}
    assert duplicated, "the list keeps a 同名 case"
    for name in duplicated:
        orgs = {row["工作单位"] for row in experts if row["姓名"] == name}
        assert len(orgs) == names.count(name)
    assert any(int(row["出生年月"][:4]) > 1988 for row in experts)


def test_gold_names_exist_in_expert_list(examples_dir: Path, experts: list[dict]) -> None:
    gold = yaml.safe_load((examples_dir / "gold" / "recommend.yaml").read_text(encoding="utf-8"))
    known = {(row["姓名"], row["工作单位"]) for row in experts}
    assert len(gold["topics"]) == 5
    for topic in gold["topics"]:
        assert topic["topic"] and topic["relevant"]
        for item in topic["relevant"]:
            assert (item["name"], item["organization"]) in known, item
            assert item["grade"] in (1, 2)
