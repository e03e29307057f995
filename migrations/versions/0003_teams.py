"""Team sessions: dl_teams (name, public join code, secret facilitator link, state, change counter)
and dl_participants (each participant's secret link, in the team, numbered as they joined).

Revision ID: 0003_teams
Revises: 0002_session_generation
Create Date: 2026-11-30

A participant's answers are an ordinary session: dl_sessions and dl_answers under the
participant's token, saved and merged like anyone's. ``version`` goes up with every save of a
participant, so a facilitator's view on any server knows, with one query, whether the team's
picture changed since it last computed it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_teams"
down_revision: str | Sequence[str] | None = "0002_session_generation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dl_teams",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("join_code", sa.String(16), nullable=False, unique=True),
        sa.Column("facilitator_token", sa.String(64), nullable=False, unique=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="open"),
        sa.Column("show_single_roles", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("participants", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "dl_participants",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("team_id", sa.String(64), sa.ForeignKey("dl_teams.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dl_participants")
    op.drop_table("dl_teams")
