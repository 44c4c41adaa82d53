"""Chain classification measured on real companies, and coverage at scale.

Run from the repository root (reads ../shared/data/chains/chainkg)::

    nice -n 10 .venv/bin/python bench/bench_chains.py

1. Accuracy: every A-share semiconductor company of chainkg becomes an Organization whose only
   evidence is its main products (WORKS_ON technologies, as text extraction would give); the
   shipped ``integrated_circuits`` chain must place it in the segment matching its SW2021
   sub-industry. Prints precision of the top placement, coverage (share placed at all) and
   a confusion list.
2. Throughput: all 4,654 chainkg companies with their products, one consortium of 40 of them;
   times ``chain_coverage`` (members + candidates over the whole graph) for the shipped chain
   and for the chain imported from chainkg.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from graphmap.chains import load_chains
from graphmap.chains.classify import ChainMatcher, classify_organization
from graphmap.chains.coverage import chain_coverage
from graphmap.chains.importer import import_chainkg
from graphmap.graph import graph_from
from graphmap.model import Consortium, EdgeKind, Organization, Relation, Status, Technology

#: SW2021 semiconductor sub-industries -> segments of the shipped integrated_circuits chain.
GOLD = {
    "数字芯片设计": "chip_design",
    "模拟芯片设计": "chip_design",
    "集成电路制造": "wafer_fabrication",
    "集成电路封测": "packaging_testing",
    "半导体设备": "semiconductor_equipment",
    "半导体材料": "semiconductor_materials",
    "分立器件": "compound_power",
}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def _company_graph(folder: Path, members: int, seed: int):
    names = {r["code"]: r.get("fullname") or r["name"] for r in _jsonl(folder / "company.json")}
    industry = {r["company_code"].split(".")[0]: r["industry_name"]
                for r in _jsonl(folder / "company_industry.json")}
    short = {r["company_code"].split(".")[0]: r["company_name"]
             for r in _jsonl(folder / "company_industry.json")}
    products: dict[str, list[str]] = defaultdict(list)
    for r in _jsonl(folder / "company_product.recovered.jsonl"):
        products[r["company_code"].split(".")[0]].append(r["product_name"])
    orgs, techs, relations = {}, {}, []
    for code in sorted(set(names) | set(short)):
        org = Organization(name=names.get(code) or short[code], aliases={short.get(code, "")}
                           - {""}, status=Status.CONFIRMED)
        orgs[code] = org
        for product in products.get(code, [])[:8]:
            tech = techs.setdefault(product, Technology(name=product))
            relations.append(Relation(kind=EdgeKind.WORKS_ON, source=org.id, target=tech.id))
    cons = Consortium(name="基准联合体", industry="集成电路")
    rng = random.Random(seed)
    semi = [c for c in orgs if industry.get(c) in GOLD]
    for code in rng.sample(semi, min(members, len(semi))):
        relations.append(Relation(kind=EdgeKind.MEMBER_OF, source=orgs[code].id, target=cons.id))
    graph = graph_from([*orgs.values(), *techs.values(), cons], relations)
    return graph, orgs, industry


def accuracy(graph, orgs, industry) -> None:
    chain = load_chains()["integrated_circuits"]
    matcher = ChainMatcher(chain)
    right = placed = total = evidenced = 0
    confusion: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    for code, org in orgs.items():
        gold = GOLD.get(industry.get(code, ""))
        if gold is None:
            continue
        total += 1
        evidenced += any(d["kind"] == "WORKS_ON" for _, _, d in graph.out_edges(org.id, data=True))
        found = classify_organization(graph, org.id, chain, matcher=matcher)
        if not found:
            continue
        placed += 1
        top = found[0].segment_id
        right += top == gold
        if top != gold:
            confusion[(gold, top)] += 1
    seconds = time.perf_counter() - started
    print(f"accuracy on {total} semiconductor companies (products only, shipped chain):")
    print(f"  {evidenced}/{total} have any product to go on")
    print(f"  placed {placed}/{total} ({placed / total:.0%}); top placement right "
          f"{right}/{placed} ({right / max(placed, 1):.0%}); right over all {right / total:.0%}")
    print(f"  {total / seconds:,.0f} organizations/s")
    for (gold, top), n in confusion.most_common(6):
        print(f"  confused {gold} -> {top}: {n}")


def throughput(graph, folder: Path) -> None:
    chains = load_chains()
    imported = import_chainkg(folder, "半导体")
    chains[imported.id] = imported
    orgs = sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "Organization")
    for chain_id in ("integrated_circuits", imported.id):
        started = time.perf_counter()
        cov = chain_coverage(graph, "基准联合体", chain_id, chains=chains, candidates=10)
        seconds = time.perf_counter() - started
        print(f"chain_coverage over {orgs} organizations, {graph.number_of_edges()} edges, "
              f"chain {chain_id}: {seconds:.2f} s; gaps {len(cov.gaps)}, thin {len(cov.thin)}, "
              f"candidates {len(cov.candidates)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chainkg", type=Path,
                        default=Path(__file__).resolve().parents[1].parent / "shared" / "data"
                        / "chains" / "chainkg")
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.chainkg.is_dir():
        print(f"chainkg not found at {args.chainkg}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    graph, orgs, industry = _company_graph(args.chainkg, args.members, args.seed)
    print(f"graph built in {time.perf_counter() - started:.1f} s: {graph.number_of_nodes()} "
          f"nodes, {graph.number_of_edges()} edges")
    accuracy(graph, orgs, industry)
    throughput(graph, args.chainkg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
