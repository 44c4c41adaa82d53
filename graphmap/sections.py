"""Big text documents go through extraction in sections, so memory follows the section size,
not the file's, and a build can say how far into a big file it is.

A section is a stretch of the document cut at a line end (else a sentence end), carried as a
:class:`Document` of its own with the same path (so the same id); its extraction's evidence is
shifted back to the whole document's offsets and the sections' extractions are joined into
the document's one cached extraction. What spans a cut (a sentence never does) is not seen
together: on a 30 MB file that is one line end in every ``SECTION_CHARS`` characters.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from graphmap.model import Document, Entity, Evidence, Extraction, Relation, Span, Turn

#: Documents longer than this are extracted in sections of at most this many characters
#: (about a long news release; a batch of them stays the size of a batch of ordinary files).
SECTION_CHARS = 20_000
_SENTENCE_END = re.compile(r"[。！？!?.;；]\s*")
_Spanned = TypeVar("_Spanned", Span, Turn)
_Found = TypeVar("_Found", Entity, Relation)


@dataclasses.dataclass(frozen=True, slots=True)
class Section:
    """Where a section lies in its document and how many sections the document has."""

    doc_id: str
    offset: int
    number: int
    count: int
    label: str  # the file and its size, for progress


def cut_points(text: str, size: int = SECTION_CHARS) -> list[int]:
    """Section ends: at most ``size`` characters apart, at a line end or a sentence end.

    >>> cut_points("一行。\\n二行。\\n三行。", size=5)
    [4, 8, 11]
    """
    ends, start = [], 0
    while len(text) - start > size:
        limit = start + size
        cut = text.rfind("\n", start + 1, limit) + 1
        if cut <= start:
            found = [m.end() for m in _SENTENCE_END.finditer(text, start + 1, limit)]
            cut = found[-1] if found else limit
        ends.append(cut)
        start = cut
    return [*ends, len(text)]


def sections(doc: Document, size: int = SECTION_CHARS) -> Iterator[tuple[Document, Section]]:
    """The document itself when it is short, else its sections, in order."""
    if len(doc.text) <= size:
        yield doc, Section(doc.id, 0, 1, 1, Path(doc.path).name)
        return
    ends = cut_points(doc.text, size)
    label = f"{Path(doc.path).name} ({len(doc.text):,} characters)"
    start = 0
    for number, end in enumerate(ends, 1):
        piece = Document(
            path=doc.path, content_hash=doc.content_hash, text=doc.text[start:end],
            doc_type=doc.doc_type, title=doc.title,
            paragraphs=_within(doc.paragraphs, start, end),
            sentences=_within(doc.sentences, start, end),
            turns=_within(doc.turns, start, end), metadata=doc.metadata,
        )
        yield piece, Section(doc.id, start, number, len(ends), label)
        start = end


def _within(spans: list[_Spanned], start: int, end: int) -> list[_Spanned]:
    """The spans overlapping ``[start, end)``, clipped to it, in the section's offsets."""
    return [
        dataclasses.replace(s, start=max(s.start, start) - start, end=min(s.end, end) - start)
        for s in spans if s.start < end and s.end > start
    ]


class Joiner:
    """One extraction of the whole document, folded from its sections' as they come.

    An entity or relation found in several sections is folded into one, and each keeps as
    many quotes as a one-pass extraction keeps per document, so neither the cached
    extraction of a big file nor the build holding it grows with the number of sections.
    """

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id
        self.entities: dict[str, Entity] = {}
        self.relations: dict[str, Relation] = {}
        self.seen: dict[str, set[Evidence]] = {}

    def add(self, extraction: Extraction, offset: int) -> None:
        from graphmap.resolution import fold_entity, fold_relation
        from nlp.extract import MAX_EVIDENCE

        for entity in extraction.entities:
            entity = _shifted(entity, offset)
            if (kept := self.entities.get(entity.id)) is None:
                self.entities[entity.id], self.seen[entity.id] = entity, set(entity.evidence)
                continue
            if len(kept.evidence) >= MAX_EVIDENCE:  # enough quotes: only aliases, attributes
                entity.evidence = []
            fold_entity(kept, entity, self.seen[entity.id])
            del kept.evidence[MAX_EVIDENCE:]
        for relation in extraction.relations:
            relation = _shifted(relation, offset)
            if (known := self.relations.get(relation.id)) is None:
                self.relations[relation.id] = relation
                self.seen[relation.id] = set(relation.evidence)
            else:
                if len(known.evidence) >= MAX_EVIDENCE:  # as a one-pass extraction keeps
                    relation.evidence = []
                fold_relation(known, relation, self.seen[relation.id])
                del known.evidence[MAX_EVIDENCE:]

    def result(self) -> Extraction:
        return Extraction(doc_id=self.doc_id, entities=list(self.entities.values()),
                          relations=list(self.relations.values()))


def _shifted(item: _Found, offset: int) -> _Found:
    if offset:
        item.evidence = [_move(ev, offset) for ev in item.evidence]
    return item


def _move(ev: Evidence, offset: int) -> Evidence:
    if ev.start == ev.end == 0:  # a list row, not a text span
        return ev
    return dataclasses.replace(ev, start=ev.start + offset, end=ev.end + offset)
