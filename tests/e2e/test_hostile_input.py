"""Text that looks like HTML, script or Markdown is shown as written and never runs.

It can come from typing, from a loaded CSV's answers, or from a broken CSV whose values the
error message quotes.
"""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect

from dlcore import Responses, write_csv
from tests.e2e.conftest import (
    GUIDE,
    answered,
    go_to,
    key_question_box,
    main,
    open_app,
    sidebar,
    upload_csv,
    write,
)

SCRIPT = "<script>window.__xss=1</script>"
IMAGE = '<img src=x onerror="window.__xss=1">'
BOLD = "**bold**"
LINK = "[link](javascript:alert(1))"
HOSTILE = (SCRIPT, IMAGE, BOLD, LINK)
KEY_QUESTIONS = dict(zip(("EV-purpose", "EV-structure", "EV-training", "EV-bargaining"), HOSTILE, strict=True))


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Messages of every alert, confirm or prompt the page opens (each one dismissed)."""
    opened: list[str] = []

    def record(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    assert page.evaluate("() => window.__xss") is None
    assert [] == dialogs
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.locator('a[href^="javascript:"]')).to_have_count(0)
    expect(page.locator("strong", has_text="bold")).to_have_count(0)


def test_hostile_text_typed_into_the_app_is_kept_as_written_and_never_runs(page, app_url, dialogs):
    """Script, HTML and Markdown typed as a name or an answer stay plain text, on screen and in the CSV."""
    open_app(page, app_url)
    write(main(page).get_by_role("textbox", name="Your name"), IMAGE + SCRIPT)
    go_to(page, "2. Approaches")
    for item_id, text in KEY_QUESTIONS.items():
        write(key_question_box(page, item_id), text)
    answered(page, sidebar(page), "4 of 8 key questions answered")
    go_to(page, "Home")  # and back: the text comes from the stored answers
    expect(main(page).get_by_role("textbox", name="Your name")).to_have_value(IMAGE + SCRIPT)
    expect_key_questions_as_written(page)
    assert_nothing_ran(page, dialogs)


def expect_key_questions_as_written(page: Page) -> None:
    go_to(page, "2. Approaches")
    for item_id, text in KEY_QUESTIONS.items():
        expect(key_question_box(page, item_id)).to_have_value(text)


def test_hostile_text_in_a_loaded_csv_is_shown_as_written_and_never_runs(page, app_url, dialogs):
    """A CSV whose answers and name hold script, HTML and Markdown loads as plain text."""
    open_app(page, app_url)
    answers = Responses(respondent=IMAGE, role=LINK, key_questions=KEY_QUESTIONS)
    upload_csv(page, name=f"{BOLD}.csv", content=write_csv(answers, GUIDE))
    answered(page, sidebar(page), f"Answers loaded from {BOLD}.csv")
    expect(main(page).get_by_role("textbox", name="Your name")).to_have_value(IMAGE)
    expect(main(page).get_by_role("textbox", name="Your role")).to_have_value(LINK)
    expect_key_questions_as_written(page)
    assert_nothing_ran(page, dialogs)


def test_hostile_text_quoted_in_a_csv_error_message_is_shown_as_written_and_never_runs(page, app_url, dialogs):
    """A CSV refused for bad step names quotes them, and its own file name, as plain text."""
    open_app(page, app_url)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["respondent", "role", "step", "item_id", "item", "rating", "response"])
    writer.writerows(["", "", text, "CR1", "", "", text] for text in HOSTILE)
    name = "<img src=x onerror=window.__xss=1>.csv"  # no quotes: the browser would send them as %22
    upload_csv(page, name=name, content=out.getvalue().encode())
    error = sidebar(page).locator('[data-testid="stAlert"]')
    expect(error).to_contain_text("could not be loaded")
    expect(error).to_contain_text(name)
    for text in HOSTILE:
        expect(error).to_contain_text(f"“{text}” is not a step of the guide")
    told = page.get_by_role("dialog")  # the same refusal, over the page, once for this file
    expect(told).to_contain_text("could not be loaded")
    expect(told).to_contain_text(name)
    assert_nothing_ran(page, dialogs)
    told.get_by_role("button", name="OK").click()
    expect(told).to_have_count(0)
    expect(error).to_contain_text("could not be loaded")  # still under the uploader
