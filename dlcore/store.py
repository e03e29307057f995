"""Where answers live between visits: autosave and resume on SQLite by default, PostgreSQL when configured.

An hour of typed reflection must survive a refresh, a closed tab and a server restart,
so every change is saved server-side, keyed by an unguessable token that forms the
session's private link. One code path serves every SQLAlchemy URL; the rows stored are
the rows of the responses CSV (``csv_io.to_rows``) and are read back through the same
validation as an upload (``csv_io.responses_from_rows``), so the two can never disagree.

Saving happens on a background thread (``Autosaver``); when the store cannot be reached
the answers stay in memory and the thread keeps retrying until it can.
"""

from __future__ import annotations

import atexit
import copy
import os
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from secrets import token_urlsafe

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    select,
    tuple_,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.schema import CreateTable

from dlcore.content import Guide
from dlcore.csv_io import responses_from_rows, to_rows
from dlcore.responses import Responses

PROJECT_ROOT = Path(__file__).resolve().parent.parent
URL_SETTING = "DLDASH_DATABASE_URL"
DATA_DIR_SETTING = "DLDASH_DATA_DIR"
TOKEN_BYTES = 32  # 256 bits from `secrets`; token_urlsafe spells them in 43 characters
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
RETRY_SECONDS = (1.0, 1.5, 2.0)  # waits between failed saves; the last one repeats
# A save waits this long after a change unless someone is waiting for it (flush): the page's
# redraw for that change goes first, and a run of quick key presses becomes one write.
SETTLE_SECONDS = 0.3


# Settings ---------------------------------------------------------------------------------

def default_database_url(environ: Mapping[str, str] = os.environ) -> str:
    """An SQLite file in ``<project>/var`` (or ``$DLDASH_DATA_DIR``), so a fresh machine needs no setup."""
    folder = Path(environ.get(DATA_DIR_SETTING) or PROJECT_ROOT / "var")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder.resolve() / 'dldash.sqlite3'}"


def database_url(environ: Mapping[str, str], secrets: Mapping[str, object] | None = None) -> str:
    """The store's URL: the environment first, then Streamlit's secrets, then the SQLite default.

    ``postgres://`` and ``postgresql://``, as hosting providers print them, mean psycopg 3.
    """
    url = environ.get(URL_SETTING) or (secrets or {}).get(URL_SETTING) or default_database_url(environ)
    url = str(url).strip()
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


# Tokens -----------------------------------------------------------------------------------

def new_token() -> str:
    """The secret part of a session's private link."""
    return token_urlsafe(TOKEN_BYTES)


def is_valid_token(token: object) -> bool:
    """True for the exact shape ``new_token`` makes; anything else never reaches SQL."""
    return isinstance(token, str) and TOKEN_SHAPE.fullmatch(token) is not None


# Schema -----------------------------------------------------------------------------------

metadata = MetaData()
sessions = Table(
    "dl_sessions", metadata,
    Column("token", String(64), primary_key=True),
    Column("respondent", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
answers = Table(
    "dl_answers", metadata,
    Column("token", String(64), ForeignKey("dl_sessions.token", ondelete="CASCADE"), primary_key=True),
    Column("step", String(64), primary_key=True),
    Column("item_id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),  # order within the step: the chosen gap areas' order
    Column("rating", Integer),
    Column("response", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

Key = tuple[str, str]  # (step, item_id)
Answer = tuple[int, int | None, str]  # (position, rating, response)


@dataclass(frozen=True)
class Snapshot:
    """What one save wrote: pass it as ``previous`` to the next save so only changes are written."""

    respondent: str
    role: str
    answers: dict[Key, Answer] = field(default_factory=dict)


def snapshot(responses: Responses, guide: Guide) -> Snapshot:
    """The rows that stand for ``responses`` in the store (those of the CSV, position within step)."""
    rows: dict[Key, Answer] = {}
    for step, step_rows in groupby(to_rows(responses, guide), key=itemgetter("step")):
        for position, row in enumerate(step_rows):
            rating = int(row["rating"]) if row["rating"] else None
            rows[step, row["item_id"]] = (position, rating, _storable(row["response"]))
    return Snapshot(_storable(responses.respondent), _storable(responses.role), rows)


def _storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL; an invisible NUL is dropped on every database alike."""
    return text.replace("\x00", "")


# The store --------------------------------------------------------------------------------

class StoreUnavailable(RuntimeError):
    """The database cannot be reached or refused the work; the message says so in plain words."""


class Store:
    """Answers by session token, on any SQLAlchemy URL; safe to share between threads."""

    def __init__(self, url: str):
        try:
            parsed = make_url(url)
            self.engine = _engine(parsed)
        except (sa_exc.ArgumentError, ImportError) as exc:
            raise StoreUnavailable(f"The answers store cannot be reached (the setting {URL_SETTING} "
                                   f"is not a database URL this app can use: {type(exc).__name__}).") from None
        self.writes = 0  # successful saves, for tests and benchmarks
        self._lock = threading.Lock()
        self._schema_ready = False
        dialect = self.engine.dialect.name
        self._insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
        if self._insert is None:
            raise StoreUnavailable(f"The answers store cannot be reached ({dialect} is not supported; "
                                   "use SQLite or PostgreSQL).")

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # Reading ------------------------------------------------------------------------------
    def exists(self, token: str) -> bool:
        """True when something was saved under ``token``; False for a malformed or unknown one."""
        if not is_valid_token(token):
            return False
        with self._connect() as conn:
            return conn.execute(select(sessions.c.token).where(sessions.c.token == token)).first() is not None

    def load(self, token: str, guide: Guide) -> Responses | None:
        """The answers saved under ``token``, or None for a malformed or unknown token.

        Rows that no longer fit the guide (an id renamed in ``data/``) raise CsvError, as an upload would.
        """
        if not is_valid_token(token):
            return None
        query = (
            select(sessions.c.respondent, sessions.c.role, answers.c.step, answers.c.item_id,
                   answers.c.rating, answers.c.response)
            .select_from(sessions.outerjoin(answers, answers.c.token == sessions.c.token))
            .where(sessions.c.token == token)
            .order_by(answers.c.step, answers.c.position, answers.c.item_id)
        )
        with self._connect() as conn:  # one statement: one consistent snapshot of the session
            found = conn.execute(query).all()
        if not found:
            return None
        respondent, role = found[0].respondent, found[0].role
        rows = [
            {"respondent": respondent, "role": role, "step": r.step, "item_id": r.item_id,
             "rating": "" if r.rating is None else str(r.rating), "response": r.response}
            for r in found if r.step is not None
        ]
        responses = responses_from_rows(rows)
        responses.respondent, responses.role = respondent, role  # kept even with no answer yet
        return responses

    # Writing ------------------------------------------------------------------------------
    def save(self, token: str, responses: Responses, guide: Guide, *,
             previous: Snapshot | None = None) -> Snapshot:
        """Write ``responses`` under ``token`` in one transaction; return what is now stored.

        With ``previous`` (what the last save returned, or the snapshot of what was loaded),
        only rows that differ from it are written and only rows it held are deleted, so two
        tabs editing different items of one session both keep their answers (last write wins
        per item). Without it the session becomes exactly ``responses``.
        """
        if not is_valid_token(token):
            raise ValueError("not a session token")
        now = datetime.now(UTC)
        new = snapshot(responses, guide)
        old = previous.answers if previous is not None else {}
        changed = [{"step": s, "item_id": i, "position": p, "rating": r, "response": t}
                   for (s, i), (p, r, t) in new.answers.items() if old.get((s, i)) != (p, r, t)]
        session_row = {"token": token, "respondent": new.respondent, "role": new.role,
                       "created_at": now, "updated_at": now}
        with self._connect() as conn, conn.begin():
            # The session row first: on PostgreSQL its lock queues concurrent saves of one session.
            insert = self._insert(sessions).values(session_row)
            conn.execute(insert.on_conflict_do_update(
                index_elements=[sessions.c.token],
                set_={"respondent": insert.excluded.respondent, "role": insert.excluded.role,
                      "updated_at": insert.excluded.updated_at}))
            if changed:
                upsert = self._insert(answers).values(token=bindparam("t"), updated_at=bindparam("now"))
                conn.execute(upsert.on_conflict_do_update(
                    index_elements=[answers.c.token, answers.c.step, answers.c.item_id],
                    set_={c: upsert.excluded[c] for c in ("position", "rating", "response", "updated_at")}),
                    [{**row, "t": token, "now": now} for row in changed])
            self._delete_unanswered(conn, token, new, previous)
        with self._lock:
            self.writes += 1
        return new

    @staticmethod
    def _delete_unanswered(conn: Connection, token: str, new: Snapshot, previous: Snapshot | None) -> None:
        if previous is None:
            stale = delete(answers).where(answers.c.token == token)
            if new.answers:
                stale = stale.where(tuple_(answers.c.step, answers.c.item_id).not_in(list(new.answers)))
            conn.execute(stale)
            return
        gone = [{"s": s, "i": i} for s, i in previous.answers if (s, i) not in new.answers]
        if gone:
            conn.execute(delete(answers).where(answers.c.token == token, answers.c.step == bindparam("s"),
                                               answers.c.item_id == bindparam("i")), gone)

    # Connections --------------------------------------------------------------------------
    def close(self) -> None:
        """Close the pooled connections (tests, shutdown); the store reconnects if used again."""
        self.engine.dispose()

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection whose database errors come out as StoreUnavailable."""
        try:
            self._ensure_schema()
            with self.engine.connect() as conn:
                yield conn
        except (sa_exc.DBAPIError, sa_exc.TimeoutError, OSError) as exc:
            raise self._unavailable(exc) from exc

    def _ensure_schema(self) -> None:
        """Create the tables on first use; a second process creating them at once is fine."""
        if self._schema_ready:
            return
        with self._lock:
            if self._schema_ready:
                return
            for attempt in range(3):
                try:
                    with self.engine.begin() as conn:
                        for table in metadata.sorted_tables:
                            conn.execute(CreateTable(table, if_not_exists=True))
                    break
                except (sa_exc.IntegrityError, sa_exc.ProgrammingError):
                    if attempt == 2:  # PostgreSQL: another process created a table at the same moment
                        raise
            self._schema_ready = True

    def _unavailable(self, exc: BaseException) -> StoreUnavailable:
        """A message in plain words with a short reason, never the URL's password."""
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        if self.engine.url.password:
            reason = reason.replace(str(self.engine.url.password), "***")
        if len(reason) > 200:
            reason = reason[:199] + "…"
        return StoreUnavailable(f"The answers store cannot be reached ({reason}).")


def _engine(url: URL) -> Engine:
    """One engine per store; SQLite tuned so an acknowledged save survives a crash."""
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, pool_pre_ping=True, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": 5}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    for attempt in range(50):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")  # kept in the file: only the first connection converts it
            break
        except sqlite3.OperationalError:
            # Converting a fresh file ignores busy_timeout: another connection is converting it right now.
            if attempt == 49:
                raise
            time.sleep(0.1)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# Autosave ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SaveStatus:
    """What the sidebar shows: when the answers were last saved, whether more is on its way, and why not."""

    saved_at: datetime | None
    pending: bool
    error: str | None


_SAVERS: weakref.WeakSet[Autosaver] = weakref.WeakSet()


@atexit.register
def _save_before_exit() -> None:
    """A server stopped normally (Ctrl+C, SIGTERM) first writes what is still settling."""
    for saver in list(_SAVERS):
        saver.flush(timeout=5)


class Autosaver:
    """Saves one browser session's answers in the background, the latest copy first.

    ``submit`` returns at once; a worker thread waits ``settle`` seconds, then writes the
    newest submitted copy (many quick submits cost few writes) and, while the store cannot be
    reached, keeps that copy and retries, so nothing typed during an outage is lost. The thread
    ends when nothing is pending and starts again on the next submit: no thread outlives its
    browser session.
    """

    def __init__(self, store: Store, token: str, guide: Guide, saved: Responses | None = None,
                 settle: float = SETTLE_SECONDS):
        """``saved``: the answers just loaded under ``token``, so the first save writes only changes."""
        if not is_valid_token(token):
            raise ValueError("not a session token")
        self.store, self.token, self.guide, self.settle = store, token, guide, settle
        self._changed = threading.Condition()
        self._waiting = 0  # callers in flush(): the worker skips the settling wait for them
        _SAVERS.add(self)
        self._latest: Responses | None = None
        self._submitted = self._saved = 0  # submit count, and the count the store holds
        self._previous = snapshot(saved, guide) if saved is not None else None
        self._saved_at: datetime | None = None
        self._error: str | None = None
        self._worker: threading.Thread | None = None

    def submit(self, responses: Responses) -> None:
        """Queue a copy of ``responses`` for saving; later edits to the original do not leak in."""
        latest = copy.deepcopy(responses)
        with self._changed:
            self._latest = latest
            self._submitted += 1
            self._changed.notify_all()
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="dldash-autosave", daemon=True)
                self._worker.start()

    def status(self) -> SaveStatus:
        with self._changed:
            return SaveStatus(self._saved_at, self._saved < self._submitted, self._error)

    def flush(self, timeout: float | None = None) -> bool:
        """Save now and wait until everything submitted is saved; False if ``timeout`` seconds pass first."""
        with self._changed:
            self._waiting += 1
            self._changed.notify_all()
            try:
                return self._changed.wait_for(lambda: self._saved == self._submitted, timeout)
            finally:
                self._waiting -= 1

    def _run(self) -> None:
        failures = 0
        while True:
            with self._changed:
                if self._saved == self._submitted:
                    self._worker = None  # a submit from now on starts a new worker
                    return
                self._changed.wait_for(lambda: self._waiting > 0, self.settle)
                responses, number, previous = self._latest, self._submitted, self._previous
            assert responses is not None
            try:
                stored = self.store.save(self.token, responses, self.guide, previous=previous)
            except Exception as exc:  # any failure: keep the copy and try again
                failures += 1
                with self._changed:
                    self._error = str(exc) if isinstance(exc, StoreUnavailable) else f"Saving failed ({exc})."
                time.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS)) - 1])
                continue
            failures = 0
            with self._changed:
                self._previous, self._saved = stored, number
                self._saved_at, self._error = datetime.now(UTC), None
                self._changed.notify_all()
