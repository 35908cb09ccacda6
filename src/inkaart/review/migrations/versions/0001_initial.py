"""The review database of inkaart 0.1.0: documents, analyses and decisions.

Exactly the tables 0.1.0 created with ``metadata.create_all``; a 0.1.0 database has them but no
``alembic_version`` table, and is stamped with this revision before it is upgraded.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("stored_name", sa.String(64), nullable=False, unique=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "analyses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("framework_id", sa.String(100), nullable=False),
        sa.Column("framework_yaml", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32)),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("result", sa.Text),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True)),
        sa.Column("finished", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_analyses_document_id", "analyses", ["document_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("analysis_id", sa.Integer, sa.ForeignKey("analyses.id"), nullable=False),
        sa.Column("reviewer", sa.String(80), nullable=False),
        sa.Column("passage_id", sa.String(64)),
        sa.Column("theme_id", sa.String(100), nullable=False),
        sa.Column("criterion_id", sa.String(100)),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("to_theme", sa.String(100)),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("note", sa.Text),
        sa.Column("verdict", sa.String(16)),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_decisions_analysis_id", "decisions", ["analysis_id"])


def downgrade() -> None:
    op.drop_table("decisions")
    op.drop_table("analyses")
    op.drop_table("documents")
