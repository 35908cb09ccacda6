"""`inkaart diff`: the matching rules on hand-made analyses and vectors, the renderers, and the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from inkaart.diff import MATCH_SIMILARITY, Paragraphs, diff_analyses
from inkaart.report.diff import render_diff

# Five directions in a 6-d space: paragraphs that share one are about the same measure.
LEVY, HOUSING, DEBT, NATURE, SPORT = (np.eye(6)[i] for i in range(5))
NOISE = np.eye(6)[5]


def passage(pid: str, text: str, themes: list[str], kind: str = "body", **extra: Any) -> dict[str, Any]:
    return {"id": pid, "kind": kind, "page": 1, "page_end": 1, "section": [], "start": 0, "end": len(text),
            "text": text, "scores": {}, "themes": themes, **extra}  # fmt: skip


def analysis(name: str, passages: list[dict], theme: dict | None = None) -> dict[str, Any]:
    theme = theme or {"id": "eco", "name": "Ecologie", "contributions": [], "criteria": []}
    return {
        "schema": "inkaart.analysis/v1",
        "document": {"title": name, "source": f"{name}.txt", "sha256": name},
        "framework": {"id": "k", "name": "Kader", "language": "nl"},
        "themes": [theme],
        "passages": passages,
    }


def vectors(ids_and_directions: list[tuple[str, np.ndarray]]) -> Paragraphs:
    rows = np.array([v + 0.05 * NOISE for _, v in ids_and_directions], dtype=np.float32)
    return Paragraphs([i for i, _ in ids_and_directions], rows / np.linalg.norm(rows, axis=1, keepdims=True))


OLD_TEXTS = {
    "o1": "We verhogen de heffing bovenop de ETS-prijs voor de industrie.",
    "o2": "We bouwen 100.000 woningen per jaar.",
    "o3": "We beschermen de natuur in Natura 2000-gebieden.",
    "o4": "We pakken problematische schulden aan.",
    "o5": "Tabel: heffing en woningen per jaar.",
}
NEW_TEXTS = {
    "n1": "De verhoogde heffing voor de industrie wordt teruggedraaid.",
    "n2": "We bouwen 100.000 woningen per jaar.",
    "n3": "Sport en bewegen worden gestimuleerd in de natuur.",
}


def _pair(old_roles: dict[str, str] | None, new_roles: dict[str, str] | None):
    """Two analyses; a role "for" assigns the passage to the theme, "against" is the engine's direction.
    ``None``: an analysis from before directions, where o4 alone is not assigned to the theme."""

    def records(texts: dict[str, str], roles: dict[str, str] | None, kinds: dict[str, str]) -> list[dict]:
        out = []
        for pid, text in texts.items():
            if roles is None:
                out.append(passage(pid, text, [] if pid == "o4" else ["eco"], kinds.get(pid, "body")))
                continue
            role = roles.get(pid)
            # Most passages are related to a theme and read "for" it without being findings of it.
            directions = {"eco": "against" if role == "against" else "for"}
            themes = ["eco"] if role == "for" else []
            out.append(passage(pid, text, themes, kinds.get(pid, "body"), directions=directions))
        return out

    old = analysis("oud", records(OLD_TEXTS, old_roles, {"o5": "table"}))
    new = analysis("nieuw", records(NEW_TEXTS, new_roles, {}))
    old_vectors = vectors([("o1", LEVY), ("o2", HOUSING), ("o3", NATURE), ("o4", DEBT), ("o5", LEVY + HOUSING)])
    new_vectors = vectors([("n1", LEVY), ("n2", HOUSING), ("n3", SPORT)])
    return old, new, old_vectors, new_vectors


def kinds(diff: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return [
        (c["kind"], (c["old"] or {}).get("passage_id"), (c["new"] or {}).get("passage_id")) for c in diff["changes"]
    ]


def test_reversed_continued_dropped_and_new() -> None:
    old_directions = {"o1": "for", "o2": "for", "o3": "for"}
    new_directions = {"n1": "against", "n2": "for", "n3": "for"}
    diff = diff_analyses(*_pair(old_directions, new_directions))
    assert diff["schema"] == "inkaart.diff/v1"
    assert kinds(diff) == [
        ("reversed", "o1", "n1"),
        ("continued", "o2", "n2"),
        ("dropped", "o3", None),
        ("new", None, "n3"),
    ]
    reversed_change = diff["changes"][0]
    assert reversed_change["similarity"] >= MATCH_SIMILARITY
    assert reversed_change["old"]["quote"] == OLD_TEXTS["o1"]
    assert set(reversed_change["new"]) == {"passage_id", "quote", "start", "end", "page"}


def test_an_old_paragraph_the_report_did_not_list_can_still_be_reversed() -> None:
    # o1 is no finding of the old analysis: the reversal is still found, by matching all passages.
    diff = diff_analyses(*_pair({"o2": "for"}, {"n1": "against", "n2": "for"}))
    assert ("reversed", "o1", "n1") in kinds(diff)


def test_without_directions_nothing_is_reversed() -> None:
    # An analysis from before directions existed: passages[].themes are the findings; nothing is against.
    diff = diff_analyses(*_pair(None, None))
    found = kinds(diff)
    assert ("continued", "o2", "n2") in found and ("continued", "o1", "n1") in found
    assert not any(kind == "reversed" for kind, _, _ in found)
    assert all(old != "o4" for _, old, _ in found)  # o4 was not assigned to the theme


def test_tables_are_never_matched() -> None:
    diff = diff_analyses(*_pair({"o1": "for", "o5": "for"}, {"n1": "against"}))
    assert all((c["old"] or {}).get("passage_id") != "o5" for c in diff["changes"])


def test_renderers_show_both_sides() -> None:
    diff = diff_analyses(*_pair({"o1": "for", "o2": "for", "o3": "for"}, {"n1": "against", "n2": "for"}))
    markdown = render_diff(diff, "md")
    assert "# Wat verandert: oud → nieuw" in markdown
    assert "### Teruggedraaid" in markdown and "### Vervallen" in markdown
    assert f"   oud (o1, p. 1): {OLD_TEXTS['o1']}" in markdown
    assert f"   nieuw (n1, p. 1): {NEW_TEXTS['n1']}" in markdown
    html = render_diff(diff, "html")
    assert '<tr class="reversed">' in html and "<th>oud</th><th>nieuw</th>" in html
    assert json.loads(render_diff(diff, "json"))["changes"] == diff["changes"]


def test_a_new_document_with_markup_is_escaped_in_html() -> None:
    old, new, old_vectors, new_vectors = _pair({"o2": "for"}, {"n2": "for"})
    new["passages"][1]["text"] = "<script>alert(1)</script> We bouwen 100.000 woningen per jaar."
    html = render_diff(diff_analyses(old, new, old_vectors, new_vectors), "html")
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- the real CLI on two small documents ----------------------------------------------------------------

OLD_DOCUMENT = """# Akkoord 2021

## Klimaat

De heffing bovenop de prijs van het Europese emissiehandelssysteem voor de industrie wordt verhoogd.

We beschermen de natuur en herstellen de biodiversiteit in Natura 2000-gebieden.

## Wonen

We bouwen 100.000 woningen per jaar, met een minister voor Volkshuisvesting.
"""
NEW_DOCUMENT = """# Akkoord 2024

## Klimaat

De aangekondigde verhoogde heffing voor de industrie wordt teruggedraaid.

## Wonen

We bouwen 100.000 woningen per jaar, waarvan 30% sociale huur.
"""
FRAMEWORK = """
id: klein
name: Klein kader
themes:
  - id: klimaat
    name: Klimaat en natuur
    description: Minder uitstoot, schone energie en bescherming van de natuur.
    criteria:
      - id: prijs
        text: Vervuiling krijgt een prijs via een heffing op uitstoot.
  - id: wonen
    name: Wonen
    description: Genoeg betaalbare woningen voor iedereen.
    criteria:
      - id: bouwen
        text: Meer betaalbare woningen bouwen.
"""


def inkaart(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "inkaart.cli", *args], capture_output=True, text=True, check=False)


@pytest.fixture()
def documents(tmp_path: Path) -> Path:
    (tmp_path / "oud.md").write_text(OLD_DOCUMENT, encoding="utf-8")
    (tmp_path / "nieuw.md").write_text(NEW_DOCUMENT, encoding="utf-8")
    (tmp_path / "klein.yaml").write_text(FRAMEWORK, encoding="utf-8")
    return tmp_path


def test_cli_diff_writes_json_and_html(documents: Path) -> None:
    cache = str(documents / "cache.sqlite")
    out = documents / "diff.json"
    args = [str(documents / "oud.md"), str(documents / "nieuw.md"), "-f", str(documents / "klein.yaml")]
    result = inkaart("diff", *args, "--format", "json", "-o", str(out), "--cache", cache)
    assert result.returncode == 0, result.stderr
    diff = json.loads(out.read_text(encoding="utf-8"))
    assert diff["schema"] == "inkaart.diff/v1" and diff["changes"]
    housing = [c for c in diff["changes"] if c["theme"] == "wonen" and c["kind"] == "continued"]
    assert housing and "100.000 woningen" in housing[0]["old"]["quote"] and "100.000" in housing[0]["new"]["quote"]
    text = {"oud": OLD_DOCUMENT, "nieuw": NEW_DOCUMENT}
    assert all(c["old"] is None or c["old"]["quote"] in text["oud"] for c in diff["changes"])
    html = inkaart("diff", *args, "--format", "html", "--cache", cache)
    assert html.returncode == 0 and html.stdout.startswith("<!DOCTYPE html>")


def test_cli_diff_bad_input_is_one_line(documents: Path) -> None:
    result = inkaart("diff", str(documents / "oud.md"), str(documents / "weg.md"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1
    assert "weg.md" in result.stderr
    result = inkaart("diff", str(documents / "oud.md"), str(documents / "nieuw.md"), "--format", "docx")
    assert result.returncode == 2 and "unknown format" in result.stderr
