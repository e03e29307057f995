"""Where answers live between visits: autosave and resume on SQLite by default, PostgreSQL when configured.

An hour of typed reflection must survive a refresh, a closed tab and a server restart,
so every change is saved server-side, keyed by an unguessable token that forms the
session's private link. One code path serves every SQLAlchemy URL; the rows stored are
the rows of the responses CSV (``csv_io.to_rows``) and are read back through the same
validation as an upload (``csv_io.responses_from_rows``), so the two can never disagree.

Saving happens on a background thread (``dlcore.autosave.Autosaver``); this module only
reads and writes. An SQLite file removed or replaced under a running server is noticed
(``verify``) and opened anew, so saving never goes on into a file nobody can read.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from secrets import token_urlsafe

from sqlalchemy import (
    Boolean,
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
    false,
    select,
    text,
    tuple_,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Engine, make_url

from dlcore import migrate
from dlcore.content import Guide
from dlcore.responses import Responses
from dlcore.snapshot import Snapshot, snapshot, to_responses

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
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # a folder that cannot be made now says so at the first save, and saving resumes once it can
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
    # How many times the answers were replaced as a whole (a CSV loaded): a tab holding an older
    # generation learns that its answers were replaced instead of writing them back.
    Column("generation", Integer, nullable=False, server_default="0"),
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

# Team sessions (dlcore.teams): a participant's answers are a session like any other, under their token.
teams = Table(
    "dl_teams", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("join_code", String(16), nullable=False, unique=True),
    Column("facilitator_token", String(64), nullable=False, unique=True),
    Column("state", String(16), nullable=False, server_default="open"),
    Column("show_single_roles", Boolean, nullable=False, server_default=false()),
    Column("version", Integer, nullable=False, server_default="0"),  # bumped by every participant's save
    Column("participants", Integer, nullable=False, server_default="0"),  # how many joined: the next number
    Column("created_at", DateTime(timezone=True), nullable=False),
    # While people vote, the team's picture is shown to no one (dlcore.teams): new teams start hidden.
    Column("results_hidden", Boolean, nullable=False, server_default="0"),
    # The session holding the team's plan (consensus ratings, key questions, Step 4): the facilitator link
    # opens it; no link carries it. Empty for a team made before 0005 until its facilitator link is opened.
    Column("plan_token", String(64)),
    Column("round", Integer, nullable=False, server_default="1"),  # the vote's round: 2 once voting again
    # The facilitator lets participants see the team's picture (its aggregate only) while it is revealed.
    Column("picture_shared", Boolean, nullable=False, server_default="0"),
)
# Voting again (dlcore.teams.Teams.open_round): the statements of each later round, and the votes as they
# stood when the next round opened. A participant's current rating is their vote in the current round.
round_statements = Table(
    "dl_round_statements", metadata,
    Column("team_id", String(64), ForeignKey("dl_teams.id", ondelete="CASCADE"), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("item_id", String(64), primary_key=True),
)
votes = Table(
    "dl_votes", metadata,
    Column("team_id", String(64), ForeignKey("dl_teams.id", ondelete="CASCADE"), primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("token", String(64), primary_key=True),
    Column("item_id", String(64), primary_key=True),
    Column("rating", Integer, nullable=False),
)
participants = Table(
    "dl_participants", metadata,
    Column("token", String(64), primary_key=True),
    Column("team_id", String(64), ForeignKey("dl_teams.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=False),  # "participant 3": in the order they joined
    Column("joined_at", DateTime(timezone=True), nullable=False),
    Column("removed_at", DateTime(timezone=True)),  # removed by the facilitator: out of the team's picture
)


_TEAM_CHANGED = text("UPDATE dl_teams SET version = version + 1 "
                     "WHERE id = (SELECT team_id FROM dl_participants WHERE token = :t)")


# A save's generation, and for a team participant their team's state and whether they were removed.
_GENERATION_AND_TEAM = (select(sessions.c.generation, teams.c.state, participants.c.removed_at)
                        .select_from(sessions
                                     .outerjoin(participants, participants.c.token == sessions.c.token)
                                     .outerjoin(teams, teams.c.id == participants.c.team_id))
                        .where(sessions.c.token == bindparam("t")))


def _upserts(insert):
    """The insert-or-update statements of a save, built once per store (a save is the most frequent thing a
    server does): the session row's, updating the time and each subset of the name and the role (each its
    own answer: a tab that never touched one keeps it), and the answer rows', keyed by session, step and item."""
    session = insert(sessions)
    session_upserts = {
        names: session.on_conflict_do_update(
            index_elements=[sessions.c.token],
            set_={"updated_at": session.excluded.updated_at, **{n: session.excluded[n] for n in names}})
        for names in ((), ("respondent",), ("role",), ("respondent", "role"))
    }
    answer = insert(answers)
    answers_upsert = answer.on_conflict_do_update(
        index_elements=[answers.c.token, answers.c.step, answers.c.item_id],
        set_={c: answer.excluded[c] for c in ("position", "rating", "response", "updated_at")})
    return session_upserts, answers_upsert


# The store --------------------------------------------------------------------------------

class StoreUnavailable(RuntimeError):
    """The database cannot be reached or refused the work; the message says so in plain words."""


class Replaced(RuntimeError):
    """The session's answers were replaced as a whole since this writer last read them (a CSV loaded in
    another tab): writing its older view back would undo that, so it must read them again first."""

    def __init__(self, generation: int):
        super().__init__(f"the answers were replaced (now generation {generation})")
        self.generation = generation


class Refused(RuntimeError):
    """A team participant's change after the facilitator closed the session or took them out of it: nothing
    is written. The message says why, in plain words; the change is kept by its page (dlcore.autosave)."""


_CLOSED = ("The facilitator closed this team session, so the change is not saved. It stays on this page "
           "and is saved if the session is reopened.")
_REMOVED = ("The facilitator took you out of this team session, so the change is not saved. It stays on this "
            "page and is saved if they take you back in.")


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
        # Bumped whenever the SQLite file was found removed or replaced: what writers knew was stored is gone.
        self.epoch = 0
        self._lock = threading.Lock()
        self._schema_ready = False
        dialect = self.engine.dialect.name
        self._insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
        if self._insert is None:
            raise StoreUnavailable(f"The answers store cannot be reached ({dialect} is not supported; "
                                   "use SQLite or PostgreSQL).")
        self._session_upserts, self._answers_upsert = _upserts(self._insert)
        database = parsed.database if dialect == "sqlite" else None
        self._file = Path(database) if database and database != ":memory:" and "mode=memory" not in database else None
        self._file_id: tuple[int, int] | None = None  # (device, inode) of the file the connections write to

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
        found = self.load_snapshot(token)
        return None if found is None else to_responses(found[0])

    def load_snapshot(self, token: str) -> tuple[Snapshot, int] | None:
        """What is stored under ``token`` and its generation, or None for a malformed or unknown token."""
        if not is_valid_token(token):
            return None
        query = (
            select(sessions.c.respondent, sessions.c.role, sessions.c.generation, answers.c.step,
                   answers.c.item_id, answers.c.position, answers.c.rating, answers.c.response)
            .select_from(sessions.outerjoin(answers, answers.c.token == sessions.c.token))
            .where(sessions.c.token == token)
        )
        with self._connect() as conn:  # one statement: one consistent snapshot of the session
            found = conn.execute(query).all()
        if not found:
            return None
        first = found[0]
        rows = {(r.step, r.item_id): (r.position, r.rating, r.response) for r in found if r.step is not None}
        return Snapshot(first.respondent, first.role, rows), first.generation

    # Writing ------------------------------------------------------------------------------
    def save(self, token: str, responses: Responses, guide: Guide, *,
             previous: Snapshot | None = None) -> Snapshot:
        """Write ``responses`` under ``token`` in one transaction; return what is now stored.

        With ``previous`` (what the last save returned, or the snapshot of what was loaded),
        only rows that differ from it are written and only rows it held are deleted, so two
        tabs editing different items of one session both keep their answers (last write wins
        per item). Without it the session becomes exactly ``responses``.
        """
        new = snapshot(responses, guide)
        self.write(token, new, previous=previous)
        return new

    def write(self, token: str, new: Snapshot, *, previous: Snapshot | None = None,
              generation: int | None = None, replace: bool = False, epoch: int | None = None) -> int:
        """Write ``new`` under ``token`` in one transaction; return the session's generation now.

        ``previous``: what the writer believes is stored; only what differs from it is written
        (rows, and the name and the role each on its own), and only rows it held are deleted.
        ``generation``: the generation the writer read; if the answers were replaced since, raise
        Replaced and write nothing. ``replace``: the session becomes exactly ``new`` (``previous``
        is ignored) and its generation goes up by one. ``epoch``: the store's epoch when the writer
        read ``previous``; if the database file was found replaced since, nothing is written.
        """
        if not is_valid_token(token):
            raise ValueError("not a session token")
        if replace:
            previous = None
        now = datetime.now(UTC)
        old = previous.answers if previous is not None else {}
        changed = [{"step": s, "item_id": i, "position": p, "rating": r, "response": t}
                   for (s, i), (p, r, t) in new.answers.items() if old.get((s, i)) != (p, r, t)]
        session_row = {"token": token, "respondent": new.respondent, "role": new.role,
                       "created_at": now, "updated_at": now, "generation": generation or 0}
        with self._connect() as conn, conn.begin():
            if epoch is not None and epoch != self.epoch:
                raise StoreUnavailable("The answers store cannot be reached (its file was removed or replaced; "
                                       "saving again into a new file).")
            # The session row first: on PostgreSQL its lock queues concurrent saves of one session.
            # The name and the role are each their own answer: a tab that never touched one keeps it.
            names = tuple(n for n in ("respondent", "role")
                          if previous is None or getattr(new, n) != getattr(previous, n))
            conn.execute(self._session_upserts[names], session_row)
            # The same query reads whether the token is a team participant's that may no longer change
            # anything: raising rolls the whole transaction back (the session row's upsert too).
            stored, state, removed = conn.execute(_GENERATION_AND_TEAM, {"t": token}).one()
            if state is not None and state != "open":
                raise Refused(_CLOSED)
            if removed is not None:
                raise Refused(_REMOVED)
            if replace:
                stored += 1
                conn.execute(sessions.update().where(sessions.c.token == token).values(generation=stored))
            elif generation is not None and stored != generation:
                raise Replaced(stored)
            if changed:
                conn.execute(self._answers_upsert, [{**row, "token": token, "updated_at": now} for row in changed])
            self._delete_unanswered(conn, token, new, previous)
            # A team participant's save changes the team's picture: one number tells every facilitator's
            # view, on any server, to recompute (dlcore.teams). Last in the transaction, so the team's
            # row is locked for as short a time as possible; no row changes for anyone else's session.
            conn.execute(_TEAM_CHANGED, {"t": token})
        if not self.verify():  # the file went away while this was written: it is not saved
            raise StoreUnavailable("The answers store cannot be reached (its file was removed or replaced "
                                   "while saving; saving again into a new file).")
        with self._lock:
            self.writes += 1
        return stored

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
    def verify(self) -> bool:
        """False (and the next use opens the database anew) when the SQLite file this store wrote to was
        removed or replaced; a writer then no longer knows what is stored (see ``epoch``). A stat, so cheap."""
        if self._file is None or self._file_id is None:
            return True
        now = _file_id(self._file)
        if now == self._file_id:
            return True
        with self._lock:
            if self._file_id is None:
                return False  # another thread noticed first
            self._file_id, self._schema_ready = None, False
            self.epoch += 1
            self.engine.dispose()  # pooled connections still point at the old file
            if now is None:  # removed: its write-ahead log must not be read into the new file
                for suffix in ("-wal", "-shm"):
                    Path(f"{self._file}{suffix}").unlink(missing_ok=True)
        return False

    def close(self) -> None:
        """Close the pooled connections (tests, shutdown); the store reconnects if used again."""
        self.engine.dispose()

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection whose database errors come out as StoreUnavailable."""
        try:
            self.verify()
            self._ensure_schema()
            with self.engine.connect() as conn:
                yield conn
        except (sa_exc.DBAPIError, sa_exc.TimeoutError, OSError) as exc:
            raise self._unavailable(exc) from exc

    def _ensure_schema(self) -> None:
        """Bring the tables to this version on first use (Alembic, in place); other servers may do it at once."""
        if self._schema_ready:
            return
        with self._lock:
            if self._schema_ready:
                return
            try:
                migrate.upgrade(self.engine)
            except migrate.SchemaNewerThanApp:
                raise StoreUnavailable("The answers store cannot be reached (its tables were changed by a newer "
                                       "version of this app; run that version).") from None
            if self._file is not None:
                self._file_id = _file_id(self._file)
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


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


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


