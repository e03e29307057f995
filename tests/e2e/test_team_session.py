"""A team session as a team runs it: a facilitator starts it on the projector, five people join from their
own browsers (one a phone) by code and by the QR code's link, rate, and the projected view shows their
combined picture within seconds; also with the facilitator and the participants on two servers."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import (
    IDLE,
    NAV_LINK,
    ROOT,
    main,
    metric,
    open_app,
    rate_with_keyboard,
    report,
    streamlit_server,
    violations,
    wait_for_app_run,
)

PHONE = {"width": 390, "height": 844}
CODE = re.compile(r"Code: ([0-9A-Z]{3})\u2011([0-9A-Z]{3})")  # a non-breaking hyphen: never cut at 150% zoom
# Participant n's rating of CR1 (statement 1): a 1 and a 4 are both given, so the team is split on it.
CR1 = [1, 4, 3, 4, 2]


def start_team(page: Page, url: str, name: str = "Lincoln Middle School", *, reveal: bool = True) -> str:
    """Start a team session from Home, as a facilitator does, and reveal its results (a new session starts with
    them hidden) unless ``reveal`` is False; return the join code shown on the team view."""
    open_app(page, url)
    page.get_by_role("textbox", name="Team session name (the school or district)").fill(name)
    page.get_by_role("button", name="Start a team session").click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    wait_for_app_run(page)
    found = CODE.search(main(page).inner_text())
    assert found, "the team view shows the join code"
    if reveal:
        page.get_by_role("button", name="Reveal the results").click()
        expect(page.get_by_role("button", name="Hide the results")).to_be_visible()
    return f"{found.group(1)}-{found.group(2)}"


def join(page: Page, url: str, code: str, *, by_link: bool, number: int) -> None:
    """Join as a participant: type the code on the join page, or open the QR code's link and press Join."""
    if by_link:
        page.goto(f"{url}/join?code={code.replace('-', '')}")
    else:
        page.goto(f"{url}/join")
        page.get_by_role("textbox", name="Join code").fill(code.lower().replace("0", "o"))
    page.get_by_role("button", name="Join", exact=True).click()
    expect(main(page)).to_contain_text(f"participant {number}")
    page.wait_for_selector(IDLE, state="attached")


def participants(browser: Browser, count: int):
    """``count`` fresh browsers, each its own Streamlit session; the last one is a phone."""
    contexts = []
    for n in range(count):
        phone = n == count - 1
        context = browser.new_context(viewport=PHONE if phone else {"width": 1280, "height": 900},
                                      is_mobile=phone, has_touch=phone)
        context.set_default_timeout(15_000)
        contexts.append(context)
    return contexts


def test_five_people_join_rate_and_the_projected_view_shows_their_picture(browser, new_context, app_url):
    facilitator = new_context().new_page()
    code = start_team(facilitator, app_url)
    expect(metric(facilitator, "Joined")).to_have_text("0")
    people = participants(browser, 5)
    try:
        pages = [c.new_page() for c in people]
        for n, page in enumerate(pages, start=1):
            join(page, app_url, code, by_link=n > 3, number=n)
            expect(page.locator(NAV_LINK)).to_have_count(0)  # a participant sees only their own page
        expect(metric(facilitator, "Joined")).to_have_text("5", timeout=10_000)
        for page, rating in zip(pages, CR1, strict=True):
            rate_with_keyboard(main(page).get_by_role("slider").nth(0), rating)
        # On the phone, where the sidebar starts closed, the rating's own run says under it that it is saved.
        status = main(pages[-1]).get_by_text(re.compile("All answers saved at"))
        expect(status).to_have_count(1, timeout=10_000)
        expect(status).to_be_in_viewport()
        # The projected view catches up by itself (it looks every second): CR1 is split, a 1 and a 4.
        expect(main(facilitator)).to_contain_text("a 1 and a 4", timeout=10_000)
        for page in pages:
            expect(main(page)).not_to_contain_text("Joined")  # the team's picture is the facilitator's
        team_report_holds_the_picture(facilitator)
    finally:
        for context in people:
            context.close()


def team_report_holds_the_picture(facilitator: Page) -> None:
    """The facilitator's report: the team's name, how many joined, the split statement; no participant's name."""
    main(facilitator).get_by_role("button", name="Prepare the team's report as it is now").click()
    expect(main(facilitator)).to_contain_text("with 5 joined")
    with facilitator.expect_download() as info:
        main(facilitator).get_by_role("button", name="Download the report (HTML)").click()
    assert info.value.suggested_filename.startswith("distributed-leadership-plan-lincoln-middle-school-")
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Lincoln Middle School" in html
    text = re.sub(r"<[^>]+>", " ", html)
    assert re.search(r"Joined\s+5\b", text), "the report says five joined"
    assert "a 1 and a 4" in text  # CR1's split, flagged for discussion as on the view


def test_a_participant_link_reaches_only_that_participants_page(browser, new_context, app_url):
    facilitator = new_context().new_page()
    code = start_team(facilitator, app_url, "Team of one")
    person = new_context().new_page()
    join(person, app_url, code, by_link=False, number=1)
    rate_with_keyboard(main(person).get_by_role("slider").nth(2), 3)
    link = person.url
    token = re.search(r"[?&]p=([\w-]+)", link).group(1)
    other = new_context().new_page()
    other.goto(f"{app_url}/team?p={token}")  # the facilitator's address with a participant link
    expect(main(other)).to_contain_text("participant 1")
    expect(main(other)).not_to_contain_text("Code:")
    wait_for_app_run(other)
    expect(main(other).get_by_role("slider").nth(2)).to_have_attribute("aria-valuetext", re.compile("^3"))
    again = new_context().new_page()
    again.goto(f"{app_url}/?p={token}")  # the link itself, opened on another device
    expect(main(again)).to_contain_text("participant 1")
    for page in (person, other, again):  # the link shown to keep is the app's address, whichever page was opened
        expect(main(page).locator("code").filter(has_text="?p=")).to_have_text(f"{app_url}/?p={token}")
    facilitator_token = re.search(r"[?&]f=([\w-]+)", facilitator.url).group(1)
    stranger = new_context().new_page()
    stranger.goto(f"{app_url}/?p={facilitator_token}")  # a facilitator link is nobody's participant link
    expect(stranger.locator('[data-testid="stSidebar"]')).to_contain_text("does not match anyone")


def test_facilitator_and_participants_on_two_servers_share_one_picture(browser, new_context, tmp_path,
                                                                      postgres_url):
    env = {**os.environ, "DLDASH_DATABASE_URL": postgres_url}
    with streamlit_server(ROOT / "app.py", ROOT, tmp_path / "a.log", env) as first, \
            streamlit_server(ROOT / "app.py", ROOT, tmp_path / "b.log", env) as second:
        facilitator = new_context().new_page()
        code = start_team(facilitator, first, "Two replicas")
        people = participants(browser, 2)
        try:
            for n, context in enumerate(people, start=1):
                page = context.new_page()
                join(page, second, code, by_link=n == 2, number=n)
                rate_with_keyboard(main(page).get_by_role("slider").nth(0), 4)
            expect(metric(facilitator, "Joined")).to_have_text("2", timeout=10_000)
            expect(metric(facilitator, "Finished Step 3")).to_have_text("0 of 2")
        finally:
            for context in people:
                context.close()


def test_the_team_pages_have_no_accessibility_violation(
        browser, new_context, app_url, bare_streamlit_violations):
    """axe (WCAG 2.2 A/AA) on the join page, a participant's page and the facilitator's view with answers."""
    facilitator = new_context().new_page()
    code = start_team(facilitator, app_url, "Accessible team")
    person = new_context().new_page()
    person.goto(f"{app_url}/join")
    expect(person.get_by_role("heading", level=1)).to_have_text("Join a team session")
    wait_for_app_run(person)
    own = {"join page": violations(person)}
    join(person, app_url, code, by_link=True, number=1)
    for n, rating in enumerate((4, 1, 3)):
        rate_with_keyboard(main(person).get_by_role("slider").nth(n), rating)
    # Checked at rest, as the page opens again: mid-run, Streamlit fades what it is redrawing.
    expect(main(person)).to_contain_text("All answers saved at", timeout=10_000)
    person.reload()
    expect(main(person).get_by_role("slider").nth(1)).to_have_attribute("aria-valuetext", re.compile("^1"))
    wait_for_app_run(person)
    own["participant page"] = violations(person)
    expect(metric(facilitator, "Joined")).to_have_text("1", timeout=10_000)
    expect(facilitator.locator('[data-testid="stPlotlyChart"] .js-plotly-plot .scatterlayer .trace').first
           ).to_be_attached(timeout=10_000)
    wait_for_app_run(facilitator)
    own["team view"] = violations(facilitator)
    assert {"list", "listitem"} <= set(bare_streamlit_violations)  # what dlui/nav_a11y mends on these pages
    assert not any(own.values()), "\n".join(f"--- {where}:\n{report(found)}" for where, found in own.items() if found)
