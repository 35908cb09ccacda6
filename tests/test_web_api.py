"""Every JSON API endpoint and the pages, on real SQLite with the real engine on a small Dutch document."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from _webapp import SCRIPT_LINE, markdown_document, wait_for
from fastapi.testclient import TestClient

from inkaart.document import read_document
from inkaart.errors import InputError
from inkaart.report.docxout import QUOTE_STYLE
from inkaart.web import create_app


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def client(folder: Path):
    app = create_app(
        f"sqlite:///{folder / 'db.sqlite'}", cache_path=folder / "cache.sqlite", files_dir=folder / "files"
    )
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def analysis(client: TestClient) -> dict:
    """A finished analysis of the test document with the shipped kwetsbaarheden framework."""
    upload = client.post("/api/documents", files={"file": ("akkoord.md", markdown_document(), "text/markdown")})
    assert upload.status_code == 201
    created = client.post("/api/analyses", json={"document_id": upload.json()["id"], "framework": "kwetsbaarheden"})
    assert created.status_code == 201
    analysis_id = created.json()["id"]
    assert wait_for(lambda: client.get(f"/api/analyses/{analysis_id}").json()["status"]) == "done"
    return client.get(f"/api/analyses/{analysis_id}").json()


def proposals(analysis: dict) -> list[tuple[str, dict]]:
    return [(theme["id"], c) for theme in analysis["analysis"]["themes"] for c in theme["contributions"]]


def post_decision(client: TestClient, analysis_id: int, **body) -> dict:
    response = client.post(f"/api/analyses/{analysis_id}/decisions", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def reviewed(client: TestClient, analysis_id: int, reviewer: str) -> dict:
    return client.get(f"/api/analyses/{analysis_id}", params={"reviewer": reviewer}).json()["analysis"]


def test_upload_and_analysis_report_status_and_result(client: TestClient, analysis: dict) -> None:
    assert analysis["status"] == "done" and analysis["progress"]["percent"] == 100
    result = analysis["analysis"]
    assert result["schema"] == "inkaart.analysis/v1"
    assert result["review"]["decision_count"] == 0
    assert len(proposals(analysis)) >= 3
    document = client.get(f"/api/documents/{analysis['document_id']}").json()
    assert (document["filename"], document["format"]) == ("akkoord.md", "markdown")
    listed = client.get("/api/analyses").json()
    assert analysis["id"] in [item["id"] for item in listed]


def test_decisions_change_the_reviewed_analysis(client: TestClient, analysis: dict) -> None:
    analysis_id = analysis["id"]
    (theme_a, first), (theme_b, second) = proposals(analysis)[:2]
    other_theme = next(t["id"] for t in analysis["analysis"]["themes"] if t["id"] not in (theme_a, theme_b))
    passage = analysis["analysis"]["passages"][0]
    post_decision(
        client,
        analysis_id,
        passage_id=first["passage_id"],
        theme_id=theme_a,
        action="accept",
        reviewer="carla",
        start=first["start"],
        end=first["start"] + 10,
    )
    post_decision(
        client,
        analysis_id,
        passage_id=second["passage_id"],
        theme_id=theme_b,
        action="move",
        to_theme=other_theme,
        reviewer="carla",
    )
    post_decision(
        client,
        analysis_id,
        passage_id=passage["id"],
        theme_id=other_theme,
        action="add",
        reviewer="carla",
        note="gemist",
    )
    result = reviewed(client, analysis_id, "carla")
    themes = {t["id"]: {c["passage_id"]: c for c in t["contributions"]} for t in result["themes"]}
    accepted = themes[theme_a][first["passage_id"]]
    assert accepted["status"] == "accepted"
    assert accepted["quote"] == first["text"][first["start"] - _start(result, first) :][:10]
    assert second["passage_id"] not in themes[theme_b]
    assert themes[other_theme][second["passage_id"]]["moved_from"] == theme_b
    assert themes[other_theme][passage["id"]]["note"] == "gemist"
    assert result["review"]["actions"] == {"accept": 1, "move": 1, "add": 1}
    assert reviewed(client, analysis_id, "nobody")["review"]["decision_count"] == 0
    listed = client.get(f"/api/analyses/{analysis_id}/decisions").json()
    assert [d["action"] for d in listed if d["reviewer"] == "carla"] == ["accept", "move", "add"]


def _start(result: dict, contribution: dict) -> int:
    return next(p["start"] for p in result["passages"] if p["id"] == contribution["passage_id"])


def test_narrowing_outside_the_paragraph_is_refused(client: TestClient, analysis: dict) -> None:
    theme_id, proposal = proposals(analysis)[0]
    response = client.post(
        f"/api/analyses/{analysis['id']}/decisions",
        json={
            "passage_id": proposal["passage_id"],
            "theme_id": theme_id,
            "action": "accept",
            "start": proposal["start"],
            "end": proposal["end"] + 10_000,
        },
    )
    assert response.status_code == 400
    assert "not inside paragraph" in response.json()["detail"]


def test_verdict_override_and_export_formats(client: TestClient, analysis: dict) -> None:
    analysis_id = analysis["id"]
    theme = next(t for t in analysis["analysis"]["themes"] if t["criteria"])
    criterion = theme["criteria"][0]
    post_decision(
        client,
        analysis_id,
        theme_id=theme["id"],
        criterion_id=criterion["id"],
        action="verdict",
        verdict="partial",
        note="half",
        reviewer="dirk",
    )
    for fmt, media in (
        ("md", "text/markdown"),
        ("html", "text/html"),
        ("json", "application/json"),
        ("csv", "text/csv"),
        ("docx", "application/vnd.openxml"),
        ("txt", "text/plain"),
        ("qdpx", "application/zip"),
    ):
        response = client.get(f"/api/analyses/{analysis_id}/export", params={"format": fmt, "reviewer": "dirk"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(media)
    exported = client.get(f"/api/analyses/{analysis_id}/export", params={"format": "json", "reviewer": "dirk"})
    criterion_out = next(t for t in exported.json()["themes"] if t["id"] == theme["id"])["criteria"][0]
    assert criterion_out["override"]["verdict"] == "partial"
    assert exported.json()["review"]["decisions"][0]["note"] == "half"
    bad = client.get(f"/api/analyses/{analysis_id}/export", params={"format": "pdf"})
    assert bad.status_code == 400 and "unknown format" in bad.json()["detail"]


def test_docx_export_with_accepted_only_holds_exactly_the_accepted_quotes(client: TestClient, analysis: dict) -> None:
    analysis_id = analysis["id"]
    (theme_a, first), (theme_b, second) = proposals(analysis)[:2]
    post_decision(
        client, analysis_id, passage_id=first["passage_id"], theme_id=theme_a, action="accept", reviewer="eva"
    )
    post_decision(
        client,
        analysis_id,
        passage_id=second["passage_id"],
        theme_id=theme_b,
        action="reject",
        reviewer="eva",
    )
    response = client.get(
        f"/api/analyses/{analysis_id}/export",
        params={"format": "docx", "reviewer": "eva", "accepted_only": 1},
    )
    quotes = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs if p.style.name == QUOTE_STYLE]
    assert quotes == [first["quote"]]
    everything = client.get(f"/api/analyses/{analysis_id}/export", params={"format": "docx", "reviewer": "eva"})
    all_quotes = [
        p.text for p in docx.Document(io.BytesIO(everything.content)).paragraphs if p.style.name == QUOTE_STYLE
    ]
    assert first["quote"] in all_quotes and second["quote"] not in all_quotes


def test_search_by_keyword_and_meaning(client: TestClient, analysis: dict) -> None:
    url = f"/api/analyses/{analysis['id']}/search"
    keyword = client.get(url, params={"q": "minimumloon", "mode": "keyword"}).json()
    assert len(keyword["hits"]) == 1 and "minimumloon" in keyword["hits"][0]["text"]
    semantic = client.get(url, params={"q": "defensie en marine", "mode": "semantic", "limit": 3}).json()
    assert "krijgsmacht" in semantic["hits"][0]["text"]
    hybrid = client.get(url, params={"q": "huurwoningen bouwen", "limit": 3}).json()
    assert "woningen" in hybrid["hits"][0]["text"]
    assert client.get(url, params={"q": " ", "mode": "keyword"}).status_code == 400
    assert client.get(url, params={"q": "x", "mode": "fuzzy"}).status_code == 400


def test_agreement_endpoint(client: TestClient, analysis: dict) -> None:
    analysis_id = analysis["id"]
    items = proposals(analysis)[:3]
    for reviewer, actions in (
        ("fien", ["accept", "accept", "reject"]),
        ("gijs", ["accept", "reject", "reject"]),
    ):
        for (theme_id, proposal), action in zip(items, actions, strict=True):
            post_decision(
                client,
                analysis_id,
                passage_id=proposal["passage_id"],
                theme_id=theme_id,
                action=action,
                reviewer=reviewer,
            )
    report = client.get(f"/api/analyses/{analysis_id}/agreement").json()
    pair = next(p for p in report["pairs"] if (p["a"], p["b"]) == ("fien", "gijs"))
    assert sum(row["both_decided"] for row in pair["themes"]) == 3
    assert [d["passage_id"] for d in pair["disagreements"]] == [items[1][1]["passage_id"]]


@pytest.mark.parametrize(
    ("name", "data"),
    [("virus.exe", b"MZ binary"), ("leeg.txt", b"   \n"), ("notes", b"plain words")],
)
def test_bad_uploads_get_the_cli_message(client: TestClient, name: str, data: bytes) -> None:
    with pytest.raises(InputError) as expected:
        read_document(Path(name), data=data)
    response = client.post("/api/documents", files={"file": (name, data)})
    assert response.status_code == 400
    assert response.json()["detail"] == str(expected.value)


def test_path_traversal_names_are_only_display_names(client: TestClient, folder: Path) -> None:
    response = client.post("/api/documents", files={"file": ("../../../tmp/evil.md", markdown_document())})
    assert response.status_code == 201 and response.json()["filename"] == "evil.md"
    stored = [p.name for p in (folder / "files").iterdir()]
    assert "evil.md" not in stored and all(len(Path(name).stem) == 32 for name in stored)
    assert not (folder.parent / "evil.md").exists()


def test_uploads_over_the_limit_get_413(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'db.sqlite'}", max_upload_mb=0.01, files_dir=tmp_path / "files")
    with TestClient(app) as small:
        body = markdown_document() * 20  # ~35 kB: within the form allowance, caught when read
        response = small.post("/api/documents", files={"file": ("groot.md", body)})
        assert response.status_code == 413
        assert response.json()["detail"].startswith("groot.md: file over the upload limit of 0.01 MB")
        huge = small.post("/api/documents", files={"file": ("huge.md", b"x" * 200_000)})
        assert huge.status_code == 413 and "--max-upload-mb" in huge.json()["detail"]


def test_bad_framework_yaml_is_one_line_400(client: TestClient, analysis: dict) -> None:
    document_id = analysis["document_id"]
    response = client.post(
        "/api/analyses",
        json={"document_id": document_id, "framework_yaml": "id: x\nname: [open\nthemes: 3\n"},
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("framework.yaml: line") and "\n" not in detail
    unknown = client.post("/api/analyses", json={"document_id": document_id, "framework": "nope"})
    assert unknown.status_code == 400 and "unknown framework 'nope'" in unknown.json()["detail"]
    missing = client.post("/api/analyses", json={"document_id": document_id})
    assert missing.status_code == 400


def test_unknown_ids_are_404(client: TestClient, analysis: dict) -> None:
    assert client.get("/api/analyses/9999").status_code == 404
    assert client.get("/api/documents/9999").status_code == 404
    assert client.post("/api/analyses", json={"document_id": 9999, "framework": "sdg"}).status_code == 404
    assert client.get("/api/analyses/9999/export").status_code == 404
    assert client.get("/api/analyses/9999/agreement").status_code == 404
    assert client.get("/api/analyses/9999/search", params={"q": "klimaat"}).status_code == 404
    body = {"passage_id": "p3", "theme_id": "economisch", "action": "accept"}
    assert client.post("/api/analyses/9999/decisions", json=body).status_code == 404
    assert client.get("/analyses/9999").status_code == 404


def test_a_script_in_the_document_renders_as_text(client: TestClient, analysis: dict) -> None:
    analysis_id = analysis["id"]
    passage = next(p for p in analysis["analysis"]["passages"] if "<script>" in p["text"])
    post_decision(
        client, analysis_id, passage_id=passage["id"], theme_id="digitaal", action="add", reviewer="anonymous"
    )
    page = client.get(f"/analyses/{analysis_id}")
    assert page.status_code == 200
    assert SCRIPT_LINE not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    hits = client.get(f"/analyses/{analysis_id}/search", params={"q": "onveilige invoer", "mode": "keyword"})
    assert "<script>alert" not in hits.text and "&lt;script&gt;" in hits.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_page_posts_need_the_csrf_token(client: TestClient, analysis: dict) -> None:
    analysis_id = analysis["id"]
    theme_id, proposal = proposals(analysis)[0]
    form = {"action": "reject", "passage_id": proposal["passage_id"], "theme_id": theme_id}
    client.get("/")  # sets the CSRF cookie, as a browser visit would
    token = client.cookies.get("inkaart_csrf")
    refused = client.post(f"/analyses/{analysis_id}/decide", data=form)
    assert refused.status_code == 403 and "CSRF" in refused.text
    wrong = client.post(f"/analyses/{analysis_id}/decide", data=form, headers={"X-CSRF-Token": "0" * 32})
    assert wrong.status_code == 403
    accepted = client.post(f"/analyses/{analysis_id}/decide", data={**form, "csrf_token": token})
    assert accepted.status_code == 200 and f'id="theme-{theme_id}"' in accepted.text
    assert 'hx-swap-oob="true"' in accepted.text
    foreign = client.post(
        f"/analyses/{analysis_id}/decisions".replace("/analyses", "/api/analyses"),
        json={**form, "action": "accept"},
        headers={"Origin": "https://evil.example"},
    )
    assert foreign.status_code == 403
    upload = client.post("/upload", files={"file": ("a.md", markdown_document())}, data={"framework": "sdg"})
    assert upload.status_code == 403


def test_pages_render(client: TestClient, analysis: dict) -> None:
    analysis_id = analysis["id"]
    home = client.get("/")
    assert home.status_code == 200 and f'href="/analyses/{analysis_id}"' in home.text
    assert client.get(f"/analyses/{analysis_id}/status").status_code == 200
    assert client.get(f"/analyses/{analysis_id}/row").status_code == 200
    context = client.get(f"/analyses/{analysis_id}/pages/1")
    assert context.status_code == 200 and "krijgsmacht" in context.text
    assert client.get(f"/analyses/{analysis_id}/agreement").status_code == 200
    assert client.get("/static/htmx.min.js").status_code == 200


def test_upload_form_with_a_bad_framework_file_shows_the_error(client: TestClient) -> None:
    client.get("/")
    token = client.cookies.get("inkaart_csrf")
    response = client.post(
        "/upload",
        files={"file": ("a.md", markdown_document()), "framework_file": ("mijn.yaml", b"themes: [")},
        data={"framework": "sdg", "csrf_token": token},
    )
    assert response.status_code == 400
    assert "mijn.yaml: line" in response.text


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/documents",
        "/api/analyses",
        "/api/analyses/{analysis_id}",
        "/api/analyses/{analysis_id}/decisions",
        "/api/analyses/{analysis_id}/export",
        "/api/analyses/{analysis_id}/search",
        "/api/analyses/{analysis_id}/agreement",
    ):
        assert path in paths
    assert not any(path.startswith("/analyses") for path in paths)


def test_team_mode_needs_the_token(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'db.sqlite'}", token="s3cret", files_dir=tmp_path / "files")
    with TestClient(app) as team:
        assert team.get("/api/analyses").status_code == 401
        assert team.get("/api/analyses", headers={"Authorization": "Bearer wrong"}).status_code == 401
        bearer = {"Authorization": "Bearer s3cret"}
        assert team.get("/api/analyses", headers=bearer).status_code == 200
        # With the token in the header, the API needs no CSRF token: no other site can send that header.
        upload = team.post("/api/documents", files={"file": ("a.md", markdown_document())}, headers=bearer)
        assert upload.status_code == 201
        page = team.get("/", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        team.get("/login")
        csrf = team.cookies.get("inkaart_csrf")
        assert team.post("/login", data={"token": "nope", "csrf_token": csrf}).status_code == 401
        login = team.post(
            "/login",
            data={"token": "s3cret", "csrf_token": csrf, "next": "//evil.example"},
            follow_redirects=False,
        )
        assert login.status_code == 303 and login.headers["location"] == "/"
        assert team.get("/").status_code == 200
        assert team.get("/api/analyses").status_code == 200
        no_csrf = team.post("/api/analyses", json={"document_id": upload.json()["id"], "framework": "sdg"})
        assert no_csrf.status_code == 403


def test_diff_page_of_two_analyses(client: TestClient, analysis: dict) -> None:
    analysis_id = analysis["id"]
    page = client.get("/diff", params={"old": analysis_id, "new": analysis_id})
    assert page.status_code == 200
    assert "Wat verandert: akkoord → akkoord" in page.text and '<table class="diff">' in page.text
    # The same document against itself: every finding continues, nothing is dropped.
    assert '<tr class="continued">' in page.text and '<tr class="dropped">' not in page.text
    assert 'action="/diff"' in client.get(f"/analyses/{analysis_id}").text
    assert client.get("/diff", params={"old": analysis_id, "new": 999}).status_code == 404
    assert client.get("/diff", params={"old": analysis_id, "new": "x"}).status_code == 400
