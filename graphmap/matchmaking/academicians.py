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
from graphmap.matchmaking.orgs import organization_keys
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
_ORG_END = (
    r"(?:大学|学院|研究院|研究所|科学院|工程院|研究中心|中心|公司|集团|医院|总院|基地|实验室|"
    r"学会|协会|研究会|管理局|局|总医院|设计院|研究生院|工作站|天文台|气象台|观测台|植物园|办公室)"
)
#: An organization name: CJK characters (and brackets) ending with an organization word,
#: as long as possible within its clause ("中国科学院上海光学精密机械研究所").
_ORG_SPAN = re.compile(
    r"[\u4e00-\u9fa5（）()]{2,40}" + _ORG_END + r"(?:[（(][\u4e00-\u9fa5]{1,8}[）)])?"
)
_CLAUSE = re.compile(r"[。；;，,、：:\s]+")
#: What opens a clause before the organization: verbs and time words, cut off the name.
_OPENERS = re.compile(
    r"^(?:(?:19|20)\d\d\s*年(?:\d{1,2}月)?(?:起|至今|以来|后)?|年|月|日|起|同年|先后|后|并|又|还|"
    r"现兼任|现任职于|现任|现为|现在|现系|现就职于|现|目前任职于|目前在|目前|任职于|就职于|"
    r"工作于|受聘于|受聘为|受聘|进入|调入|加入|调到|到|兼任|兼|任|为|是|系|在|于|原任|原|曾任|曾在|曾|历任)+"
)
_EDUCATION = re.compile(
    r"毕业|学位|留学|进修|就读|攻读|学习|求学|研究生|博士后|访问学者|访问学|深造|师从|"
    r"考入|考取|肄业|学士|硕士|博士(?!生导师)|获得?.{0,12}(?:学位|文凭)"
)
_FORMER = re.compile(r"^(?:(?:19|20)\d\d.{0,12}?)?(?:曾任|曾在|曾是|曾|原任|原|历任|先后任|先后在)")
_CURRENT_MARK = re.compile(r"现任|现为|现在|现系|现就职|目前|至今|任职于|就职于|受聘")
#: A span with a verb in it is a statement about work ("创建了国家级企业技术中心"), not a name.
_VERB = re.compile(
    r"了|创建|创办|建立|组建|筹建|主持|领导|负责|参与|参加|开展|完成|研制|提出|发明|带领"
)
_SIDE = re.compile(r"^(?:(?:19|20)\d\d.{0,8}?)?(?:兼任|兼|还任|还兼任|同时任)")
_YEARS = re.compile(r"^\d{4}\s*(?:年)?\s*(?:[-－—–~～至到]\s*\d{2,4})")
#: An organization abroad is where someone studied or visited; it is their affiliation only
#: when the biography names nothing at home.
_ABROAD = re.compile(
    r"^(?:美国|英国|德国|法国|日本|苏联|前苏联|原苏联|加拿大|澳大利亚|瑞士|荷兰|比利时|瑞典|"
    r"意大利|丹麦|俄罗斯|奥地利|挪威|芬兰|新加坡|以色列|乌克兰)"
)
_NOT_ORG_CLAUSE = ("当选", "院士", "学部委员", "出生", "生于", "籍贯", "原籍")
_TITLE_AFTER = re.compile(
    r"^(?:[\u4e00-\u9fa5]{0,12}?)(教授|研究员|总工程师|院长|所长|校长|主任|董事长|首席科学家|"
    r"高级工程师|主任医师|总设计师)"
)


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


def _clause_org(clause: str) -> tuple[str, str | None] | None:
    """(organization, title) named by one clause, openers ("现任", "1985年起") cut off."""
    m = _ORG_SPAN.search(clause)
    if not m:
        return None
    org = m.group(0)
    while True:  # openers may stack ("现兼任", "同年进入"); a name never starts with one
        cut = _OPENERS.match(org)
        if not cut or not cut.group(0):
            break
        org = org[cut.end():]
    first = re.split(r"[和及]", org)[0]
    first = re.sub(r"(?:教授|研究员|院长|所长|主任|校长)$", "", first)
    if first != org and len(first) >= 4 and re.search(_ORG_END + "$", first):
        org = first  # "甲研究中心和乙科学院研究员": the first one named
    bare = re.sub(r"[（(][^）)]*[）)]$", "", org)  # 中国石油大学（北京）
    if len(bare) < 4 or not re.search(_ORG_END + "$", bare) or _VERB.search(org):
        return None
    title = _TITLE_AFTER.match(clause[m.end():])
    return org, title.group(1) if title else None


def parse_affiliation(bio: str) -> tuple[str, str | None] | None:
    """(organization, title) of the current position, or None when none is stated.

    The biography is read clause by clause. A clause about education ("毕业于X", "获X博士
    学位", "留学X", "在X学习") never gives the affiliation; a clause of a former position
    ("曾任", "原", and the clauses after it in the same sentence) only when nothing current
    is stated, a side post ("兼任X") last. The first clause marked current ("现任", "至今")
    wins, then the first plain one ("X研究员。").

    Examples
    --------
    >>> parse_affiliation("1986年毕业于浙江大学。现任合肥通用机械研究院院长，兼任主任。")
    ('合肥通用机械研究院', '院长')
    >>> parse_affiliation("1958年毕业于哈尔滨工业大学。哈尔滨工业大学机电控制及自动化系教授。")
    ('哈尔滨工业大学', '教授')
    >>> parse_affiliation("1957年留学原苏联莫斯科包曼工学院，1961年获副博士学位。"
    ...                   "中国航天科技集团公司第八研究院研究员。")
    ('中国航天科技集团公司第八研究院', '研究员')
    >>> parse_affiliation("1949-1952年在南京大学航空系学习。中国运载火箭技术研究院研究员。")
    ('中国运载火箭技术研究院', '研究员')
    """
    current = plain = former = side = None
    titled: tuple[str, str | None] | None = None  # a current or plain post with a title
    for sentence in re.split(r"[。；;]", bio):
        past = False
        for clause in re.split(r"[，,、：:]", sentence):
            clause = clause.strip()
            if not clause:
                continue
            if _CURRENT_MARK.search(clause):
                past = False
            elif _FORMER.match(clause) or "曾任" in clause or _YEARS.match(clause):
                past = True  # "1983-1984年在美国某大学作研究学者" was a stay, not a post
            if _EDUCATION.search(clause) or any(w in clause for w in _NOT_ORG_CLAUSE):
                continue
            found = _clause_org(clause)
            if found is None:
                continue
            if _SIDE.match(clause):
                side = side or found
            elif past or _ABROAD.match(found[0]):
                former = former or found
            elif _CURRENT_MARK.search(clause):
                current = current or found
            else:
                plain = plain or found
            if found[1] and not past and not _SIDE.match(clause) and not _ABROAD.match(found[0]):
                titled = titled or found
        if current and current[1]:
            break
    # "中南大学教授 … 现为美国某协会终身成员": a post with a title beats a membership
    return titled or current or plain or former or side


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
    affiliations: dict[tuple[str, str], tuple[str | None, str | None]] = {}
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
            # The department or hospital named is kept on the edge; the node is the
            # institution it belongs to (清华大学建筑学院 -> 清华大学, 北京航空学院 -> 北航).
            unit = aff[0] if aff else None
            if aff:
                aff = (organization_keys(aff[0]).institution, aff[1])
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
                affiliations.setdefault((person.id, org.id), (aff[1], unit))
            del n
    entities: list[Entity] = [*people.values(), *orgs.values()]
    relations = [
        Relation(kind=EdgeKind.AFFILIATED_WITH, source=pid, target=oid,
                 attributes={k: v for k, v in (("title", title), ("unit", unit)) if v},
                 status=Status.CONFIRMED)
        for (pid, oid), (title, unit) in affiliations.items()
    ]
    return graph_from(entities, relations)
