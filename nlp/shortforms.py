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
from collections import defaultdict
from collections.abc import Iterable

from graphmap.normalize import is_place

#: A unit named by its kind only, optionally after 本/该 and a level (市科协, 该公司, 县委).
_BARE = re.compile(
    r"(?:本|该|我)?[省市区县镇]?"
    r"(?:委|党委|党工委|政府|人民政府|人大常委会|人大|政协|纪委监委|纪委|监委|科协|科技局|"
    r"工信局|发改委|教育局|管委会|委员会|筹备委员会|工商联|"
    r"集团公司|集团|公司|总公司|研究院|研究所|学会|协会|学院|大学|中心|实验室|农科院|医院)"
)
#: A name that starts at its level with the place left out: 市纪委监委第三派驻纪检监察组.
_LEVEL_FIRST = re.compile(r"[省市区县](?!场|民(?!政)|区|域|块|级|值|面|政工程|容)")
#: The place (and its level) that opens a full name: 盐城市, 中共常州市委 -> 常州市.
_PLACE = re.compile(r"(?:中共|中国共产党)?([\u4e00-\u9fff]{2,6}?[市区县])")
#: A level-first name that is a department or a field association of whatever place the text
#: is about (省工信厅, 省委统战部, 省人大财经委, 省环保厅固废管理处, 市投促局, 省汽车行业协会): a
#: place's own unit, so with no place to complete it, it names no organization (省工信厅 of
#: one text is not another's), nor does its party group (省工信厅党组). A unit with a name of
#: its own (省政府横琴办, 市铁投公司, 市青年五十人创新创业研究院, 市欧美同学会) stays itself.
_PLACE_DEPARTMENT = re.compile(
    r"[省市区县](?:委|政府|人大常委会|人大|政协)?"
    r"(?:(?:工业和信息化|工信|经济和信息化|经信|科学技术|科技|民政|生态环境|环境保护|环保|商务|"
    r"发展和改革|发改|财政|教育|人力资源和社会保障|人社|自然资源|住房和城乡建设|住建|交通运输|"
    r"交通|水利|农业农村|农业|文化和旅游|文旅|卫生健康|卫健|市场监督管理|市场监管|国资|"
    r"应急管理|统计|审计|外事|侨务|投资促进|投促|社会组织管理|药品监督管理|药监|知识产权|能源|"
    r"大数据|统战|组织|宣传|政法|教育工|财经|台港澳|台|港澳|经济|信息化|工业)"
    r"(?:厅|局|委员会|委|部|办公室|办|工委|处|司)"
    r"|[\u4e00-\u9fff]{2,12}?委员会)"
    r"(?:[\u4e00-\u9fff]{2,8}?(?:处|局|科|室|中心))?(?:党组|党委|机关党委|党总支)?"
    r"|[省市区县][\u4e00-\u9fff]{2,10}?(?:行业|产业)?(?:协会|促进会|(?<!同)学会|商会|联合会|总会)"
)
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
    for; without a single one, a bare kind and a department of the unnamed place (省工信厅) map
    to ``None`` and any other to itself.

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
        elif _PLACE_DEPARTMENT.fullmatch(short):
            out[name] = None
    return out


#: What a document drops when it names a unit again: 中评智库基金会 -> 中评智库,
#: 徐工机械股份有限公司 -> 徐工机械, 上海临港集团有限公司 -> 上海临港.
_DROPPED_TAIL = re.compile(r"(?:股份|集团)?有限(?:责任)?公司$|股份公司$|基金会$")
#: A short form defined in brackets right after the full name: 香港应用科技研究院(应科院),
#: …有限公司(以下简称"徐工机械"), 国家自然科学基金委员会(NSFC).
_DEFINED = re.compile(r"\s?[(（]\s?(?P<said>(?:以下)?(?:简称|下称))?[:：]?\s?[\"“”'‘’「」『』]?"
                      r"(?P<short>[\u4e00-\u9fffA-Za-z]{2,8})[\"“”'‘’「」『』]?\s?[)）]")


def abbreviates(short: str, full: str) -> bool:
    """True when ``short`` reads as a shortening of ``full``: its characters in order, the
    first among the full name's first three or the first after its place (香港应用… -> 应科院,
    深圳市智能… -> 智造院) and the last among its last two (成功大学 -> 成大, 国家中山科学研究院
    -> 中科院).

    >>> [abbreviates(s, f) for s, f in (("中科院", "国家中山科学研究院"), ("成大", "成功大学"),
    ...                                 ("中科院", "中国科学院大学"), ("NSFC", "x"))]
    [True, True, False, False]
    """
    place = next((k for k in range(6, 1, -1) if is_place(full[:k])), 0)
    head = full[: max(3, place + 1)]
    if len(full) < len(short) + 2 or short[0] not in head or short[-1] not in full[-2:]:
        return False
    at = head.index(short[0])
    for ch in short[1:]:
        at = full.find(ch, at + 1)
        if at < 0:
            return False
    return True


def document_names(form: str, orgs: Iterable[tuple[int, int]]) -> dict[str, str]:
    """The organization names one document uses, each mapped to the full name it stands for.

    ``orgs`` are the recognized organizations as ``(start, end)`` in ``form``. The map holds
    every full name (to itself), the short forms the text defines in brackets, the names
    without a dropped legal tail, and each short recognized name that abbreviates exactly one
    full name of the document. A later mention of any key is that organization, also where
    the recognizers missed it (应科院主席, with 应 read as a verb).

    >>> text = "香港应用科技研究院(应科院)与国家中山科学研究院签约。中科院院长、应科院主席出席。"
    >>> names = document_names(text, [(0, 9), (15, 24), (27, 30)])
    >>> sorted(names.items())  # doctest: +NORMALIZE_WHITESPACE
    [('中科院', '国家中山科学研究院'), ('国家中山科学研究院', '国家中山科学研究院'),
     ('应科院', '香港应用科技研究院'), ('香港应用科技研究院', '香港应用科技研究院')]
    """
    spans = sorted(set(orgs))
    full: dict[str, str] = {}
    for start, end in spans:
        name = form[start:end].strip()
        if len(name) >= 4 and not is_short_form(name):
            full[name] = name
    names = dict(full)
    for start, end in spans:
        name = form[start:end].strip()
        defined = _DEFINED.match(form, end)
        if name not in full or not defined or (short := defined.group("short")) == name:
            continue
        # 简称 says so; a bare bracket must read as a shortening (not 北京(中国))
        if defined.group("said") or abbreviates(short, name) or (
                short.isascii() and short.isupper() and short not in full):
            names[short] = name
    cores: dict[str, set[str]] = defaultdict(set)
    for name in full:
        core = _DROPPED_TAIL.sub("", name)
        if core != name and len(core) >= 3:
            cores[core].add(name)
    for core, of in cores.items():
        if len(of) == 1 and core not in names:
            names[core] = of.pop()
    for start, end in spans:
        short = form[start:end].strip()
        # a four-character name of its own stays itself (屏东大学 is not 屏东科技大学)
        if short in names or not 2 <= len(short) <= 4 or is_short_form(short):
            continue
        # not 中科院兰州分院 for 中科院: a name that opens with the short form is its sub-unit
        longer = {f for f in full if abbreviates(short, f) and not f.startswith(short)}
        if len(longer) == 1:
            names[short] = longer.pop()
    for short, name in names.items():  # 协发 -> 联盟协发网 -> 中国产业技术创新战略联盟协同发展网
        seen = {short}
        while names.get(name, name) != name and name not in seen:
            seen.add(name)
            name = names[name]
        names[short] = name
    return names
