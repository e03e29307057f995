"""The team meeting in real browsers: a new session's results are hidden, the projected view shows who has
answered and not what; a participant's page learns that the session closed and reopened by itself, without
a reload, keeping the rationale they were half-way through typing."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dlcore import Responses
from dlcore.csv_io import write_csv
from tests.e2e.conftest import GUIDE, main, metric, open_app, rate_with_keyboard, wait_for_app_run
from tests.e2e.test_team_session import join, participants, start_team

HALF_TYPED = "We have no time set aside for"


def test_hidden_vote_then_close_and_reopen_reach_a_participant_without_a_reload(browser, new_context, app_url):
    facilitator = new_context().new_page()
    code = start_team(facilitator, app_url, "Meeting", reveal=False)
    people = participants(browser, 2)
    try:
        first, second = (c.new_page() for c in people)
        join(first, app_url, code, by_link=False, number=1)
        join(second, app_url, code, by_link=True, number=2)
        main(first).get_by_role("textbox", name="Your name (optional)").fill("Ana María")
        main(first).get_by_role("textbox", name="Your name (optional)").press("Tab")
        rate_with_keyboard(main(first).get_by_role("slider").nth(0), 3)
        # The projector: who has answered, by name or number, and nothing of what.
        view = main(facilitator)
        expect(view).to_contain_text("Ana María · 1 of 18 rated", timeout=10_000)
        expect(view).to_contain_text("participant 2 · 0 of 18 rated")
        expect(metric(facilitator, "Still rating")).to_have_text("2")
        expect(facilitator.locator(".js-plotly-plot")).to_have_count(0)
        expect(view).not_to_contain_text("Team total")

        # Half-way through a rationale (never left the box) when the facilitator closes the session.
        box = main(second).get_by_placeholder(re.compile("Why this rating")).first
        box.click()
        box.press_sequentially(HALF_TYPED, delay=20)
        facilitator.get_by_role("button", name="Close the session").click()
        expect(main(second)).to_contain_text("The facilitator closed this team session", timeout=10_000)
        url = second.url
        expect(box).to_have_value(HALF_TYPED)
        expect(main(second).get_by_role("slider").first).to_be_disabled()
        expect(box).not_to_be_editable()  # read-only: a disabled box would be cleared by Streamlit
        assert url == second.url  # no reload, no navigation

        facilitator.get_by_role("button", name="Reopen the session").click()
        expect(main(second)).not_to_contain_text("closed this team session", timeout=10_000)
        expect(box).to_be_editable()
        expect(box).to_have_value(HALF_TYPED)
        box.press_sequentially(" planning.", delay=20)
        expect(box).to_have_value(HALF_TYPED + " planning.")
    finally:
        for context in people:
            context.close()


def make_team_from_files(page, url: str, paths: list) -> None:
    """Home's other way in: choose files in 'Or make a team session from files' and make the team."""
    open_app(page, url)
    page.get_by_text("Or make a team session from files").click()
    page.locator('[data-testid="stExpander"] [data-testid="stFileUploaderDropzoneInput"]').set_input_files(paths)
    expect(page.locator('[data-testid="stExpander"] [data-testid="stFileChip"]')).to_have_count(len(paths))
    wait_for_app_run(page)
    page.get_by_role("button", name="Make the team session from these files").click()


def test_the_team_file_brings_the_same_meeting_back_and_peoples_own_files_make_a_team(
        browser, new_context, app_url, tmp_path):
    facilitator = new_context().new_page()
    code = start_team(facilitator, app_url, "Round trip")
    people = participants(browser, 2)
    try:
        pages = [c.new_page() for c in people]
        for n, page in enumerate(pages, start=1):
            join(page, app_url, code, by_link=False, number=n)
            rate_with_keyboard(main(page).get_by_role("slider").nth(0), 1 + 3 * (n - 1))  # a 1 and a 4
        expect(main(facilitator)).to_contain_text("a 1 and a 4", timeout=10_000)
        total = metric(facilitator, "Team total, Step 1").inner_text()
        with facilitator.expect_download() as info:
            main(facilitator).get_by_role("button", name="Download the team (CSV)").click()
        team_csv = tmp_path / "team.csv"
        info.value.save_as(team_csv)
    finally:
        for context in people:
            context.close()
    assert b"participant 2,,cultural_readiness,CR1," in team_csv.read_bytes()

    elsewhere = new_context().new_page()
    make_team_from_files(elsewhere, app_url, [team_csv])
    expect(elsewhere.get_by_role("heading", level=1, name="Round trip")).to_be_visible()
    expect(metric(elsewhere, "Joined")).to_have_text("2")
    expect(metric(elsewhere, "Team total, Step 1")).to_have_text(total)
    expect(main(elsewhere)).to_contain_text("a 1 and a 4")
    expect(main(elsewhere)).to_contain_text("This session is closed")  # a record: nobody joins it by accident

    # The offline path: two people's own files make a team of two; a file that is not one refuses them all.
    alone = [tmp_path / "ana.csv", tmp_path / "sam.csv"]
    alone[0].write_bytes(write_csv(Responses(respondent="Ana", cultural_readiness={"CR2": 4}), GUIDE))
    alone[1].write_bytes(write_csv(Responses(respondent="Sam", cultural_readiness={"CR2": 2}), GUIDE))
    broken = tmp_path / "notes.csv"
    broken.write_text("name,notes\nAna,hello\n")
    refused = new_context().new_page()
    make_team_from_files(refused, app_url, [*alone, broken])
    expect(main(refused).get_by_role("alert")).to_contain_text("No team was made; nothing changed.")
    expect(main(refused).get_by_role("alert")).to_contain_text("notes.csv")
    offline = new_context().new_page()
    make_team_from_files(offline, app_url, alone)
    expect(metric(offline, "Joined")).to_have_text("2")
    expect(main(offline)).to_contain_text("Votes: 2 ×1, 4 ×1 (mean 3.0, range 2-4).")
