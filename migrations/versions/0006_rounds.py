"""Voting again: a team's round number, the statements of each later round, and the votes of earlier rounds.

Revision ID: 0006_rounds
Revises: 0005_team_plan
Create Date: 2026-11-30

After discussion the facilitator can ask everyone to vote again on chosen statements. The votes as
they stood are copied into ``dl_votes`` under the round they were given in, and the team moves to
the next round (``dl_teams.round``) with those statements listed in ``dl_round_statements``. A
participant's current rating stays their vote (their answers are never rewritten): the new round's
votes are the current ratings, and both rounds can be compared. Existing teams are in round 1.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_rounds"
down_revision: str | Sequence[str] | None = "0005_team_plan"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dl_teams") as batch:
        batch.add_column(sa.Column("round", sa.Integer, nullable=False, server_default="1"))
    op.create_table(
        "dl_round_statements",
        sa.Column("team_id", sa.String(64), sa.ForeignKey("dl_teams.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
    )
    op.create_table(
        "dl_votes",
        sa.Column("team_id", sa.String(64), sa.ForeignKey("dl_teams.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("round", sa.Integer, primary_key=True),
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("rating", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dl_votes")
    op.drop_table("dl_round_statements")
    with op.batch_alter_table("dl_teams") as batch:
        batch.drop_column("round")
