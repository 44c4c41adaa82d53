"""graphmap's spaCy components, registered by factory name.

Each component does one thing to a ``Doc`` whose text is the matching form of a chunk
(simplified, half-width, same length as the original), and records character-span
:class:`~nlp.mentions.Mention` s in ``doc._.mentions``:

=========================  ==================================================================
``graphmap_lac``           LAC words (``doc._.lac_words``); PERSON/ORG mentions from LAC
``graphmap_ner_merge``     the statistical ``ner`` entities (LAC's ORGs inside unsuffixed ones)
``graphmap_en_entities``   English organizations and people: name patterns, then en_core_web_sm
``graphmap_gazetteer``     names the member/expert lists gave (set ``.gazetteer``)
``graphmap_titles``        titles, positions and honours
``graphmap_tech``          technologies: dictionaries per focus industry + LAC nz terms
``graphmap_org_typing``    organization type of every ORG mention
``graphmap_affiliation``   person - title - organization introductions
=========================  ==================================================================
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

import numpy
from spacy.attrs import TAG
from spacy.language import Language
from spacy.tokens import Doc

from graphmap.model import OrgType
from graphmap.normalize import is_place, normalize_name
from nlp.affiliation import REPORTERS, AffiliationParser, head_posts
from nlp.gazetteer import Gazetteer
from nlp.lac import LacWord, shared_tagger
from nlp.lexicon import (
    honorifics,
    known_organizations,
    org_type_of,
    surnames,
    technologies,
    titles,
)
from nlp.mentions import (
    LOC,
    ORG,
    PERSON,
    TECH,
    TITLE,
    Affiliation,
    Mention,
    add_without_overlap,
    mentions_of,
    on_one_line,
    text_of,
)
from nlp.spans import (
    EN_APPOINT_VERB,
    EN_APPOINTED_TO,
    EN_APPOINTING,
    EN_PASSIVE_APPOINTMENT,
    EN_POST_ADJECTIVES,
    PARTY_BODIES,
    SEAT_BODIES,
    without_glued_post,
)
from nlp.text import lower_same_length

_LAC_LABELS = {"PER": PERSON, "ORG": ORG, "LOC": LOC}
#: Suffixes that make an LAC proper noun (nz) a technology candidate.
_TECH_SUFFIX = re.compile(
    r"(?:技术|算法|芯片|系统|平台|模型|传感器|材料|装备|设备|电池|发动机|机器人|引擎|网络|协议|"
    r"框架|工艺|器件|雷达|卫星|火箭)$"
)


def _set_token_tags(doc: Doc, words: list[LacWord], n_chars: int) -> None:
    if not len(doc):
        return
    strings = doc.vocab.strings
    ids: dict[str, tuple[int, int]] = {}
    per_char = [0] * n_chars
    for w in words:
        pair = ids.get(w.tag)
        if pair is None:
            pair = ids[w.tag] = (strings.add(f"{w.tag}-B"), strings.add(f"{w.tag}-I"))
        per_char[w.start] = pair[0]
        if w.end - w.start > 1:
            per_char[w.start + 1 : w.end] = [pair[1]] * (w.end - w.start - 1)
    tags = numpy.array(per_char, dtype="uint64")[doc.to_array("IDX")]
    doc.from_array([TAG], tags.reshape(-1, 1))


def _set_ents(doc: Doc) -> None:
    spans = []
    for m in mentions_of(doc):
        if m.label in (PERSON, ORG):
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
            if span is not None and (not spans or span.start >= spans[-1].end):
                spans.append(span)
    doc.ents = spans


class LacComponent:
    """Runs LAC on the chunk: its word tags become token tags (``PER-B``, ``n-I`` ...) that
    the statistical recognizer reads as a feature, and optionally PER/ORG mentions."""

    def __init__(self, emit_entities: bool, cache_size: int) -> None:
        self.emit_entities = emit_entities
        # Training tags the same sentences every epoch; a bounded cache saves re-running LAC.
        self.cache_size = cache_size
        self._cache: dict[str, list[LacWord]] = {}

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        it = iter(docs)
        while batch := list(islice(it, batch_size)):
            texts = [text_of(d) for d in batch]
            todo = [t for t in texts if t not in self._cache]
            fresh = dict(zip(todo, shared_tagger().tag(todo), strict=True)) if todo else {}
            for doc, text in zip(batch, texts, strict=True):
                words = self._cache[text] if text in self._cache else fresh[text]
                yield self._apply(doc, words, text)
            if self.cache_size:
                if len(self._cache) + len(fresh) > self.cache_size:
                    self._cache.clear()
                self._cache.update(fresh)

    def _apply(self, doc: Doc, words: list[LacWord], text: str) -> Doc:
        doc._.lac_words = words
        _set_token_tags(doc, words, len(text))
        if self.emit_entities:
            found = [
                Mention(w.start, w.end, _LAC_LABELS[w.tag], "lac", 0.7)
                for w in words
                if w.tag in ("PER", "ORG") and w.end - w.start > 1
            ]
            add_without_overlap(doc, found)
            _set_ents(doc)
        return doc


@Language.factory("graphmap_lac", default_config={"emit_entities": True, "cache_size": 0})
def make_lac(nlp: Language, name: str, emit_entities: bool, cache_size: int) -> LacComponent:
    return LacComponent(emit_entities, cache_size)


#: One-character unit words a recognizer sometimes leaves after a name (中科院自动化|所).
_UNIT_CHAR = frozenset("所院厂局处委办站馆社")


def _org_end(text: str, end: int) -> int:
    """Extend an organization ending right before a lone unit character (自动化 + 所)."""
    if end < len(text) and text[end] in _UNIT_CHAR and (
        end + 1 == len(text) or not ("\u4e00" <= text[end + 1] <= "\u9fff")
        or text[end + 1] in "的在和与是今也已将"
    ):
        return end + 1
    return end


#: Words that end an organization name even without a typed suffix (军区, 中心, 分行 ...): a
#: recognizer span ending in one is kept whole rather than cut back to LAC's organization.
#: A bare 行 is not one: after a place it is a trip (匹克球星中国行); banks end in 银行 (a typed
#: suffix) or a branch word.
_ORG_HEADS = (
    "中心", "部队", "军区", "军团", "陆军", "海军", "空军", "组织", "中央", "司", "网", "台", "社",
    "店", "馆", "报", "会", "团", "队", "处", "科", "室", "站", "分行", "支行", "总行", "业", "军",
)


def _org_spans(text: str, start: int, end: int, lac_orgs: list[tuple[int, int]]) -> list:
    """The recognizer's organization ``start:end``, or LAC's organizations strictly inside it.

    The recognizer glues an organization to the words after it in informal text (华为时尚,
    京东卡, 腾讯联想). When its span has no organization suffix or head word and LAC found
    organizations strictly inside it, LAC's shorter names are taken instead (chosen by F1 on
    the dev splits: Weibo ORG +6, Resume and CLUENER within one entity).
    """
    inside = [(s, e) for s, e in lac_orgs if start <= s and e <= end and (s, e) != (start, end)]
    if inside:
        name = text[start:end]
        if not name.endswith(_ORG_HEADS) and org_type_of(name) is OrgType.OTHER:
            return inside
    return [(start, end)]


def _name_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``start:end`` without the symbols at its edges (#西电#, @美团, 亚当·, ����), or ``None``.

    A name starts with a letter, digit or character and ends with one or a closing bracket
    (微软(中国)); social-media posts glue hashtag and mention marks to names.
    """
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ")）"):
        end -= 1
    return (start, end) if start < end else None


def _is_org(name: str) -> bool:
    """Whether a recognizer organization passes the type check.

    A name with no organization word that is a region (江苏, 苏州市) is a place; a typed
    suffix or head word (江苏省政府, 中共中央) keeps the organization. Trusting LAC's word
    type was measured and rejected: on CLUENER dev, dropping the organizations LAC reads as
    one place word cost ORG F1 72.3 -> 70.2, retyping the ones it reads as a person cost
    PERSON F1 78.0 -> 76.3 (brands and companies LAC takes for places and people).
    """
    if "、" in name:
        return False  # a list of several things (电子装配、物流分拣), never one name
    return name.endswith(_ORG_HEADS) or org_type_of(name) is not OrgType.OTHER or \
        not is_place(name)


#: How the names of alliances and associations end; the recognizers, trained on résumés, news
#: and posts, miss long ones (粤港澳大湾区金属新材料产业联盟, 长三角超导产业链联盟).
_ALLIANCE_END = re.compile(r"(?:联盟|联合体|促进会|协进会|商会|总会|研究会|协会|学会|基金会)$")
#: Conjunctions inside a name (储能及安全产业链联盟, 应用物理及材料工程研究所).
_NAME_JOINS = frozenset({"及", "与", "和"})
#: LAC word tags that may be part of such a name (nouns, places, adjectives, verbal nouns).
_NAME_PART_TAGS = frozenset({"n", "nz", "nw", "LOC", "ORG", "vn", "a", "an", "j", "s", "f", "nt"})


def _add_alliances(doc: Doc, text: str) -> None:
    """Organizations named by an alliance or association word at the end of a run of LAC nouns
    (and places) that starts at a clause boundary or after a verb; at least six characters. A
    recognizer organization inside the run (长三角 of 长三角企业家联盟) gives way to it."""
    words = doc._.lac_words or ()
    found = []
    # a post that heads a body ends the run (执行秘书长|中国电子学会)
    post_chars = {i for s, e in head_posts(text) for i in range(s, e)}
    for k, w in enumerate(words):
        # the alliance word ends this LAC word, or is the next one (超导产业链 + 联盟: the word
        # before it joins the name whatever its tag)
        if _ALLIANCE_END.search(text, w.start, w.end):
            end = w.end
        elif k + 1 < len(words) and text[w.end : words[k + 1].end] in ("联盟", "联合体"):
            end = words[k + 1].end
        else:
            continue
        j = k
        while j > 0 and words[j - 1].end == words[j].start and words[j - 1].start not in \
                post_chars and (
                words[j - 1].tag in _NAME_PART_TAGS or (
                    # 储能及安全产业链联盟: a conjunction between two field words, not two names
                    text[words[j - 1].start : words[j - 1].end] in _NAME_JOINS and 1 < j < k
                    and words[j - 2].tag in ("n", "nz", "vn") and words[j - 2].end - words[
                        j - 2].start <= 4 and words[j].tag in ("n", "nz", "vn", "a", "an"))):
            j -= 1
        start = words[j].start
        # a name, not a description (更多单位加入联合体): a place, proper noun or organization in it
        named = any(x.tag in ("LOC", "nz", "nw", "ORG") for x in words[j : k + 1])
        if named and end - start >= 6 and _is_org(text[start:end]) and (start, end) not in {
                (m.start, m.end) for m in found}:
            found.append(Mention(start, end, ORG, "pattern", 0.7))
    if not found:
        return
    current = mentions_of(doc)
    keep = [n for n in found if all(
        not m.overlaps(n) or (m.label == ORG and n.start <= m.start and m.end <= n.end)
        for m in current)]
    if keep:
        add_without_overlap(doc, keep, replace=True)


def _lac_org_ok(name: str) -> bool:
    """Whether an organization LAC found where the recognizer found nothing is added: only
    one with a typed suffix or head word (市教育局, 东京工业大学, 360集团), not a bare name.

    Chosen on the seen real-text NER gold (examples/gold/ner_real, after its one scoring) and
    the Resume/Weibo dev splits: adding every LAC organization raised ORG F1 on real text
    (72.4 -> 73.9, 67.1 -> 69.2) but cost 1.5 points on Resume dev and Weibo test; typed ones only
    give 74.2 and 68.3 with Resume and Weibo dev within 0.1 point.
    """
    typed = name.endswith(_ORG_HEADS) or org_type_of(name) is not OrgType.OTHER
    # 全国人大常委: LAC glues the post 常委 to the body
    return typed and not any(e == len(name) for _, e, _ in titles().find(name))


def _known_orgs(text: str, lac_words: Sequence[LacWord]) -> list[Mention]:
    """Well-known organizations written bare (华为, 台积电, OpenAI, nlp/data/known_orgs.txt)
    where nothing else was found: a Chinese name on LAC's word boundaries (not 华为云's 华为),
    one that is also a common word (小米) only where LAC reads it as an organization."""
    edges = {w.start for w in lac_words} | {w.end for w in lac_words}
    lac_orgs = {(w.start, w.end) for w in lac_words if w.tag == "ORG"}
    found = []
    for s, e, common_word in known_organizations().find(lower_same_length(text)):
        if common_word and (s, e) not in lac_orgs:
            continue
        off_words = not (s in edges or text[s].isascii()) or not (
            e in edges or text[e - 1].isascii())
        if lac_words and off_words:
            continue
        found.append(Mention(s, e, ORG, "lexicon", 0.6))
    return found


#: Titles that follow a person's name directly (邝福儿博士, 温诗铸同志).
_PERSONAL_TITLES = ("博士", "教授", "院士", "先生", "女士", "同志", "研究员", "工程师", "老师")


def _whole_name(text: str, start: int, end: int, lac_people: dict[int, int]) -> tuple[int, int]:
    """A two-character name the recognizer cut from LAC's three-character one (邓稼|先, 陈凯|先,
    温诗|铸): LAC's, unless its last character is a word of the sentence (韩其|为 stays cut only
    when LAC cuts it too)."""
    whole = lac_people.get(start)
    if end - start == 2 and whole == end + 1 and text[end] not in _NOT_NAME_END:
        return start, whole
    return start, end


class NerMerge:
    """Takes the statistical ``ner`` entities as mentions, adding LAC labels it missed.

    Symbols at a name's edges are dropped (:func:`_name_bounds`); an organization without a
    suffix gives way to LAC's organizations inside it (:func:`_org_spans`).
    """

    def __init__(self, add_lac_labels: list[str]) -> None:
        self.add_lac_labels = set(add_lac_labels)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        lac_words = doc._.lac_words or ()
        lac_orgs = [(w.start, w.end) for w in lac_words if w.tag == "ORG" and w.end - w.start > 1]
        lac_people = {w.start: w.end for w in lac_words if w.tag == "PER"}
        # inside a verb LAC reads, where an organization cannot start: 任命|华东理工大学
        verb_ends = {p: w.end for w in lac_words if w.tag in ("v", "p", "c")
                     for p in range(w.start + 1, w.end)}
        found = []
        for e in doc.ents:
            if e.label_ == PERSON:
                if (bounds := _name_bounds(text, e.start_char, e.end_char)) is not None:
                    found.append(Mention(*_whole_name(text, *bounds, lac_people), PERSON,
                                         "ner", 0.8))
            elif e.label_ == ORG:
                end = _org_end(text, e.end_char)
                start = verb_ends.get(e.start_char, e.start_char)  # 任|命华东理工大学
                if start >= end:
                    continue
                spans = _org_spans(text, start, end, lac_orgs) if lac_orgs else [(start, end)]
                for s, t in spans:
                    if (bounds := _name_bounds(text, s, t)) is None:
                        continue
                    if _is_org(text[bounds[0] : bounds[1]]):
                        found.append(Mention(*bounds, ORG, "ner", 0.8))
        # a name LAC reads right before a personal title (理大邝福儿博士) that the recognizer
        # left out
        found += [Mention(s_, e_, PERSON, "lac", 0.6) for s_, e_ in lac_people.items()
                  if e_ - s_ in (2, 3) and text.startswith(_PERSONAL_TITLES, e_)]
        add_without_overlap(doc, found)
        _add_alliances(doc, text)
        if self.add_lac_labels and lac_words:
            extra = [
                Mention(w.start, w.end, _LAC_LABELS[w.tag], "lac", 0.6)
                for w in lac_words
                if _LAC_LABELS.get(w.tag) in self.add_lac_labels and w.end - w.start > 1
                and _lac_org_ok(text[w.start : w.end])
            ]
            add_without_overlap(doc, extra)
        add_without_overlap(doc, _known_orgs(text, lac_words))
        _set_ents(doc)
        return doc


@Language.factory("graphmap_ner_merge", default_config={"add_lac_labels": []})
def make_ner_merge(nlp: Language, name: str, add_lac_labels: list[str]) -> NerMerge:
    return NerMerge(add_lac_labels)


class GazetteerComponent:
    """Marks names the lists gave; they win over overlapping statistical mentions."""

    def __init__(self) -> None:
        self.gazetteer: Gazetteer | None = None

    def __call__(self, doc: Doc) -> Doc:
        if not self.gazetteer or not len(self.gazetteer):
            return doc
        label = {"Organization": ORG, "Person": PERSON, "Technology": TECH}
        found = [
            Mention(s, e, label[k.kind.value], "gazetteer", 0.95, ref=k.id)
            for s, e, k in self.gazetteer.find(lower_same_length(text_of(doc)))
        ]
        if found:
            add_without_overlap(doc, found, replace=True)
            _set_ents(doc)
        return doc


@Language.factory("graphmap_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerComponent:
    return GazetteerComponent()


#: Where a document's own names are handed to its chunks (see nlp.shortforms.document_names).
DOC_NAMES = "graphmap.doc_names"
#: Where a document's English people are handed to its chunks, by family name (see
#: :func:`english_family_names`).
DOC_FAMILY_NAMES = "graphmap.doc_family_names"


def english_family_names(names: Iterable[str]) -> dict[str, str]:
    """English full names (two words or more) by their last word, where that word names one
    person only: the second reference of a news text (``Knight, president of …``)."""
    by_last: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        if len(words) >= 2 and name.isascii() and len(words[-1]) >= 3 and words[-1][0].isupper():
            by_last.setdefault(words[-1], set()).add(name)
    return {last: next(iter(full)) for last, full in by_last.items() if len(full) == 1}


def _family_name_mentions(text: str, family: dict[str, str], taken: list[Mention]
                          ) -> list[Mention]:
    """A full name's family name standing alone (not inside another name or mention)."""
    found = []
    for last, full in family.items():
        for m in re.finditer(rf"(?<![\w.'’-]){re.escape(last)}(?![\w'’-])", text):
            before, after = text[max(0, m.start() - 30) : m.start()], text[m.end() :]
            if re.search(r"[A-Z][\w.-]* \Z", before) or re.match(r" [A-Z]", after) or any(
                    t.start < m.end() and m.start() < t.end for t in taken):
                continue  # Bob Knight, Knight Foundation, or already a name
            found.append(Mention(m.start(), m.end(), PERSON, "coref", 0.6, ref=full))
    return found


class DocumentNames:
    """Marks the organizations the rest of the document names where the recognizers missed
    them in this chunk: 应科院主席 after 香港应用科技研究院(应科院), 中评智库研究员 after
    中评智库基金会. ``ref`` is the full name the mention stands for."""

    def __call__(self, doc: Doc) -> Doc:
        if family := doc.user_data.get(DOC_FAMILY_NAMES):
            text = text_of(doc)
            add_without_overlap(doc, _family_name_mentions(text, family, mentions_of(doc)))
        names: dict[str, str] = doc.user_data.get(DOC_NAMES) or {}
        if not names:
            return doc
        text = text_of(doc)
        taken = list(mentions_of(doc))
        found: list[Mention] = []
        for name in sorted(names, key=len, reverse=True):
            start = text.find(name)
            while start >= 0:
                m = Mention(start, start + len(name), ORG, "document", 0.75, ref=names[name])
                start = text.find(name, start + len(name))
                inside = [t for t in taken if m.overlaps(t)]
                # a recognized part of the name gives way (由应|科院: 科院 in 应科院)
                if _stands_alone(text, m, taken) and all(
                        t.label == ORG and t.source != "gazetteer" and m.start <= t.start
                        and t.end <= m.end and (t.start, t.end) != (m.start, m.end)
                        for t in inside):
                    found.append(m)
                    taken = [t for t in taken if t not in inside] + [m]
        if found:
            add_without_overlap(doc, found, replace=True)
            _set_ents(doc)
        return doc


def _stands_alone(text: str, m: Mention, taken: list[Mention]) -> bool:
    """Not the end of a longer name: a Latin name not inside a Latin word (NSFC in XNSFC), a
    Chinese one after punctuation, a word of the sentence (由应科院) or another mention, not
    after characters that may be its own beginning (智慧城市物联网|国家重点实验室)."""
    before, after = text[m.start - 1 : m.start], text[m.end : m.end + 1]
    if text[m.start].isascii():
        return not (before.isalnum() or after.isalnum())
    return not _CJK.fullmatch(before) or before in _WORD_BEFORE_NAME or any(
        t.end == m.start for t in taken)


_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Words a sentence puts right before a name: 由应科院主席, 与中科院, 在澳大, 邀请中评智库.
_WORD_BEFORE_NAME = frozenset("由与和及同在为向对从将把被是的等任赴访到至获请")


@Language.factory("graphmap_doc_names")
def make_document_names(nlp: Language, name: str) -> DocumentNames:
    return DocumentNames()


#: A title word that goes on into a name: 工程师学会, 工程师联合体, 院士论坛, 教授协会.
_NAME_GOES_ON = re.compile(r"学会|协会|联合会|联合体|大会|论坛|联谊会|俱乐部|之家|节|奖")


#: What may follow a name introduced by its post: punctuation, a title or a verb of the event.
_AFTER_INTRODUCED_NAME = re.compile(
    r"[，,、。；;：:（(）)\s]|院士|教授|研究员|博士|同志|先生|女士|等|一行|及|与|参加|出席|主持|致辞|"
    r"讲话|表示|介绍|指出|发言|作了|做了|作报告|作题为|代表|受邀|应邀|宣布|强调|认为|提出|分享|"
    r"为|在|对|向|陪同|会见|参观|带队|担任|受聘|获|签"
)
#: A last character that is a word of the sentence, not of the name (王明等, 李强和).
_NOT_NAME_END = frozenset("等和与及在为的也都就了是对向从将把被")


def _names_after_posts(form: str, mentions: list[Mention]) -> list[Mention]:
    """Names the recognizers missed right after a unit's post: ``南京理工大学党委副书记
    席占稳参加会议``, ``中国科学技术大学校长常进院士``.

    Taken only inside an introduction chain (a unit, then its posts joined by 、 or 兼), for a
    common family name plus one or two characters that the sentence goes on after.
    """
    starts = {m.start for m in mentions}
    out: list[Mention] = []
    chain_end = -1  # where the current unit + posts chain ends
    for m in sorted(mentions, key=lambda m: m.start):
        if m.label == ORG:
            chain_end = m.end
            continue
        if m.label != TITLE:
            chain_end = -1
            continue
        gap = form[chain_end:m.start] if chain_end >= 0 else None
        if gap is None or len(gap) > 12 or re.search(r"[，,。；;：:\s]", gap):
            chain_end = -1
            continue
        chain_end = m.end
        if m.end in starts:
            continue
        for size in (3, 2, 4):
            name = form[m.end : m.end + size]
            if (len(name) < size or not _family_and_given(name) or name[-1] in _NOT_NAME_END
                    or any(titles().find(name))
                    or any(m.start < s < m.end + size for s in starts if s > m.end)):
                continue
            if m.end + size == len(form) or _AFTER_INTRODUCED_NAME.match(form, m.end + size):
                out.append(Mention(m.end, m.end + size, PERSON, "post-name", 0.6))
                break
    return out


#: A list of names: items of two to four characters joined by 、 (余松烈、陈士橹、石屏、曾庆元).
_NAME_LIST = re.compile(r"[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4}){2,}")


def _list_items(pattern: re.Pattern[str], form: str) -> Iterator[list[tuple[int, int]]]:
    """The item spans of each 、 list ``pattern`` finds in ``form``."""
    for match in pattern.finditer(form):
        items, at = [], match.start()
        for item in match.group().split("、"):
            items.append((at, at + len(item)))
            at += len(item) + 1
        yield items


def _in_place_of(mentions: list[Mention], found: list[Mention]) -> list[Mention]:
    """``mentions`` with ``found`` in place of what they overlap."""
    if not found:
        return mentions
    kept = [m for m in mentions if not any(m.overlaps(n) for n in found)]
    return sorted([*kept, *found], key=lambda m: (m.start, -m.end))


def _names_in_lists(form: str, mentions: list[Mention]) -> list[Mention]:
    """The names of a 、 list where most items are names already: an item the recognizers
    missed or cut (周尧|和, 石屏, 董洪川) becomes a name when it is a family name plus one or
    two characters. Returns the mentions with those names in place of what overlapped them."""
    people = {(m.start, m.end) for m in mentions if m.label == PERSON}
    found: list[Mention] = []
    for items in _list_items(_NAME_LIST, form):
        # the first and last items may run into the words around the list (院士邓起东、…)
        inner = items[1:-1]
        known = sum(span in people for span in items)
        if known < 2 or known * 2 < len(items):
            continue
        for start, end in items:
            if (start, end) in people or ((start, end) not in inner and not any(
                    s >= start and e <= end for s, e in people)):
                continue
            if not _family_and_given(form[start:end]) or any(
                    m.label in (ORG, TITLE) and m.start < end and start < m.end
                    for m in mentions):
                continue
            found.append(Mention(start, end, PERSON, "list", 0.6))
    return _in_place_of(mentions, found)


#: A list of organizations: items joined by 、 (深行资本、将门投资、…).
_ORG_LIST = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,12}(?:、[\u4e00-\u9fffA-Za-z]{2,12}){2,}")


def _orgs_in_lists(form: str, mentions: list[Mention]) -> list[Mention]:
    """An inner item of a 、 list where most items are organizations already is one too
    (蓝箭航天 between two companies), unless it is a place or holds a name, post or term."""
    orgs = {(m.start, m.end) for m in mentions if m.label == ORG}
    found: list[Mention] = []
    for items in _list_items(_ORG_LIST, form):
        # the first item may begin and the last end outside the list (包括|红杉资本、…)
        last = len(items) - 1
        known = sum(any(s >= start and e <= end and (e == end or k == last)
                        and (s == start or k == 0) for s, e in orgs)
                    for k, (start, end) in enumerate(items))
        if known < 2 or known * 2 < len(items):
            continue
        for start, end in items[1:-1]:
            if (start, end) in orgs or is_place(form[start:end]) or any(
                    m.label != ORG and m.start < end and start < m.end for m in mentions):
                continue
            found.append(Mention(start, end, ORG, "list", 0.6))
    return _in_place_of(mentions, found)


#: A 、 list within one clause: guests introduced as unit, name, post.
_GUEST_LIST = re.compile(r"[^，,。；;：:！!？?\n、]+(?:、[^，,。；;：:！!？?\n、]+)+")
#: How a unit's name ends: 策略会, 飞弹所, 材料所, 信息中心, 人事处.
_UNIT_KIND_END = re.compile(
    r"(?:所|会|院|部|处|局|厅|委|中心|公司|集团|学校|室|组|站|社|馆|司|署)$")


def _units_of_listed_guests(form: str, mentions: list[Mention]) -> list[Mention]:
    """In a 、 list of guests each introduced as unit, name, post, where some units are
    organizations already or at least two items have that shape, the other units are
    organizations too: ``中科院林高洲副院长、策略会蔡嘉芳副执行长、飞弹所吴典黻所长`` (策略会,
    飞弹所). Also ``出席人员还有教务处徐守坤处长、人事处管春英处长…及产学研合作处彭明国副处长``:
    the first unit after the words that open the list, the last item after 及, and a name the
    recognizers missed between a unit and a post. The unit must end as units do and be no
    place."""
    found: list[Mention] = []
    for items in _guest_items(form):
        units, known, names = [], 0, {}
        for k, (start, end) in enumerate(items):
            inside = [m for m in mentions if start <= m.start and m.end <= end]
            person = next((m for m in reversed(inside) if m.label == PERSON), None)
            post = person and next((m for m in inside if m.label == TITLE
                                    and m.start == person.end), None)
            if person is None:
                if name := _unrecognized_guest(form, inside, start, end):
                    found.append(name)  # 飞弹所吴典黻所长: the name between unit and post
                    known += 1
                elif pair := _unknown_unit_and_guest(form, inside, start, end, first=k == 0):
                    units.append(pair[0])  # 人事处管春英处长
                    names[pair[0]] = pair[1]
                continue
            if post is None or (post.end != end and k < len(items) - 1):
                continue
            before = [m for m in inside if m.end <= person.start]
            if any(m.label == ORG and m.end == person.start for m in before):
                known += 1
            elif not before and k > 0 and person.start - start >= 2:
                units.append((start, person.start))
            elif k == 0 and (head := _list_head_end(form, start, person.start)) is not None \
                    and not any(m.end > head for m in before):
                units.append((head, person.start))  # 包括|经济部卓士昭次长
        units = [(s, e) for s, e in units
                 if _UNIT_KIND_END.search(form[s:e]) and not is_place(form[s:e])]
        if known == 0 and len(units) < 2:
            continue
        found.extend(Mention(s, e, ORG, "list", 0.6) for s, e in units)
        found.extend(names[unit] for unit in units if unit in names)
    return _in_place_of(mentions, sorted(found, key=lambda m: m.start))


#: The words that open a list of guests: 出席的还有|…, 现场观礼者包括|….
_LIST_HEAD = re.compile(r"(?:包括|还有|以及|分别是|分别为|有|为|是)")


def _list_head_end(form: str, start: int, end: int) -> int | None:
    """Where the first item of a guest list begins after the words opening it (the unit
    then runs from there to the name), or None; the unit must have 2 to 12 characters."""
    heads = list(_LIST_HEAD.finditer(form, start, end))
    if not heads or not 2 <= end - heads[-1].end() <= 12:
        return None
    return heads[-1].end()


def _guest_items(form: str) -> Iterator[list[tuple[int, int]]]:
    """The items of each guest list; the last item is split at 及 / 以及 (…、商学院张宏如院长及
    产学研合作处彭明国副处长)."""
    for items in _list_items(_GUEST_LIST, form):
        start, end = items[-1]
        joint = re.search(r"以及|及", form[start:end])
        if joint and joint.start() >= 2 and end - start - joint.end() >= 4:
            items[-1:] = [(start, start + joint.start()), (start + joint.end(), end)]
        yield items


def _unknown_unit_and_guest(form: str, inside: list[Mention], start: int, end: int,
                            *, first: bool) -> tuple[tuple[int, int], Mention] | None:
    """An item of unit, name and post where only the post was recognized (人事处|管春英|处长):
    the unit span and the name, a family name plus one or two characters after a unit word.
    The first item's unit begins after the words opening the list."""
    post = next((m for m in inside if m.label == TITLE and m.end == end), None)
    if post is None or any(m.start < post.start for m in inside):
        return None
    if first:
        head = _list_head_end(form, start, post.start)
        if head is None:
            return None
        start = head
    for size in (3, 2):
        at = post.start - size
        name, unit = form[at : post.start], form[start:at]
        if (len(unit) >= 2 and _family_and_given(name)
                and _UNIT_KIND_END.search(unit)):
            return (start, at), Mention(at, post.start, PERSON, "list", 0.6)
    return None


def _unrecognized_guest(form: str, inside: list[Mention], start: int, end: int
                        ) -> Mention | None:
    """The name of a listed guest between a recognized unit opening the item and a post
    closing it, a family name and one or two characters: 飞弹所|吴典黻|所长."""
    unit = next((m for m in inside if m.label == ORG and m.start == start), None)
    post = next((m for m in inside if m.label == TITLE and m.end == end), None)
    if unit is None or post is None or any(unit.end < m.start < post.start for m in inside):
        return None
    name = form[unit.end : post.start]
    if len(name) <= 3 and _family_and_given(name):
        return Mention(unit.end, post.start, PERSON, "list", 0.6)
    return None


def _family_and_given(name: str) -> bool:
    """A common family name plus one or two Chinese characters (周尧, 董洪川, 欧阳明)."""
    singles, doubles = surnames()
    family = name[:2] if name[:2] in doubles else name[:1]
    return (family in singles | doubles and len(name) - len(family) in (1, 2)
            and all(_CJK.fullmatch(c) for c in name))


def _names_cut_before_posts(form: str, mentions: list[Mention]) -> list[Mention]:
    """A two-character name the recognizer cut one character short before a post:
    倪明|选|教授 -> 倪明选 (the post right after the third character)."""
    post_starts = {m.start for m in mentions if m.label == TITLE}
    taken = {i for m in mentions for i in range(m.start, m.end)}
    singles, _ = surnames()
    out = []
    for m in mentions:
        nxt = m.end
        if (m.label == PERSON and m.end - m.start == 2 and form[m.start] in singles
                and nxt + 1 in post_starts and nxt not in taken
                and "\u4e00" <= form[nxt : nxt + 1] <= "\u9fff" and form[nxt] not in _NOT_NAME_END):
            m = dataclasses.replace(m, end=nxt + 1)
        out.append(m)
    return out


#: Verbs of an event whose first character a recognizer may take as a name's last: 陈石|发言.
_VERB_AFTER_NAME = frozenset({"发言", "表示", "指出", "介绍", "主持", "致辞", "讲话", "出席",
                              "参加", "认为", "强调", "提出", "分享", "宣布",
                              "作报", "作了", "做报", "做了"})  # 作报告, 作了主题报告


def _names_glued_to_verbs(form: str, mentions: list[Mention]) -> list[Mention]:
    """A three-character name whose last character opens a verb with the next one loses it
    when the rest is a family name plus one character: 陈石发|言 -> 陈石 (…助理教授陈石发言)."""
    singles, _ = surnames()
    out = []
    for m in mentions:
        if (m.label == PERSON and m.source != "gazetteer" and m.end - m.start == 3
                and form[m.end - 1 : m.end + 1] in _VERB_AFTER_NAME and form[m.start] in singles
                and _CJK.fullmatch(form[m.start + 1])):
            m = dataclasses.replace(m, end=m.end - 1)
        out.append(m)
    return out


#: Party committees of a level, written before their posts (市委书记, 省委常委).
_COMMITTEES = frozenset({"市委", "省委", "区委", "县委", "州委"})
#: After a party body, characters that make it part of a longer unit name (党委宣传部, 党委办公室).
_NAME_GOES_ON_AFTER_BODY = re.compile(r"[\u4e00-\u9fff]{0,3}(?:部|办公室|办|处|室)")


#: LAC tags of the words of a news outlet's name, and how such names end (before a byline's
#: post, affiliation.REPORTERS).
_OUTLET_TAGS = frozenset({"n", "nz", "LOC", "ORG", "j"})
_MEDIA_ENDS = ("日报", "晚报", "早报", "时报", "报", "网", "社", "电视台", "电台", "周刊", "新闻")
#: Words a sub-unit's name is made of (LAC tags: nouns, verbal nouns, adjectives); it may hold
#: a conjunction (应用物理及材料工程研究所, _NAME_JOINS).
_SUB_UNIT_TAGS = frozenset({"n", "nz", "nw", "vn", "an", "j"})
#: How a sub-unit's name ends; it is at most this many words and characters after its unit.
_SUB_UNIT_HEADS = (
    "研究所", "研究院", "研究中心", "研究室", "研究部", "实验室", "学院", "书院", "分院",
    "医院", "中心", "工程系", "科学系", "办公室", "事业部", "分公司", "分会", "专委会",
    "专业委员会",
)
_SUB_UNIT_WORDS, _SUB_UNIT_CHARS = 8, 20
#: How a sub-unit recognized on its own right after its unit ends: the two are one name.
_GLUED_SUB_UNITS = (*_SUB_UNIT_HEADS, "分会", "专业委员会", "工作委员会", "分中心", "分所", "系")


def _post_rest(form: str, post: Mention, start: int) -> Mention:
    """``post`` from ``start`` on, its first words taken by a unit (党委|书记, 系|主任,
    中国工程院|院士); the whole post as written stays its ``ref``."""
    return dataclasses.replace(post, start=start, ref=post.ref or form[post.start : post.end])


def _grown(doc: Doc, grown: list[Mention], found: list[Mention],
           shrunk: dict[Mention, Mention]) -> list[Mention]:
    """Put the grown organizations in place of what they cover; the posts ``found``, with the
    ones they took a word from (``shrunk``) replaced."""
    if grown:
        add_without_overlap(doc, grown, replace=True)
    return [shrunk.get(m, m) for m in found]


#: Bodies the title list names posts after (书记处第一书记, 秘书处秘书长).
_POST_BODIES = ("书记处", "秘书处")
#: LAC tags of common words: a two-character "name" a rule reads before a post that is one of
#: them is no name (荣誉博士).
_COMMON_WORD_TAGS = frozenset({"n", "a"})
#: The business a company's bare name ends in: Taiwan and Hong Kong news name firms by brand
#: and business (永鑫能源董事长, 星星电力总经理, 和暄绿能总经理).
_FIRM_BUSINESS = re.compile(
    r"(?:电线电缆|集成电路|微电子|半导体|机器人|能源|电力|绿能|光电|电子|科技|生技|生医|医疗|材料|化工|机械|电机|"
    r"精密|汽车|金控|证券|资本|创投|电信|通讯|软件|钢铁|航太|储能|电池|光学|环保|资讯|网通|动力|"
    r"智能|电气|实业|控股|制药|药业|营造|物流|食品|纺织|塑胶)\Z")
#: The posts such a firm's head holds, right before their name.
_FIRM_HEAD_POSTS = frozenset({"董事长", "副董事长", "总经理", "副总经理", "执行长", "总裁",
                              "副总裁", "副总", "董座", "创办人", "共同创办人", "合伙人"})


def _firms_before_posts(form: str, doc: Doc) -> list[Mention]:
    """A firm named by a two- or three-character brand and its business, right before its
    head's post and name, that no recognizer found: 外资|永鑫能源|董事长|李豪. The brand starts
    a LAC word (not 北京中关|村科技); a name read inside it (和暄绿|能) gives way."""
    mentions = mentions_of(doc)
    org_ends = {m.end for m in mentions if m.label == ORG}
    person_starts = {m.start for m in mentions if m.label == PERSON}
    word_starts = {w.start for w in doc._.lac_words or ()}
    found = []
    for post in mentions:
        if (post.label != TITLE or form[post.start : post.end] not in _FIRM_HEAD_POSTS
                or post.end not in person_starts or post.start in org_ends):
            continue
        business = _FIRM_BUSINESS.search(form, max(0, post.start - 4), post.start)
        if business is None:
            continue
        for size in (2, 3):
            start = business.start() - size
            if start < 0 or start not in word_starts or not all(
                    "\u4e00" <= c <= "\u9fff" for c in form[start : business.start()]):
                continue
            firm = Mention(start, post.start, ORG, "pattern", 0.6)
            if not any(m.overlaps(firm) and m.label != PERSON for m in mentions):
                found.append(firm)
                break
    return found


#: The legislature whose members' constituencies recognizers glue to it (立法会|创科界议员).
_LEGISLATURE = "立法会"


class TitleComponent:
    """Titles (教授, 总工程师), positions (董事长) and honours (院士) from the title list."""

    def __call__(self, doc: Doc) -> Doc:
        # organization spans repaired first, so a post glued to one is found (市科协党|组成员)
        text = text_of(doc)
        doc._.mentions = [without_glued_post(text, m) if m.label == ORG else m
                          for m in mentions_of(doc)]
        form = lower_same_length(text)
        found = [Mention(s, e, TITLE, "dictionary", 0.9, ref=t) for s, e, t in titles().find(form)
                 if not _NAME_GOES_ON.match(form, e)]
        # a body a post is named after is the post's, not an organization: 书记处(第一书记);
        # so is an organization that is exactly a post (国策顾问施颜祥)
        posts = {(m.start, m.start + len(b)) for m in found for b in _POST_BODIES
                 if form.startswith(b, m.start) and m.end - m.start > len(b)}
        posts |= {(m.start, m.end) for m in found}
        doc._.mentions = [m for m in mentions_of(doc)
                          if not (m.label == ORG and (m.start, m.end) in posts)]
        found += self._tails_after_orgs(form, doc, found)
        found = self._advisers_in_firm_names(form, doc, found)
        self._constituencies(form, doc, found)
        found = self._bodies_before_posts(form, doc, found)
        found = self._party_bodies(form, doc, found)
        found = self._sub_units(form, doc, found)
        self._outlets_before_reporters(form, doc, found)
        # An honour that spells out its academy (中国工程院院士): the academy stays an
        # organization and the rest (院士) is the title, carrying the whole honour as its ref;
        # without an organization mention at its start, the whole honour is the title.
        honours = honorifics()
        # so does a seat that spells out its body (全国人大|代表), where that body is found
        org_ends = {(m.start, m.end) for m in mentions_of(doc) if m.label == ORG}
        org_starts = {s for s, _ in org_ends}
        whole = [m for m in found if m.end - m.start > 2 and (
            normalize_name(m.ref or "") in honours
            or (m.ref in SEAT_BODIES and m.start in org_starts))]
        split = []
        for m in whole:
            end = next((e for s, e in org_ends if s == m.start and e < m.end), None)
            split.append(_post_rest(form, m, end) if end is not None else m)
        add_without_overlap(doc, split, replace=True)
        add_without_overlap(doc, [m for m in found if m not in whole])
        add_without_overlap(doc, _firms_before_posts(form, doc), replace=True)
        doc._.mentions = [self._split_surname_title(doc, form, m) for m in mentions_of(doc)]
        add_without_overlap(doc, _names_after_posts(form, mentions_of(doc)))
        doc._.mentions = _names_cut_before_posts(form, mentions_of(doc))
        doc._.mentions = _names_glued_to_verbs(form, mentions_of(doc))
        doc._.mentions = _names_in_lists(form, mentions_of(doc))
        doc._.mentions = _orgs_in_lists(form, mentions_of(doc))
        doc._.mentions = _units_of_listed_guests(form, mentions_of(doc))
        # a name a rule read between a unit and a post that is a common word: 荣誉(博士)
        common = {(w.start, w.end) for w in doc._.lac_words or ()
                  if w.tag in _COMMON_WORD_TAGS and w.end - w.start == 2}
        post_starts = {m.start for m in mentions_of(doc) if m.label == TITLE}
        doc._.mentions = [m for m in mentions_of(doc) if not (
            m.label == PERSON and m.source in ("list", "post-name")
            and (m.start, m.end) in common and m.end in post_starts)]
        return doc

    @staticmethod
    def _constituencies(form: str, doc: Doc, found: list[Mention]) -> None:
        """A legislator's constituency is not the legislature's name: 立法会|创科界议员. An
        organization that runs from the legislature into the constituency before 界议员 ends
        with the legislature."""
        seats = {t.start - 1 for t in found if t.start and form[t.start - 1 : t.end] == "界议员"}
        trimmed = []
        for m in mentions_of(doc):
            at = form.find(_LEGISLATURE, m.start, m.end)
            if m.label == ORG and m.end in seats and at >= 0 and at + len(_LEGISLATURE) < m.end:
                trimmed.append(dataclasses.replace(m, end=at + len(_LEGISLATURE)))
        if trimmed:
            add_without_overlap(doc, trimmed, replace=True)

    @staticmethod
    def _advisers_in_firm_names(form: str, doc: Doc, found: list[Mention]) -> list[Mention]:
        """顾问 between an organization and another post ends a consulting firm's name
        (建邦顾问|董事长): the organization grows over it. Before a name it stays a post
        (台积电顾问蒋尚义), as it does after a post (董事长顾问)."""
        org_at_end = {m.end: m for m in mentions_of(doc) if m.label == ORG}
        post_starts = {t.start for t in found}
        grown, out = [], []
        for t in found:
            org = org_at_end.get(t.start)
            if form[t.start : t.end] == "顾问" and org is not None and t.end in post_starts:
                grown.append(dataclasses.replace(org, end=t.end))
            else:
                out.append(t)
        return _grown(doc, grown, out, {})

    @staticmethod
    def _bodies_before_posts(form: str, doc: Doc, found: list[Mention]) -> list[Mention]:
        """Party committees the recognizers leave inside a post: 新乡市委(书记), 云南省委(常委),
        市委(书记), 校党委(副书记), 院党组(成员). The committee becomes an organization (a
        short form the document never names in full gets no node of its own later); a post
        that starts with the committee's body (党委副书记) keeps the rest as its span."""
        org_ends = {m.end for m in mentions_of(doc) if m.label == ORG}
        taken = {i for m in mentions_of(doc) for i in range(m.start, m.end)}
        orgs, out = [], []
        for t in found:
            p = t.start
            if p in org_ends or p - 1 in taken:
                out.append(t)
                continue
            if form[p - 2 : p] in _COMMITTEES and p >= 2:
                start = p - 2
                for k in range(6, 1, -1):  # the place before it: 新乡(市委), 云南(省委)
                    if start - k >= 0 and is_place(form[start - k : start]):
                        start -= k
                        break
                orgs.append(Mention(start, p, ORG, "pattern", 0.7))
            elif (body := next((b for b in ("党委", "党组") if form.startswith(b, p)), None)) \
                    and p >= 1 and form[p - 1] in "校院所局厂" and t.end > p + len(body) \
                    and (p == 1 or not "\u4e00" <= form[p - 2] <= "\u9fff"):
                # 校党委 opening its clause, not the tail of a name (…研究院党委, 我校党委)
                orgs.append(Mention(p - 1, p + len(body), ORG, "pattern", 0.7))
                t = _post_rest(form, t, p + len(body))
            out.append(t)
        if orgs:
            add_without_overlap(doc, orgs)
        return out

    @staticmethod
    def _party_bodies(form: str, doc: Doc, found: list[Mention]) -> list[Mention]:
        """A unit's party body is part of its name (奇瑞汽车股份有限公司党委, 中国科协党组): the
        organization grows over it, and a post that starts with it (党委书记, 党组成员) keeps
        only its rest as the span, with the whole post as its ``ref``."""
        title_at = {m.start: m for m in found}
        grown, shrunk = [], {}
        for m in mentions_of(doc):
            if m.label != ORG:
                continue
            if held := next((b for b in PARTY_BODIES if form.endswith(b, m.start, m.end)), None):
                # the recognizer took the body already: the post keeps its whole title, and a
                # body before another unit word is not the unit's (同济大学|党委统战部长)
                body_at = m.end - len(held)
                title = title_at.get(body_at)
                if title is not None and title.end > m.end:
                    shrunk[title] = _post_rest(form, title, m.end)
                elif _NAME_GOES_ON_AFTER_BODY.match(form, m.end) and body_at > m.start:
                    grown.append(dataclasses.replace(m, end=body_at))
                continue
            body = next((b for b in PARTY_BODIES if form.startswith(b, m.end)), None)
            if body is None:
                continue
            end = m.end + len(body)
            title = title_at.get(m.end)
            if title is not None and title.end > end:
                shrunk[title] = _post_rest(form, title, end)
            elif title is not None or _NAME_GOES_ON_AFTER_BODY.match(form, end):
                continue  # 党委 alone is the post / 党委办公室 is another unit
            grown.append(dataclasses.replace(m, end=end))
        return _grown(doc, grown, found, shrunk)

    @staticmethod
    def _outlets_before_reporters(form: str, doc: Doc, found: list[Mention]) -> None:
        """A byline's outlet is an organization: 经济日报 记者杨文琪, 香港文汇网记者刘凝哲. LAC's
        words right before 记者 / 通讯员 / 编辑 (one space allowed) that end in a media word."""
        words = doc._.lac_words or []
        ends = {w.end: i for i, w in enumerate(words)}
        taken = {i for m in mentions_of(doc) for i in range(m.start, m.end)}
        outlets = []
        for t in found:
            if not form.startswith(REPORTERS, t.start):
                continue
            end = t.start - 1 if form[t.start - 1 : t.start] == " " else t.start
            i = ends.get(end)
            if i is None or end - 1 in taken or \
                    not form[words[i].start : end].endswith(_MEDIA_ENDS):
                continue
            start = words[i].start
            for w in words[max(i - 2, 0) : i][::-1]:  # 香港|文汇网, 经济|日报
                if w.end != start or w.tag not in _OUTLET_TAGS or w.start in taken:
                    break
                start = w.start
            if end - start >= 3:
                outlets.append(Mention(start, end, ORG, "pattern", 0.7))
        if outlets:
            add_without_overlap(doc, outlets)

    @staticmethod
    def _sub_units(form: str, doc: Doc, found: list[Mention]) -> list[Mention]:
        """A unit's sub-unit written after it is part of its name (澳门大学应用物理及材料工程
        研究所, 健康科学学院药物科学系): the organization grows over LAC's plain words up to a
        sub-unit word, when nothing but those words lies between (no name, post or mark). The
        系 of a post 系主任 is the sub-unit's, and the post keeps 主任 with 系主任 as its ref."""
        words = doc._.lac_words or []
        starts = {w.start: i for i, w in enumerate(words)}
        names = {m.start for m in mentions_of(doc) if m.label in (PERSON, ORG)}
        org_at = {m.start: m for m in mentions_of(doc) if m.label == ORG}
        title_at = {m.start: m for m in found}
        grown, shrunk = [], {}
        for m in mentions_of(doc):
            if m.label != ORG:
                continue
            if (sub := org_at.get(m.end)) is not None and \
                    form[sub.start : sub.end].endswith(_GLUED_SUB_UNITS):
                grown.append(dataclasses.replace(m, end=sub.end))  # 中国半导体行业协会|IC设计分会
                continue
            if m.end not in starts:
                continue
            end, title = m.end, None
            for n_words, w in enumerate(words[starts[m.end] :]):
                word = form[w.start : w.end]
                if w.start in names or n_words == _SUB_UNIT_WORDS or \
                        w.end - m.end > _SUB_UNIT_CHARS:
                    break
                at = title_at.get(w.start)
                if at is not None:
                    if word == "系" and n_words:  # 药物科学|系主任
                        end, title = w.end, at
                    break
                if not (w.tag in _SUB_UNIT_TAGS or (word in _NAME_JOINS and end == m.end)):
                    break  # a conjunction after a whole sub-unit joins two (…中心及…中心)
                if word.endswith(_SUB_UNIT_HEADS) or word in ("系", "学系"):
                    end = w.end
            if end == m.end:
                continue
            if title is not None and title.end > end:
                shrunk[title] = _post_rest(form, title, end)
            grown.append(dataclasses.replace(m, end=end))
        return _grown(doc, grown, found, shrunk)

    @staticmethod
    def _tails_after_orgs(form: str, doc: Doc, found: list[Mention]) -> list[Mention]:
        """北京某某中心主任: 中心主任 overlaps the organization; its tail 主任 is the post."""
        orgs = {m.end: m for m in mentions_of(doc) if m.label == ORG}
        tails = []
        for m in found:
            for end in range(m.start + 1, m.end):
                if end in orgs:
                    tails += [Mention(s, e, TITLE, "dictionary", 0.9, ref=t)
                              for s, e, t in titles().find(form, end, m.end)
                              if s == end and e == m.end]
        return tails

    @staticmethod
    def _split_surname_title(doc: Doc, form: str, m: Mention) -> Mention:
        """陈教授 / 王院士 is a surname and a title, not a name: keep the title only."""
        if m.label != PERSON or m.source == "gazetteer":
            return m
        for start, end, title in titles().find(form, m.start + 1, m.end):
            if end == m.end and start - m.start <= 1:
                return Mention(start, end, TITLE, "dictionary", 0.9, ref=title)
        return m


@Language.factory("graphmap_titles")
def make_titles(nlp: Language, name: str) -> TitleComponent:
    return TitleComponent()


class TechComponent:
    """Technologies from the per-industry dictionaries, then LAC proper nouns like ``X技术``."""

    def __init__(self, use_lac_terms: bool) -> None:
        self.use_lac_terms = use_lac_terms

    def __call__(self, doc: Doc) -> Doc:
        form = lower_same_length(text_of(doc))
        found = [
            Mention(s, e, TECH, "dictionary", 0.9, ref=t.name)
            for s, e, t in technologies().find(form)
        ]
        add_without_overlap(doc, found)
        if self.use_lac_terms and doc._.lac_words:
            text = text_of(doc)
            terms = [
                Mention(w.start, w.end, TECH, "lac", 0.5, ref=text[w.start : w.end])
                for w in doc._.lac_words
                if w.tag == "nz" and 3 <= w.end - w.start <= 12
                and _TECH_SUFFIX.search(text[w.start : w.end])
            ]
            add_without_overlap(doc, terms)
        return doc


@Language.factory("graphmap_tech", default_config={"use_lac_terms": True})
def make_tech(nlp: Language, name: str, use_lac_terms: bool) -> TechComponent:
    return TechComponent(use_lac_terms)


class OrgTyping:
    """Sets ``org_type`` on every ORG mention from its name."""

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        doc._.mentions = [
            Mention(m.start, m.end, m.label, m.source, m.confidence, m.ref,
                    org_type_of(text[m.start : m.end]).value)
            if m.label == ORG and m.org_type is None
            else m
            for m in mentions_of(doc)
        ]
        return doc


@Language.factory("graphmap_org_typing")
def make_org_typing(nlp: Language, name: str) -> OrgTyping:
    return OrgTyping()


#: The source of the English model's organizations (see ``AffiliationComponent``).
EN_MODEL_ORG = "en-ner"


class AffiliationComponent:
    """Person - title - organization introductions into ``doc._.affiliations``."""

    def __init__(self) -> None:
        self.parser = AffiliationParser()

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        doc._.mentions = [m for m in (on_one_line(text, x) for x in mentions_of(doc)) if m]
        affiliations = self.parser.parse(text, doc._.mentions)
        # the English model's organizations are kept only where they hold someone's post: on
        # their own they are as often events, fields or surnames (Future of Work, Gelsinger);
        # the posts are read again without the dropped ones, which may stand between a post
        # and its organization (Under Secretary for Arms Control …, U.S. Department of State)
        kept = _held_model_orgs_only(doc._.mentions, affiliations)
        if len(kept) < len(doc._.mentions):
            affiliations = self.parser.parse(text, kept)
            kept = _held_model_orgs_only(kept, affiliations)
        doc._.mentions, doc._.affiliations = kept, affiliations
        return doc


def _held_model_orgs_only(mentions: list[Mention], affiliations: list[Affiliation]
                          ) -> list[Mention]:
    """The mentions without the English model's organizations that hold nobody's post."""
    held = {(a.org.start, a.org.end) for a in affiliations if a.org is not None}
    return [m for m in mentions if m.source != EN_MODEL_ORG or (m.start, m.end) in held]


@Language.factory("graphmap_affiliation")
def make_affiliation(nlp: Language, name: str) -> AffiliationComponent:
    return AffiliationComponent()


_CAP = r"[A-Z][\w&'’.–-]*"  # Xi’an, Wisconsin–Milwaukee
_EN_HEAD = r"(?:University|Institute|Academy|College|School|Ministry|Bureau|Department|Association)"
_EN_SUFFIX = (
    r"(?:University|Institute|Academy|Laboratory|Lab|College|Hospital|Association|Society|"
    r"Alliance|Consortium|Foundation|Bank|Group|Corporation|Corp\.|Inc\.|Ltd\.|Co\., Ltd\.|"
    r"Company|Limited|Center|Centre|Federation|Technologies|Capital|Ventures|Council|"
    r"Commission|Robotics|Microelectronics)"
)
_EN_OF = rf"(?:,? (?:of|for)(?: the)?(?: (?:and |& )?{_CAP})+)?"
_EN_ORG = re.compile(
    rf"\b(?:{_EN_HEAD}{_EN_OF}|(?:{_CAP} (?:(?:and|&) )?){{1,8}}{_EN_SUFFIX}{_EN_OF})"
)
#: Capitalized words that open a sentence rather than a name.
_EN_NOT_NAME = frozenset(
    {
        "The", "A", "An", "This", "That", "These", "Those", "Our", "Its", "Their", "One", "Two",
        "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "In", "At", "On", "By",
        "From", "With", "For", "And", "Media", "Dr.", "Prof.", "Professor", "Academician",
    }
)
#: A name after an honorific, dotted or not: Prof Tony F Chan, Mr. Ye Shuiqiu, Prof. SUN Dong,
#: Prof. Kenneth MY Leung, Prof. Lap-Chee Tsui, Prof Arden L Bement Jr.
_EN_GIVEN = r"[A-Z][A-Za-z]+(?:-[A-Za-z][a-z]+)?"
_EN_PERSON = re.compile(
    r"\b(?:(?:Prof|Professor|Dr|Mr|Ms|Mrs|Miss|Sir|Academician)\.?\s+)"
    rf"({_EN_GIVEN}(?: (?:[A-Z]\.|[A-Z]{{1,2}}\b|{_EN_GIVEN})){{0,3}}(?: Jr\.?| Sr\.?)?)"
)
#: A name, then its post: ``Wang Ming, Chief Engineer``, a speaker list's ``Albert Wong. CEO,``
#: or its name line above the post line (``Shen Zuojun\nChair Professor of …``).
_EN_NAME_BEFORE_TITLE = re.compile(
    r"(?<!\band )(?<!\bof )(?<!& )(?<!\bthe )\b(?:(?:Prof|Professor|Dr|Mr|Ms|Mrs|Sir)\.? )?"
    r"((?!(?:Prof|Dr|Mr|Ms|Mrs|Sir)\b)[A-Z][a-z]+(?:-[a-z]+)?"
    r"(?: (?:[A-Z]\.?|[A-Z][a-z]+(?:-[a-z]+)?)){1,3})(?:, |\. |\n)(?:a |the )?"
    r"(?i:professor|researcher|director|chief|founder|co-founder|CEO|CTO|president|vice|"
    r"acting|chair|honorary|founding|dean|head|engineer|scientist|minister|secretary|partner)\b",
)


#: An organization's acronym (HKUST, CityU, PolyU): taken as one where the text defines it,
#: ``The Hong Kong University of Science and Technology (HKUST)``, where it follows ``at``
#: (Dean of Engineering at HKUST), where a post follows it (HKUST President) or where it
#: announces or appoints (SEMATECH names, SEMATECH's newly appointed Chairman).
_EN_ACRONYM = re.compile(r"(?<![\w-])[A-Z][a-z]{0,3}[A-Z]{1,7}(?:-[A-Z]{1,5})?\b(?!-)")  # AZ-TW
_EN_AT = re.compile(r"\b(?:at|of) (?:the )?\Z")
#: After an acronym that is the subject of an announcement: SEMATECH names, SEMI today
#: announced; or before its post: SEMATECH's newly appointed Chairman.
_EN_ACRONYM_ACTS = re.compile(
    rf"(?: today| also| has| have| recently)* (?:announced|announces|{EN_APPOINT_VERB})\b"
    rf"|['’]s {EN_POST_ADJECTIVES}")


def _en_acronyms(text: str) -> list[Mention]:
    form = lower_same_length(text)
    posts = {s for s, _, _ in titles().find(form)}
    defined = {m.group()[1:-1] for m in re.finditer(r"\([A-Z][A-Za-z]{1,7}\)", text)}
    found = []
    for m in _EN_ACRONYM.finditer(text):
        word = m.group()
        if word in defined and text[m.start() - 1 : m.start()] == "(":
            continue  # the definition itself: the full name before it is the mention
        acts = _EN_ACRONYM_ACTS.match(text, m.end())
        after_of = _EN_AT.search(text, max(0, m.start() - 8), m.start())
        if after_of and re.match(r" [A-Z][a-z]", text[m.end() : m.end() + 3]) and (
                m.end() + 1 not in posts) and not _EN_OWN_BODY.match(text, m.end() + 1):
            # President of US Regulated Industries: a longer unit's name (not chair of the
            # ACP Board of Directors: the acronym's own board)
            after_of = None
        if (word in defined or after_of
                or m.end() + 1 in posts
                or (acts and (acts.group()[0] == " " or acts.end() in posts))):
            found.append(Mention(m.start(), m.end(), ORG, "pattern", 0.6))
    return found


def _inside_a_name(text: str, match: re.Match[str]) -> bool:
    """The match goes on a capitalized phrase (Logistics and Supply | Chain Management, Vice)."""
    before = text[max(0, match.start() - 20) : match.start()]
    return bool(re.search(r"[A-Z][a-z]* \Z", before))


#: ", of" and a one-word place closing an organization's match: the organization's town.
_EN_OF_TOWN = re.compile(r", (?:of|for) (?=[A-Z][a-z]+(?:, | [A-Z]\.|[.,]?\Z))")


#: A stop that belongs to an organization's name, not to the sentence: Inc., Ltd., Corp.
_EN_LEGAL_STOP = re.compile(r"\b(?:Inc|Ltd|Corp|Co|Bros)\.\Z")


def _en_org(match: re.Match[str]) -> Mention | None:
    """Drop leading sentence words (The, Three ...) from an organization match, and a post
    glued to its end (… Academy of Engineering and Director, University of Hong Kong Head)."""
    start, text = match.start(), match.group()
    form = lower_same_length(text)
    for s, e, _ in titles().find(form):
        if e == len(text) and s > 0 and text[s - 1] == " ":
            text = text[: s - 1].removesuffix(" and")
            break
        if s > 5 and form[s - 5 : s] == " and ":
            text = text[: s - 5]
            break
    if place := _EN_OF_TOWN.search(text):
        text = text[: place.start()]  # GelTex Pharmaceuticals Inc., of Waltham: its town
    while (word := text.split(" ", 1)[0]) in _EN_NOT_NAME and " " in text:
        start += len(word) + 1
        text = text[len(word) + 1 :]
    if " " not in text and not re.fullmatch(_EN_HEAD, text):
        return None
    if text.endswith(".") and not _EN_LEGAL_STOP.search(text):
        text = text[:-1]  # the sentence's full stop: … Mechanical Engineers.
    return Mention(start, start + len(text), ORG, "pattern", 0.7)


#: A person's name: given name(s), initials, family name (Henry B. Schacht, Ishwar K. Puri).
_EN_NAME = re.compile(
    r"(?<![\w.'’-])(?!(?:Prof|Professor|Dr|Mr|Ms|Mrs|Miss|Sir|Academician)\b)"
    r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
    r"(?: (?:[A-Z]\.(?: ?[A-Z]\.)?|[A-Z]{1,2}\b|[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?)){1,3}(?![\w'’])"
)
#: Words that make a capitalized run a place, a program or an organization, not a person.
_EN_NOT_PERSON_WORD = re.compile(
    rf"{_EN_SUFFIX}|{_EN_HEAD}|Engineering|Science|Sciences|Technology|Program|Programs|"
    r"Forum|Summit|Conference|Session|Room|Hall|Park|Street|Avenue|Road|Award|Prize|Day|"
    r"Week|Board|Office|Committee|Team|Network|Initiative|Project|House|Senate|Congress|"
    r"Hong|Kong|China|Chinese|America|American|United|States|National|International|Global|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Next|Last|During|After|Before|"
    r"Campus|Energy|Power|Systems|Solutions|Services|Times|News|Health|Partners|Investors|"
    r"Holdings|Labs|Laureate|Medal"
)
#: Fields after "Professor of" / "Dean of": a discipline, not an organization.
_EN_FIELD = re.compile(
    r"(?:Engineering|Science|Sciences|Physics|Chemistry|Biology|Medicine|Law|Business|"
    r"Economics|Mathematics|Computer|Computing|Electrical|Mechanical|Civil|Chemical|Research|"
    r"Programs?|Operations|Marketing|Technology|Finance|Sales|Studies|Education|Design|"
    r"Innovation|Strategy|Product|Products|Engineers|Staff|Global|Public|Corporate|External)\b"
)
#: Between a name and its post: "Name, the Org's Dean".
_EN_NAME_TO_POST = re.compile(
    r"(?:, |\n)(?:(?:a|the|an) )?(?:[A-Z][\w&-]*(?: [A-Z][\w&-]*){0,3}['’]s )?"
    rf"{EN_POST_ADJECTIVES}")
#: Between a name and a post its organization's name stands before: "Name, NASA
#: Administrator", "Name, Google Cloud CEO".
_EN_NAME_TO_ORG_POST = re.compile(r"(?:, |\n)[A-Z][\w&-]*(?: [A-Z][\w&-]*){0,2} ")
#: Between a post and the name it introduces: a space and maybe an honorific.
_EN_POST_TO_NAME = re.compile(r" (?:(?:Prof|Professor|Dr|Mr|Ms|Mrs|Sir)\.? )?")
#: An organization after a post: "President of Yale", "dean of engineering at Yale",
#: "Member of the Committee on Science".
_EN_ORG_AFTER_POST = re.compile(
    r"(?: (?:of|in) [A-Za-z]+(?: (?:and )?[A-Za-z]+){0,2} at| (?:of|at))(?: the)? "
    r"((?:[A-Z][\w&-]*)(?: (?:(?:of|on|for|and|&) )?[A-Z][\w&-]*){0,5})"
)
#: An organization's name, ending in its kind, then a name: the person who holds the post.
_EN_ORG_THEN_NAME = re.compile(
    rf"(.*\b{_EN_SUFFIX}) "
    r"([A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Za-z][a-z]+)?){1,2})"
)
#: The run of an organization's words stops where a person follows: "USTB and Prof. HE".
_EN_AND_PERSON = re.compile(r" (?:and|&) (?=(?:Prof|Professor|Dr|Mr|Mrs|Ms|Sir)\b)")
#: The body of the organization a sentence is about, not a name: Chairman of the Board.
_EN_OWN_BODY = re.compile(
    r"(?:Executive |Advisory )?(?:Board|Company|Group|Committee|Council|Corporation|Firm)"
    r"(?: of (?:Directors|Trustees))?")
#: Posts whose "of" names a field, never the employer: Professor of Chemistry.
_EN_TEACHING_POST = re.compile(r"professor|lecturer|fellow|scholar|chair\b")
#: An organization named right before a post: "Raytheon chairman", "McMaster's Dean".
_EN_ORG_BEFORE_POST = re.compile(r"((?:[A-Z][\w&-]*)(?: [A-Z][\w&-]*){0,3})(?:['’]s)? \Z")


def _en_person_word_ok(name: str) -> bool:
    words = name.split(" ")
    return not (words[0] in _EN_NOT_NAME or any(_EN_NOT_PERSON_WORD.fullmatch(w)
                                                   for w in words))


#: Honorifics before an English name (Ir: a Hong Kong engineer's).
_EN_HONORIFICS = frozenset({"Prof", "Professor", "Dr", "Mr", "Ms", "Mrs", "Miss", "Sir", "Ir",
                            "Academician"})


def _en_names(text: str, posts: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """The capitalized runs that may be names; a run holding a post or a word no name has is
    tried again after its last such word (``NTNU President Cheng-Chih Wu``, ``Honorary
    Chairman Jin-Pyng Wang``, ``Party Committee Wang Hongrui``: the names after them)."""
    pos = 0
    while m := _EN_NAME.search(text, pos):
        restart, at = None, m.start()
        for word in m.group().split(" ")[:-2]:
            if (word in _EN_NOT_NAME or word.rstrip(".") in _EN_HONORIFICS
                    or _EN_NOT_PERSON_WORD.fullmatch(word)
                    or any(s < at + len(word) and at < e for s, e in posts)):
                restart = at + len(word) + 1
            at += len(word) + 1
        if restart is not None:
            pos = restart
            continue
        yield m
        pos = m.end()


def _whole_words(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans that are whole words of ``text`` (Head, not the head of Ahead)."""
    return sorted((s, e) for s, e in spans if (s == 0 or not text[s - 1].isalnum())
                  and (e == len(text) or not text[e].isalnum()))


def _en_appointees(text: str, posts: list[tuple[int, int]]) -> list[Mention]:
    """The people of appointment sentences, which name them with no post next to them:
    ``Acme names Jane Doe as its CEO``, ``the appointment of Jane Doe``, ``Jane Doe has been
    elected …``, ``Jane Doe joins Acme``. ``posts`` are as :func:`_en_posts_people_orgs`'s."""
    found = []
    for m in _en_names(text, posts):
        name = m.group()
        if not _en_person_word_ok(name) or any(s < m.end() and m.start() < e for s, e in posts):
            continue
        before = EN_APPOINTING.search(text, max(0, m.start() - 40), m.start())
        if (before and EN_APPOINTED_TO.match(text, m.end())) or \
                EN_PASSIVE_APPOINTMENT.match(text, m.end()):
            found.append(Mention(m.start(), m.end(), PERSON, "pattern", 0.6))
    return found


def _en_posts_people_orgs(text: str, posts: list[tuple[int, int]]) -> list[Mention]:
    """People and organizations next to a post from the title dictionary.

    - a name, a comma (or a line break), then a post or "Org's post": ``Darshan Karwat,
      Assistant Professor``, ``Ishwar K. Puri, McMaster's Dean of Engineering``;
    - a post, then a name: ``CEO William H. Swanson``, ``GEDC Chair Sirin Tekinay``;
    - an organization after the post (``President of Yale``) or right before it
      (``Raytheon chairman``, ``McMaster's Dean``).

    ``posts`` are the title dictionary's matches in ``text`` that are whole words, in order.
    """
    form = lower_same_length(text)
    post_starts = {s for s, _ in posts}
    found: list[Mention] = []
    for m in _en_names(text, posts):
        name = m.group()
        if not _en_person_word_ok(name) or any(s <= m.start() < e for s, e in posts):
            continue
        after = _EN_NAME_TO_POST.match(text[m.end() : m.end() + 60])
        post_before = any(_EN_POST_TO_NAME.fullmatch(text, e, m.start())
                          for _, e in posts if m.start() - 12 <= e < m.start())
        org_post = any(_EN_NAME_TO_ORG_POST.fullmatch(text, m.end(), p)
                       for p in post_starts if m.end() < p <= m.end() + 40)
        if (after and m.end() + after.end() in post_starts) or post_before or org_post:
            found.append(Mention(m.start(), m.end(), PERSON, "pattern", 0.65))
    for s, e in posts:
        org = _EN_ORG_AFTER_POST.match(text, e)
        if org and _EN_TEACHING_POST.search(form, s, e) and text.startswith(" of", e):
            org = None  # Chair Professor of Logistics and Supply Chain Management: a field
        if org and not _EN_FIELD.match(org.group(1)):
            name = org.group(1)
            # the run stops at the next post: … Academy of Engineering and Director
            inner = [a - org.start(1) for a, _ in posts if org.start(1) < a < org.end(1)]
            if inner:
                name = name[: inner[0]].rstrip().removesuffix(" and").rstrip(" ,")
            name = _EN_AND_PERSON.split(name.removesuffix(" and"), maxsplit=1)[0]
            if held := _EN_ORG_THEN_NAME.fullmatch(name):
                # Chairman of NTNU Alumni Association Sheng-Hsiung Hsu: the post's holder follows
                name = held.group(1)
                if _en_person_word_ok(held.group(2)):
                    found.append(Mention(org.start(1) + held.start(2), org.start(1) + held.end(2),
                                         PERSON, "pattern", 0.6))
            # a run shaped like a person's name is a company's (chief executive officer of
            # Virgin Galactic), unless it is a generic body (Secretary of the Party Committee,
            # Chairman of the Group Company) or a portfolio (Minister of Economic Affairs)
            generic = (_EN_NAME.fullmatch(name) or _EN_OWN_BODY.fullmatch(name)) and (
                org.group().startswith((" of the ", " at the ")) or name.endswith(" Affairs"))
            if name.split(" ", 1)[0] not in _EN_NOT_NAME and not generic:
                found.append(Mention(org.start(1), org.start(1) + len(name), ORG, "pattern", 0.6))
        if (org := _EN_ORG_BEFORE_POST.search(text, max(0, s - 40), s)) and (
                text[s].islower() or "’s" in org.group() or "'s" in org.group()):
            name = org.group(1)
            words = name.split(" ")
            if (words[0] not in _EN_NOT_NAME and not any(a <= org.start(1) < b for a, b in posts)
                    and not (_EN_NAME.fullmatch(name) and _en_person_word_ok(name))):
                found.append(Mention(org.start(1), org.end(1), ORG, "pattern", 0.6))
    return found


_EN_GENERIC_BODY = re.compile(
    r"(?:(?:Party|Standing|Executive|Advisory|Organizing|Steering) )?(?:Committee|Board|Council"
    r"|Group|Company|Campus|School|Department|Office|Division|Team)(?: (?:Company|of Directors"
    r"|of Trustees))?")


#: An event's name, not an organization's: GEDC Industry Forum, AI Innovation Summit.
_EN_EVENT_WORDS = re.compile(
    r"\b(?:Summit|Forum|Symposium|Conference|Workshop|Seminar|Expo|Anniversary|Week|Day|"
    r"Festival|Fair|Show|Meeting)\b")
#: A first word shaped like a participle or an adjective: Featured Speakers, Bipedal Bugs.
_EN_PHRASE_WORD = re.compile(r"[A-Z][a-z]{3,}(?:ed|al|ive|ous) ")
#: Words of a phrase the English model takes for a person's name.
_EN_NOT_PERSON_MODEL_WORD = re.compile(
    r"Speech|Speeches|Ceremony|Speakers?|Attendees?|Memorial|Meets|Visits|Galactic|Macau|"
    r"Panel|Keynote|Remarks|Welcome|Opening|Closing")
#: One word shaped like an adjective is no organization: Financial, Aeronautical, Strategic.
_EN_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:al|ic|ive|ous|ary)")
#: An honour or prize, not the body that gives it: Nobel Laureate, Turing Award.
_EN_HONOUR_WORDS = re.compile(r"\b(?:Laureate|Award|Prize|Medal|Fellow|Fellows)\b")


#: The name of whoever appoints, right before the verb: "Acusphere has appointed",
#: "Satellite company Eutelsat has appointed", "Abraxis BioScience names".
_EN_APPOINTING_SUBJECT = re.compile(
    r"(?<![\w&.'’-])((?:[A-Z][\w&.'’-]*)(?: [A-Z][\w&.'’-]*){0,3})"
    rf"(?= (?:has |have |today |also |recently )*{EN_APPOINT_VERB}\b)")


def _en_appointing_subjects(text: str, found: list[Mention], posts: list[tuple[int, int]]
                            ) -> list[Mention]:
    """The organization that appoints, named right before the verb, where no pattern found a
    name there: not a sentence word (The, It), a post's holder (President Biden named) or a
    name the patterns found."""
    out = []
    for m in _EN_APPOINTING_SUBJECT.finditer(text):
        start, end = m.span(1)
        words = m.group(1).split(" ")
        while words and words[0] in _EN_NOT_NAME:
            start += len(words.pop(0)) + 1
        if (not words or any(s < end and start < e for s, e in posts)
                or any(p_end in (start - 1, start) for _, p_end in posts)
                or any(f.start < end and start < f.end for f in found)
                or words[-1] in ("Board", "Committee", "Council", "Directors", "Trustees")):
            continue
        out.append(Mention(start, end, ORG, "pattern", 0.55))
    return out


#: A speaker list's line: the name (after a bullet or a role label), its posts, and last the
#: organization: "• Curt Blake, CEO, Spaceflight Industries", "Moderator: Ron Epstein, Senior
#: Equity Analyst, Bank of America", "Name, Under Secretary for X, U.S. Department of State".
_EN_SPEAKER_LINE = re.compile(
    r"^[ \t•·*-]*(?:[A-Z][a-z]+: )?(?:(?:The Honorable|Prof|Professor|Dr|Mr|Ms|Mrs|Sir|Col)\.? )?")
#: The organization closing such a line: capitalized words (and their small words), to the
#: line's end or a remark after a colon or in brackets.
_EN_LINE_ORG = re.compile(
    r", ((?:The |the )?[A-Z][\w&.'’/-]*(?: (?:(?:of|for|and|the|de|du|&) )?[A-Z][\w&.'’/-]*){0,7})"
    r"\s*(?::[^,\n]*|\([^()\n]*\))?\s*$")


def _speaker_line_orgs(text: str, mentions: list[Mention], posts: list[tuple[int, int]]
                       ) -> list[Mention]:
    """The organization at the end of each speaker-list line whose name opens it and whose
    post follows the name's comma; the recognizers miss many such names out of context."""
    people = {m.start: m for m in mentions if m.label == PERSON}
    post_starts = {s for s, _ in posts}
    found, start = [], 0
    for line in text.split("\n"):
        lead = _EN_SPEAKER_LINE.match(line)
        person = people.get(start + lead.end())
        org = _EN_LINE_ORG.search(line) if person is not None else None
        if org is not None and line.startswith(", ", person.end - start):
            first = person.end + 2
            # the post, maybe after a word or two that qualify it (Assistant Secretary)
            words = [first] + [first + w.end() for w in re.finditer(r"[A-Z][\w.-]* ",
                                                                      text[first : first + 40])]
            at, end = start + org.start(1), start + org.end(1)
            end -= text[end - 1] == "." and not _EN_LEGAL_STOP.search(text, at, end)
            # an organization already named on the line makes the last words its place
            # (president of GelTex Inc., Waltham, Mass.)
            if any(w in post_starts for w in words[:3]) and at > person.end + 2 \
                    and not any(s <= at < e for s, e in posts) and not any(
                        m.label == ORG and m.source != EN_MODEL_ORG
                        and person.end <= m.start and m.end <= at for m in mentions):
                found.append(Mention(at, end, ORG, "pattern", 0.6))
        start += len(line) + 1
    return found


def _en_model_mentions(doc: Doc, text: str, posts: list[tuple[int, int]],
                       patterns: list[Mention]) -> list[Mention]:
    """The English model's people and organizations, cut to their name: symbols and "the"
    at the edges dropped; no honorific, post, possessive or line break inside; a person has a
    given and a family name and no word of a phrase (Featured Speakers, Signing Ceremony); an
    organization is no generic body (the Party Committee), event, honour, adjective or
    surname of a person named in the chunk (Grogan)."""
    found = []
    surnames = {text[m.start : m.end].rsplit(" ", 1)[-1] for m in patterns if m.label == PERSON}
    surnames |= {e.text.rsplit(" ", 1)[-1] for e in doc.ents if e.label_ == "PERSON"}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        start, end = ent.start_char, ent.end_char
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
            end -= 1
        if text.startswith(("the ", "The "), start):
            start += 4
        if text.endswith(("'s", "’s"), start, end):
            end -= 2
        name = text[start:end]
        words = name.split(" ")
        if (not name or not name[0].isupper() or "\n" in name
                or any(w.rstrip(".") in _EN_HONORIFICS for w in words)
                or any(start <= s < end for s, _ in posts)):
            continue
        if ent.label_ == "PERSON":
            if (len(words) < 2 or not _en_person_word_ok(name) or any(c.isdigit() for c in name)
                    or "'" in name or "’" in name or _EN_PHRASE_WORD.match(name)
                    or any(_EN_NOT_PERSON_MODEL_WORD.fullmatch(w) for w in words)):
                continue
            found.append(Mention(start, end, PERSON, "ner", 0.7))
        elif not (_EN_GENERIC_BODY.fullmatch(name) or name in _EN_NOT_NAME
                  or _EN_ADJECTIVE.fullmatch(name) or _EN_HONOUR_WORDS.search(name)
                  or _EN_EVENT_WORDS.search(name) or name in surnames):
            found.append(Mention(start, end, ORG, EN_MODEL_ORG, 0.7))
    return found


class EnglishEntities:
    """English organizations (suffix and "X of Y" patterns) and people (title-led names),
    then the English model's people and organizations where no pattern found a name."""

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        found = [m for match in _EN_ORG.finditer(text) if (m := _en_org(match)) is not None]
        posts = [(s, e) for s, e, _ in titles().find(lower_same_length(text))]
        words = _whole_words(text, posts)
        found += _en_posts_people_orgs(text, words)
        found += _en_appointees(text, words)
        post_starts = {s for s, _ in posts}
        found += [
            Mention(m.start(1), m.end(1), PERSON, "pattern", 0.7)
            for pattern in (_EN_PERSON, _EN_NAME_BEFORE_TITLE)
            for m in pattern.finditer(text)
            if m.group(1).split(" ", 1)[0] not in _EN_NOT_NAME
            and not (pattern is _EN_NAME_BEFORE_TITLE and (
                _inside_a_name(text, m) or m.start(1) in post_starts))  # Secretary Zhang Wei,
        ]
        found += _en_acronyms(text)
        found += _en_appointing_subjects(text, found, posts)
        found.sort(key=lambda m: (m.start, -m.end))
        # last, so that a pattern's longer name wins (OpenAI; never Apple, a common word)
        found += [m for m in _known_orgs(text, ()) if text[m.start : m.end].isascii()]
        # the English model's names last: the patterns' were chosen on this text (measured:
        # the model first loses more links than it adds)
        model = _en_model_mentions(doc, text, posts, found)
        speaker_orgs = _speaker_line_orgs(text, found + model, posts)
        found = [m for m in found if not any(m.label == ORG and o.overlaps(m)
                                             for o in speaker_orgs)]
        found += speaker_orgs + model
        add_without_overlap(doc, found)
        return doc


@Language.factory("graphmap_en_entities")
def make_en_entities(nlp: Language, name: str) -> EnglishEntities:
    return EnglishEntities()
