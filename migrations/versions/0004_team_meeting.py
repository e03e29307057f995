"""The team meeting: results hidden while people vote, and participants removed from a team.

Revision ID: 0004_team_meeting
Revises: 0003_teams
Create Date: 2026-11-30

``dl_teams.results_hidden``: while true, the team's picture is shown to no one (the facilitator's
view shows who has answered, not what). Teams that exist keep showing their results (false); the app
starts new teams hidden. ``dl_participants.removed_at``: a participant the facilitator removed
(a stray join); their answers are kept, left out of the team's picture, and can be taken back in.

The default is the string "0" (false on SQLite and PostgreSQL alike), not ``sa.false()``: on SQLite,
Alembic's batch mode adds a column with a plain default by ALTER TABLE, but copies the whole table for
an SQL-expression default, and copying dl_teams would risk its participants (ON DELETE CASCADE).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_team_meeting"
down_revision: str | Sequence[str] | None = "0003_teams"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dl_teams") as batch:
        batch.add_column(sa.Column("results_hidden", sa.Boolean, nullable=False, server_default="0"))
    with op.batch_alter_table("dl_participants") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dl_participants") as batch:
        batch.drop_column("removed_at")
    with op.batch_alter_table("dl_teams") as batch:
        batch.drop_column("results_hidden")
