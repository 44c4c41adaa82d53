"""Topic word weights: a compound counts a little more than a plain word, not once per
dictionary word it contains."""

from __future__ import annotations

import math

from graphmap.graph import graph_from
from graphmap.matchmaking import ExpertIndex, recommend_experts
from graphmap.model import Person


def _index(bios: dict[str, str]) -> ExpertIndex:
    return ExpertIndex.build(graph_from([Person(name=n, bio=b) for n, b in bios.items()], []))


def test_a_compound_weighs_the_square_root_of_its_dictionary_words():
    index = _index({"甲": "土木工程结构。", "乙": "防灾减灾。"})
    terms = index.query("土木工程安全与防灾", expand=False).terms
    civil = [t for t in ("土木", "木工", "工程", "土木工程") if t in terms]
    assert "土木工程" in civil
    # jieba's dictionary finds 4 words in 土木工程: the word weighs sqrt(4) = 2, shared by its forms
    assert math.isclose(sum(terms[t] for t in civil), 2.0)
    assert math.isclose(terms["防灾"], 1.0)
    assert math.isclose(terms["安全"], 1.0)


def test_two_plain_topic_words_beat_one_compound():
    # 甲 only has the compound; 乙 has the topic's two other words (and 工程). Counting every
    # dictionary word of 土木工程 (土木, 木工, 工程, 土木工程) put 甲 first.
    index = _index({
        "甲": "土木工程教授。",
        "乙": "从事工程安全与防灾研究。",
        "丙": "锂电池材料。",
        "丁": "人工智能算法。",
    })
    panel = recommend_experts(index, "土木工程安全与防灾", k=2, max_per_org=None,
                              diversity=0.0, expand=False)
    assert [p.name for p in panel.picks] == ["乙", "甲"]
