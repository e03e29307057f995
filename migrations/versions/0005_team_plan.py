"""The team's plan: a session of answers of its own, written by whoever holds the facilitator link.

Revision ID: 0005_team_plan
Revises: 0004_team_meeting
Create Date: 2026-11-30

``dl_teams.plan_token`` is the session (dl_sessions, dl_answers) that holds the team's plan: its
consensus ratings of Steps 1 and 3 with what was agreed, its key questions, gap areas, strategy
profile and milestones. No link carries it: the facilitator link opens it. Teams that exist get one
when their facilitator link is next opened (dlcore.teams.Teams.plan_token), so the column may be empty.
A plain column without a UNIQUE constraint: SQLite cannot add one in place, and the token is 256
random bits.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_team_plan"
down_revision: str | Sequence[str] | None = "0004_team_meeting"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dl_teams") as batch:
        batch.add_column(sa.Column("plan_token", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dl_teams") as batch:
        batch.drop_column("plan_token")
