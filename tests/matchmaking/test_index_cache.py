"""The cached expert index: reused while its sources are unchanged, rebuilt after a change."""

from __future__ import annotations

import os

from graphmap.graph import graph_from
from graphmap.matchmaking import ExpertIndex, recommend_experts
from graphmap.matchmaking.index import cached_index, index_cache_key
from graphmap.model import Person


def build():
    return ExpertIndex.build(graph_from([Person(name="甲", bio="人形机器人运动控制。"),
                                         Person(name="乙", bio="锂电池材料。")], []))


def test_cached_index_answers_like_a_fresh_one_and_is_rebuilt_on_change(tmp_path):
    source = tmp_path / "experts.csv"
    source.write_text("v1", encoding="utf-8")
    calls = []

    def counted():
        calls.append(1)
        return build()

    first, hit = cached_index(tmp_path / "cache", index_cache_key(source), counted)
    assert not hit and len(calls) == 1
    again, hit = cached_index(tmp_path / "cache", index_cache_key(source), counted)
    assert hit and len(calls) == 1
    fresh = recommend_experts(first, "人形机器人", k=1).to_dict()
    assert recommend_experts(again, "人形机器人", k=1).to_dict() == fresh

    source.write_text("v2, a new list", encoding="utf-8")
    os.utime(source, ns=(1, 2))
    _, hit = cached_index(tmp_path / "cache", index_cache_key(source), counted)
    assert not hit and len(calls) == 2
    assert len(list((tmp_path / "cache").glob("expert_index-*.pickle"))) == 1  # old one gone


def test_a_broken_cache_file_is_rebuilt_not_an_error(tmp_path):
    key = index_cache_key(tmp_path / "none.csv")
    (tmp_path / f"expert_index-{key}.pickle").write_bytes(b"\x80\x05truncated")
    index, hit = cached_index(tmp_path, key, build)
    assert not hit and len(index) == 2
