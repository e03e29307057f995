"""The two tables as the app created them before migrations: dl_sessions and dl_answers.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-20

Exactly the tables of dlcore.store's ``metadata`` at that time (same columns, types, keys and
default constraint names). A database those versions made already has them: dlcore.migrate
stamps it at this revision instead of running it. ``if_not_exists`` covers a database whose
creation stopped between the two tables (on SQLite each CREATE TABLE committed on its own).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dl_sessions",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("respondent", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "dl_answers",
        sa.Column("token", sa.String(64), sa.ForeignKey("dl_sessions.token", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("step", sa.String(64), primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("rating", sa.Integer),
        sa.Column("response", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_table("dl_answers")
    op.drop_table("dl_sessions")
