"""Alembic's entry point for this project's migrations, run by ``dlcore.migrate`` or the ``alembic`` command.

The app passes a live connection (already inside the transaction that holds the upgrade lock)
through ``config.attributes["connection"]``; the ``alembic`` command line has none, so a
connection is made from the URL in ``sqlalchemy.url`` or, when that is empty, from
``DLDASH_DATABASE_URL`` read the way the app reads it.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import Connection

config = context.config


def run(connection: Connection, target_metadata=None) -> None:
    """The migrations on ``connection``; SQLite alters tables by copy-and-move (batch mode)."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():  # joins the caller's transaction when there is one
        context.run_migrations()


def configured_url() -> str:
    """``sqlalchemy.url`` if set, else the app's own setting (environment, then the SQLite default)."""
    from dlcore.store import database_url  # the project root is on sys.path (see alembic.ini)

    return config.get_main_option("sqlalchemy.url") or database_url(os.environ)


def run_from_url() -> None:
    """The command line: a fresh connection to the configured database."""
    from dlcore.store import metadata

    engine = create_engine(configured_url(), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            run(connection, target_metadata=metadata)  # metadata: for `alembic revision --autogenerate`
    finally:
        engine.dispose()


if (given := config.attributes.get("connection")) is not None:
    run(given)
else:
    if config.config_file_name is not None and config.file_config.has_section("loggers"):
        fileConfig(config.config_file_name)
    if context.is_offline_mode():  # `alembic upgrade head --sql`: print the SQL instead of running it
        context.configure(url=configured_url(), literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        run_from_url()
