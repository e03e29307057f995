"""Nothing typed is ever lost, and "saved" is only said when it is true, on the server's unlucky days.

The database locked by someone else, its file deleted, its folder read-only, two tabs on one link
changing different answers, a file loaded in one tab while another goes on working: in a real
browser against real `streamlit run` servers. Each server here keeps its SQLite file in its own
temporary folder, so breaking it disturbs no other test.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from dlcore import Responses, write_csv
from dlui.persistence import PARAM
from tests.e2e.conftest import (
    GUIDE,
    REQUIRE,
    ROOT,
    answered,
    go_to,
    metric,
    open_app,
    rate_with_keyboard,
    sidebar,
    start_server,
    stop,
    stop_label,
    upload_csv,
    wait_for_app_run,
    write,
)

DATABASE = "dldash.sqlite3"
NOT_SAVING = "not being saved"
SAVED = "All answers saved"
STATEMENT_IDS = [s.id for s in GUIDE.cultural_readiness.statements]
MILESTONES = "Notes: Milestones"
# The sidebar's save status as a browser script sees it (innerText: what is on the screen).
STATUS_JS = """
(bar) => {
    const text = bar.innerText;
    if (text.includes('not being saved')) return 'error';
    const saved = text.match(/All answers saved at (\\d\\d:\\d\\d:\\d\\d)/);
    if (saved) return 'saved ' + saved[1];
    if (text.includes('Saving…')) return 'saving';
    return 'other';
}
"""


# Helpers -------------------------------------------------------------------------------------

def slider(page: Page, item_id: str) -> Locator:
    """Step 1's slider for a statement (CR1 ... CR10), in the order the page draws them."""
    return page.get_by_role("slider").nth(STATEMENT_IDS.index(item_id))


def rate(page: Page, ratings: dict[str, int]) -> None:
    """On Step 1, rate statements with the keyboard and wait for the new total, as a person would."""
    for item_id, rating in ratings.items():
        rate_with_keyboard(slider(page, item_id), rating)
    total = sum(_rating_of(page, i) or 0 for i in STATEMENT_IDS)
    answered(page, metric(page, "Total rating"), f"{total} of 40")


def _rating_of(page: Page, item_id: str) -> int | None:
    value = slider(page, item_id).get_attribute("aria-valuetext")
    return None if value == stop_label(None) else int(value.split(" ", 1)[0])


def on_step_1(page: Page) -> None:
    """The page shown is Step 1 (a link taken there opens there)."""
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Step 1. {GUIDE.cultural_readiness.title}")


def see_ratings(page: Page, ratings: dict[str, int | None]) -> None:
    """On Step 1, each statement shows its rating (None: not yet rated)."""
    for item_id, rating in ratings.items():
        expect(slider(page, item_id)).to_have_attribute("aria-valuetext", stop_label(rating))


def unrated_but(ratings: dict[str, int]) -> dict[str, int | None]:
    """Every statement: the given ratings, the rest not yet rated."""
    return {i: ratings.get(i) for i in STATEMENT_IDS}


def clock() -> str:
    """The wall-clock second now, as the sidebar writes it (the server runs on this machine, in this zone)."""
    return time.strftime("%H:%M:%S")


def status(page: Page) -> str:
    """'error', 'saved HH:MM:SS', 'saving' or 'other': the sidebar's save status now."""
    return sidebar(page).evaluate(STATUS_JS)


def expect_saved_since(page: Page, since: str, timeout: float) -> float:
    """Wait until the sidebar says every answer was saved at ``since`` or later; return the seconds it took."""
    start = time.monotonic()
    page.wait_for_function(
        f"([since]) => {{ const bar = document.querySelector('[data-testid=\"stSidebar\"]');"
        f" const s = bar && ({STATUS_JS})(bar); return s && s.startsWith('saved ') && s.slice(6) >= since; }}",
        arg=[since], timeout=timeout * 1000)
    return time.monotonic() - start


def link_of(page: Page) -> str:
    assert f"?{PARAM}=" in page.url, page.url
    return page.url


def token_of(link: str) -> str:
    return link.split(f"?{PARAM}=", 1)[1].split("&", 1)[0]


def open_link(page: Page, link: str) -> Page:
    """Open a private link and wait for its page to be drawn with the session it names."""
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    wait_for_app_run(page)
    assert token_of(page.url) == token_of(link), "the link opened a different session"
    return page


def name_box(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Your name", exact=True)


def role_box(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Your role", exact=True)


def server_env(data: Path, **more: str) -> dict[str, str]:
    """Autosave into ``data``; no file watcher: a source file edited during the run must not reload modules
    under the running server (an Autosaver then catches another module's Replaced), as in production."""
    env = {k: v for k, v in os.environ.items() if k not in {"DLDASH_DATABASE_URL", "DLDASH_AUTOSAVE"}}
    return env | {"DLDASH_DATA_DIR": str(data), "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", **more}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """This file's own app server and the folder of its SQLite file, which the tests may break."""
    data = tmp_path_factory.mktemp("dldash-unlucky")
    process, url = start_server(ROOT / "app.py", ROOT, data / "streamlit.log", server_env(data))
    try:
        yield url, data
    finally:
        stop(process)
        print(f"\nserver log: {data / 'streamlit.log'}")


# 1. A locked database -----------------------------------------------------------------------------

def test_a_rating_while_the_database_is_locked_says_not_saved_and_is_saved_once_it_is_free(new_context, server):
    """A rating made while another program holds the database locked shows "not being saved" within about
    2 s, never "All answers saved" with a later time; once the lock goes, it is saved and a reload shows it."""
    url, data = server
    page = open_app(new_context().new_page(), url)
    go_to(page, "1. Cultural readiness")
    rate(page, {"CR1": 3, "CR2": 2})
    expect(sidebar(page)).to_contain_text(SAVED)
    before = status(page)
    assert before.startswith("saved "), before
    page.evaluate("""([before, status]) => {
        const bar = document.querySelector('[data-testid="stSidebar"]');
        const look = eval(status);
        window.dldashStates = [before];
        new MutationObserver(() => {
            const now = look(bar);
            if (now !== window.dldashStates.at(-1)) window.dldashStates.push(now);
        }).observe(bar, {subtree: true, childList: true, characterData: true});
    }""", [before, STATUS_JS])

    lock = sqlite3.connect(data / DATABASE, isolation_level=None)
    try:
        lock.execute("BEGIN EXCLUSIVE")
        target = slider(page, "CR3")
        expect(target).to_have_attribute("aria-valuetext", stop_label(None))
        target.focus()
        pressed = time.monotonic()
        target.press("ArrowRight")
        expect(sidebar(page).get_by_role("alert")).to_contain_text(NOT_SAVING, timeout=3_000)
        print(f"\n[locked] 'not being saved' shown {time.monotonic() - pressed:.2f} s after the key press")
        expect(target).to_have_attribute("aria-valuetext", stop_label(1))
        # The save waits up to 5 s for the lock (busy_timeout), then fails and says why.
        expect(sidebar(page).get_by_role("alert")).to_contain_text("locked", timeout=8_000)
        print(f"[locked] the reason (database is locked) shown {time.monotonic() - pressed:.2f} s after the key press")
        states = page.evaluate("window.dldashStates")
        print(f"[locked] statuses seen while locked: {states}")
        first_error = states.index("error")
        assert all(s == before for s in states if s.startswith("saved ")), \
            f"said saved at a time after the locked rating while the database was locked: {states}"
        assert not any(s.startswith("saved ") for s in states[first_error:]), \
            f"said saved again while the database was still locked: {states}"
        assert status(page) == "error"
    finally:
        if lock.in_transaction:
            lock.execute("ROLLBACK")
        released = time.monotonic()
        lock.close()
    expect(sidebar(page)).to_contain_text(SAVED, timeout=5_000)
    expect(sidebar(page)).not_to_contain_text(NOT_SAVING)
    print(f"[locked] 'All answers saved' {time.monotonic() - released:.2f} s after the lock was released")

    link = link_of(page)
    page.reload()
    open_link(page, link)
    on_step_1(page)
    see_ratings(page, unrated_but({"CR1": 3, "CR2": 2, "CR3": 1}))


# 2. The database file deleted ---------------------------------------------------------------------

def test_answers_given_after_the_database_file_was_deleted_are_all_saved_in_a_new_file(new_context, server):
    """`rm dldash.sqlite3` under the running server: the next answers are saved again within seconds, and the
    link opened elsewhere shows every answer given before and after the deletion."""
    url, data = server
    page = open_app(new_context().new_page(), url)
    write(name_box(page), "Robin Before")
    go_to(page, "1. Cultural readiness")
    rate(page, {"CR1": 4, "CR4": 2})
    expect(sidebar(page)).to_contain_text(SAVED)
    link = link_of(page)

    (data / DATABASE).unlink()  # as `rm` would: the -wal and -shm files are left where they are
    rate(page, {"CR7": 3})
    go_to(page, "4. Implementation planning")
    acted = clock()
    write(page.get_by_role("textbox", name=MILESTONES, exact=True), "Typed after the file was deleted")
    took = expect_saved_since(page, acted, timeout=6)
    print(f"\n[deleted] 'All answers saved' at or after {acted}, {took:.2f} s after the last answer")
    assert (data / DATABASE).exists(), "no new database file was made"

    other = open_link(new_context().new_page(), link)
    go_to(other, "Home")
    expect(name_box(other)).to_have_value("Robin Before")
    go_to(other, "1. Cultural readiness")
    see_ratings(other, unrated_but({"CR1": 4, "CR4": 2, "CR7": 3}))
    go_to(other, "4. Implementation planning")
    expect(other.get_by_role("textbox", name=MILESTONES, exact=True)).to_have_value("Typed after the file was deleted")


# 3. The data folder read-only, then writable ---------------------------------------------------------

DROP_CAPS = "dac_override,dac_read_search,fowner"


def _works(prefix: list[str], env: dict[str, str], probe: str, *args: str) -> bool:
    try:
        done = subprocess.run([*prefix, sys.executable, "-c", probe, *args], cwd=ROOT, env=env,
                              capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def unprivileged(home: Path, denied: Path) -> tuple[list[str], str]:
    """A command prefix that runs the server where file permissions hold, and a word on which one.

    As root, chmod stops no write. First choice: the user nobody, when it can read the project and
    its Python. Else root without the capabilities that override file permissions (then root is
    held to a folder's mode bits like anyone). Else skip (fail under DLDASH_REQUIRE_BROWSER=1).
    """
    probe = ("import streamlit, sqlalchemy, alembic, dlcore, dlui, pathlib, sys\n"
             "try:\n    (pathlib.Path(sys.argv[1]) / 'probe').touch()\nexcept OSError:\n    sys.exit(0)\n"
             "sys.exit(3)\n")
    env = {**os.environ, "HOME": str(home)}
    nobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    caps = ["setpriv", f"--inh-caps=-{DROP_CAPS.replace(',', ',-')}", f"--bounding-set=-{DROP_CAPS.replace(',', ',-')}"]
    reasons = []
    if shutil.which("setpriv") is None:
        reasons.append("setpriv is not installed")
    else:
        for prefix, what in ((nobody, "as the user nobody"),
                             (caps, f"as root without the capabilities {DROP_CAPS}")):
            if _works(prefix, env, probe, str(denied)):
                return prefix, what
            reasons.append(f"cannot run the app {what} (the project or its Python is not readable, "
                           "or writes to a mode 0555 folder are not refused)")
    reason = "; ".join(reasons)
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{reason}, and {REQUIRE}=1 says this test must run", pytrace=False)
    print(f"SKIPPED: {reason}")
    pytest.skip(reason)


def test_answers_given_while_the_data_folder_is_read_only_are_saved_once_it_is_writable(new_context):
    """A data folder the server may not write to: the sidebar says "not being saved"; once it is writable
    the same tab saves within seconds, a new tab saves too, and the link shows everything typed meanwhile.
    Then SIGTERM stops the server within 10 s."""
    base = Path(tempfile.mkdtemp(prefix="dldash-readonly-"))
    try:
        base.chmod(0o755)
        home, data = base / "home", base / "data"
        home.mkdir()
        data.mkdir()
        shutil.chown(home, "nobody", "nogroup")
        data.chmod(0o555)  # owned by root: nobody (or root without its override) cannot write here
        prefix, who = unprivileged(home, data)
        print(f"\n[read-only] the server runs {who}")
        env = server_env(data, HOME=str(home))
        process, url = start_server(ROOT / "app.py", ROOT, base / "streamlit.log", env, prefix=prefix)
        try:
            _read_only_then_writable(new_context, url, data)
        finally:
            if process.poll() is None:
                signalled = time.monotonic()
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                    stopped = time.monotonic() - signalled
                except subprocess.TimeoutExpired:
                    stopped = None
                    process.kill()
                    process.wait(10)
                print(f"[read-only] server log: {(base / 'streamlit.log').read_text(errors='replace')[-1500:]}")
                assert stopped is not None, "the server was still running 10 s after SIGTERM"
                print(f"[read-only] the server stopped {stopped:.2f} s after SIGTERM (exit code {process.returncode})")
    finally:
        data.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def _read_only_then_writable(new_context, url: str, data: Path) -> None:
    page = open_app(new_context().new_page(), url)
    write(name_box(page), "Sam Readonly")
    write(role_box(page), "Principal")
    go_to(page, "1. Cultural readiness")
    rate(page, {"CR2": 4, "CR6": 1})
    expect(sidebar(page).get_by_role("alert")).to_contain_text(NOT_SAVING)
    print(f"[read-only] the sidebar says: {sidebar(page).get_by_role('alert').inner_text()!r}")
    assert not (data / DATABASE).exists()
    link = link_of(page)

    data.chmod(0o777)
    writable = time.monotonic()
    expect(sidebar(page)).to_contain_text(SAVED, timeout=5_000)
    expect(sidebar(page)).not_to_contain_text(NOT_SAVING)
    print(f"[read-only] the same tab says 'All answers saved' {time.monotonic() - writable:.2f} s after chmod 0777")

    fresh = open_app(new_context().new_page(), url)
    go_to(fresh, "1. Cultural readiness")
    rate(fresh, {"CR10": 2})
    expect(sidebar(fresh)).to_contain_text(SAVED, timeout=5_000)
    assert token_of(link_of(fresh)) != token_of(link)

    other = open_link(new_context().new_page(), link)
    go_to(other, "Home")
    expect(name_box(other)).to_have_value("Sam Readonly")
    expect(role_box(other)).to_have_value("Principal")
    go_to(other, "1. Cultural readiness")
    see_ratings(other, unrated_but({"CR2": 4, "CR6": 1}))


# 4. Two tabs on one link ---------------------------------------------------------------------------

def test_a_name_and_role_typed_in_one_tab_and_a_rating_in_another_are_both_kept(new_context, server):
    """Tab A writes the name and role on Home while tab B, opened on the same link before, rates a statement:
    the link opened afterwards shows A's name and role and B's rating (and A's earlier one)."""
    url, _ = server
    a = open_app(new_context().new_page(), url)
    go_to(a, "1. Cultural readiness")
    rate(a, {"CR1": 2})
    expect(sidebar(a)).to_contain_text(SAVED)
    link = link_of(a)
    b = open_link(new_context().new_page(), link)
    on_step_1(b)  # the link was taken on Step 1
    see_ratings(b, {"CR1": 2})

    go_to(a, "Home")
    acted = clock()
    write(name_box(a), "Avery Tab-A")
    write(role_box(a), "Union leader")
    expect_saved_since(a, acted, timeout=5)
    acted = clock()
    rate(b, {"CR8": 3})
    expect_saved_since(b, acted, timeout=5)

    other = open_link(new_context().new_page(), link)
    go_to(other, "Home")
    expect(name_box(other)).to_have_value("Avery Tab-A")
    expect(role_box(other)).to_have_value("Union leader")
    go_to(other, "1. Cultural readiness")
    see_ratings(other, unrated_but({"CR1": 2, "CR8": 3}))


# 5. A file loaded in one tab while another goes on ----------------------------------------------------

def test_a_file_loaded_in_one_tab_replaces_the_answers_in_the_other_tab_which_keeps_only_its_new_change(
        new_context, server):
    """Tab A loads a CSV that rates only CR9 over answers CR1-CR3 (Replace my answers); tab B, which still shows
    CR1-CR3, then rates CR5. The link shows CR9 and CR5 and not CR1-CR3, and tab B within seconds says its
    answers were replaced in another tab and shows them."""
    url, _ = server
    a = open_app(new_context().new_page(), url)
    go_to(a, "1. Cultural readiness")
    older = {"CR1": 1, "CR2": 2, "CR3": 3}
    rate(a, older)
    expect(sidebar(a)).to_contain_text(SAVED)
    link = link_of(a)
    b = open_link(new_context().new_page(), link)
    on_step_1(b)  # the link was taken on Step 1
    see_ratings(b, older)

    in_file = Responses()
    in_file.rate("CR9", 4)
    upload_csv(a, name="replacement.csv", content=write_csv(in_file, GUIDE))
    asked = a.get_by_role("dialog")  # over the page, where the person is looking; the answers wait for it
    expect(asked).to_contain_text("replacement.csv holds answers")
    see_ratings(a, older)
    asked.get_by_role("button", name="Replace my answers").click()
    expect(asked).to_have_count(0)
    answered(a, sidebar(a), "Answers loaded from replacement.csv")
    see_ratings(a, unrated_but({"CR9": 4}))
    expect(sidebar(a)).to_contain_text(SAVED, timeout=5_000)

    see_ratings(b, older)  # B has not heard of the file yet
    rated = time.monotonic()
    rate_with_keyboard(slider(b, "CR5"), 2)
    expect(sidebar(b)).to_contain_text("replaced in another tab", timeout=5_000)
    print(f"\n[replaced] tab B says its answers were replaced {time.monotonic() - rated:.2f} s after its rating")
    see_ratings(b, unrated_but({"CR9": 4, "CR5": 2}))
    expect(sidebar(b)).to_contain_text(SAVED, timeout=5_000)
    print(f"[replaced] tab B shows the file's answers plus its own, saved, {time.monotonic() - rated:.2f} s after")

    other = open_link(new_context().new_page(), link)
    on_step_1(other)  # the link was taken on Step 1
    see_ratings(other, unrated_but({"CR9": 4, "CR5": 2}))


# Found while writing the tests above ------------------------------------------------------------------

def test_a_link_opened_on_step_1_keeps_its_ratings_when_step_1_is_clicked_at_once(new_context, server):
    """A private link that opens on Step 1, and the sidebar's "1. Cultural readiness" clicked as soon as the page
    is drawn: the sliders still show the saved ratings, and the saved ratings stay saved.

    A race: it went wrong in about a third to two thirds of tries while these tests were written (clicked
    within about a second of the page being drawn; never after 2.5 s), so up to six tries are made."""
    url, _ = server
    first = open_app(new_context().new_page(), url)
    go_to(first, "1. Cultural readiness")
    given = {"CR1": 1, "CR2": 2, "CR3": 3}
    rate(first, given)
    expect(sidebar(first)).to_contain_text(SAVED)
    link = link_of(first)
    first.context.close()
    for attempt in range(1, 7):
        page = open_link(new_context().new_page(), link)
        go_to(page, "1. Cultural readiness")  # at once: the page was just drawn
        shown = {i: _rating_of(page, i) for i in given}
        if shown != given:
            page.wait_for_timeout(2_000)  # the status fragment's next runs hand what is shown to the saver
            check = open_link(new_context().new_page(), link)
            stored = {i: _rating_of(check, i) for i in given}
            pytest.fail(f"try {attempt}: after clicking Step 1 at once the sliders showed {shown} instead of {given}; "
                        f"2 s later the link held {stored}", pytrace=False)
        page.context.close()
    print(f"\n[click at once] the ratings were kept in {attempt} tries")
