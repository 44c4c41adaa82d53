"""Synthetic corpora and graphs for benchmarks, deterministic by seed.

Corpora: Chinese salon transcripts (主持人 and speaker turns), news releases, and member and
expert lists, filled from ``bench/data/synth_vocab.yaml`` and ``synth_templates.yaml``. Every
person and organization is a fictional combination of name parts; the technology words are
real so the extractors and the chain taxonomies recognise them.

Graphs: ``n`` nodes (people, organizations, technologies, events) with about three edges per
node and a few hubs, written straight into a workspace, either through
:meth:`graphmap.store.Workspace.replace_graph` (typed entities, the build's own path) or with
bulk SQL inserts of the same rows (no Python objects per node, for 1M nodes).

Run::

    .venv/bin/python bench/synth.py corpus OUT_FOLDER --docs 1000 [--seed 7]
    .venv/bin/python bench/synth.py graph WORKSPACE --nodes 100000 [--method sql|replace_graph]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"
EXPERT_HEADER = ("姓名", "性别", "出生年月", "职称", "工作单位", "研究方向", "简介")
MEMBER_HEADER = ("序号", "单位名称", "单位类型", "统一社会信用代码", "加入时间", "备注")


@cache
def vocab() -> dict[str, Any]:
    return yaml.safe_load((DATA / "synth_vocab.yaml").read_text("utf-8"))


@cache
def templates() -> dict[str, Any]:
    return yaml.safe_load((DATA / "synth_templates.yaml").read_text("utf-8"))


# -- a fictional world ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expert:
    name: str
    org: str
    title: str
    fields: tuple[str, ...]
    birth: str


@dataclass(slots=True)
class World:
    """The organizations and people a corpus talks about (sized to the corpus)."""

    orgs: list[tuple[str, str]]  # (name, org type key)
    experts: list[Expert]
    consortium: str


def person_name(rng: random.Random) -> str:
    v = vocab()
    given = "".join(rng.choice(v["given_chars"]) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(v["surnames"]) + given


def org_name(rng: random.Random) -> tuple[str, str]:
    v = vocab()
    roll = rng.random()
    if roll < 0.72:
        return (rng.choice(v["regions"]) + rng.choice(v["org_cores"])
                + rng.choice(v["enterprise_fields"]) + rng.choice(v["enterprise_suffixes"]),
                "enterprise")
    if roll < 0.82:
        return rng.choice(v["universities"]), "university"
    if roll < 0.93:
        return rng.choice(v["institute_parents"]) + rng.choice(v["institutes"]), \
            "research_institute"
    if roll < 0.97:
        return rng.choice(v["hospitals"]), "hospital"
    return rng.choice(v["associations"]), "association"


def make_world(n_docs: int, rng: random.Random) -> World:
    """About one organization per two documents and one expert per document (bounded)."""
    v = vocab()
    orgs = {}
    while len(orgs) < max(20, min(n_docs // 2, 6000)):
        name, kind = org_name(rng)
        orgs.setdefault(name, kind)
    org_list = sorted(orgs.items())
    experts = []
    for _ in range(max(30, min(n_docs, 12000))):
        org = rng.choice(org_list)[0]
        fields = tuple(rng.sample(v["technologies"], rng.choice((1, 2, 3))))
        birth = f"{rng.randint(1955, 1998)}.{rng.randint(1, 12):02d}"
        experts.append(Expert(person_name(rng), org, rng.choice(v["titles"]), fields, birth))
    return World(org_list, experts, rng.choice(v["consortia"]))


# -- documents -------------------------------------------------------------------------------------


def _date(rng: random.Random) -> date:
    return date(2021, 1, 1) + timedelta(days=rng.randrange(5 * 365))


def _fill(template: str, rng: random.Random, world: World, **given: Any) -> str:
    v = vocab()
    e1, e2 = rng.choice(world.experts), rng.choice(world.experts)
    values = {
        "topic": rng.choice(v["topics"]), "venue": rng.choice(v["venues"]),
        "tech": rng.choice(e1.fields), "tech2": rng.choice(v["technologies"]),
        "org": e1.org, "org2": rng.choice(world.orgs)[0], "host": rng.choice(world.orgs)[0],
        "person": e1.name, "title": e1.title, "person2": e2.name, "title2": e2.title,
        "honour": rng.choice(v["honours"]), "consortium": world.consortium,
        "date": _date(rng).strftime("%Y年%m月%d日"), "year": rng.randint(2021, 2025),
        "n": rng.randint(5, 80), "achievement": rng.choice(templates()["achievements"]),
    }
    values.update(given)
    return template.format(**values)


def transcript(rng: random.Random, world: World, turns: int) -> str:
    t = templates()
    speakers = rng.sample(world.experts, min(len(world.experts), rng.randint(3, 6)))
    guests = "、".join(f"{s.org}{s.title}{s.name}" for s in speakers)
    lines = [_fill(rng.choice(t["transcript_header"]), rng, world),
             _fill(rng.choice(t["host_opening"]), rng, world, guests=guests)]
    for i in range(turns):
        s = speakers[i % len(speakers)]
        nxt = speakers[(i + 1) % len(speakers)]
        lines.append(_fill(rng.choice(t["speaker_turn"]), rng, world, speaker=s.name, org=s.org,
                           title=s.title, tech=rng.choice(s.fields)))
        if rng.random() < 0.5:
            lines.append(_fill(rng.choice(t["host_turn"]), rng, world, speaker=s.name,
                               next_org=nxt.org, next_speaker=nxt.name, next_title=nxt.title))
    lines.append(t["closing"][0])
    return "\n".join(lines) + "\n"


def news(rng: random.Random, world: World, paragraphs: int) -> tuple[str, str]:
    t = templates()
    title = _fill(rng.choice(t["news_title"]), rng, world)
    body = [_fill(rng.choice(t["news_para"]), rng, world) for _ in range(paragraphs)]
    return title, title + "\n\n" + "\n\n".join(body) + "\n"


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def expert_rows(rng: random.Random, world: World, n: int) -> list[list[Any]]:
    v = vocab()
    rows = []
    for e in rng.sample(world.experts, min(n, len(world.experts))):
        title = f"{rng.choice(v['honours'])}、{e.title}" if rng.random() < 0.1 else e.title
        partner = rng.choice(world.orgs)[0]
        bio = f"长期从事{e.fields[0]}研究，与{partner}合作开展{e.fields[-1]}攻关。"
        rows.append([e.name, rng.choice("男女"), e.birth, title, e.org, "；".join(e.fields), bio])
    return rows


def member_rows(rng: random.Random, world: World, n: int) -> list[list[Any]]:
    types = vocab()["org_types"]
    picked = rng.sample(world.orgs, min(n, len(world.orgs)))
    return [
        [i, name, types.get(kind, "其他"), f"91110{rng.randrange(10**12):012d}X",
         f"{rng.randint(2019, 2025)}年", ""]
        for i, (name, kind) in enumerate(picked, 1)
    ]


@dataclass(slots=True)
class CorpusReport:
    folder: Path
    documents: int
    transcripts: int
    news: int
    lists: int
    chars: int
    bytes: int


def make_corpus(folder: Path | str, n_docs: int, seed: int = 7) -> CorpusReport:
    """Write ``n_docs`` files into ``folder``: ~2% lists, then transcripts and news ~55:45.

    Transcripts run 12-36 turns (~1.5-4.5k characters), news 3-6 paragraphs (~0.3-0.8k).
    """
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    world = make_world(n_docs, rng)
    n_lists = max(2, n_docs // 50)
    report = CorpusReport(folder, n_docs, 0, 0, n_lists, 0, 0)
    for i in range(n_lists):
        if i % 2 == 0:
            path = folder / f"{world.consortium}成员单位名单_{i:05d}.csv"
            _write_csv(path, MEMBER_HEADER, member_rows(rng, world, rng.randint(20, 60)))
        else:
            path = folder / f"专家名单_{i:05d}.csv"
            _write_csv(path, EXPERT_HEADER, expert_rows(rng, world, rng.randint(20, 60)))
        report.bytes += path.stat().st_size
    for i in range(n_docs - n_lists):
        if rng.random() < 0.55:
            text = transcript(rng, world, rng.randint(12, 36))
            path = folder / f"沙龙速记_{i:05d}.txt"
            report.transcripts += 1
        else:
            _, text = news(rng, world, rng.randint(3, 6))
            path = folder / f"新闻稿_{i:05d}.md"
            report.news += 1
        path.write_text(text, "utf-8")
        report.chars += len(text)
        report.bytes += path.stat().st_size
    return report


# -- graphs -----------------------------------------------------------------------------------

#: Share of nodes per kind, and which kinds an edge from each kind may reach (edge kind, target).
NODE_MIX = (("Person", 0.45), ("Organization", 0.35), ("Technology", 0.15), ("Event", 0.05))
OUT_EDGES = {
    "Person": (("AFFILIATED_WITH", "Organization"), ("EXPERT_IN", "Technology"),
               ("SPOKE_AT", "Event"), ("EXPERT_IN", "Technology")),
    "Organization": (("WORKS_ON", "Technology"), ("COOPERATES_WITH", "Organization"),
                     ("WORKS_ON", "Technology"), ("COOPERATES_WITH", "Organization")),
}
PREFIX = {"Person": "per", "Organization": "org", "Technology": "tech", "Event": "evt"}


@dataclass(slots=True)
class SyntheticGraph:
    """Rows of a synthetic graph: ``nodes`` as (id, kind, name); ``edges`` as (kind, s, t)."""

    nodes: list[tuple[str, str, str]]
    edges: list[tuple[str, str, str]]


def make_graph(n_nodes: int, edges_per_node: float = 3.0, seed: int = 7) -> SyntheticGraph:
    """About ``edges_per_node * n_nodes`` distinct edges; targets skewed so hubs exist."""
    rng = random.Random(seed)
    v = vocab()
    by_kind: dict[str, list[str]] = {}
    nodes = []
    for kind, share in NODE_MIX:
        count = max(1, round(n_nodes * share))
        ids = [f"{PREFIX[kind]}-{seed:x}-{i:07d}" for i in range(count)]
        by_kind[kind] = ids
        for i, node_id in enumerate(ids):
            if kind == "Person":
                name = person_name(rng)
            elif kind == "Organization":
                name = f"{org_name(rng)[0]}{i}"  # numbered: fictional names repeat at scale
            elif kind == "Technology":
                name = f"{rng.choice(v['technologies'])}-{i}"
            else:
                name = f"{rng.choice(v['topics'])}沙龙第{i}期"
            nodes.append((node_id, kind, name))
    sources = [n for n in nodes if n[1] in OUT_EDGES]
    per_source = edges_per_node * len(nodes) / len(sources)
    edges: set[tuple[str, str, str]] = set()
    for node_id, kind, _ in sources:
        whole = int(per_source)
        count = whole + (rng.random() < per_source - whole)
        for j in range(count):
            edge_kind, target_kind = OUT_EDGES[kind][j % len(OUT_EDGES[kind])]
            pool = by_kind[target_kind]
            target = pool[int(len(pool) * rng.random() ** 2.5)]  # skewed: low ids are hubs
            if target != node_id:
                edges.add((edge_kind, node_id, target))
    return SyntheticGraph(nodes, sorted(edges))


def _evidence_doc(ws) -> str:
    from graphmap.model import Document

    doc = Document(path="synthetic://graph", content_hash="synthetic",
                   text="合成图谱的证据文档。", title="synthetic")
    ws.add_document(doc)
    return doc.id


def write_graph_replace(ws, graph: SyntheticGraph) -> tuple[int, int]:
    """Through :meth:`Workspace.replace_graph`, as a build would (typed objects per node)."""
    from graphmap.model import EdgeKind, Evidence, Relation, Status, entity_from_parts

    doc_id = _evidence_doc(ws)
    entities = [
        entity_from_parts(kind, name, {}, status="confirmed", fixed_id=node_id,
                          evidence=[Evidence(doc_id, 0, 2, "合成图谱的证据文档。", "synth")]
                          if i % 10 == 0 else [])
        for i, (node_id, kind, name) in enumerate(graph.nodes)
    ]
    relations = [Relation(kind=EdgeKind(k), source=s, target=t, status=Status.CONFIRMED)
                 for k, s, t in graph.edges]
    return ws.replace_graph(entities, relations,
                            started_at=datetime.now(UTC).isoformat(timespec="seconds"))


def write_graph_sql(ws, graph: SyntheticGraph, batch: int = 50_000) -> tuple[int, int]:
    """The same rows as :func:`write_graph_replace`, inserted with ``executemany`` in one
    transaction and no object per node."""
    from graphmap.model import stable_id
    from graphmap.normalize import normalize_name

    doc_id = _evidence_doc(ws)

    def chunks(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
        block: list[tuple] = []
        for row in rows:
            block.append(row)
            if len(block) >= batch:
                yield block
                block = []
        if block:
            yield block

    now = datetime.now(UTC).isoformat(timespec="seconds")
    with ws.transaction() as db:
        for table in ("evidence", "aliases", "relations", "entities"):
            db.execute(f"DELETE FROM {table}")
        for block in chunks((i, k, n, "{}", "confirmed") for i, k, n in graph.nodes):
            db.executemany("INSERT INTO entities(id, kind, name, attrs, status) "
                           "VALUES (?,?,?,?,?)", block)
        for block in chunks((i, n, normalize_name(n)) for i, _, n in graph.nodes):
            db.executemany("INSERT INTO aliases(entity_id, alias, normalized) VALUES (?,?,?)",
                           block)
        for block in chunks((stable_id("rel", k, s, t), k, s, t, "{}", "confirmed")
                            for k, s, t in graph.edges):
            db.executemany("INSERT INTO relations(id, kind, source_id, target_id, attrs, status) "
                           "VALUES (?,?,?,?,?,?)", block)
        for block in chunks((node[0], doc_id) for node in graph.nodes[::10]):
            db.executemany('INSERT INTO evidence(entity_id, doc_id, start, "end", sentence, '
                           "extractor, confidence) VALUES (?, ?, 0, 2, '合成图谱的证据文档。', "
                           "'synth', 1.0)", block)
        db.execute("INSERT INTO builds(started_at, finished_at, documents, entities, relations) "
                   "VALUES (?, ?, 1, ?, ?)", (now, now, len(graph.nodes), len(graph.edges)))
    return len(graph.nodes), len(graph.edges)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    corpus = sub.add_parser("corpus", help="write a synthetic corpus into a folder")
    corpus.add_argument("out", type=Path)
    corpus.add_argument("--docs", type=int, default=100)
    corpus.add_argument("--seed", type=int, default=7)
    graph = sub.add_parser("graph", help="write a synthetic graph into a (new) workspace")
    graph.add_argument("workspace", type=Path)
    graph.add_argument("--nodes", type=int, default=10_000)
    graph.add_argument("--method", choices=("sql", "replace_graph"), default="sql")
    graph.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.what == "corpus":
        report = make_corpus(args.out, args.docs, args.seed)
        print(json.dumps(asdict(report), ensure_ascii=False, default=str))
    else:
        from graphmap.store import Workspace

        g = make_graph(args.nodes, seed=args.seed)
        ws = Workspace.create(args.workspace, exist_ok=True)
        write = write_graph_sql if args.method == "sql" else write_graph_replace
        nodes, edges = write(ws, g)
        ws.close()
        print(f"{nodes:,} nodes, {edges:,} edges written with {args.method}")
    print(f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
