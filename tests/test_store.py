"""The answers store: what is saved loads back exactly, on SQLite and on PostgreSQL, through
restarts, kills, concurrent writers and outages; tokens that are not ours never reach SQL."""

from __future__ import annotations

import itertools
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, make_url, select

from dlcore import Autosaver, Responses, Store, StoreUnavailable, database_url, is_valid_token, load_guide, new_token
from dlcore import store as store_module
from dlcore.content import CULTURAL_READINESS_IDS, IMPLEMENTATION_READINESS_IDS, KEY_QUESTION_IDS, STRATEGY_PROFILE_IDS
from dlcore.csv_io import to_rows
from dlcore.snapshot import snapshot
from dlcore.store import answers
from tests.conftest import drop_tables
from tests.store_writer import ITEMS, answer_row, answers_at

ROOT = Path(__file__).resolve().parent.parent
GUIDE = load_guide()
BACKENDS = ["sqlite", "postgresql"]
TRICKY = ["Plain words.", "Commas, and more, commas", 'She said "yes", then "no"', "Line one\nLine two\r\nthree",
          "Zoë, Søren & 中文 — “quotes” ✓", "=SUM(A1:A9)", "+1 more", "-minus", "@mention", "'quoted'"]


def filled(seed: int = 0) -> Responses:
    """Every answer the guide asks for; each text field takes one of TRICKY, shifted by ``seed``."""
    texts = itertools.islice(itertools.cycle(TRICKY), seed, None)
    r = Responses(respondent=f"Ana María {seed}, \"AM\"", role="=Principal")
    for n, item_id in enumerate(CULTURAL_READINESS_IDS):
        r.rate(item_id, (n + seed) % 4 + 1)
    r.choose_approach("instructional_coaches")
    for item_id in KEY_QUESTION_IDS:
        r.write("key_questions", item_id, next(texts))
    for n, item_id in enumerate(IMPLEMENTATION_READINESS_IDS):
        r.rate(item_id, 4 - (n + seed) % 4)
        r.write("rationales", item_id, next(texts))
    r.choose_gap_areas(["CR7", "CR2", "CR9"])
    for item_id in r.gap_areas:
        r.write("gap_reflections", item_id, next(texts))
    for item_id in STRATEGY_PROFILE_IDS:
        r.write("strategy_profile", item_id, next(texts))
    return r


# Fixtures ------------------------------------------------------------------------------------

@pytest.fixture(params=BACKENDS)
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dldash.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(url) -> Iterator[Store]:
    s = Store(url)
    yield s
    s.close()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll ``condition`` until it holds: no fixed sleeps."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@contextmanager
def sql_statements(store: Store) -> Iterator[list[str]]:
    """Every statement the store sends while the block runs."""
    sent: list[str] = []

    def record(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


def update_times(store: Store, token: str) -> dict[tuple[str, str], object]:
    query = select(answers.c.step, answers.c.item_id, answers.c.updated_at).where(answers.c.token == token)
    with store.engine.connect() as conn:
        return {(step, item_id): at for step, item_id, at in conn.execute(query)}


def stored_rows(store: Store, token: str) -> dict[tuple[str, str], dict[str, str]]:
    """The session's answers as CSV rows keyed by (step, item_id), without the person's name."""
    loaded = store.load(token, GUIDE)
    assert loaded is not None
    return {(r["step"], r["item_id"]): {**r, "respondent": "", "role": "", "item": ""} for r in to_rows(loaded, GUIDE)}


# Save and load ------------------------------------------------------------------------------

def test_saved_answers_load_back_exactly(store):
    """Every rating, choice and text, tricky characters and the gap areas' chosen order included."""
    token, original = new_token(), filled()
    store.save(token, original, GUIDE)
    assert original == store.load(token, GUIDE)


def test_a_name_with_no_answer_yet_is_kept(store):
    """The person's name and role live with the session, so they come back before any answer."""
    token = new_token()
    store.save(token, Responses(respondent="Kim", role="Teacher"), GUIDE)
    assert Responses(respondent="Kim", role="Teacher") == store.load(token, GUIDE)


def test_cleared_and_changed_items_load_as_they_are_now(store):
    """A rating taken back, a text emptied and a gap area dropped are gone; the reordered gaps keep their order."""
    token, r = new_token(), filled()
    previous = store.save(token, r, GUIDE)
    r.rate("CR4", None)
    r.write("key_questions", "EV-training", "")
    r.choose_gap_areas(["CR9", "CR7"])
    r.write("gap_reflections", "CR2", "")
    r.rate("IR2", 1)
    store.save(token, r, GUIDE, previous=previous)
    assert r == store.load(token, GUIDE)


@pytest.mark.xfail(strict=True, reason="the store keeps what csv_io.to_rows writes: reflections on chosen areas only")
def test_a_reflection_on_a_gap_area_taken_off_the_list_survives_a_reload(store):
    """Text written for a gap area and then set aside comes back if the area is chosen again after a reload."""
    token = new_token()
    original = Responses(gap_areas=["CR1"], gap_reflections={"CR1": "kept", "CR2": "set aside"})
    store.save(token, original, GUIDE)
    assert original == store.load(token, GUIDE)


@pytest.mark.xfail(strict=True, reason="the store keeps what csv_io.to_rows writes: an empty gap list has no row")
def test_an_emptied_gap_list_survives_a_reload(store):
    """A user who cleared the proposed gap areas does not get the proposal back after a reload."""
    token, original = new_token(), Responses(cultural_readiness={"CR1": 1}, gap_areas=[])
    store.save(token, original, GUIDE)
    assert original == store.load(token, GUIDE)


def test_an_update_writes_only_the_rows_that_changed(store):
    """With the previous snapshot, one changed rating rewrites one row; the others keep their time stamps."""
    token, r = new_token(), filled()
    previous = store.save(token, r, GUIDE)
    before = update_times(store, token)
    r.rate("CR5", 4 if r.rating("CR5") != 4 else 1)
    store.save(token, r, GUIDE, previous=previous)
    after = update_times(store, token)
    assert [("cultural_readiness", "CR5")] == [key for key in before if before[key] != after[key]]


def test_an_unknown_token_is_no_session(store):
    """A well-formed token nobody saved under loads as None."""
    token = new_token()
    assert (None, False) == (store.load(token, GUIDE), store.exists(token))


def test_new_tokens_are_256_random_bits_in_url_safe_text():
    """43 URL-safe characters, valid by is_valid_token, never the same twice."""
    tokens = {new_token() for _ in range(1000)}
    assert 1000 == len(tokens)
    assert all(len(t) == 43 and is_valid_token(t) for t in tokens)


@pytest.mark.parametrize("token", [
    "", "short", "x' OR '1'='1", "a" * 10_000, "é" * 43, "a" * 42 + "=", "a" * 44, "a" * 43 + "\n", None, 43,
], ids=["empty", "short", "sql", "10kb", "non_ascii", "padding", "too_long", "newline", "none", "int"])
def test_a_malformed_token_is_refused_before_any_sql(token, tmp_path):
    """Not a token: is_valid_token says so, load gives None and exists False, and no statement is sent."""
    store = Store(f"sqlite:///{tmp_path / 'dldash.sqlite3'}")
    with sql_statements(store) as sent:
        assert (False, None, False) == (is_valid_token(token), store.load(token, GUIDE), store.exists(token))
    assert [] == sent


# Restarts and crashes -------------------------------------------------------------------------

def test_a_restarted_server_loads_everything(url):
    """A new Store (a new engine, as after a restart) on the same database finds the session."""
    token, original = new_token(), filled(3)
    first = Store(url)
    first.save(token, original, GUIDE)
    first.close()
    assert original == Store(url).load(token, GUIDE)


def test_an_acknowledged_save_survives_the_process_being_killed(url):
    """SIGKILL right after "saved", in the middle of later saves: a whole round loads, never a mix of two."""
    token = new_token()
    writer = subprocess.Popen([sys.executable, "-m", "tests.store_writer", url, token], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert "saved\n" == writer.stdout.readline()
        time.sleep(0.05)  # let it start more saves, so the kill lands in the middle of one
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        writer.stdout.close()
    assert -signal.SIGKILL == writer.returncode
    loaded = Store(url).load(token, GUIDE)
    assert loaded is not None
    assert answers_at(int(loaded.respondent.removeprefix("round "))) == loaded


def test_two_stores_creating_the_schema_at_once_both_work(url):
    """Eight processes' worth of engines on a fresh database: the tables are created once, every save lands."""
    if url.startswith("postgresql"):
        drop_tables(url)
    stores = [Store(url) for _ in range(8)]
    tokens = [new_token() for _ in stores]
    barrier = threading.Barrier(len(stores))

    def save(store: Store, token: str) -> None:
        barrier.wait()
        store.save(token, filled(), GUIDE)

    run_threads([lambda s=s, t=t: save(s, t) for s, t in zip(stores, tokens, strict=True)])
    assert [filled()] * len(tokens) == [Store(url).load(t, GUIDE) for t in tokens]


# Concurrent writers -------------------------------------------------------------------------

def run_threads(jobs: list[Callable[[], None]]) -> None:
    """Run every job in its own thread at once; re-raise the first failure."""
    failures: list[BaseException] = []

    def guarded(job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as exc:  # surfaced below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [] == failures


def test_twenty_writers_on_one_session_keep_every_item(store):
    """Each of 20 threads owns its own items and saves five rounds at once: every item holds its last round."""
    token, rounds = new_token(), 5
    # A milestone's fields are one thing to own: its status row stands for the milestone being there.
    units: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for step, item_id in ITEMS:
        units.setdefault((step, item_id.split("-")[0] if step == "milestones" else item_id), []).append((step, item_id))
    owned = [[item for unit in list(units.values())[n::20] for item in unit] for n in range(20)]
    barrier = threading.Barrier(20)

    def writer(items: list[tuple[str, str]]) -> None:
        previous = snapshot(Responses(), GUIDE)  # what each thread believes is stored: nothing yet
        barrier.wait()
        for n in range(rounds):
            previous = store.save(token, answers_at(n, items), GUIDE, previous=previous)

    run_threads([lambda items=items: writer(items) for items in owned])
    expected = {(s, i): {**answer_row(s, i, rounds - 1), "item": ""} for s, i in ITEMS}
    assert expected == stored_rows(store, token)


def test_twenty_writers_on_twenty_sessions_keep_them_apart(store):
    """20 threads, each saving its own session over several rounds: each session holds exactly its own last round."""
    tokens = [new_token() for _ in range(20)]
    barrier = threading.Barrier(20)

    def writer(seed: int) -> None:
        barrier.wait()
        previous = None
        for n in range(4):
            previous = store.save(tokens[seed], filled(seed + n), GUIDE, previous=previous)

    run_threads([lambda seed=seed: writer(seed) for seed in range(20)])
    assert [filled(seed + 3) for seed in range(20)] == [store.load(t, GUIDE) for t in tokens]


def test_two_tabs_editing_different_items_both_keep_their_answers(store):
    """Two Autosavers on one session, each started from what it loaded: last write wins per item, not per session."""
    token = new_token()
    store.save(token, filled(), GUIDE)
    tab_a, tab_b = store.load(token, GUIDE), store.load(token, GUIDE)
    saver_a, saver_b = Autosaver(store, token, GUIDE, saved=tab_a), Autosaver(store, token, GUIDE, saved=tab_b)
    tab_a.rate("CR1", 4)
    tab_a.write("strategy_profile", "leader", "Tab A's leader")
    tab_b.rate("CR2", None)
    tab_b.write("key_questions", "NE-vision", "Tab B's vision")
    saver_a.submit(tab_a)
    saver_b.submit(tab_b)
    assert (True, True) == (saver_a.flush(10), saver_b.flush(10))
    loaded = store.load(token, GUIDE)
    assert (4, "Tab A's leader", None, "Tab B's vision") == (loaded.rating("CR1"), loaded.strategy_profile["leader"],
                                                            loaded.rating("CR2"), loaded.key_questions["NE-vision"])


# Autosave -------------------------------------------------------------------------------------

def test_quick_submits_are_coalesced_into_few_writes(store):
    """200 submits in a burst cost at most 20 writes, and the last one is what is stored."""
    token, r = new_token(), filled()
    saver = Autosaver(store, token, GUIDE)
    for n in range(200):
        r.write("strategy_profile", "success", f"Draft {n}")
        saver.submit(r)
    r.write("strategy_profile", "success", "typed after the last submit")
    assert saver.flush(10)
    assert store.writes <= 20
    assert "Draft 199" == store.load(token, GUIDE).strategy_profile["success"]
    status = saver.status()
    assert (False, None, True) == (status.pending, status.error, status.saved_at is not None)


def test_a_save_waits_for_the_change_to_settle(store):
    """Key presses within the settling time make one write; nothing is written while it lasts."""
    token, r = new_token(), filled()
    saver = Autosaver(store, token, GUIDE, settle=0.5)
    for rating in (1, 2, 3):
        r.rate("CR1", rating)
        saver.submit(r)
    time.sleep(0.1)
    assert (0, True) == (store.writes, saver.status().pending)
    assert saver.flush(10)
    assert (1, 3) == (store.writes, store.load(token, GUIDE).rating("CR1"))


def test_flush_saves_at_once_instead_of_waiting_for_the_change_to_settle(store):
    """Someone waiting (the sidebar's status, a test) does not wait out the settling time."""
    token, r = new_token(), filled()
    saver = Autosaver(store, token, GUIDE, settle=3600)
    saver.submit(r)
    assert saver.flush(10)
    assert r == store.load(token, GUIDE)


def test_a_server_that_stops_normally_writes_what_is_still_settling(url):
    """An Autosaver with a change not yet written (an hour's settling time), then a normal exit: it is saved."""
    token = new_token()
    script = ("import sys; from dlcore import Autosaver, Store, load_guide; from tests.store_writer import answers_at; "
              "Autosaver(Store(sys.argv[1]), sys.argv[2], load_guide(), settle=3600).submit(answers_at(7))")
    subprocess.run([sys.executable, "-c", script, url, token], cwd=ROOT, check=True, timeout=60)
    assert answers_at(7) == Store(url).load(token, GUIDE)


class Gate:
    """A loopback relay in front of PostgreSQL that can be shut and opened: the network going away and back."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.is_open, self.links = target, False, []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.is_open:
                client.close()
                continue
            server = socket.create_connection(self.target)
            self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=_relay, args=(a, b), daemon=True).start()

    def open(self) -> None:
        self.is_open = True

    def shut(self) -> None:
        self.is_open = False
        for s in self.links:
            _shutdown(s)
        self.links = []

    def close(self) -> None:
        self.shut()
        self.listener.close()


def _relay(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _shutdown(sink)


def _shutdown(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


@pytest.fixture
def outage(url, tmp_path) -> Iterator[tuple[str, Callable[[], None]]]:
    """A URL whose store cannot be reached yet, and the function that brings it back."""
    if url.startswith("sqlite"):
        folder = tmp_path / "not-yet"
        yield f"sqlite:///{folder / 'dldash.sqlite3'}", folder.mkdir
        return
    target = make_url(url)
    gate = Gate((target.host, target.port))
    yield target.set(host="127.0.0.1", port=gate.port).render_as_string(hide_password=False), gate.open
    gate.close()


def test_answers_typed_while_the_store_is_away_are_saved_when_it_is_back(outage):
    """The status says the store is away and the save is pending; once back, the latest answers load exactly."""
    url, bring_back = outage
    token, r, store = new_token(), filled(), Store(url)
    saver = Autosaver(store, token, GUIDE)
    saver.submit(r)
    assert wait_until(lambda: saver.status().error is not None)
    r.write("gap_reflections", "CR2", "Typed while the store was away, with a comma, and “quotes”")
    r.rate("CR10", None)
    saver.submit(r)
    status = saver.status()
    assert (True, None) == (status.pending, status.saved_at)
    assert status.error.startswith("The answers store cannot be reached (")
    bring_back()
    assert saver.flush(10)
    assert (False, None) == (saver.status().pending, saver.status().error)
    assert r == Store(url).load(token, GUIDE)


def test_a_store_lost_mid_session_is_reconnected_without_losing_text(postgres_url):
    """PostgreSQL goes away after saves succeeded (dead pooled connections); once back, saving resumes."""
    target = make_url(postgres_url)
    gate = Gate((target.host, target.port))
    gate.open()
    url = target.set(host="127.0.0.1", port=gate.port).render_as_string(hide_password=False)
    token, r, store = new_token(), filled(), Store(url)
    saver = Autosaver(store, token, GUIDE)
    try:
        saver.submit(r)
        assert saver.flush(10)
        gate.shut()
        r.write("strategy_profile", "risks", "Written during the outage")
        saver.submit(r)
        assert wait_until(lambda: saver.status().error is not None)
        gate.open()
        assert saver.flush(10)
    finally:
        gate.close()
    assert r == Store(postgres_url).load(token, GUIDE)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unreachable_store_says_so_in_plain_words_without_the_password(backend, tmp_path):
    """A closed port or a missing folder raises StoreUnavailable; the message never shows the password."""
    url = {"sqlite": f"sqlite:///{tmp_path / 'missing' / 'dldash.sqlite3'}",
           "postgresql": "postgresql+psycopg://dldash:pw-s3cret@127.0.0.1:1/dldash_test"}[backend]
    with pytest.raises(StoreUnavailable, match=r"^The answers store cannot be reached \(.+\)\.$") as raised:
        Store(url).load(new_token(), GUIDE)
    assert "pw-s3cret" not in str(raised.value)


def test_a_url_that_is_not_a_database_is_unavailable_not_a_crash():
    """A typo in DLDASH_DATABASE_URL is reported as the store being unavailable, without echoing the URL."""
    with pytest.raises(StoreUnavailable, match="is not a database URL") as raised:
        Store("nosuchdb://user:pw-s3cret@host/db")
    assert "pw-s3cret" not in str(raised.value)


# Settings -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("environ", "secrets", "expected"), [
    ({"DLDASH_DATABASE_URL": "sqlite:////env.db"}, {"DLDASH_DATABASE_URL": "sqlite:////secret.db"}, "sqlite:////env.db"),
    ({}, {"DLDASH_DATABASE_URL": "sqlite:////secret.db"}, "sqlite:////secret.db"),
    ({"DLDASH_DATABASE_URL": ""}, {"DLDASH_DATABASE_URL": "sqlite:////secret.db"}, "sqlite:////secret.db"),
    ({"DLDASH_DATABASE_URL": "postgres://u:p@db.example/dl"}, None, "postgresql+psycopg://u:p@db.example/dl"),
    ({"DLDASH_DATABASE_URL": "postgresql://u:p@db.example/dl"}, None, "postgresql+psycopg://u:p@db.example/dl"),
    ({"DLDASH_DATABASE_URL": "postgresql+psycopg://u:p@db/dl"}, None, "postgresql+psycopg://u:p@db/dl"),
], ids=["env_over_secrets", "secrets", "empty_env_falls_through", "postgres_scheme", "postgresql_scheme", "explicit"])
def test_the_database_url_comes_from_env_then_secrets(environ, secrets, expected):
    """Environment first, then st.secrets; the schemes people paste mean psycopg 3."""
    assert expected == database_url(environ, secrets)


def test_the_default_is_an_sqlite_file_in_the_data_folder_created_on_first_use(tmp_path):
    """No setting: DLDASH_DATA_DIR/dldash.sqlite3, the folder created on first use."""
    folder = tmp_path / "data" / "dldash"
    assert f"sqlite:///{folder / 'dldash.sqlite3'}" == database_url({"DLDASH_DATA_DIR": str(folder)})
    assert folder.is_dir()


def test_without_a_data_folder_the_file_lives_in_the_projects_var_folder(tmp_path, monkeypatch):
    """No setting at all: <project>/var/dldash.sqlite3 (the project root stood in for, to keep var/ clean)."""
    assert ROOT == store_module.PROJECT_ROOT
    monkeypatch.setattr(store_module, "PROJECT_ROOT", tmp_path)
    assert f"sqlite:///{tmp_path / 'var' / 'dldash.sqlite3'}" == database_url({})


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path):
    """The PRAGMAs that keep an acknowledged save through a crash are in effect on every connection."""
    store = Store(f"sqlite:///{tmp_path / 'dldash.sqlite3'}")
    with store.engine.connect() as conn:
        found = [conn.exec_driver_sql(f"PRAGMA {p}").scalar()
                 for p in ("journal_mode", "synchronous", "busy_timeout", "foreign_keys")]
    assert ["wal", 2, 5000, 1] == found
