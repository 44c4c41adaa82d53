"""Member and expert list rows become confirmed entities and relations.

A list is the analyst's own statement of fact, so what it says is confirmed; the evidence
of each element is the row it came from.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphmap.model import (
    Consortium,
    Document,
    EdgeKind,
    Entity,
    Evidence,
    Extraction,
    Organization,
    Person,
    Record,
    Relation,
    Status,
    Technology,
)
from graphmap.orgtype import declared_org_type
from nlp.lexicon import org_type_of

EXTRACTOR = "list"
EXTRACTOR_VERSION = "records-1"

_FIELD_SPLIT = re.compile(r"[、，,；;/|\s]+")
_YEAR = re.compile(r"(19|20)\d{2}")


def _row_evidence(doc: Document, record: Record, kind: str) -> Evidence:
    start = int(record.raw.get("_start", 0) or 0)
    end = int(record.raw.get("_end", 0) or 0)
    if not 0 <= start <= end <= len(doc.text):
        start = end = 0
    quote = doc.text[start:end] if end > start else "；".join(
        f"{k}：{v}" for k, v in record.fields.items() if v
    )
    return Evidence(doc.id, start, end, quote, f"{EXTRACTOR}:{kind}", 1.0)


def consortium_name(doc: Document) -> str:
    """The consortium a member list belongs to: stated by ingest, else the file's stem."""
    stated = str(doc.metadata.get("consortium") or "").strip()
    if stated:
        return stated
    stem = Path(doc.path).stem
    for suffix in ("成员单位名单", "成员名单", "成员单位", "名单", "member list", "members"):
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)].strip(" _-")
    return stem


def birth_year(text: str | None) -> int | None:
    """The year in a 出生年月 cell ("1985.03", "1985年3月", "1985-03-01"), if any."""
    match = _YEAR.search(text or "")
    return int(match.group(0)) if match else None


def split_fields(text: str | None) -> list[str]:
    """Split a 研究方向 cell into its separate fields."""
    return [part for part in _FIELD_SPLIT.split(text or "") if len(part) >= 2]


def extract_records(doc: Document) -> Extraction:
    """Turn a list document's records into entities and relations with row evidence."""
    entities: list[Entity] = []
    relations: list[Relation] = []
    consortium: Consortium | None = None
    for record in doc.records:
        name = (record.fields.get("name") or "").strip()
        if not name:
            continue
        if record.record_type == "member":
            if consortium is None:
                consortium = Consortium(
                    name=consortium_name(doc),
                    industry=doc.metadata.get("industry"),
                    status=Status.CONFIRMED,
                )
                entities.append(consortium)
            evidence = _row_evidence(doc, record, "member")
            consortium.evidence.append(evidence)
            _add_member(record, name, evidence, consortium, entities, relations)
        elif record.record_type == "expert":
            _add_expert(record, name, _row_evidence(doc, record, "expert"), entities, relations)
    return Extraction(
        doc_id=doc.id, entities=entities, relations=relations,
        extractor_version=EXTRACTOR_VERSION,
    )


def _add_member(
    record: Record,
    name: str,
    evidence: Evidence,
    consortium: Consortium,
    entities: list[Entity],
    relations: list[Relation],
) -> None:
    fields = record.fields
    org = Organization(
        name=name,
        org_type=declared_org_type(fields.get("org_type")) or org_type_of(name),
        credit_code=(fields.get("credit_code") or "").strip().upper() or None,
        status=Status.CONFIRMED,
        evidence=[evidence],
    )
    entities.append(org)
    attributes = {
        key: value
        for key, value in (
            ("since", fields.get("joined")),
            ("declared_segment", fields.get("segment")),
            ("declared_type", fields.get("org_type")),
        )
        if value
    }
    kinds = [EdgeKind.MEMBER_OF]
    if fields.get("role") == "lead":
        kinds.append(EdgeKind.LEADS)
    for kind in kinds:
        relations.append(
            Relation(
                kind=kind, source=org.id, target=consortium.id, attributes=dict(attributes),
                status=Status.CONFIRMED, evidence=[evidence],
            )
        )


def _add_expert(
    record: Record,
    name: str,
    evidence: Evidence,
    entities: list[Entity],
    relations: list[Relation],
) -> None:
    fields = record.fields
    org_name = (fields.get("organization") or "").strip()
    title = (fields.get("title") or "").strip()
    person = Person(
        name=name,
        organization=org_name or None,
        titles=[title] if title else [],
        fields_of_work=split_fields(fields.get("field")),
        gender=(fields.get("gender") or "").strip() or None,
        birth_year=birth_year(fields.get("birth")),
        bio=(fields.get("bio") or "").strip() or None,
        status=Status.CONFIRMED,
        evidence=[evidence],
    )
    entities.append(person)
    if org_name:
        org = Organization(
            name=org_name, org_type=org_type_of(org_name), status=Status.CONFIRMED,
            evidence=[evidence],
        )
        entities.append(org)
        relations.append(
            Relation(
                kind=EdgeKind.AFFILIATED_WITH, source=person.id, target=org.id,
                attributes={"title": title} if title else {}, status=Status.CONFIRMED,
                evidence=[evidence],
            )
        )
    for field_name in person.fields_of_work:
        tech = Technology(name=field_name, status=Status.CONFIRMED, evidence=[evidence])
        entities.append(tech)
        relations.append(
            Relation(
                kind=EdgeKind.EXPERT_IN, source=person.id, target=tech.id,
                status=Status.CONFIRMED, evidence=[evidence],
            )
        )
