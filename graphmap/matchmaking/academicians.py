"""Load the public academician lists (CAE / CAS) into a graph of Person nodes.

The CSVs (columns ``XB`` division, ``evaluate_time`` election year, ``introduce``
biography, ``link``, ``name``) only carry free text, so the loader reads from each
biography: the field phrase ("机器人及机电一体化技术专家" -> 机器人及机电一体化技术), the birth
year, and the current affiliation with its title. Someone elected to both academies is one
Person (same name and birth year). The division is kept as a discipline (fields_of_work).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from graphmap.errors import InputError
from graphmap.graph import graph_from
from graphmap.model import (
    EdgeKind,
    Entity,
    Evidence,
    Organization,
    Person,
    Relation,
    Status,
    stable_id,
)
from nlp.lexicon import org_type_of

EXTRACTOR = "academician_csv"
REQUIRED = ("XB", "introduce", "name")
#: The year the lists were compiled (README of the data: "data up to 2017").
DATA_YEAR = 2017

_SPACE = re.compile(r"\s+")
_BIRTH_CAE = re.compile(r"[（(]\s*(?:生于)?\s*(1[89]\d\d)[.．。\d]*\s*[-－—–]")
_BIRTH_TEXT = re.compile(r"(1[89]\d\d)\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?\s*(?:生|出生)")
_FIELD = re.compile(
    r"([\u4e00-\u9fa5、（）()/\-a-zA-Z]{2,40}?)(?:科技专家|工程专家|专家|学家|科学家)"
)
_ORG = (
    r"([\u4e00-\u9fa5][\u4e00-\u9fa5（）()]{1,26}?"
    r"(?:大学|学院|研究院|研究所|科学院|研究中心|公司|集团|医院|总院|基地|实验室|中心))"
)
#: A unit inside the organization just matched ("中国科学院" + "沈阳自动化研究所").
_SUB_UNIT = re.compile(
    r"[\u4e00-\u9fa5]{0,12}?(?:研究所|研究院|分院|公司|医院|研究中心|实验室)"
)
#: Text before these characters is a verb or a date, not part of a name ("毕业于", "曾任").
_LEAD = re.compile(r"^.*[于任入在为到从是和及年月日曾现兼原]")
_TITLE_WORDS = ("教授", "研究员", "院长", "所长", "主任", "工程师", "兼", "和", "及", "、")
_CURRENT = re.compile(r"(?:现任|现为|现在|任职于|就职于|工作于|现系)" + _ORG)
_ANY = re.compile(_ORG)
_TITLE_AFTER = re.compile(
    r"^(?:[\u4e00-\u9fa5]{0,12}?)(教授|研究员|总工程师|院长|所长|校长|主任|董事长|首席科学家|"
    r"高级工程师|主任医师|总设计师)"
)
_NOT_CURRENT = ("毕业于", "获", "学位", "留学", "进修", "就读")


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


def parse_birth_year(bio: str) -> int | None:
    """Birth year from "陈学东（1964.08.13- ）" or "1938年2月生于湖南" style text.

    Examples
    --------
    >>> parse_birth_year("    陈学东（1964.08.13- ）。特种设备专家。")
    1964
    >>> parse_birth_year("天体物理学家，1938年2月生于湖南益阳。")
    1938
    >>> parse_birth_year("长期从事研究") is None
    True
    """
    for pattern in (_BIRTH_CAE, _BIRTH_TEXT):
        m = pattern.search(bio)
        if m:
            return int(m.group(1))
    return None


def parse_field(bio: str, name: str) -> str | None:
    """The field phrase before 专家/学家 in the first sentences of a biography.

    Examples
    --------
    >>> parse_field("蔡鹤皋（1934.6.5- ）机器人及机电一体化技术专家。原籍北京", "蔡鹤皋")
    '机器人及机电一体化技术'
    >>> parse_field("天体物理学家，1938年2月生于湖南益阳。", "艾国祥")
    '天体物理'
    """
    head = bio.replace(name, "", 1)
    head = re.sub(r"[（(][^）)]*[）)]", "", head)[:80]
    m = _FIELD.search(head)
    if not m:
        return None
    field = m.group(1).strip("，,、。 ")
    field = re.sub(r"^(?:我国|中国|著名的?|著名|知名|[男女]，?)", "", field)
    return field or None


def _org_at(bio: str, m: re.Match[str]) -> tuple[str, int]:
    """The organization name of match ``m`` (leading verbs cut, sub-unit appended) and its end."""
    org, end = m.group(1), m.end(1)
    org = _LEAD.sub("", org) or org
    sub = _SUB_UNIT.match(bio, end)
    if sub and not any(w in sub.group(0) for w in _TITLE_WORDS):
        org, end = org + sub.group(0), sub.end()
    return org, end


def parse_affiliation(bio: str) -> tuple[str, str | None] | None:
    """(organization, title) of the current position, or None when none is stated.

    Prefers "现任X…", then "X教授/研究员…", then any organization not in an education
    phrase ("毕业于X", "获X博士学位").

    Examples
    --------
    >>> parse_affiliation("1986年毕业于浙江大学。现任合肥通用机械研究院院长，兼任主任。")
    ('合肥通用机械研究院', '院长')
    >>> parse_affiliation("1958年毕业于哈尔滨工业大学。哈尔滨工业大学机电控制及自动化系教授。")
    ('哈尔滨工业大学', '教授')
    """
    m = _CURRENT.search(bio)
    if m and not bio[m.end():].startswith(("院士", "学部委员")):
        org, end = _org_at(bio, m)
        title = _TITLE_AFTER.match(bio[end:])
        return org, title.group(1) if title else None
    for m in _ANY.finditer(bio):
        before = bio[max(0, m.start() - 6) : m.start() + 4]
        org, end = _org_at(bio, m)
        after = bio[end : end + 10]
        if (any(w in before for w in _NOT_CURRENT) or "学位" in after or "毕业" in after
                or after.startswith(("院士", "学部委员", "外籍院士"))):
            continue
        title = _TITLE_AFTER.match(bio[end : end + 20])
        return org, title.group(1) if title else None
    return None


def _academy(path: Path) -> str:
    if "engineering" in path.stem.lower() or "工程院" in path.stem:
        return "中国工程院院士"
    return "中国科学院院士"


def load_academicians(paths: Iterable[Path | str]) -> nx.MultiDiGraph:
    """Read academician CSVs into a graph of Person and Organization nodes.

    Parameters
    ----------
    paths : CSV files with columns XB, evaluate_time, introduce, link, name
        (``AcademicianEngineering.csv`` -> 中国工程院院士, anything else -> 中国科学院院士)

    Returns
    -------
    networkx.MultiDiGraph
        Person nodes (name, titles, fields_of_work = [field, division], birth_year, bio,
        evidence = the CSV row) with AFFILIATED_WITH edges (title) to Organization nodes
        whose org_type is guessed from the name.
    """
    people: dict[tuple[str, int | None], Person] = {}
    orgs: dict[str, Organization] = {}
    affiliations: dict[tuple[str, str], str | None] = {}
    for raw_path in paths:
        path = Path(raw_path)
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except OSError as exc:
            raise InputError(f"cannot read academician list {path}: {exc}",
                             "pass the path of AcademicianEngineering.csv / AcademicianScience.csv"
                             ) from exc
        if rows and any(col not in rows[0] for col in REQUIRED):
            raise InputError(f"{path} lacks columns {[c for c in REQUIRED if c not in rows[0]]}",
                             "use the academician CSVs with XB, introduce and name columns")
        doc_id = stable_id("doc", str(path.name))
        for n, row in enumerate(rows, start=2):
            name = _clean(row["name"])
            bio = _clean(row["introduce"])
            if not name:
                continue
            division = _clean(row["XB"])
            birth = parse_birth_year(bio)
            field = parse_field(bio, name)
            aff = parse_affiliation(bio)
            title = _academy(path)
            key = (name, birth)
            evidence = Evidence(doc_id, 0, 0, bio or name, EXTRACTOR)
            person = people.get(key)
            if person is None:
                person = Person(
                    name=name,
                    organization=aff[0] if aff else None,
                    titles=[title],
                    fields_of_work=[f for f in (field, division) if f],
                    birth_year=birth,
                    bio=bio,
                    status=Status.CONFIRMED,
                    evidence=[evidence],
                )
                people[key] = person
            else:  # elected to both academies: one person, both titles and both texts
                if title not in person.titles:
                    person.titles.append(title)
                for f in (field, division):
                    if f and f not in person.fields_of_work:
                        person.fields_of_work.append(f)
                if bio and bio not in (person.bio or ""):
                    person.bio = f"{person.bio} {bio}".strip()
                person.evidence.append(evidence)
            if aff:
                org = orgs.setdefault(aff[0], Organization(
                    name=aff[0], org_type=org_type_of(aff[0]), status=Status.CONFIRMED))
                affiliations.setdefault((person.id, org.id), aff[1])
            del n
    entities: list[Entity] = [*people.values(), *orgs.values()]
    relations = [
        Relation(kind=EdgeKind.AFFILIATED_WITH, source=pid, target=oid,
                 attributes={"title": title} if title else {}, status=Status.CONFIRMED)
        for (pid, oid), title in affiliations.items()
    ]
    return graph_from(entities, relations)
