"""Document in, :class:`~graphmap.model.Extraction` out: entities and relations with evidence.

Text is cut into sentence-aligned chunks, each chunk runs through the Chinese or English
pipeline in its matching form (same length as the original, so offsets carry over), and the
mentions of all chunks are assembled into typed entities and relations here. Every entity and
relation carries :class:`~graphmap.model.Evidence` whose ``doc.text[start:end]`` is the quoted
mention (for a relation, the stretch from its first to its last mention).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

import numpy

from graphmap.model import (
    Achievement,
    Document,
    EdgeKind,
    Entity,
    Event,
    Evidence,
    Extraction,
    NodeKind,
    Organization,
    OrgType,
    Person,
    Relation,
    Status,
    Technology,
)
from graphmap.normalize import normalize_name
from nlp import events
from nlp import relations as cues
from nlp.components import DOC_FAMILY_NAMES, DOC_NAMES, english_family_names
from nlp.gazetteer import Gazetteer, KnownEntity
from nlp.lexicon import org_type_of
from nlp.mentions import ORG, PERSON, TECH, TITLE, Affiliation, Mention, text_of
from nlp.pipeline import (
    finish,
    one_blas_thread,
    pipeline_version,
    pipelines,
    recognize,
    set_gazetteer,
)
from nlp.shortforms import complete_short_forms, document_names
from nlp.spans import party_body_start, trim_mention
from nlp.text import SENTENCE_END, chunks, is_chinese, matching_text, split_sentences

#: How far before a cue its subject may end, and how far after it objects may lie.
SUBJECT_GAP = 20
OBJECT_SPAN = 40
_CLAUSE_BREAK = re.compile(r"[,，;；:：。!！?？\n]")
#: Between organizations of one cooperating group: 与 / 和 / 同 / 、 / 及, maybe 以及.
_CONNECTOR = re.compile(r"^\s*(?:与|和|同|跟|、|及|以及|,|，)\s*$")

#: Evidence kept per entity per document (the first ones; the rest add nothing new).
MAX_EVIDENCE = 20
CHUNK_CHARS = 400

Progress = Callable[[int], None]


@dataclass(slots=True)
class _DocMentions:
    mentions: list[Mention]
    affiliations: list[Affiliation]
    names: dict[str, str]  # see nlp.shortforms.document_names


def extract_document(doc: Document, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract entities and relations from one document.

    Parameters
    ----------
    doc : Document
        Text, sentences (optional; split here when absent) and, for transcripts, turns.
    gazetteer : Gazetteer, optional
        Names the member/expert lists gave; matches keep those entities' ids.

    Returns
    -------
    Extraction
        Entities and relations, all ``uncertain``, each with evidence into ``doc.text``.

    Examples
    --------
    >>> from graphmap.model import Document
    >>> ex = extract_document(Document(path="a.txt", content_hash="x",
    ...                                text="来自中科院自动化所的李四研究员介绍了机器学习。"))
    >>> sorted(e.name for e in ex.entities if e.kind.value == "Person")
    ['李四']
    """
    return next(extract_many([doc], gazetteer))


def extract_many(
    docs: Iterable[Document],
    gazetteer: Gazetteer | None = None,
    *,
    n_process: int = 1,
    batch_size: int = 32,
    progress: Progress | None = None,
) -> Iterator[Extraction]:
    """Extract many documents, in order, in bounded memory.

    Parameters
    ----------
    docs : iterable of Document
        Read lazily, ``batch_size`` documents at a time.
    gazetteer : Gazetteer, optional
        Known names (see :func:`extract_document`).
    n_process : int
        Worker processes; each loads the pipeline once. ``1`` runs in this process.
    batch_size : int
        Documents per batch (chunks of one batch go through ``nlp.pipe`` together).
    progress : callable, optional
        Called with the number of characters of each finished document.
    """
    batches = _batches(docs, batch_size)
    if n_process <= 1:
        for batch in batches:
            for extraction, chars in _extract_batch(batch, gazetteer):
                if progress:
                    progress(chars)
                yield extraction
        return
    with ProcessPoolExecutor(
        max_workers=n_process, initializer=_init_worker, initargs=(gazetteer,)
    ) as pool:
        pending = []
        for batch in batches:
            pending.append(pool.submit(_worker_batch, batch))
            if len(pending) >= 2 * n_process:
                yield from _drain(pending.pop(0).result(), progress)
        for future in pending:
            yield from _drain(future.result(), progress)


def _drain(results, progress: Progress | None) -> Iterator[Extraction]:
    for extraction, chars in results:
        if progress:
            progress(chars)
        yield extraction


_WORKER_GAZETTEER: Gazetteer | None = None


def _init_worker(gazetteer: Gazetteer | None) -> None:
    global _WORKER_GAZETTEER
    _WORKER_GAZETTEER = gazetteer


def _worker_batch(batch: list[Document]) -> list[tuple[Extraction, int]]:
    return list(_extract_batch(batch, _WORKER_GAZETTEER))


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while batch := list(islice(it, max(1, size))):
        yield batch


def _sentences(doc: Document, form: str) -> list[tuple[int, int]]:
    spans = [(s.start, s.end) for s in doc.sentences if 0 <= s.start < s.end <= len(doc.text)]
    return sorted(spans) if spans else split_sentences(form)


def _extract_batch(
    batch: list[Document], gazetteer: Gazetteer | None
) -> Iterator[tuple[Extraction, int]]:
    zh, en = pipelines()
    set_gazetteer(zh, gazetteer)
    set_gazetteer(en, gazetteer)
    version = pipeline_version()
    forms = [matching_text(d.text) for d in batch]
    sentence_lists = [_sentences(d, f) for d, f in zip(batch, forms, strict=True)]
    jobs: dict[bool, list[tuple[str, tuple[int, int]]]] = {True: [], False: []}
    for i, (form, sents) in enumerate(zip(forms, sentence_lists, strict=True)):
        for s, e in chunks(sents, CHUNK_CHARS, form):
            jobs[is_chinese(form[s:e])].append((form[s:e], (i, s)))
    found = [_DocMentions([], [], {}) for _ in batch]
    with one_blas_thread():
        recognized = {chinese: list(zip(recognize(zh if chinese else en,
                                                  (text for text, _ in items)),
                                        (where for _, where in items), strict=True))
                      for chinese, items in jobs.items()}
        orgs: list[list[tuple[int, int]]] = [[] for _ in batch]
        people: list[set[str]] = [set() for _ in batch]  # English people, for family names
        for sdoc, (i, offset) in (pair for done in recognized.values() for pair in done):
            sdoc.tensor = _NO_TENSOR  # the recognizers' features: not needed any more
            orgs[i].extend((m.start + offset, m.end + offset)
                           for m in sdoc._.mentions or () if m.label == ORG)
            people[i].update(text_of(sdoc)[m.start : m.end] for m in sdoc._.mentions or ()
                             if m.label == PERSON)
        for form, dm, spans in zip(forms, found, orgs, strict=True):
            dm.names = document_names(form, spans)
        family = [english_family_names(names) for names in people]
        for chinese, done in recognized.items():
            for sdoc, (i, _) in done:
                sdoc.user_data[DOC_NAMES] = found[i].names
                if not chinese:
                    sdoc.user_data[DOC_FAMILY_NAMES] = family[i]
            finished = finish(zh if chinese else en, (sdoc for sdoc, _ in done))
            for sdoc, (i, offset) in zip(finished, (where for _, where in done), strict=True):
                found[i].mentions.extend(_shift(m, offset) for m in sdoc._.mentions or ())
                found[i].affiliations.extend(
                    _shift_aff(a, offset) for a in sdoc._.affiliations or ()
                )
    for doc, form, sents, dm in zip(batch, forms, sentence_lists, found, strict=True):
        extraction = _Assembler(doc, form, sents, dm, gazetteer).run()
        extraction.extractor_version = version
        yield extraction, len(doc.text)


_NO_TENSOR = numpy.zeros((0,), dtype="float32")


def _shift(m: Mention, offset: int) -> Mention:
    return dataclasses.replace(m, start=m.start + offset, end=m.end + offset)


def _shift_aff(a: Affiliation, offset: int) -> Affiliation:
    return Affiliation(
        _shift(a.person, offset),
        _shift(a.org, offset) if a.org else None,
        [_shift(t, offset) for t in a.titles],
        a.confidence,
        a.pattern,
    )


def _mirror(entity: Entity) -> Entity:
    """A fresh entity with a listed entity's identity (same id), none of the list's facts.

    The list's own fields (titles, bio ...) and evidence stay with the list record; what the
    text says is added here with the text's evidence.
    """
    if isinstance(entity, Organization):
        return Organization(name=entity.name, org_type=entity.org_type,
                            credit_code=entity.credit_code, region=entity.region)
    if isinstance(entity, Person):
        return Person(name=entity.name, organization=entity.organization)
    return dataclasses.replace(entity, aliases=set(), status=Status.UNCERTAIN, evidence=[])


class _Assembler:
    """Turns one document's mentions into entities and relations."""

    def __init__(
        self,
        doc: Document,
        form: str,
        sentences: list[tuple[int, int]],
        found: _DocMentions,
        gazetteer: Gazetteer | None,
    ) -> None:
        self.doc = doc
        self.text = doc.text
        self.form = form
        self.sentences = sentences or [(0, len(doc.text))]
        self._starts = [s for s, _ in self.sentences]
        self.mentions = [t for m in found.mentions if (t := trim_mention(self.form, m)) is not None]
        self.affiliations = [
            a if a.org is None else Affiliation(a.person, trim_mention(self.form, a.org), a.titles,
                                                a.confidence, a.pattern)
            for a in found.affiliations
        ]
        self.gazetteer = gazetteer
        self.names = found.names
        self.full_surfaces = {self.form[m.start : m.end].strip(): self.surface(m)
                              for m in reversed(self.mentions) if m.label == ORG}
        self.entities: dict[str, Entity] = {}
        self.relations: dict[str, Relation] = {}
        self.mention_entity: dict[tuple[int, int], str] = {}

    # -- evidence ---------------------------------------------------------------------------
    def sentence_of(self, start: int, end: int | None = None) -> tuple[int, int]:
        k = max(0, bisect.bisect_right(self._starts, start) - 1)
        s, e = self.sentences[k]
        if end is not None and end > e:
            e = end
        return s, e

    def evidence(self, start: int, end: int, extractor: str, confidence: float) -> Evidence:
        s, e = self.sentence_of(start, end)
        return Evidence(
            doc_id=self.doc.id,
            start=start,
            end=end,
            sentence=self.text[s:e].strip(),
            extractor=f"nlp.{extractor}",
            confidence=round(min(1.0, max(0.0, confidence)), 3),
        )

    def surface(self, m: Mention) -> str:
        return self.text[m.start : m.end].strip()

    # -- entities ---------------------------------------------------------------------------
    def add_entity(self, entity: Entity, evidence: Evidence | None) -> Entity:
        current = self.entities.get(entity.id)
        if current is None:
            current = self.entities[entity.id] = entity
        if (
            evidence is not None
            and len(current.evidence) < MAX_EVIDENCE
            and evidence not in current.evidence
        ):
            current.evidence.append(evidence)
        return current

    def known(self, m: Mention) -> Entity | None:
        if m.source != "gazetteer" or self.gazetteer is None or m.ref is None:
            return None
        known: KnownEntity | None = self.gazetteer.get(m.ref)
        if known is None or known.entity is None:
            return None
        entity = _mirror(known.entity)
        if isinstance(entity, Organization) and entity.org_type == OrgType.OTHER:
            entity.org_type = org_type_of(entity.name)
        return entity

    def _short_forms(self) -> dict[str, str | None]:
        """Matching form of each short-form organization (市科协, 管委会) -> the full name the
        document gives it, or ``None`` when it names none or several (see nlp.shortforms)."""
        surfaces: dict[str, str] = {}
        orgs = [m for m in self.mentions if m.label == ORG]
        orgs += [a.org for a in self.affiliations if a.org is not None]
        for m in orgs:
            if m.source not in ("post", "gazetteer"):
                surfaces.setdefault(self.form[m.start : m.end].strip(), self.surface(m))
                body = party_body_start(self.form[m.start : m.end])
                if body is not None and body >= 2:  # 市农科院党委: 市农科院 is a short form too
                    unit = dataclasses.replace(m, end=m.start + body)
                    surfaces.setdefault(self.form[unit.start : unit.end].strip(),
                                        self.surface(unit))
        return {short: surfaces.get(full, full) if full else None
                for short, full in complete_short_forms(surfaces).items()}

    def short_form(self, m: Mention) -> tuple[bool, str | None]:
        """(is a short form, the full name it stands for or None)."""
        if m.source in ("post", "gazetteer"):
            return False, None
        key = self.form[m.start : m.end].strip()
        if key not in self.short_forms:
            return False, None
        return True, self.short_forms[key]

    def org_entity(self, m: Mention) -> Entity:
        # a post names its government by the place: 广东省(副省长) -> 广东省人民政府
        name = m.ref if m.source == "post" and m.ref else self.surface(m)
        short, full = self.short_form(m)
        if short and full:
            name = full
        elif m.source != "gazetteer" and (
                whole := self.names.get(self.form[m.start : m.end].strip())):
            # 中科院 in a document that names 国家中山科学研究院 and no other academy
            name = self.full_surfaces.get(whole, whole)
        entity = self.known(m) or Organization(
            name=name, org_type=OrgType(m.org_type) if m.org_type else org_type_of(name)
        )
        # no alias for 市科协: in another document it is another city's
        return self.add_entity(entity, self.evidence(m.start, m.end, m.source, m.confidence))

    def run(self) -> Extraction:
        self.person_orgs = self._person_organizations()
        self.mentions = [
            m for m in self.mentions
            if m.label != PERSON or not _SURNAME_TITLE.fullmatch(self.form, m.start, m.end)
        ]
        self.mentions = self._without_brand_names(self.mentions)
        self.mentions = self._people_taken_for_orgs(self.mentions)
        self.mentions = sorted([*self.mentions, *self._surname_references()],
                               key=lambda m: m.start)
        self.short_forms = self._short_forms()
        # 市委 / 科协 the document never names in full: no organization of their own
        self.mentions = [m for m in self.mentions
                         if m.label != ORG or self.short_form(m) != (True, None)]
        for m in self.mentions:
            if m.label == ORG:
                # 北京大学党委 is named (its mention stays), but the graph's node is the unit
                unit = self._unit_of_party_committee(m)
                self.mention_entity[(m.start, m.end)] = self.org_entity(
                    m if self.short_form(unit) == (True, None) else unit).id
            elif m.label == PERSON:
                self.mention_entity[(m.start, m.end)] = self.person_entity(m).id
            elif m.label == TECH:
                self.mention_entity[(m.start, m.end)] = self.tech_entity(m).id
        self._people_by_start = sorted((m.start, m.end) for m in self.mentions if m.label == PERSON)
        self.add_affiliations()
        self.event = self.event_entity()
        self.add_turns()
        self.add_sentence_relations()
        return Extraction(
            doc_id=self.doc.id,
            entities=list(self.entities.values()),
            relations=list(self.relations.values()),
        )

    def _without_brand_names(self, mentions: list[Mention]) -> list[Mention]:
        """Drop recognized "people" that are the brand of an organization named in the same
        document (和灵犀这样的整机企业, with 北京灵犀机器人科技有限公司 named) unless an
        introduction gives them a title or an affiliation."""
        orgs = {self.form[m.start : m.end] for m in mentions if m.label == ORG}
        orgs |= {self.gazetteer.get(m.ref).name for m in mentions  # type: ignore[union-attr]
                 if m.label == ORG and m.ref and self.gazetteer and self.gazetteer.get(m.ref)}
        introduced = {(a.person.start, a.person.end) for a in self.affiliations}
        out = []
        for m in mentions:
            name = self.form[m.start : m.end]
            if (m.label == PERSON and m.source not in ("gazetteer", "coref")
                    and (m.start, m.end) not in introduced
                    and any(name in org and name != org for org in orgs)):
                continue
            out.append(m)
        return out

    def _people_taken_for_orgs(self, mentions: list[Mention]) -> list[Mention]:
        """A recognized "organization" written exactly as a person the document names, with
        no organization word, is that person (马骏在致辞中表示, after 副部长马骏)."""
        people = {self.form[m.start : m.end] for m in mentions if m.label == PERSON}
        people |= {matching_text(t.speaker.strip()) for t in self.doc.turns}
        out = []
        for m in mentions:
            name = self.form[m.start : m.end]
            if (m.label == ORG and m.source == "ner" and name in people
                    and org_type_of(name) is OrgType.OTHER):
                m = dataclasses.replace(m, label=PERSON)
            out.append(m)
        return out

    def _surname_references(self) -> list[Mention]:
        """张院士 / 李老师 / 王总 refer to the one person of that surname named in the document."""
        names = {self.surface(m) for m in self.mentions if m.label == PERSON}
        names |= {t.speaker.strip() for t in self.doc.turns}
        by_surname: dict[str, set[str]] = defaultdict(set)
        for name in names:
            if 2 <= len(name) <= 4 and _CJK_NAME.fullmatch(name):
                by_surname[matching_text(name[0])].add(name)
        taken = [m for m in self.mentions if m.label in (PERSON, ORG)]
        out = []
        for match in _SURNAME_TITLE.finditer(self.form):
            candidates = by_surname.get(match.group(1), set())
            start, end = match.span()
            if len(candidates) != 1 or any(m.start < end and start < m.end for m in taken):
                continue
            out.append(Mention(start, end, PERSON, "coref", 0.6, ref=next(iter(candidates))))
        return out

    def _person_organizations(self) -> dict[str, str]:
        """Per person name, the organization that identifies them in this document."""
        best: dict[str, tuple[float, str]] = {}
        for a in self.affiliations:
            if a.org is None:
                continue
            name = normalize_name(self.surface(a.person))
            org = self.surface(a.org)
            if a.org.source == "gazetteer" and self.gazetteer and a.org.ref:
                known = self.gazetteer.get(a.org.ref)
                org = known.name if known else org
            if name not in best or a.confidence > best[name][0]:
                best[name] = (a.confidence, org)
        for turn in self.doc.turns:
            if turn.affiliation and not cues.ROLE_SPEAKERS.match(turn.speaker.strip()):
                best.setdefault(normalize_name(turn.speaker), (0.7, turn.affiliation))
        return {name: org for name, (_, org) in best.items()}

    def person_named(self, name: str) -> Person:
        key = normalize_name(name)
        org = self.person_orgs.get(key)
        if self.gazetteer is not None:
            listed = self.gazetteer.lookup(name, NodeKind.PERSON)
            if org is not None:
                norg = normalize_name(org)
                listed = [k for k in listed if k.organization in (norg, None) or (
                    k.organization and (k.organization in norg or norg in k.organization))]
            if len(listed) == 1 and listed[0].entity is not None:
                return _mirror(listed[0].entity)
        return Person(name=name, organization=org)

    def person_entity(self, m: Mention, extractor: str | None = None) -> Entity:
        entity = self.known(m) if m.source == "gazetteer" else None
        if entity is None:
            entity = self.person_named(m.ref if m.source == "coref" and m.ref else self.surface(m))
        ev = self.evidence(m.start, m.end, extractor or m.source, m.confidence)
        return self.add_entity(entity, ev)

    def tech_entity(self, m: Mention) -> Entity:
        entity = self.known(m) or Technology(name=m.ref or self.surface(m))
        return self.add_entity(entity, self.evidence(m.start, m.end, m.source, m.confidence))

    # -- relations --------------------------------------------------------------------------
    def relate(
        self,
        kind: EdgeKind,
        source: str,
        target: str,
        span: tuple[int, int],
        extractor: str,
        confidence: float,
        **attributes: object,
    ) -> None:
        if source == target:
            return
        rel = Relation(kind=kind, source=source, target=target)
        current = self.relations.setdefault(rel.id, rel)
        for key, value in attributes.items():
            if value not in (None, "", []):
                current.attributes.setdefault(key, value)
        if len(current.evidence) < MAX_EVIDENCE:
            ev = self.evidence(span[0], span[1], extractor, confidence)
            if ev not in current.evidence:
                current.evidence.append(ev)

    def add_affiliations(self) -> None:
        for a in self.affiliations:
            person_id = self.mention_entity.get((a.person.start, a.person.end))
            if person_id is None:
                continue
            person = self.entities[person_id]
            assert isinstance(person, Person)
            titles = [t.ref or self.surface(t) for t in a.titles]
            for title in titles:
                if title not in person.titles:
                    person.titles.append(title)
            org = a.org
            if org is None or self.short_form(org) == (True, None):
                continue
            org = self._unit_of_party_committee(org)
            if self.short_form(org) == (True, None):
                continue  # 市科协党组书记 in a text that never names its 市科协
            org_id = self.mention_entity.get((org.start, org.end))
            if org_id is None:
                org_id = self.org_entity(org).id
            # 中国工程院院士、清华大学教授张三: the title before the organization is an honour;
            # Professor Liu's team at X: the title before the name is their post at X.
            own = [t.ref or self.surface(t) for t in a.titles
                   if org.start <= t.start or t.start > a.person.start
                   or (org.start > a.person.end and t.end <= a.person.start)]
            points = [a.person.start, a.person.end, org.start, org.end]
            points += [p for t in a.titles for p in (t.start, t.end)]
            self.relate(
                EdgeKind.AFFILIATED_WITH,
                person_id,
                org_id,
                (min(points), max(points)),
                f"affiliation:{a.pattern}",
                a.confidence,
                title="、".join(own) or None,
                current=False if "former" in a.pattern else None,
            )
            self._field_of_post(person_id, org, a)

    def _unit_of_party_committee(self, org: Mention) -> Mention:
        """The unit a party committee belongs to: 中国工业经济联合会党委(书记) and 华侨大学党委
        (书记) work for the federation and the university, and the graph's node for the
        committee is its unit (the mention keeps the committee's name)."""
        name = self.form[org.start : org.end].strip()  # simplified: 黨委 is 党委
        body = party_body_start(name)
        if body is None or body < 2 or org.source == "post":
            return org
        unit = name[:body]
        short, full = self.short_form(dataclasses.replace(org, end=org.start + len(unit)))
        if not (short and full) and org_type_of(unit) is OrgType.OTHER and not (
                name.endswith("党组") and len(unit) >= 3):
            # a 党组 leads a state body or a state company, whatever its name (中国联通党组)
            return org
        return dataclasses.replace(org, end=org.start + len(unit), ref=None, org_type=None)

    def _field_of_post(self, person_id: str, org: Mention, a: Affiliation) -> None:
        """A technology named between the organization and the title is the person's field:
        某医院康复医学科主任, 某公司感知算法负责人, 某公司芯片设计总监."""
        after = [t for t in a.titles if t.start >= org.end]
        if not after or "former" in a.pattern:
            return
        post = min(after, key=lambda t: t.start)
        for m in self.mentions:
            if m.label == TECH and org.end <= m.start and m.end <= post.start:
                end = max(post.end, a.person.end if a.person.start > post.start else post.end)
                self.relate(EdgeKind.EXPERT_IN, person_id, self.mention_entity[(m.start, m.end)],
                            (m.start, end), "affiliation-field", 0.65)

    def event_entity(self) -> Event | None:
        return events.event_entity(self)  # metadata facts, HOSTED roles: nlp/events.py

    def add_turns(self) -> None:
        """Transcript speakers: who spoke at the event, where they work, what they talk about.

        Audience turns (问：我是某单位的张三) make the introduced person an attendee.
        """
        for turn in self.doc.turns:
            speaker = turn.speaker.strip()
            if cues.AUDIENCE_SPEAKERS.match(speaker) and self.event is not None:
                self._audience_turn(turn)
                continue
            if not speaker or cues.ROLE_SPEAKERS.match(speaker):
                continue
            at = self.text.find(speaker, turn.start, turn.end)
            if at < 0:
                at = self.text.find(speaker)
            span = (at, at + len(speaker)) if at >= 0 else (turn.start, turn.start)
            person = self.add_entity(
                self.person_named(speaker),
                self.evidence(span[0], span[1], "speaker", 0.9) if at >= 0 else None,
            )
            assert isinstance(person, Person)
            title = turn.title if turn.title and not cues.ROLE_SPEAKERS.match(turn.title) else None
            if title and title not in person.titles:
                person.titles.append(title)
            if turn.affiliation:
                org = self.add_entity(Organization(name=turn.affiliation,
                                                   org_type=org_type_of(turn.affiliation)), None)
                self.relate(EdgeKind.AFFILIATED_WITH, person.id, org.id, span,
                            "speaker", 0.8, title=title)
            if self.event is not None and at >= 0:
                role = "host" if cues.HOST_ROLE.search(title or "") else "speaker"
                self.relate(EdgeKind.SPOKE_AT, person.id, self.event.id, span, "speaker", 0.9,
                            role=role)
            self._own_topics(turn, person)
            self._colleagues(turn, person)

    def _own_topics(self, turn, person: Person) -> None:
        """EXPERT_IN for the technologies a speaker presents as their own work.

        A technology counts when the speaker (我 / 我们 / 我的团队 / their organization's name)
        does it in the same sentence: 我们团队研制的X, 我在某公司做X，主要是Y, 我们今年推出的X.
        Technologies merely mentioned (another speaker's field, a component they buy, a policy
        wish, 面向X的芯片) give no edge: they would dilute the speaker's expertise.
        """
        own_orgs = self._orgs_of(person)
        own_names = [normalize_name(self.entities[o].name) for o in own_orgs]

        def own(m: Mention) -> bool:  # 北京芯衡 for 北京芯衡微电子有限公司
            name = normalize_name(self.surface(m))
            return self.mention_entity.get((m.start, m.end)) in own_orgs or (
                len(name) >= 4 and any(n.startswith(name) for n in own_names))

        org_spans = [(m.start, m.end) for m in self.mentions if m.label == ORG
                     and turn.start <= m.start < turn.end and own(m)]
        in_org = [(m.start, m.end) for m in self.mentions if m.label == ORG]
        counts: dict[str, int] = defaultdict(int)
        for m in self.mentions:
            if m.label != TECH or not (turn.start <= m.start and m.end <= turn.end):
                continue
            if any(s <= m.start and m.end <= e for s, e in in_org):
                continue  # 自动驾驶 inside 北京驭途自动驾驶科技有限公司
            cue = self._ownership(turn.start, m, org_spans, person.id)
            if cue is None:
                continue
            tech_id = self.mention_entity[(m.start, m.end)]
            counts[tech_id] += 1
            self.relate(EdgeKind.EXPERT_IN, person.id, tech_id, (cue, m.end),
                        "speaker-own-work", min(0.8, 0.6 + 0.1 * counts[tech_id]))

    def _orgs_of(self, person: Person) -> set[str]:
        return {r.target for r in self.relations.values()
                if r.kind == EdgeKind.AFFILIATED_WITH and r.source == person.id}

    def _colleagues(self, turn, speaker: Person) -> None:
        """我们所里韩磊副研究员: a person the speaker calls a colleague works where they work."""
        orgs = self._orgs_of(speaker)
        if len(orgs) != 1:
            return
        org_id = next(iter(orgs))
        for m in self.mentions:
            if m.label != PERSON or not (turn.start <= m.start and m.end <= turn.end):
                continue
            cue = _COLLEAGUE.search(self.form, max(turn.start, m.start - 8), m.start)
            person_id = self.mention_entity.get((m.start, m.end))
            if cue is None or person_id is None or person_id == speaker.id:
                continue
            title = next((t for t in self.mentions if t.label == TITLE and t.start == m.end), None)
            end = title.end if title else m.end
            if title is not None:
                person = self.entities[person_id]
                name = title.ref or self.surface(title)
                if isinstance(person, Person) and name not in person.titles:
                    person.titles.append(name)
            self.relate(EdgeKind.AFFILIATED_WITH, person_id, org_id, (cue.start(), end),
                        "speaker-colleague", 0.6,
                        title=(title.ref or self.surface(title)) if title else None)

    def _ownership(
        self, floor: int, m: Mention, org_spans: list[tuple[int, int]], speaker_id: str
    ) -> int | None:
        """Where the speaker's claim on ``m`` starts (我们…研制的 m), or None."""
        start = max(floor, m.start - OWN_WINDOW)
        for brk in SENTENCE_END.finditer(self.form, start, m.start):
            start = brk.end()
        if _NOT_OWN_BEFORE.search(self.form, max(start, m.start - 4), m.start):
            return None  # 面向人形机器人的芯片: the application, not the work
        # The work verb: in the term's clause, or the clause before when the term's clause
        # elaborates it (…做感知算法，主要是多传感器融合).
        clause = start
        for c in _CLAUSE_BREAK.finditer(self.form, start, m.start):
            clause = c.end()
        verb_zone = clause
        if clause > start and _ELABORATION.match(self.form, clause):
            verb_zone = start
            for c in _CLAUSE_BREAK.finditer(self.form, start, clause - 1):
                verb_zone = c.end()
        product = _OWN_PRODUCT.search(self.form, max(start, m.start - 30), m.start)
        if product is not None:
            return product.start()  # 我们的“灵犀L2”人形机器人
        verbs = list(_WORK_VERB.finditer(self.form, verb_zone, m.start))
        if not verbs:
            return None
        verb = verbs[-1].start()
        # 我们……，北航刘志刚教授团队研发的X: someone else is the subject of the verb.
        people = self._people_by_start
        for k in range(bisect.bisect_left(people, (start, 0)), len(people)):
            p0, p1 = people[k]
            if p0 >= verb:
                break
            if p1 <= verb and self.mention_entity.get((p0, p1)) != speaker_id:
                start = p1
        markers = [x.start() for x in _FIRST_PERSON.finditer(self.form, start, verb)]
        markers += [s for s, _ in org_spans if start <= s < verb]
        return min(markers) if markers else None

    def _audience_turn(self, turn) -> None:
        assert self.event is not None
        head = self.form[turn.start : min(turn.end, turn.start + 60)]
        intro = cues.SELF_INTRO.search(head)
        if intro is None:
            return
        clause = _CLAUSE_BREAK.search(head, intro.end())
        stop = turn.start + (clause.start() if clause else len(head))
        for m in self.mentions:
            if m.label == PERSON and m.source != "coref" and (
                turn.start + intro.end() <= m.start and m.end <= stop
            ):
                person_id = self.mention_entity[(m.start, m.end)]
                self.relate(EdgeKind.ATTENDED, person_id, self.event.id, (m.start, m.end),
                            "audience", 0.7)
                break

    def add_sentence_relations(self) -> None:
        by_sentence: dict[tuple[int, int], list[Mention]] = defaultdict(list)
        for m in self.mentions:
            by_sentence[self.sentence_of(m.start)].append(m)
        affiliated_orgs = {(a.org.start, a.org.end) for a in self.affiliations if a.org}
        for (s, e), ms in by_sentence.items():
            sentence = self.form[s:e]
            ids = self.mention_entity
            people = [m for m in ms if m.label == PERSON]
            orgs = [m for m in ms if m.label == ORG]
            free_orgs = [m for m in orgs if (m.start, m.end) not in affiliated_orgs]
            techs = [m for m in ms if m.label == TECH]
            for p, t in self._subject_object(s, sentence, people, techs, cues.EXPERT_CUE, ms):
                self.relate(EdgeKind.EXPERT_IN, ids[(p.start, p.end)], ids[(t.start, t.end)],
                            _span(p, t), "cue:expert", 0.6)
            for p, t in self._strengths(s, sentence, people, techs):
                self.relate(EdgeKind.EXPERT_IN, ids[(p.start, p.end)], ids[(t.start, t.end)],
                            _span(p, t), "cue:strength", 0.6)
            for o, t in self._subject_object(s, sentence, free_orgs, techs, cues.WORKS_CUE, ms):
                self.relate(EdgeKind.WORKS_ON, ids[(o.start, o.end)], ids[(t.start, t.end)],
                            _span(o, t), "cue:works-on", 0.55)
            for a, b in self._cooperations(s, sentence, free_orgs, ms):
                if ids[(a.start, a.end)] != ids[(b.start, b.end)]:
                    self.relate(EdgeKind.COOPERATES_WITH, ids[(a.start, a.end)],
                                ids[(b.start, b.end)], _span(a, b), "cue:cooperation", 0.6)
            if self.event is not None:
                self._event_sentence(s, sentence, people, orgs)
            self._achievements(s, sentence, ms)

    @staticmethod
    def _cues(s: int, sentence: str, pattern, ms: list[Mention]) -> list[tuple[int, int]]:
        """Cue matches (absolute spans) that are not inside a mention (联合 in 联合体 names)."""
        out = []
        for cue in pattern.finditer(sentence):
            c0, c1 = s + cue.start(), s + cue.end()
            if not any(m.start <= c0 and c1 <= m.end for m in ms):
                out.append((c0, c1))
        return out

    def _subject_object(
        self, s: int, sentence: str, subjects: list[Mention], objects: list[Mention], pattern,
        ms: list[Mention],
    ) -> list[tuple[Mention, Mention]]:
        """(subject, object) pairs around a cue: 张三长期从事深度学习 / 某公司研发激光雷达.

        The subject is the nearest candidate before the cue in the same clause (at most
        ``SUBJECT_GAP`` characters away); objects follow the cue within ``OBJECT_SPAN``.
        """
        if not subjects or not objects:
            return []
        pairs = []
        for c0, c1 in self._cues(s, sentence, pattern, ms):
            before = [
                m for m in subjects
                if m.end <= c0 and c0 - m.end <= SUBJECT_GAP
                and not _CLAUSE_BREAK.search(self.form[m.end : c0])
            ]
            if not before:
                continue
            clause_end = SENTENCE_END.search(self.form, c1, c1 + OBJECT_SPAN)
            limit = clause_end.start() if clause_end else c1 + OBJECT_SPAN
            pairs.extend((before[-1], o) for o in objects if c1 <= o.start and o.end <= limit)
        return pairs

    def _strengths(
        self, s: int, sentence: str, people: list[Mention], techs: list[Mention]
    ) -> list[tuple[Mention, Mention]]:
        """张三表示，团队将发挥在X和Y方面的积累: the one person before the phrase, who speaks
        of their team (团队 / 我们 / 其), has X and Y as fields."""
        pairs = []
        for area in _STRENGTH.finditer(sentence):
            a0, a1 = s + area.start(1), s + area.end(1)
            before = [p for p in people if p.end <= s + area.start()]
            if len({self.mention_entity[(p.start, p.end)] for p in before}) != 1:
                continue
            if not _OWN_TEAM.search(self.form, before[-1].end, s + area.start()):
                continue
            pairs += [(before[-1], t) for t in techs if a0 <= t.start and t.end <= a1]
        return pairs

    def _cooperations(
        self, s: int, sentence: str, orgs: list[Mention], ms: list[Mention]
    ) -> list[tuple[Mention, Mention]]:
        """Organizations joined by 与/和/、 right before a cue (A与B签署合作协议, A、B三方合作),
        or one before and one right after it (A携手B)."""
        if len(orgs) < 2:
            return []
        pairs = []
        for c0, c1 in self._cues(s, sentence, cues.COOPERATE_CUE, ms):
            group: list[Mention] = []
            nxt = c0
            for m in reversed([m for m in orgs if m.end <= c0]):
                gap = self.form[m.end : nxt]
                if group and not _CONNECTOR.match(gap):
                    break
                if not group and (len(gap) > 12 or _CLAUSE_BREAK.search(gap)):
                    break
                group.insert(0, m)
                nxt = m.start
            after = [m for m in orgs if m.start >= c1 and m.start - c1 <= 2]
            if len(group) == 1 and after:
                group.append(after[0])
            pairs.extend(
                (a, b) for i, a in enumerate(group[:5]) for b in group[i + 1 : 5]
            )
        return pairs

    def _event_sentence(self, s: int, sentence: str, people: list[Mention],
                        orgs: list[Mention]) -> None:
        assert self.event is not None
        for cue in cues.HOST_CUE.finditer(sentence):
            at = s + cue.start()
            # Hosts are named in the clause before the cue (X主办) or after a 主办单位： label.
            clause_start = s + max(sentence.rfind(c, 0, cue.start()) for c in "，。；,;") + 1
            after_label = sentence[cue.end() : cue.end() + 3].lstrip("单位")[:1] in (":", "：")
            for o in orgs:
                before = clause_start <= o.start and o.end <= at
                after = after_label and o.start >= s + cue.end()
                if before or after:
                    self.relate(EdgeKind.HOSTED, self.mention_entity[(o.start, o.end)],
                                self.event.id, (o.start, o.end), "cue:hosted", 0.7,
                                role=events.host_role(cue.group()))
        if not self.doc.turns and people and cues.SPEAK_CUE.search(sentence):
            for p in people:
                self.relate(EdgeKind.SPOKE_AT, self.mention_entity[(p.start, p.end)],
                            self.event.id, (p.start, p.end), "cue:spoke", 0.6)

    def _achievements(self, s: int, sentence: str, ms: list[Mention]) -> None:
        transfer = cues.TRANSFER_CUE.search(sentence)
        develop = cues.DEVELOP_CUE.search(sentence)
        if not transfer and not develop:
            return
        name_match = cues.ACHIEVEMENT_NAME.search(sentence)
        if name_match is None:
            return
        group = 1 if name_match.group(1) else 2
        a_start, a_end = s + name_match.start(group), s + name_match.end(group)
        actors = [m for m in ms if m.label in (ORG, PERSON) and m.end <= a_start]
        developers = [
            [m for m in actors if m.label == label][-1:] for label in (ORG, PERSON)
        ]
        developers = [m for pick in developers for m in pick if a_start - m.end <= 30]
        receivers = []
        if transfer:
            t_end = s + transfer.end()
            receivers = [m for m in ms if m.label == ORG and m.start >= t_end]
        if not developers and not receivers:
            return
        achievement = self.add_entity(
            Achievement(name=self.text[a_start:a_end].strip(), transferred=bool(receivers)),
            self.evidence(a_start, a_end, "achievement", 0.6),
        )
        for d in developers:
            self.relate(EdgeKind.DEVELOPED, self.mention_entity[(d.start, d.end)],
                        achievement.id, _span(d, Mention(a_start, a_end, "", "", 0)),
                        "cue:developed", 0.6)
        for r in receivers[:1]:
            self.relate(EdgeKind.TRANSFERRED_TO, achievement.id,
                        self.mention_entity[(r.start, r.end)],
                        _span(Mention(a_start, a_end, "", "", 0), r), "cue:transfer", 0.65)


#: How far before a technology a speaker's claim on it (我们…研制的) may start.
OWN_WINDOW = 60
_FIRST_PERSON = re.compile(r"我们|我(?![国市省区])|本人|咱们")
_WORK_VERB = re.compile(
    r"在做|主要做|做(?![法到好得])|研制|研发|研究(?![员院所生])|从事|开发|推出|发布|负责(?!人)|"
    r"攻关|设计|引入|主攻|专注|深耕|打造|叫它"
)
#: 在X和Y方面的积累 / 在X领域的优势 (a person's team's strengths).
_STRENGTH = re.compile(
    r"在([^，。；;,]{2,30}?)(?:方面|领域)(?:的|有|具有|拥有)?(?:积累|优势|经验|专长|基础|特长)"
)
_OWN_TEAM = re.compile(r"团队|我们|其|课题组|实验室")
_COLLEAGUE = re.compile(
    r"我们(?:所|院|公司|学校|学院|实验室|医院|单位|中心|团队|课题组)(?:里的|里|的)?$"
)
#: 我们的“灵犀L2”人形机器人 / 我们的“X训练框架”: the speaker's named product.
_OWN_PRODUCT = re.compile(r"(?:我们|我)的[“\"「《][^”\"」》，。]{0,20}[”\"」》]?$")
_ELABORATION = re.compile(r"主要是|也就是|就是|包括|即|比如")
_NOT_OWN_BEFORE = re.compile(r"(?:面向|针对|用于|用在|服务于?)$")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_SURNAME_TITLE = re.compile(
    r"([\u4e00-\u9fff])(?:院士|教授|老师|博士|主任|研究员|总工|总|工|部长|所长|院长|校长|先生|女士)"
    r"(?=[，。！？、：；,.!?:;\s]|表示|说|认为|指出|介绍|提到|长期|的|在|对|和|也|团队|$)"
)
def _span(a: Mention, b: Mention) -> tuple[int, int]:
    return min(a.start, b.start), max(a.end, b.end)

