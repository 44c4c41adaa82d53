"""Person - title - affiliation parsing over the mentions of one chunk.

Recognizes how salon programmes, news and CVs introduce people:

- chain before the name: ``中国工程院院士、清华大学教授张三`` (honour + affiliation + title),
  ``清华大学计算机系教授张三``, ``北京某某科技有限公司总工程师李四``;
- ``来自中科院自动化所的李四研究员`` and ``清华大学的张三教授``;
- parenthesis or apposition after the name: ``张三（北京某某科技有限公司总工程师）``,
  ``张三，清华大学教授，``;
- CV style: ``张三，男，……现任北京某某公司总经理``.

An organization + title pair that is an honour (``中国工程院院士``) becomes a title of the
person, not an employment affiliation.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass

from graphmap.normalize import is_place, normalize_name
from nlp.lexicon import honorifics, surnames
from nlp.lexicon import titles as title_list
from nlp.mentions import ORG, PERSON, TITLE, Affiliation, Mention
from nlp.spans import (
    EN_APPOINTING,
    EN_PASSIVE_APPOINTMENT,
    EN_POST_ADJECTIVES,
    GOVERNMENT_POSTS,
    SEAT_BODIES,
    not_a_name,
)
from nlp.text import SENTENCE_END, lower_same_length

#: Between items of one introduction chain: nothing, a space, 、 or 兼.
_JOIN = re.compile(r"^(?:|\s|、|/|兼|及| and )$")
#: How the posts that head a body end (秘书长, 党委书记, 办公室主任), unlike professions (工程师).
_HEAD_POST_ENDS = ("长", "书记", "主任", "主席", "总监", "总裁", "经理")


def head_posts(form: str) -> list[tuple[int, int]]:
    """Spans of the posts that head a body in ``form`` (秘书长, 主任), not professions: such a
    post ends the words before it (执行秘书长|中国电子学会), a profession may be part of a name
    (澳门工程师学会)."""
    return [(s, e) for s, e, t in title_list().find(lower_same_length(form))
            if t.endswith(_HEAD_POST_ENDS)]
#: The posts of a byline; the outlet before one may stand a space apart (经济日报 记者杨文琪).
REPORTERS = ("记者", "特约记者", "通讯员", "编辑", "摄影记者")
#: Between two titles, the second qualified: 副理事长兼联席秘书长.
_JOINT_POST = re.compile(r"兼(?:联席|常务|执行|首席|专职)")
#: Between an organization and a title: a department name (清华大学 + 计算机系 + 教授).
_DEPARTMENT = re.compile(
    r"^(?:|的|[\u4e00-\u9fffA-Za-z0-9]{1,14}?"
    r"(?:系|学院|研究院|研究所|所|中心|实验室|部|处|室|院|组|团队|事业部|分公司|办公室|科|"
    r"分会|专委会|委员会|支部|学部|学域|分院|党委)"
    # or a short field name before the title: 感知算法(负责人), 芯片设计(总监)
    r"|[^\W\d_的在和与及是为从对把被了将等][^\W_的在和与及是为从对把被了将等]{0,5})$"
)
_ORG_SUFFIX = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|公司|集团|股份|控股|研究院|研究所|大学|学院|医院|协会|学会|"
    r"实验室|研究中心|中心|委员会|执委会|管委会|政府|办公室|局|银行|省委|市委|区委|县委|党委|政协)$"
)
_ORG_BODY = re.compile(r"[\u4e00-\u9fffA-Za-z0-9][\u4e00-\u9fffA-Za-z0-9()]{1,29}$")
_PLACE_BEFORE_POST = re.compile(
    r"(?:^|[\s,，、。；;:：（(“\"])([\u4e00-\u9fff]{1,7}?(?:省|市|区|县))\Z"
)
#: Words that end a phrase before a place: 揭牌仪式由|诸城市 (not 和, which opens 和平区).
_BEFORE_PLACE = re.compile(r".*(?:由|的|与|及|在|为|请|邀|仪式|会议|活动)")
_LEAD_CUE = re.compile(
    r"^.*?(?:来自|现任|现为|曾任|历任|担任|出任|任职于|就职于|供职于|工作于|加盟|加入|邀请|包括|出席|"
    r"任|在|于|是|为|由|兼)"
)
#: A session number before a body: (第)十二届全国政协.
_SESSION = re.compile(r"^第?[一二三四五六七八九十百\d]{1,4}届")
_CV_VERB = re.compile(r"(?:现任|现为|任职于|就职于|供职于|工作于|担任|出任|任|加盟|加入)$")
_FORMER = re.compile(r"(?:曾任|历任|曾担任|曾就职于|曾在)")
_CHAIN_START_CUE = re.compile(r"(?:来自|邀请|邀请了|特邀|有请|请到|请出|介绍|欢迎)$")


#: Between two titles of one introduction, a second post at a unit (教授、联合实验室港方主任).
_SECOND_POST = re.compile(
    r"^(?:、|兼)[\u4e00-\u9fffA-Za-z0-9]{0,14}?"
    r"(?:实验室|中心|研究院|研究所|学院|委员会|协会|学会|联盟|办公室|部|处|局)"
    r"[\u4e00-\u9fff]{0,3}$"
)
#: An honour between a person's post and name: 中南大学教授、第二十四届…成果转化奖获得者梁步阁.
_AWARD_HOLDER = re.compile(r"、[^，,。；;、：:()（）]{2,40}?(?:奖|奖章|称号)(?:获得者|得主)")
#: Between two titles, what a post covers (党组书记、分管日常工作副主席).
_POST_SCOPE = re.compile(r"^、(?:分管|主管|兼管|协管)[\u4e00-\u9fff]{1,8}$")
#: A post taken, right after the name: 担任, 出任, 兼任, 受聘为 (曾担任 is a former post and
#: never follows the name directly).
_APPOINTED = re.compile(r"(?:担任|出任|兼任|受聘为|受聘担任|被任命为|任命为)")
#: A unit's name with nothing else in it, ending in its kind: 技术支撑部, 网员联络部.
_UNIT_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{1,18}(?:部|处|室|科|组|中心|办公室|委员会)")
#: Between two titles, a short word that qualifies the second (常委、财务总监, 副院长、分党组成员).
_POST_QUALIFIER = re.compile(r"^、[\u4e00-\u9fff]{1,3}$")
#: Last characters that make a qualifier a unit or a place instead (市委, 教育部, 本市).
_UNIT_OR_PLACE_END = frozenset("省市区县委部局院所会厅办处司校")


def _post_qualifier(gap: str) -> bool:
    """``、`` and a qualifier of the next post, not a name the recognizers missed (、王明) nor
    the place or unit of another post (山东省委常委、青岛市委书记; 省委常委、市委书记)."""
    if not _POST_QUALIFIER.fullmatch(gap) or is_place(gap[1:]) or gap[-1] in _UNIT_OR_PLACE_END:
        return False
    one, two = surnames()
    return gap[1] not in one and gap[1:3] not in two


#: An English honorific between a post and the name: HKUST President Prof Tony F Chan.
_EN_HONORIFIC = re.compile(r" ?(?:Prof|Professor|Dr|Mr|Ms|Mrs|Sir)\.? ")
#: After an English name, what opens its apposition: ", ", ". " (a list's "Albert Wong. CEO")
#: or a line break (a name line over its post line).
_EN_SEPARATOR = re.compile(r"[,.] |\n")
#: Where that apposition ends: a sentence end, a blank line, or the verb of the sentence.
_EN_CLAUSE_END = re.compile(
    # not the stop of an initial (U.S. Department), nor the participle of a post (newly appointed)
    r"(?<!\.[A-Z])\.\s|\n\n|;|(?<!newly)(?<!recently) "
    r"(?:[a-z]+ed|said|says|gave|spoke|is|was|has|had|will|shares|speaks)\b")
#: Between a title and its organization, or an organization and its parent.
_EN_LINK = re.compile(
    r"(?: \([^()]{1,30}\))?"
    r"(?: (?:of|for)(?: the)? [A-Z][A-Za-z&]*(?: (?:and |& )?[A-Z][A-Za-z&]*){0,4})?"
    rf"(?: of| at| in| with|,)(?: the| The)? | | and (?:former |[a-z]+ )?|, (?:and )?|/"
    rf"|['’]s {EN_POST_ADJECTIVES}"
    # dean of engineering at Yale
    r"| (?:of|in) [A-Za-z]+(?: (?:and )?[A-Za-z]+){0,2} (?:at|with) (?:the |The )?"
    # a programme or department between post and organization: Director, X Programs, ASME
    r"|, [A-Z][^,;()\n]{2,60}, (?:the )?")
#: Words that qualify a post between a name's comma and the post: "interim Executive
#: Chairman", "current scientific adviser", "Research Professor", "General Secretary". Not a
#: verb, a preposition or a former post's word (former, ex-).
_EN_POST_QUALIFIERS = re.compile(
    r"(?=.)(?:(?:a|an|the) )?(?:(?!(?:who|which|that|is|was|has|had|will|and|or|of|at|in|on|"
    r"for|with|to|by|from|as|former|ex|then|once)\b)[A-Za-z][\w.-]* {1,2}){0,3}"
    r"(?:(?!ex-)[a-z]+-)?")  # non-executive chairman
#: After an organization that makes up a name's whole apposition, to the end of its line:
#: "Deirdre Hanford, Natcast", "Grace Hung, Taipei Times".
_EN_ORG_LINE_END = re.compile(r"[ .]*(?:\n|\Z)")
#: Between an organization and its post: "Acme President", "Acme's newly appointed Chairman".
_EN_ORG_TO_POST = re.compile(rf"(?:['’]s)? {EN_POST_ADJECTIVES}")
#: Between the appointed name and the post: "… as its new", ", president of X, as", "to the".
_EN_TO_POST = re.compile(
    r"(?:, [^.;]{1,120}?,(?= as\b| to\b))?(?: to serve)?"
    r"(?: as| to be| to the (?:post|position|role) of| to)?"
    r"(?: its| the| a| an| their)?(?: \d{4})?"  # as its 2020 Chair
    # as the company's CEO, as the organization's new president
    r"(?: (?:company|organization|organisation|association|firm|group|society|institute)['’]s)?"
    rf" {EN_POST_ADJECTIVES}")
#: Between two posts given at once: "President and CEO", "Chairman, President & CEO".
_EN_POST_AND = re.compile(r" and |, (?:and )?| & |/")
#: Between the posts and the organization that has them: "CEO of", "director at the".
_EN_POST_OF = re.compile(r"(?: of| at| for)(?: the)? ")
#: A seat on an organization's board: "to the board of directors of", "to the".
_EN_BOARD_OF = re.compile(
    r" to (?:the|its) [Bb]oard(?: of (?:[Dd]irectors|[Tt]rustees|[Aa]dvisors))?(?:(?: of| at)"
    r"(?: the)? |\b)")
#: After a name, the company they join: "Jane Doe, 52, joins (the)".
_EN_JOINS = re.compile(r"[^.;\n]{0,40}?\b(?:joins|joined|join) (?:the )?")
#: Where a sentence begins, looking back from a name: a sentence end or a line break (not
#: the dotted initial of Michael R. Polcari, nor the stop of Dr. / Mr. / Ms. / Mrs. / Prof. /
#: St.).
_EN_SENTENCE_BREAK = re.compile(r"(?<![A-Z])(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bProf)"
                                r"(?<!\bSt)[.!?;]\s|\n")


def _without_next_introduction(text: str, clause: list[Mention]) -> list[Mention]:
    """Cut an English apposition before the posts that introduce the next person:
    ``Susan Hockfield, Raytheon chairman and CEO William H. Swanson``."""
    nxt = next((i for i, m in enumerate(clause) if m.label == PERSON), None)
    if nxt is None:
        return clause
    cut = nxt
    while cut > 0 and clause[cut - 1].label in (ORG, TITLE) and re.fullmatch(
            r" (?:and )?(?:(?:Prof|Professor|Dr|Mr|Ms|Mrs|Sir)\.? )?",
            _gap(text, clause[cut - 1], clause[cut])):
        cut -= 1
    return clause[:cut]


#: Between two introductions of one list: 、 or a comma.
_LIST_SEPARATOR = frozenset({"、", ",", "，"})


def _listed_under(
    text: str, person: Mention, affs: list[Affiliation], running: _Running | None
) -> tuple[list[Affiliation], _Running | None]:
    """Posts listed after a unit's first introduction belong to that unit:
    ``南山控股董事长宋作文、副董事长宋英豪、执行董事程仁策`` (all at 南山控股), and names
    listed under one post share it: ``公司领导张亚、蒋世杰、吴常念``.

    ``running`` is where the previous introduction ended, the unit it named and the posts
    before its name (when nothing came after it); the result is this person's affiliations
    and what the next person may inherit.
    """
    own = [a for a in affs if a.org is not None and a.org.end <= person.start]
    titles = [t for a in affs for t in a.titles]
    after = [t for t in titles if t.start >= person.end]
    before = [t for t in titles if t.end <= person.start]
    end = max([person.end, *(t.end for t in after)])
    if own:
        org = own[-1].org
        shared = [] if after else [t for t in own[-1].titles if t.end <= person.start]
        return affs, _Running(end, org, shared)  # type: ignore[arg-type]
    if running is None or any(a.org is not None for a in affs):
        return affs, None
    if not affs:
        if text[running.end : person.start] != "、" or not running.titles:
            return affs, None
        inherited = Affiliation(person, running.org, list(running.titles), 0.55,
                                "list: org title name、name")
        return [inherited], _Running(person.end, running.org, running.titles)
    if not before:
        return affs, None
    first = text[before[0].start : before[0].end]
    if normalize_name(first) in honorifics() or first.endswith("院士"):
        return affs, None  # 中国工程院院士、学会常务理事刘加平: an honour opens a new guest
    if text[running.end : min(t.start for t in before)] not in _LIST_SEPARATOR:
        return affs, None
    inherited = Affiliation(person, running.org, titles, 0.6, "list: org title name、title name")
    return [inherited], _Running(end, running.org, [] if after else before)


#: Between two entries of an English list of posts and names: a comma, maybe "and".
_EN_LIST_GAP = re.compile(r",? (?:and |as well as )?|, ")


def _share_from(text: str, items: list[Mention],
                listed: list[tuple[Mention, list[Affiliation]]]) -> None:
    """``Secretary Wang Hongrui, President Fu Guangsheng, Vice President Yang Xuexin from
    Hebei University``: the entries before the last one, with their posts and no unit of their
    own, are from the unit too (in place)."""
    for i in range(len(listed) - 1, 0, -1):
        person, affs = listed[i]
        source = next((a for a in affs if a.pattern == "name at org" and a.org
                       and " from " in text[person.end : a.org.start]), None)
        if source is None:
            continue
        for j in range(i - 1, -1, -1):
            prev, prev_affs = listed[j]
            nxt = listed[j + 1][0]
            between = [m for m in items if prev.end <= m.start and m.end <= nxt.start]
            if any(m.label != TITLE for m in between) or any(a.org for a in prev_affs):
                break
            gaps = [text[a.end : b.start] for a, b in
                    itertools.pairwise([prev, *between, nxt])]
            if not _EN_LIST_GAP.fullmatch(gaps[0]) or any(g != " " for g in gaps[1:]) \
                    or not between:
                break
            titles = [t for a in prev_affs for t in a.titles]
            listed[j] = (prev, [Affiliation(prev, source.org, titles, 0.55,
                                            "list: title name, … from org")])


@dataclass(slots=True)
class _Running:
    """The introduction a list's next entry may continue (see :func:`_listed_under`)."""

    end: int
    org: Mention
    titles: list[Mention]


#: Titles that start with their unit's kind: 中心主任, 实验室主任, 系主任.
_UNIT_TITLE = re.compile(r"(?:中心|实验室|系)(?=.)")


def _gap(text: str, a: Mention, b: Mention) -> str:
    return re.sub(r"  +", " ", text[a.end : b.start])


#: Punctuation that ends a clause (a taken post does not reach over it).
_CLAUSE_PUNCTUATION = re.compile(r"[,，、。；;：:\n]")


def _taken_post(text: str, items: list[Mention], i: int) -> bool:
    """Whether ``items[i]`` is in the post an earlier person takes in the same clause
    (韩伟担任技术支撑部部长: 技术支撑部, 部长 are 韩伟's)."""
    for item in reversed(items[:i]):
        if _CLAUSE_PUNCTUATION.search(text, item.end, items[i].start):
            return False
        if item.label == PERSON:
            return bool(_APPOINTED.match(text, item.end))
    return False


def _org_before(text: str, pos: int, floor: int) -> Mention | None:
    """An organization named by its suffix just before ``pos`` (no NER mention there).

    The name must start at a clear boundary: punctuation, the start of the text, the previous
    mention, or after a cue word such as 来自 / 现任 that the match then leaves out.
    """
    low = max(floor, pos - 30)
    window = text[low:pos]
    if not _ORG_SUFFIX.search(window):
        return None
    body = _ORG_BODY.search(window)
    if body is None:
        return None
    name = body.group()
    cue = _LEAD_CUE.search(name)
    if cue:
        name = name[cue.end() :]
    elif session := _SESSION.match(name):
        name = name[session.end() :]
    elif body.start() == 0 and low > floor and low > 0:
        return None  # the run goes on further back: no clear start
    # a post inside the run ends the previous introduction: 执行秘书长|中国电子学会(副秘书长)
    ends = [e for _, e in head_posts(name) if e < len(name)]
    if ends:
        name = name[ends[-1] :]
    if len(name) < 4:
        return None
    return Mention(pos - len(name), pos, ORG, "pattern", 0.6)


def _government_before(text: str, title: Mention, floor: int) -> Mention | None:
    """The government a 副省长 / 市长 works for, named by its place just before the post."""
    if (title.ref or "") not in GOVERNMENT_POSTS:
        return None
    m = _PLACE_BEFORE_POST.search(text, max(floor, title.start - 9), title.start)
    if m is None:
        return None
    start = m.start(1)
    if not is_place(m.group(1)) and (cue := _BEFORE_PLACE.search(m.group(1))):
        start += cue.end()  # 揭牌仪式由|诸城市副市长
    if m.end(1) - start < 2:
        return None
    place = text[start : m.end(1)]
    return Mention(start, m.end(1), ORG, "post", 0.7, ref=place + "人民政府")


def _seat_body(title: Mention) -> Mention | None:
    """The body a seat names, as an organization over the seat's own words."""
    body = SEAT_BODIES.get(title.ref or "")
    return None if body is None else Mention(title.start, title.end, ORG, "post", 0.7, ref=body)


def _is_honour(text: str, org: Mention | None, title: Mention) -> bool:
    honours = honorifics()
    if normalize_name(title.ref or "") in honours and (title.ref or "") != "院士":
        return True
    if org is None:
        return False
    return normalize_name(text[org.start : title.end]) in honours


#: Bodies every unit has, named bare after the unit's posts: its own body (科协主席).
_OWN_BODIES = frozenset({"科协", "工会", "团委", "妇委会", "纪委", "党委", "党组", "学术委员会"})


def _groups(text: str, chain: list[Mention]) -> list[tuple[Mention | None, list[Mention]]]:
    """Split a chain of ORG/TITLE items into (organization, titles) groups."""
    groups: list[tuple[Mention | None, list[Mention]]] = []
    org: Mention | None = None
    titles: list[Mention] = []
    honours = honorifics()
    own_body: Mention | None = None
    for item in chain:
        if own_body is not None and item.label == TITLE and item.start == own_body.end:
            # 中国联通党组书记、董事长、科协主席: a post in the company's own 科协
            item = Mention(own_body.start, item.end, TITLE, item.source, item.confidence,
                           ref=text[own_body.start : own_body.end] + (item.ref or ""))
        own_body = None
        if item.label == ORG and org is not None and titles and \
                text[item.start : item.end] in _OWN_BODIES and text[item.start - 1] == "、":
            own_body = item
        elif item.label == ORG:
            if org is not None or titles:
                groups.append((org, titles))
            org, titles = item, []
        elif org is not None and titles and normalize_name(
                text[org.start : titles[-1].end]) in honours:
            # 中国工程院院士、常务理事: the honour closes its academy's group
            groups.append((org, titles))
            org, titles = None, [item]
        else:
            titles.append(item)
    if org is not None or titles:
        groups.append((org, titles))
    return groups


def _affiliations_from_groups(
    text: str,
    person: Mention,
    groups: list[tuple[Mention | None, list[Mention]]],
    confidence: float,
    pattern: str,
) -> list[Affiliation]:
    out: list[Affiliation] = []
    loose_titles: list[Mention] = []
    for org, titles in groups:
        honours = [t for t in titles if _is_honour(text, org, t)]
        if honours and org is not None and len(honours) == len(titles):
            # 中国工程院院士: the whole "org + title" is the honour.
            loose_titles.append(Mention(org.start, titles[-1].end, TITLE, "pattern", confidence,
                                        ref=text[org.start : titles[-1].end]))
            continue
        if org is None:
            loose_titles.extend(titles)
            continue
        out.append(Affiliation(person, org, list(titles), confidence, pattern))
    if loose_titles:
        if out:
            out[0].titles = [*loose_titles, *out[0].titles]
        else:
            out.append(Affiliation(person, None, loose_titles, confidence, pattern))
    return out


class AffiliationParser:
    """Finds :class:`Affiliation` s in a chunk from its PERSON, ORG and TITLE mentions."""

    def parse(self, text: str, mentions: list[Mention]) -> list[Affiliation]:
        items = [m for m in mentions if m.label in (PERSON, ORG, TITLE)
                 and not (m.label == PERSON and not_a_name(text, m))]
        items.sort(key=lambda m: m.start)
        items = self._orgs_named_by_suffix(text, items)
        found: list[Affiliation] = []
        running: _Running | None = None  # the introduction a next list entry continues
        listed: list[tuple[Mention, list[Affiliation]]] = []
        for k, person in enumerate(items):
            if person.label != PERSON:
                continue
            affs = self._for_person(text, items, k)
            affs, running = _listed_under(text, person, affs, running)
            listed.append((person, affs))
        _share_from(text, items, listed)
        for _, affs in listed:
            found.extend(affs)
        return found

    def _orgs_named_by_suffix(self, text: str, items: list[Mention]) -> list[Mention]:
        """Add ORG mentions the recognizers missed right before a title (某某科技有限公司总经理)."""
        out: list[Mention] = []
        for item in items:
            # a unit just before (北京某某中心软件部主任), not one of the previous guest
            near_org = out and out[-1].label == ORG and item.start - out[-1].end <= 15 and \
                not re.search(r"[,，、。；;]", text[out[-1].end : item.start])
            floor = out[-1].end if out else 0
            org = None
            if item.label == TITLE and not near_org:
                org = _seat_body(item) or _org_before(text, item.start, floor) or \
                    _government_before(text, item, floor)
                unit = _UNIT_TITLE.match(item.ref or "")
                if org is None and unit and text[item.start : item.start + unit.end()] == \
                        unit.group() and (org := _org_before(text, item.start + unit.end(), floor)):
                    # 建筑科技创新中心主任: the title list's 中心主任 holds the unit's 中心
                    item = Mention(org.end, item.end, TITLE, item.source, item.confidence,
                                   ref=(item.ref or "")[unit.end() :])
            elif item.label == PERSON and text[item.start - 1 : item.start] == " " and not (
                out and out[-1].label == ORG and out[-1].end == item.start - 1
            ):
                # a list line: 中国管理科学学会 张晓东 秘书长
                org = _org_before(text, item.start - 1, floor)
            if org is not None:
                out.append(org)
            out.append(item)
        return out

    def _for_person(self, text: str, items: list[Mention], k: int) -> list[Affiliation]:
        person = items[k]
        out: list[Affiliation] = []
        # Titles right after the name: 张三教授, 李四 研究员.
        after: list[Mention] = []
        j = k + 1
        last = person
        while (
            j < len(items) and items[j].label == TITLE and _gap(text, last, items[j]) in ("", " ")
        ):
            after.append(items[j])
            last = items[j]
            j += 1
        before = self._chain_before(text, items, k)
        if before is not None:
            chain, confidence, pattern = before
            out.extend(
                _affiliations_from_groups(text, person, _groups(text, chain), confidence, pattern)
            )
        bracket = self._bracket_after(text, items, last, j)
        if bracket:
            out.extend(_affiliations_from_groups(text, person, bracket, 0.85, "name(org title)"))
        if not any(a.org for a in out) and (english := self._english_bracket(text, items, last)
                                              or self._english(text, items, k)):
            english[0].titles = [t for a in out for t in a.titles] + english[0].titles
            out = english
        out.extend(self._appointed(text, items, person, j, last))
        named = {a.org.start for a in out if a.org}
        out.extend(a for a in self._en_appointment(text, items, k)
                   if a.org and a.org.start not in named)
        if not any(a.org for a in out):
            said = self._copula(text, items, person, j, last) or self._pipe_list(text, items, k)
            if said:
                said[0].titles = [t for a in out for t in a.titles] + said[0].titles
                out = said
        if not out:
            cv = self._cv_style(text, items, k)
            if cv:
                out.extend(cv)
        if after:
            if out:
                out[0].titles = [*out[0].titles, *after]
            else:
                out.append(Affiliation(person, None, after, 0.8, "name title"))
        return out

    def _chain_before(
        self, text: str, items: list[Mention], k: int
    ) -> tuple[list[Mention], float, str] | None:
        person = items[k]
        chain: list[Mention] = []
        i = k - 1
        nxt = person
        while i >= 0:
            item = items[i]
            if item.label == PERSON:
                break
            gap = _gap(text, item, nxt)
            if nxt is person:
                ok = gap in ("", " ") or (gap == "的" and item.label == ORG) or bool(
                    _EN_HONORIFIC.fullmatch(gap)) or (
                    item.label == TITLE and bool(_AWARD_HOLDER.fullmatch(gap)))
            elif item.label == ORG and nxt.label == TITLE:
                # 清华大学计算机系教授; MIT president, McMaster's Dean
                ok = bool(_DEPARTMENT.fullmatch(gap)) or (
                    gap in (" ", "'s ", "’s ") and text[item.end - 1 : item.end].isascii()) or (
                    gap == " " and text.startswith(REPORTERS, nxt.start))
            elif item.label == TITLE and nxt.label == TITLE:
                ok = bool(_JOIN.fullmatch(gap) or _SECOND_POST.fullmatch(gap)
                          or _JOINT_POST.fullmatch(gap))
                if not ok and (_POST_SCOPE.fullmatch(gap) or _post_qualifier(gap)
                               or (gap[:1] == "、" and gap[1:] in _OWN_BODIES)):
                    # the scope belongs to the post: 分管日常工作副主席, 财务总监, 分党组成员,
                    # 工会主席 (the unit's own body)
                    ok, scope = True, gap[1:]
                    chain[0] = Mention(nxt.start - len(scope), nxt.end, TITLE, nxt.source,
                                       nxt.confidence, ref=scope + (nxt.ref or ""))
            else:
                ok = bool(_JOIN.fullmatch(gap))
            if ok and item.label == TITLE and i > 0 and items[i - 1].label == PERSON and _gap(
                    text, items[i - 1], item) in ("", " "):
                ok = False  # 常进院士、…局长王笃金: 院士 is the previous guest's
            if ok and _taken_post(text, items, i):
                ok = False  # 韩伟担任技术支撑部部长、…吴海华: the post 韩伟 takes
            if not ok:
                break
            chain.insert(0, item)
            nxt = item
            i -= 1
        if not chain:
            return None
        cue = text[max(0, chain[0].start - 4) : chain[0].start]
        if _CHAIN_START_CUE.search(cue):
            return chain, 0.9, "cue org title name"
        if all(m.label == ORG for m in chain):
            # 清华大学张三 alone is weak unless a title follows the name (清华大学张三教授).
            nxt_title = k + 1 < len(items) and items[k + 1].label == TITLE and _gap(
                text, person, items[k + 1]
            ) in ("", " ")
            return (chain, 0.8, "org name title") if nxt_title else (chain, 0.55, "org name")
        return chain, 0.9, "org title name"

    def _bracket_after(
        self, text: str, items: list[Mention], last: Mention, j: int
    ) -> list[tuple[Mention | None, list[Mention]]] | None:
        rest = text[last.end : last.end + 1]
        if rest in ("(",):
            close = text.find(")", last.end, last.end + 60)
            if close < 0:
                return None
            inner = [m for m in items[j:] if m.end <= close]
            ends = close
        elif rest in (",", "，"):
            # Apposition: 张三，清华大学教授，… — the clause must be just "org title(s)".
            stop = re.search(r"[,，。；;:：)\n]", text[last.end + 1 : last.end + 60])
            ends = last.end + 1 + (stop.start() if stop else 59)
            inner = [m for m in items[j:] if m.end <= ends]
            if not inner or inner[0].start != last.end + 1 or inner[-1].label != TITLE:
                return None
            if any(m.label == PERSON for m in inner):
                return None  # 杨卫院士，中国科技大学郭光灿院士: the next person's introduction
            if ends - inner[-1].end > 0:
                return None
        else:
            return None
        inner = [m for m in inner if m.label in (ORG, TITLE)]
        if not inner or not any(m.label == TITLE for m in inner):
            return None
        for a, b in itertools.pairwise(inner):
            gap = _gap(text, a, b)
            if not (_JOIN.fullmatch(gap) or (a.label == ORG and _DEPARTMENT.fullmatch(gap))):
                return None
        return _groups(text, inner)

    def _copula(self, text: str, items: list[Mention], person: Mention, j: int,
                last: Mention) -> list[Affiliation]:
        """``赵昕博士是上海交通大学的副教授,芯宿科技的联合创始人``: each org + title it says."""
        if text[last.end : last.end + 1] != "是":
            return []
        out: list[Affiliation] = []
        pos = last.end + 1
        while j + 1 < len(items):
            org, title = items[j], items[j + 1]
            if org.label != ORG or title.label != TITLE or org.start != pos:
                break
            if _gap(text, org, title) not in ("", "的"):
                break
            out.append(Affiliation(person, org, [title], 0.75, "name is org title"))
            j += 2
            if text[title.end : title.end + 1] not in (",", "，", "、"):
                break
            pos = title.end + 1
        return out

    def _appointed(self, text: str, items: list[Mention], person: Mention, j: int,
                   last: Mention) -> list[Affiliation]:
        """``…秘书长韩伟担任技术支撑部部长``: a post the person takes (now, not 曾担任), besides
        the one that introduced them."""
        verb = _APPOINTED.match(text, last.end)
        if verb is None or j >= len(items):
            return []
        org = items[j]
        if org.label == ORG and org.start > verb.end() and _UNIT_NAME.fullmatch(
                text, verb.end(), org.end):
            org = dataclasses.replace(org, start=verb.end())  # 担任网员|联络部部长
        if org.label == TITLE and _UNIT_NAME.fullmatch(text, verb.end(), org.start):
            # a department the recognizers left out: 担任技术支撑部部长
            org, title = Mention(verb.end(), org.start, ORG, "pattern", 0.6), org
        elif j + 1 < len(items):
            title = items[j + 1]
        else:
            return []
        if org.label != ORG or title.label != TITLE or org.start != verb.end() or _gap(
                text, org, title) not in ("", "的"):
            return []
        return [Affiliation(person, org, [title], 0.75, "name takes org title")]

    def _pipe_list(self, text: str, items: list[Mention], k: int) -> list[Affiliation]:
        """A guest list ``王嘯|九合創投 創始人``: name, bar, organization, space, title."""
        person = items[k]
        if text[person.end : person.end + 1] not in ("|", "丨", "｜"):
            return []
        space = text.find(" ", person.end + 1, person.end + 32)
        nxt = next((m for m in items[k + 1 :] if m.start >= space + 1), None) if space > 0 \
            else None
        if nxt is None or nxt.label != TITLE or nxt.start != space + 1:
            return []
        name = text[person.end + 1 : space]
        if len(name) < 2 or re.search(r"[,，。；;:：、|丨｜]", name):
            return []
        org = Mention(person.end + 1, space, ORG, "pattern", 0.7)
        return [Affiliation(person, org, [nxt], 0.75, "name|org title")]

    def _english_bracket(self, text: str, items: list[Mention], last: Mention
                         ) -> list[Affiliation]:
        """``Dr. Rocky Lam (President, CityU EngD Society)``, roles apart by ``;``: each role
        is titles, a comma, then the organization (its last recognized one, or all of it)."""
        person = next(m for m in items if m.label == PERSON and m.end <= last.end
                      and m.start >= last.start - 80 and m.end == last.end) \
            if last.label == PERSON else None
        opening = last.end + (1 if text[last.end : last.end + 1] == " " else 0)
        if person is None or text[opening : opening + 1] != "(":
            return []
        depth, close = 0, -1
        for i in range(opening, min(len(text), opening + 160)):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                close = i
                break
        if close < 0 or not re.search(r"[A-Za-z]", text[opening:close]):
            return []
        out: list[Affiliation] = []
        start = opening + 1
        for role in text[opening + 1 : close].split(";"):
            comma = role.find(", ")
            role_start, start = start, start + len(role) + 1
            if comma < 0:
                continue
            cut = role_start + comma
            titles = [m for m in items if m.label == TITLE and role_start <= m.start
                      and m.end <= cut]
            org_start = cut + 2
            org_end = role_start + len(role.rstrip())
            if not titles or not text[org_start : org_start + 1].isupper():
                continue
            inside = [m for m in items if m.label == ORG and org_start <= m.start
                      and m.end <= org_end]
            org = inside[-1] if inside else Mention(org_start, org_end, ORG, "pattern", 0.7)
            out.append(Affiliation(person, org, titles, 0.8, "name (title, org)"))
        return out

    def _english(self, text: str, items: list[Mention], k: int) -> list[Affiliation]:
        """``Wang Ming, Chief Engineer of X``, a speaker list's ``Albert Wong. CEO, X`` or name
        line over post line, ``Tony Chan, HKUST President,`` and ``Professor Liu's team at X``.
        """
        person = items[k]
        sep = _EN_SEPARATOR.match(text, person.end)
        if sep is not None:
            end = _EN_CLAUSE_END.search(text, sep.end())
            clause = [m for m in items[k + 1 :] if m.start >= sep.end()
                      and m.end <= (end.start() if end else len(text))]
            clause = _without_next_introduction(text, clause)
            opens = clause and (clause[0].start == sep.end() or (
                clause[0].label == TITLE
                and _EN_POST_QUALIFIERS.fullmatch(text, sep.end(), clause[0].start)))
            if opens and (found := self._posts_in(text, person, clause)):
                return found
            if (clause and clause[0].label == ORG and clause[0].start == sep.end()
                    and text[sep.start()] == "," and _EN_ORG_LINE_END.match(text, clause[0].end)):
                return [Affiliation(person, clause[0], [], 0.6, "name, org")]
        rest = items[k + 1 : k + 2]
        if rest and rest[0].label == ORG and re.fullmatch(
            r"(?:'s team|'s group|'s lab)? (?:at|of|from) (?:the )?", _gap(text, person, rest[0])
        ):
            return [Affiliation(person, rest[0], [], 0.6, "name at org")]
        return []

    def _en_appointment(self, text: str, items: list[Mention], k: int) -> list[Affiliation]:
        """The post an English appointment sentence gives: ``Acme names Jane Doe (, its CFO,)
        as president and CEO``, ``… the election of Jane Doe as chair of X``, ``Jane Doe has
        been appointed Acme's Chairman``, ``… elected to the board of X``, ``Jane Doe joins
        Acme as CTO``. With no organization named after the posts, "Acme names" is Acme's."""
        person = items[k]
        if not text[person.start : person.end].isascii():
            return []
        begin = max((b.end() for b in _EN_SENTENCE_BREAK.finditer(text, 0, person.start)),
                    default=0)
        verb = EN_APPOINTING.search(text, max(begin, person.start - 40), person.start)
        subject = None
        if verb is not None:
            before = [m for m in items[:k] if m.start >= begin and m.end <= verb.start()]
            orgs = [m for m in before if m.label == ORG]
            if orgs and not any(m.label == PERSON and m.start > orgs[0].end for m in before):
                subject = orgs[0]
        passive = EN_PASSIVE_APPOINTMENT.match(text, person.end)
        if verb is None and passive is None:
            return []
        after = [m for m in items[k + 1 :] if m.label in (ORG, TITLE, PERSON)]
        joins = _EN_JOINS.match(text, person.end)
        if joins and after and after[0].label == ORG and after[0].start == joins.end():
            org = after[0]
            to = _EN_TO_POST.match(text, org.end)
            titles = self._en_posts_at(text, after[1:], to.end() if to else -1)
            return [Affiliation(person, org, titles[0] if titles else [], 0.7, "joins org")]
        pos = passive.end() if passive and verb is None else person.end
        board = _EN_BOARD_OF.match(text, pos)
        if board:
            org = next((m for m in after if m.label == ORG and m.start == board.end()), None)
            org = org or (subject if text.startswith(" to its", pos) else None)
            return [Affiliation(person, org, [], 0.7, "appointed to org's board")] if org else []
        to = _EN_TO_POST.match(text, pos)
        if to is None:
            return []
        nxt = next((m for m in after if m.start >= to.end()), None)
        if nxt is not None and nxt.label == ORG and nxt.start == to.end() and (
                own := _EN_ORG_TO_POST.match(text, nxt.end)):
            titles = self._en_posts_at(text, after, own.end())
            if titles:
                return [Affiliation(person, nxt, titles[0], 0.7, "appointed org's post")]
        found = self._en_posts_at(text, after, to.end())
        if not found:
            return []
        titles, end = found
        of = _EN_POST_OF.match(text, end)
        org = next((m for m in after if m.label == ORG and of and m.start == of.end()), None)
        # "of" and no organization: a field (vice president of operations), the subject's
        org = org or (subject if not of or not text[of.end() : of.end() + 1].isupper() else None)
        return [Affiliation(person, org, titles, 0.7, "appointed post of org")] if org else []

    @staticmethod
    def _en_posts_at(text: str, items: list[Mention], pos: int
                     ) -> tuple[list[Mention], int] | None:
        """The run of titles that starts at ``pos`` (President and CEO) and where it ends."""
        titles: list[Mention] = []
        for m in items:
            if m.start < pos:
                continue
            if m.label != TITLE or (titles and not _EN_POST_AND.fullmatch(text, titles[-1].end,
                                                                          m.start)):
                break
            if not titles and m.start != pos:
                break
            titles.append(m)
        return (titles, titles[-1].end) if titles else None

    @staticmethod
    def _posts_in(text: str, person: Mention, clause: list[Mention]) -> list[Affiliation]:
        """Posts and their organizations in an English apposition: each organization takes the
        titles before it; one right after an organization (Department X, University Y) is its
        parent; a title right after an organization (HKUST President) is a post there."""
        out: list[Affiliation] = []
        titles: list[Mention] = []
        prev: Mention | None = None
        for item in clause:
            if item.label == PERSON:
                break
            if item.label not in (ORG, TITLE):
                continue
            gap = _gap(text, prev, item) if prev else ""
            if prev is not None and not _EN_LINK.fullmatch(gap):
                break
            if item.label == TITLE:
                if prev is not None and prev.label == ORG and _EN_ORG_TO_POST.fullmatch(gap) \
                        and not titles \
                        and not any(a.org is prev for a in out):
                    out.append(Affiliation(person, prev, [item], 0.75, "name, org title"))
                else:
                    titles.append(item)
            elif titles:
                out.append(Affiliation(person, item, titles, 0.75, "name, title of org"))
                titles = []
            elif prev is not None and prev.label == ORG and out and out[-1].org is prev:
                out.append(Affiliation(person, item, [], 0.7, "name, title of org, parent"))
            prev = item
        return out

    def _cv_style(self, text: str, items: list[Mention], k: int) -> list[Affiliation]:
        """``张三，男，……现任某公司总经理``: the sentence's only person holds the post."""
        person = items[k]
        out: list[Affiliation] = []
        for i in range(k + 1, len(items) - 1):
            org, title = items[i], items[i + 1]
            between = text[person.end : org.start]
            if org.label == PERSON or title.label == PERSON:
                break
            if SENTENCE_END.search(between):
                break
            if org.label != ORG or title.label != TITLE:
                continue
            if not _DEPARTMENT.fullmatch(_gap(text, org, title)):
                continue
            lead = text[max(person.end, org.start - 4) : org.start]
            if not _CV_VERB.search(lead) and not _FORMER.search(lead):
                continue
            former = bool(_FORMER.search(lead))
            aff = Affiliation(person, org, [title], 0.6, "cv former" if former else "cv")
            out.append(aff)
        return out
