"""The format registry, real Markdown, spreadsheet-safe CSV, the new analysis keys, and REFI-QDA in and out."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import yaml
from lxml import etree
from markdown_it import MarkdownIt
from test_reports import PASSAGES, TEXT, all_quotes, contribution, make_analysis

from inkaart.framework import load_framework
from inkaart.report import OUTPUT_FORMATS, comparison_formats, render
from inkaart.report.comparison import grid, render_comparison
from inkaart.report.docxout import AGAINST_STYLE, QUOTE_STYLE
from inkaart.report.heatmap import heatmap_svg
from inkaart.report.qdpx import codebook_framework, framework_codebook

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
PROJECT_XSD = SHARED / "interop" / "refi-qda" / "Project.xsd"
ECO_WHY = "Twee van drie criteria behandeld, met concrete doelen voor 2030."
AGAINST = PASSAGES["p4"]["text"]


def with_new_keys() -> dict[str, Any]:
    """The fixture analysis with the keys the engine is gaining: against[], rating_why, evidence direction."""
    analysis = make_analysis()
    eco = analysis["themes"][0]
    eco["rating_why"] = ECO_WHY
    eco["against"] = [contribution("p4", AGAINST, -0.4) | {"direction": "against"}]
    for item in eco["contributions"]:
        item["direction"] = "for"
    evidence = eco["criteria"][0]["evidence"][0]
    evidence |= {"direction": "against", "reason": "Noemt het doel maar schrapt de heffing."}
    return analysis


def test_registry_names_every_format_once():
    assert list(OUTPUT_FORMATS) == ["md", "json", "html", "docx", "csv", "txt", "qdpx"]
    assert comparison_formats() == ("md", "json", "html", "csv")
    assert {name for name, output in OUTPUT_FORMATS.items() if output.binary} == {"docx", "qdpx"}
    assert OUTPUT_FORMATS["qdpx"].media_type == "application/zip"


def test_markdown_is_real_markdown_that_renders_each_quote_as_written():
    analysis = make_analysis()
    html = MarkdownIt().render(render(analysis, "md"))
    outline = etree.fromstring(f"<root>{html}</root>", parser=etree.HTMLParser())
    items = ["".join(li.itertext()).strip() for li in outline.iter("li")]
    assert [len(ul) for ul in outline.iter("ul")][:2] == [2, 1]  # the quotes, then the gaps: two lists
    for quote in all_quotes(analysis):
        assert any(item.startswith(quote + " (p") for item in items), quote
    # "*gratis*" and "[regio]" stay text: no emphasis, no link, no heading from "#1".
    assert not list(outline.iter("em")) and not list(outline.iter("a"))
    assert [h.text for h in outline.iter("h2")][:2] == ["Ecologische kwetsbaarheid", "Sociaaleconomische kwetsbaarheid"]
    assert "NIET: meer lokale productieketens." in items


def test_a_quote_that_looks_like_a_list_or_heading_stays_one_item():
    analysis = make_analysis()
    for quote in ("- 10% minder uitstoot", "1. Eerst de dijken", "# Niet een kop"):
        analysis["themes"][1]["contributions"][0]["quote"] = quote
        html = MarkdownIt().render(render(analysis, "md", refs=False))
        assert f"<li>{quote}</li>" in html


def test_csv_cells_that_a_spreadsheet_would_evaluate_are_neutralised():
    analysis = make_analysis()
    hostile = ['=HYPERLINK("http://x")', "+31 20 123", "-1 of meer", "@SUM(A1)", "\tgetabd"]
    for item, quote in zip(analysis["themes"][0]["contributions"] + analysis["other"], hostile, strict=False):
        item["quote"] = quote
    analysis["themes"][1]["contributions"][0]["note"] = "=1+1"
    rows = list(csv.DictReader(io.StringIO(render(analysis, "csv"))))
    quotes = [row["quote"] for row in rows]
    assert quotes[:2] == ['\'=HYPERLINK("http://x")', "'+31 20 123"]
    assert quotes[-2:] == ["'-1 of meer", "'@SUM(A1)"]
    assert rows[2]["note"] == "'=1+1"
    assert rows[2]["theme_rating"] == "'+" and float(rows[2]["theme_rating_value"]) == 0.41
    assert rows[2]["start"].isdigit()


def test_html_footer_names_the_file_not_the_folders():
    analysis = make_analysis()
    for source in ("/home/analist/geheim/coalitieakkoord.pdf", "C:\\Users\\analist\\coalitieakkoord.pdf"):
        analysis["document"]["source"] = source
        footer = render(analysis, "html").split("<footer>")[1]
        assert "coalitieakkoord.pdf</footer>" in footer
        assert "analist" not in footer


def test_text_and_markdown_put_against_lines_after_niet():
    analysis = with_new_keys()
    text = render(analysis, "txt").splitlines()
    niet = text.index("NIET: meer lokale productieketens.")
    assert text[niet + 1] == f"TEGEN: {AGAINST} (p. 20, 5. Digitalisering)"
    assert text[text.index("Beoordeling: ++ (0.82)") + 2] == ECO_WHY
    assert f"TEGEN: {AGAINST}" in render(analysis, "txt", refs=False).splitlines()
    assert ECO_WHY not in render(analysis, "txt", refs=False)
    assert ECO_WHY in render(analysis, "md")
    markdown = render(analysis, "md")
    assert "* **TEGEN:** Een voorbeeld van onveilige invoer is \\<script\\>" in markdown
    analysis["framework"]["language"] = "en"
    assert any(line.startswith("AGAINST: ") for line in render(analysis, "txt").splitlines())


def test_html_shows_against_rating_why_and_evidence_direction():
    html = render(with_new_keys(), "html")
    eco = html.split('<section id="s1-eco">')[1].split("</section>")[0]
    assert f'<p class="rating-why">{ECO_WHY}</p>' in eco
    against = eco.split('<h3 class="against">Werkt tegen</h3>')[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in against and "<script>" not in html
    assert 'class="direction d-against"' in eco and "schrapt de heffing" in eco


def test_docx_has_a_works_against_section():
    document = docx.Document(io.BytesIO(render(with_new_keys(), "docx")))
    texts = [p.text for p in document.paragraphs]
    heading = texts.index("Werkt tegen")
    assert document.paragraphs[heading + 1].text == AGAINST
    assert document.paragraphs[heading + 1].style.name == AGAINST_STYLE
    # "Quote" finds exactly the contributions (p4 is also an "other" contribution, hence once, not twice).
    assert [p.text for p in document.paragraphs if p.style.name == QUOTE_STYLE] == all_quotes(with_new_keys())
    assert ECO_WHY in texts


def test_csv_marks_against_rows():
    rows = list(csv.DictReader(io.StringIO(render(with_new_keys(), "csv"))))
    against = [row for row in rows if row["direction"] == "against"]
    assert [(row["theme_id"], row["quote"]) for row in against] == [("eco", AGAINST)]


def _comparison() -> dict[str, Any]:
    first, second = with_new_keys(), make_analysis()
    second["document"]["source"] = "tweede.pdf"
    return {
        "schema": "inkaart.comparison/v1",
        "framework": {"id": "kwetsbaarheden", "name": "Maatschappelijke kwetsbaarheden", "language": "nl"},
        "documents": [first, second],
        "failed": [],
    }


def test_comparison_shows_rating_why_in_table_report_and_heatmap_tooltips():
    comparison = _comparison()
    rows = list(csv.DictReader(io.StringIO(render_comparison(comparison, "csv"))))
    assert rows[0]["rating_why"] == ECO_WHY and rows[3]["rating_why"] == ""
    assert ECO_WHY in render_comparison(comparison, "md")
    assert f'title="{ECO_WHY}"' in render_comparison(comparison, "html")
    svg = etree.fromstring(heatmap_svg(grid(comparison)).encode())
    titles = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}title")]
    assert titles[0] == f"Ecologische kwetsbaarheid: ++ (0.82) — {ECO_WHY}"
    assert len(titles) == 6


def test_reports_tolerate_analyses_without_the_new_keys():
    analysis = make_analysis()
    for fmt in OUTPUT_FORMATS:
        assert render(analysis, fmt)
    assert "TEGEN" not in render(analysis, "txt") and "Werkt tegen" not in render(analysis, "html")


# --- REFI-QDA ---------------------------------------------------------------------------------------


def _project(data: bytes) -> tuple[etree._Element, str]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    project = etree.fromstring(archive.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    source = project.find("q:Sources/q:TextSource", ns)
    path = source.get("plainTextPath").removeprefix("internal://")
    return project, archive.read(f"sources/{path}").decode("utf-8")


def test_qdpx_validates_and_each_selection_is_its_quote():
    analysis = with_new_keys()
    analysis["review"] = {"reviewer": None, "reviewers": ["an", "bo"]}
    analysis["themes"][1]["contributions"][0]["note"] = "Sterk: concreet & meetbaar."
    data = render(analysis, "qdpx")
    project, text = _project(data)
    schema = etree.XMLSchema(etree.parse(str(PROJECT_XSD)))
    assert schema.validate(project), schema.error_log
    assert text == TEXT  # every passage at its offsets; here they cover the whole document
    ns = {"q": "urn:QDA-XML:project:1.0"}
    selections = project.findall(".//q:PlainTextSelection", ns)
    slices = {text[int(s.get("startPosition")) : int(s.get("endPosition"))] for s in selections}
    assert slices == {*all_quotes(analysis), AGAINST}
    codes = {c.get("guid"): c.get("name") for c in project.iter("{urn:QDA-XML:project:1.0}Code")}
    against = next(s for s in selections if text[int(s.get("startPosition")) :].startswith(AGAINST))
    coded = {codes[ref.get("targetGUID")] for ref in against.iter("{urn:QDA-XML:project:1.0}CodeRef")}
    assert coded == {"Werkt tegen: Ecologische kwetsbaarheid", "Overige bijdrage Maatschappelijke Waarde"}
    assert "minder uitstoot van broeikasgassen" in codes.values()  # criteria are child codes of their theme
    assert [u.get("name") for u in project.iter("{urn:QDA-XML:project:1.0}User")] == ["an", "bo"]
    notes = project.findall("q:Notes/q:Note/q:PlainTextContent", ns)
    assert [n.text for n in notes] == ["Sterk: concreet & meetbaar."]
    assert render(analysis, "qdpx") == data  # deterministic GUIDs and zip dates


def test_qdpx_positions_count_code_points_not_bytes():
    project, _ = _project(render(make_analysis(), "qdpx"))
    last = PASSAGES["p5"]["text"]
    start = TEXT.index(last)
    # The "€" of an earlier paragraph is three UTF-8 bytes: a byte count would put the quote further on.
    assert len(TEXT[:start].encode("utf-8")) > start
    starts = [int(s.get("startPosition")) for s in project.iter("{urn:QDA-XML:project:1.0}PlainTextSelection")]
    assert start in starts


def test_codebook_round_trip_keeps_ids_names_and_descriptions():
    for shipped in ("kwetsbaarheden", "sdg-en"):
        framework = load_framework(shipped).to_dict()
        back = codebook_framework(framework_codebook(framework))
        assert (back["id"], back["name"], back["language"]) == (
            framework["id"],
            framework["name"],
            framework["language"],
        )
        assert back.get("description", "") == framework["description"]
        for ours, theirs in zip(framework["themes"], back["themes"], strict=True):
            assert (theirs["id"], theirs["name"], theirs.get("description", "")) == (
                ours["id"],
                ours["name"],
                ours["description"],
            )
            assert theirs.get("criteria", []) == [{"id": c["id"], "text": c["text"]} for c in ours["criteria"]]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "inkaart.cli", *args], capture_output=True, text=True, check=False, cwd=ROOT
    )


def test_frameworks_cli_lists_exports_and_imports(tmp_path):
    listing = _cli("frameworks", "--json")
    assert listing.returncode == 0 and '"id": "kwetsbaarheden"' in listing.stdout
    assert _cli("frameworks", "export", "kwetsbaarheden", "-o", str(tmp_path / "k.qdc")).returncode == 0
    imported = _cli("frameworks", "import", str(tmp_path / "k.qdc"), "-o", str(tmp_path / "k.yaml"))
    assert imported.returncode == 0, imported.stderr
    skeleton = load_framework(tmp_path / "k.yaml")
    assert [t.id for t in skeleton.themes] == [t.id for t in load_framework("kwetsbaarheden").themes]
    assert yaml.safe_load((tmp_path / "k.yaml").read_text(encoding="utf-8"))["id"] == "kwetsbaarheden"
    (tmp_path / "bad.qdc").write_text("<CodeBook/>", encoding="utf-8")
    refused = _cli("frameworks", "import", str(tmp_path / "bad.qdc"))
    assert refused.returncode == 2 and "bad.qdc" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
