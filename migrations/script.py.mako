"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

Revision ids are at most 32 characters (alembic_version.version_num); this project spells them
``NNNN_what_changes`` and names the file the same. SQLite runs in batch mode: an operation other
than a plain add_column copies the whole table (dlcore.migrate turns foreign keys off meanwhile,
so a copied dl_sessions does not take dl_answers with it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}

revision: str = ${repr(up_revision)}
down_revision: str | Sequence[str] | None = ${repr(down_revision)}
branch_labels: str | Sequence[str] | None = ${repr(branch_labels)}
depends_on: str | Sequence[str] | None = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
