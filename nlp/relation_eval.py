"""Score a built workspace's affiliations and expertise against a hand-made gold file.

The gold format is ``examples/gold/extraction.yaml`` (its header explains it): per text
document the people named with their organizations, and per person the technologies they
present as their own. Only relations with evidence from a text document count (the lists'
own facts are not extraction).

Run on the demo corpus: ``.venv/bin/python bench/bench_demo_extraction.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graphmap.errors import InputError
from graphmap.model import EdgeKind, Entity, NodeKind, Relation
from graphmap.normalize import normalize_name


@dataclass(slots=True)
class Score:
    """Precision and recall of one relation kind, with the pairs behind them."""

    hits: set[tuple] = field(default_factory=set)  # extracted and right
    errors: set[tuple] = field(default_factory=set)  # extracted and wrong
    found: set[tuple] = field(default_factory=set)  # gold items extracted
    misses: set[tuple] = field(default_factory=set)  # gold items not extracted

    @property
    def precision(self) -> float:
        found = len(self.hits) + len(self.errors)
        return len(self.hits) / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = len(self.found) + len(self.misses)
        return len(self.found) / gold if gold else 0.0

    def line(self, name: str) -> str:
        if not self.hits and not self.errors:
            return (f"{name}: R {self.recall:.3f} "
                    f"({len(self.found)} of {len(self.found) + len(self.misses)} gold found)")
        return (f"{name}: P {self.precision:.3f} R {self.recall:.3f} "
                f"({len(self.hits)} right, {len(self.errors)} wrong; "
                f"{len(self.found)} of {len(self.found) + len(self.misses)} gold found)")


@dataclass(slots=True)
class RelationGold:
    """The parsed gold file."""

    org_names: dict[str, str]  # normalized alias -> canonical name
    person_names: dict[str, str]  # normalized alias -> canonical name
    # (document file name, person) -> (required org alternatives, acceptable extra orgs)
    affiliations: dict[tuple[str, str], tuple[list[frozenset[str]], set[str]]]
    # (document file name, person) -> titles the text gives them there
    titles: dict[tuple[str, str], set[str]]
    # person -> (technologies: each a set of accepted names, optional names)
    expertise: dict[str, tuple[list[frozenset[str]], set[str]]]
    named_orgs: set[str] = field(default_factory=set)  # normalized canonical names
    optional_orgs: set[str] = field(default_factory=set)

    def person(self, name: str) -> str:
        """The gold's name for a person (English / traditional forms map to it)."""
        key = normalize_name(name)
        return self.person_names.get(key, key)

    def org(self, name: str) -> str:
        """The normalized canonical name of an organization."""
        key = normalize_name(name)
        return normalize_name(self.org_names.get(key, name))


def load_relation_gold(path: Path | str) -> RelationGold:
    """Read an extraction gold YAML file (format in ``examples/gold/extraction.yaml``)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read gold file {path}: {exc}",
                         "pass a YAML file shaped like examples/gold/extraction.yaml") from exc
    if not isinstance(data, dict) or not isinstance(data.get("affiliations"), dict):
        raise InputError(f"{path}: no 'affiliations' mapping",
                         "give affiliations: {document file name: [{person, org}, ...]}")
    org_names: dict[str, str] = {}
    for name, aliases in (data.get("organizations") or {}).items():
        for alias in [name, *(aliases or [])]:
            org_names[normalize_name(alias)] = name
    person_names: dict[str, str] = {}
    for name, aliases in (data.get("people") or {}).items():
        for alias in [name, *(aliases or [])]:
            person_names[normalize_name(alias)] = name
    gold = RelationGold(org_names, person_names, {}, {}, {})
    for doc, entries in data["affiliations"].items():
        for entry in entries or []:
            if not isinstance(entry, dict) or "person" not in entry:
                raise InputError(f"{path}: an affiliation of {doc} has no person",
                                 "write {person: NAME, org: ORG or [ORG, ...] or null}")
            orgs = entry.get("org")
            orgs = [] if orgs is None else [orgs] if isinstance(orgs, str) else list(orgs)
            key = (doc, gold.person(entry["person"]))
            required, also = gold.affiliations.setdefault(key, ([], set()))
            if orgs:
                required.append(frozenset(gold.org(o) for o in orgs))
            also.update(gold.org(o) for o in entry.get("also") or [])
            if orgs:
                gold.titles.setdefault(key, set()).update(
                    normalize_name(t) for t in entry.get("titles") or [])
    gold.named_orgs = {gold.org(o) for o in data.get("named_organizations") or []}
    gold.optional_orgs = {gold.org(o) for o in data.get("optional_organizations") or []}
    for person, entry in (data.get("expertise") or {}).items():
        techs = [frozenset(normalize_name(t) for t in names)
                 for names in (entry or {}).get("technologies") or []]
        optional = {normalize_name(t) for t in (entry or {}).get("optional") or []}
        gold.expertise[gold.person(person)] = (techs, optional)
    return gold


def score_relations(
    gold: RelationGold,
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    text_docs: dict[str, str],
) -> dict[str, Score]:
    """Score AFFILIATED_WITH per document and EXPERT_IN per person.

    Parameters
    ----------
    gold : RelationGold
        From :func:`load_relation_gold`.
    entities, relations : iterable
        The built graph (e.g. ``ws.entities()``, ``ws.relations()``).
    text_docs : dict
        Document id -> file name of the text documents whose evidence counts.

    Returns
    -------
    dict
        ``{"people", "organizations", "affiliation", "titles", "expertise"}`` -> Score:
        people and organizations named in the texts (entities), ``(document, person,
        organization)`` pairs, the titles of those people (recall only: a list's titles share
        the relation's attributes; the person's own titles count too, as those said with no
        organization are kept only there) and ``(person, technology)`` pairs.
    """
    by_id = {e.id: e for e in entities}
    affiliation, expertise, people = Score(), Score(), Score()
    gold_people = {person for _, person in gold.affiliations}
    found_titles: dict[str, set[str]] = {}  # person -> their titles and their posts' titles
    for entity in by_id.values():
        if entity.kind == NodeKind.PERSON and any(
            ev.doc_id in text_docs and ev.extractor.startswith("nlp.") for ev in entity.evidence
        ):
            name = gold.person(entity.name)
            (people.hits if name in gold_people else people.errors).add((name,))
            # titles said without an organization (博士生, 市委副书记) are the person's too
            found_titles.setdefault(name, set()).update(
                normalize_name(t) for t in getattr(entity, "titles", ()) if t)
    people.found = people.hits
    organizations = Score()
    if gold.named_orgs:
        for entity in by_id.values():
            if entity.kind == NodeKind.ORGANIZATION and any(
                ev.doc_id in text_docs and ev.extractor.startswith("nlp.")
                for ev in entity.evidence
            ):
                name = gold.org(entity.name)
                if name in gold.named_orgs:
                    organizations.hits.add((name,))
                elif name not in gold.optional_orgs:
                    organizations.errors.add((name,))
        organizations.found = organizations.hits
        organizations.misses = {(name,) for name in gold.named_orgs} - organizations.hits
    people.misses = {(name,) for name in gold_people} - people.hits
    found_aff: dict[tuple[str, str], set[str]] = {}
    found_exp: dict[str, set[frozenset[str]]] = {}
    for rel in relations:
        docs = {text_docs[ev.doc_id] for ev in rel.evidence
                if ev.doc_id in text_docs and ev.extractor.startswith("nlp.")}
        if not docs or rel.source not in by_id or rel.target not in by_id:
            continue
        person = gold.person(by_id[rel.source].name)
        target = by_id[rel.target]
        if rel.kind == EdgeKind.AFFILIATED_WITH:
            for doc in docs:
                found_aff.setdefault((doc, person), set()).add(gold.org(target.name))
            said = [rel.attributes.get("title") or "", *(rel.attributes.get("titles") or [])]
            found_titles.setdefault(person, set()).update(
                normalize_name(t) for x in said for t in str(x).split("、") if t)
        elif rel.kind == EdgeKind.EXPERT_IN:
            names = {normalize_name(n) for n in [target.name, *target.aliases]}
            found_exp.setdefault(person, set()).add(frozenset(names))
    for key, orgs in found_aff.items():
        required, also = gold.affiliations.get(key, ([], set()))
        for org in orgs:
            if any(org in alternatives for alternatives in required):
                affiliation.hits.add((*key, org))
            elif org not in also:
                affiliation.errors.add((*key, org))
    for key, (required, _) in gold.affiliations.items():
        for alternatives in required:
            hit = alternatives & found_aff.get(key, set())
            (affiliation.found if hit else affiliation.misses).add((*key, min(alternatives)))
    titles = Score()  # recall only: the lists' titles share the relations' attributes
    for (doc, person), wanted in gold.titles.items():
        have = found_titles.get(person, set())
        for title in wanted:
            # 负责人 for 感知算法负责人, 院士 for 中国工程院院士: the post is there
            hit = any(t and (t in title or title in t) for t in have)
            (titles.found if hit else titles.misses).add((doc, person, title))
    for person, techs in found_exp.items():
        required, optional = gold.expertise.get(person, ([], set()))
        for names in techs:
            label = min(names, key=len)
            if any(names & accepted for accepted in required):
                expertise.hits.add((person, label))
            elif not names & optional:
                expertise.errors.add((person, label))
    for person, (required, _) in gold.expertise.items():
        for accepted in required:
            hit = any(names & accepted for names in found_exp.get(person, ()))
            (expertise.found if hit else expertise.misses).add((person, min(accepted, key=len)))
    return {"people": people, "organizations": organizations, "affiliation": affiliation,
            "titles": titles, "expertise": expertise}


def score_workspace(gold_path: Path, ws) -> dict[str, Score]:
    """:func:`score_relations` over a built :class:`~graphmap.store.Workspace`."""
    text_docs = {d.id: Path(d.path).name for d in ws.documents() if d.text and not d.records}
    return score_relations(load_relation_gold(gold_path), ws.entities(), ws.relations(),
                           text_docs)
