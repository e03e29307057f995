"""Autosave in a real browser: a reload, a killed server and a second server all bring the answers back."""

from __future__ import annotations

import os
import signal
import time

from playwright.sync_api import Page, expect

from dlui.persistence import PARAM
from tests.e2e.conftest import (
    ROOT,
    answered,
    go_to,
    metric,
    open_app,
    rate_with_keyboard,
    sidebar,
    start_server,
    stop_label,
    streamlit_server,
    write,
)

RATINGS = {0: 4, 3: 1, 9: 2}  # slider index -> rating
NOTE = 'Pilot in two schools, "carefully", then =scale\nand report in June – ✓'


def give_answers(page: Page) -> str:
    """Rate three Step 1 statements and write a Step 4 note; wait for the save; return the private link."""
    go_to(page, "1. Cultural readiness")
    sliders = page.get_by_role("slider")
    for index, rating in RATINGS.items():
        rate_with_keyboard(sliders.nth(index), rating)
    # As a person would, see the app's answer (the new total) before moving on: a slider hands its
    # value to the server a moment after the last key press, and a page change inside that moment wins.
    answered(page, metric(page, "Total rating"), f"{sum(RATINGS.values())} of 40")
    go_to(page, "4. Implementation planning")
    write(page.get_by_role("textbox", name="Notes: Milestones", exact=True), NOTE)
    expect(sidebar(page)).to_contain_text("1 of 7 profile notes")  # the run that took the note has drawn
    expect(sidebar(page)).to_contain_text("All answers saved", timeout=20_000)
    assert f"?{PARAM}=" in page.url
    return page.url


def see_answers(page: Page) -> None:
    go_to(page, "1. Cultural readiness")
    sliders = page.get_by_role("slider")
    for index, rating in RATINGS.items():
        expect(sliders.nth(index)).to_have_attribute("aria-valuetext", stop_label(rating))
    expect(sliders.nth(1)).to_have_attribute("aria-valuetext", stop_label(None))
    go_to(page, "4. Implementation planning")
    expect(page.get_by_role("textbox", name="Notes: Milestones", exact=True)).to_have_value(NOTE)


def test_a_reload_brings_every_answer_back(page, app_url):
    open_app(page, app_url)
    link = give_answers(page)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert link.split(f"?{PARAM}=")[1] in page.url
    see_answers(page)


def test_the_link_in_another_browser_opens_the_same_answers(new_context, app_url):
    first = new_context().new_page()
    open_app(first, app_url)
    link = give_answers(first)
    other = new_context().new_page()
    other.goto(link)
    see_answers(other)


def test_a_server_killed_with_sigkill_and_started_again_loses_nothing(new_context, tmp_path):
    """`streamlit run app.py`, answers, kill -9, start again on the same SQLite file: the link brings all back."""
    env = {k: v for k, v in os.environ.items() if k != "DLDASH_DATABASE_URL"} | {"DLDASH_DATA_DIR": str(tmp_path)}
    server, url = start_server(ROOT / "app.py", ROOT, tmp_path / "first.log", env)
    try:
        page = new_context().new_page()
        open_app(page, url)
        link = give_answers(page)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)
    port = int(url.rsplit(":", 1)[1])
    restarted, _ = start_server(ROOT / "app.py", ROOT, tmp_path / "second.log", env, port=port)
    try:
        page = new_context().new_page()
        page.goto(link)
        see_answers(page)
    finally:
        restarted.terminate()
        restarted.wait(10)


def test_a_session_started_on_one_replica_opens_on_another(new_context, tmp_path, postgres_url):
    """Two `streamlit run` servers on one PostgreSQL database, as behind a load balancer."""
    env = {**os.environ, "DLDASH_DATABASE_URL": postgres_url}
    with streamlit_server(ROOT / "app.py", ROOT, tmp_path / "a.log", env) as first_url, \
            streamlit_server(ROOT / "app.py", ROOT, tmp_path / "b.log", env) as second_url:
        page = new_context().new_page()
        open_app(page, first_url)
        link = give_answers(page)
        other = new_context().new_page()
        other.goto(link.replace(first_url, second_url))
        see_answers(other)



def test_the_save_status_follows_a_rating_and_an_idle_page_asks_the_server_nothing(page, app_url):
    """After a rating the sidebar says it is saved within about two seconds; a page left alone then sends
    nothing for seconds (the status was once looked at every second by every open page: with a hundred
    people, as many reruns as their ratings)."""
    open_app(page, app_url)
    go_to(page, "1. Cultural readiness")
    sent: list[float] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda _: sent.append(time.monotonic())))
    page.reload()  # the listener sees the new page's socket
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_timeout(3_000)  # the page's own first runs are done

    quiet_from = len(sent)
    page.wait_for_timeout(5_000)
    assert len(sent) == quiet_from, f"an idle page sent {len(sent) - quiet_from} messages in 5 s"

    slider = page.get_by_role("slider").first
    slider.focus()
    pressed = time.monotonic()
    slider.press("ArrowRight")
    expect(sidebar(page)).to_contain_text("All answers saved at", timeout=2_500)
    print(f"\n[status] 'All answers saved' {time.monotonic() - pressed:.2f} s after the key press")
    page.wait_for_timeout(1_500)  # the look that saw it saved is over
    settled = len(sent)
    page.wait_for_timeout(5_000)
    assert len(sent) == settled, f"a page with everything saved sent {len(sent) - settled} messages in 5 s"
    assert len(sent) - quiet_from <= 4, f"a rating cost {len(sent) - quiet_from} messages to the server"
