"""Alembic's entry point for the review database: always called from inkaart with an open connection."""

from __future__ import annotations

from alembic import context

from inkaart.review.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
