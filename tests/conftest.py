"""Shared helpers for the AppTest tests: open a page, rate statements, read what is shown."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from dlcore import Responses, load_guide
from dlcore.store import metadata

ROOT = Path(__file__).resolve().parent.parent

# The app autosaves to an SQLite file; keep the tests' sessions out of the project's var/ folder.
os.environ.setdefault("DLDASH_DATA_DIR", tempfile.mkdtemp(prefix="dldash-tests-"))


@pytest.fixture(scope="session")
def guide():
    return load_guide()


def open_page(path: str) -> AppTest:
    """A page run on its own, as a user would land on it (no navigation around it)."""
    return AppTest.from_file(str(ROOT / path), default_timeout=30).run()


def open_app(page: str | None = None) -> AppTest:
    """The whole app through app.py, optionally switched to ``page``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    if page:
        at.switch_page(page).run()
    return at


def open_tab(at: AppTest, title: str) -> AppTest:
    """Choose Step 2's tab whose label starts with ``title`` (a click on it in the browser) and rerun."""
    label = next(t.label for t in at.tabs if t.label.startswith(title))
    at.session_state["dldash.approaches.tab"] = label
    return at.run()


def rate(at: AppTest, ratings: dict[str, int | None]) -> AppTest:
    """Move the sliders of ``ratings`` (None: back to not yet rated) and rerun."""
    for item_id, value in ratings.items():
        at.select_slider(key=f"dldash.rate.{item_id}").set_value(0 if value is None else value)
    return at.run()


def answers(at: AppTest) -> Responses:
    return at.session_state["dldash.responses"]


def shown_text(at: AppTest) -> str:
    """Everything the page says in Markdown, alerts, captions, headings, rating labels and metrics, as one string."""
    parts = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "title", "header", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [s.label for s in at.select_slider]  # a rating's statement is its slider's label
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(parts).replace("\\", "")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test server's URL, with the store's tables dropped once so this run creates them."""
    url = os.environ.get("DLDASH_TEST_POSTGRES_URL")
    if not url:
        reason = 'no PostgreSQL: run `eval "$(bash scripts/start_postgres.sh)"` first'
        if os.environ.get("DLDASH_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"DLDASH_REQUIRE_POSTGRES=1 but {reason}")
        print(f"skipping PostgreSQL store tests: {reason}")
        pytest.skip(reason)
    drop_tables(url)
    return url


def drop_tables(url: str) -> None:
    """The store's tables and Alembic's version table, so the next store builds them from the migrations."""
    engine = create_engine(url)
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def teams(request, tmp_path):
    """Team sessions on a fresh SQLite file, and on the test PostgreSQL server."""
    from dlcore import Store
    from dlcore.teams import Teams

    url = (f"sqlite:///{tmp_path / 'dldash.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    store = Store(url)
    yield Teams(store)
    store.close()
