"""Industry-chain taxonomies: one YAML file per industry, shipped in ``chains/data``.

A chain is an industry split into segments (环节), each with a stage (upstream / midstream /
downstream, optionally a finer ``layer`` such as 基础层), the keywords, technologies and typical
products that identify it, optionally organizations known to sit there, and the segments it
feeds (``upstream_of``). Users add or override chains with their own files of the same shape:
a user chain with the id of a shipped one replaces it.

A chain file (stages may be written upstream/midstream/downstream or 上游/中游/下游)::

    id: hydrogen                      # English id, unique
    name: 氢能                         # the industry's Chinese name
    name_en: Hydrogen energy
    aliases: [氢能产业, 氢能源]
    segments:
      - id: production
        name: 制氢
        stage: upstream
        layer: 制储运                  # optional finer stage
        aliases: [氢气制备]
        keywords: [电解水, 光伏制氢]     # words that place an organization here
        technologies: [碱性电解, PEM电解]
        products: [电解槽]
        organizations: [北京某氢能科技有限公司]   # optional: units known to sit here
        upstream_of: [storage]        # ids of the segments this one feeds
      - id: storage
        name: 储运
        stage: 中游

Users put such files in ``WORKSPACE/chains/`` (``graphmap chain import`` writes there) or pass
them with ``--chains``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graphmap.errors import InputError
from graphmap.model import (
    ChainSegment,
    EdgeKind,
    Industry,
    Relation,
    Stage,
    Status,
)
from graphmap.normalize import normalize_name

#: Stage words a chain file may use, mapped to the model's stages.
STAGE_WORDS: dict[str, Stage] = {
    "upstream": Stage.UPSTREAM,
    "上游": Stage.UPSTREAM,
    "midstream": Stage.MIDSTREAM,
    "中游": Stage.MIDSTREAM,
    "downstream": Stage.DOWNSTREAM,
    "下游": Stage.DOWNSTREAM,
}

STAGE_ORDER: tuple[Stage, ...] = (Stage.UPSTREAM, Stage.MIDSTREAM, Stage.DOWNSTREAM)
STAGE_LABELS: dict[Stage, str] = {
    Stage.UPSTREAM: "上游",
    Stage.MIDSTREAM: "中游",
    Stage.DOWNSTREAM: "下游",
}

_CHAIN_KEYS = {"id", "name", "name_en", "aliases", "description", "source", "segments"}
_SEGMENT_KEYS = {
    "id",
    "name",
    "name_en",
    "stage",
    "layer",
    "aliases",
    "description",
    "keywords",
    "technologies",
    "products",
    "organizations",
    "upstream_of",
}


@dataclass(frozen=True, slots=True)
class KnownOrganization:
    """An organization a chain definition places in a segment (e.g. from an imported chain)."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment (环节) of an industry chain."""

    id: str
    name: str
    stage: Stage
    name_en: str = ""
    layer: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""
    keywords: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    organizations: tuple[KnownOrganization, ...] = ()
    upstream_of: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The segment's name, English name and aliases (what a declared 所属环节 may say)."""
        return tuple(n for n in (self.name, self.name_en, *self.aliases) if n)


@dataclass(frozen=True, slots=True)
class Chain:
    """An industry and its segments, in file order."""

    id: str
    name: str
    segments: tuple[Segment, ...]
    name_en: str = ""
    aliases: tuple[str, ...] = ()
    description: str = ""
    source: str = ""
    _by_id: dict[str, Segment] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({seg.id: seg for seg in self.segments})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.id, self.name, self.name_en, *self.aliases) if n)

    def segment(self, segment_id: str) -> Segment:
        """The segment with this id (KeyError names the chain when absent)."""
        try:
            return self._by_id[segment_id]
        except KeyError:
            raise KeyError(f"chain {self.id!r} has no segment {segment_id!r}") from None

    def links(self) -> list[tuple[str, str]]:
        """UPSTREAM_OF links as ``(upstream segment id, downstream segment id)`` pairs."""
        return [(seg.id, target) for seg in self.segments for target in seg.upstream_of]

    def by_stage(self) -> dict[Stage, list[Segment]]:
        """Segments grouped by stage, stages in chain order."""
        groups: dict[Stage, list[Segment]] = {stage: [] for stage in STAGE_ORDER}
        for seg in self.segments:
            groups[seg.stage].append(seg)
        return groups


# --------------------------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------------------------


def _fail(source: str, where: str, problem: str, fix: str) -> InputError:
    return InputError(f"{source}: {where}: {problem}", fix)


def _str_list(value: Any, source: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise _fail(source, where, "must be a list of strings", "write it as [a, b, c]")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _organizations(value: Any, source: str, where: str) -> tuple[KnownOrganization, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(source, where, "must be a list", "list names or {name, aliases} mappings")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            out.append(KnownOrganization(item.strip()))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            aliases = _str_list(item.get("aliases"), source, f"{where}[{i}].aliases")
            out.append(KnownOrganization(item["name"].strip(), aliases))
        else:
            raise _fail(source, f"{where}[{i}]", "is neither a name nor {name, aliases}",
                        "give the organization's name")
    return tuple(out)


def parse_stage(value: Any, source: str = "<chain>", where: str = "stage") -> Stage:
    """Read a stage word (upstream / 上游 / ...) or raise an InputError naming the field."""
    word = str(value).strip().lower() if value is not None else ""
    if word not in STAGE_WORDS:
        raise _fail(source, where, f"unknown stage {value!r}",
                    "use upstream, midstream or downstream (or 上游 / 中游 / 下游)")
    return STAGE_WORDS[word]


def chain_from_dict(data: Mapping[str, Any], source: str = "<chain>") -> Chain:
    """Validate one chain definition and build it; errors name ``source`` and the field.

    Examples
    --------
    >>> chain = chain_from_dict({"id": "demo", "name": "示例", "segments": [
    ...     {"id": "a", "name": "材料", "stage": "上游", "upstream_of": ["b"]},
    ...     {"id": "b", "name": "整机", "stage": "midstream"}]})
    >>> chain.links()
    [('a', 'b')]
    """
    if not isinstance(data, Mapping):
        raise _fail(source, "top level", "is not a mapping",
                    "start the file with 'id:' and 'name:'")
    unknown = set(data) - _CHAIN_KEYS
    if unknown:
        raise _fail(source, "top level", f"unknown field(s) {sorted(unknown)}",
                    f"use only {sorted(_CHAIN_KEYS)}")
    for key in ("id", "name"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise _fail(source, key, "is missing or empty", f"give the chain a {key}")
    raw_segments = data.get("segments")
    if not isinstance(raw_segments, list) or not raw_segments:
        raise _fail(source, "segments", "is missing or empty", "list the chain's segments")
    segments: list[Segment] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_segments):
        where = f"segments[{i}]"
        if not isinstance(raw, Mapping):
            raise _fail(source, where, "is not a mapping", "give id, name and stage")
        unknown = set(raw) - _SEGMENT_KEYS
        if unknown:
            raise _fail(source, where, f"unknown field(s) {sorted(unknown)}",
                        f"use only {sorted(_SEGMENT_KEYS)}")
        for key in ("id", "name"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                raise _fail(source, f"{where}.{key}", "is missing or empty",
                            f"give every segment a {key}")
        seg_id = raw["id"].strip()
        if seg_id in seen:
            raise _fail(source, f"{where}.id", f"duplicate segment id {seg_id!r}",
                        "make segment ids unique within the chain")
        seen.add(seg_id)
        segments.append(
            Segment(
                id=seg_id,
                name=raw["name"].strip(),
                stage=parse_stage(raw.get("stage"), source, f"{where}.stage"),
                name_en=str(raw.get("name_en") or "").strip(),
                layer=str(raw.get("layer") or "").strip(),
                aliases=_str_list(raw.get("aliases"), source, f"{where}.aliases"),
                description=str(raw.get("description") or "").strip(),
                keywords=_str_list(raw.get("keywords"), source, f"{where}.keywords"),
                technologies=_str_list(raw.get("technologies"), source, f"{where}.technologies"),
                products=_str_list(raw.get("products"), source, f"{where}.products"),
                organizations=_organizations(raw.get("organizations"), source,
                                             f"{where}.organizations"),
                upstream_of=_str_list(raw.get("upstream_of"), source, f"{where}.upstream_of"),
            )
        )
    for i, seg in enumerate(segments):
        for target in seg.upstream_of:
            if target not in seen:
                raise _fail(source, f"segments[{i}].upstream_of",
                            f"refers to unknown segment {target!r}",
                            "use the id of a segment of the same chain")
            if target == seg.id:
                raise _fail(source, f"segments[{i}].upstream_of", "links a segment to itself",
                            "remove the self-link")
    return Chain(
        id=data["id"].strip(),
        name=data["name"].strip(),
        segments=tuple(segments),
        name_en=str(data.get("name_en") or "").strip(),
        aliases=_str_list(data.get("aliases"), source, "aliases"),
        description=str(data.get("description") or "").strip(),
        source=str(data.get("source") or source),
    )


def chain_to_dict(chain: Chain) -> dict[str, Any]:
    """The YAML-ready form of a chain (the inverse of :func:`chain_from_dict`)."""
    segments = []
    for seg in chain.segments:
        item: dict[str, Any] = {"id": seg.id, "name": seg.name, "stage": seg.stage.value}
        for key in ("name_en", "layer", "description"):
            if getattr(seg, key):
                item[key] = getattr(seg, key)
        for key in ("aliases", "keywords", "technologies", "products", "upstream_of"):
            if getattr(seg, key):
                item[key] = list(getattr(seg, key))
        if seg.organizations:
            item["organizations"] = [
                {"name": org.name, "aliases": list(org.aliases)} if org.aliases else org.name
                for org in seg.organizations
            ]
        segments.append(item)
    out: dict[str, Any] = {"id": chain.id, "name": chain.name}
    if chain.name_en:
        out["name_en"] = chain.name_en
    if chain.aliases:
        out["aliases"] = list(chain.aliases)
    if chain.description:
        out["description"] = chain.description
    if chain.source:
        out["source"] = chain.source
    out["segments"] = segments
    return out


def write_chain(chain: Chain, path: Path) -> Path:
    """Write ``chain`` as a YAML chain file that :func:`load_chains` reads back."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yaml.safe_dump(chain_to_dict(chain), allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    return path


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_chain_file(path: Path) -> Chain:
    """Read and validate one chain YAML file."""
    stat = path.stat() if path.is_file() else None
    return _load_chain_file(path, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=256)
def _load_chain_file(path: Path, mtime_ns: int, size: int) -> Chain:
    # cached per (path, mtime, size): chains are immutable, and an edited file reloads
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read chain file {path}: {exc.strerror}",
                         "check the path and its permissions") from exc
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is a safe loader
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc})",
                         "fix the YAML syntax (indentation, colons, quotes)") from exc
    return chain_from_dict(data, str(path))


def _chain_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    if path.is_file():
        return [path]
    raise InputError(f"chain file or folder {path} does not exist",
                     "give an existing .yaml file or a folder of them")


def builtin_chain_files() -> list[Path]:
    """The chain files shipped with graphmap."""
    folder = resources.files("graphmap.chains") / "data"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))


def load_chains(extra_paths: Iterable[str | Path] = ()) -> dict[str, Chain]:
    """Load the shipped chains, then user files (files or folders) that add or override.

    Parameters
    ----------
    extra_paths
        YAML chain files or folders of them; a chain whose id equals a shipped one replaces it.

    Returns
    -------
    dict
        Chains keyed by id, shipped ones first in file-name order.

    Examples
    --------
    >>> chains = load_chains()
    >>> chains["artificial_intelligence"].name
    '人工智能'
    """
    chains: dict[str, Chain] = {}
    for path in builtin_chain_files():
        chain = load_chain_file(path)
        chains[chain.id] = chain
    for extra in extra_paths:
        for path in _chain_files(Path(extra)):
            chain = load_chain_file(path)
            chains[chain.id] = chain
    return chains


def find_chain(chains: Mapping[str, Chain], name: str) -> Chain:
    """The chain whose id, name, English name or alias is ``name`` (normalized comparison).

    Examples
    --------
    >>> find_chain(load_chains(), "AI").id
    'artificial_intelligence'
    """
    if name in chains:
        return chains[name]
    wanted = normalize_name(name)
    for chain in chains.values():
        if any(normalize_name(n) == wanted for n in chain.names):
            return chain
    partial = [c for c in chains.values()
               if wanted and any(wanted in normalize_name(n) for n in c.names)]
    if len(partial) == 1:
        return partial[0]
    # a longer description naming one chain: 人工智能(具身智能), 北京市新材料产业
    inside = sorted(
        ((max(len(normalize_name(n)) for n in c.names if normalize_name(n) in wanted), c)
         for c in chains.values()
         if any(len(normalize_name(n)) >= 2 and normalize_name(n) in wanted for n in c.names)),
        key=lambda t: -t[0],
    )
    if inside and (len(inside) == 1 or inside[0][0] > inside[1][0]):
        return inside[0][1]
    known = ", ".join(f"{c.id} ({c.name})" for c in chains.values())
    raise InputError(f"no industry chain called {name!r}",
                     f"use one of: {known}; or add a chain file with --chains")


# --------------------------------------------------------------------------------------------
# Graph form
# --------------------------------------------------------------------------------------------


def chain_entities(chain: Chain) -> tuple[list[Industry | ChainSegment], list[Relation]]:
    """The chain as graph entities: its Industry, ChainSegments, PART_OF and UPSTREAM_OF edges.

    Taxonomy nodes are confirmed (they come from a curated definition, not from text).
    """
    industry = Industry(name=chain.name, aliases=set(chain.names) - {chain.name},
                        status=Status.CONFIRMED)
    segments = {
        seg.id: ChainSegment(name=seg.name, industry=chain.name, stage=seg.stage,
                             aliases=set(seg.names) - {seg.name}, status=Status.CONFIRMED)
        for seg in chain.segments
    }
    relations = [
        Relation(kind=EdgeKind.PART_OF, source=node.id, target=industry.id,
                 status=Status.CONFIRMED)
        for node in segments.values()
    ]
    relations += [
        Relation(kind=EdgeKind.UPSTREAM_OF, source=segments[a].id, target=segments[b].id,
                 status=Status.CONFIRMED)
        for a, b in chain.links()
    ]
    return [industry, *segments.values()], relations


def segment_node_id(chain: Chain, segment: Segment) -> str:
    """The graph id of a segment's ChainSegment node."""
    return ChainSegment(name=segment.name, industry=chain.name, stage=segment.stage).id
