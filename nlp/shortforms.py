"""Short forms of organizations that a document names in full elsewhere.

News and speeches name a unit once in full (盐城市科学技术协会, 中共常州市委, 火炬区管委会) and
then by its bare kind (市科协, 市委, 科协, 管委会) or its level without the place
(市纪委监委第三派驻纪检监察组 in a report about 盐城). Taken literally those are organizations
of their own, 市委 in every city at once. :func:`complete_short_forms` maps each such short
form to the one full name the document supports, or, when the document names none or several,
to ``None`` for a bare kind (市委 then names no organization) and to itself otherwise.

All names are in matching form (simplified, half-width: :func:`nlp.text.matching_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A unit named by its kind only, optionally after 本/该 and a level (市科协, 该公司, 县委).
_BARE = re.compile(
    r"(?:本|该|我)?[省市区县镇]?"
    r"(?:委|党委|党工委|政府|人民政府|人大常委会|人大|政协|纪委监委|纪委|监委|科协|科技局|"
    r"工信局|发改委|教育局|管委会|委员会|筹备委员会|工商联|"
    r"集团公司|集团|公司|总公司|研究院|研究所|学会|协会|学院|大学|中心|实验室|农科院|医院)"
)
#: A name that starts at its level with the place left out: 市纪委监委第三派驻纪检监察组.
_LEVEL_FIRST = re.compile(r"[省市区县](?!场|民|区|域|块|级|值|面|政工程|容)")
#: The place (and its level) that opens a full name: 盐城市, 中共常州市委 -> 常州市.
_PLACE = re.compile(r"(?:中共|中国共产党)?([\u4e00-\u9fff]{2,6}?[市区县])")
#: Long forms a short form stands for, to compare both on one footing.
_LONG_TO_SHORT = (
    ("科学技术协会", "科协"),
    ("人民政府", "政府"),
    ("科学技术局", "科技局"),
    ("农业科学院", "农科院"),
    ("管理委员会", "管委会"),
    ("工商业联合会", "工商联"),
    ("党工作委员会", "党工委"),
    ("纪律检查委员会", "纪委"),
)


def _folded(name: str) -> str:
    for long, short in _LONG_TO_SHORT:
        name = name.replace(long, short)
    return name


def is_short_form(name: str) -> bool:
    """True for a unit named by its kind (市委, 科协) or by its level without the place.

    >>> [is_short_form(n) for n in ("市委", "该公司", "市纪委监委第三派驻纪检监察组", "市场监管局",
    ...                             "盐城市科协")]
    [True, True, True, False, False]
    """
    return bool(_BARE.fullmatch(name) or (_LEVEL_FIRST.match(name) and len(name) > 1))


def complete_short_forms(names: Iterable[str]) -> dict[str, str | None]:
    """Map every short form among ``names`` to the full name of the same document it stands
    for; without a single one, a bare kind maps to ``None`` and any other to itself.

    A short form is completed by the one full name that ends with it (市科协 -> 盐城市科协,
    科协 -> 盐城市科学技术协会, 管委会 -> 火炬区管委会), else by the one place of its level the
    document's full names open with (市纪委监委… -> 盐城市纪委监委…).

    >>> complete_short_forms(["盐城市科学技术协会", "市科协", "市纪委监委", "县委"])
    {'市科协': '盐城市科学技术协会', '市纪委监委': '盐城市纪委监委', '县委': None}
    """
    names = list(dict.fromkeys(names))
    full = [n for n in names if not is_short_form(n)]
    out: dict[str, str | None] = {}
    for name in names:
        if not is_short_form(name):
            continue
        short = _folded(re.sub(r"^(?:本|该|我)", "", name))
        ends = {f for f in full if len(f) > len(short) and _folded(f).endswith(short)}
        if len(ends) > 1:
            # one full name may be the other's department: keep the shortest when all nest
            shortest = min(ends, key=len)
            ends = {shortest} if all(shortest in f for f in ends) else ends
        if len(ends) == 1:
            out[name] = ends.pop()
            continue
        # a bare kind names nothing alone; 市欧美同学会 is still that association
        out[name] = None if _BARE.fullmatch(name) else name
        if ends or not _LEVEL_FIRST.match(short):
            continue
        level = short[0]
        places = {m.group(1) for f in full if (m := _PLACE.match(f)) and m.group(1)[-1] == level
                  and not m.group(1).endswith("特别行政区")}
        if len(places) == 1:
            place = places.pop()
            rest = short[1:]
            # the project's names for a place's party committee and government
            rest = {"委": "委", "政府": "人民政府"}.get(rest, rest)
            completed = place + rest
            out[name] = ("中共" + completed) if rest == "委" else completed
    return out
