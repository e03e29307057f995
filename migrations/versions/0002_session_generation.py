"""dl_sessions.generation: how many times the session's answers were replaced as a whole.

Revision ID: 0002_session_generation
Revises: 0001_initial
Create Date: 2026-11-20

Loading a CSV replaces every answer at once and adds one to the generation; a tab still holding
an older generation must not write its old answers back. Existing sessions start at 0.

The default is the string "0", not ``sa.text("0")``: on SQLite, Alembic's batch mode adds a column
with a plain default by ALTER TABLE but copies the whole table for an SQL-expression default.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_session_generation"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dl_sessions") as batch:
        batch.add_column(sa.Column("generation", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("dl_sessions") as batch:
        batch.drop_column("generation")
