"""The review store and API on a real PostgreSQL (set INKAART_TEST_POSTGRES_URL; `.ci/run` does)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import httpx
import pytest
from _webapp import TINY_FRAMEWORK, fake_result, markdown_document, running_server, wait_for
from fastapi.testclient import TestClient

from inkaart.review import INTERRUPTED, DecisionInput, Store
from inkaart.web import create_app

URL = os.environ.get("INKAART_TEST_POSTGRES_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not URL, reason="set INKAART_TEST_POSTGRES_URL to a PostgreSQL database to run these"),
]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(URL, tmp_path / "files")


def test_store_round_trip_on_postgres(store: Store) -> None:
    record = store.add_document("doc.md", markdown_document(), 10_000_000)
    analysis_id = store.create_analysis(record.id, framework_yaml=TINY_FRAMEWORK)
    assert store.jobs.claim(analysis_id) and not store.jobs.claim(analysis_id)
    store.jobs.finish(analysis_id, fake_result(store.load_document(record.id)))
    climate = [c["passage_id"] for c in store.result(analysis_id)["themes"][0]["contributions"]]
    for reviewer, actions in (("ann", ("accept", "reject")), ("ben", ("accept", "accept"))):
        for pid, action in zip(climate[:2], actions, strict=True):
            store.add_decision(
                analysis_id,
                DecisionInput(action=action, passage_id=pid, theme_id="klimaat", reviewer=reviewer),
            )
    reviewed = store.reviewed(analysis_id, "ann")
    assert [(c["passage_id"], c.get("status")) for c in reviewed["themes"][0]["contributions"]] == [
        (climate[0], "accepted"),
        (climate[2], None),
    ]
    pair = store.agreement(analysis_id)["pairs"][0]
    assert [d["passage_id"] for d in pair["disagreements"]] == [climate[1]]
    assert store.decisions(analysis_id)[0].created.endswith("+00:00")


def test_interrupted_analysis_is_marked_and_restartable(store: Store) -> None:
    record = store.add_document("doc.md", markdown_document(), 10_000_000)
    analysis_id = store.create_analysis(record.id, framework_yaml=TINY_FRAMEWORK)
    store.jobs.claim(analysis_id)
    assert store.jobs.mark_interrupted() >= 1
    assert (store.analysis(analysis_id).status, store.analysis(analysis_id).error) == ("failed", INTERRUPTED)
    store.restart(analysis_id)
    assert store.analysis(analysis_id).status == "queued"


def test_api_on_postgres(tmp_path: Path) -> None:
    app = create_app(URL, cache_path=tmp_path / "cache.sqlite", files_dir=tmp_path / "files")
    with TestClient(app) as client:
        document = client.post("/api/documents", files={"file": ("akkoord.md", markdown_document())}).json()
        created = client.post("/api/analyses", json={"document_id": document["id"], "framework_yaml": TINY_FRAMEWORK})
        analysis_id = created.json()["id"]
        assert wait_for(lambda: client.get(f"/api/analyses/{analysis_id}").json()["status"]) == "done"
        result = client.get(f"/api/analyses/{analysis_id}").json()["analysis"]
        theme = next(t for t in result["themes"] if t["contributions"])
        proposal = theme["contributions"][0]
        decision = {"passage_id": proposal["passage_id"], "theme_id": theme["id"], "action": "accept"}
        assert client.post(f"/api/analyses/{analysis_id}/decisions", json=decision).status_code == 201
        exported = client.get(
            f"/api/analyses/{analysis_id}/export", params={"format": "json", "accepted_only": 1}
        ).json()
        quotes = [c["quote"] for t in exported["themes"] for c in t["contributions"]]
        assert quotes == [proposal["quote"]]

    counts: list[int] = []
    with running_server(app) as base:

        def post_many(name: str) -> None:
            with httpx.Client(base_url=base, timeout=60) as http:
                statuses = [
                    http.post(f"/api/analyses/{analysis_id}/decisions", json={**decision, "reviewer": name}).status_code
                    for _ in range(50)
                ]
            counts.append(statuses.count(201))

        threads = [threading.Thread(target=post_many, args=(name,)) for name in ("x", "y")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert counts == [50, 50]
    stored = [d for d in app.state.services.store.decisions(analysis_id) if d.reviewer in ("x", "y")]
    assert len(stored) == 100
