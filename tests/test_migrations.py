"""The review database upgrades: a 0.1.0 database (no alembic_version) keeps every decision and analysis.

SQLite always; PostgreSQL too when INKAART_TEST_POSTGRES_URL names a database (`.ci/run` sets it).
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _webapp import fake_result, markdown_document
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Engine, MetaData, create_engine, insert, inspect, text
from sqlalchemy.engine import make_url

from inkaart.document import read_document
from inkaart.review import Store
from inkaart.review.migrate import current_revision, head_revision, upgrade
from inkaart.review.tables import metadata
from inkaart.web import create_app

SCHEMA_010 = Path(__file__).parent / "data" / "schema-0.1.0.sqlite.sql"
POSTGRES = os.environ.get("INKAART_TEST_POSTGRES_URL")
ACTIONS = ("accept", "reject", "accept", "move", "note", "reject", "accept")


def fill_010(engine: Engine) -> dict[int, int]:
    """Two documents, three analyses and their decisions, written with 0.1.0's columns only.

    Returns the number of decisions per analysis.
    """
    old = MetaData()
    old.reflect(engine)
    documents, analyses, decisions = (old.tables[name] for name in ("documents", "analyses", "decisions"))
    document = read_document(Path("akkoord.md"), data=markdown_document())
    result = fake_result(document)
    climate = [c["passage_id"] for c in result["themes"][0]["contributions"]]
    now = datetime.now(UTC)
    counts = {}
    with engine.begin() as connection:
        for number in (1, 2):
            connection.execute(
                insert(documents).values(
                    id=number,
                    filename=f"akkoord-{number}.md",
                    stored_name=f"{number:032x}.md",
                    sha256=document.meta.sha256,
                    format="md",
                    size=len(markdown_document()),
                    title=document.meta.title,
                    model=json.dumps(document.to_dict(), ensure_ascii=False),
                    created=now,
                )
            )
        for analysis_id in (1, 2, 3):
            connection.execute(
                insert(analyses).values(
                    id=analysis_id,
                    document_id=1 + analysis_id % 2,
                    framework_id="mini",
                    framework_yaml=None,
                    status="done",
                    stage="done",
                    done=1,
                    total=1,
                    result=json.dumps(result, ensure_ascii=False),
                    created=now,
                    finished=now,
                )
            )
            rows = [
                {
                    "analysis_id": analysis_id,
                    "reviewer": f"reviewer-{index % 2}",
                    "passage_id": climate[index % len(climate)],
                    "theme_id": "klimaat",
                    "action": action,
                    "to_theme": "armoede" if action == "move" else None,
                    "note": "kijk hier nog eens naar" if action == "note" else None,
                    "created": now,
                }
                for index, action in enumerate(ACTIONS[: 3 + 2 * analysis_id])
            ]
            connection.execute(insert(decisions), rows)
            counts[analysis_id] = len(rows)
    return counts


def check_nothing_lost(url: str, counts: dict[int, int], tmp_path: Path) -> None:
    lines: list[str] = []
    app = create_app(url, files_dir=tmp_path / "files", notify=lines.append)
    assert len(lines) == 1 and "from revision 0.1.0 (unversioned) to" in lines[0], lines
    assert lines[0].endswith(head_revision())
    with TestClient(app) as client:
        listed = client.get("/api/analyses").json()
        assert sorted(a["id"] for a in listed) == sorted(counts)
        for analysis_id, count in counts.items():
            decisions = client.get(f"/api/analyses/{analysis_id}/decisions").json()
            assert len(decisions) == count
            assert {d["direction"] for d in decisions} == {"for"}, "old decisions were about contributions"
            analysis = client.get(f"/api/analyses/{analysis_id}").json()["analysis"]
            assert analysis["review"]["decision_count"] == count
            assert analysis["themes"][0]["rejected"], "the old rejects are applied"
        pid = listed[0]["id"]
        passage = client.get(f"/api/analyses/{pid}").json()["analysis"]["themes"][1]["contributions"][0]
        new = {"passage_id": passage["passage_id"], "theme_id": "armoede", "action": "reject"}
        assert client.post(f"/api/analyses/{pid}/decisions", json=new).status_code == 201
    again: list[str] = []
    create_app(url, files_dir=tmp_path / "files", notify=again.append)
    assert again == [], "an up-to-date database is opened without a word"


def test_a_010_sqlite_database_upgrades_without_losing_anything(tmp_path: Path) -> None:
    path = tmp_path / "inkaart.sqlite"
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA_010.read_text(encoding="utf-8"))
    engine = create_engine(f"sqlite:///{path}")
    counts = fill_010(engine)
    assert not inspect(engine).has_table("alembic_version")
    engine.dispose()
    check_nothing_lost(f"sqlite:///{path}", counts, tmp_path)


def test_the_first_migration_is_the_010_schema(tmp_path: Path) -> None:
    frozen, migrated = tmp_path / "frozen.sqlite", tmp_path / "migrated.sqlite"
    with sqlite3.connect(frozen) as connection:
        connection.executescript(SCHEMA_010.read_text(encoding="utf-8"))
    engine = create_engine(f"sqlite:///{migrated}")
    with engine.begin() as connection:
        connection.execute(text("SELECT 1"))
    from alembic import command

    from inkaart.review.migrate import _config

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    assert _tables(f"sqlite:///{frozen}") == _tables(f"sqlite:///{migrated}")


def _tables(url: str) -> dict[str, list[tuple]]:
    inspector = inspect(create_engine(url))
    return {
        name: sorted((c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(name))
        + sorted(tuple(i["column_names"]) for i in inspector.get_indexes(name))
        for name in inspector.get_table_names()
        if name != "alembic_version"
    }


def test_the_migrations_build_what_the_code_reads(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'new.sqlite'}")
    assert upgrade(engine) is None, "a new database is created, not announced as an upgrade"
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_a_store_opens_an_empty_file_at_the_newest_revision(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'fresh.sqlite'}", tmp_path / "files")
    assert store.upgraded is None
    assert current_revision(store.engine) == head_revision()


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES, reason="set INKAART_TEST_POSTGRES_URL to a PostgreSQL database to run this")
def test_a_010_postgres_database_upgrades_without_losing_anything(tmp_path: Path) -> None:
    from alembic import command

    from inkaart.review.migrate import _config

    assert POSTGRES is not None
    engine = create_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS decisions, analyses, documents, alembic_version CASCADE"))
    # 0.1.0 made exactly revision 0001's tables and no version table.
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text("DROP TABLE alembic_version"))
    counts = fill_010(engine)
    with engine.begin() as connection:
        # Rows were written with explicit ids; the sequences must move past them as 0.1.0's would have.
        for table in ("documents", "analyses", "decisions"):
            connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
    engine.dispose()
    check_nothing_lost(make_url(POSTGRES).render_as_string(hide_password=False), counts, tmp_path)
