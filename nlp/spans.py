"""Span repairs shared by the affiliation parser and the assembler: what a recognizer's
PERSON or ORG span really covers (edge punctuation, glued verbs and titles, cut suffixes), and
spans that name nobody (a department tail taken for a person, 本校, a protocol)."""

from __future__ import annotations

import dataclasses
import re

from graphmap.normalize import is_place
from nlp.lexicon import technologies, titles
from nlp.mentions import ORG, PERSON, TECH, Mention
from nlp.text import lower_same_length

#: The end of a department name (…工程学系) that a recognizer took for a person (程学系).
_DEPARTMENT_TAIL = re.compile(r"(?:学系|系|学院)$")


def not_a_name(text: str, m: Mention) -> bool:
    """A PERSON mention that is the tail of a department name glued to the word before it."""
    return (m.start > 0 and "\u4e00" <= text[m.start - 1] <= "\u9fff"
            and bool(_DEPARTMENT_TAIL.search(text, m.start, m.end)))


_EDGE_JUNK = " \t\r\n\u3000*#>-_|·•,，。、;；:：!！?？'\"“”‘’「」『』《》【】"
#: Words glued to the end of an organization name by the recognizers (…研究所在, …公司协办).
_ORG_TAIL = re.compile(
    r"(?:公司|集团|大学|学院|研究所|研究院|中心|协会|学会|医院|银行|实验室|联合体|秘书处|科协|政府|"
    r"委员会|联盟|基金会)"
    r"(在|于|和|与|及|等|的|主办|承办|协办|联合主办|指导|支持|倡议|组织|网站|供稿|举办|发布|表示|介绍|"
    r"开展|召开|举行|出席|等主办|等承办|等协办|等单位)$"
    r"|科协(会|将|要|还|也)$"  # 市科协会把大家的建议……: the modal verb, not 协会
)
#: Words glued before an organization's name: a former unit (原|摩擦学国家重点实验室) and a
#: role in an event (协办单位|德中科技联盟). Not 原子…, 原料…, 原创….
_ORG_HEAD = re.compile(
    r"原(?![子料始创生油本理来则因型形野])|(?:主办|承办|协办|支持|指导|合作|参与|成员|发起)单位(?:为|是|有)?"
)
#: How organization names end (a unit word), for span repairs.
_UNIT_END = re.compile(
    r"(?:公司|集团|大学|学院|研究所|研究院|所|院|中心|协会|学会|科协|医院|银行|实验室|联合体|"
    r"秘书处|委员会|部|局|厅|处|办公室|基金|联盟|省委|市委|区委|县委|党委|委|政协|政府|科技|股份|"
    r"资本|创投|会)$"  # 会: 国发会(主委), 工总会; one character never grows a span (see org_span)
)
#: Posts of a local government: the place before one names its government (广东省副省长 ->
#: 广东省人民政府); a recognizer may glue it to the place (山东省省长).
GOVERNMENT_POSTS = frozenset(
    {"省长", "副省长", "市长", "副市长", "区长", "副区长", "县长", "副县长"})
#: Seats that name the body they sit in: 立委 / 立法委员 sit in 立法院, 立法会议员 in 立法会,
#: 全国人大代表 in 全国人大, 全国政协委员 in 全国政协.
SEAT_BODIES = {"立委": "立法院", "立法委员": "立法院", "立法会议员": "立法会",
               "全国人大代表": "全国人大", "全国政协委员": "全国政协"}
#: Party bodies of a unit, longest first (分党组 before 党组): 南京大学党委, 中国科协党组. Part of
#: the unit's name as written; the unit is who a member works for.
PARTY_BODIES = ("分党组", "党工委", "党总支", "党支部", "党委", "党组", "纪委")


def party_body_start(name: str) -> int | None:
    """Where the party body that ends ``name`` starts (南京大学党委 -> 4), or ``None``."""
    body = next((b for b in PARTY_BODIES if name.endswith(b)), None)
    return None if body is None else len(name) - len(body)


#: A school's or company's own reference to itself, not a name: 本校, 校科协, 我院, 公司党委.
_SELF_REFERENCE = re.compile(r"(?:我|本|该)?(?:校|院|所|公司)(?:科协|党委|团委|工会)?")
#: An event glued to the organization that holds it (…联盟成立大会, …协会年会).
_EVENT_TAIL = re.compile(r"(?:成立大会|成立仪式|揭牌仪式|签约仪式|年会|大会|论坛|峰会|年度会议)$")
_NOT_ORG_END = re.compile(r"(?:协议|规范|标准|接口)$")
_LATIN_ONLY = re.compile(r"[A-Za-z0-9]{1,6}")
#: A technology word after a Latin acronym makes it a term, not an organization (BEV感知,
#: SLAM算法); before other words it stays one (NASA宣布, FIFA主席).
_TECH_WORD_AFTER = re.compile(
    r"感知|算法|芯片|模型|通信|协议|技术|架构|系统|平台|框架|接口|标准|网络|传感|编码|模组|方案|"
    r"引擎|工具|数据|图像|视觉|控制|检测|识别|定位|导航|雷达|器件|材料|工艺|总线|模块|测试")
_NAME_BREAK = re.compile(r"[\n\t,，。、;；:：!！?？（）()\[\]【】「」“”\"'《》]|[\u4e00-\u9fff]\s")


def trim_mention(form: str, m: Mention) -> Mention | None:
    """Drop edge punctuation and glued words; drop PERSON/ORG mentions left too short."""
    if m.label == TECH:
        return m
    start, end = m.start, m.end
    while start < end and form[start] in _EDGE_JUNK:
        start += 1
    while end > start and form[end - 1] in _EDGE_JUNK:
        end -= 1
    if m.label == ORG and (tail := _ORG_TAIL.search(form, start, end)):
        end = tail.start(tail.lastindex or 1)
    if m.label == ORG and (head := _ORG_HEAD.match(form, start, end)) and end - head.end() >= 4:
        start = head.end()
    if m.label == ORG and m.source not in ("gazetteer", "post"):
        span = org_span(form, start, end)
        if span is None:
            return None
        start, end = span
    if end - start < 2:
        return None
    if m.label == PERSON and (_NAME_BREAK.search(form, start, end) or not_a_name(
        form, dataclasses.replace(m, start=start, end=end)
    )):
        return None
    return m if (start, end) == (m.start, m.end) else dataclasses.replace(m, start=start, end=end)


#: A campus or branch after a university's name: 香港科技大学(广州), 中国石油大学(北京).
_CAMPUS = re.compile(r"\([\u4e00-\u9fff]{1,3}[^院所会委局部处室司厅社\W]\)")  # not (应科院)
_CAMPUS_OF = re.compile(r"(?:大学|学院|研究院|研究生院)$")


def without_glued_post(form: str, m: Mention) -> Mention:
    """An organization mention without the post a recognizer glued to it (市科协党(组成员),
    光鉴科技CTO) and with the campus it left out (香港科技大学(广州)). The other repairs of
    :func:`trim_mention` wait for the assembler."""
    text = form[m.start : m.end]
    end = m.end
    if (campus := _CAMPUS.match(form, end)) and _CAMPUS_OF.search(text):
        return dataclasses.replace(m, end=campus.end())  # 香港科技大学(广州)
    if text.endswith("党") and len(text) > 3 and form[end : end + 1] in ("组", "委"):
        end -= 1
    elif (post := _glued_post(form, m.start, m.end)) is not None:
        end = post
    return m if end == m.end else dataclasses.replace(m, end=end)


def _glued_post(form: str, start: int, end: int) -> int | None:
    """Where a post glued to the end of an organization's span starts: after a unit word
    (北京市科协|工程师, 光鉴科技|CTO) or after the place a government post governs (山东省|省长)."""
    for s, e, title in titles().find(lower_same_length(form), start, end):
        if e == end and s - start >= 2 and (_UNIT_END.search(form, start, s) or (
                title in GOVERNMENT_POSTS and is_place(form[start:s]))):
            return s
    return None


def org_span(form: str, start: int, end: int) -> tuple[int, int] | None:
    """Repair a recognizer's organization span, or None when it names no organization.

    - a title glued to the name: 北京市科协工程师(跨界沙龙) -> 北京市科协;
    - a name cut inside its suffix: 北京人工智能科创协同联(合体) -> …联合体;
    - not organizations: a technology term (商业航天), a protocol or standard
      (EtherCAT通信协议), a Latin acronym glued to a Chinese word (BEV感知).
    """
    text = form[start:end]
    if _SELF_REFERENCE.fullmatch(text):
        return None
    if _NOT_ORG_END.search(text) or (_LATIN_ONLY.fullmatch(text) and (
            _TECH_WORD_AFTER.match(form, end)
            or any(e - s == len(text) for s, e, _ in titles().find(text.lower())))):
        return None  # BEV感知; CEO刘洋
    if any(s == start and e == end for s, e, _ in technologies().find(form, start, end)):
        return None
    if text.endswith("党") and len(text) > 3 and form[end : end + 1] in ("组", "委"):
        end -= 1  # 市科协党|组成员: the post's 党组, not the unit's name
        text = form[start:end]
    if (event := _EVENT_TAIL.search(text)) and _UNIT_END.search(text, 0, event.start()) and \
            event.start() >= 4:
        end = start + event.start()  # 某某产业联盟(成立大会): the event is not the organization
        text = form[start:end]
    # titles are matched lower-case: 光鉴科技CTO
    if (post := _glued_post(form, start, end)) is not None:
        return start, post  # 北京市科协|工程师, 山东省|省长
    for s, e, title in titles().find(lower_same_length(form), start, end):
        if e == end and s - start >= 2 and title.startswith(("党委", "党组")):
            return start, s + 2  # 中国科大党委书记: the organization keeps its 党委
    if not _UNIT_END.search(text):
        for k in range(1, 4):
            if end + k > len(form) or not "\u4e00" <= form[end + k - 1] <= "\u9fff":
                break
            grown = _UNIT_END.search(form, start, end + k)
            # two characters at least: 所/处/部 start words (所在, 处理, 部署)
            if grown and grown.start() <= end and grown.end() - grown.start() >= 2:
                return start, end + k
    return start, end


# English appointment phrases, shared by the English recognizer and the affiliation parser.

#: Words between an organization and its post: Acme's newly appointed Chairman.
EN_POST_ADJECTIVES = (r"(?:(?:newly|recently) )?(?:(?:appointed|elected|named) )?"
                      r"(?:(?:new|incoming|interim|current|first|next) )?(?:non-)?")
#: The verbs of an appointment: "X names Jane Doe as …", "Jane Doe has been appointed …".
EN_APPOINT_VERB = (
    r"(?:names|named|appoints|appointed|elects|elected|re-elects|re-elected|hires|hired|"
    r"promotes|promoted|welcomes|welcomed|confirms|confirmed|selects|selected|taps|tapped)"
)
#: Before a name an appointment puts in a post: the verb, or "the appointment of".
EN_APPOINTING = re.compile(
    rf"\b(?:{EN_APPOINT_VERB}|(?:appointment|election|re-election|nomination|promotion) of)"
    # a description of the appointee: former EchoStar executive, satellite policy veteran
    r"(?: (?:former )?(?:[\w&'’-]+ ){0,3}(?:executive|veteran|expert|official|scientist|"
    r"engineer|leader|researcher|entrepreneur|banker|lawyer|physician)s?)?"
    r" (?:(?:Prof|Professor|Dr|Mr|Ms|Mrs|Sir)\.? )?\Z")
#: After that name: what the sentence gives them (as its CEO, to the board, a comma).
EN_APPOINTED_TO = re.compile(r",| (?:as|to|its|the|a|an|new)\b")
#: After a name the sentence then appoints: "Jane Doe (, who) has been named …", "Jane Doe
#: joins …".
EN_PASSIVE_APPOINTMENT = re.compile(
    r"(?:,? who)? (?:has been |have been |had been |was |is |will be |was also |has also been )?"
    r"(?:newly |recently )?(?:appointed|named|elected|re-elected|promoted|confirmed)\b"
    r"| (?:has |will |also )?(?:joins|joined|join)\b"
    # Jane Doe currently serves as …, has served as … since 2019 (not "served as": former)
    r"|(?:,? who)? (?:currently |now |also )?(?:serves|has served|has been serving|is serving)"
    r" as\b")
