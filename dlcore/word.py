"""The plan as an editable Word file (.docx), laid out from report.report_content.

The same content as the printable HTML, block for block, so the two never disagree; only the
layout is Word's own: real headings (Heading 1 and 2, which Word's navigation pane lists), real
tables whose header row repeats on each page, and the charts as PNG pictures with their
description as alternative text. Every text passes ``document_text`` on its way in, so a character
XML cannot hold is dropped instead of breaking the file.
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from dlcore.content import Guide
from dlcore.report import (
    COUNT,
    EMPTY,
    LEAD,
    NUMBER,
    SHORT,
    Answer,
    Bullets,
    Facts,
    Figure,
    Paragraph,
    Table,
    document_text,
    report_content,
)
from dlcore.responses import Responses
from dlcore.team import TeamPicture

if TYPE_CHECKING:
    from docx.document import Document

FONT_PT = 11
# python-docx's template has 1.25 in side margins: 6 in of text, which would shrink the charts' 9 pt text.
SIDE_MARGIN_IN = 1.0
# Widths of the narrow column kinds, in inches; the other columns share what is left of the page.
COLUMN_INCHES = {NUMBER: 0.4, COUNT: 0.6, SHORT: 1.15}
# A table row shorter than this (in characters) is kept on one page; a longer one may run onto the next,
# since a row taller than a page could not be placed at all.
KEEP_ROW_CHARACTERS = 600


def report_docx(responses: Responses, guide: Guide, *, title: str = "", today: date | None = None,
                team: TeamPicture | None = None) -> bytes:
    """The plan as a .docx file's bytes (see report.report_content for the arguments)."""
    from docx import Document
    from docx.shared import Inches, Pt

    report = report_content(responses, guide, title=title, today=today, team=team)
    document = Document()
    document.styles["Normal"].font.size = Pt(FONT_PT)
    for section in document.sections:
        section.left_margin = section.right_margin = Inches(SIDE_MARGIN_IN)
    document.core_properties.title = document_text(report.title)
    document.core_properties.author = document_text(responses.respondent)
    document.add_heading(document_text(report.title), level=0)
    _facts(document, report.facts)
    for section in report.sections:
        document.add_heading(document_text(section.heading), level=section.level)
        for block in section.blocks:
            _LAYOUT[block.kind](document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text(document: Document, text: str, *, bold: bool = False, italic: bool = False, style: str | None = None,
          keep_with_next: bool = False):
    """One paragraph of one run; a line break in ``text`` stays a line break in Word."""
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(document_text(text))
    run.bold, run.italic = bold or None, italic or None
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _paragraph(document: Document, block: Paragraph) -> None:
    _text(document, block.text, bold=block.style == LEAD, italic=block.style == EMPTY)


def _bullets(document: Document, block: Bullets) -> None:
    for item in block.items:
        _text(document, item, style="List Bullet")


def _facts(document: Document, block: Facts) -> None:
    from docx.shared import Pt

    for name, value in block.items:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)  # one list, not separate paragraphs
        paragraph.add_run(document_text(f"{name}: ")).bold = True
        paragraph.add_run(document_text(value))


def _answer(document: Document, block: Answer) -> None:
    _text(document, block.label, bold=True, keep_with_next=True)
    for note in block.notes:
        _text(document, note, style="List Bullet", keep_with_next=True)
    _facts(document, Facts(block.facts))
    _text(document, block.text or block.empty, italic=not block.text)


def _table(document: Document, block: Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches

    _text(document, block.caption, bold=True, keep_with_next=True)
    page = _page_inches(document)
    fixed = sum(COLUMN_INCHES.get(w, 0) for w in block.widths)
    flexible = sum(w not in COLUMN_INCHES for w in block.widths)
    widths = [Inches(COLUMN_INCHES.get(w) or (page - fixed) / max(flexible, 1)) for w in block.widths]
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the table's grid, which LibreOffice follows; Word follows each cell's width
    for n, cells in enumerate((block.columns, *block.rows)):
        row = table.rows[n]
        properties = row._tr.get_or_add_trPr()
        # The schema's order: cantSplit before tblHeader.
        if sum(map(len, cells)) < KEEP_ROW_CHARACTERS:
            properties.append(_on(OxmlElement("w:cantSplit"), qn))
        if n == 0:  # the header row, repeated at the top of each page the table runs onto
            properties.append(_on(OxmlElement("w:tblHeader"), qn))
        for cell, text, width in zip(row.cells, cells, widths, strict=True):
            cell.width = width
            run = cell.paragraphs[0].add_run(document_text(text))
            run.bold = n == 0 or None


def _page_inches(document: Document) -> float:
    """The width between the margins of the page being written."""
    from docx.shared import Inches

    section = document.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Inches(1)


def _on(element, qn):
    element.set(qn("w:val"), "true")
    return element


def _figure(document: Document, block: Figure) -> None:
    from docx.shared import Inches

    from dlcore.chart_image import WIDTH_IN, radar_png

    page = _page_inches(document)
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True  # the caption stays under its chart
    picture = paragraph.add_run().add_picture(io.BytesIO(radar_png(block.chart)), width=Inches(min(WIDTH_IN, page)))
    picture._inline.docPr.set("descr", document_text(f"{block.chart.title}. {block.caption}"))  # alternative text
    _text(document, block.caption, italic=True)


_LAYOUT = {"paragraph": _paragraph, "bullets": _bullets, "facts": _facts, "answer": _answer, "table": _table,
           "figure": _figure}
