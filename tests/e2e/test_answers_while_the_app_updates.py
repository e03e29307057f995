"""Answers given while the app is still answering an earlier change are kept.

On a busy server or a slow network, the app's reply to one change arrives after the person
has already made the next. These tests make that happen every time: they hold the server's
replies on the websocket (Playwright's route_web_socket) and let them through only when the
next change has been made.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dlcore import Responses
from tests.e2e.conftest import (
    GUIDE,
    NAV_LINK,
    PAGE_HEADINGS,
    answered,
    go_to,
    load_answers,
    main,
    metric,
    open_app,
    rate_with_keyboard,
    sidebar,
    stop_label,
    wait_for_app_run,
)

SETTLED = 3_000  # ms: the replies are all in, so the page shows the outcome at once
INTERRUPTED = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


def _bytes(message: str | bytes) -> bytes:
    return message if isinstance(message, bytes) else message.encode()


class HeldReplies:
    """Sits on the app's websocket; while holding, keeps the server's messages from the browser.

    It counts the script runs that answer the person (whole-page or fragment runs), not the
    sidebar's own timed fragment runs (st.fragment(run_every=...)), which come and go meanwhile.
    """

    def __init__(self, page: Page):
        self.page = page
        self.holding = False
        self.held: list[tuple[str | bytes, bool]] = []  # (message, whether it ends a run that answers the person)
        self.timed_fragments: set[str] = set()
        self.run_fragments: set[str] = set()
        self.browser_side: WebSocketRoute | None = None
        self.requests: list[str | bytes] | None = None  # the browser's rerun requests, while they are held
        page.route_web_socket("**/_stcore/stream", self._connect)

    def _connect(self, browser_side: WebSocketRoute) -> None:
        self.browser_side = browser_side
        server_side = browser_side.connect_to_server()
        server_side.on_message(self._from_server)

        def from_browser(message: str | bytes) -> None:
            back = BackMsg()
            back.ParseFromString(_bytes(message))
            if back.WhichOneof("type") == "rerun_script" and back.rerun_script.is_auto_rerun:
                self.timed_fragments.add(back.rerun_script.fragment_id)
            elif back.WhichOneof("type") == "rerun_script" and self.requests is not None:
                self.requests.append(message)  # as a busy server keeps it waiting
                return
            server_side.send(message)

        self.server_side = server_side

        browser_side.on_message(from_browser)

    def _from_server(self, message: str | bytes) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(_bytes(message))
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.run_fragments = set()
        elif kind == "delta":
            self.run_fragments.add(msg.delta.fragment_id)
        answers = (kind == "script_finished" and msg.script_finished != INTERRUPTED
                   and not (self.run_fragments and self.run_fragments <= self.timed_fragments))
        if self.holding:
            self.held.append((message, answers))
        else:
            self.browser_side.send(message)

    def hold(self) -> None:
        self.holding = True

    def hold_requests(self) -> None:
        """Keep the browser's requests from the server, as a server busy with an earlier run keeps them waiting."""
        self.requests = []

    def requests_held(self) -> list[BackMsg]:
        self.page.evaluate("() => new Promise(requestAnimationFrame)")  # lets Playwright take messages in
        found = []
        for message in self.requests or []:
            back = BackMsg()
            back.ParseFromString(_bytes(message))
            found.append(back)
        return found

    def release_requests(self) -> None:
        """Let the held requests through, one right after another, as the busy server then finds them."""
        held, self.requests = self.requests or [], None
        for message in held:
            self.server_side.send(message)

    def runs_held(self) -> int:
        return sum(answers for _, answers in self.held)

    def wait_for_runs(self, count: int) -> None:
        """Wait until the server has finished ``count`` script runs whose replies are held."""
        for _ in range(2000):
            if self.runs_held() >= count:
                return
            self.page.evaluate("() => new Promise(requestAnimationFrame)")  # lets Playwright take messages in
        raise AssertionError(f"the server finished {self.runs_held()} runs, not {count}")

    def release_run(self) -> None:
        """Let through the replies up to the end of the oldest held run."""
        while self.held:
            message, answers = self.held.pop(0)
            self.browser_side.send(message)
            if answers:
                return

    def release_all(self) -> None:
        self.holding = False
        while self.held:
            self.browser_side.send(self.held.pop(0)[0])


@pytest.fixture
def replies(page: Page) -> HeldReplies:
    return HeldReplies(page)


def change_before_the_reply(replies: HeldReplies, first: Callable[[], None], second: Callable[[], None],
                            then: Callable[[], None]) -> None:
    """``first``; ``second`` before its reply arrives; that reply arrives; ``then``; every other reply."""
    replies.hold()
    first()
    replies.wait_for_runs(1)
    second()
    replies.release_run()
    then()
    replies.release_all()


def test_a_rating_made_before_the_app_answered_the_previous_one_is_kept(page, replies, app_url):
    """A slider moved while the reply to the last rating is on its way keeps its value (it is not reset)."""
    open_app(page, app_url)
    go_to(page, "1. Cultural readiness")
    sliders = page.get_by_role("slider")

    def rate_second_and_wait():
        rate_with_keyboard(sliders.nth(1), 2, settle=False)
        replies.wait_for_runs(2)

    change_before_the_reply(replies, lambda: rate_with_keyboard(sliders.nth(0), 1, settle=False), rate_second_and_wait,
                            lambda: rate_with_keyboard(sliders.nth(2), 3, settle=False))
    answered(page, main(page).locator('[data-testid="stAlert"]'), "3 of 10 statements rated")
    expect(metric(page, "Total rating")).to_have_text("6 of 40")
    for n, rating in enumerate((1, 2, 3)):
        expect(sliders.nth(n)).to_have_attribute("aria-valuetext", stop_label(rating))


def test_a_box_left_by_a_click_on_the_menu_while_the_server_is_busy_keeps_its_text(page, replies, app_url):
    """The role typed, then a page of the menu clicked at once (which leaves the box and sends the role) while
    the server is still busy: the page change waits for the role's run, and both are kept. Sent together,
    Streamlit folds the two requests into one run and one is lost (without the wait this test sees the page
    not change; test_unlucky_days once saw the role lost)."""
    open_app(page, app_url)
    role = page.get_by_role("textbox", name="Your role", exact=True)
    replies.hold_requests()
    role.fill("Principal")
    page.locator(NAV_LINK).filter(has=page.get_by_text("1. Cultural readiness", exact=True)).click()
    page.wait_for_timeout(500)
    held = replies.requests_held()
    assert 1 == len(held), "only the role's request was sent: the page change waits for its run"
    assert any(w.string_value == "Principal" for w in held[0].rerun_script.widget_states.widgets)
    replies.release_requests()
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGE_HEADINGS["1. Cultural readiness"])
    wait_for_app_run(page)
    go_to(page, "Home")
    expect(role).to_have_value("Principal")


def test_a_rationale_typed_before_the_app_answered_a_change_of_approach_is_kept(page, replies, app_url):
    """In Step 3, a rationale typed while the change from the preselected approach is saved is kept."""
    open_app(page, app_url)
    load_answers(page, Responses(cultural_readiness={f"CR{n}": 3 for n in range(1, 11)}))
    go_to(page, "3. Implementation readiness")
    approaches = page.get_by_role("radiogroup")
    expect(approaches.get_by_role("radio", name="Peer Assistance and Review (PAR) Model (evaluative)")).to_be_checked()
    rationales = page.get_by_role("textbox", name=GUIDE.implementation_readiness.rationale_label)

    change_before_the_reply(replies, lambda: approaches.get_by_text("Instructional Coaches (non-evaluative)").click(),
                            lambda: rationales.nth(0).fill("Goals, but no measures"),
                            lambda: rationales.nth(0).press("Tab"))
    expect(rationales.nth(0)).to_have_value("Goals, but no measures", timeout=SETTLED)
    rate_with_keyboard(page.get_by_role("slider").nth(0), 1, settle=False)  # a later run shows what the app kept
    answered(page, metric(page, "Statements rated"), "1 of 8")
    expect(rationales.nth(0)).to_have_value("Goals, but no measures")
    expect(approaches.get_by_role("radio", name="Instructional Coaches (non-evaluative)")).to_be_checked()


def test_a_gap_reflection_typed_before_the_app_answered_the_first_one_is_kept(page, replies, app_url):
    """In Step 4, typing the second gap reflection while the first is being saved keeps both."""
    open_app(page, app_url)
    load_answers(page, Responses(cultural_readiness={"CR5": 1, "CR9": 1, "CR10": 1}))
    go_to(page, "4. Implementation planning")
    boxes = page.get_by_role("textbox", name=GUIDE.implementation_planning.gap_reflection_heading)
    expect(boxes).to_have_count(3)

    def write_first():
        boxes.nth(0).fill("First, a weekly slot")
        boxes.nth(0).press("Tab")

    change_before_the_reply(replies, write_first, lambda: boxes.nth(1).fill("Then peer visits"),
                            lambda: boxes.nth(1).press("Tab"))
    expect(boxes.nth(1)).to_have_value("Then peer visits", timeout=SETTLED)
    answered(page, sidebar(page), "2 of 3 gap areas reflected on")
    expect(boxes.nth(0)).to_have_value("First, a weekly slot")
