"""Word (.docx) and PowerPoint (.pptx): paragraphs, headings, tables, slides and notes."""

from __future__ import annotations

import io
import re
from typing import Any

from ingest.errors import IngestError
from ingest.limits import check_zip
from ingest.readers.base import (
    Parsed,
    Source,
    add_table,
    clean_line,
    parser_errors,
    refuse_encrypted_office,
)
from ingest.structure import TextBuilder, label_for

_HEADING_STYLE = re.compile(r"^(?:heading|标题|title|subtitle)\s*\d*$", re.IGNORECASE)


def read_docx(source: Source) -> Parsed:
    refuse_encrypted_office(source, "Word document")
    check_zip(source.name, source.data, source.limits)
    import docx
    from docx.table import Table

    with parser_errors(source, "Word document"):
        document = docx.Document(io.BytesIO(source.data))
        # Paragraph.style resolves defaults on every call (slow); style ids are enough
        heading_ids = {style.style_id for style in document.styles
                       if _HEADING_STYLE.match(style.name or "")}
        blocks: list[tuple[str, Any]] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.append(("table", [[cell.text for cell in row.cells] for row in item.rows]))
            else:
                blocks.append(("heading" if item._p.style in heading_ids else "paragraph",
                               item.text))
        core_title = document.core_properties.title or ""
    builder = TextBuilder()
    records = []
    mapping_used: dict[str, dict[str, str]] = {}
    table_count = 0
    for kind, content in blocks:
        if kind == "table":
            table_count += 1
            sheet = f"table{table_count}"
            result = add_table(builder, content, sheet=sheet, mapping=source.mapping)
            if result is not None:
                records.extend(result.records)
                mapping_used[sheet] = result.mapping_report()
        else:
            for line in content.split("\n"):
                line = clean_line(line)
                builder.add(line, label=kind if kind == "heading" else label_for(line))
    if not builder.paragraphs:
        raise IngestError(source.name, "empty", "the Word document has no text",
                          "check that the file is the right one; scanned pages need OCR first")
    text = builder.text()
    headings = [p for p in builder.paragraphs if p.label == "heading"]
    title = clean_line(core_title) or (text[headings[0].start : headings[0].end] if headings
                                       else _first_short(text, builder.paragraphs, source.stem))
    metadata: dict[str, Any] = {"tables": table_count}
    if mapping_used:
        metadata["header_mapping"] = mapping_used
    return Parsed(text, builder.paragraphs, title=title, records=records, metadata=metadata)


def _first_short(text: str, paragraphs: list, fallback: str) -> str:
    for para in paragraphs[:3]:
        line = text[para.start : para.end]
        if len(line) <= 60 and not line.endswith(("。", ".", "；")):
            return line
    return fallback


def read_pptx(source: Source) -> Parsed:
    refuse_encrypted_office(source, "PowerPoint file")
    check_zip(source.name, source.data, source.limits)
    import pptx

    with parser_errors(source, "PowerPoint file"):
        presentation = pptx.Presentation(io.BytesIO(source.data))
        slides = [_slide_blocks(slide) for slide in presentation.slides]
        core_title = presentation.core_properties.title or ""
    builder = TextBuilder()
    slide_spans: list[list[int]] = []
    titles: list[str] = []
    for blocks in slides:
        start = None
        for label, line in blocks:
            span = builder.add(clean_line(line), label=label)
            if span is None:
                continue
            start = span.start if start is None else start
            if label == "heading":
                titles.append(clean_line(line))
        if start is not None:
            slide_spans.append([start, builder.length])
        else:
            slide_spans.append([builder.length, builder.length])
    if not builder.paragraphs:
        raise IngestError(source.name, "empty", "the slides hold no text (only pictures?)",
                          "add the speaker's script or an exported PDF with a text layer")
    title = clean_line(core_title) or (titles[0] if titles else source.stem)
    return Parsed(builder.text(), builder.paragraphs, title=title,
                  metadata={"slides": len(slides), "slide_spans": slide_spans,
                            "slide_titles": titles})


def _slide_blocks(slide: Any) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    title_shape = slide.shapes.title
    if title_shape is not None and title_shape.has_text_frame:
        blocks.append(("heading", title_shape.text_frame.text.replace("\n", " ")))
    for shape in slide.shapes:
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        blocks.extend(_shape_blocks(shape))
    if slide.has_notes_slide:
        notes = slide.notes_slide.notes_text_frame
        if notes is not None:
            blocks.extend(("notes", line) for line in notes.text.split("\n"))
    return blocks


def _shape_blocks(shape: Any) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    if shape.shape_type is not None and getattr(shape, "shapes", None) is not None:
        for child in shape.shapes:  # group shape
            blocks.extend(_shape_blocks(child))
        return blocks
    if getattr(shape, "has_table", False) and shape.has_table:
        for row in shape.table.rows:
            cells = [clean_line(c.text) for c in row.cells if c.text.strip()]
            if cells:
                blocks.append(("table", " | ".join(dict.fromkeys(cells))))
        return blocks
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        for paragraph in shape.text_frame.paragraphs:
            text = "".join(run.text for run in paragraph.runs) or paragraph.text
            for line in text.split("\n"):
                blocks.append(("paragraph", line))
    return blocks
