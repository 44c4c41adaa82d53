"""Guess what kind of document a file is: transcript, news, report, slides, handbook, lists."""

from __future__ import annotations

from graphmap.model import DocType, Record, Turn
from graphmap.normalize import to_simplified
from ingest.resources import load

_TRANSCRIPT_MIN_TURNS = 3
_TRANSCRIPT_COVERAGE = 0.4
_REPORT_MIN_CHARS = 4000


def guess_doc_type(*, name: str, text: str, records: list[Record], turns: list[Turn],
                   suffix: str, headings: int, row_chars: int = 0) -> DocType:
    """The most likely :class:`DocType`; callers may override it.

    A file that is mostly list rows is a list, a deck is slides; otherwise a word in the file
    name ("速记", "新闻稿", "会议手册"...) decides, then the content (speaker turns, a news
    dateline, agenda and logistics) and length (long structured text = report).
    A report with a small expert table keeps its type; the table still yields records.
    """
    list_type = None
    if records:
        experts = sum(r.record_type == "expert" for r in records)
        list_type = DocType.EXPERT_LIST if experts * 2 > len(records) else DocType.MEMBER_LIST
        if row_chars * 2 >= len(text):
            return list_type
    if suffix == ".pptx" and list_type is None:
        return DocType.SLIDES  # a deck named "主旨报告" or "研究报告" is still slides
    data = load("doctypes")
    folded_name = to_simplified(name).lower()
    for doc_type, words in data["filename_keywords"].items():
        if doc_type in (DocType.MEMBER_LIST, DocType.EXPERT_LIST) and list_type is None:
            continue  # a list without rows is not a list
        if any(word.lower() in folded_name for word in words):
            return DocType(doc_type)
    covered = sum(t.end - t.start for t in turns)
    if len(turns) >= _TRANSCRIPT_MIN_TURNS and covered >= _TRANSCRIPT_COVERAGE * max(len(text), 1):
        return DocType.TRANSCRIPT
    head = to_simplified(text[:400])
    if any(marker in head for marker in data["news_markers"]):
        return DocType.NEWS
    body = to_simplified(text[:5000])
    if sum(marker in body for marker in data["handbook_markers"]) >= 2:
        return DocType.HANDBOOK
    if len(text) >= _REPORT_MIN_CHARS and headings >= 3:
        return DocType.REPORT
    return list_type or DocType.OTHER
