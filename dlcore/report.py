"""The plan as a document: what it says, as plain data, and the printable HTML page made from it.

``report_content`` decides every heading, sentence and table of the document from the answers,
with the same scoring, gap areas, strategy profile and chart descriptions as the app. ``report_html``
(here) and ``word.report_docx`` only lay it out, so the printed report and the Word file never
disagree. Typed text arrives as typed, less what no document can hold (``document_text``); the
HTML template escapes everything (Jinja2 with ``autoescape=True``), so typed text is never markup.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import ClassVar

from dlcore.chart import Chart, readiness_chart, team_chart
from dlcore.content import Guide, Questionnaire
from dlcore.gaps import chosen_gap_areas
from dlcore.profile import strategy_profile
from dlcore.progress import progress
from dlcore.responses import LEADER_PERSON, MILESTONE_STATUSES, Responses
from dlcore.scoring import Score, cultural_readiness, implementation_readiness, recommend_approach
from dlcore.tables import rating_rows
from dlcore.team import StepPicture, TeamPicture, role_rows, statement_rows

DOCUMENT_TITLE = "Distributed leadership plan"
FILE_STEM = "distributed-leadership-plan"
NO_VALUE = "–"  # an empty cell: nothing typed, no mean yet
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
STEP_NUMBERS = {"cultural_readiness": 1, "implementation_readiness": 3}
ROLES_AT_FULL_WIDTH = 4  # roles side by side that a page holds with their labels unbroken
# XML 1.0 holds tab, line feed, carriage return and these ranges; nothing else (no other control
# character, no lone surrogate, not U+FFFE or U+FFFF). Python strings may hold them all.
_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def document_text(text: str) -> str:
    """``text`` as a document can hold it: line ends made "\\n", characters XML 1.0 cannot hold left out.

    Word's files are XML, and a lone surrogate cannot even be written as UTF-8, so such a character
    (pasted from a broken file, typed by a fuzzer) is dropped rather than failing the whole document.
    """
    return _NOT_IN_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# What the document is made of ---------------------------------------------------------------------
# Each block says what it is (``kind``); each renderer has one way of laying out each kind.

GUIDE, TYPED, EMPTY, LEAD = "guide", "typed", "empty", "lead"


@dataclass(frozen=True)
class Paragraph:
    """A sentence or more: the guide's or the app's words (GUIDE), a result that stands out (LEAD),
    what someone typed, kept as written with its line breaks (TYPED), or a note that a part has
    nothing in it yet (EMPTY), so that an empty part says so instead of vanishing."""

    kind: ClassVar[str] = "paragraph"
    text: str
    style: str = GUIDE


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """Name and value pairs ("Date", "30 November 2026"); a value may be typed text."""

    kind: ClassVar[str] = "facts"
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Answer:
    """What was written for one prompt: the prompt, the guide's words under it (``notes``: its
    questions, why to focus on it), typed details (``facts``: who leads), and the text or ``empty``."""

    kind: ClassVar[str] = "answer"
    label: str
    text: str
    empty: str
    notes: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()


# A table column's kind sets its width: "number" (one or two digits: a statement's number, how many
# gave a rating), "count" (a mean, a range, a count under a longer heading), "short" (a rating in words,
# a date, a status), "text" (the guide's words), "typed" (text someone wrote, kept as written).
NUMBER, COUNT, SHORT, TEXT = "number", "count", "short", "text"


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    caption: str
    columns: tuple[str, ...]
    widths: tuple[str, ...]  # one column kind per column
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.columns) or any(len(r) != len(self.columns) for r in self.rows):
            raise ValueError(f"table {self.caption!r}: every row needs one cell and one width per column")


@dataclass(frozen=True)
class Figure:
    """A radar chart with its caption; ``key`` names it uniquely in the document (ids, image names)."""

    kind: ClassVar[str] = "figure"
    key: str
    chart: Chart
    caption: str


Block = Paragraph | Bullets | Facts | Answer | Table | Figure


@dataclass(frozen=True)
class Section:
    """A heading and what follows it, up to the next heading: level 1 a part of the plan, 2 a part of that."""

    heading: str
    level: int
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Report:
    title: str
    facts: Facts  # under the title: who, when, the approach
    sections: tuple[Section, ...]

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Figure))


# The content -----------------------------------------------------------------------------------------


def report_content(responses: Responses, guide: Guide, *, title: str = "", today: date | None = None,
                   team: TeamPicture | None = None) -> Report:
    """Everything the plan's document says, in order, as plain data.

    ``title`` names the team or district (the respondent's name when it is empty); ``team`` adds the
    team's picture (counts, means with ranges, statements flagged for discussion, roles side by side).
    """
    name = document_text(title.strip() or responses.respondent.strip())
    heading = f"{DOCUMENT_TITLE}: {name}" if name else DOCUMENT_TITLE
    sections = [
        Section("Progress", 1, (_progress(responses, guide),)),
        *(_team(team, guide) if team is not None else ()),
        _step_1(responses, guide),
        *_step_2(responses, guide),
        _step_3(responses, guide),
        *_step_4(responses, guide),
    ]
    return Report(heading, _overview(responses, guide, today or date.today()), tuple(sections))


def long_date(day: date) -> str:
    """"30 November 2026": read the same way in every country, whatever the machine's locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _overview(responses: Responses, guide: Guide, today: date) -> Facts:
    items = [("Prepared by", document_text(responses.respondent))] if responses.respondent.strip() else []
    if responses.role.strip():
        items.append(("Role", document_text(responses.role)))
    recommendation = recommend_approach(responses.cultural_readiness, guide)
    rated = cultural_readiness(responses.cultural_readiness, guide)
    items += [
        ("Date", long_date(today)),
        ("Step 1 points to", f"{guide.family(recommendation.family).label} (total {recommendation.total})"
         if recommendation else f"Waiting for every Step 1 rating ({rated.rated} of {rated.of} rated)"),
        ("Approach chosen", _approach(responses, guide)),
    ]
    return Facts(tuple(items))


def _approach(responses: Responses, guide: Guide) -> str:
    if responses.approach is None:
        return "No approach chosen yet"
    return f"{guide.model(responses.approach).name} ({guide.family_of(responses.approach).label})"


def _progress(responses: Responses, guide: Guide) -> Table:
    return Table("How far each step is done", ("Step", "Done", "Detail"), (TEXT, SHORT, TEXT),
                 tuple((f"{p.number}. {p.title}", f"{p.done} of {p.of}", p.detail) for p in progress(responses, guide)))


def _step_heading(step: str, guide: Guide) -> str:
    return f"Step {STEP_NUMBERS[step]}. {getattr(guide, step).title}"


def _total(score: Score) -> Paragraph:
    return Paragraph(f"Total: {score.total} of {score.highest_possible} ({score.rated} of {score.of} rated).", LEAD)


def _rating(value: int | None, guide: Guide) -> str:
    """"3 (Agree)", or "Not yet rated": the rating in numbers and in the guide's words."""
    return guide.rating_scale.not_rated if value is None else f"{value} ({guide.rating_scale.labels[value]})"


def _chart_caption(guide: Guide, table: str) -> str:
    labels = guide.rating_scale.labels
    low, high = min(labels), max(labels)
    return (f"Ratings from {low} ({labels[low].lower()}), the innermost ring, to {high} ({labels[high].lower()}) at "
            f"the edge. A statement not yet rated is left out of the shape, not drawn as a low rating. {table}")


def _ratings(responses: Responses, step: str, guide: Guide, *, advice: tuple[Block, ...] = (),
             rationales: dict[str, str] | None = None) -> list[Block]:
    """One person's ratings of a step: the total (and ``advice`` under it), the radar, the same numbers in a table."""
    questionnaire: Questionnaire = getattr(guide, step)
    ratings: dict[str, int] = getattr(responses, step)
    score = (cultural_readiness if step == "cultural_readiness" else implementation_readiness)(ratings, guide)
    chart = readiness_chart(responses, step, guide)
    blocks: list[Block] = [_total(score), *advice]
    if chart.rated:
        blocks.append(Figure(step, chart, _chart_caption(guide, "The table below holds the same ratings.")))
    else:
        blocks.insert(0, Paragraph("No statement rated yet: the chart appears once one is.", EMPTY))
    columns, widths = ("#", "Statement", "Rating"), (NUMBER, TEXT, SHORT)
    rows = [(str(r["#"]), str(r["Statement"]), _rating(r["Rating"], guide))
            for r in rating_rows(questionnaire.statements, ratings, guide)]
    if rationales is not None:
        columns, widths = (*columns, "Rationale"), (*widths, TYPED)
        rows = [(*row, document_text(rationales.get(s.id, "")) or NO_VALUE)
                for row, s in zip(rows, questionnaire.statements, strict=True)]
    blocks.append(Table(f"{questionnaire.title}: ratings", columns, widths, tuple(rows)))
    return blocks


def _step_1(responses: Responses, guide: Guide) -> Section:
    recommendation = recommend_approach(responses.cultural_readiness, guide)
    if recommendation:
        family = guide.family(recommendation.family)
        advice = Paragraph(f"{family.label}. {family.recommendation} {family.why}", LEAD)
    else:
        advice = Paragraph("The recommendation appears when all ten Step 1 statements are rated.")
    blocks = _ratings(responses, "cultural_readiness", guide, advice=(advice,))
    return Section(_step_heading("cultural_readiness", guide), 1, tuple(blocks))


def _step_2(responses: Responses, guide: Guide) -> list[Section]:
    """The key questions answered, under the approach family that asks them."""
    approaches = guide.approaches
    heading = f"Step 2. {approaches.title}"
    answers = {k: document_text(v) for k, v in responses.key_questions.items() if v.strip()}
    if not answers:
        return [Section(heading, 1, (Paragraph("No key question answered yet.", EMPTY),))]
    sections = [Section(heading, 1, (Paragraph(approaches.key_questions_heading),))]
    for family in approaches.families:
        given = [q for q in family.key_questions if q.id in answers]
        blocks: list[Block] = [Paragraph(family.key_questions_intro)]
        blocks += [Answer(q.issue, answers[q.id], "", notes=tuple(q.questions)) for q in given]
        if not given:
            blocks.append(Paragraph("None of these key questions answered yet.", EMPTY))
        sections.append(Section(family.title, 2, tuple(blocks)))
    return sections


def _step_3(responses: Responses, guide: Guide) -> Section:
    chosen = Facts((("Approach chosen", _approach(responses, guide)),))
    blocks = _ratings(responses, "implementation_readiness", guide, rationales=responses.rationales)
    return Section(_step_heading("implementation_readiness", guide), 1, (chosen, *blocks))


def _step_4(responses: Responses, guide: Guide) -> list[Section]:
    planning = guide.implementation_planning
    return [Section(f"Step 4. {planning.title}", 1), _gap_areas(responses, guide),
            _strategy_profile(responses, guide), _milestones(responses)]


def _gap_areas(responses: Responses, guide: Guide) -> Section:
    planning = guide.implementation_planning
    ratings = responses.cultural_readiness
    chosen = chosen_gap_areas(responses.gap_areas, ratings, guide)
    if not chosen:
        return Section("Gap areas", 2, (Paragraph(
            "No gap areas yet. They are proposed from the Step 1 statements rated 1 or 2.", EMPTY),))
    blocks: list[Block] = [Paragraph(planning.gap_reflection_heading)]
    if responses.gap_areas is None:
        blocks.append(Paragraph("Proposed from the Step 1 ratings: lowest first, up to three."))
    labels = guide.rating_scale.labels
    for statement_id in chosen:
        rating = ratings.get(statement_id)
        score = f"rated {rating} ({labels[rating].lower()})" if rating else "not yet rated"
        blocks.append(Answer(f"{guide.number(statement_id)}. {guide.statement(statement_id).text} ({score})",
                             document_text(responses.gap_reflections.get(statement_id, "")), "No reflection yet."))
    return Section("Gap areas", 2, tuple(blocks))


def _strategy_profile(responses: Responses, guide: Guide) -> Section:
    """The seven elements, those that low ratings point to first and marked "Focus here", as on Step 4."""
    planning = guide.implementation_planning
    notes = {k: document_text(v) for k, v in responses.strategy_profile.items() if v.strip()}
    labels = guide.rating_scale.labels
    blocks: list[Block] = [] if notes else [Paragraph("No strategy profile notes yet.", EMPTY)]
    for view in strategy_profile({**responses.cultural_readiness, **responses.implementation_readiness}, guide):
        element = view.element
        reasons = tuple(
            f"Step {f.step}, statement {guide.number(f.statement_id)}: {guide.statement(f.statement_id).text} — "
            f"rated {f.rating} ({labels[f.rating].lower()}). {f.reason}" for f in view.focus)
        leader = (("Who leads", notes.get(LEADER_PERSON, "Not named yet")),) if element.id == "leader" else ()
        blocks.append(Answer(f"{element.name} · Focus here" if view.flagged else element.name,
                             notes.get(element.id, ""), "No notes yet.", notes=reasons, facts=leader))
    return Section(planning.profile_heading, 2, tuple(blocks))


def _milestones(responses: Responses) -> Section:
    """Who does what by when: the plan's milestones in the order they were added (blank ones left out)."""
    rows = tuple(
        (str(n), document_text(m.milestone) or NO_VALUE, document_text(m.owner) or NO_VALUE, m.due or "Not set",
         MILESTONE_STATUSES[m.status])
        for n, (_, m) in enumerate((item for item in responses.milestone_list() if not item[1].is_blank()), start=1))
    if not rows:
        return Section("Milestones", 2, (Paragraph("No milestones yet.", EMPTY),))
    table = Table("Who does what by when", ("#", "Milestone", "Owner", "Target date", "Status"),
                  (NUMBER, TYPED, TYPED, SHORT, SHORT), rows)
    return Section("Milestones", 2, (table,))


# A team's picture --------------------------------------------------------------------------------------


def _team(picture: TeamPicture, guide: Guide) -> list[Section]:
    """What the facilitator's view shows, in its words: who took part, totals, each step's picture, roles."""
    cultural, implementation = picture.cultural_readiness, picture.implementation_readiness
    recommendation = cultural.recommendation
    family = recommendation.family if recommendation else None
    facts = [
        ("Joined", str(picture.participants)),
        ("Finished Step 1", f"{cultural.finished} of {picture.participants}"),
        ("Finished Step 3", f"{implementation.finished} of {picture.participants}"),
        ("Team total, Step 1", _team_total(cultural, guide)),
        ("Step 1 points to", guide.family(family).label if family else "Waiting"),
        ("Team total, Step 3", _team_total(implementation, guide)),
    ]
    if recommendation:
        threshold = guide.cultural_readiness.threshold
        facts += [
            (f"Individuals' own Step 1 totals at or above {recommendation.threshold}",
             f"{recommendation.at_or_above} (their own total points to {guide.family(threshold.at_or_above).label})"),
            (f"Individuals' own Step 1 totals below {recommendation.threshold}",
             f"{recommendation.below} (their own total points to {guide.family(threshold.below).label})"),
            ("Not finished Step 1", str(recommendation.not_finished)),
        ]
    blocks: list[Block] = [Facts(tuple(facts))]
    if picture.participants == 0:
        blocks.insert(0, Paragraph("No one has joined yet.", EMPTY))
    elif cultural.total is None or implementation.total is None:
        blocks.append(Paragraph("A team total and the recommendation wait for every statement to have a rating."))
    sections = [Section("The team's picture", 1, tuple(blocks))]
    for step in (cultural, implementation):
        sections += [_team_step(step, guide), _team_roles(step, guide)]
    return sections


def _team_total(picture: StepPicture, guide: Guide) -> str:
    """"24.9 of 40": the sum of the statement means, cut to one decimal (StepPicture.shown_total)."""
    most = len(getattr(guide, picture.step).statements) * max(guide.rating_scale.labels)
    return f"{picture.shown_total or NO_VALUE} of {most}"


def _team_step(picture: StepPicture, guide: Guide) -> Section:
    """The team's radar (the mean with the range), what is flagged for discussion, the same numbers as a table."""
    questionnaire: Questionnaire = getattr(guide, picture.step)
    heading = f"The team: {_step_heading(picture.step, guide)}"
    chart = team_chart(questionnaire.title, questionnaire.statements, picture)
    blocks: list[Block] = []
    if chart.rated:
        blocks.append(Figure(f"team-{picture.step}", chart, _chart_caption(
            guide, "The line is the team's mean rating; the band runs from the lowest to the highest rating "
                   "given. The table below holds the same numbers.")))
    else:
        blocks.append(Paragraph("Nobody has rated a statement yet: the chart appears once someone does.", EMPTY))
    blocks.append(Paragraph(guide.team.split.sentence, LEAD))
    if picture.flagged:
        blocks.append(Bullets(tuple(
            f"{guide.number(p.statement.id)}. {p.statement.short}: {', '.join(p.split)} "
            f"(mean {p.mean:.1f}, range {p.low}-{p.high})" for p in picture.flagged)))
    elif any(p.rated for p in picture.statements):
        blocks.append(Paragraph("No statement is flagged for discussion."))
    else:
        blocks.append(Paragraph("No statement is flagged: nobody has rated one yet.", EMPTY))
    rows = statement_rows(picture, guide)
    columns = ("#", "Statement", "Mean", "Range", "1", "2", "3", "4", guide.rating_scale.not_rated, "Discuss")
    blocks.append(Table(f"{questionnaire.title}: the team's ratings", columns,
                        (NUMBER, TEXT, COUNT, COUNT, NUMBER, NUMBER, NUMBER, NUMBER, COUNT, SHORT),
                        tuple(tuple(_cell(r[c]) for c in columns) for r in rows)))
    return Section(heading, 2, tuple(blocks))


def _team_roles(picture: StepPicture, guide: Guide) -> Section:
    """Each shown role's mean of each statement, the roles that are apart, and how many roles are not shown."""
    team = guide.team
    blocks: list[Block] = []
    if picture.roles:
        rows = role_rows(picture, guide)
        roles = [c for c in rows[0] if c not in ("#", "Statement", "Roles apart")]
        columns = ("#", "Statement", *roles)
        width = SHORT if len(roles) <= ROLES_AT_FULL_WIDTH else COUNT  # a role's label is long; its means short
        blocks.append(Table(f"{getattr(guide, picture.step).title}: mean rating by role", columns,
                            (NUMBER, TEXT, *(width for _ in roles)),
                            tuple(tuple(_cell(r[c]) for c in columns) for r in rows)))
    else:
        blocks.append(Paragraph("No role's means are shown yet.", EMPTY))
    if picture.roles_left_out:
        blocks.append(Paragraph(team.left_out_note.format(count=picture.roles_left_out)))
    blocks.append(Paragraph(team.role_gap.sentence, LEAD))
    if picture.role_gaps:
        blocks.append(Bullets(tuple(
            f"{guide.number(g.statement.id)}. {g.statement.short}: {team.role_label(g.higher)} {g.higher_mean:.1f}, "
            f"{team.role_label(g.lower)} {g.lower_mean:.1f} ({g.difference:.1f} apart)" for g in picture.role_gaps)))
    else:
        blocks.append(Paragraph("No two roles are that far apart on any statement." if len(picture.roles) > 1
                                else "It takes two roles shown to compare them."))
    blocks.append(Paragraph(f"“{team.perceptions.text}” — {team.perceptions.source}"))
    return Section(f"The team: {_step_heading(picture.step, guide)} by role", 2, tuple(blocks))


def _cell(value: object) -> str:
    """A table cell: a mean to one decimal, a missing value as NO_VALUE."""
    if value is None or value == "":
        return NO_VALUE
    return f"{value:.1f}" if isinstance(value, float) else str(value)


# The printable HTML ------------------------------------------------------------------------------------


@cache
def _templates():
    """The Jinja2 environment, made once. autoescape=True explicitly: select_autoescape would not
    escape a "*.html.j2" template, and every value put into the page may be typed text."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("dlcore", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def report_html(responses: Responses, guide: Guide, *, title: str = "", today: date | None = None,
                team: TeamPicture | None = None) -> str:
    """The plan as one self-contained HTML page to read, print or save as PDF.

    Nothing is fetched and nothing runs: the style is inline, the charts are inline SVG (sanitised),
    and the page's Content-Security-Policy forbids scripts and outside requests in any case.
    """
    from markupsafe import Markup

    from dlcore.chart_image import radar_svg

    report = report_content(responses, guide, title=title, today=today, team=team)
    # radar_svg's output is rebuilt from an allow-list with every text escaped: safe to put in as it is.
    charts = {f.key: Markup(radar_svg(f.chart, id_prefix=f.key)) for f in report.figures}
    return _templates().get_template("report.html.j2").render(report=report, charts=charts)


def report_file_name(responses: Responses, *, title: str = "", today: date | None = None,
                     suffix: str = ".html") -> str:
    """"distributed-leadership-plan-springfield-2026-11-30.html": the name (team, district or respondent) in
    plain ASCII letters, so that the file name survives every operating system and e-mail attachment."""
    name = unicodedata.normalize("NFKD", title.strip() or responses.respondent.strip())
    slug = re.sub(r"[^a-z0-9]+", "-", name.encode("ascii", "ignore").decode().lower()).strip("-")[:40].strip("-")
    return "-".join(p for p in (FILE_STEM, slug, (today or date.today()).isoformat()) if p) + suffix
