"""Schema migrations: bring the answers database up to this version of the app, keeping every row.

The tables change as the app grows (``dl_sessions.generation`` is the first change), and a
database made by an earlier version holds people's answers, so it is altered in place by the
Alembic revisions in ``migrations/``, never dropped and re-created. ``upgrade`` runs at every
server start: a database already at ``HEAD`` costs one query. Several app servers may start at
once on one PostgreSQL database, so the whole upgrade runs in one transaction behind a lock
(an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite); whoever comes second finds the
work done. A database from before migrations (both tables, no ``alembic_version``) is first
stamped at ``0001_initial``, whose tables it already has.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import exc as sa_exc
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
BASELINE = "0001_initial"  # the tables every database made before migrations already has
LEGACY_TABLES = frozenset({"dl_sessions", "dl_answers"})
VERSION_TABLE = "alembic_version"
# pg_advisory_xact_lock's key: a fixed number of this app's own (the bytes of "dldash-m" as an int64).
ADVISORY_LOCK_KEY = int.from_bytes(b"dldash-m", "big", signed=True)
# Alembic's `op` and `context` are module-wide: one migration run at a time in this process.
_RUNNING = threading.Lock()


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


HEAD: str = ScriptDirectory.from_config(_config()).get_current_head() or ""
"""The newest revision; a database whose ``alembic_version`` holds it needs nothing."""


class SchemaNewerThanApp(RuntimeError):
    """The database was migrated by a newer version of the app than this one."""


def upgrade(engine: Engine) -> None:
    """Bring the database behind ``engine`` to ``HEAD``: create it when empty, alter it when older.

    Any SQLAlchemy engine on SQLite or PostgreSQL will do (the app passes its store's); it needs
    permission to create and alter tables the first time. Database errors come out as
    SQLAlchemy's own (``sqlalchemy.exc.DBAPIError``); nothing is changed when one happens.
    """
    if _current_revision(engine) == HEAD:
        return
    with _RUNNING, engine.connect() as conn, _exclusive(conn):
        found = _locked_revision(conn)
        if found == HEAD:
            return  # another process upgraded it while we waited for the lock
        if found is not None and found not in _known_revisions():
            raise SchemaNewerThanApp(f"The answers database is at schema revision {found!r}, which this "
                                     f"version of the app does not know (its newest is {HEAD!r}): "
                                     "update the app.")
        if found is None and LEGACY_TABLES <= set(inspect(conn).get_table_names()):
            command.stamp(_config(conn), BASELINE)
        command.upgrade(_config(conn), "head")


def _current_revision(engine: Engine) -> str | None:
    """The one query of the fast path; None when there is no version table (yet)."""
    with engine.connect() as conn:
        try:
            return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        except (sa_exc.ProgrammingError, sa_exc.OperationalError):
            return None  # no such table (or the database is away: the locked path raises it)


def _locked_revision(conn: Connection) -> str | None:
    """The revision as seen inside the lock, checking for the table first (an error would end the transaction)."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def _known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


@contextmanager
def _exclusive(conn: Connection) -> Iterator[None]:
    """One transaction that no other upgrade runs beside; committed when the block ends, rolled back on error."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        with conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            yield
    elif dialect == "sqlite":
        with _sqlite_foreign_keys_off(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now: a second upgrader waits here
            try:
                yield
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if problems:
                    raise RuntimeError(f"A migration left rows whose session is gone: {problems[:5]}")
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
    else:
        raise RuntimeError(f"Migrations run on SQLite and PostgreSQL, not {dialect}.")


@contextmanager
def _sqlite_foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite's own recipe for altering tables: with foreign keys on, copying dl_sessions (batch mode)
    would drop it and so delete every answer by ON DELETE CASCADE. The pragma only works outside a
    transaction; it is put back as it was afterwards."""
    was_on = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    conn.commit()  # ends SQLAlchemy's own (empty) transaction, so BEGIN IMMEDIATE can start a real one
    try:
        yield
    finally:
        if was_on:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
