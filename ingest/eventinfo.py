"""Event facts stated by a document: the title block of a salon record or the lead of a news item.

A salon transcript opens with labelled lines (沙龙名称：… / 时间：… / 地点：… / 主办单位：…); a
news release states the same facts in its dateline and first paragraph ("6月14日下午，由X主办，
Y承办的“…沙龙”在Z成功举办。…120余人参加"). :func:`event_info` reads both, in simplified and
traditional Chinese and in English, into the ``Document.metadata`` keys

``event`` (the event's proper name), ``event_aliases`` (other names the document gives it),
``event_type`` ("salon" | "innovation_event" | "other"), ``date`` (ISO date of the event),
``published`` (ISO date of the release), ``place``, ``attendance`` (int), ``hosts``,
``co_hosts`` and ``supporters`` (lists of organization names).

Only what the document states is returned; a document that describes no event gives at most
``published``. The word lists live in ``ingest/data/eventinfo.yaml``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from graphmap.normalize import is_place
from ingest.resources import load

_HEAD = 4000  # an event's facts are stated near the top
_BLOCK_LINES = 40
_MONTHS = {m: i + 1 for i, m in enumerate((
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
))}
_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]"),
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    re.compile(rf"\b({_MONTH_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_WORD})\s+(\d{{4}})\b", re.IGNORECASE),
)
#: Dates without a year: 6月14日 / September 20 / 20 September.
_SHORT_DATES = (
    re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]"),
    re.compile(rf"\b({_MONTH_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})",
               re.IGNORECASE),
)
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'-]{{1,40}},\s+((?:{_MONTH_WORD})\s+\d{{1,2}},?\s+\d{{4}})\s*(?:--|—|–|-)",
    re.MULTILINE | re.IGNORECASE,
)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "萬": 10000}
_NUMBER = r"(\d+(?:[.,]\d+)*\s*[万萬千]?|[零〇一二两兩三四五六七八九十百千万萬]+)"
_ATTENDANCE_ZH = re.compile(
    rf"(?:逾|超过|超過|近|约|約|共|达|達)?{_NUMBER}\s*(?:余|餘|多)?\s*(?:位|名)?\s*(?:人|名)(?!次)"
)
_ATTENDANCE_EN = re.compile(
    r"(?:more than|over|nearly|almost|about|around|some|approximately|upwards of)?\s*"
    r"(\d[\d,]*)\s*\+?\s+(?:[a-z-]+\s+)?(?:participants|attendees|people|guests|delegates|visitors)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[“「『\"《]([^”」』\"》\n]{2,60})[”」』\"》]")
_EN_EVENT = re.compile(
    r"\b(?:held|hosted|organi[sz]ed|convened|staged|opened)\s+(its|their|the|a|an)\s+"
    r"((?:\d{4}\s+)?(?:[A-Z][\w&'-]*\s+){0,8}"
    r"(?:Conference|Forum|Summit|Salon|Symposium|Seminar|Workshop|Expo|Meeting)s?)\b"
)
_EN_SUBJECT = re.compile(r"^\s*(?:The\s+)?([A-Z][^.;:\n]{3,120}?)\s*(?:has\s*)?$")
_EN_PLACE = re.compile(
    r"\b(?:at|in)\s+(?:the\s+)?([A-Z][\w'&-]*(?:\s+(?:[A-Z][\w'&-]*|of|and|the|in|for|de)){0,14})"
)
_EN_HELD = re.compile(r"\b(?:held|hosted|took place|was opened|convened|staged)\b", re.IGNORECASE)
_KICKER = re.compile(
    r"^\s*(?:press release|news release|for immediate release|新闻稿|新聞稿|通稿)\s*$",
    re.IGNORECASE,
)
_CONNECTORS = re.compile(r"(?:\s+(?:of|and|the|in|for|de))+$")
_SUBTITLE = re.compile(r"\s*(?:——|—|--|–|：|:)\s*")
_ORG_SPLIT = re.compile(r"[、,，;；/]\s*|\s*(?:以及|及|和|与|與)\s*(?=\S)|\s+and\s+(?=the\s)",
                        re.IGNORECASE)
_LEADING_WORDS = re.compile(r"^(?:由|经|經|并由|並由|and\s+|the\s+)+", re.IGNORECASE)


@cache
def _data() -> dict[str, Any]:
    return load("eventinfo")


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _label_line() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{key}>{_words(words)})"
                      for key, words in _data()["labels"].items())
    return re.compile(
        rf"^[\s#>*\-]*\**\s*(?:{groups})\s*\**\s*[:：]\s*\**\s*(?P<value>.+?)\s*\**\s*$",
        re.IGNORECASE,
    )


@cache
def _published_label() -> re.Pattern[str]:
    return re.compile(rf"(?:{_words(_data()['labels']['published'])})\s*[:：]\s*", re.IGNORECASE)


@cache
def _role_pattern() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{key}>{_words(words)})" for key, words in _data()["roles"].items())
    return re.compile(groups, re.IGNORECASE)


@cache
def _event_word() -> re.Pattern[str]:
    return re.compile(_words(_data()["event_words"]), re.IGNORECASE)


@cache
def _held_place() -> re.Pattern[str]:
    verbs = _words(_data()["held"])
    return re.compile(
        rf"在([^，。；、,;“”\"「」\s]{{2,30}}?)(?:成功|隆重|顺利|順利|盛大)?(?:{verbs})"
    )


@cache
def _attend_word() -> re.Pattern[str]:
    return re.compile(_words(_data()["attend"]))


@cache
def _record_suffix() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{_words(_data()['record_suffixes'])})\s*$", re.IGNORECASE)


# -- values -----------------------------------------------------------------------------------
def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return next((n for name, n in _MONTHS.items() if name.startswith(word[:3])), None)


def find_dates(text: str, year: int | None = None) -> list[tuple[date, int]]:
    """Dates in ``text`` with their offsets, in order; dates without a year take ``year``.

    >>> [d.isoformat() for d, _ in find_dates("2025年6月14日，预告于6月5日发布", 2025)]
    ['2025-06-14', '2025-06-05']
    """
    found: list[tuple[date, int, int]] = []
    for n, pattern in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text):
            a, b, c = m.groups()
            if n == 2:
                parts = (int(c), _month(a), int(b))
            elif n == 3:
                parts = (int(c), _month(b), int(a))
            else:
                parts = (int(a), int(b), int(c))
            made = _make(*parts) if parts[1] else None  # type: ignore[arg-type]
            if made:
                found.append((made, m.start(), m.end()))
    if year is not None:
        for n, pattern in enumerate(_SHORT_DATES):
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for _, s, e in found):
                    continue
                a, b = m.groups()
                month = _month(a) if n == 1 else int(a)
                made = _make(year, month, int(b)) if month else None
                if made:
                    found.append((made, m.start(), m.end()))
    return [(d, s) for d, s, _ in sorted(found, key=lambda x: x[1])]


def _first_date(text: str, year: int | None = None) -> date | None:
    dates = find_dates(text, year)
    return dates[0][0] if dates else None


def cn_number(text: str) -> int | None:
    """An integer written in digits or Chinese numerals: '350' / '1,200' / '1.2万' / '三百五十'.

    >>> [cn_number(x) for x in ("350", "1.2万", "百", "三百五十", "两千")]
    [350, 12000, 100, 350, 2000]
    """
    text = text.strip().replace(",", "").replace(" ", "")
    if not text:
        return None
    scale = 1
    if text[-1] in _CN_UNITS and text[:-1].replace(".", "").isdigit():
        scale, text = _CN_UNITS[text[-1]], text[:-1]
    try:
        return round(float(text) * scale)
    except ValueError:
        pass
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
        else:
            return None
    return total + section + (digit or 0) or None


def _attendance(text: str) -> int | None:
    for clause in re.split(r"[，。；,;\n]", text):
        if _attend_word().search(clause):
            for m in _ATTENDANCE_ZH.finditer(clause):
                value = cn_number(m.group(1))
                if value and value >= 2:
                    return value
    m = _ATTENDANCE_EN.search(text)
    return cn_number(m.group(1)) if m else None


def _organizations(run: str) -> list[str]:
    """Organization names of a host list; bare places are not hosts (上海、江苏、浙江、安徽三省一市
    工经联 names four federations, not the regions)."""
    out = []
    for item in _ORG_SPLIT.split(run):
        item = _LEADING_WORDS.sub("", item.strip(" \t\u3000\"“”「」")).strip()
        item = re.sub(r"\s*[（(][A-Za-z]{2,10}[)）]$", "", item)  # "… (BAST)"
        if 2 <= len(item) <= 100 and item not in out and not is_place(item):
            out.append(item)
    return out


def _split_list(value: str) -> list[str]:
    return _organizations(value)


def event_type(*texts: str | None) -> str | None:
    """"salon" / "innovation_event" from cue words in the first text that has one."""
    for text in texts:
        if not text:
            continue
        folded = text.lower()
        for kind, words in _data()["types"].items():
            if any(w.lower() in folded for w in words):
                return kind
    return None


# -- the parts of a document ------------------------------------------------------------------
def _title_block(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        m = _label_line().match(line)
        if not m:
            continue
        key = next(k for k in _data()["labels"] if m.group(k))
        found.setdefault(key, m.group("value").strip())
    return found


def _published(head: str) -> date | None:
    for m in _published_label().finditer(head):
        made = _first_date(head[m.end() : m.end() + 30])
        if made:
            return made
    m = _DATELINE.search(head)
    return _first_date(m.group(1)) if m else None


def _lead(lines: list[str]) -> str:
    """The first body paragraphs: not the headline, not labelled lines, long enough to be prose."""
    body = [line.strip() for line in lines[1:]
            if len(line.strip()) >= 40 and not _label_line().match(line)
            and not line.lstrip().startswith("#")]
    return "\n".join(body[:2])


def _host_roles(lead: str) -> dict[str, list[str]]:
    """Organizations before a role word in the same clause (X、Y联合主办 / hosted by X and Y)."""
    roles: dict[str, list[str]] = {}
    for clause in re.split(r"[，。；;\n]|,(?!\s*(?:Ltd|Inc|Co)\b)", lead):
        for m in _role_pattern().finditer(clause):
            kind = m.lastgroup
            assert kind is not None
            if m.group().lower().endswith(" by"):
                run = clause[m.end() :]
                run = re.split(r",\s*and\s+[a-z]|\s+(?:and\s+)?(?:attracted|drew|brought)\b",
                               run)[0]
            else:
                tail = clause[m.end() : m.end() + 2]
                if tail and tail[0] not in "的了":
                    continue
                run = clause[: m.start()]
                before = [r for r in _role_pattern().finditer(clause[: m.start()])]
                if before:
                    run = run[before[-1].end() :]
                run = re.split(r"由", run)[-1]
            for org in _organizations(run):
                if org not in roles.setdefault(kind, []):
                    roles[kind].append(org)
    return roles


def _headline_event(headline: str) -> str | None:
    held = "|".join(re.escape(w) for w in _data()["held"])
    m = re.match(rf"(.{{4,60}}?)在\S{{1,20}}?(?:{held})", headline)
    if m and _event_word().search(m.group(1)[-6:]):
        return m.group(1).strip()
    return None


def _quoted_event(lead: str) -> str | None:
    for m in _QUOTED.finditer(lead):
        name = m.group(1).strip()
        if _event_word().search(name[-6:]):
            return name
    return None


def _english_event(lead: str) -> str | None:
    m = _EN_EVENT.search(lead)
    if not m:
        return None
    name = m.group(2).strip()
    if m.group(1).lower() in ("its", "their"):
        before = re.split(r"--|—|–|\n|(?<=[a-z])\.\s", lead[: m.start()])[-1]
        subject = _EN_SUBJECT.search(before.rstrip())
        if subject:
            name = f"{subject.group(1).strip()} {name}"
    return name


def _english_place(lead: str) -> str | None:
    held = _EN_HELD.search(lead)
    if not held:
        return None
    sentence = re.split(r"(?<=[a-z])\.\s", lead[held.start() :])[0]
    for m in _EN_PLACE.finditer(sentence):
        place = _CONNECTORS.sub("", m.group(1)).strip()
        if _first_date(place + " 1, 2000") is None or not _month(place.split()[0]):
            return place
    return None


# -- public -----------------------------------------------------------------------------------
def event_info(text: str, title: str | None = None) -> dict[str, Any]:
    """The event facts ``text`` states, as ``Document.metadata`` keys (absent when not stated).

    >>> info = event_info("沙龙名称：某沙龙\\n时间：2025年6月14日 14:00\\n主办单位：甲协会、乙公司")
    >>> info["event"], info["date"], info["hosts"], info["event_type"]
    ('某沙龙', '2025-06-14', ['甲协会', '乙公司'], 'salon')
    """
    head = text[:_HEAD]
    lines = [line for line in head.splitlines() if line.strip()][:_BLOCK_LINES]
    if not lines:
        return {}
    if _KICKER.match(lines[0]) and len(lines) > 1:
        lines = lines[1:]
    if title and _KICKER.match(title):
        title = None
    headline = (title or lines[0]).strip().lstrip("#").strip()
    block = _title_block(lines)
    published = _published(head)
    if published is None and block.get("published"):
        published = _first_date(block["published"])
    lead = _lead(lines)
    out: dict[str, Any] = {}
    if published:
        out["published"] = published.isoformat()

    stated = {"event", "date", "place", "hosts", "co_hosts"} & set(block)
    held_zh = _held_place().search(lead)
    held_en = _EN_HELD.search(lead) and _event_word().search(lead)
    named = (_headline_event(headline) or _quoted_event(lead) or _english_event(lead))
    if len(stated) < 2 and not ((held_zh or held_en) and (named or _event_word().search(headline))):
        return out

    name = block.get("event") or named
    aliases: list[str] = []
    if name:
        main, *rest = _SUBTITLE.split(name, maxsplit=1)
        if rest and len(main) >= 4 and _event_word().search(main):
            out["event_subtitle"] = rest[0].strip()
            name = main
        out["event"] = name.strip()
    series = _record_suffix().sub("", headline).strip()
    if series not in ("", headline, out.get("event")) and _event_word().search(series):
        aliases.append(series)
    quoted = _quoted_event(lead)
    if quoted and quoted != out.get("event") and quoted not in aliases:
        aliases.append(quoted)
    if aliases:
        out["event_aliases"] = aliases
    out["event_type"] = event_type(out.get("event"), headline, *aliases, lead[:200]) or "other"

    year = published.year if published else None
    if year is None:
        any_date = _first_date(head)
        year = any_date.year if any_date else None
    when = _first_date(block["date"], year) if block.get("date") else None
    if when is None:
        when = next((d for d, _ in find_dates(lead, year) if d != published), None)
    if when:
        out["date"] = when.isoformat()

    place = block.get("place")
    if not place and held_zh:
        place = held_zh.group(1)
    if not place:
        place = _english_place(lead)
    if place:
        out["place"] = place.strip()

    attendance = cn_number(block["attendance"].rstrip("人名余多 ")) if block.get(
        "attendance") else None
    attendance = attendance or _attendance(lead)
    if attendance:
        out["attendance"] = attendance

    roles = _host_roles(lead)
    for key in ("hosts", "co_hosts", "supporters"):
        names = _split_list(block[key]) if block.get(key) else roles.get(key, [])
        if names:
            out[key] = names
    return out
