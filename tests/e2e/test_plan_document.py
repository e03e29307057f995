"""The plan as a document, from the Summary page in a real browser: the preview, the printable report and the
Word file hold every answer, milestones with owners and dates included, also while the answers store is down."""

from __future__ import annotations

import io
import os
from html.parser import HTMLParser
from pathlib import Path

from docx import Document
from playwright.sync_api import Page, expect

from dlcore import load_guide, read_csv
from dlcore.responses import MILESTONE_STATUSES
from tests.e2e.conftest import ROOT, go_to, load_answers, main, open_app, sidebar, streamlit_server

SAMPLE = read_csv((ROOT / "data" / "sample_responses.csv").read_bytes())
GUIDE = load_guide()
# Typed text that must print as text: a reflection that is markup, in the sample's answers.
HOSTILE = '<img src=x onerror="document.title=\'pwned\'"> & <script>document.title="pwned"</script>'


def answers():
    """The sample answers (four milestones with owners, dates and statuses) and a reflection that is markup."""
    chosen = SAMPLE.gap_areas or []
    answers = read_csv((ROOT / "data" / "sample_responses.csv").read_bytes())
    answers.write("gap_reflections", chosen[0], HOSTILE)
    return answers


def milestone_texts() -> list[str]:
    """What each milestone row must show: the milestone, its owner, its date and its status."""
    texts = []
    for _, m in SAMPLE.milestone_list():
        texts += [m.milestone, m.owner, m.due, MILESTONE_STATUSES[m.status]]
    return [t for t in texts if t]


class Tags(HTMLParser):
    """The elements of a page, and any event handler attribute on them (what would run)."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def download(page: Page, button: str, folder: Path) -> Path:
    with page.expect_download() as info:
        main(page).get_by_role("button", name=button).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def check_documents(page: Page, folder: Path) -> None:
    go_to(page, "Summary and charts")
    main(page).get_by_role("button", name="Preview the report").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Your plan, as it will print")
    frame = dialog.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_contain_text("Distributed leadership plan")
    for text in milestone_texts():
        expect(frame.locator("body")).to_contain_text(text)
    expect(frame.locator("body")).to_contain_text(HOSTILE)  # shown as the text typed
    assert page.title() != "pwned"
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)

    report = download(page, "Download the report (HTML)", folder)
    assert report.name.startswith("distributed-leadership-plan-") and report.suffix == ".html"
    html = report.read_text(encoding="utf-8")
    tags = Tags()
    tags.feed(html)
    assert "script" not in tags.names and not tags.handlers, "the report holds markup that runs"
    for _, m in SAMPLE.milestone_list():
        assert m.owner in html and m.due in html

    word = download(page, "Download as Word (.docx)", folder)
    assert word.suffix == ".docx"
    document = Document(io.BytesIO(word.read_bytes()))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    for text in milestone_texts():
        assert text in cells, f"{text!r} is not in any table of the Word file"
    assert any(HOSTILE in p.text for p in document.paragraphs) or HOSTILE in cells


def test_the_plan_previews_and_downloads_as_a_report_and_a_word_file(app_url, page, tmp_path):
    open_app(page, app_url)
    load_answers(page, answers())
    check_documents(page, tmp_path)


def test_the_documents_are_built_while_the_answers_store_is_down(new_context, tmp_path):
    """A database that cannot be reached: the sidebar says answers are not saved, and both files still come."""
    env = {**os.environ, "DLDASH_DATABASE_URL": "postgresql://dldash@127.0.0.1:1/nowhere"}
    with streamlit_server(ROOT / "app.py", ROOT, tmp_path / "streamlit.log", env) as url:
        page = open_app(new_context().new_page(), url)
        load_answers(page, answers())
        expect(sidebar(page)).to_contain_text("not being saved", timeout=15_000)
        check_documents(page, tmp_path)
