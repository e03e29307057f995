"""Autosave and resume as a user meets them: a reload, a restart, a bad link, a store that goes away."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from dlcore import Responses, Store, load_guide, new_token
from dlui import persistence
from tests.conftest import ROOT, answers, open_app, rate, shown_text

SESSION = persistence.SESSION


def open_link(token: str, page: str = "app_pages/cultural_readiness.py") -> AppTest:
    """A new browser session opening the private link (what a reload or another browser does)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params[persistence.PARAM] = token
    at.run()
    at.switch_page(page).run()
    return at


def flush(at: AppTest) -> str:
    """Wait until the session's saver has written everything; return the link's token."""
    session = at.session_state[SESSION]
    assert session.saver.flush(timeout=10)
    return session.token


def test_a_new_session_puts_its_private_link_in_the_url():
    at = open_app()
    token = at.session_state[SESSION].token
    assert token == at.query_params[persistence.PARAM]
    link = next(m.value for m in at.sidebar.markdown if token in m.value)  # shown to copy
    assert "Anyone with this link can see and edit them" in link


def test_a_reload_brings_back_every_rating_and_text():
    at = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 4, "CR7": 1})
    at.switch_page("app_pages/implementation_planning.py").run()
    at.text_area(key="dldash.text.strategy_profile.risks").input("Turnover, \"budget\"; =cuts\nand more").run()
    token = flush(at)
    before = answers(at)

    again = open_link(token)
    assert before == answers(again)
    assert 4 == again.select_slider(key="dldash.rate.CR1").value
    assert token == again.session_state[SESSION].token  # the same link goes on saving


def test_a_server_restart_loses_nothing():
    """A restart is a new process: a new engine on the same database file."""
    at = rate(open_app("app_pages/cultural_readiness.py"), {"CR3": 2})
    token = flush(at)
    before = answers(at)
    persistence.store.clear()  # what a restart does to the cached store and its connections
    assert before == answers(open_link(token))


@pytest.mark.parametrize("link", ["not-a-token", "x' OR '1'='1", "a" * 5000, "ünïcode-🙂"])
def test_a_malformed_link_gets_a_clear_message_and_a_fresh_session(link):
    at = open_link(link)
    assert not at.exception
    assert Responses() == answers(at)
    assert "not a valid session link" in shown_text(at)
    assert link != at.session_state[SESSION].token


def test_an_unknown_link_gets_a_clear_message_and_a_fresh_session():
    at = open_link(new_token())
    assert not at.exception
    assert Responses() == answers(at)
    assert "does not match any saved answers" in shown_text(at)


def test_a_link_never_opens_someone_elses_answers():
    mine = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 1})
    theirs = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 4})
    flush(mine), flush(theirs)
    assert {"CR1": 1} == answers(open_link(mine.session_state[SESSION].token)).cultural_readiness
    assert {"CR1": 4} == answers(open_link(theirs.session_state[SESSION].token)).cultural_readiness


def test_starting_over_asks_first_and_keeps_the_old_link():
    at = rate(open_app("app_pages/cultural_readiness.py"), {"CR5": 3})
    old = flush(at)
    start = next(b for b in at.sidebar.button if b.label == "Start over with a new session")
    start.click().run()
    assert {"CR5": 3} == answers(at).cultural_readiness  # nothing happens before the confirmation
    next(b for b in at.sidebar.button if b.label == "Start new").click().run()
    assert Responses() == answers(at)
    assert old != at.session_state[SESSION].token
    assert {"CR5": 3} == answers(open_link(old)).cultural_readiness


def test_when_the_store_is_away_the_app_keeps_working_and_saves_once_it_is_back(tmp_path, monkeypatch):
    """A database in a folder that does not exist yet cannot be opened; creating the folder brings it back."""
    folder = tmp_path / "not-yet"
    monkeypatch.setenv("DLDASH_DATABASE_URL", f"sqlite:///{folder / 'answers.sqlite3'}")
    persistence.store.clear()
    try:
        at = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 2, "CR2": 3})
        session = at.session_state[SESSION]
        assert not session.saver.flush(timeout=1.5)
        at.run()
        assert "not being saved" in " ".join(e.value for e in at.sidebar.error)
        assert {"CR1": 2, "CR2": 3} == answers(at).cultural_readiness  # still working, in memory
        rate(at, {"CR3": 4})  # typed while the store is away
        folder.mkdir()
        assert session.saver.flush(timeout=15)
        saved = Store(f"sqlite:///{folder / 'answers.sqlite3'}").load(session.token, load_guide())
        assert {"CR1": 2, "CR2": 3, "CR3": 4} == saved.cultural_readiness
    finally:
        persistence.store.clear()


def test_with_autosave_off_the_app_says_answers_are_not_saved(monkeypatch):
    monkeypatch.setenv("DLDASH_AUTOSAVE", "off")
    at = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 2})
    assert at.session_state[SESSION].saver is None
    assert "not being saved" in " ".join(e.value for e in at.sidebar.error)



def test_opening_pages_without_answering_writes_no_session_row():
    """A crawler or a link preview opening every page fills no database: a row is written once there is an answer."""
    at = open_app()
    for page in ("app_pages/cultural_readiness.py", "app_pages/summary.py", "app_pages/home.py"):
        at.switch_page(page).run()
    token = flush(at)
    assert not persistence.store().exists(token)
    rate(at.switch_page("app_pages/cultural_readiness.py").run(), {"CR4": 2})
    flush(at)
    assert persistence.store().exists(token)


def test_a_link_opened_while_the_store_is_away_keeps_what_is_done_and_merges_it_when_back(tmp_path, monkeypatch):
    """The stored answers cannot be read at first: the page says so, keeps working, and once the store is back
    shows the stored answers merged with what was done meanwhile (both kept)."""
    folder = tmp_path / "data"
    folder.mkdir()
    url = f"sqlite:///{folder / 'answers.sqlite3'}"
    monkeypatch.setenv("DLDASH_DATABASE_URL", url)
    persistence.store.clear()
    try:
        at = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 2, "CR2": 3})
        token = flush(at)
        persistence.store.clear()
        folder.rename(tmp_path / "away")
        again = rate(open_link(token), {"CR3": 4})
        assert "could not be loaded yet" in shown_text(again)
        assert {"CR3": 4} == answers(again).cultural_readiness
        (tmp_path / "away").rename(folder)
        assert again.session_state[SESSION].saver.flush(timeout=15)
        again.run()  # the status fragment's next look (every second in the browser) takes the merged answers
        again.run()
        assert {"CR1": 2, "CR2": 3, "CR3": 4} == answers(again).cultural_readiness
        assert {"CR1": 2, "CR2": 3, "CR3": 4} == Store(url).load(token, load_guide()).cultural_readiness
    finally:
        persistence.store.clear()


def test_the_status_says_not_saved_while_a_locked_database_holds_a_rating_back(tmp_path, monkeypatch):
    """Never "saved" for a change the database does not hold: a rating waiting on a locked database
    is "not being saved" within about a second, and "saved" again once the lock is gone."""
    import sqlite3

    path = tmp_path / "answers.sqlite3"
    monkeypatch.setenv("DLDASH_DATABASE_URL", f"sqlite:///{path}")
    persistence.store.clear()
    try:
        at = rate(open_app("app_pages/cultural_readiness.py"), {"CR1": 2})
        flush(at)
        lock = sqlite3.connect(path, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")
        try:
            rate(at, {"CR2": 3})
            deadline = time.monotonic() + 3
            while not at.session_state[SESSION].saver.status().overdue and time.monotonic() < deadline:
                time.sleep(0.05)
            at.run()  # what the status fragment's next look draws
            assert "not being saved" in " ".join(e.value for e in at.sidebar.error)
            assert "All answers saved" not in shown_text(at)
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        flush(at)
        at.run()
        assert "All answers saved" in shown_text(at)
    finally:
        persistence.store.clear()
