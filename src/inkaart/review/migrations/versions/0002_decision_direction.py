"""Decisions say which list of a theme they are about: its contributions (for) or the passages against it.

Every decision of an older database was about a contribution, so existing rows read ``for``.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("decisions", sa.Column("direction", sa.String(8), nullable=False, server_default="for"))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("direction")
