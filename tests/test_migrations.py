"""Schema migrations: a database made before migrations upgrades in place with every answer kept,
an empty one is created at the head revision, and upgrading is quick, repeatable and safe when
several servers start at once; on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    make_url,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.schema import CreateTable

from dlcore import migrate
from dlcore.store import metadata

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ["sqlite", "postgresql"]
MIGRATIONS_DATABASE = "dldash_migrations"  # this file's own database on the test server
TOKEN = "t" * 43
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)

# The tables exactly as the app created them before migrations (dlcore/store.py at 373f9db), with the
# app's CreateTable(..., if_not_exists=True) calls: a copy, since store.py's own definitions move on.
legacy_metadata = MetaData()
legacy_sessions = Table(
    "dl_sessions", legacy_metadata,
    Column("token", String(64), primary_key=True),
    Column("respondent", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
legacy_answers = Table(
    "dl_answers", legacy_metadata,
    Column("token", String(64), ForeignKey("dl_sessions.token", ondelete="CASCADE"), primary_key=True),
    Column("step", String(64), primary_key=True),
    Column("item_id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("rating", Integer),
    Column("response", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def create_as_before_migrations(engine: Engine) -> None:
    """What Store._ensure_schema did before migrations."""
    with engine.begin() as conn:
        for table in legacy_metadata.sorted_tables:
            conn.execute(CreateTable(table, if_not_exists=True))


def save_a_session(engine: Engine) -> None:
    """One session with a rating, an unrated text answer and a second rated answer."""
    with engine.begin() as conn:
        conn.execute(insert(legacy_sessions).values(token=TOKEN, respondent="Ana María, \"AM\"", role="=Principal",
                                                    created_at=WHEN, updated_at=WHEN))
        conn.execute(insert(legacy_answers), [
            {"token": TOKEN, "step": "cultural_readiness", "item_id": "CR1", "position": 0, "rating": 3,
             "response": "", "updated_at": WHEN},
            {"token": TOKEN, "step": "key_questions", "item_id": "EV-training", "position": 0, "rating": None,
             "response": "Line one\nZoë — “quotes” ✓", "updated_at": WHEN},
            {"token": TOKEN, "step": "implementation_readiness", "item_id": "IR2", "position": 1, "rating": 1,
             "response": "Because.", "updated_at": WHEN},
        ])


def all_rows(engine: Engine) -> dict[str, list[dict[str, object]]]:
    """Every row of both tables, the columns of before migrations only, in a fixed order."""
    with engine.connect() as conn:
        return {table.name: [dict(row._mapping) for row in conn.execute(
                    select(*table.columns).order_by(*table.primary_key.columns))]
                for table in legacy_metadata.sorted_tables}


def generations(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT generation FROM dl_sessions")).scalars())


def version_rows(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def shape(engine: Engine) -> dict[str, object]:
    """Every table's columns (type as this database spells it, nullability, default), keys and indexes."""
    found = inspect(engine)
    dialect = engine.dialect
    return {
        table: {
            "columns": {c["name"]: (c["type"].compile(dialect=dialect), c["nullable"], c["default"])
                        for c in found.get_columns(table)},
            "primary_key": found.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": [(fk["constrained_columns"], fk["referred_table"], fk["referred_columns"],
                              fk["options"].get("ondelete")) for fk in found.get_foreign_keys(table)],
            "indexes": sorted((i["name"], tuple(i["column_names"])) for i in found.get_indexes(table)),
        }
        for table in sorted(found.get_table_names())
    }


def statements_sent(engine: Engine) -> list[str]:
    """A list that fills with every statement ``engine`` sends from now on."""
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda conn, cursor, statement, *args: sent.append(statement))
    return sent


# Fixtures ------------------------------------------------------------------------------------

def app_like_engine(url: str) -> Engine:
    """An engine set up as the app's store sets up its own: on SQLite, foreign keys on and a busy timeout."""
    engine = create_engine(url, connect_args={"check_same_thread": False} if url.startswith("sqlite") else {})
    if url.startswith("sqlite"):
        def pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
        event.listen(engine, "connect", pragmas)
    return engine


@pytest.fixture(scope="session")
def migrations_postgres_url() -> str:
    """This file's own PostgreSQL database, beside the one other test runs use (same server, same user)."""
    url = os.environ.get("DLDASH_TEST_POSTGRES_URL")
    reason = 'no PostgreSQL: run `eval "$(bash scripts/start_postgres.sh)"` first'
    if url:
        url = make_url(url).set(database=MIGRATIONS_DATABASE).render_as_string(hide_password=False)
        probe = create_engine(url)
        try:
            probe.connect().close()
            reason = ""
        except Exception as exc:
            reason = (f"cannot open the database {MIGRATIONS_DATABASE} ({type(exc).__name__}); create it with "
                      f"`su postgres -s /bin/sh -c \"psql -h 127.0.0.1 -p 54329 -U postgres "
                      f"-c 'CREATE DATABASE {MIGRATIONS_DATABASE} OWNER dldash'\"`")
        finally:
            probe.dispose()
    if reason:
        if os.environ.get("DLDASH_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"DLDASH_REQUIRE_POSTGRES=1 but {reason}")
        print(f"skipping PostgreSQL migration tests: {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path) -> str:
    """An empty database: a new SQLite file, or this file's PostgreSQL database with every table dropped."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dldash.sqlite3'}"
    url = request.getfixturevalue("migrations_postgres_url")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS dl_votes, dl_round_statements, dl_participants, dl_teams, "
                          "dl_answers, dl_sessions, alembic_version CASCADE"))
    engine.dispose()
    return url


@pytest.fixture
def engine(url) -> Iterator[Engine]:
    e = app_like_engine(url)
    yield e
    e.dispose()


# A database made before migrations ---------------------------------------------------------------

def test_a_database_made_before_migrations_upgrades_with_every_answer_kept(engine):
    """The tables, rows and answers of before migrations stay as they were; the session is at generation 0."""
    create_as_before_migrations(engine)
    save_a_session(engine)
    before = all_rows(engine)
    migrate.upgrade(engine)
    assert before == all_rows(engine)
    assert 3 == len(before["dl_answers"])
    assert [0] == generations(engine)
    assert [migrate.HEAD] == version_rows(engine)


def test_an_upgraded_database_is_the_same_as_one_created_by_the_migrations(engine, tmp_path, request):
    """Stamping the old tables at 0001 is right only if 0001 makes exactly those tables."""
    create_as_before_migrations(engine)
    migrate.upgrade(engine)
    if engine.dialect.name == "sqlite":
        fresh = app_like_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        migrate.upgrade(fresh)
        assert shape(fresh) == shape(engine)
        fresh.dispose()
    else:
        upgraded = shape(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE dl_votes, dl_round_statements, dl_participants, dl_teams, dl_answers, "
                              "dl_sessions, alembic_version"))
        migrate.upgrade(engine)
        assert upgraded == shape(engine)


def test_a_database_left_with_only_the_sessions_table_is_completed(engine):
    """Before migrations, SQLite committed each CREATE TABLE alone; a stop between the two is mended."""
    with engine.begin() as conn:
        conn.execute(CreateTable(legacy_sessions, if_not_exists=True))
    migrate.upgrade(engine)
    assert {"alembic_version", *metadata.tables} == set(inspect(engine).get_table_names())
    assert [migrate.HEAD] == version_rows(engine)


def test_a_new_session_gets_generation_0_without_naming_it(engine):
    """Code that does not know the column yet (a server not restarted) can still create sessions."""
    migrate.upgrade(engine)
    save_a_session(engine)
    assert [0] == generations(engine)


# An empty database --------------------------------------------------------------------------------

def test_an_empty_database_is_created_with_the_stores_tables_and_columns(engine):
    """The migrations and dlcore.store's ``metadata`` agree on every table and column: name, type, nullability."""
    migrate.upgrade(engine)
    found = shape(engine)
    assert {"alembic_version", *metadata.tables} == set(found)
    for table in metadata.sorted_tables:
        expected = {c.name: (c.type.compile(dialect=engine.dialect), c.nullable) for c in table.columns}
        columns = found[table.name]["columns"]
        assert expected == {name: (kind, nullable) for name, (kind, nullable, _) in columns.items()}
        assert [c.name for c in table.primary_key.columns] == found[table.name]["primary_key"]
    assert [migrate.HEAD] == version_rows(engine)


def test_head_is_the_newest_revision_in_migrations():
    """``HEAD`` is read from the scripts, so a new revision needs no second edit."""
    scripts = ScriptDirectory(str(ROOT / "migrations"))
    assert scripts.get_current_head() == migrate.HEAD
    assert [migrate.BASELINE] == list(scripts.get_bases())


# Repeated and concurrent upgrades ------------------------------------------------------------------

def test_upgrading_a_database_at_head_changes_nothing_and_costs_one_query(engine):
    """Every server start runs the upgrade; at head it is one SELECT and the rows stay as they are."""
    migrate.upgrade(engine)
    save_a_session(engine)
    before, sent = all_rows(engine), statements_sent(engine)
    migrate.upgrade(engine)
    assert ["SELECT version_num FROM alembic_version"] == sent
    assert before == all_rows(engine)
    assert [migrate.HEAD] == version_rows(engine)


def test_a_database_from_a_newer_app_is_refused_with_a_plain_message(engine):
    """An older server started against a database a newer one migrated says so instead of guessing."""
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    with pytest.raises(migrate.SchemaNewerThanApp, match="0099_from_the_future"):
        migrate.upgrade(engine)
    assert ["0099_from_the_future"] == version_rows(engine)


def test_sqlite_foreign_keys_are_back_on_after_an_upgrade(tmp_path):
    """The upgrade turns them off for its own transaction only; the connection goes back to the pool as it came."""
    engine = app_like_engine(f"sqlite:///{tmp_path / 'dldash.sqlite3'}")
    create_as_before_migrations(engine)
    with engine.connect() as conn:  # the pool's one connection, reused by the upgrade
        assert 1 == conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert 1 == conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    engine.dispose()


UPGRADER = textwrap.dedent("""
    import sys
    from sqlalchemy import create_engine, text
    from dlcore import migrate

    engine = create_engine(sys.argv[1])
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))  # connected and imported: only the upgrade is left
    print("ready", flush=True)
    sys.stdin.readline()
    migrate.upgrade(engine)
    print("done", flush=True)
""")


@pytest.mark.parametrize("servers", [3])
def test_servers_starting_at_once_all_upgrade_and_leave_one_set_of_tables(url, servers):
    """Several processes upgrading one database at the same moment all succeed; the tables exist once, at head."""
    engine = create_engine(url)
    create_as_before_migrations(engine)  # the stamp-then-alter path: the most there is to race on
    save_a_session(engine)
    before = all_rows(engine)
    processes = [subprocess.Popen([sys.executable, "-c", UPGRADER, url], cwd=ROOT, text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(servers)]
    try:
        for p in processes:
            assert "ready\n" == p.stdout.readline(), p.stderr.read()
        for p in processes:  # all released together
            p.stdin.write("go\n")
            p.stdin.flush()
        results = [p.communicate(timeout=60) for p in processes]
    finally:
        for p in processes:
            p.kill()
    assert [("done\n", 0)] * servers == [(out, p.returncode) for (out, _), p in zip(results, processes, strict=True)], \
        [err for _, err in results]
    assert [migrate.HEAD] == version_rows(engine)
    assert before == all_rows(engine)
    assert [0] == generations(engine)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            counts = conn.execute(text(
                "SELECT table_name, count(*) FROM information_schema.tables WHERE table_name IN "
                "('dl_sessions', 'dl_answers', 'alembic_version') GROUP BY table_name")).all()
        assert {("alembic_version", 1), ("dl_answers", 1), ("dl_sessions", 1)} == set(counts)
    engine.dispose()


# A database with team sessions (0003) -------------------------------------------------------------

def test_a_database_with_teams_upgrades_with_its_teams_shown_and_nobody_removed(engine):
    """0004-0007 add the meeting's columns to teams that exist: their results stay shown (they were shown
    before), their participants stay in, they are in round 1, their picture is not shared with participants,
    and every row is kept."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "0003_teams")
        conn.execute(text("INSERT INTO dl_teams (id, name, join_code, facilitator_token, state, show_single_roles,"
                          " version, participants, created_at) VALUES ('team', 'Lincoln', 'ABC123', 'fac', 'open',"
                          " false, 4, 2, :w)"), {"w": WHEN})
        conn.execute(text("INSERT INTO dl_participants (token, team_id, number, joined_at) VALUES "
                          "('p1', 'team', 1, :w), ('p2', 'team', 2, :w)"), {"w": WHEN})
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert [("Lincoln", "open", 4, 2, False, 1, False)] == [tuple(r) for r in conn.execute(text(
            "SELECT name, state, version, participants, results_hidden, round, picture_shared FROM dl_teams"))]
        assert [("p1", 1, None), ("p2", 2, None)] == [tuple(r) for r in conn.execute(text(
            "SELECT token, number, removed_at FROM dl_participants ORDER BY number"))]
    assert [migrate.HEAD] == version_rows(engine)
