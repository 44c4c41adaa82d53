"""Snapshots: named copies of the graph, and what changed between two of them."""

from __future__ import annotations

import pytest

from graphmap.build import build
from graphmap.errors import GraphmapError, WorkspaceError
from graphmap.model import DocType, Document, EdgeKind, Record
from graphmap.snapshots import create_snapshot, diff_snapshots, load_snapshot
from graphmap.store import SCHEMA_VERSION, Workspace

from .conftest import scripted_extractor, text_doc

EXTRACT = scripted_extractor(
    [
        ("ChainSegment", "机器人整机", {"industry": "测试产业", "stage": "midstream"}),
        ("Organization", "北京灵犀机器人科技有限公司", {}),
        ("Person", "李娜", {}),
        ("Technology", "具身智能", {}),
    ],
    [
        (EdgeKind.IN_SEGMENT, "北京灵犀机器人科技有限公司", "机器人整机"),
        (EdgeKind.EXPERT_IN, "李娜", "具身智能"),
    ],
)


def members(path: str, names: list[str]) -> Document:
    return Document(
        path=path, content_hash="h" + "".join(names), doc_type=DocType.MEMBER_LIST,
        metadata={"consortium": "测试联合体"},
        records=[Record(record_type="member", fields={"name": n, "joined": "2025"})
                 for n in names],
    )


def test_diff_reports_new_members_experts_technologies_and_closed_gaps(ws):
    ws.add_document(members("/m1.xlsx", ["清华大学"]))
    ws.add_document(text_doc("/seg.txt", "产业链环节：机器人整机"))
    build(ws, text_extractor=EXTRACT)
    create_snapshot(ws, "salon-1", note="第一期沙龙")

    ws.add_document(members("/m1.xlsx", ["清华大学", "北京灵犀机器人科技有限公司"]))
    ws.add_document(text_doc("/news.txt", "北京灵犀机器人科技有限公司做机器人整机，李娜谈具身智能"))
    build(ws, text_extractor=EXTRACT)

    diff = diff_snapshots(ws, "salon-1", "current")
    assert [c.name for c in diff.new_members] == ["北京灵犀机器人科技有限公司"]
    assert "测试联合体" in diff.new_members[0].detail
    assert [c.name for c in diff.new_experts] == ["李娜"]
    assert [c.name for c in diff.new_technologies] == ["具身智能"]
    assert [(c.name, c.detail) for c in diff.closed_gaps] == [("机器人整机", "测试联合体")]
    assert diff.opened_gaps == []

    create_snapshot(ws, "salon-2")
    assert diff_snapshots(ws, "salon-2", "current").is_empty()
    backwards = diff_snapshots(ws, "salon-2", "salon-1")
    assert [c.name for c in backwards.opened_gaps] == ["机器人整机"]


def test_a_snapshot_keeps_its_graph_after_the_live_graph_changes(ws):
    ws.add_document(members("/m1.xlsx", ["清华大学"]))
    build(ws, text_extractor=EXTRACT)
    create_snapshot(ws, "before")
    entities, relations = load_snapshot(ws, "before")
    ws.remove_document("/m1.xlsx")
    build(ws, text_extractor=EXTRACT)
    again, again_relations = load_snapshot(ws, "before")
    assert again == entities and again_relations == relations
    assert any(e.name == "清华大学" and e.evidence for e in again)
    assert load_snapshot(ws, "current") == ([], [])
    assert [s["name"] for s in ws.snapshots()] == ["before"]


def test_snapshot_names_are_unique_and_current_is_reserved(ws):
    create_snapshot(ws, "a")
    with pytest.raises(WorkspaceError, match="already exists"):
        create_snapshot(ws, "a")
    with pytest.raises(GraphmapError, match="cannot name"):
        create_snapshot(ws, "current")
    with pytest.raises(WorkspaceError, match="no snapshot"):
        diff_snapshots(ws, "missing")


def test_an_older_workspace_is_migrated_to_hold_snapshots(tmp_path):
    ws = Workspace.create(tmp_path / "old")
    ws.db.execute("DROP TABLE snapshot_evidence")
    ws.db.execute("DROP TABLE snapshot_relations")
    ws.db.execute("DROP TABLE snapshot_entities")
    ws.db.execute("DROP TABLE snapshots")
    ws.db.execute("ALTER TABLE entities DROP COLUMN digest")  # migration 3
    ws.db.execute("ALTER TABLE relations DROP COLUMN digest")
    ws.db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    ws.close()
    ws = Workspace.open(tmp_path / "old")
    assert ws.schema_version == SCHEMA_VERSION
    create_snapshot(ws, "x")
    assert ws.snapshots()[0]["name"] == "x"
