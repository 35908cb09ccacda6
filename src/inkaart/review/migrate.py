"""Bringing a review database to the newest schema with the migrations shipped in the package.

No ``alembic.ini`` is needed: the configuration is built here and the migrations are found inside the
installed package. A database made by inkaart 0.1.0 has the tables but no ``alembic_version``; it is
recognised by its tables and stamped as revision 0001 (the 0.1.0 schema) before it is upgraded.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

BASELINE = "0001"
UNVERSIONED = "0.1.0 (unversioned)"


@dataclass(frozen=True)
class Upgrade:
    """What :func:`upgrade` did to an existing database: from which revision to which."""

    before: str
    after: str

    def message(self, url: str) -> str:
        return f"inkaart: upgraded the review database {url} from revision {self.before} to {self.after}"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", "inkaart.review:migrations")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> Upgrade | None:
    """Create a new database or upgrade an older one to the newest revision; None when nothing changed."""
    config = _config()
    head = head_revision()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        current = MigrationContext.configure(connection).get_current_revision()
        legacy = current is None and inspect(connection).has_table("decisions")
        if legacy:
            command.stamp(config, BASELINE)
        if current == head:
            return None
        command.upgrade(config, "head")
    if current is None and not legacy:
        return None
    return Upgrade(before=UNVERSIONED if legacy else str(current), after=head)
