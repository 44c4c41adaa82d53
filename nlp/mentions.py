"""What the pipeline components leave on a spaCy ``Doc``: mentions and affiliations.

Mentions are character spans of the chunk text (not token spans), so the same code serves the
character-tokenized Chinese pipeline and the word-tokenized English one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

PERSON = "PERSON"
ORG = "ORG"
TITLE = "TITLE"
TECH = "TECH"
LOC = "LOC"


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed character span of a chunk.

    ``ref`` is the gazetteer entity id, the canonical technology or the title as listed;
    ``source`` names the component that found it (lac, ner, gazetteer, pattern, dictionary).
    """

    start: int
    end: int
    label: str
    source: str
    confidence: float
    ref: str | None = None
    org_type: str | None = None

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(slots=True)
class Affiliation:
    """A person introduced with titles and, when the text gives it, an organization."""

    person: Mention
    org: Mention | None
    titles: list[Mention] = field(default_factory=list)
    confidence: float = 0.8
    pattern: str = ""


def _ensure_extensions() -> None:
    if not Doc.has_extension("mentions"):
        Doc.set_extension("mentions", default=None)
        Doc.set_extension("lac_words", default=None)
        Doc.set_extension("affiliations", default=None)


_ensure_extensions()


def text_of(doc: Doc) -> str:
    """The doc's text, computed once: spaCy rebuilds ``doc.text`` from its tokens each time."""
    text = doc.user_data.get("graphmap.text")
    if text is None:
        text = doc.user_data["graphmap.text"] = doc.text
    return text


def mentions_of(doc: Doc) -> list[Mention]:
    """The doc's mention list (created on first use)."""
    if doc._.mentions is None:
        doc._.mentions = []
    return doc._.mentions


def add_without_overlap(doc: Doc, new: list[Mention], *, replace: bool = False) -> None:
    """Add mentions; on overlap keep the existing one, or the new one when ``replace``."""
    current = mentions_of(doc)
    if replace:
        kept = [m for m in current if not any(m.overlaps(n) for n in new)]
        doc._.mentions = sorted([*kept, *new], key=lambda m: (m.start, -m.end))
        return
    merged = list(current)
    for n in new:
        if not any(n.overlaps(m) for m in merged):
            merged.append(n)
    doc._.mentions = sorted(merged, key=lambda m: (m.start, -m.end))


def on_one_line(text: str, m: Mention) -> Mention | None:
    """A name never spans a line break (…社长\\n\\n青岛大学 in a list): keep its longest line."""
    if m.label not in (PERSON, ORG) or "\n" not in text[m.start : m.end]:
        return m
    start, best = m.start, (0, 0)
    for part in text[m.start : m.end].split("\n"):
        stripped = part.strip()
        if len(stripped) > best[1] - best[0]:
            s = start + part.index(stripped) if stripped else start
            best = (s, s + len(stripped))
        start += len(part) + 1
    if best[1] - best[0] < 2:
        return None
    return replace(m, start=best[0], end=best[1])
