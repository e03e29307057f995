"""The printable report: every answer in it, as text; the totals and the recommendation; empty parts
saying so; nothing typed ever becoming markup; nothing fetched; a print style for Letter and A4."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from dlcore import Responses, load_guide
from dlcore.report import (
    EMPTY,
    Answer,
    Figure,
    Paragraph,
    Table,
    document_text,
    report_content,
    report_file_name,
    report_html,
)
from dlcore.responses import LEADER_PERSON, MILESTONE_STATUSES, Milestone
from dlcore.team import Rater, aggregate

GUIDE = load_guide()
TODAY = date(2026, 11, 30)
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
STEP_HEADINGS = ["Step 1. Cultural Readiness", "Step 2. Approaches", "Step 3. Implementation Readiness",
                 "Gap areas", "Strategy profile", "Milestones"]


def full_responses(milestones: int = 3) -> Responses:
    """Every step answered, with text that has line breaks, quotes, ampersands and non-ASCII in it."""
    r = Responses(respondent="Ana Ruiz", role="Assistant superintendent")
    for n, s in enumerate(GUIDE.cultural_readiness.statements):
        r.rate(s.id, (1, 2, 3, 4, 4, 3, 3, 2, 4, 3)[n])  # 29: evaluative; CR1 (1) and CR2, CR8 (2) are gap areas
    for n, s in enumerate(GUIDE.implementation_readiness.statements):
        r.rate(s.id, n % 4 + 1)
        r.write("rationales", s.id, f"Rationale {s.id}: we looked at the \"data\" & the calendar.\nSecond line {n}.")
    r.choose_approach("par")
    for q in (q for f in GUIDE.approaches.families for q in f.key_questions):
        r.write("key_questions", q.id, f"Answer to {q.id}: peer review & coaching, año {len(q.id)}.\nThen more.")
    for s in ("CR1", "CR2", "CR8"):
        r.write("gap_reflections", s, f"Reflection on {s}: start small, with two schools.\n\n- listed point")
    for e in GUIDE.implementation_planning.elements:
        r.write("strategy_profile", e.id, f"Profile {e.id}: what we will do, in one or two sentences.")
    r.write("strategy_profile", LEADER_PERSON, "Dr. Léa Okafor, deputy superintendent")
    statuses = list(MILESTONE_STATUSES)
    for n in range(1, milestones + 1):
        r.add_milestone(Milestone(f"Milestone {n}: form the working team", f"Owner {n} Ng",
                                  f"2027-{n % 12 + 1:02d}-15", statuses[n % 3]))
    return r


def typed_texts(r: Responses) -> list[str]:
    """Every text someone typed into ``r``."""
    return [*r.key_questions.values(), *r.rationales.values(), *r.gap_reflections.values(),
            *r.strategy_profile.values(), *(t for _, m in r.milestone_list() for t in (m.milestone, m.owner)),
            r.respondent, r.role]


class Page(HTMLParser):
    """The parsed page: its elements (tag, attributes, the heading they stand under) and its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None], str]] = []
        self.texts: list[str] = []
        self.by_heading: dict[str, list[str]] = {}  # heading -> classes of the elements under it
        self.style = ""
        self._heading: str | None = None
        self._in: list[str] = []
        self.current = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes, self.current))
        self.by_heading.setdefault(self.current, []).extend((attributes.get("class") or "").split())
        if tag in ("h2", "h3"):
            self._heading = ""
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in ("h2", "h3") and self._heading is not None:
            self.current, self._heading = self._heading, None
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "style":
            self.style += data
            return
        self.texts.append(data)
        if self._heading is not None:
            self._heading += data

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [a for t, a, _ in self.elements if t == name]


def page_of(r: Responses, **kwargs) -> Page:
    return Page(report_html(r, GUIDE, today=TODAY, **kwargs))


@pytest.fixture(scope="module")
def full_page() -> Page:
    return page_of(full_responses())


# Every answer, as written ----------------------------------------------------------------------------


def test_every_typed_answer_is_in_the_report_as_written(full_page):
    """Key questions, rationales, reflections, profile notes, the leader, milestones, the name and role:
    each appears whole, line breaks and all."""
    assert [] == [t for t in typed_texts(full_responses()) if t not in full_page.text]


def test_typed_text_keeps_its_line_breaks_when_shown(full_page):
    """Typed text stands in elements whose style keeps line breaks (white-space: pre-wrap)."""
    typed = [a for t, a, _ in full_page.elements if "typed" in (a.get("class") or "").split()]
    assert len(typed) >= 8 + 8 + 3 + 7
    assert re.search(r"\.typed[^{]*\{[^}]*white-space:\s*pre-wrap", full_page.style)


def test_each_milestone_shows_its_owner_target_date_and_status_in_order(full_page):
    """The milestones table has one row per milestone, in order: number, milestone, owner, date, status."""
    r = full_responses()
    rows = [b for s in report_content(r, GUIDE, today=TODAY).sections for b in s.blocks
            if isinstance(b, Table) and b.caption == "Who does what by when"][0].rows
    expected = [(str(n), m.milestone, m.owner, m.due, MILESTONE_STATUSES[m.status])
                for n, (_, m) in enumerate(r.milestone_list(), start=1)]
    assert expected == list(rows)
    text = full_page.text
    positions = [text.index(f"{m.owner}") for _, m in r.milestone_list()]
    assert positions == sorted(positions)
    assert all(m.due in text for _, m in r.milestone_list())


def test_a_blank_milestone_is_left_out_and_a_missing_date_says_not_set():
    """A milestone with nothing in it is not a row; one without a target date says "Not set"."""
    r = Responses()
    r.add_milestone()
    r.add_milestone(Milestone("Pilot in two schools", "", "", "in_progress"))
    rows = [b for s in report_content(r, GUIDE, today=TODAY).sections for b in s.blocks if isinstance(b, Table)
            and b.caption == "Who does what by when"][0].rows
    assert [("1", "Pilot in two schools", "–", "Not set", "In progress")] == list(rows)


def test_the_leader_is_named_beside_the_leader_element(full_page):
    """The strategy profile's Leader says who leads."""
    assert "Who leads" in full_page.text
    assert "Dr. Léa Okafor, deputy superintendent" in full_page.text


def test_the_strategy_profile_has_all_seven_elements_focus_ones_first():
    """Seven answers in strategy_profile's order; an element a low rating points to is marked with why."""
    section = next(s for s in report_content(full_responses(), GUIDE, today=TODAY).sections
                   if s.heading == "Strategy profile")
    answers = [b for b in section.blocks if isinstance(b, Answer)]
    assert 7 == len(answers)
    flagged = [a for a in answers if a.label.endswith("· Focus here")]
    assert flagged and answers[: len(flagged)] == flagged
    assert all(a.notes for a in flagged)


# Totals and the recommendation ---------------------------------------------------------------------


@pytest.mark.parametrize(("ratings", "total", "family"), [
    ((4, 3, 3, 2, 2, 2, 3, 2, 2, 2), 25, "evaluative"),  # 25 itself points to evaluative
    ((4, 3, 3, 2, 2, 2, 2, 2, 2, 2), 24, "non_evaluative"),
])
def test_the_step_1_total_and_the_recommendation_are_shown(ratings, total, family):
    """The total out of 40 and the family's recommendation, on each side of the 25 threshold."""
    r = Responses(cultural_readiness={s.id: v for s, v in zip(GUIDE.cultural_readiness.statements, ratings,
                                                               strict=True)})
    text = page_of(r).text
    chosen = GUIDE.family(family)
    assert f"Total: {total} of 40 (10 of 10 rated)." in text
    assert f"{chosen.label}. {chosen.recommendation}" in text
    other = next(f for f in GUIDE.approaches.families if f.id != family)
    assert other.recommendation not in text


def test_no_recommendation_until_all_ten_are_rated():
    """With nine of ten rated, the report says the recommendation waits for all ten."""
    r = Responses(cultural_readiness={s.id: 4 for s in GUIDE.cultural_readiness.statements[:9]})
    text = page_of(r).text
    assert "Total: 36 of 40 (9 of 10 rated)." in text
    assert "The recommendation appears when all ten Step 1 statements are rated." in text
    assert not any(f.recommendation in text for f in GUIDE.approaches.families)


def test_each_rating_is_in_the_table_with_its_meaning(full_page):
    """A rated statement reads "1 (Strongly disagree)"; Step 3's total is there too."""
    assert "1 (Strongly disagree)" in full_page.text and "4 (Strongly agree)" in full_page.text
    assert "Total: 20 of 32 (8 of 8 rated)." in full_page.text


def test_the_title_date_and_approach_head_the_report(full_page):
    """The document names the plan and whose it is, the date in words, and the approach chosen."""
    h1 = re.search(r"<h1>(.*?)</h1>", report_html(full_responses(), GUIDE, today=TODAY, title="Springfield"))
    assert "Distributed leadership plan: Springfield" == h1.group(1)
    assert "Distributed leadership plan: Ana Ruiz" in full_page.text  # no title: the respondent's name
    assert "30 November 2026" in full_page.text
    assert f"{GUIDE.model('par').name} (EVALUATIVE)" in full_page.text


# Charts ------------------------------------------------------------------------------------------------


def test_both_radar_charts_are_inline_svg_in_figures_with_captions(full_page):
    """Two <svg> images labelled with their step, each inside a <figure> with a caption; ids never clash."""
    svgs = full_page.tags("svg")
    assert [GUIDE.cultural_readiness.title, GUIDE.implementation_readiness.title] == [s["aria-label"] for s in svgs]
    assert 2 == len(full_page.tags("figure")) == len(full_page.tags("figcaption"))
    ids = [a["id"] for _, a, _ in full_page.elements if a.get("id")]
    assert len(ids) == len(set(ids))


def test_no_chart_is_drawn_for_a_step_with_nothing_rated():
    """An empty chart says nothing; the report says the chart comes once a statement is rated."""
    page = page_of(Responses(cultural_readiness={"CR1": 2}))
    assert [GUIDE.cultural_readiness.title] == [s["aria-label"] for s in page.tags("svg")]


# Empty parts say so ------------------------------------------------------------------------------------


def test_with_no_answers_every_part_says_it_is_empty():
    """Each step's part is there, with a note that it holds nothing yet (class "empty"), never missing."""
    page = page_of(Responses())
    assert [] == [h for h in STEP_HEADINGS if "empty" not in page.by_heading.get(h, [])]
    for note in ("No milestones yet.", "No key question answered yet.", "No strategy profile notes yet.",
                 "No statement rated yet: the chart appears once one is."):
        assert note in page.text
    assert [] == page.tags("svg")


def test_an_empty_report_still_lists_the_seven_strategy_profile_elements():
    """The profile's elements are listed, each saying it has no notes yet."""
    page = page_of(Responses())
    assert [] == [e.name for e in GUIDE.implementation_planning.elements if e.name not in page.text]
    assert 7 == page.text.count("No notes yet.")


# Typed text is never markup ------------------------------------------------------------------------------


def hostile_responses() -> Responses:
    r = Responses(respondent=HOSTILE[1], role=HOSTILE[0])
    r.write("gap_reflections", "CR1", "\n".join(HOSTILE))
    r.choose_gap_areas(["CR1"])
    r.write("key_questions", "EV-purpose", HOSTILE[1])
    r.write("strategy_profile", LEADER_PERSON, HOSTILE[0])
    r.add_milestone(Milestone(HOSTILE[0], HOSTILE[1], "2027-01-01", "done"))
    r.rate("CR1", 1)
    return r


def test_html_typed_in_answers_shows_as_text_and_never_becomes_an_element():
    """<script> and <img onerror> typed anywhere show as the text typed; no script, img or handler exists."""
    page = page_of(hostile_responses(), title=HOSTILE[0])
    assert all(h in page.text for h in HOSTILE)
    assert [] == page.tags("script") + page.tags("img")
    assert [] == [(t, k) for t, a, _ in page.elements for k in a if k.startswith("on")]


def test_the_page_forbids_scripts_and_outside_requests():
    """A Content-Security-Policy of default-src 'none': even a script slipped in could not run or fetch."""
    page = page_of(full_responses())
    (policy,) = [a["content"] for a in page.tags("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_nothing_is_fetched_from_the_network():
    """No src or href to an http(s) address, no <link>, no @import or url() to the outside."""
    html = report_html(full_responses(), GUIDE, today=TODAY, team=team_picture())
    page = Page(html)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?https?:""", html, re.IGNORECASE)
    assert [] == page.tags("link") + page.tags("iframe") + page.tags("object")
    assert "@import" not in page.style and "url(" not in page.style


def test_characters_no_document_can_hold_are_dropped_not_fatal():
    """NUL, other control characters and a lone surrogate in typed text: the page still encodes as UTF-8,
    without them, and with the rest of the text."""
    r = Responses()
    r.gap_reflections["CR1"] = "before\x00\x01\x0b\x0c\x1f\ud800after\ttab"  # as a store or a fuzzer could hold it
    r.choose_gap_areas(["CR1"])
    html = report_html(r, GUIDE, today=TODAY)
    html.encode("utf-8")
    assert "beforeafter\ttab" in Page(html).text


def test_document_text_keeps_what_xml_holds():
    """Tabs, line breaks, accents, CJK and emoji are kept; \\r\\n becomes \\n."""
    assert "a\tb\nc\nd é 漢 😀" == document_text("a\tb\r\nc\rd é 漢 😀\x00\x08\x0b\x0e\ufffe\udfff")


# Print style ---------------------------------------------------------------------------------------------


def test_the_print_style_suits_any_paper_and_reads_in_black_and_white(full_page):
    """18 mm margins and no fixed paper size; rows and figures not split across pages; long words wrap;
    body text 11 pt or more; headings and text in black."""
    style = full_page.style
    page_rule = re.search(r"@page\s*\{([^}]*)\}", style).group(1)
    assert re.search(r"margin:\s*18mm", page_rule) and "size" not in page_rule
    assert re.search(r"tr,\s*figure\s*\{[^}]*break-inside:\s*avoid", style)
    assert "overflow-wrap: anywhere" in style
    size = float(re.search(r"body\s*\{[^}]*font-size:\s*([\d.]+)pt", style).group(1))
    assert size >= 11
    assert re.search(r"html\s*\{[^}]*color:\s*#000", style)


# A team's picture -------------------------------------------------------------------------------------------


def team_picture():
    people = [Rater("a", "teacher", {"CR1": 1, "CR2": 4, "IR1": 2}), Rater("b", "teacher", {"CR1": 4, "CR2": 4}),
              Rater("c", "school_admin", {"CR1": 3, "CR2": 1}), Rater("d", "school_admin", {"CR1": 3, "CR2": 2}),
              Rater("e", "union_leader", {"CR1": 2})]
    return aggregate(people, GUIDE)


def test_a_team_adds_who_took_part_the_team_charts_flags_and_roles():
    """How many joined and finished, the team radars, statements flagged for discussion, roles side by side."""
    picture = team_picture()
    page = page_of(Responses(), title="Springfield", team=picture)
    text = page.text
    assert "Joined" in text and "Finished Step 1" in text and "0 of 5" in text
    assert GUIDE.team.split.sentence in text
    flagged = picture.cultural_readiness.flagged
    assert flagged and all(f"{GUIDE.number(p.statement.id)}. {p.statement.short}: " in text for p in flagged)
    assert "Teacher (n=2)" in text and "School administrator (n=2)" in text
    assert GUIDE.team.left_out_note.format(count=1) in text  # the union leader alone is not shown
    assert GUIDE.team.role_gap.sentence in text
    assert 2 == len(page.tags("svg"))  # both steps' team radars: each has a statement rated
    figures = [b for s in report_content(Responses(), GUIDE, today=TODAY, team=picture).sections
               for b in s.blocks if isinstance(b, Figure)]
    assert ["team-cultural_readiness", "team-implementation_readiness"] == [f.key for f in figures]


def test_a_team_nobody_joined_says_so():
    """An empty team's part says no one has joined, and draws no chart."""
    page = page_of(Responses(), team=aggregate([], GUIDE))
    assert "No one has joined yet." in page.text
    assert [] == page.tags("svg")


# The content both documents are made from ---------------------------------------------------------------


def test_every_empty_note_is_marked_empty():
    """The notes of an empty part are EMPTY paragraphs, so both renderers set them apart."""
    report = report_content(Responses(), GUIDE, today=TODAY)
    notes = [b.text for s in report.sections for b in s.blocks if isinstance(b, Paragraph) and b.style == EMPTY]
    assert "No milestones yet." in notes and "No gap areas yet. They are proposed from the Step 1 statements " \
                                               "rated 1 or 2." in notes


@pytest.mark.parametrize(("title", "respondent", "expected"), [
    ("Springfield Public Schools", "", "distributed-leadership-plan-springfield-public-schools-2026-11-30.html"),
    ("", "Zoë O'Brien", "distributed-leadership-plan-zoe-o-brien-2026-11-30.html"),
    ("<script>/../..", "", "distributed-leadership-plan-script-2026-11-30.html"),
    ("", "", "distributed-leadership-plan-2026-11-30.html"),
    ("学校", "", "distributed-leadership-plan-2026-11-30.html"),
])
def test_the_file_name_is_plain_ascii_with_the_name_and_date(title, respondent, expected):
    """Letters and digits of the name (accents dropped), hyphens between, the date; nothing else."""
    assert expected == report_file_name(Responses(respondent=respondent), title=title, today=TODAY)


def test_the_file_name_takes_the_suffix_and_caps_the_name():
    """A Word file ends in .docx; a very long name is cut to 40 characters."""
    name = report_file_name(Responses(), title="a" * 100, today=TODAY, suffix=".docx")
    assert f"distributed-leadership-plan-{'a' * 40}-2026-11-30.docx" == name
