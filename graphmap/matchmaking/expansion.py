"""Technology-graph expansion: a topic about 具身智能 also looks for 人形机器人 experts.

Two sources, both explainable:

* an expansion list (``graphmap/data/recommend/expansion.yaml``): concept -> related
  technologies with weights, plus aliases. Only in that direction: a topic on 具身智能 asks
  for 人形机器人 experts, but a topic naming 卫星 is not about 商业航天 (the list relates a
  concept to its parts; a part does not imply the concept);
* co-occurrence in the graph: technologies that share experts (EXPERT_IN), organizations
  (WORKS_ON) or chain segments (IN_SEGMENT), scored by cosine over those memberships.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from itertools import combinations
from pathlib import Path

import networkx as nx
import yaml

from graphmap.errors import InputError
from graphmap.matchmaking.text import normalize_text
from graphmap.model import EdgeKind, NodeKind, Status

_LATIN_KEY = re.compile(r"^[a-z0-9][a-z0-9 .+#-]*$")


@dataclass(frozen=True, slots=True)
class ExpansionRule:
    concept: str
    aliases: tuple[str, ...] = ()
    related: Mapping[str, float] = field(default_factory=dict)


def load_expansion_rules(path: Path | str | None = None) -> list[ExpansionRule]:
    """Read an expansion list (the packaged one when ``path`` is None).

    A file maps ``concept: {aliases: [...], related: {term: weight}}``; weights must lie in
    (0, 1].
    """
    if path is None:
        text = resources.files("graphmap").joinpath("data/recommend/expansion.yaml")
        raw = yaml.safe_load(text.read_text("utf-8"))
        where = "graphmap/data/recommend/expansion.yaml"
    else:
        where = str(path)
        try:
            raw = yaml.safe_load(Path(path).read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(f"cannot read expansion list {where}: {exc}",
                             "pass a readable YAML file of concept: {aliases, related}") from exc
    if not isinstance(raw, dict):
        raise InputError(f"{where} is not a mapping of concepts",
                         "write `concept: {aliases: [...], related: {term: weight}}` entries")
    rules = []
    for concept, body in raw.items():
        body = body or {}
        related = {str(k): float(v) for k, v in (body.get("related") or {}).items()}
        bad = [k for k, v in related.items() if not 0 < v <= 1]
        if bad:
            raise InputError(f"{where}: concept {concept!r} has weights outside (0, 1]: {bad}",
                             "use weights between 0 (exclusive) and 1")
        aliases = tuple(str(a) for a in body.get("aliases") or ())
        rules.append(ExpansionRule(str(concept), aliases, related))
    return rules


def technology_cooccurrence(
    graph: nx.MultiDiGraph, *, top: int = 5, min_similarity: float = 0.2, min_count: int = 2
) -> dict[str, list[tuple[str, float]]]:
    """Technology name -> the most co-occurring technology names with cosine similarity.

    Two technologies co-occur when the same expert is EXPERT_IN both, the same
    organization WORKS_ON both, or both are IN_SEGMENT of the same chain segment; a pair
    needs ``min_count`` such groups (one co-mention in one text is too weak a link).
    """
    groups: dict[str, set[str]] = defaultdict(set)
    tech_names: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        if data.get("kind") == NodeKind.TECHNOLOGY.value and data.get("status") != "rejected":
            tech_names[node] = data.get("name", node)
    wanted = {EdgeKind.EXPERT_IN.value, EdgeKind.WORKS_ON.value}
    for src, dst, key, data in graph.edges(keys=True, data=True):
        if data.get("status") == Status.REJECTED.value:
            continue
        if key in wanted and dst in tech_names:
            groups[src].add(dst)
        elif key == EdgeKind.IN_SEGMENT.value and src in tech_names:
            groups[dst].add(src)
    counts: dict[str, int] = defaultdict(int)
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for members in groups.values():
        for tech in members:
            counts[tech] += 1
        if len(members) > 50:  # a catch-all group says little about any pair in it
            continue
        for a, b in combinations(sorted(members), 2):
            pairs[(a, b)] += 1
    related: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (a, b), n in pairs.items():
        if n < min_count:
            continue
        sim = n / math.sqrt(counts[a] * counts[b])
        if sim >= min_similarity:
            related[tech_names[a]].append((tech_names[b], sim))
            related[tech_names[b]].append((tech_names[a], sim))
    return {
        name: sorted(items, key=lambda x: (-x[1], x[0]))[:top] for name, items in related.items()
    }


@dataclass(frozen=True, slots=True)
class Expansion:
    """One added term: its weight and why it was added."""

    term: str
    weight: float
    via: str  # the topic phrase it expands
    source: str  # "list" | "graph"


class TechnologyExpansion:
    """Expand a topic with related technologies from the list and the graph.

    Examples
    --------
    >>> exp = TechnologyExpansion([ExpansionRule("具身智能", (), {"人形机器人": 0.9})], {})
    >>> [(e.term, e.weight, e.via) for e in exp.expand("具身智能沙龙")]
    [('人形机器人', 0.9, '具身智能')]
    >>> exp.expand("人形机器人")  # a part does not bring its concept back
    []
    """

    def __init__(
        self,
        rules: Iterable[ExpansionRule],
        cooccurrence: Mapping[str, list[tuple[str, float]]],
        *,
        graph_weight: float = 0.6,
    ) -> None:
        self._forward: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
        for rule in rules:
            keys = [rule.concept, *rule.aliases]
            for key in keys:
                norm = normalize_text(key).strip()
                for term, weight in rule.related.items():
                    self._forward[norm].append((term, weight, rule.concept))
        for tech, items in cooccurrence.items():
            norm = normalize_text(tech).strip()
            for other, sim in items:
                self._forward[norm].append((other, graph_weight * sim, f"graph:{tech}"))
        # Longest keys first so a phrase is matched before its parts.
        self._keys = sorted((k for k in self._forward if len(k) >= 2), key=len, reverse=True)
        # Latin keys ("ai", "ev") match whole words only: "ai" is not in "ai芯片"'s "ai".
        self._latin = {
            k: re.compile(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])")
            for k in self._keys if _LATIN_KEY.match(k)
        }

    @property
    def vocabulary(self) -> set[str]:
        """Every concept, alias and related term (added to the tokenizer as words)."""
        words = set(self._keys)
        for items in self._forward.values():
            words.update(term for term, _, _ in items)
        return words

    def expand(self, topic: str) -> list[Expansion]:
        """Terms related to the phrases found in ``topic``, strongest weight per term."""
        text = normalize_text(topic)
        best: dict[str, Expansion] = {}
        for key in self._keys:
            if key not in text:
                continue
            if key in self._latin and not self._latin[key].search(text):
                continue
            for term, weight, via in self._forward[key]:
                source = "graph" if via.startswith("graph:") else "list"
                via_name = via.removeprefix("graph:")
                if normalize_text(term) in text:
                    continue
                if term not in best or weight > best[term].weight:
                    best[term] = Expansion(term, round(weight, 4), via_name, source)
        return sorted(best.values(), key=lambda e: (-e.weight, e.term))
