"""Participants may see the team's picture once it is revealed, if the facilitator allows it.

Revision ID: 0007_picture_shared
Revises: 0006_rounds
Create Date: 2026-11-30

``dl_teams.picture_shared``: off for every team, new or existing, until its facilitator turns it on.
Even then a participant's page shows the picture only while the results are revealed, and only the
aggregate (totals, each statement's mean, range and counts), never another participant's answers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_picture_shared"
down_revision: str | Sequence[str] | None = "0006_rounds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dl_teams") as batch:
        batch.add_column(sa.Column("picture_shared", sa.Boolean(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("dl_teams") as batch:
        batch.drop_column("picture_shared")
