"""The Word file, read back with python-docx: the report's headings as Word headings, its tables as
tables, the charts as pictures, every answer in it, and typed text XML cannot hold dropped, not fatal."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn

from dlcore import Responses, load_guide
from dlcore.chart_image import WIDTH_IN
from dlcore.report import Figure, Table, report_content
from dlcore.responses import LEADER_PERSON, Milestone
from dlcore.word import report_docx
from tests.test_report import HOSTILE, full_responses, team_picture, typed_texts

GUIDE = load_guide()
TODAY = date(2026, 11, 30)


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def all_text(document) -> str:
    """Every paragraph's and every table cell's text (a line break in a run reads as "\\n")."""
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def full():
    r = full_responses()
    return r, read(report_docx(r, GUIDE, today=TODAY, title="Springfield"))


def test_the_headings_are_the_reports_sections_in_word_heading_styles(full):
    """Title, then each section's heading with Heading 1 or Heading 2, in the report's order: Word's
    navigation pane lists the plan's parts."""
    r, document = full
    report = report_content(r, GUIDE, today=TODAY, title="Springfield")
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert [("Title", report.title)] + [(f"Heading {s.level}", s.heading) for s in report.sections] == headings


def test_each_table_of_the_report_is_a_word_table_with_its_header_row_repeated(full):
    """As many tables as the report has, each with the report's columns and rows; the header row repeats."""
    r, document = full
    tables = [b for s in report_content(r, GUIDE, today=TODAY).sections for b in s.blocks if isinstance(b, Table)]
    assert len(tables) == len(document.tables)
    for expected, table in zip(tables, document.tables, strict=True):
        assert [list(expected.columns), *map(list, expected.rows)] == [[c.text for c in row.cells]
                                                                      for row in table.rows]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_milestones_table_holds_each_owner_and_target_date(full):
    """The last table is the milestones', one row per milestone with its owner and date."""
    r, document = full
    rows = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert ["#", "Milestone", "Owner", "Target date", "Status"] == rows[0]
    assert [(m.owner, m.due) for _, m in r.milestone_list()] == [(row[2], row[3]) for row in rows[1:]]


def test_both_charts_are_pictures_with_alternative_text(full):
    """Two inline PNG pictures, each described by its chart's title and caption for screen readers."""
    _, document = full
    shapes = document.inline_shapes
    assert 2 == len(shapes)
    descriptions = [s._inline.docPr.get("descr") for s in shapes]
    assert [GUIDE.cultural_readiness.title, GUIDE.implementation_readiness.title] == [d.split(".")[0]
                                                                                      for d in descriptions]
    assert all("innermost ring" in d for d in descriptions)
    blobs = [document.part.related_parts[s._inline.graphic.graphicData.pic.blipFill.blip.embed].blob for s in shapes]
    assert all(b.startswith(b"\x89PNG") for b in blobs)


def test_the_charts_are_placed_at_the_size_they_were_drawn_for_within_the_margins(full):
    """Not shrunk (their text would print below 9 pt), and within the page's text width."""
    _, document = full
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert [round(WIDTH_IN, 2)] * 2 == [round(s.width.inches, 2) for s in document.inline_shapes]
    assert all(s.width <= text_width for s in document.inline_shapes)


def test_every_typed_answer_is_in_the_word_file(full):
    """Each text typed anywhere in the answers is in a paragraph or a table cell, line breaks and all."""
    r, document = full
    text = all_text(document)
    assert [] == [t for t in typed_texts(r) if t not in text]
    assert "Who leads: Dr. Léa Okafor, deputy superintendent" in text


def test_the_total_recommendation_date_and_approach_are_there(full):
    """The same lines as the HTML: total, recommendation, date in words, the approach chosen."""
    _, document = full
    text = all_text(document)
    evaluative = GUIDE.family("evaluative")
    for line in ("Total: 29 of 40 (10 of 10 rated).", f"{evaluative.label}. {evaluative.recommendation}",
                 "Date: 30 November 2026", f"Approach chosen: {GUIDE.model('par').name} (EVALUATIVE)"):
        assert line in text


def test_an_empty_plan_says_each_part_is_empty_in_italics_and_has_no_pictures():
    """With no answers: the empty notes, set in italics, and no chart."""
    document = read(report_docx(Responses(), GUIDE, today=TODAY))
    italic = [p.text for p in document.paragraphs if p.runs and all(run.italic for run in p.runs)]
    for note in ("No milestones yet.", "No key question answered yet.", "No strategy profile notes yet.",
                 "No gap areas yet. They are proposed from the Step 1 statements rated 1 or 2."):
        assert note in italic
    assert 0 == len(document.inline_shapes)


def test_characters_xml_cannot_hold_are_dropped_instead_of_failing():
    """NUL, \\x01, \\x0b and a lone surrogate in a reflection, a name and a milestone: the file builds,
    opens, and holds the rest of the text."""
    bad = "\x00\x01\x0b\ud800"
    r = Responses(respondent=f"Ana{bad} Ruiz")
    r.gap_reflections["CR1"] = f"first{bad}second\nthird"  # as a store or a fuzzer could hold it
    r.choose_gap_areas(["CR1"])
    r.strategy_profile[LEADER_PERSON] = f"Lea{bad}"
    r.milestones["M1"] = Milestone(f"pilot{bad}", f"owner{bad}", "2027-01-01", "done")
    text = all_text(read(report_docx(r, GUIDE, today=TODAY)))
    for kept in ("firstsecond\nthird", "Ana Ruiz", "Who leads: Lea", "pilot", "owner"):
        assert kept in text
    assert not any(c in text for c in bad)


def test_html_typed_in_answers_is_plain_text_in_word():
    """Tags typed in an answer are the text typed, in Word as in the report."""
    r = Responses()
    r.write("key_questions", "NE-vision", "\n".join(HOSTILE))
    assert "\n".join(HOSTILE) in all_text(read(report_docx(r, GUIDE, today=TODAY)))


def test_a_team_adds_its_headings_tables_and_two_more_charts():
    """The team's part: its headings, the role tables, and each step's team radar as a picture."""
    picture = team_picture()
    report = report_content(Responses(), GUIDE, today=TODAY, team=picture)
    document = read(report_docx(Responses(), GUIDE, today=TODAY, team=picture))
    figures = [b for s in report.sections for b in s.blocks if isinstance(b, Figure)]
    assert 2 == len(figures) == len(document.inline_shapes)
    text = all_text(document)
    assert "Teacher (n=2)" in text and GUIDE.team.split.sentence in text
    assert "The team's picture" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
