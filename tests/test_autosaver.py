"""Autosave against an unlucky day: two tabs on one link, a replace, a store away at open, a file
removed, a locked database, a server stopped while nothing can be written."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dlcore import Autosaver, Responses, Store, load_guide, new_token
from dlcore.snapshot import Snapshot, merge
from tests.test_store import filled, wait_until

ROOT = Path(__file__).resolve().parent.parent
GUIDE = load_guide()


def snap(respondent: str = "", role: str = "", **answers: tuple[int, int | None, str]) -> Snapshot:
    return Snapshot(respondent, role, {("s", k): v for k, v in answers.items()})


@pytest.mark.parametrize(("stored", "mine", "base", "expected"), [
    # mine changed an item: mine wins; items it did not change keep the stored value
    (snap(a=(0, 1, ""), b=(0, 2, "")), snap(a=(0, 4, "")), snap(a=(0, 1, "")), snap(a=(0, 4, ""), b=(0, 2, ""))),
    # mine cleared an item it had: it goes, even if stored holds it
    (snap(a=(0, 1, "")), snap(), snap(a=(0, 1, "")), snap()),
    # mine never saw an item: it stays
    (snap(a=(0, 3, "")), snap(), snap(), snap(a=(0, 3, ""))),
    # an unchanged name does not overwrite the stored one; a changed role does
    (snap("Ana", "Teacher"), snap("", "Coach"), snap("", ""), snap("Ana", "Coach")),
    # a replaced session: mine's old answers (== base) are not written back, its new edit is
    (snap(x=(0, None, "new")), snap(a=(0, 1, ""), b=(0, 2, "")), snap(a=(0, 1, "")), snap(x=(0, None, "new"),
                                                                                             b=(0, 2, ""))),
])
def test_a_merge_takes_each_item_from_the_side_that_changed_it(stored, mine, base, expected):
    assert expected == merge(stored, mine, base)


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'dldash.sqlite3'}")
    yield s
    s.close()


def test_a_name_typed_in_one_tab_survives_a_save_from_another_that_never_touched_it(store):
    token = new_token()
    store.save(token, filled(), GUIDE)
    tab_a, tab_b = store.load(token, GUIDE), store.load(token, GUIDE)
    saver_a, saver_b = Autosaver(store, token, GUIDE, saved=tab_a), Autosaver(store, token, GUIDE, saved=tab_b)
    tab_a.respondent, tab_a.role = "Ana from tab A", "Teacher"
    saver_a.submit(tab_a)
    assert saver_a.flush(10)
    tab_b.rate("CR1", 1)
    saver_b.submit(tab_b)
    assert saver_b.flush(10)
    loaded = store.load(token, GUIDE)
    assert ("Ana from tab A", "Teacher", 1) == (loaded.respondent, loaded.role, loaded.rating("CR1"))


def test_a_replace_in_one_tab_is_what_every_tab_sees_from_then_on(store):
    """Tab B holds the answers from before the replace: its old answers are not written back, its new edit is,
    and it is told to show the replaced answers."""
    token = new_token()
    store.save(token, filled(), GUIDE)
    tab_a, tab_b = store.load(token, GUIDE), store.load(token, GUIDE)
    saver_a, saver_b = Autosaver(store, token, GUIDE, saved=tab_a), Autosaver(store, token, GUIDE, saved=tab_b)
    replacement = Responses(respondent="From the file")
    replacement.rate("CR9", 2)
    saver_a.submit(replacement, replace=True)
    assert saver_a.flush(10)
    tab_b.write("strategy_profile", "risks", "Typed in tab B after the replace")
    saver_b.submit(tab_b)
    assert saver_b.flush(10)
    loaded = store.load(token, GUIDE)
    assert {"CR9": 2} == loaded.cultural_readiness
    assert {"risks": "Typed in tab B after the replace"} == loaded.strategy_profile
    assert "From the file" == loaded.respondent
    merged = saver_b.take_merged()
    assert merged is not None and "replaced in another tab" in merged.reason
    assert None is saver_b.take_merged()  # once


def test_a_link_opened_while_the_store_was_away_keeps_what_is_typed_and_merges_it_when_back(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    url = f"sqlite:///{folder / 'dldash.sqlite3'}"
    token, stored = new_token(), filled()
    Store(url).save(token, stored, GUIDE)
    folder.rename(tmp_path / "away")  # the store cannot be opened now
    store = Store(url)
    saver = Autosaver(store, token, GUIDE, loaded=False)
    typed = Responses()
    typed.write("strategy_profile", "evidence", "Typed while the store was away")
    saver.submit(typed)
    assert wait_until(lambda: saver.status().error is not None)
    assert not saver.status().saved
    (tmp_path / "away").rename(folder)
    assert saver.flush(15)
    loaded = store.load(token, GUIDE)
    assert "Typed while the store was away" == loaded.strategy_profile["evidence"]
    assert stored.cultural_readiness == loaded.cultural_readiness  # nothing stored was dropped
    assert stored.key_questions == loaded.key_questions
    merged = saver.take_merged()  # the page is told to show the stored answers with what was typed
    assert merged is not None and "back" in merged.reason
    assert ("strategy_profile", "evidence") in merged.stored.answers
    assert ("cultural_readiness", "CR1") in merged.stored.answers


def saved_once(tmp_path: Path) -> tuple[Path, Store, str, Responses, Autosaver]:
    """A session whose every answer is saved, in an SQLite file of its own: (file, store, token, answers, saver)."""
    path = tmp_path / "dldash.sqlite3"
    store = Store(f"sqlite:///{path}")
    token, r = new_token(), filled()
    saver = Autosaver(store, token, GUIDE)
    saver.submit(r)
    assert saver.flush(10)
    return path, store, token, r, saver


def test_a_removed_database_file_is_noticed_and_everything_is_written_again(tmp_path):
    path, store, token, r, saver = saved_once(tmp_path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    assert saver.status().pending  # noticed: not "saved" any more
    assert saver.flush(10)
    assert r == Store(f"sqlite:///{path}").load(token, GUIDE)


def test_a_save_into_a_file_removed_meanwhile_is_not_called_saved(tmp_path):
    path, store, token, r, saver = saved_once(tmp_path)
    shutil.move(path, tmp_path / "moved-away.sqlite3")
    r.rate("CR1", 4)
    saver.submit(r)
    assert saver.flush(10)
    assert r == Store(f"sqlite:///{path}").load(token, GUIDE)


def test_a_locked_database_makes_the_status_say_not_saved_within_seconds(tmp_path):
    path, store, token, r, saver = saved_once(tmp_path)
    lock = sqlite3.connect(path, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        r.rate("CR2", 1)
        saver.submit(r)
        assert wait_until(lambda: saver.status().overdue, timeout=3)
        assert not saver.status().saved
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert saver.flush(15)
    assert saver.status().saved
    assert 1 == store.load(token, GUIDE).rating("CR2")


def test_a_session_with_nothing_to_keep_writes_no_row(store):
    token = new_token()
    saver = Autosaver(store, token, GUIDE)
    saver.submit(Responses())
    assert saver.flush(10)
    assert (False, 0) == (store.exists(token), store.writes)
    blank_named = Responses(respondent="Ana")
    saver.submit(blank_named)
    assert saver.flush(10)
    assert store.exists(token)


def test_a_server_stopping_while_nothing_can_be_written_ends_within_seconds(tmp_path):
    """Ten tabs with changes pending and the store away: the exit hook gives them three seconds together."""
    url = f"sqlite:///{tmp_path / 'missing' / 'dldash.sqlite3'}"
    script = ("import sys; from dlcore import Autosaver, Store, new_token; from tests.store_writer import answers_at;"
              "from dlcore import load_guide; s, g = Store(sys.argv[1]), load_guide(); "
              "savers = [Autosaver(s, new_token(), g) for _ in range(10)]; [v.submit(answers_at(1)) for v in savers]")
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", script, url], cwd=ROOT, check=True, timeout=30)
    assert time.monotonic() - started < 15  # was 5 s per tab: 50 s
