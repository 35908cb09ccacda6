"""The review store on real SQLite: decisions applied, agreement, feedback, crash recovery, concurrency."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import httpx
import numpy as np
import pytest
from _webapp import TINY_FRAMEWORK, fake_result, markdown_document, running_server, wait_for
from fastapi.testclient import TestClient

from inkaart.document import Document, read_document
from inkaart.engine.feedback import fit_logistic, predict
from inkaart.engine.rating import rate_theme
from inkaart.engine.search import search_passages
from inkaart.errors import InputError
from inkaart.report import render
from inkaart.review import (
    INTERRUPTED,
    Conflict,
    DecisionInput,
    NotFound,
    Store,
    accepted_only,
    cohen_kappa,
    rerank,
    safe_filename,
)
from inkaart.web import create_app


@pytest.fixture
def done(tmp_path: Path) -> tuple[Store, int, Document]:
    """A store with one finished analysis of the test document (hand-made result, no engine)."""
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path / "files")
    record = store.add_document("doc.md", markdown_document(), 10_000_000)
    analysis_id = store.create_analysis(record.id, "kwetsbaarheden")
    assert store.jobs.claim(analysis_id)
    document = store.load_document(record.id)
    store.jobs.finish(analysis_id, fake_result(document))
    return store, analysis_id, document


def decide(store: Store, analysis_id: int, **fields) -> None:
    store.add_decision(analysis_id, DecisionInput(**fields))


def by_passage(theme: dict) -> dict[str, dict]:
    return {c["passage_id"]: c for c in theme["contributions"]}


def test_decisions_are_applied_to_a_copy_of_the_result(done) -> None:
    store, analysis_id, document = done
    result = store.result(analysis_id)
    climate = [c["passage_id"] for c in result["themes"][0]["contributions"]]
    extra = result["passages"][8]
    first = document.paragraph(climate[0])
    narrowed = (first.start + 3, first.start + 25)

    decide(store, analysis_id, action="accept", passage_id=climate[0], theme_id="klimaat", reviewer="alice")
    decide(store, analysis_id, action="reject", passage_id=climate[1], theme_id="klimaat", reviewer="alice")
    decide(
        store,
        analysis_id,
        action="move",
        passage_id=climate[2],
        theme_id="klimaat",
        to_theme="armoede",
        reviewer="alice",
    )
    decide(store, analysis_id, action="add", passage_id=extra["id"], theme_id="armoede", reviewer="alice")
    decide(
        store,
        analysis_id,
        action="accept",
        passage_id=climate[0],
        theme_id="klimaat",
        start=narrowed[0],
        end=narrowed[1],
        reviewer="alice",
    )
    decide(
        store,
        analysis_id,
        action="note",
        passage_id=climate[0],
        theme_id="klimaat",
        note="klopt",
        reviewer="alice",
    )
    decide(
        store,
        analysis_id,
        action="verdict",
        theme_id="klimaat",
        criterion_id="uitstoot",
        verdict="absent",
        note="te vaag",
        reviewer="alice",
    )

    reviewed = store.reviewed(analysis_id, "alice")
    klimaat, armoede = reviewed["themes"]
    kept = by_passage(klimaat)
    assert list(kept) == [climate[0]]
    assert kept[climate[0]]["status"] == "accepted"
    assert kept[climate[0]]["quote"] == document.text[narrowed[0] : narrowed[1]]
    assert kept[climate[0]]["note"] == "klopt"
    assert [r["passage_id"] for r in klimaat["rejected"]] == [climate[1], climate[2]]
    moved = by_passage(armoede)[climate[2]]
    assert (moved["status"], moved["moved_from"]) == ("accepted", "klimaat")
    added = by_passage(armoede)[extra["id"]]
    assert added["status"] == "added" and added["quote"] == extra["text"]
    assert klimaat["criteria"][0]["override"]["verdict"] == "absent"
    chars = sum(p["end"] - p["start"] for p in reviewed["passages"])
    expected = rate_theme(klimaat["contributions"], klimaat["criteria"], chars, klimaat["against"])
    assert (klimaat["rating"], klimaat["rating_value"]) == expected
    assert reviewed["review"]["decision_count"] == 7
    # The machine's proposals are untouched, and another reviewer starts from them.
    assert store.result(analysis_id) == result
    assert [c["passage_id"] for c in store.reviewed(analysis_id, "bob")["themes"][0]["contributions"]] == climate


def test_latest_decision_wins_and_a_move_back_restores(done) -> None:
    store, analysis_id, _ = done
    pid = store.result(analysis_id)["themes"][0]["contributions"][0]["passage_id"]
    decide(store, analysis_id, action="reject", passage_id=pid, theme_id="klimaat", reviewer="a")
    decide(store, analysis_id, action="accept", passage_id=pid, theme_id="klimaat", reviewer="a")
    assert by_passage(store.reviewed(analysis_id, "a")["themes"][0])[pid]["status"] == "accepted"
    decide(
        store,
        analysis_id,
        action="move",
        passage_id=pid,
        theme_id="klimaat",
        to_theme="armoede",
        reviewer="b",
    )
    decide(
        store,
        analysis_id,
        action="move",
        passage_id=pid,
        theme_id="armoede",
        to_theme="klimaat",
        reviewer="b",
    )
    klimaat, armoede = store.reviewed(analysis_id, "b")["themes"]
    assert pid in by_passage(klimaat) and pid not in by_passage(armoede)


def test_accepted_only_keeps_exactly_the_accepted_and_added(done) -> None:
    store, analysis_id, _ = done
    result = store.result(analysis_id)
    pid = result["themes"][0]["contributions"][1]["passage_id"]
    other = result["passages"][10]["id"]
    decide(store, analysis_id, action="accept", passage_id=pid, theme_id="klimaat", reviewer="a")
    decide(store, analysis_id, action="add", passage_id=other, theme_id="overig", reviewer="a")
    only = accepted_only(store.reviewed(analysis_id, "a"))
    kept = [(c["passage_id"], c["status"]) for t in only["themes"] for c in t["contributions"]]
    assert kept == [(pid, "accepted")]
    assert [(c["passage_id"], c["status"]) for c in only["other"]] == [(other, "added")]
    klimaat = only["themes"][0]
    assert klimaat["machine_rating"] == "+", "the machine rating stays beside the reviewed one"


def test_accepted_only_keeps_the_machine_rating_of_themes_nobody_reviewed(done) -> None:
    store, analysis_id, _ = done
    pid = store.result(analysis_id)["themes"][0]["contributions"][0]["passage_id"]
    decide(store, analysis_id, action="accept", passage_id=pid, theme_id="klimaat", reviewer="c")
    only = accepted_only(store.reviewed(analysis_id, "c"))
    armoede = only["themes"][1]
    assert only["review"]["not_reviewed"] == ["armoede"]
    assert (armoede["rating"], armoede["machine_rating"]) == ("o", "o"), "not lowered for want of accepts"
    report = render(only, "md")
    assert "Beoordeling: o (0.30); nog niet beoordeeld: de beoordeling van de machine" in report
    assert "; machine: + (0.50)" in report, "the machine rating beside the reviewed one"


def test_a_rejected_passage_is_no_criterion_evidence_in_the_accepted_only_export(done) -> None:
    store, analysis_id, _ = done
    result = store.result(analysis_id)
    pid = result["themes"][0]["contributions"][0]["passage_id"]
    decide(store, analysis_id, action="reject", passage_id=pid, theme_id="klimaat", reviewer="d")
    html = render(accepted_only(store.reviewed(analysis_id, "d")), "html")
    assert result["themes"][0]["contributions"][0]["quote"] not in html


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"action": "accept", "passage_id": "nope", "theme_id": "klimaat"}, "unknown passage"),
        ({"action": "accept", "passage_id": "p3", "theme_id": "nope"}, "unknown theme_id"),
        (
            {"action": "move", "passage_id": "p3", "theme_id": "klimaat", "to_theme": "klimaat"},
            "another theme",
        ),
        ({"action": "accept", "passage_id": "p3", "theme_id": "klimaat", "start": 0, "end": 5}, "not inside"),
        ({"action": "accept", "passage_id": "p3", "theme_id": "klimaat", "start": 0}, "both start and end"),
        ({"action": "note", "passage_id": "p3", "theme_id": "klimaat", "note": "  "}, "empty note"),
        ({"action": "verdict", "theme_id": "klimaat", "criterion_id": "x", "verdict": "absent"}, "criterion"),
        (
            {"action": "verdict", "theme_id": "klimaat", "criterion_id": "uitstoot", "verdict": "ja"},
            "verdict",
        ),
        ({"action": "delete", "passage_id": "p3", "theme_id": "klimaat"}, "unknown action"),
    ],
)
def test_bad_decisions_are_refused_with_one_line(done, fields: dict, problem: str) -> None:
    store, analysis_id, _ = done
    with pytest.raises(InputError, match=problem) as caught:
        decide(store, analysis_id, **fields)
    assert "\n" not in str(caught.value)
    assert store.decision_count(analysis_id) == 0


def test_decisions_need_a_finished_analysis_that_exists(done) -> None:
    store, analysis_id, _ = done
    queued = store.create_analysis(store.analysis(analysis_id).document_id, "kwetsbaarheden")
    with pytest.raises(Conflict):
        decide(store, queued, action="accept", passage_id="p3", theme_id="klimaat")
    with pytest.raises(NotFound):
        decide(store, 999, action="accept", passage_id="p3", theme_id="klimaat")


def test_cohen_kappa_known_values() -> None:
    assert cohen_kappa([True, True, False, False], [True, False, False, False]) == 0.5
    assert cohen_kappa([True, False], [True, False]) == 1.0
    assert cohen_kappa([True, False], [False, True]) == -1.0
    assert cohen_kappa([True, True], [True, True]) is None
    assert cohen_kappa([], []) is None


def test_agreement_between_two_reviewers(done) -> None:
    store, analysis_id, _ = done
    climate = [c["passage_id"] for c in store.result(analysis_id)["themes"][0]["contributions"]]
    for reviewer, actions in (
        ("ann", ["accept", "accept", "reject"]),
        ("ben", ["accept", "reject", "reject"]),
    ):
        for pid, action in zip(climate, actions, strict=True):
            decide(store, analysis_id, action=action, passage_id=pid, theme_id="klimaat", reviewer=reviewer)
    report = store.agreement(analysis_id)
    assert report["reviewers"] == ["ann", "ben"]
    (pair,) = report["pairs"]
    klimaat = pair["themes"][0]
    # po = 2/3, pe = 2/3*1/3 + 1/3*2/3 = 4/9, κ = (2/3 - 4/9) / (5/9) = 0.4
    assert (klimaat["both_decided"], klimaat["agreed"], klimaat["kappa"]) == (3, 2, 0.4)
    assert [(d["passage_id"], d["a_decision"], d["b_decision"]) for d in pair["disagreements"]] == [
        (climate[1], "accept", "reject")
    ]


def test_feedback_reranks_undecided_proposals_towards_the_accepted() -> None:
    rng = np.random.default_rng(7)
    liked, disliked = rng.normal(size=16), rng.normal(size=16)
    ids = [f"p{i}" for i in range(10)]
    # Even ids resemble what the reviewer accepts, odd ids what they reject; the engine prefers odd ones.
    vectors = {pid: (liked if i % 2 == 0 else disliked) + 0.2 * rng.normal(size=16) for i, pid in enumerate(ids)}
    scores = {pid: 5.0 - 0.1 * i + (0.5 if i % 2 else 0.0) for i, pid in enumerate(ids)}
    order = sorted(ids, key=lambda pid: -scores[pid])
    theme = {
        "id": "t",
        "contributions": [{"passage_id": pid, "score": scores[pid]} for pid in order],
        "ranking": [{"passage_id": pid, "score": scores[pid]} for pid in order],
        "rejected": [],
    }
    analysis = {"themes": [theme], "passages": [{"id": pid, "scores": {"t": scores[pid]}} for pid in ids]}
    undecided_before = [pid for pid in order if pid not in ("p0", "p2", "p1")]
    assert int(undecided_before[0][1:]) % 2 == 1
    for contribution in theme["contributions"]:
        if contribution["passage_id"] in ("p0", "p2"):
            contribution["status"] = "accepted"
    theme["contributions"] = [c for c in theme["contributions"] if c["passage_id"] != "p1"]
    theme["rejected"] = [{"passage_id": "p1"}]

    rerank(analysis, vectors)
    undecided = [c for c in theme["contributions"] if "status" not in c]
    evens = [int(c["passage_id"][1:]) % 2 == 0 for c in undecided]
    assert evens == sorted(evens, reverse=True), "every resembling passage ranks above every other one"
    assert any(c["reranked"] for c in undecided)
    assert all(c["rank_before"] != c["rank_after"] for c in undecided if c["reranked"])
    assert theme["feedback"]["accepted"] == 2 and theme["feedback"]["rejected"] == 1


def test_feedback_waits_for_enough_decisions() -> None:
    theme = {"id": "t", "contributions": [{"passage_id": "a", "status": "accepted"}], "rejected": []}
    analysis = {"themes": [theme], "passages": [{"id": "a", "scores": {"t": 1.0}}]}
    rerank(analysis, {"a": np.ones(4)})
    assert "feedback" not in theme


def test_logistic_regression_separates_a_separable_set() -> None:
    features = np.array([[2.0, 0.0], [1.5, 0.2], [-2.0, 0.1], [-1.0, -0.3]])
    labels = np.array([1.0, 1.0, 0.0, 0.0])
    probabilities = predict(fit_logistic(features, labels), features)
    assert np.all(probabilities[:2] > 0.5) and np.all(probabilities[2:] < 0.5)


def test_keyword_search_finds_the_paragraph() -> None:
    document = read_document("doc.md", data=markdown_document())
    hits = search_passages(document, "minimumloon", None, mode="keyword")
    assert len(hits) == 1
    assert "minimumloon" in document.paragraph_text(document.paragraph(hits[0][0]))
    assert search_passages(document, "de het een", None, mode="keyword") == []
    with pytest.raises(InputError, match="empty search"):
        search_passages(document, "   ", None, mode="keyword")
    with pytest.raises(InputError, match="unknown search mode"):
        search_passages(document, "klimaat", None, mode="fuzzy")


def test_uploads_are_stored_under_generated_names(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path / "files")
    record = store.add_document("../../etc/cron.d/evil.md", markdown_document(), 10_000_000)
    assert record.filename == "evil.md"
    assert re.fullmatch(r"[0-9a-f]{32}\.md", record.stored_name)
    assert [p.name for p in (tmp_path / "files").iterdir()] == [record.stored_name]
    assert safe_filename("..\\..\\x\x00y.pdf") == "xy.pdf"
    assert safe_filename("") == "upload"


def test_a_crash_mid_analysis_leaves_it_restartable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = Store(url, tmp_path / "files")
    record = store.add_document("doc.md", markdown_document(), 10_000_000)
    analysis_id = store.create_analysis(record.id, framework_yaml=TINY_FRAMEWORK)
    assert store.jobs.claim(analysis_id)  # the "server" dies here, with the analysis running
    store.close()

    app = create_app(url, cache_path=tmp_path / "cache.sqlite", files_dir=tmp_path / "files")
    with TestClient(app) as client:
        status = client.get(f"/api/analyses/{analysis_id}").json()
        assert (status["status"], status["error"]) == ("failed", INTERRUPTED)
        assert client.post(f"/api/analyses/{analysis_id}/restart").status_code == 200
        assert wait_for(lambda: client.get(f"/api/analyses/{analysis_id}").json()["status"]) == "done"
        analysis = client.get(f"/api/analyses/{analysis_id}").json()["analysis"]
        assert [t["id"] for t in analysis["themes"]] == ["klimaat", "armoede"]
        assert client.post(f"/api/analyses/{analysis_id}/restart").status_code == 409


def test_two_clients_posting_at_once_lose_nothing(done, tmp_path: Path) -> None:
    store, analysis_id, _ = done
    app = create_app(store.url, cache_path=tmp_path / "cache.sqlite", files_dir=store.files_dir)
    pids = [p["id"] for p in store.result(analysis_id)["passages"]]
    statuses: dict[str, list[int]] = {}
    start = threading.Barrier(2)

    def client(name: str, base: str) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            start.wait()
            statuses[name] = [
                http.post(
                    f"/api/analyses/{analysis_id}/decisions",
                    json={
                        "passage_id": pids[i % len(pids)],
                        "theme_id": "klimaat",
                        "action": "accept" if i % 3 else "reject",
                        "reviewer": name,
                        "note": f"{name} {i}",
                    },
                ).status_code
                for i in range(200)
            ]

    with running_server(app) as base:
        threads = [threading.Thread(target=client, args=(name, base)) for name in ("ann", "ben")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses["ann"] == [201] * 200 and statuses["ben"] == [201] * 200
    stored = store.decisions(analysis_id)
    assert len(stored) == 400
    assert {d.note for d in stored} == {f"{name} {i}" for name in ("ann", "ben") for i in range(200)}


def test_against_passages_are_accepted_and_rejected_like_proposals(done) -> None:
    store, analysis_id, _ = done
    first, second = (c["passage_id"] for c in store.result(analysis_id)["themes"][0]["against"])
    with TestClient(create_app(store.url, files_dir=store.files_dir)) as client:
        body = {"passage_id": first, "theme_id": "klimaat", "action": "undo", "direction": "against"}
        response = client.post(f"/api/analyses/{analysis_id}/decisions", json=body)
        assert response.status_code == 201 and response.json()["direction"] == "against"
    decide(store, analysis_id, action="reject", passage_id=first, theme_id="klimaat", direction="against")
    decide(store, analysis_id, action="accept", passage_id=second, theme_id="klimaat", direction="against")
    klimaat = store.reviewed(analysis_id)["themes"][0]
    assert [(c["passage_id"], c.get("status")) for c in klimaat["against"]] == [(second, "accepted")]
    assert [r["passage_id"] for r in klimaat["against_rejected"]] == [first]
    assert first not in {r["passage_id"] for r in klimaat["rejected"]}, "the contributions are a separate list"
    only = accepted_only(store.reviewed(analysis_id))
    assert [c["passage_id"] for c in only["themes"][0]["against"]] == [second]
    with pytest.raises(InputError, match="direction 'for'"):
        decide(
            store,
            analysis_id,
            action="move",
            passage_id=first,
            theme_id="klimaat",
            to_theme="armoede",
            direction="against",
        )


def test_undo_takes_back_a_reject_and_a_move(done) -> None:
    store, analysis_id, _ = done
    first, second, _third = (c["passage_id"] for c in store.result(analysis_id)["themes"][0]["contributions"])
    decide(store, analysis_id, action="reject", passage_id=first, theme_id="klimaat", reviewer="u")
    decide(store, analysis_id, action="move", passage_id=second, theme_id="klimaat", to_theme="armoede", reviewer="u")
    klimaat, armoede = store.reviewed(analysis_id, "u")["themes"]
    assert first not in by_passage(klimaat) and second in by_passage(armoede)
    decide(store, analysis_id, action="undo", passage_id=first, theme_id="klimaat", reviewer="u")
    decide(store, analysis_id, action="undo", passage_id=second, theme_id="klimaat", reviewer="u")
    klimaat, armoede = store.reviewed(analysis_id, "u")["themes"]
    assert list(by_passage(klimaat))[:2] == [first, second], "back in the engine's order"
    assert "status" not in by_passage(klimaat)[first], "proposed again, not accepted"
    assert klimaat["rejected"] == [] and second not in by_passage(armoede)
