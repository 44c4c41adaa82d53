"""HTML pages: the main text (article/main/body) without scripts, styles or navigation."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    MarkupResemblesLocatorWarning,
    NavigableString,
    PageElement,
    ProcessingInstruction,
    Tag,
)

from ingest.encoding import Decoded, decode_text, encoding_metadata
from ingest.errors import IngestError
from ingest.readers.base import Parsed, Source, add_table, clean_line, parser_errors
from ingest.structure import TextBuilder, label_for

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)
_DROP = frozenset(("script", "style", "noscript", "template", "svg", "iframe", "nav", "footer",
                   "aside", "form", "button", "select", "head"))
_BLOCKS = frozenset(("p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt",
                     "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "header",
                     "figure", "figcaption", "address", "hr", "title", "tr"))
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TABLE_MARK = "\ue000TABLE{}\ue000"
_TABLE_LINE = re.compile("^\ue000TABLE(\\d+)\ue000$")


def read_html(source: Source) -> Parsed:
    text, encoding, replaced = _decode(source)
    with parser_errors(source, "HTML page"), warnings.catch_warnings():
        # a short page may "look like a file name" to bs4; it is still the page
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    page_title = clean_line(soup.title.get_text()) if soup.title else ""
    root = soup.find("article") or soup.find("main") or soup.body or soup
    headings = {clean_line(h.get_text(" ")) for h in root.find_all(_HEADINGS)}
    tables: list[list[list[str]]] = []
    builder = TextBuilder()
    lists: dict[str, dict[str, str]] = {}
    records = []
    for line in "".join(_flatten(root, tables)).split("\n"):
        line = clean_line(line)
        marker = _TABLE_LINE.match(line)
        if marker:
            index = int(marker.group(1))
            result = add_table(builder, tables[index], sheet=f"table{index + 1}",
                               mapping=source.mapping)
            if result is not None:
                records.extend(result.records)
                lists[f"table{index + 1}"] = result.mapping_report()
            continue
        builder.add(line, label="heading" if line in headings else label_for(line))
    if not builder.paragraphs:
        raise IngestError(source.name, "empty", "the HTML page has no visible text",
                          "save the page after it has loaded, or add the text itself")
    title = page_title or next(iter(h for h in headings if h), "") or source.stem
    metadata: dict = encoding_metadata(encoding, replaced)
    if lists:
        metadata["header_mapping"] = lists
    return Parsed(builder.text(), builder.paragraphs, title=title, records=records,
                  metadata=metadata)


def _flatten(root: Tag, tables: list[list[list[str]]]) -> list[str]:
    """The visible text of ``root`` with a line break around every block element.

    Walks the tree with an explicit stack (deeply nested pages must not exhaust recursion)
    and without modifying it; each top-level table becomes a marker line and its grid.
    """
    parts: list[str] = []
    stack: list[tuple[Iterator[PageElement], str]] = [(iter(root.children), "")]
    while stack:
        children, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(closing)
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, _NOT_TEXT):
                parts.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in _DROP:
            continue
        if child.name == "br":
            parts.append("\n")
        elif child.name == "table":
            grid = [[clean_line(cell.get_text(" ")) for cell in row.find_all(("td", "th"))]
                    for row in child.find_all("tr")]
            parts.append(f"\n{_TABLE_MARK.format(len(tables))}\n")
            tables.append(grid)
        elif child.name in _BLOCKS:
            parts.append("\n")
            stack.append((iter(child.children), "\n"))
        else:
            stack.append((iter(child.children), ""))
    return parts


def _decode(source: Source) -> Decoded:
    declared = _META_CHARSET.search(source.data[:4096])
    if declared:
        codec = declared.group(1).decode("ascii").lower()
        if codec in ("gb2312", "gbk"):
            codec = "gb18030"  # pages labelled GB2312 routinely use GBK characters
        try:
            return Decoded(source.data.decode(codec).replace("\r\n", "\n"), codec)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(source.data, source.name)
