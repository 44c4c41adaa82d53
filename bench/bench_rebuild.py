"""Rebuild cost: a full build of N text documents vs a rebuild after changing one of them.

Run: ``.venv/bin/python bench/bench_rebuild.py [--docs 1000] [--nlp]``

The default extractor is cheap on purpose (it finds names from fixed pools by substring), so
the numbers show the store and assembly cost: the cache, resolution, curation and the graph
write. ``--nlp`` also measures with ``nlp.extract_document`` when it exists. A handful of
curations (merges, renames, rejections) is stored so every rebuild re-applies them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from graphmap.build import assemble, build
from graphmap.model import (
    DocType,
    Document,
    EdgeKind,
    Evidence,
    Extraction,
    Organization,
    Person,
    Relation,
    Span,
    Technology,
)
from graphmap.store import Workspace

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
TRADE = ["灵犀", "星河", "天枢", "云帆", "智源", "数擎", "芯动", "光启", "海纳", "北辰", "青松",
         "博远", "卓越", "汇智", "鼎新"]
INDUSTRY = ["机器人", "人工智能", "半导体", "生物医药", "新材料", "航天", "量子", "储能"]
TECHS = ["具身智能", "大模型", "计算机视觉", "自动驾驶", "芯片设计", "基因编辑", "固态电池",
         "卫星互联网", "量子计算", "工业软件", "机器视觉", "智能传感"]
UNIVERSITIES = ["清华大学", "北京大学", "北京航空航天大学", "北京理工大学",
                "中国科学院自动化研究所"]


def pools(rng: random.Random) -> tuple[list[str], list[str]]:
    companies = [f"北京{t}{i}科技有限公司" for t in TRADE for i in INDUSTRY]
    people = sorted({rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                     for _ in range(400)})
    return companies + UNIVERSITIES, people


def make_text(rng: random.Random, orgs: list[str], people: list[str], n: int) -> str:
    sentences = []
    for _ in range(6):
        org, person, tech = rng.choice(orgs), rng.choice(people), rng.choice(TECHS)
        short = org.removeprefix("北京").removesuffix("科技有限公司")
        name = org if rng.random() < 0.6 else short  # text often uses the short form
        sentences.append(f"{person}（{name}）在第{n}期沙龙上介绍了{tech}方面的进展。")
    return "".join(sentences)


def cheap_extractor(orgs: list[str], people: list[str]):
    shorts = {o.removeprefix("北京").removesuffix("科技有限公司"): o for o in orgs}

    def extract(doc: Document, gazetteer: object) -> Extraction:
        entities, relations = [], []
        for sentence in doc.text.split("。"):
            if not sentence:
                continue
            offset = doc.text.find(sentence)
            person = next((p for p in people if p in sentence), None)
            tech = next((t for t in TECHS if t in sentence), None)
            org = next((o for o in orgs if o in sentence), None) or next(
                (s for s in shorts if s in sentence), None)
            if not (person and tech and org):
                continue

            def ev(name: str, s: str = sentence, base: int = offset) -> Evidence:
                at = s.find(name)
                return Evidence(doc.id, base + at, base + at + len(name), s, "cheap", 0.7)

            p = Person(name=person, organization=org, evidence=[ev(person)])
            o = Organization(name=org, evidence=[ev(org)])
            t = Technology(name=tech, evidence=[ev(tech)])
            entities += [p, o, t]
            relations += [
                Relation(kind=EdgeKind.AFFILIATED_WITH, source=p.id, target=o.id,
                         evidence=[ev(org)]),
                Relation(kind=EdgeKind.EXPERT_IN, source=p.id, target=t.id, evidence=[ev(tech)]),
            ]
        return Extraction(doc_id=doc.id, entities=entities, relations=relations)

    extract.version = "cheap-1"  # type: ignore[attr-defined]
    return extract


def document(path: str, text: str) -> Document:
    return Document(path=path, content_hash=str(hash(text)), text=text, doc_type=DocType.NEWS,
                    title=path, paragraphs=[Span(0, len(text), "p")],
                    sentences=[Span(0, len(text), "s")])


def timed(label: str, fn, repeat: int = 1) -> float:
    """Best of ``repeat`` runs: wall time and CPU time (the machine may be shared; CPU time is
    what the work itself costs)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"{label:<52} wall {min(walls):7.2f} s   cpu {min(cpus):7.2f} s"
          + (f"   (median wall {statistics.median(walls):.2f})" if repeat > 1 else ""))
    return min(cpus)


def run(docs: int, extractor, label: str, seed: int = 7) -> None:
    rng = random.Random(seed)
    orgs, people = pools(rng)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.create(Path(tmp) / "ws")
        texts = [make_text(rng, orgs, people, i) for i in range(docs)]
        for i, text in enumerate(texts):
            ws.add_document(document(f"/corpus/{i:05d}.txt", text))
        print(f"\n== {label}: {docs} documents")
        timed("full build (extract everything + assemble)",
              lambda: build(ws, text_extractor=extractor))
        stats = ws.stats()
        print(f"   graph: {sum(v['total'] for v in stats['entities'].values())} entities, "
              f"{sum(stats['relations'].values())} relations, {stats['evidence']} evidence")
        entities = {e.name: e for e in ws.entities()}
        for a, b in (("具身智能", "机器视觉"), ("大模型", "工业软件")):
            if a in entities and b in entities:
                ws.add_curation("merge", entities[a].id, {"other": entities[b].id})
        if "清华大学" in entities:
            ws.add_curation("rename", entities["清华大学"].id, {"name": "清华大学（本部）"})
        for relation in ws.relations(EdgeKind.EXPERT_IN)[:50]:
            ws.add_curation("reject", relation.id)
        timed("rebuild, nothing changed (cache only)",
              lambda: build(ws, text_extractor=extractor), repeat=3)

        def change_one() -> None:
            n = rng.randrange(docs)
            ws.add_document(document(f"/corpus/{n:05d}.txt",
                                     make_text(rng, orgs, people, docs + rng.randrange(999))))
            report = build(ws, text_extractor=extractor)
            assert report.extracted == 1, report

        timed("rebuild after changing 1 document", change_one, repeat=3)
        extractions = list(ws.extractions())
        timed("  of which: load cached extractions", lambda: list(ws.extractions()), repeat=3)
        timed("  of which: assemble (merge, resolve, curate)",
              lambda: assemble(ws, extractions), repeat=3)
        graph = assemble(ws, extractions)
        timed("  of which: write graph tables",
              lambda: ws.replace_graph(*graph, started_at="bench"), repeat=3)
        ws.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--nlp", action="store_true", help="also measure nlp.extract_document")
    args = parser.parse_args()
    rng = random.Random(7)
    orgs, people = pools(rng)
    run(args.docs, cheap_extractor(orgs, people), "cheap extractor")
    if args.nlp:
        import nlp

        if not hasattr(nlp, "extract_document"):
            print("\nnlp.extract_document does not exist yet: skipped")
            return
        run(args.docs, None, "nlp.extract_document")


if __name__ == "__main__":
    main()
