"""Browser tests: the app served by a real `streamlit run`, driven by Debian's Chromium through Playwright.

Fixtures start one app server for the whole session (its SQLite autosave file in a temporary
folder) and give each test a fresh browser context, that is a new Streamlit session. Helpers
act as a user does (sidebar links, the keyboard on sliders, typing in text areas) and wait
for what the user would see, never for a fixed time.

Without /usr/bin/chromium the tests are skipped, unless DLDASH_REQUIRE_BROWSER=1 (CI), when
they fail instead. `playwright install` is never needed: Playwright drives the system Chromium.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from dlcore import Responses, load_guide, write_csv
from dlui.nav import PAGES

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
REQUIRE = "DLDASH_REQUIRE_BROWSER"
STARTUP_SECONDS = 60
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
NAV_LINK = '[data-testid="stSidebarNavLink"]'

GUIDE = load_guide()
expect.set_options(timeout=10_000)
NOT_RATED = GUIDE.rating_scale.not_rated


def _page_heading(title: str) -> str:
    """The level-1 heading each page of the navigation opens with."""
    steps = {"1. Cultural readiness": GUIDE.cultural_readiness, "2. Approaches": GUIDE.approaches,
             "3. Implementation readiness": GUIDE.implementation_readiness,
             "4. Implementation planning": GUIDE.implementation_planning}
    if title in steps:
        return f"Step {title[0]}. {steps[title].title}"
    return {"Home": GUIDE.home.title, "Summary and charts": "Summary",
            "Conclusion and resources": GUIDE.conclusion.title}[title]


# Link text in the sidebar -> the page's level-1 heading, in the order of the navigation.
PAGE_HEADINGS = {spec.title: _page_heading(spec.title) for spec in PAGES}


def need(available: bool, what: str) -> None:
    """Skip the test when a system tool is missing; fail instead when CI requires it."""
    if available:
        return
    reason = f"{what} is not installed"
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{reason}, and {REQUIRE}=1 says it must be", pytrace=False)
    print(f"SKIPPED: {reason}")
    pytest.skip(reason)


# Streamlit servers ---------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(script: Path, cwd: Path, log: Path, env: dict[str, str] | None = None,
                 port: int | None = None, prefix: Sequence[str] = ()) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on ``port`` (a free loopback one by default); returns once /_stcore/health answers.

    ``prefix``: a command that runs it (such as setpriv dropping root's powers) and execs, so the pid is the
    server's. The caller stops the process (terminate, or kill -9 to play a crash).
    """
    port = port or _free_port()
    command = [*prefix, sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"]
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return process, url
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"`{' '.join(command)}` did not come up:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)  # polling the health endpoint, not waiting for the browser


@contextmanager
def streamlit_server(script: Path, cwd: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run script` on a free loopback port for the length of a with block."""
    process, url = start_server(script, cwd, log, env)
    try:
        yield url
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Stop a server as a normal shutdown does (SIGTERM), killing it if it has not ended in 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    """The app, served once for all browser tests; autosave goes to a temporary folder."""
    data = tmp_path_factory.mktemp("dldash-data")
    env = {k: v for k, v in os.environ.items() if k != "DLDASH_DATABASE_URL"}
    env["DLDASH_DATA_DIR"] = str(data)
    with streamlit_server(ROOT / "app.py", ROOT, data / "streamlit.log", env) as url:
        yield url


# Browser -------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    need(Path(CHROMIUM).exists(), f"Chromium ({CHROMIUM})")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator:
    """Open fresh browser contexts (each one a new Streamlit session); all are closed after the test."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    """A page in a fresh browser context."""
    return new_context().new_page()


# Acting as a user ----------------------------------------------------------------------------

def wait_for_app_run(page: Page) -> None:
    """Wait until Streamlit has no script run in progress (call it after the expected result shows)."""
    page.wait_for_selector(IDLE, state="attached")


def answered(page: Page, where: Locator, text: str) -> None:
    """Wait, as a person would, for the app's answer to the last action: ``text`` in ``where``, the run over.

    The text must be something that run draws, so that once it shows the run has begun.
    """
    expect(where).to_contain_text(text)
    wait_for_app_run(page)


def open_app(page: Page, url: str) -> Page:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGE_HEADINGS["Home"])
    wait_for_app_run(page)
    return page


def go_to(page: Page, link: str) -> None:
    """Follow a link of the sidebar navigation ("1. Cultural readiness", "Summary and charts", ...)."""
    page.locator(NAV_LINK).filter(has=page.get_by_text(link, exact=True)).click()
    # By its name: the team view has two level-1 headings (its name and the code), and a locator that finds
    # two fails at once (strict mode) instead of waiting for the page to change.
    expect(page.get_by_role("heading", level=1, name=PAGE_HEADINGS[link], exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGE_HEADINGS[link])
    wait_for_app_run(page)


def stop_label(rating: int | None) -> str:
    """What a rating slider shows for ``rating`` (None: not yet rated)."""
    return NOT_RATED if rating is None else f"{rating} · {GUIDE.rating_scale.labels[rating]}"


def settled(page: Page, quiet_ms: int = 800) -> None:
    """Wait until the app has run nothing for ``quiet_ms``, as a person reads a slider before moving it.

    A slider moved within a moment of a run's reply (a page just opened, the previous slider's rating)
    can lose key presses: it ends a stop or two short, or shows a rating the server never got. That is a
    bug of its own, found and not yet fixed (see the closing notes of the stop that added this); the
    tests that make changes faster than replies hold the replies on purpose
    (test_answers_while_the_app_updates.py)."""
    page.wait_for_function(
        """(quiet) => {
            const state = document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state");
            const now = performance.now();
            const seen = window.__dldashQuiet;
            if (!seen || seen.state !== state) window.__dldashQuiet = { since: now, state };
            return state === "notRunning" && now - window.__dldashQuiet.since >= quiet;
        }""", arg=quiet_ms, polling=50)


def rate_with_keyboard(slider: Locator, rating: int, *, settle: bool = True) -> None:
    """Focus a slider that is not yet rated, once the app is settled (``settle``: not in the tests that rate
    while replies are held), and press the right arrow once per stop."""
    expect(slider).to_have_attribute("aria-valuetext", stop_label(None))
    if settle:
        settled(slider.page)
    slider.focus()
    for _ in range(rating):
        slider.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", stop_label(rating))


def write(textbox: Locator, text: str) -> None:
    """Type into a text area, then leave it with Tab, which is when Streamlit takes the text."""
    textbox.fill(text)
    textbox.press("Tab")
    expect(textbox).to_have_value(text)


def key_question_box(page: Page, item_id: str) -> Locator:
    """Step 2's answer box for a key question, in the tab shown (both families ask about "Purpose")."""
    issue = next(q.issue for f in GUIDE.approaches.families for q in f.key_questions if q.id == item_id)
    name = f"{GUIDE.approaches.answer_label}: {issue}"
    return page.get_by_role("tabpanel").get_by_role("textbox", name=name, exact=True)


def metric(page: Page, label: str) -> Locator:
    """The value of the st.metric with this label."""
    return page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label)).locator('[data-testid="stMetricValue"]')


def main(page: Page) -> Locator:
    """The page's main area (not the sidebar)."""
    return page.locator('[data-testid="stMain"]')


def sidebar(page: Page) -> Locator:
    return page.locator('[data-testid="stSidebar"]')


def download_csv(page: Page, folder: Path) -> Path:
    """Click the sidebar's download button and save the file it gives."""
    with page.expect_download() as info:
        sidebar(page).get_by_role("button", name="Download my answers (CSV)").click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def upload_csv(page: Page, path: Path | None = None, *, name: str = "answers.csv", content: bytes = b"") -> None:
    """Give a file (or ``content`` as a file called ``name``) to the sidebar's uploader, as the file dialog would."""
    field = sidebar(page).locator('[data-testid="stFileUploader"] input[type="file"]')
    field.set_input_files(path if path else {"name": name, "mimeType": "text/csv", "buffer": content})


def load_answers(page: Page, answers: Responses) -> None:
    """Start from ``answers`` by uploading them as the app's CSV (into a session that has none yet)."""
    upload_csv(page, name="prepared.csv", content=write_csv(answers, GUIDE))
    answered(page, sidebar(page), "Answers loaded from prepared.csv")


# Accessibility -------------------------------------------------------------------------------
# A bare Streamlit app with the same furniture (a title, a slider, a text area, a sectioned
# st.navigation) is the yardstick: what axe finds there is Streamlit's own. The app is held to none.

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}

BARE_APP = '''
import streamlit as st

def bare():
    st.title("A bare Streamlit page")
    st.slider("A slider", 0, 4, 0)
    st.text_area("A text area")

def other():
    st.title("Another page")

st.set_page_config(page_title="Bare", layout="wide")
st.navigation({"First": [st.Page(bare, title="Bare", default=True)],
               "Second": [st.Page(other, title="Other", url_path="other")]}).run()
'''


def violations(page: Page, *, app: bool = True) -> list[dict]:
    """axe's WCAG 2.2 A/AA violations. On the app's pages, once its sectioned navigation is marked
    (dlui/nav_a11y.js runs just after the page's run, as a component's script loads)."""
    if app:
        sectioned = page.locator('[data-testid="stSidebarNavItems"]:not(:has(> li))')
        if sectioned.count():
            expect(sectioned.first).to_have_attribute("role", "none")
    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def report(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        lines += [f"    {' '.join(node['target'])}: {node.get('failureSummary', '')[:300]}" for node in v["nodes"]]
    return "\n".join(lines) or "none"


@pytest.fixture(scope="module")
def bare_streamlit_violations(tmp_path_factory, browser) -> dict[str, dict]:
    """Rule id -> violation, for a bare Streamlit app served by its own `streamlit run`."""
    folder = tmp_path_factory.mktemp("bare-streamlit")
    script = folder / "bare_app.py"
    script.write_text(BARE_APP)
    with streamlit_server(script, folder, folder / "streamlit.log") as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text("A bare Streamlit page")
        expect(page.get_by_role("slider")).to_be_visible()
        found = violations(page, app=False)
        context.close()
    # Streamlit 1.67: list and listitem (serious), from the markup of a navigation with sections
    # (a <ul> holding a <div> per section); a bare page without st.navigation has none. The app marks
    # its navigation's lists (dlui/nav_a11y) and is held to no violation at all.
    print(f"\naxe on bare Streamlit (WCAG 2.2 A/AA):\n{report(found)}")
    return {v["id"]: v for v in found}
