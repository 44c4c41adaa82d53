"""Readers for Chinese NER gold data: Resume, CLUENER, Weibo and a generic JSON-lines format.

Every reader yields :class:`GoldSentence` (text plus character spans with the project's two
entity labels, ``PERSON`` and ``ORG``), so evaluation and training never see corpus quirks.

Label mapping
-------------
- Resume (Zhang & Yang 2018, char + BMES): ``NAME`` -> PERSON, ``ORG`` -> ORG.
- CLUENER2020 (JSON): ``name`` -> PERSON; ``organization``, ``company``, ``government`` -> ORG.
- Weibo (Peng & Dredze 2015, char+digit + BIO): ``PER.NAM`` -> PERSON, ``ORG.NAM`` -> ORG
  (nominal mentions ``*.NOM`` are not names and are ignored).
- Generic: one JSON object per line, ``{"text": ..., "entities": [[start, end, label], ...]}``
  with ``end`` exclusive and labels already ``PERSON``/``ORG`` (others are ignored).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graphmap.errors import InputError

LABELS = ("PERSON", "ORG")

CORPORA = ("resume", "cluener", "weibo")

_RESUME_MAP = {"NAME": "PERSON", "ORG": "ORG"}
_CLUENER_MAP = {"name": "PERSON", "organization": "ORG", "company": "ORG", "government": "ORG"}
_WEIBO_MAP = {"PER.NAM": "PERSON", "ORG.NAM": "ORG"}


@dataclass(slots=True)
class GoldSentence:
    """A gold sentence: its text and ``(start, end, label)`` spans, ``end`` exclusive."""

    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


def corpus_path(data_dir: Path, corpus: str, split: str) -> Path:
    """Where ``corpus``/``split`` lives under the shared ``data/ner`` folder."""
    ner = Path(data_dir) / "ner"
    names = {
        "resume": f"resume/{split}.char.bmes",
        "cluener": f"cluener/{split}.json",
        "weibo": f"weibo/weiboNER_2nd_conll.{split}",
    }
    if corpus not in names:
        raise InputError(f"unknown corpus {corpus!r}", f"use one of {', '.join(CORPORA)}")
    path = ner / names[corpus]
    if not path.is_file():
        raise InputError(
            f"gold file {path} not found",
            "pass --data pointing at the shared data folder (it holds ner/); CLUENER has no "
            "test split with labels, use --split dev",
        )
    return path


def read_corpus(data_dir: Path, corpus: str, split: str) -> list[GoldSentence]:
    """Read one split of a named corpus into gold sentences."""
    path = corpus_path(data_dir, corpus, split)
    if corpus == "cluener":
        return list(read_cluener(path))
    if corpus == "resume":
        return list(_read_tagged_chars(path, _RESUME_MAP, strip_digit=False))
    return list(_read_tagged_chars(path, _WEIBO_MAP, strip_digit=True))


def read_generic(path: Path) -> list[GoldSentence]:
    """Read the generic gold format (JSON lines with ``text`` and ``entities``)."""
    out: list[GoldSentence] = []
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["text"]
                spans = [
                    (int(s), int(e), str(label))
                    for s, e, label in row.get("entities", [])
                    if label in LABELS
                ]
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(
                    f"{path}:{lineno} is not a gold line ({exc})",
                    'write one JSON object per line: {"text": "...", "entities": '
                    '[[start, end, "PERSON"|"ORG"], ...]} with end exclusive',
                ) from exc
            for s, e, _ in spans:
                if not 0 <= s < e <= len(text):
                    raise InputError(
                        f"{path}:{lineno} span [{s}, {e}) is outside the text",
                        "use character offsets into text, end exclusive",
                    )
            out.append(GoldSentence(text, spans))
    return out


def read_cluener(path: Path) -> Iterator[GoldSentence]:
    """CLUENER stores one JSON object per record (pretty-printed or one per line)."""
    decoder = json.JSONDecoder()
    raw = Path(path).read_text(encoding="utf-8")
    pos = 0
    while True:
        while pos < len(raw) and raw[pos].isspace():
            pos += 1
        if pos >= len(raw):
            return
        row, pos = decoder.raw_decode(raw, pos)
        spans = []
        for ctype, mentions in (row.get("label") or {}).items():
            label = _CLUENER_MAP.get(ctype)
            if label is None:
                continue
            for ranges in mentions.values():
                for start, end_inclusive in ranges:
                    spans.append((start, end_inclusive + 1, label))
        yield GoldSentence(row["text"], sorted(spans))


def _read_tagged_chars(
    path: Path, mapping: dict[str, str], *, strip_digit: bool
) -> Iterator[GoldSentence]:
    chars: list[str] = []
    tags: list[str] = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield _decode(chars, tags, mapping)
                chars, tags = [], []
                continue
            token, _, tag = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
            char = token[0] if strip_digit else token
            chars.append(char)
            tags.append(tag.strip())
    if chars:
        yield _decode(chars, tags, mapping)


def _decode(chars: list[str], tags: list[str], mapping: dict[str, str]) -> GoldSentence:
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    current = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        begins = prefix in ("B", "S") or prefix == "O" or kind != current
        if start is not None and begins:
            label = mapping.get(current)
            if label:
                spans.append((start, i, label))
            start, current = None, ""
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and start is None):
            start, current = i, kind
        if prefix in ("E", "S") and start is not None:
            label = mapping.get(current)
            if label:
                spans.append((start, i + 1, label))
            start, current = None, ""
    return GoldSentence("".join(chars), spans)
