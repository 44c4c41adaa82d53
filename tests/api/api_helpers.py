"""Test helpers: a small hand-made workspace, API keys, a live uvicorn server."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from graphmap.model import (
    ChainSegment,
    Consortium,
    Document,
    EdgeKind,
    Event,
    Evidence,
    Industry,
    Organization,
    OrgType,
    Person,
    Relation,
    Stage,
    Status,
    Technology,
)
from graphmap.store import Workspace

KEY = "test-key-0123456789"
OTHER_KEY = "other-key-9876543210"

NEWS = (
    "人工智能科创协同联合体成立大会举行。清华大学教授张三介绍了具身智能的进展。"
    "星辰机器人有限公司总工程师李四谈人形机器人运动控制。<script>alert(1)</script>"
)


def _ev(doc: Document, phrase: str, extractor: str = "test") -> Evidence:
    start = doc.text.index(phrase)
    return Evidence(doc.id, start, start + len(phrase), doc.text, extractor, 0.9)


def make_workspace(root: Path) -> Workspace:
    """A small graph stored through the workspace API (no ingest or nlp involved)."""
    ws = Workspace.create(root)
    doc = Document(path=str(root / "news.txt"), content_hash="h1", text=NEWS, title="成立大会新闻")
    ws.add_document(doc)
    tsinghua = Organization(name="清华大学", org_type=OrgType.UNIVERSITY, status=Status.CONFIRMED,
                            aliases={"清华"}, evidence=[_ev(doc, "清华大学")])
    robots = Organization(name="星辰机器人有限公司", org_type=OrgType.ENTERPRISE,
                          evidence=[_ev(doc, "星辰机器人有限公司")])
    lonely = Organization(name="孤岛材料公司", org_type=OrgType.ENTERPRISE)
    zhang = Person(name="张三", organization="清华大学", titles=["教授"],
                   bio="长期从事具身智能与人形机器人研究", birth_year=1975,
                   evidence=[_ev(doc, "张三")])
    li = Person(name="李四", organization="星辰机器人有限公司", titles=["总工程师"],
                bio="人形机器人运动控制", birth_year=1992, evidence=[_ev(doc, "李四")])
    embodied = Technology(name="具身智能", evidence=[_ev(doc, "具身智能")])
    humanoid = Technology(name="人形机器人", evidence=[_ev(doc, "人形机器人")])
    consortium = Consortium(name="人工智能科创协同联合体", industry="人工智能",
                            status=Status.CONFIRMED, evidence=[_ev(doc, "人工智能科创协同联合体")])
    industry = Industry(name="人工智能")
    chips = ChainSegment(name="智能芯片", industry="人工智能", stage=Stage.UPSTREAM)
    robots_seg = ChainSegment(name="智能机器人", industry="人工智能", stage=Stage.DOWNSTREAM)
    event = Event(name="具身智能工程师跨界沙龙", date="2026-05-20")
    entities = [tsinghua, robots, lonely, zhang, li, embodied, humanoid, consortium, industry,
                chips, robots_seg, event]

    def rel(kind: EdgeKind, a, b, **attrs) -> Relation:
        return Relation(kind=kind, source=a.id, target=b.id, attributes=attrs,
                        evidence=[_ev(doc, b.name)] if b.name in NEWS else [])

    relations = [
        rel(EdgeKind.AFFILIATED_WITH, zhang, tsinghua, title="教授"),
        rel(EdgeKind.AFFILIATED_WITH, li, robots, title="总工程师"),
        rel(EdgeKind.EXPERT_IN, zhang, embodied),
        rel(EdgeKind.EXPERT_IN, li, humanoid),
        rel(EdgeKind.WORKS_ON, robots, humanoid),
        rel(EdgeKind.MEMBER_OF, tsinghua, consortium),
        rel(EdgeKind.LEADS, robots, consortium),
        rel(EdgeKind.IN_SEGMENT, robots, robots_seg),
        rel(EdgeKind.PART_OF, chips, industry),
        rel(EdgeKind.PART_OF, robots_seg, industry),
        rel(EdgeKind.UPSTREAM_OF, chips, robots_seg),
        rel(EdgeKind.SPOKE_AT, zhang, event),
        rel(EdgeKind.SPOKE_AT, li, event),
        Relation(kind=EdgeKind.MENTIONS, source=doc.id, target=zhang.id),
    ]
    from graphmap.model import DocumentNode

    doc_node = DocumentNode(name=doc.title, doc_id=doc.id, path=doc.path, status=Status.CONFIRMED)
    ws.replace_graph([*entities, doc_node], relations,
                     started_at=datetime.now(UTC).isoformat(timespec="seconds"))
    return ws


class LiveServer:
    """uvicorn serving an app on a free loopback port, in a thread of this process."""

    def __init__(self, app) -> None:
        import socket
        import threading

        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


class ServeProcess:
    """``graphmap serve`` in a child process on a free loopback port (the product as shipped)."""

    def __init__(self, workspace, *extra: str, env: dict[str, str] | None = None,
                 cwd=None) -> None:
        import os
        import socket
        import sys

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        chosen = ["--workspace", str(workspace)] if workspace is not None else []
        self.command = [sys.executable, "-c", "from graphmap.cli import main; main()", "serve",
                        *chosen, "--port", str(self.port), *extra]
        self.env = {**os.environ, **(env or {})}
        self.env.pop("GRAPHMAP_WORKSPACE", None)
        self.cwd = cwd
        self.process = None

    def __enter__(self) -> ServeProcess:
        import subprocess
        import time

        import httpx

        self.process = subprocess.Popen(self.command, env=self.env, cwd=self.cwd,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"graphmap serve exited: {self.process.stdout.read()}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("graphmap serve did not answer within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except Exception:
                self.process.kill()
