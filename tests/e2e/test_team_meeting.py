"""The team meeting in real browsers: a new session's results are hidden, the projected view shows who has
answered and not what; a participant's page learns that the session closed and reopened by itself, without
a reload, keeping the rationale they were half-way through typing."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import main, metric, rate_with_keyboard
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
