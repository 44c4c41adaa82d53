"""Bring industry chains from elsewhere: a table (CSV / JSON / Excel) or the chainkg graph.

A table has one row per (industry, stage, segment, organization); optional columns add
keywords, technologies, products and the segments a segment feeds (``upstream_of``). Chinese
headers work too (产业, 阶段/上中下游, 环节, 单位名称, 关键词, 技术, 产品, 下游环节).
The result is ordinary :class:`~graphmap.chains.taxonomy.Chain` objects whose segments list
their organizations, so members named in the file are placed with the ``listed`` signal.

``import_chainkg`` reads the A-share industry-chain knowledge graph (ChainKnowledgeGraph:
SW2021 industry hierarchy, upstream-industry counts, companies and their main products) and
turns one industry into a chain: its sub-industries are the midstream, the industries it
buys from most are the upstream, the industries that buy from it are the downstream.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from graphmap.chains.taxonomy import (
    Chain,
    chain_from_dict,
    parse_stage,
)
from graphmap.errors import InputError
from graphmap.model import Stage
from graphmap.normalize import normalize_name

#: Canonical column -> header spellings accepted (compared after normalize_name).
COLUMNS: dict[str, tuple[str, ...]] = {
    "industry": ("industry", "产业", "行业", "产业链", "产业名称", "所属产业"),
    "stage": ("stage", "阶段", "上中下游", "产业链位置", "位置", "层级"),
    "segment": ("segment", "环节", "产业链环节", "细分环节", "所属环节", "领域"),
    "organization": ("organization", "org", "company", "单位", "单位名称", "企业", "企业名称",
                     "机构", "机构名称"),
    "aliases": ("aliases", "简称", "别名"),
    "keywords": ("keywords", "关键词"),
    "technologies": ("technologies", "技术", "关键技术"),
    "products": ("products", "产品", "典型产品", "主要产品"),
    "upstream_of": ("upstream_of", "下游环节", "供给环节"),
    "layer": ("layer", "层", "细分阶段"),
}
_LIST_SPLIT = re.compile(r"[;；、,，|/]+")


def _column_map(headers: Iterable[str], source: str) -> dict[str, str]:
    wanted = {normalize_name(h): col for col, spellings in COLUMNS.items() for h in spellings}
    found: dict[str, str] = {}
    for header in headers:
        col = wanted.get(normalize_name(str(header or "")))
        if col and col not in found:
            found[col] = header
    missing = [c for c in ("industry", "stage", "segment") if c not in found]
    if missing:
        raise InputError(
            f"{source}: no column for {', '.join(missing)}",
            "give the columns industry, stage, segment (and organization), "
            "or 产业/阶段/环节/单位名称",
        )
    return found


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in _LIST_SPLIT.split(str(value)) if v.strip()]


def _read_rows(path: Path) -> tuple[list[dict[str, Any]], str]:
    """Rows of a CSV / JSON / JSON-lines / xlsx table, or a whole chain dict (second value)."""
    suffix = path.suffix.lower()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}", "check the path") from exc
    if suffix in (".json", ".jsonl"):
        text = raw.decode("utf-8-sig")
        try:
            data = (json.loads(text) if suffix == ".json"
                    else [json.loads(line) for line in text.splitlines() if line.strip()])
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})",
                             "fix the JSON syntax") from exc
        if isinstance(data, dict) and "segments" in data:
            return [data], "chain"
        if isinstance(data, dict) and isinstance(data.get("rows"), list):
            data = data["rows"]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InputError(f"{path}: expected a list of row objects or a chain object",
                             'write [{"industry": ..., "stage": ..., "segment": ...}, ...]')
        return data, "rows"
    if suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        if not rows:
            return [], "rows"
        headers = [str(h or "").strip() for h in rows[0]]
        return [dict(zip(headers, r, strict=False)) for r in rows[1:]], "rows"
    if suffix in (".csv", ".tsv", ".txt"):
        best = from_bytes(raw).best()
        text = str(best) if best is not None else raw.decode("utf-8", errors="replace")
        text = text.lstrip("\ufeff")
        dialect = "excel-tab" if suffix == ".tsv" or "\t" in text.split("\n", 1)[0] else "excel"
        return list(csv.DictReader(io.StringIO(text), dialect=dialect)), "rows"
    raise InputError(f"{path}: unsupported chain file type {suffix!r}",
                     "use .csv, .tsv, .json, .jsonl or .xlsx")


def _slug(text: str, prefix: str) -> str:
    ascii_slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if ascii_slug and ascii_slug.isascii() and len(ascii_slug) >= 2 and text.isascii():
        return ascii_slug
    return f"{prefix}_{hashlib.sha1(normalize_name(text).encode()).hexdigest()[:8]}"


@dataclass
class _SegmentDraft:
    name: str
    stage: Stage
    layer: str = ""
    keywords: list[str] = field(default_factory=list)
    technologies: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)
    upstream_of: list[str] = field(default_factory=list)
    organizations: dict[str, list[str]] = field(default_factory=dict)


def chains_from_rows(rows: Iterable[dict[str, Any]], source: str = "<table>") -> list[Chain]:
    """Build chains from table rows (see the module docstring for the columns).

    Examples
    --------
    >>> rows = [{"industry": "茶", "stage": "上游", "segment": "茶园", "organization": "甲茶场"},
    ...         {"industry": "茶", "stage": "下游", "segment": "茶饮", "organization": "乙茶饮"}]
    >>> chain = chains_from_rows(rows)[0]
    >>> [(s.name, s.stage.value, s.organizations[0].name) for s in chain.segments]
    [('茶园', 'upstream', '甲茶场'), ('茶饮', 'downstream', '乙茶饮')]
    """
    rows = list(rows)
    if not rows:
        raise InputError(f"{source}: the table has no rows", "add one row per segment")
    columns = _column_map(rows[0].keys(), source)
    industries: dict[str, dict[str, _SegmentDraft]] = {}
    for number, row in enumerate(rows, start=2):
        def cell(col: str, row: dict[str, Any] = row) -> str:
            return str(row.get(columns[col]) or "").strip() if col in columns else ""

        industry, segment = cell("industry"), cell("segment")
        if not industry and not segment:
            continue
        where = f"row {number}"
        if not industry or not segment:
            raise InputError(f"{source}: {where}: industry and segment are both required",
                             "fill in the empty cell or delete the row")
        stage = parse_stage(cell("stage"), source, f"{where} stage")
        drafts = industries.setdefault(industry, {})
        draft = drafts.get(segment)
        if draft is None:
            draft = drafts[segment] = _SegmentDraft(segment, stage, cell("layer"))
        elif draft.stage != stage:
            raise InputError(
                f"{source}: {where}: segment {segment!r} is {stage.value} here but "
                f"{draft.stage.value} in an earlier row",
                "give each segment one stage",
            )
        for col in ("keywords", "technologies", "products", "upstream_of"):
            for value in _split(cell(col)):
                if value not in getattr(draft, col):
                    getattr(draft, col).append(value)
        org = cell("organization")
        if org:
            aliases = draft.organizations.setdefault(org, [])
            aliases.extend(a for a in _split(cell("aliases")) if a not in aliases)
    return [_chain_from_drafts(industry, drafts, source)
            for industry, drafts in industries.items()]


def _chain_from_drafts(industry: str, drafts: dict[str, _SegmentDraft], source: str) -> Chain:
    ids = {name: f"s{i:02d}" for i, name in enumerate(drafts, start=1)}
    segments = []
    for name, d in drafts.items():
        unknown = [t for t in d.upstream_of if t not in ids]
        if unknown:
            raise InputError(
                f"{source}: segment {name!r} of {industry!r} feeds unknown segment(s) {unknown}",
                "name segments of the same industry in upstream_of",
            )
        segments.append({
            "id": ids[name], "name": name, "stage": d.stage.value, "layer": d.layer,
            "keywords": d.keywords or [name], "technologies": d.technologies,
            "products": d.products, "upstream_of": [ids[t] for t in d.upstream_of],
            "organizations": [{"name": org, "aliases": aliases}
                              for org, aliases in d.organizations.items()],
        })
    return chain_from_dict(
        {"id": _slug(industry, "chain"), "name": industry, "source": source,
         "segments": segments},
        source,
    )


def import_chain_table(path: str | Path) -> list[Chain]:
    """Read chain definitions from a CSV / TSV / JSON / JSON-lines / xlsx file.

    A JSON object with ``segments`` is read as one chain in the YAML schema; anything else
    is rows of (industry, stage, segment, organization, ...). Errors name the file and row.
    """
    path = Path(path)
    rows, shape = _read_rows(path)
    if shape == "chain":
        return [chain_from_dict(rows[0], str(path))]
    return chains_from_rows(rows, str(path))


# --------------------------------------------------------------------------------------------
# chainkg
# --------------------------------------------------------------------------------------------

CHAINKG_FILES = ("industry.json", "industry_industry.json", "industry_up.json",
                 "company.json", "company_industry.json", "company_product.recovered.jsonl")
_LEVEL_MARK = re.compile(r"[ⅠⅡⅢⅣ]+$")
#: Revenue line items in company_product that are bookkeeping, not products.
_NOT_A_PRODUCT = re.compile(
    r"销售|平衡项目|调整项目|其他|合同|分部|业务|项目|收入|自产|衍生|抵销|合计"
)


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}: line {number} is not JSON ({exc.msg})",
                                     "restore the file from the chainkg release") from exc


def _plain(name: str) -> str:
    """Industry name without SW's level marks (焦炭Ⅲ -> 焦炭)."""
    return _LEVEL_MARK.sub("", name).strip()


@dataclass
class ChainKG:
    """The parts of chainkg an import needs, indexed."""

    names: dict[str, str]  # code -> name
    children: dict[str, list[str]]  # code -> child codes
    ups: dict[str, Counter[str]]  # industry name -> upstream industry name -> count
    companies: dict[str, list[tuple[str, str]]]  # industry code -> [(full name, short name)]
    products: dict[str, Counter[str]]  # industry code -> product -> summed revenue share

    @classmethod
    def read(cls, directory: str | Path) -> ChainKG:
        """Read a chainkg folder (the files of :data:`CHAINKG_FILES`)."""
        folder = Path(directory)
        missing = [f for f in CHAINKG_FILES if not (folder / f).is_file()]
        if missing:
            raise InputError(f"{folder} is not a chainkg folder: missing {', '.join(missing)}",
                             "point at the folder holding industry.json, industry_up.json ...")
        names = {r["code"]: r["name"] for r in _jsonl(folder / "industry.json")}
        children: dict[str, list[str]] = defaultdict(list)
        for r in _jsonl(folder / "industry_industry.json"):
            children[r["to_code"]].append(r["from_code"])
        ups = {r["industry"]: Counter(r.get("ups") or {})
               for r in _jsonl(folder / "industry_up.json")}
        full = {r["code"]: r.get("fullname") or r["name"] for r in _jsonl(folder / "company.json")}
        companies: dict[str, list[tuple[str, str]]] = defaultdict(list)
        company_industry: dict[str, str] = {}
        for r in _jsonl(folder / "company_industry.json"):
            code = r["company_code"].split(".")[0]
            company_industry[code] = r["industry_code"]
            companies[r["industry_code"]].append((full.get(code, r["company_name"]),
                                                  r["company_name"]))
        products: dict[str, Counter[str]] = defaultdict(Counter)
        for r in _jsonl(folder / "company_product.recovered.jsonl"):
            industry = company_industry.get(r["company_code"].split(".")[0])
            product = str(r.get("product_name") or "").strip()
            if industry and len(product) >= 2 and not _NOT_A_PRODUCT.search(product):
                products[industry][product] += float(r.get("rel_weight") or 0.0) + 0.01
        return cls(names, dict(children), ups, dict(companies), dict(products))

    def find(self, industry: str) -> str:
        """The code of an industry given by code or name (SW level marks optional)."""
        if industry in self.names:
            return industry
        wanted = normalize_name(_plain(industry))
        for code, name in self.names.items():
            if normalize_name(_plain(name)) == wanted:
                return code
        close = [n for n in self.names.values() if wanted and wanted in normalize_name(n)][:8]
        hint = f"did you mean: {', '.join(close)}" if close else "use an SW2021 industry name"
        raise InputError(f"chainkg has no industry called {industry!r}", hint)

    def leaves(self, code: str) -> list[str]:
        kids = self.children.get(code, [])
        if not kids:
            return [code]
        return [leaf for kid in kids for leaf in self.leaves(kid)]


def import_chainkg(
    directory: str | Path,
    industry: str,
    *,
    max_upstream: int = 6,
    max_downstream: int = 6,
    max_products: int = 10,
    kg: ChainKG | None = None,
) -> Chain:
    """Build a chain for one chainkg industry (by SW2021 name or code).

    Midstream: the industry's sub-industries (itself when it has none). Upstream: the
    industries its sub-industries list most often as upstream (``industry_up.json``).
    Downstream: the industries that list its sub-industries as upstream. Each segment carries
    its companies (full name, short name as alias) and, as products and keywords, the main
    products of those companies weighted by revenue share.

    Examples
    --------
    >>> import_chainkg("../shared/data/chains/chainkg", "半导体").name  # doctest: +SKIP
    '半导体'
    """
    kg = kg or ChainKG.read(directory)
    code = kg.find(industry)
    mids = kg.children.get(code) or [code]
    mid_leaves = {m: kg.leaves(m) for m in mids}
    inside = {kg.names[leaf] for leaves in mid_leaves.values() for leaf in leaves}
    inside |= {kg.names[m] for m in mids} | {kg.names[code]}
    by_name = {name: c for c, name in kg.names.items()}

    # upstream: who the midstream buys from; downstream: who buys from the midstream
    up_counts: dict[str, Counter[str]] = {}
    for mid, leaves in mid_leaves.items():
        counts: Counter[str] = Counter()
        for leaf in leaves:
            counts.update(kg.ups.get(kg.names[leaf], Counter()))
        up_counts[mid] = counts
    up_total: Counter[str] = Counter()
    for counts in up_counts.values():
        up_total.update({k: v for k, v in counts.items() if k not in inside})
    down_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for buyer, ups in kg.ups.items():
        if buyer in inside:
            continue
        for mid, leaves in mid_leaves.items():
            hits = sum(ups.get(kg.names[leaf], 0) for leaf in leaves)
            if hits:
                down_counts[buyer][mid] += hits
    down_total = Counter({buyer: sum(c.values()) for buyer, c in down_counts.items()})
    upstream = [n for n, _ in up_total.most_common() if up_total[n] >= down_total.get(n, 0)]
    upstream = upstream[:max_upstream]
    downstream = [n for n, _ in down_total.most_common() if n not in upstream][:max_downstream]

    def seg_id(name: str) -> str:
        return f"c{by_name[name]}" if name in by_name else _slug(name, "c")

    def segment(name: str, stage: str, feeds: list[str]) -> dict[str, Any]:
        products: Counter[str] = Counter()
        orgs: dict[str, set[str]] = {}
        for leaf in kg.leaves(by_name[name]) if name in by_name else []:
            products.update(kg.products.get(leaf, Counter()))
            for full_name, short in kg.companies.get(leaf, []):
                orgs.setdefault(full_name, set()).add(short)
        top = [p for p, _ in products.most_common(max_products)]
        # short product words (材料, 设备, 测试) would match anything: keep specific ones
        keywords = [_plain(name), *(p for p in top if len(p) >= 3)][:6]
        return {
            "id": seg_id(name), "name": _plain(name), "stage": stage,
            "aliases": [name] if name != _plain(name) else [],
            "keywords": list(dict.fromkeys(keywords)), "products": top,
            "organizations": [
                {"name": full_name, "aliases": sorted(a for a in shorts if a != full_name)}
                for full_name, shorts in sorted(orgs.items())
            ],
            "upstream_of": feeds,
        }

    def feeds_of(mid: str) -> list[str]:
        inner = [seg_id(kg.names[other]) for other in mids if other != mid
                 and any(kg.ups.get(kg.names[leaf], Counter()).get(kg.names[x])
                         for leaf in mid_leaves[other] for x in mid_leaves[mid])]
        return inner + [seg_id(b) for b in downstream if down_counts[b].get(mid)]

    segments = [segment(n, "upstream", [seg_id(kg.names[m]) for m in mids
                                        if up_counts[m].get(n)])
                for n in upstream]
    segments += [segment(kg.names[m], "midstream", feeds_of(m)) for m in mids]
    segments += [segment(n, "downstream", []) for n in downstream]
    source = f"chainkg:{Path(directory).name}#{code}"
    return chain_from_dict(
        {
            "id": f"chainkg_{code}",
            "name": _plain(kg.names[code]),
            "aliases": [f"chainkg {kg.names[code]}", code],
            "description": (f"从 ChainKnowledgeGraph 导入：{kg.names[code]}（申万2021 {code}）的"
                            "子行业为中游，主要上游行业为上游，以其为上游的行业为下游。"),
            "source": source,
            "segments": segments,
        },
        source,
    )
