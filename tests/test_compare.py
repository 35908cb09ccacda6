"""`inkaart compare` on small synthetic Dutch documents, with the real embedder, Dask and matplotlib.

The rating rule is tested on its own with synthetic inputs: more or stronger contributions, more
text and better-covered criteria must never lower a rating.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.image import imread
from typer.testing import CliRunner

from inkaart.cli import app
from inkaart.compare import TRACE_THRESHOLD, compare
from inkaart.engine.rating import LEVELS
from inkaart.errors import InputError
from inkaart.report.comparison import document_labels, grid, render_comparison
from inkaart.report.heatmap import write_heatmap

FRAMEWORK = """
id: proef
name: Proefkader
language: nl
themes:
  - id: klimaat
    name: Klimaat en schone energie voor de lange termijn
    description: De opwarming van de aarde tegengaan met minder uitstoot en schone energie.
    criteria:
      - id: uitstoot
        text: De uitstoot van broeikasgassen fors verminderen.
      - id: duurzame-energie
        text: Meer wind- en zonne-energie opwekken.
  - id: armoede
    name: Armoede en schulden
    description: Mensen met een laag inkomen en schulden krijgen zekerheid en perspectief.
    criteria:
      - id: schulden
        text: Problematische schulden aanpakken met schuldhulpverlening.
      - id: minimumloon
        text: Het minimumloon verhogen zodat werken loont.
"""

CLIMATE = [
    "We verminderen de uitstoot van broeikasgassen met 55 procent in 2030 en worden in 2050 klimaatneutraal.",
    "Er komt een klimaatfonds voor de energietransitie, met windparken op zee en zonnepanelen op daken.",
    "We stimuleren elektrisch rijden en investeren in het openbaar vervoer om de uitstoot te verlagen.",
    "Kolencentrales sluiten voor 2030 en de industrie betaalt een heffing per ton CO2 die zij uitstoot.",
    "Huizen worden geïsoleerd en krijgen warmtepompen, zodat het gasverbruik en de uitstoot dalen.",
    "Gemeenten wijzen meer plekken aan voor windmolens en zonneparken, met inspraak van omwonenden.",
]
POVERTY = [
    "We pakken armoede en problematische schulden aan met schuldhulpverlening in elke gemeente.",
    "Het minimumloon gaat met tien procent omhoog, zodat werken meer loont dan een uitkering.",
    "Kinderen in armoede krijgen gratis schoolmaaltijden en een bijdrage voor sport en cultuur.",
    "Incassokosten worden begrensd en de overheid stopt met het stapelen van boetes op schulden.",
    "De toeslagen worden vervangen door een eenvoudig stelsel, zodat niemand meer hoeft terug te betalen.",
    "Wie schulden heeft, krijgt één vast aanspreekpunt dat met alle schuldeisers een regeling treft.",
]
FILLER = [
    "De krijgsmacht krijgt nieuwe fregatten voor de bescherming van de Noordzee.",
    "Het Rijksmuseum en de regionale musea krijgen extra middelen voor hun collecties.",
    "De politie krijgt meer wijkagenten en de rechtspraak wordt sneller.",
    "Het onderwijs krijgt meer leraren en kleinere klassen in het basisonderwijs.",
    "De huisarts blijft dichtbij en de wachtlijsten in de ggz worden korter.",
    "Nederland werkt in de Europese Unie samen aan een gezamenlijk asielbeleid.",
    "De sportverenigingen krijgen steun voor het onderhoud van hun velden.",
    "Het koningshuis en de Staten-Generaal blijven de hoekstenen van de rechtsstaat.",
    "Jongeren krijgen een maatschappelijke diensttijd om elkaar te leren kennen.",
    "Het pensioenakkoord wordt uitgevoerd met oog voor ouderen.",
    "Gemeenten krijgen meer zeggenschap over de inrichting van hun binnensteden.",
    "We investeren in snelle internetverbindingen op het platteland.",
    "De gaswinning in Groningen stopt en de schade wordt snel vergoed.",
    "Boeren krijgen steun bij de overgang naar kringlooplandbouw.",
]
AGREEMENT_OWN = [
    "Het kabinet maakt werk van een sterke en veilige samenleving voor iedereen.",
    "We investeren in de bereikbaarheid van de regio met wegen en spoor.",
]


def markdown(title: str, paragraphs: list[str]) -> str:
    return f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    texts = {
        # Green: every climate paragraph; one poverty paragraph.
        "groen.md": markdown("Groen programma", CLIMATE + POVERTY[:1] + FILLER[:12]),
        # Social: every poverty paragraph; one climate paragraph.
        "sociaal.txt": "Sociaal programma\n\n" + "\n\n".join(POVERTY + CLIMATE[:1] + FILLER[2:14]) + "\n",
        # Neither: filler only.
        "neutraal.md": markdown("Neutraal programma", FILLER),
        # The agreement copies one social paragraph verbatim, and one green one.
        "akkoord.md": markdown("Akkoord", [POVERTY[3], CLIMATE[3], *AGREEMENT_OWN, *FILLER[:8]]),
        "kapot.pdf": "",
        "kader.yaml": FRAMEWORK,
    }
    paths = {}
    for name, text in texts.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    paths["kapot.pdf"].write_bytes(b"%PDF-1.7\nthis is not a PDF at all\n")
    paths["cache"] = folder / "embeddings.sqlite"
    return paths


def documents(corpus: dict[str, Path]) -> list[Path]:
    return [corpus["groen.md"], corpus["sociaal.txt"], corpus["neutraal.md"]]


@pytest.fixture(scope="module")
def serial(corpus) -> dict:
    return compare(documents(corpus), corpus["kader.yaml"], cache_path=corpus["cache"])


@pytest.fixture(scope="module")
def traced(corpus) -> dict:
    return compare(documents(corpus), corpus["kader.yaml"], against=corpus["akkoord.md"], cache_path=corpus["cache"])


def table(comparison: dict) -> list[tuple[str, str, str, float]]:
    return [
        (d["document"]["source"], t["id"], t["rating"], t["rating_value"])
        for d in comparison["documents"]
        for t in d["themes"]
    ]


def value(comparison: dict, stem: str, theme_id: str) -> float:
    document = next(d for d in comparison["documents"] if Path(d["document"]["source"]).stem == stem)
    return next(t["rating_value"] for t in document["themes"] if t["id"] == theme_id)


# --- compare -------------------------------------------------------------------------------------------


def test_compare_gives_a_table_in_input_order_without_passages(serial, corpus):
    assert serial["schema"] == "inkaart.comparison/v1"
    assert serial["framework"]["id"] == "proef"
    assert serial["failed"] == []
    assert [d["document"]["source"] for d in serial["documents"]] == [str(p) for p in documents(corpus)]
    for document in serial["documents"]:
        assert document["schema"] == "inkaart.analysis/v1"
        assert "passages" not in document
        assert [t["id"] for t in document["themes"]] == ["klimaat", "armoede"]
        assert all(t["rating"] in LEVELS for t in document["themes"])


def test_compare_orders_documents_by_what_they_contribute(serial):
    assert value(serial, "groen", "klimaat") > value(serial, "sociaal", "klimaat")
    assert value(serial, "groen", "klimaat") > value(serial, "neutraal", "klimaat")
    assert value(serial, "sociaal", "armoede") > value(serial, "groen", "armoede")
    assert value(serial, "sociaal", "armoede") > value(serial, "neutraal", "armoede")


def test_against_traces_a_copied_paragraph_to_its_source(traced, corpus):
    against = traced["against"]
    assert against["threshold"] == TRACE_THRESHOLD
    copied = next(item for item in against["contributions"] if item["quote"] in POVERTY[3])
    assert copied["closest"] == str(corpus["sociaal.txt"])
    social = next(m for m in copied["matches"] if m["source"] == str(corpus["sociaal.txt"]))
    assert social["passages"][0]["text"] == POVERTY[3]
    assert social["passages"][0]["similarity"] > 0.99
    assert len(social["passages"]) == 3
    assert [p["similarity"] for p in social["passages"]] == sorted(
        (p["similarity"] for p in social["passages"]), reverse=True
    )
    # Nothing in the neutral programme is about debt collection costs.
    assert str(corpus["neutraal.md"]) not in copied["traced_to"]
    shares = {Path(s["source"]).stem: s for s in against["shares"]}
    assert shares["sociaal"]["closest"] >= 1
    assert shares["sociaal"]["share"] >= shares["neutraal"]["share"]
    assert 0.0 <= sum(s["closest_share"] for s in against["shares"]) <= 1.0


def test_a_local_dask_cluster_gives_the_serial_table(serial, corpus, tmp_path):
    # A cache of its own: both workers embed from scratch and write to the one SQLite file at once.
    parallel = compare(documents(corpus), corpus["kader.yaml"], workers=2, cache_path=tmp_path / "cache.sqlite")
    assert parallel["failed"] == []
    assert table(parallel) == table(serial)


def test_an_existing_cluster_is_used_through_its_scheduler_address(serial, corpus, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as cluster:
        remote = compare(
            documents(corpus),
            corpus["kader.yaml"],
            scheduler=cluster.scheduler_address,
            cache_path=tmp_path / "c.sqlite",
        )
    assert remote["failed"] == []
    assert table(remote) == table(serial)


def test_a_corrupt_file_is_skipped_with_a_message(corpus, serial, tmp_path):
    output = tmp_path / "vergelijking.md"
    result = CliRunner().invoke(
        app,
        [
            "compare",
            str(corpus["groen.md"]),
            str(corpus["kapot.pdf"]),
            str(corpus["neutraal.md"]),
            "--framework",
            str(corpus["kader.yaml"]),
            "--cache",
            str(corpus["cache"]),
            "-o",
            str(output),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "kapot.pdf" in result.stderr
    report = output.read_text(encoding="utf-8")
    assert "| groen |" in report and "| neutraal |" in report
    assert "kapot.pdf" in report
    assert "![" in report and "vergelijking-heatmap.svg" in report
    assert (tmp_path / "vergelijking-heatmap.svg").exists() and (tmp_path / "vergelijking-heatmap.png").exists()


def test_compare_fails_when_no_document_can_be_read(corpus):
    arguments = ["compare", str(corpus["kapot.pdf"]), "--framework", str(corpus["kader.yaml"])]
    result = CliRunner().invoke(app, [*arguments, "--cache", str(corpus["cache"])])
    assert result.exit_code == 2
    assert "kapot.pdf" in result.stderr
    assert "no document could be analysed" in result.stderr


# --- reports --------------------------------------------------------------------------------------------


def test_heatmap_files_are_valid_svg_and_png(serial, tmp_path):
    svg, png = write_heatmap(grid(serial), tmp_path / "kaart")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    texts = "".join(root.itertext())
    assert "Proefkader" in texts and "groen" in texts and "Armoede en" in texts
    pixels = imread(png)
    assert pixels.ndim == 3 and pixels.shape[0] > 200 and pixels.shape[1] > 400


def test_csv_has_one_row_per_document_and_theme(serial):
    rows = list(csv.DictReader(io.StringIO(render_comparison(serial, "csv"))))
    assert [(r["document"], r["theme_id"]) for r in rows] == [
        (label, theme) for label in ("groen", "sociaal", "neutraal") for theme in ("klimaat", "armoede")
    ]
    groen = rows[0]
    theme = serial["documents"][0]["themes"][0]
    # Ratings start with "+"/"-", which a spreadsheet evaluates: they carry the text marker "'".
    assert groen["rating"] in ("'" + theme["rating"], "o") and float(groen["rating_value"]) == theme["rating_value"]
    assert int(groen["contributions"]) == len(theme["contributions"])
    counted = int(groen["criteria_addressed"]) + int(groen["criteria_partial"]) + int(groen["criteria_absent"])
    assert counted == 2


def test_html_is_self_contained_and_escaped(traced):
    hostile = {**traced, "framework": {**traced["framework"], "name": "<script>alert(1)</script>"}}
    html = render_comparison(hostile, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<svg" in html and "<?xml" not in html
    # Self-contained: nothing is fetched (the SVG's xmlns URIs are names, not resources).
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html
    assert POVERTY[3] in html


def test_markdown_shows_table_quotes_differences_and_against(traced):
    report = render_comparison(traced, "md", heatmap_href="kaart.svg")
    assert report.startswith("# Vergelijking: Proefkader")
    rows = [line for line in report.splitlines() if line.startswith(("| groen |", "| sociaal |", "| neutraal |"))]
    assert len(rows) == 3 + 3  # the ratings table, then the against table
    assert "![Heatmap van de beoordelingen](kaart.svg)" in report
    assert "### Sterkste bijdragen" in report
    top = max(traced["documents"][0]["themes"][0]["contributions"], key=lambda c: c["score"])
    assert f" • {top['quote']}" in report
    assert "### Criteria die het ene document behandelt en het andere niet" in report
    assert "De uitstoot van broeikasgassen fors verminderen. — behandeld door: groen" in report
    assert "Terug te vinden in de documenten: akkoord" in report
    assert document_labels(traced) == ["groen", "sociaal", "neutraal"]


def test_workers_and_scheduler_exclude_each_other(corpus):
    with pytest.raises(InputError, match="either --workers or --scheduler"):
        compare(documents(corpus), corpus["kader.yaml"], workers=2, scheduler="tcp://127.0.0.1:8786")
