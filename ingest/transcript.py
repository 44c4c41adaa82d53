"""Speaker turns and agenda sections of transcripts (速记文稿) and programmes.

A turn starts at a paragraph that opens with a speaker header: a role ("主持人：", "Q:"),
a personal name ("张三："), a name with a title ("张三教授："), or any of these followed by a
bracketed title and affiliation ("张三（清华大学教授）："). It runs until the next turn, table or
the next section heading. Headers are matched on the simplified, half-width form so
traditional-Chinese transcripts work too; turns point into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from graphmap.model import Span, Turn
from graphmap.normalize import to_simplified
from ingest.resources import load

_HEADER = re.compile(
    r"[\s*#>]*(?P<head>[^\n:：()（）\[\]【】。，,；;*]{1,30}?)[\s*]*"
    r"(?:[(（](?P<paren>[^\n()（）]{1,80})[)）])?[\s*]*[:：]"
)
_TIME_SLOT = re.compile(
    r"^\s*(?P<time>\d{1,2}[:：]\d{2}\s*(?:[-–—~～至到]\s*\d{1,2}[:：]\d{2})?)\s*(?P<item>.*)$"
)
_LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ .-][A-Z][a-z]*\.?){1,2}$")
_HAN = r"[\u4e00-\u9fff]"
#: Paragraph labels that nobody speaks: they end a turn.
_NOT_SPOKEN = frozenset({"heading", "row", "table"})
_PIECES = re.compile(r"[、，,;；/|]+|(?<![A-Za-z.]) +| +(?![A-Za-z])")


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    roles: tuple[str, ...]  # lower-case, longest first
    not_speakers: frozenset[str]
    titles: tuple[str, ...]  # longest first
    org_suffix: re.Pattern[str]  # finds every position where a suffix starts
    surnames: frozenset[str]
    compound_surnames: frozenset[str]


@lru_cache(maxsize=1)
def _vocab() -> _Vocabulary:
    data = load("speakers")
    return _Vocabulary(
        roles=tuple(sorted({r.lower() for r in data["roles"]}, key=len, reverse=True)),
        not_speakers=frozenset(data["not_speakers"]),
        titles=tuple(sorted(data["title_suffixes"], key=len, reverse=True)),
        org_suffix=re.compile("(?=(" + "|".join(
            re.escape(s) for s in sorted(data["org_suffixes"], key=len, reverse=True)) + "))"),
        surnames=frozenset(data["surnames"]),
        compound_surnames=frozenset(data["compound_surnames"]),
    )


def _fold(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text)).strip()


def is_person_name(text: str) -> bool:
    """A Chinese personal name (family name + 1-2 characters) or a Latin name of 2-3 words."""
    vocab = _vocab()
    if _LATIN_NAME.match(text):
        return True
    if not re.fullmatch(f"{_HAN}{{2,4}}|{_HAN}{{1,4}}·{_HAN}{{1,6}}", text):
        return False
    if "·" in text:
        return True
    if text[:2] in vocab.compound_surnames:
        return len(text) in (3, 4)
    return text[0] in vocab.surnames and len(text) in (2, 3)


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    title: str | None = None
    affiliation: str | None = None


@lru_cache(maxsize=20_000)
def parse_speaker(head: str, paren: str | None = None) -> Speaker | None:
    """Read a turn header's name, title and affiliation; ``None`` when it is no speaker.

    Examples
    --------
    >>> parse_speaker("张三", "清华大学教授")
    Speaker(name='张三', title='教授', affiliation='清华大学')
    >>> parse_speaker("主持人") is not None, parse_speaker("时间") is None
    (True, True)
    """
    vocab = _vocab()
    folded = _fold(head)
    compact = re.sub(r"\s+", "", folded)
    if not compact or compact in vocab.not_speakers:
        return None
    title, affiliation = _title_and_affiliation(paren) if paren else (None, None)
    role = _role(folded)
    if role is not None:
        rest = folded[len(role):].strip()
        if not rest:
            if paren and is_person_name(_fold(paren)):
                # "主持人（李四）" is a role; "答（李四）" only marks an answer
                qa = re.fullmatch(r"[qa问答]\d{0,3}|问题|回答|提问", role.lower())
                return Speaker(paren.strip(), title=None if qa else role)
            return Speaker(head.strip(), title, affiliation)
        if is_person_name(rest):
            return Speaker(_tail(head, len(rest)), _join(role, title), affiliation)
        return None
    if is_person_name(compact) or is_person_name(folded):
        return Speaker(head.strip(), title, affiliation)
    for suffix in vocab.titles:
        if compact.endswith(suffix) and len(compact) > len(suffix):
            stem = compact[: -len(suffix)]
            if is_person_name(stem) or (len(stem) == 1 and stem in vocab.surnames):
                return Speaker(head.strip()[: len(stem)], _join(suffix, title), affiliation)
            break
    # "清华大学教授张三": affiliation and title before the name
    for size in (3, 2):
        name = compact[-size:]
        prefix = compact[:-size]
        if prefix and is_person_name(name) and prefix.endswith(vocab.titles):
            own_title, own_affiliation = _title_and_affiliation(head.strip()[:-size])
            return Speaker(head.strip()[-size:], _join(own_title, title),
                           own_affiliation or affiliation)
    return None


def _role(folded: str) -> str | None:
    vocab = _vocab()
    lowered = folded.lower()
    if re.fullmatch(r"[qa问答]\d{0,3}", lowered):
        return folded
    for role in vocab.roles:
        if not lowered.startswith(role):
            continue
        after = lowered[len(role):len(role) + 1]
        if not after or after == " " or not after.isascii():
            return folded[: len(role)]
    return None


def _tail(head: str, size: int) -> str:
    return head.strip()[-size:]


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return "、".join(kept) if kept else None


def _title_and_affiliation(text: str) -> tuple[str | None, str | None]:
    """Split "中国工程院院士、清华大学教授" into titles and the working affiliation.

    Suffixes are matched on the folded (simplified) form; the original characters are
    returned whenever folding kept the length, which it does for character-level conversion.
    """
    vocab = _vocab()
    titles: list[str] = []
    affiliations: list[tuple[str, str]] = []
    for piece in _PIECES.split(text.strip()):
        if not piece:
            continue
        folded = _fold(piece)
        source = piece if len(folded) == len(piece) else folded
        cut = _org_end(folded, vocab)
        if cut:
            org, title = source[:cut], source[cut:]
            affiliations.append((org, _fold(title)))
            if title:
                titles.append(title)
        else:
            titles.append(source)
    working = [a for a in affiliations if a[1] != "院士"] or affiliations
    return _join(*titles), (working[0][0] if working else None)


def _org_end(piece: str, vocab: _Vocabulary) -> int:
    """Index just past the organization name at the start of ``piece`` (0 when none).

    The cut must leave a known title (or nothing) behind, so "中国工程院院士" splits after
    "工程院", not after the second "院".
    """
    cuts = sorted({m.start() + len(m.group(1)) for m in vocab.org_suffix.finditer(piece)
                   if m.start() > 0}, reverse=True)
    for cut in cuts:
        rest = piece[cut:]
        if not rest or rest in vocab.titles or rest.endswith(vocab.titles):
            return cut
    return cuts[0] if cuts else 0


def find_turns(text: str, paragraphs: list[Span]) -> list[Turn]:
    """Speaker turns over ``paragraphs``; a turn ends at the next turn, heading or table."""
    turns: list[Turn] = []
    current: tuple[int, Speaker] | None = None
    last_end = 0
    for para in paragraphs:
        speaker = None
        boundary = para.label in _NOT_SPOKEN
        if not boundary:
            match = _HEADER.match(text, para.start, para.end)
            if match:
                speaker = parse_speaker(match.group("head"), match.group("paren"))
        if (speaker is not None or boundary) and current is not None:
            turns.append(_turn(current, last_end))
            current = None
        if speaker is not None:
            current = (para.start, speaker)
        last_end = para.end
    if current is not None:
        turns.append(_turn(current, last_end))
    return turns


def _turn(current: tuple[int, Speaker], end: int) -> Turn:
    start, speaker = current
    return Turn(start, end, speaker.name, speaker.title, speaker.affiliation)


_AGENDA_SPEAKER = re.compile(
    r"(?P<name>[\u4e00-\u9fff·]{2,8}|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})\s*"
    r"[(（](?P<paren>[^()（）]{2,80})[)）]"
)


#: Words that stand before a name in an agenda slot ("致辞嘉宾张三").
_AGENDA_WORDS = ("嘉宾", "致辞", "报告", "发言", "演讲", "主讲", "对话", "点评", "分享", "主持",
                 "主持人", "报告人", "发言人", "主讲人", "引导", "领导", "专家", "代表")


def agenda_speakers(item: str) -> list[dict[str, str | None]]:
    """People named in an agenda slot: "主旨报告：张三（清华大学教授）" -> 张三, 教授, 清华大学.

    A name may be glued to the words before it ("致辞嘉宾张三"), so the longest tail of the
    run that is a personal name is taken.
    """
    found: list[dict[str, str | None]] = []
    for match in _AGENDA_SPEAKER.finditer(item):
        name = _name_at_end(match.group("name"))
        speaker = parse_speaker(name, match.group("paren")) if name else None
        if speaker is not None:
            found.append({"name": speaker.name, "title": speaker.title,
                          "affiliation": speaker.affiliation})
    return found


def _name_at_end(run: str) -> str | None:
    if _LATIN_NAME.match(run):
        return run
    folded = _fold(run)
    cut = max((folded.rfind(w) + len(w) for w in _AGENDA_WORDS if w in folded), default=0)
    tail = run[cut:]
    if is_person_name(_fold(tail)):
        return tail
    for size in (3, 2):
        if len(tail) >= size and is_person_name(_fold(tail[-size:])):
            return tail[-size:]
    return None


def find_sections(text: str, paragraphs: list[Span]) -> tuple[list[dict], list[dict]]:
    """Sections (headings and what follows) and agenda slots ("09:00-09:30 开幕致辞")."""
    sections: list[dict] = []
    agenda: list[dict] = []
    previous_end = 0
    for para in paragraphs:
        chunk = text[para.start : para.end]
        if para.label == "heading":
            if sections:
                sections[-1]["end"] = previous_end
            sections.append({"title": chunk.strip("#【】[] \t"), "start": para.start,
                             "end": para.end})
        slot = _TIME_SLOT.match(chunk)
        if slot and "\n" not in chunk:
            entry: dict = {"time": slot.group("time"), "item": slot.group("item").strip(),
                           "start": para.start, "end": para.end}
            speakers = agenda_speakers(entry["item"])
            if speakers:
                entry["speakers"] = speakers
            agenda.append(entry)
        previous_end = para.end
    if sections and paragraphs:
        sections[-1]["end"] = paragraphs[-1].end
    return sections, agenda

