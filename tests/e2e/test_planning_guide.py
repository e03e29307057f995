"""A person works through the four steps in a real browser, downloads the CSV, and loads it back."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    GUIDE,
    answered,
    download_csv,
    go_to,
    key_question_box,
    main,
    metric,
    open_app,
    rate_with_keyboard,
    sidebar,
    stop_label,
    upload_csv,
    write,
)

HEADER = ["respondent", "role", "step", "item_id", "item", "rating", "response"]

RESPONDENT = "Zoë Ñúñez-O’Brien"
ROLE = 'Teacher, "union" rep'
# Total 29 (25 or more: evaluative). Rated 1 or 2, lowest first: CR10, then CR5 and CR9 in the guide's order.
CULTURAL = {"CR1": 3, "CR2": 4, "CR3": 3, "CR4": 4, "CR5": 2, "CR6": 3, "CR7": 4, "CR8": 3, "CR9": 2, "CR10": 1}
GAPS = ["CR10", "CR5", "CR9"]
# Total 26. Only IR8 is low, so of the stakeholder rules only IR8 flags "Stakeholders & Communications".
IMPLEMENTATION = {"IR1": 3, "IR2": 4, "IR3": 3, "IR4": 3, "IR5": 4, "IR6": 4, "IR7": 3, "IR8": 2}
FLAGGED = ["Description", "Sources of Evidence", "Risks/Mitigation Strategies", "Stakeholders & Communications"]
NOT_FLAGGED = ["Leader", "Success", "Milestones"]
APPROACH = "instructional_coaches"

KEY_QUESTIONS = {
    "EV-purpose": 'Growth, not "gotcha": feedback comes first',
    "EV-structure": "Two consulting teachers\nper school, release time",
    "NE-vision": "=SUM(A1:A3) is our vision, not a formula",
    "NE-supports": "Café-style sessions — monthly ✓",
}
RATIONALES = {
    "IR1": 'Goals exist, "mostly" measurable',
    "IR8": "-2 on communication: no plan yet\nfor parents",
}
REFLECTIONS = {
    "CR10": "Agree on what strong practice looks like,\nthen revisit in spring",
    "CR5": "Schedule reflection: 30 min/week, Thursdays",
    "CR9": "Start with volunteers; peers ask “what did you notice?”",
}
PROFILE = {
    "description": 'Coaches, peers & "critical friends" for every new teacher',
    "leader": "Dr. Åsa Lindqvist",
    "stakeholders": "Parents → newsletter\nUnion → monthly meeting",
}
LEADER_PERSON = "Åsa Lindqvist, assistant superintendent"
# Who does what by when: (milestone, owner, target date, status label); the second one is added, then
# removed and brought back with Undo, so the ids M1-M3 travel.
MILESTONES = [
    ("Form the working team", "Dr. Ruiz", "2027-01-15", "Done"),
    ('Pilot in two schools, "carefully"', "=Coaches", "2027-03-01", "In progress"),
    ("Scale to all schools", "Union & district", "", "Not started"),
]
STATUS_IDS = {"Not started": "not_started", "In progress": "in_progress", "Done": "done"}


def stored(text: str) -> str:
    """DESIGN.md's formula guard: text beginning with = + - @ tab CR or ' gets one extra leading '."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r", "'") else text


def family(family_id: str):
    return next(f for f in GUIDE.approaches.families if f.id == family_id)


def element_name(element_id: str) -> str:
    return next(e.name for e in GUIDE.implementation_planning.elements if e.id == element_id)


def family_tab(page: Page, family_id: str):
    return page.get_by_role("tab", name=re.compile("^" + re.escape(family(family_id).label.capitalize())))


def gap_areas(page: Page):
    """The statements chosen in Step 4's multiselect, in order."""
    return main(page).get_by_role("group", name="Selected values").locator("[data-tag]")


def gap_label(statement_id: str) -> str:
    rating = CULTURAL[statement_id]
    label = GUIDE.rating_scale.labels[rating].lower()
    return f"{GUIDE.number(statement_id)}. {GUIDE.statement(statement_id).text} (rated {rating} ({label}))"


def expected_rows() -> dict[tuple[str, str], tuple[str, str]]:
    """(step, item_id) -> (rating, response) as the CSV must hold them."""
    rows = {("cultural_readiness", i): (str(r), "") for i, r in CULTURAL.items()}
    rows[("approach", "approach")] = ("", APPROACH)
    rows |= {("key_questions", i): ("", stored(t)) for i, t in KEY_QUESTIONS.items()}
    rows |= {("implementation_readiness", i): (str(r), stored(RATIONALES.get(i, "")))
             for i, r in IMPLEMENTATION.items()}
    rows |= {("gap_reflection", i): ("", stored(t)) for i, t in REFLECTIONS.items()}
    rows |= {("strategy_profile", i): ("", stored(t)) for i, t in PROFILE.items()}
    rows[("strategy_profile", "leader_person")] = ("", LEADER_PERSON)
    for n, (what, owner, due, status) in enumerate(MILESTONES, start=1):
        fields = {"milestone": what, "owner": owner, "due": due, "status": STATUS_IDS[status]}
        rows |= {("milestones", f"M{n}-{name}"): ("", stored(value)) for name, value in fields.items() if value}
    return rows


# The steps, as a person would go through them ------------------------------------------------

def say_who_is_answering(page: Page) -> None:
    write(main(page).get_by_role("textbox", name="Your name"), RESPONDENT)
    write(main(page).get_by_role("textbox", name="Your role"), ROLE)


def do_step_1(page: Page) -> None:
    go_to(page, "1. Cultural readiness")
    sliders = main(page).get_by_role("slider")
    expect(sliders).to_have_count(len(CULTURAL))
    rate_with_keyboard(sliders.nth(0), CULTURAL["CR1"])
    answered(page, metric(page, "Total rating"), f"{CULTURAL['CR1']} of 40")  # at once, with no submit button
    for n, rating in enumerate(list(CULTURAL.values())[1:], start=1):
        rate_with_keyboard(sliders.nth(n), rating)
    answered(page, metric(page, "Total rating"), "29 of 40")
    expect(main(page).locator('[data-testid="stAlert"]')).to_contain_text("All 10 statements rated")
    advice = main(page).locator('[data-testid="stAlert"]').filter(has_text="Total 29.")
    expect(advice).to_contain_text(family("evaluative").recommendation)
    expect(advice).not_to_contain_text(family("non_evaluative").label)


def do_step_3(page: Page) -> None:
    go_to(page, "3. Implementation readiness")
    approaches = main(page).get_by_role("radiogroup")
    # Preselected from the Step 1 total, which points to the evaluative family.
    expect(approaches.get_by_role("radio", name="Peer Assistance and Review (PAR) Model (evaluative)")).to_be_checked()
    sliders = main(page).get_by_role("slider")
    rationales = main(page).get_by_role("textbox", name=GUIDE.implementation_readiness.rationale_label)
    for n, (item_id, rating) in enumerate(IMPLEMENTATION.items()):
        rate_with_keyboard(sliders.nth(n), rating)
        if item_id in RATIONALES:
            write(rationales.nth(n), RATIONALES[item_id])
    answered(page, metric(page, "Total rating"), "26 of 32")
    expect(metric(page, "Statements rated")).to_have_text("8 of 8")
    # Last: the choice removes the caption about the preselection, and what comes after it moves up
    # (see test_answers_while_the_app_updates.py).
    approaches.get_by_text("Instructional Coaches (non-evaluative)").click()
    expect(approaches.get_by_role("radio", name="Instructional Coaches (non-evaluative)")).to_be_checked()
    answered(page, sidebar(page), "on this page now")  # Step 3's live count is on the page itself


def do_step_4(page: Page) -> None:
    go_to(page, "4. Implementation planning")
    expect(sidebar(page)).to_contain_text("approach chosen, 8 of 8 rated")
    # Proposed from Step 1: the statements rated 1 or 2, lowest first.
    expect(gap_areas(page)).to_have_text([gap_label(i) for i in GAPS])
    for name in FLAGGED:
        expect(main(page).get_by_role("heading", name=f"{name} · Focus here", exact=True)).to_be_visible()
    for name in NOT_FLAGGED:
        expect(main(page).get_by_role("heading", name=name, exact=True)).to_be_visible()
    boxes = main(page).get_by_role("textbox", name=GUIDE.implementation_planning.gap_reflection_heading)
    write(boxes.nth(0), REFLECTIONS[GAPS[0]])
    # The first reflection keeps the proposal as the person's own list, and the caption saying it was
    # proposed goes: wait for that before typing on (see test_answers_while_the_app_updates.py).
    answered(page, sidebar(page), "1 of 3 gap areas reflected on")
    for n, statement_id in enumerate(GAPS[1:], start=1):
        write(boxes.nth(n), REFLECTIONS[statement_id])
    for element_id, text in PROFILE.items():
        write(main(page).get_by_role("textbox", name=f"Notes: {element_name(element_id)}", exact=True), text)
    answered(page, sidebar(page), "3 of 3 gap areas reflected on, 3 of 7 profile notes")
    write(main(page).get_by_role("textbox", name="Who leads (name and role)"), LEADER_PERSON)
    add_milestones(page)


def add_milestones(page: Page) -> None:
    """Three milestones with owners, dates and statuses; the second removed, then brought back with Undo."""
    for n, (what, owner, due, status) in enumerate(MILESTONES, start=1):
        main(page).get_by_role("button", name="Add a milestone").click()
        expect(main(page).get_by_role("textbox", name=f"Milestone {n}", exact=True)).to_be_visible()
        write(main(page).get_by_role("textbox", name=f"Milestone {n}", exact=True), what)
        write(main(page).get_by_role("textbox", name=f"Owner of milestone {n}", exact=True), owner)
        if due:
            set_date(page, f"Target date of milestone {n}", due)
        choose(page, f"Status of milestone {n}", status)
    main(page).get_by_role("button", name="Remove milestone 2").click()
    expect(main(page).get_by_role("textbox", name="Milestone 3", exact=True)).to_have_count(0)
    expect(main(page).get_by_role("textbox", name="Milestone 2", exact=True)).to_have_value(MILESTONES[2][0])
    main(page).get_by_role("button", name="Undo the removal").click()
    check_milestones(page)


def date_field(page: Page, label: str):
    """Streamlit's date input: a group of year, month and day spin buttons, shown as YYYY-MM-DD."""
    return main(page).get_by_role("group", name=label, exact=True)


def set_date(page: Page, label: str, iso: str) -> None:
    """Type the date's digits as a person would (the field moves on from year to month to day), then Tab."""
    main(page).get_by_role("spinbutton", name=f"year, {label}", exact=True).click()
    page.keyboard.type(iso.replace("-", ""))
    page.keyboard.press("Tab")
    expect(date_field(page, label)).to_have_text(iso)


def choose(page: Page, label: str, option: str) -> None:
    main(page).get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(main(page).get_by_role("combobox", name=label, exact=True)).to_have_value(option)


def check_milestones(page: Page) -> None:
    for n, (what, owner, due, status) in enumerate(MILESTONES, start=1):
        expect(main(page).get_by_role("textbox", name=f"Milestone {n}", exact=True)).to_have_value(what)
        expect(main(page).get_by_role("textbox", name=f"Owner of milestone {n}", exact=True)).to_have_value(owner)
        expect(date_field(page, f"Target date of milestone {n}")).to_have_text(due or "yyyy-mm-dd")
        expect(main(page).get_by_role("combobox", name=f"Status of milestone {n}", exact=True)).to_have_value(status)


def do_step_2(page: Page) -> None:
    go_to(page, "2. Approaches")
    expect(family_tab(page, "evaluative")).to_have_attribute("aria-selected", "true")  # suggested by Step 1
    for item_id, text in KEY_QUESTIONS.items():
        if item_id.startswith("NE-"):
            family_tab(page, "non_evaluative").click()
        write(key_question_box(page, item_id), text)
    answered(page, sidebar(page), "4 of 8 key questions answered")


# Checking what the page shows -------------------------------------------------------------------

def check_answers_shown(page: Page) -> None:
    expect(main(page).get_by_role("textbox", name="Your name")).to_have_value(RESPONDENT)
    expect(main(page).get_by_role("textbox", name="Your role")).to_have_value(ROLE)

    go_to(page, "1. Cultural readiness")
    sliders = main(page).get_by_role("slider")
    for n, rating in enumerate(CULTURAL.values()):
        expect(sliders.nth(n)).to_have_attribute("aria-valuetext", stop_label(rating))
    expect(metric(page, "Total rating")).to_have_text("29 of 40")
    expect(main(page).locator('[data-testid="stAlert"]')).to_contain_text("All 10 statements rated")

    go_to(page, "2. Approaches")
    for item_id in ("EV-purpose", "EV-structure"):
        expect(key_question_box(page, item_id)).to_have_value(KEY_QUESTIONS[item_id])
    family_tab(page, "non_evaluative").click()
    for item_id in ("NE-vision", "NE-supports"):
        expect(key_question_box(page, item_id)).to_have_value(KEY_QUESTIONS[item_id])

    go_to(page, "3. Implementation readiness")
    expect(main(page).get_by_role("radio", name="Instructional Coaches (non-evaluative)")).to_be_checked()
    sliders = main(page).get_by_role("slider")
    rationales = main(page).get_by_role("textbox", name=GUIDE.implementation_readiness.rationale_label)
    for n, (item_id, rating) in enumerate(IMPLEMENTATION.items()):
        expect(sliders.nth(n)).to_have_attribute("aria-valuetext", stop_label(rating))
        expect(rationales.nth(n)).to_have_value(RATIONALES.get(item_id, ""))
    expect(metric(page, "Total rating")).to_have_text("26 of 32")

    go_to(page, "4. Implementation planning")
    expect(gap_areas(page)).to_have_text([gap_label(i) for i in GAPS])
    boxes = main(page).get_by_role("textbox", name=GUIDE.implementation_planning.gap_reflection_heading)
    for n, statement_id in enumerate(GAPS):
        expect(boxes.nth(n)).to_have_value(REFLECTIONS[statement_id])
    for element_id, text in PROFILE.items():
        notes = main(page).get_by_role("textbox", name=f"Notes: {element_name(element_id)}", exact=True)
        expect(notes).to_have_value(text)
    expect(main(page).get_by_role("textbox", name="Who leads (name and role)")).to_have_value(LEADER_PERSON)
    check_milestones(page)


def test_a_user_completes_all_four_steps_downloads_and_restores_the_csv(app_url, new_context, tmp_path):
    """Answers given with the keyboard and typed text, in any order of steps, survive a CSV round trip."""
    page = open_app(new_context().new_page(), app_url)
    say_who_is_answering(page)
    do_step_1(page)
    do_step_3(page)
    do_step_4(page)  # before Step 2: the steps can be taken in any order
    do_step_2(page)
    go_to(page, "Home")
    check_answers_shown(page)

    path = download_csv(page, tmp_path)
    assert path.name.startswith("distributed-leadership-answers-") and path.suffix == ".csv"
    data = path.read_bytes()
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    assert HEADER == next(reader)
    rows = [dict(zip(HEADER, row, strict=True)) for row in reader]
    assert {(stored(RESPONDENT), stored(ROLE))} == {(r["respondent"], r["role"]) for r in rows}
    assert expected_rows() == {(r["step"], r["item_id"]): (r["rating"], r["response"]) for r in rows}
    assert len(expected_rows()) == len(rows)
    statements = {s.id: s.text for s in GUIDE.cultural_readiness.statements}
    assert all(r["item"] == statements[r["item_id"]] for r in rows if r["step"] == "cultural_readiness")

    fresh = open_app(new_context().new_page(), app_url)  # a new browser: a new, blank session
    expect(main(fresh).get_by_role("textbox", name="Your name")).to_have_value("")
    upload_csv(fresh, path)
    expect(sidebar(fresh)).to_contain_text(f"Answers loaded from {path.name}")
    check_answers_shown(fresh)


def test_text_typed_in_step_2_is_kept_when_the_other_tab_is_clicked_straight_away(app_url, page):
    """Only the open tab is drawn; the text, taken when the box loses focus to the tab, stays."""
    open_app(page, app_url)
    go_to(page, "2. Approaches")
    box = key_question_box(page, "EV-purpose")
    box.fill(KEY_QUESTIONS["EV-purpose"])  # no Tab: the click on the other tab is what leaves the box
    family_tab(page, "non_evaluative").click()
    expect(key_question_box(page, "NE-vision")).to_be_visible()
    answered(page, sidebar(page), "1 of 8 key questions answered")
    expect(page.get_by_role("tabpanel").get_by_role("textbox")).to_have_count(4)  # one family's boxes
    family_tab(page, "evaluative").click()
    expect(key_question_box(page, "EV-purpose")).to_have_value(KEY_QUESTIONS["EV-purpose"])
