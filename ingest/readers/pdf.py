"""PDF through its text layer (pypdf); scanned PDFs without text are reported, not guessed."""

from __future__ import annotations

import io
import logging
import re

from ingest.errors import IngestError
from ingest.readers.base import Parsed, Source, clean_line, parser_errors
from ingest.structure import TextBuilder, split_paragraphs

_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\n(?=[\u3000-\u9fff\uff00-\uffef])")
#: Below this many characters per page a PDF with images is taken to be a scan.
_SCANNED_CHARS_PER_PAGE = 20
_TOOL_PREFIX = re.compile(r"^(?:Microsoft (?:Word|PowerPoint|Excel) - )", re.IGNORECASE)


def read_pdf(source: Source) -> Parsed:
    if not source.data.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError(source.name, "corrupt", "the file is not a PDF (no %PDF header)",
                          "check the file's extension or export the PDF again")
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with parser_errors(source, "PDF"):
        reader = PdfReader(io.BytesIO(source.data), strict=False)
        if reader.is_encrypted and not _open_without_password(reader):
            raise IngestError(source.name, "encrypted", "the PDF is password-protected",
                              "save a copy without the password and add that")
        count = len(reader.pages)
        if count > source.limits.max_pages:
            raise IngestError(source.name, "too_large",
                              f"the PDF has {count} pages (limit {source.limits.max_pages})",
                              "split it, or raise Limits.max_pages")
        pages = [page.extract_text() or "" for page in reader.pages]
        with_images = [_has_images(page) for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    images = sum(with_images)
    # pages that are pictures only: a mixed PDF is read, but the report should say what's lost
    scanned = [n for n, (text, image) in enumerate(zip(pages, with_images, strict=True), 1)
               if image and not text.strip()]
    characters = sum(len(re.sub(r"\s", "", p)) for p in pages)
    if characters < _SCANNED_CHARS_PER_PAGE * max(count, 1) and (images or characters == 0):
        if images:
            raise IngestError(source.name, "image_only",
                              f"the PDF is scanned images with no text layer ({count} page(s), "
                              f"{characters} characters of text)",
                              "run OCR on it (e.g. `ocrmypdf in.pdf out.pdf`) and add the result")
        raise IngestError(source.name, "empty", "the PDF has no text",
                          "check that it is the right file")
    builder = TextBuilder()
    page_spans: list[list[int]] = []
    for page_text in pages:
        page_text = page_text.replace("\r\n", "\n").replace("\r", "\n")
        first: int | None = None
        for para in split_paragraphs(page_text):
            chunk = page_text[para.start : para.end]
            joined = _CJK_BREAK.sub("", chunk).replace("\n", " ")
            span = builder.add(clean_line(joined), label=para.label)
            if span is not None and first is None:
                first = span.start
        page_spans.append([builder.length if first is None else first, builder.length])
    title = _meta_title(str(meta_title)) or _first_heading(builder) or source.stem
    return Parsed(builder.text(), builder.paragraphs, title=title,
                  metadata={"pages": count, "page_spans": page_spans, "image_pages": images,
                            "pages_without_text": scanned})


def _open_without_password(reader) -> bool:
    """Many PDFs are 'encrypted' with an empty user password only (printing restrictions)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _has_images(page) -> bool:
    resources = page.get("/Resources")
    if resources is None:
        return False
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return False
    for ref in xobjects.get_object().values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            return True
    return False


def _meta_title(value: str) -> str:
    """The title stored in the PDF, unless it is a tool's placeholder or the file name."""
    value = _TOOL_PREFIX.sub("", clean_line(value))
    value = re.sub(r"\.(docx?|pptx?|xlsx?|wps)$", "", value, flags=re.IGNORECASE)
    return "" if value.lower() in ("untitled", "无标题", "title", "") else value


def _first_heading(builder: TextBuilder) -> str:
    text = builder.text()
    for para in builder.paragraphs[:3]:
        line = text[para.start : para.end]
        if len(line) <= 60:
            return line
    return ""
