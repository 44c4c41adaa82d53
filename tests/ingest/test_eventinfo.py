"""Event facts from title blocks and news leads (ingest/eventinfo.py), and in Document.metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.core import read_bytes
from ingest.eventinfo import cn_number, event_info, event_type, find_dates

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"

TITLE_BLOCK = """北京市科协工程师跨界沙龙（第十二期）速记文稿

沙龙名称：具身智能与人形机器人工程师跨界沙龙——从“能走会跑”到“能干会用”
时间：2025年6月14日（星期六）14:00—17:30
地点：北京市科协科技会堂三层报告厅
主办单位：北京市科学技术协会
承办单位：北京人工智能科创协同联合体、北京灵犀机器人科技有限公司
支持单位：北京中关村智能产业投资基金管理有限公司

主持人：各位专家下午好！欢迎参加今天的沙龙。
"""


def test_title_block_gives_every_fact():
    info = event_info(TITLE_BLOCK)
    assert info["event"] == "具身智能与人形机器人工程师跨界沙龙"
    assert info["event_subtitle"] == "从“能走会跑”到“能干会用”"
    assert info["event_aliases"] == ["北京市科协工程师跨界沙龙（第十二期）"]
    assert info["date"] == "2025-06-14"
    assert info["place"] == "北京市科协科技会堂三层报告厅"
    assert info["hosts"] == ["北京市科学技术协会"]
    assert info["co_hosts"] == ["北京人工智能科创协同联合体", "北京灵犀机器人科技有限公司"]
    assert info["supporters"] == ["北京中关村智能产业投资基金管理有限公司"]
    assert info["event_type"] == "salon"
    assert "attendance" not in info and "published" not in info


def test_traditional_title_block():
    text = ("科技論壇實錄\n活動名稱：智慧醫療創新論壇\n時間：2024年11月3日\n"
            "地點：香港會議展覽中心\n"
            "主辦單位：香港科技大學、北京靈犀機器人科技有限公司\n協辦單位：某某學會\n")
    info = event_info(text)
    assert info["event"] == "智慧醫療創新論壇"
    assert info["event_type"] == "innovation_event"
    assert info["date"] == "2024-11-03"
    assert info["place"] == "香港會議展覽中心"
    assert info["hosts"] == ["香港科技大學", "北京靈犀機器人科技有限公司"]
    assert info["co_hosts"] == ["某某學會"]


def test_english_title_block():
    text = ("Workshop notes\nEvent: Robotics Engineers Salon\nDate: 14 June 2025\n"
            "Venue: Science Hall, Beijing\nHost: Beijing Association for Science and Technology\n"
            "Attendance: 85\n")
    info = event_info(text)
    assert (info["event"], info["date"], info["place"]) == (
        "Robotics Engineers Salon", "2025-06-14", "Science Hall, Beijing")
    assert info["attendance"] == 85
    assert info["event_type"] == "salon"


def test_chinese_news_lead():
    text = ("# 某联合体2025年度创新大会在亦庄举办\n\n**发布时间：2025年9月22日　来源：秘书处**\n\n"
            "9月20日，“2025某联合体创新大会暨产业对接会”在北京经济技术开发区亦创国际会展中心举办。"
            "大会由北京市科学技术协会、北京经济技术开发区科学技术协会联合主办，甲公司承办，"
            "乙基金协办。来自高校和企业的代表350余人参会，线上直播观看超过1.2万人次。\n")
    info = event_info(text)
    assert info["event"] == "某联合体2025年度创新大会"
    assert info["event_aliases"] == ["2025某联合体创新大会暨产业对接会"]
    assert info["event_type"] == "innovation_event"
    assert (info["published"], info["date"]) == ("2025-09-22", "2025-09-20")
    assert info["place"] == "北京经济技术开发区亦创国际会展中心"
    assert info["attendance"] == 350
    assert info["hosts"] == ["北京市科学技术协会", "北京经济技术开发区科学技术协会"]
    assert info["co_hosts"] == ["甲公司", "乙基金"]  # 承办 and 协办 are both co-hosts
    assert "supporters" not in info


def test_places_in_a_host_list_are_not_hosts():
    text = ("# 长三角高端产业高峰论坛在上海举行\n\n"
            "由中国工业经济联合会指导，上海、江苏、浙江、安徽三省一市工经联共同主办的“长三角高端产业"
            "高峰论坛”25日在上海科学会堂举行，来自三省一市的代表200余人参加。\n")
    assert event_info(text)["hosts"] == ["安徽三省一市工经联"]


@pytest.mark.parametrize(("phrase", "expected"), [
    ("专家及青年工程师逾百人参加活动", 100),
    ("共有100多名工程师参加了本次沙龙", 100),
    ("来自各单位的代表两百余人出席", 200),
])
def test_attendance_phrases(phrase, expected):
    text = (f"某论坛成功举办\n\n发布时间：2025年5月2日\n\n"
            f"4月30日，“人工智能论坛”在中关村展示中心举办，"
            f"{phrase}。会议讨论了算力与数据问题，形成了多项共识和合作意向。\n")
    assert event_info(text)["attendance"] == expected


def test_english_release():
    text = ("PRESS RELEASE\n\nConsortium Welcomes New Members\n\n"
            "BEIJING, September 22, 2025 -- The Beijing AI Consortium held its 2025 Innovation "
            "Conference on September 20 at the Yichuang Convention Center in Beijing. "
            "The event was "
            "co-hosted by the Beijing Association for Science and Technology (BAST) and the "
            "Science and Technology Association of the Development Area, and attracted more than "
            "300 participants from universities and companies.\n")
    info = event_info(text)
    assert info["event"] == "Beijing AI Consortium 2025 Innovation Conference"
    assert info["event_type"] == "innovation_event"
    assert (info["published"], info["date"]) == ("2025-09-22", "2025-09-20")
    assert info["place"] == "Yichuang Convention Center in Beijing"
    assert info["attendance"] == 300
    assert info["hosts"] == ["Beijing Association for Science and Technology",
                             "Science and Technology Association of the Development Area"]


def test_document_without_event_gives_nothing_but_publication():
    text = ("港澳合作動態：兩校共建聯合實驗室\n\n"
            "【本報訊】2025年7月8日，北京靈犀機器人與香港科技大學在港"
            "簽署合作協議，雙方將共建具身智能聯合實驗室，圍繞觸覺傳感開展聯合研發。\n")
    assert event_info(text) == {}
    assert event_info("Minutes\n\nPublished: 3 March 2025\n\nThe board met and agreed the budget "
                      "for the coming year without any change.") == {"published": "2025-03-03"}


def test_helpers():
    assert [d.isoformat() for d, _ in find_dates("June 14, 2025 and 6月5日", 2025)] == [
        "2025-06-14", "2025-06-05"]
    assert find_dates("6月5日") == []
    assert cn_number("三百五十") == 350 and cn_number("1,200") == 1200 and cn_number("abc") is None
    assert event_type("工程師跨界沙龍") == "salon"
    assert event_type("具身智能产业对接会") == "innovation_event"
    assert event_type("年度工作总结") is None


def test_demo_corpus_metadata():
    """Read through the real readers: GBK news, markdown release, transcript title block."""
    docs = {p.name: read_bytes(p.read_bytes(), p.name) for p in CORPUS.iterdir()
            if p.suffix in (".txt", ".md")}
    salon = docs["具身智能与人形机器人工程师跨界沙龙_速记.txt"].metadata
    news = docs["新闻稿_沙龙成功举办.txt"].metadata
    assert salon["event"] == news["event"] == "具身智能与人形机器人工程师跨界沙龙"
    assert salon["date"] == news["date"] == "2025-06-14"
    assert news["published"] == "2025-06-16" and news["attendance"] == 120
    conference = docs["新闻稿_联合体创新大会.md"].metadata
    assert conference["event"] == "北京人工智能科创协同联合体2025年度创新大会"
    assert conference["event_type"] == "innovation_event"
    assert (conference["date"], conference["attendance"]) == ("2025-09-20", 350)
    assert "亦创国际会展中心" in conference["place"]
    assert len(conference["hosts"]) == 2
    assert "event" not in docs["港澳合作動態.txt"].metadata
