"""Nothing typed is lost: text reaches the server while it is typed, without leaving the box.

Streamlit's text boxes hand their text to the server only when the box is left (or on
Ctrl+Enter); dlui/live_text.js does that Ctrl+Enter itself a second after typing pauses, and at
least every four seconds while it goes on. These tests type as a person does, with the
keyboard and never Tab or a click elsewhere, then wait a fixed 2.5 s of wall time after the
last key press: that bound is the behaviour under test, so here a fixed wait is the point.
"""

from __future__ import annotations

import time

from playwright.sync_api import Locator, Page, expect

from dlcore import Responses
from dlcore.responses import MAX_ANSWER_CHARS, MAX_NAME_CHARS
from tests.e2e.conftest import GUIDE, PAGE_HEADINGS, go_to, key_question_box, load_answers, main, open_app, sidebar
from tests.e2e.test_answers_while_the_app_updates import HeldReplies

ON_THE_SERVER_WITHIN = 2.5  # s after the last key press (the issue asks for about 2 s)

# The automatic commits are keydown events the page dispatches itself (a person's are trusted).
COUNT_AUTOMATIC_COMMITS = """
window.automaticCommits = 0;
document.addEventListener('keydown', e => { if (!e.isTrusted && e.key === 'Enter') window.automaticCommits++; }, true);
"""

REFLECTION = (
    "Before we start, the leadership team will set aside 30 minutes every Thursday for shared "
    "reflection – not a staff meeting, a real conversation.\n"
    "Teachers lead it in turns; the principal joins as a colleague, not as an evaluator. "
    "We will say plainly (in writing) that nothing said there goes into anyone's evaluation: "
    "\"safe to try, safe to fail\". Café-style tables, 4 per room, ✓ agreed by the union rep."
)
MILESTONES = ("September: two pilot schools start peer visits. November: first review with the union. "
              "January: decide with the whole staff whether to widen it to every school in the district.")


def typed(page: Page, box: Locator, text: str, delay: float = 15) -> float:
    """Type ``text`` at the end of ``box`` key by key, never leaving it; the time of the last key press."""
    box.focus()
    page.keyboard.press("End" if box.evaluate("b => b.tagName") == "INPUT" else "Control+End")
    page.keyboard.type(text, delay=delay)
    return time.monotonic()


def wait_until_saved(page: Page, last_key: float) -> None:
    """Wall time: the text must be on the server this long after the last key press, the box never left."""
    page.wait_for_timeout(max(0.0, last_key + ON_THE_SERVER_WITHIN - time.monotonic()) * 1000)


def reopened(page: Page, title: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGE_HEADINGS[title])


def reflection_box(page: Page) -> Locator:
    return main(page).get_by_role("textbox", name=GUIDE.implementation_planning.gap_reflection_heading)


def milestones_box(page: Page) -> Locator:
    return main(page).get_by_role("textbox", name="Notes: Milestones", exact=True)


def caret(box: Locator) -> list[int]:
    return box.evaluate("b => [b.selectionStart, b.selectionEnd]")


def test_a_reflection_typed_and_never_left_is_back_after_a_reload(page, app_url):
    open_app(page, app_url)
    load_answers(page, Responses(cultural_readiness={"CR5": 1}))
    go_to(page, "4. Implementation planning")
    box = reflection_box(page)
    expect(box).to_have_count(1)
    # The first text also pins the proposed gap list and takes away the caption above: the page
    # changes around the box while typing goes on.
    last_key = typed(page, box, REFLECTION)
    expect(box).to_be_focused()
    wait_until_saved(page, last_key)
    page.reload()
    reopened(page, "4. Implementation planning")
    expect(reflection_box(page)).to_have_value(REFLECTION)


def test_a_note_typed_and_never_left_opens_from_the_link_after_the_tab_is_closed(new_context, app_url):
    page = new_context().new_page()
    open_app(page, app_url)
    go_to(page, "4. Implementation planning")
    last_key = typed(page, milestones_box(page), MILESTONES)
    wait_until_saved(page, last_key)
    link = page.url
    page.context.close()
    other = new_context().new_page()
    other.goto(link)
    reopened(other, "4. Implementation planning")
    expect(milestones_box(other)).to_have_value(MILESTONES)


def test_a_key_question_answer_typed_and_never_left_is_back_after_a_reload(page, app_url):
    open_app(page, app_url)
    go_to(page, "2. Approaches")
    text = "Purpose first: better teaching in every classroom, with teachers sharing what works."
    last_key = typed(page, key_question_box(page, "EV-purpose"), text)
    wait_until_saved(page, last_key)
    page.reload()
    reopened(page, "2. Approaches")
    expect(key_question_box(page, "EV-purpose")).to_have_value(text)


def test_a_name_typed_with_a_pause_after_a_space_keeps_the_space(page, app_url):
    """The name is kept without outer spaces, but the box is not trimmed under the typing hand."""
    open_app(page, app_url)
    name = main(page).get_by_role("textbox", name="Your name")
    last_key = typed(page, name, "Jordan ")
    wait_until_saved(page, last_key)  # "Jordan " has reached the server
    last_key = typed(page, name, "Lee")
    expect(name).to_have_value("Jordan Lee")
    expect(name).to_be_focused()
    wait_until_saved(page, last_key)
    page.reload()
    reopened(page, "Home")
    expect(main(page).get_by_role("textbox", name="Your name")).to_have_value("Jordan Lee")


def test_steady_typing_across_automatic_commits_loses_and_reorders_nothing(page, app_url):
    """600 characters at 30 ms a key: several commits (each a page run) while typing goes on."""
    page.add_init_script(COUNT_AUTOMATIC_COMMITS)
    open_app(page, app_url)
    go_to(page, "2. Approaches")  # the page with the most elements: the longest runs
    text = "".join(f"{n:03d} shared leadership, " for n in range(30))[:600]
    box = key_question_box(page, "EV-structure")
    last_key = typed(page, box, text, delay=30)
    assert page.evaluate("window.automaticCommits") >= 3  # commits came while typing went on
    expect(box).to_have_value(text)
    expect(box).to_be_focused()
    assert caret(box) == [len(text), len(text)]
    wait_until_saved(page, last_key)
    page.reload()
    reopened(page, "2. Approaches")
    expect(key_question_box(page, "EV-structure")).to_have_value(text)


def test_text_typed_while_the_app_answers_a_commit_is_kept(page, app_url):
    """The server's reply to an automatic commit arrives after more has been typed: nothing is undone."""
    replies = HeldReplies(page)
    open_app(page, app_url)
    go_to(page, "4. Implementation planning")
    box = milestones_box(page)
    replies.hold()
    typed(page, box, "First the pilot")
    replies.wait_for_runs(1)  # the commit a second after the last key: the server has run the page
    typed(page, box, ", then the review")
    replies.release_run()  # its reply arrives, with "First the pilot" as the box's value
    expect(box).to_have_value("First the pilot, then the review")
    last_key = typed(page, box, ".")
    replies.release_all()
    expect(box).to_be_focused()
    assert caret(box) == [len("First the pilot, then the review."), len("First the pilot, then the review.")]
    wait_until_saved(page, last_key)
    page.reload()
    reopened(page, "4. Implementation planning")
    expect(milestones_box(page)).to_have_value("First the pilot, then the review.")


def test_text_is_handed_over_at_once_when_the_page_is_hidden(page, app_url):
    """A phone that sleeps or a tab switched away: the page is hidden, and the text goes at once."""
    page.add_init_script(COUNT_AUTOMATIC_COMMITS)
    open_app(page, app_url)
    go_to(page, "4. Implementation planning")
    typed(page, milestones_box(page), "Pilot in two schools")
    commits = page.evaluate("""() => {
        const before = window.automaticCommits;
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
        return window.automaticCommits - before;
    }""")
    assert commits == 1  # then, not on the one-second timer
    expect(milestones_box(page)).to_have_value("Pilot in two schools")
    expect(sidebar(page)).to_contain_text("1 of 7 profile notes")  # the run took it
    page.reload()
    reopened(page, "4. Implementation planning")
    expect(milestones_box(page)).to_have_value("Pilot in two schools")


def paste(page: Page, box: Locator, text: str) -> None:
    """Put ``text`` on the clipboard and press Ctrl+V in ``box``, as a person pastes."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    box.focus()
    page.keyboard.press("Control+V")


def test_a_paste_over_the_limit_is_refused_with_a_message(page, app_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    open_app(page, app_url)
    go_to(page, "4. Implementation planning")
    box = milestones_box(page)
    typed(page, box, "Start: ")
    paste(page, box, "x" * (MAX_ANSWER_CHARS - 2))
    note = main(page).get_by_role("alert").filter(has_text="That paste would make")
    expect(note).to_have_text(
        f"That paste would make this answer {MAX_ANSWER_CHARS + 5:,} characters long; an answer can hold up to "
        f"{MAX_ANSWER_CHARS:,}. Nothing was pasted: shorten the text and paste again.")
    expect(box).to_have_value("Start: ")
    expect(box).to_be_focused()

    fits = "y" * (MAX_ANSWER_CHARS - len("Start: "))  # exactly up to the limit
    paste(page, box, fits)
    expect(box).to_have_value("Start: " + fits)
    expect(note).to_have_count(0)
    last_key = time.monotonic()
    wait_until_saved(page, last_key)
    page.reload()
    reopened(page, "4. Implementation planning")
    expect(milestones_box(page)).to_have_value("Start: " + fits)


def test_a_name_pasted_over_its_limit_is_refused_with_a_message(page, app_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    open_app(page, app_url)
    role = main(page).get_by_role("textbox", name="Your role")
    typed(page, role, "Teacher")
    paste(page, role, " and " + "z" * MAX_NAME_CHARS)
    note = main(page).get_by_role("alert").filter(has_text="That paste would make")
    expect(note).to_have_text(
        f"That paste would make this field {len('Teacher and ') + MAX_NAME_CHARS} characters long; a name or role "
        f"can hold up to {MAX_NAME_CHARS}. Nothing was pasted: shorten the text and paste again.")
    expect(role).to_have_value("Teacher")
    typed(page, role, ", union rep")  # the next key press takes the message away
    expect(note).to_have_count(0)
    expect(role).to_have_value("Teacher, union rep")
