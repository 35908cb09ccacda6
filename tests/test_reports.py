"""The report renderers, on a hand-made analysis whose offsets are computed from a small Dutch text."""

from __future__ import annotations

import copy
import csv
import io
import json
from html import escape
from html.parser import HTMLParser
from typing import Any

import docx
import pytest
from conftest import SHARED

from inkaart.errors import InputError
from inkaart.report import FORMATS, OUTPUT_FORMATS, render, suffix
from inkaart.report.docxout import QUOTE_STYLE

CLIMATE = ["2. Duurzaam land", "Klimaat en energie"]

# (id, first page, last page, section path, text) of the five paragraphs of the fixture document.
PARAGRAPHS = [
    (
        "p1",
        7,
        7,
        CLIMATE,
        "Nederland wil voorop lopen bij het tegengaan van de opwarming van de aarde. "
        "We scherpen het doel voor 2030 aan tot ten minste 55% CO2-reductie.",
    ),
    (
        "p2",
        7,
        8,
        CLIMATE,
        "Er komt een minister voor Klimaat en Energie die de regie voert. "
        "Een klimaat- en transitiefonds van €35 mrd voor de komende tien jaar.",
    ),
    (
        "p3",
        12,
        12,
        ["3. Bestaanszekerheid", "Werk"],
        "We maken werken lonender en verkleinen de armoedeval. We verkleinen de kloof tussen vast en flex.",
    ),
    (
        "p4",
        20,
        20,
        ["5. Digitalisering"],
        "Een voorbeeld van onveilige invoer is <script>alert(1)</script> & die tonen we letterlijk.",
    ),
    ("p5", 31, 31, ["6. Cultuur"], "Musea blijven *gratis* voor kinderen tot 18 jaar, ook in [regio] #1."),
]


def _document() -> tuple[str, dict[str, dict[str, Any]]]:
    """The document text and its passages, with offsets as the engine would compute them."""
    text, passages = "", {}
    for pid, page, page_end, section, paragraph in PARAGRAPHS:
        if text:
            text += "\n\n"
        start = len(text)
        text += paragraph
        passages[pid] = {
            "id": pid,
            "kind": "body",
            "page": page,
            "page_end": page_end,
            "section": section,
            "start": start,
            "end": len(text),
            "text": paragraph,
            "scores": {},
            "themes": [],
        }
    return text, passages


TEXT, PASSAGES = _document()


def contribution(pid: str, quote: str, score: float, criteria: tuple[str, ...] = ()) -> dict[str, Any]:
    passage = PASSAGES[pid]
    start = passage["start"] + passage["text"].index(quote)
    return {
        "passage_id": pid,
        "score": score,
        "quote": quote,
        "text": passage["text"],
        "page": passage["page"],
        "page_end": passage["page_end"],
        "section": passage["section"],
        "start": start,
        "end": start + len(quote),
        "criteria": list(criteria),
        "why": "test",
        "duplicates": [],
    }


def criterion(cid: str, text: str, verdict: str, evidence: tuple[str, ...] = ()) -> dict[str, Any]:
    items = []
    for pid in evidence:
        passage = PASSAGES[pid]
        items.append(
            {
                "passage_id": pid,
                "quote": passage["text"],
                "page": passage["page"],
                "score": 0.7,
                "start": passage["start"],
                "end": passage["end"],
            }
        )
    return {"id": cid, "text": text, "verdict": verdict, "score": 0.5, "evidence": items}


def theme(tid: str, name: str, contributions: list[dict], criteria: list[dict], **rating: Any) -> dict:
    ranking = [{"passage_id": c["passage_id"], "score": c["score"]} for c in contributions]
    described = {"id": tid, "name": name, "description": f"Omschrijving van {name}."}
    return described | rating | {"contributions": contributions, "ranking": ranking, "criteria": criteria}


def make_analysis() -> dict[str, Any]:
    lead_p1 = "Nederland wil voorop lopen bij het tegengaan van de opwarming van de aarde."
    lead_p3 = "We maken werken lonender en verkleinen de armoedeval."
    eco = theme(
        "eco",
        "Ecologische kwetsbaarheid",
        [contribution("p1", lead_p1, 0.81, ("e1",)), contribution("p2", PASSAGES["p2"]["text"], 0.74)],
        [
            criterion("e1", "minder uitstoot van broeikasgassen", "addressed", ("p1",)),
            criterion("e2", "bescherming van de biodiversiteit", "partial"),
            criterion("e3", "meer lokale productieketens.", "absent"),
        ],
        rating="++",
        rating_value=0.82,
    )
    soc = theme(
        "soc",
        "Sociaaleconomische kwetsbaarheid",
        [contribution("p3", lead_p3, 0.66)],
        [criterion("s1", "minder verschil tussen vast en flex", "partial", ("p3",))],
        rating="+",
        rating_value=0.41,
    )
    # An older file: no rating on this theme.
    dig = theme(
        "dig",
        "Digitale kwetsbaarheid",
        [],
        [criterion("d1", "verantwoording inzet AI algoritmiek", "absent")],
    )
    return {
        "schema": "inkaart.analysis/v1",
        "inkaart_version": "0.1.0",
        "generated": "2025-01-31T10:00:00+00:00",
        "document": {
            "title": "Coalitieakkoord 2021-2025",
            "source": "coalitieakkoord.pdf",
            "sha256": "0" * 64,
            "pages": 50,
            "language": "nl",
            "format": "pdf",
        },
        "framework": {
            "id": "kwetsbaarheden",
            "name": "Maatschappelijke kwetsbaarheden",
            "language": "nl",
            "other": {"id": "other", "name": "Overige bijdrage Maatschappelijke Waarde"},
        },
        "settings": {"embedder": "test"},
        "themes": [eco, soc, dig],
        "other": [
            contribution("p4", PASSAGES["p4"]["text"], 0.3),
            contribution("p5", PASSAGES["p5"]["text"], 0.2),
        ],
        "passages": list(PASSAGES.values()),
    }


def all_quotes(analysis: dict[str, Any]) -> list[str]:
    themes = [c["quote"] for t in analysis["themes"] for c in t["contributions"]]
    return themes + [c["quote"] for c in analysis["other"]]


@pytest.fixture
def analysis() -> dict[str, Any]:
    made = make_analysis()
    for quote_contribution in [c for t in made["themes"] for c in t["contributions"]] + made["other"]:
        assert TEXT[quote_contribution["start"] : quote_contribution["end"]] == quote_contribution["quote"]
    return made


BARE = """\
Bijdrage Coalitieakkoord 2021-2025

Hier laten we zien wat de bijdrage van Coalitieakkoord 2021-2025 is aan maatschappelijke kwetsbaarheden.

## Ecologische kwetsbaarheid

 • Nederland wil voorop lopen bij het tegengaan van de opwarming van de aarde.
 • Er komt een minister voor Klimaat en Energie die de regie voert. \
Een klimaat- en transitiefonds van €35 mrd voor de komende tien jaar.

NIET: meer lokale productieketens.

## Sociaaleconomische kwetsbaarheid

 • We maken werken lonender en verkleinen de armoedeval.

## Digitale kwetsbaarheid

-

NIET: verantwoording inzet AI algoritmiek

## Overige bijdrage Maatschappelijke Waarde

 • Een voorbeeld van onveilige invoer is <script>alert(1)</script> & die tonen we letterlijk.
 • Musea blijven *gratis* voor kinderen tot 18 jaar, ook in [regio] #1.
"""


def test_text_without_refs_is_the_seed_layout(analysis):
    assert render(analysis, "txt", refs=False) == BARE


def test_text_with_refs_adds_locations_and_ratings(analysis):
    lines = render(analysis, "txt").splitlines()
    assert lines[4:9] == [
        "## Ecologische kwetsbaarheid",
        "",
        "Beoordeling: ++ (0.82)",
        "",
        " • Nederland wil voorop lopen bij het tegengaan van de opwarming van de aarde."
        " (p. 7, 2. Duurzaam land › Klimaat en energie)",
    ]
    assert lines[9].endswith("tien jaar. (pp. 7-8, 2. Duurzaam land › Klimaat en energie)")
    assert "Beoordeling: + (0.41)" in lines
    # The unrated theme gets no rating line, but keeps its "-" and its gap.
    digital = lines.index("## Digitale kwetsbaarheid")
    assert lines[digital + 1 : digital + 5] == ["", "-", "", "NIET: verantwoording inzet AI algoritmiek"]


def test_text_in_english(analysis):
    # An acronym keeps its capitals mid-sentence, where an ordinary name is lowered (see BARE).
    analysis["framework"] |= {"language": "en", "name": "SDG targets", "other": None}
    lines = render(analysis, "txt").splitlines()
    assert lines[:3] == [
        "Contribution of Coalitieakkoord 2021-2025",
        "",
        "Here we show what Coalitieakkoord 2021-2025 contributes to SDG targets.",
    ]
    assert "Rating: ++ (0.82)" in lines
    assert "NOT: meer lokale productieketens." in lines
    assert "## Other contributions" in lines


def test_text_reproduces_the_analysts_seed():
    seed = (SHARED / "seed" / "bijdrage-regeerakkoord.txt").read_text(encoding="utf-8")
    analysis = _analysis_from_seed(seed)
    ours = _comparable(render(analysis, "txt", refs=False).splitlines()[3:])
    theirs = _comparable(seed.splitlines()[3:])
    # The analyst repeated one bullet and left the empty "other" heading bare; inkaart does neither.
    deduplicated = [line for index, line in enumerate(theirs) if index == 0 or line != theirs[index - 1]]
    assert len(deduplicated) == len(theirs) - 1
    assert ours == [*deduplicated, "-"]
    assert render(analysis, "txt", refs=False).splitlines()[0] == seed.splitlines()[0]


def _comparable(lines: list[str]) -> list[str]:
    return [line.removeprefix("## ").rstrip() for line in lines if line.strip()]


def _analysis_from_seed(seed: str) -> dict[str, Any]:
    """Rebuild an analysis from the hand-made seed: its headings, bullets and NIET lines."""
    buckets: list[dict[str, Any]] = []
    text = ""
    for line in seed.splitlines()[3:]:
        if line.startswith(" • "):
            quote = line.removeprefix(" • ")
            start = len(text)
            text += quote + "\n"
            buckets[-1]["contributions"].append(
                {
                    "passage_id": f"q{start}",
                    "quote": quote,
                    "page": 1,
                    "start": start,
                    "end": start + len(quote),
                }
            )
        elif line.startswith("NIET: "):
            buckets[-1]["criteria"].append({"text": line.removeprefix("NIET: ").rstrip(), "verdict": "absent"})
        elif line.strip() and line != "-":
            buckets.append({"id": f"t{len(buckets)}", "name": line, "contributions": [], "criteria": []})
    other = buckets.pop()
    return {
        "schema": "inkaart.analysis/v1",
        "document": {"title": seed.splitlines()[0].removeprefix("Bijdrage "), "language": "nl"},
        "framework": {
            "name": "Kwetsbaarheden",
            "language": "nl",
            "other": {"id": "o", "name": other["name"]},
        },
        "themes": buckets,
        "other": other["contributions"],
    }


def test_every_quote_appears_verbatim_in_every_text_format(analysis):
    quotes = all_quotes(analysis)
    text = render(analysis, "txt")
    assert all(f" • {quote}" in text for quote in quotes)
    rows = list(csv.DictReader(io.StringIO(render(analysis, "csv"))))
    assert [row["quote"] for row in rows] == quotes
    assert all_quotes(json.loads(render(analysis, "json"))) == quotes
    assert HtmlOutline(render(analysis, "html")).blockquotes == quotes


def test_overrides_change_the_niet_lines(analysis):
    eco, soc, _ = analysis["themes"]
    eco["criteria"][2]["override"] = {"verdict": "partial", "note": "zie p. 9", "reviewer": "an"}
    soc["criteria"][0]["override"] = {"verdict": "absent", "note": "te vaag", "reviewer": "an"}
    markdown = render(analysis, "txt", refs=False)
    assert "NIET: meer lokale productieketens." not in markdown
    assert (
        "## Sociaaleconomische kwetsbaarheid\n\n • We maken werken lonender en verkleinen de armoedeval.\n\n"
        "NIET: minder verschil tussen vast en flex\n"
    ) in markdown
    html = render(analysis, "html")
    assert "aangepast door an: te vaag" in html


def test_a_repeated_quote_is_reported_once(analysis):
    eco = analysis["themes"][0]
    eco["contributions"].append(copy.deepcopy(eco["contributions"][0]))
    quote = eco["contributions"][0]["quote"]
    assert render(analysis, "md").count(quote) == 1
    assert [row["quote"] for row in csv.DictReader(io.StringIO(render(analysis, "csv")))].count(quote) == 1
    assert _docx_quotes(render(analysis, "docx")).count(quote) == 1


class HtmlOutline(HTMLParser):
    """What a browser would make of the report: links, scripts, quotes, marks and paragraph contexts."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.tags: list[str] = []
        self.blockquotes: list[str] = []
        self.marks: list[str] = []
        self.contexts: list[str] = []
        self.lang = ""
        self._open: list[str] = []
        self._buffers: dict[str, str] = {}
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]
        if tag == "html":
            self.lang = attributes.get("lang") or ""
        kind = "context" if attributes.get("class") == "context" else tag
        if tag in ("blockquote", "mark", "p"):
            self._open.append(kind)
            self._buffers[kind] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("blockquote", "mark", "p") and self._open:
            kind = self._open.pop()
            target = {"blockquote": self.blockquotes, "mark": self.marks, "context": self.contexts}.get(kind)
            if target is not None:
                target.append(self._buffers[kind])

    def handle_data(self, data: str) -> None:
        for kind in set(self._open):
            self._buffers[kind] += data


def test_html_is_one_safe_file(analysis):
    page = render(analysis, "html")
    outline = HtmlOutline(page)
    assert "script" not in outline.tags
    assert escape("<script>alert(1)</script>") in page
    assert all(link.startswith("#") for link in outline.links)
    assert len(outline.links) == 4  # the table of contents: three themes and the other bucket
    assert "link" not in outline.tags and "img" not in outline.tags
    assert outline.lang == "nl"


def test_html_marks_each_quote_inside_its_whole_paragraph(analysis):
    outline = HtmlOutline(render(analysis, "html"))
    assert outline.marks == all_quotes(analysis)
    contributions = [c for t in analysis["themes"] for c in t["contributions"]] + analysis["other"]
    assert outline.contexts == [PASSAGES[c["passage_id"]]["text"] for c in contributions]


def test_html_explains_each_contribution_beside_its_paragraph(analysis):
    page = render(analysis, "html")
    listed = [c for t in analysis["themes"] for c in t["contributions"]] + analysis["other"]
    assert listed
    assert page.count('<p class="why">Waarom: ') == len(listed)
    assert all(f"Waarom: {escape(c['why'])}</p></details>" in page for c in listed)


def test_html_marks_by_offset_when_the_quote_occurs_twice():
    analysis = make_analysis()
    repeated = "Wij doen het. En nog eens: Wij doen het."
    analysis["passages"] = [{"id": "x", "start": 100, "text": repeated}]
    second = repeated.rindex("Wij doen het.")
    analysis["other"] = [
        {
            "passage_id": "x",
            "quote": "Wij doen het.",
            "text": repeated,
            "page": 1,
            "start": 100 + second,
            "end": 0,
        }
    ]
    page = render(analysis, "html")
    assert "En nog eens: <mark>Wij doen het.</mark>" in page


def test_html_shows_ratings_criteria_and_evidence(analysis):
    page = render(analysis, "html")
    assert '<span class="badge r-pp" title="Beoordeling">++ 0.82</span>' in page
    assert '<span class="badge v-absent">afwezig</span>' in page
    assert f"<q>{escape(PASSAGES['p1']['text'])}</q> <small>p. 7</small>" in page


def _docx_quotes(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == QUOTE_STYLE]


def test_docx_quote_paragraphs_are_exactly_the_quotes(analysis):
    data = render(analysis, "docx")
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", "Bijdrage Coalitieakkoord 2021-2025")
    assert [text for style, text in styled if style == "Heading 1"] == [
        "Ecologische kwetsbaarheid",
        "Sociaaleconomische kwetsbaarheid",
        "Digitale kwetsbaarheid",
        "Overige bijdrage Maatschappelijke Waarde",
    ]
    assert _docx_quotes(data) == all_quotes(analysis)
    texts = [text for _, text in styled]
    assert "NIET: verantwoording inzet AI algoritmiek" in texts
    assert "pp. 7-8, 2. Duurzaam land › Klimaat en energie" in texts
    assert "Beoordeling: ++ (0.82)" in texts


def test_docx_survives_control_characters_from_a_pdf(analysis):
    analysis["other"][1]["quote"] = "Zin met\x0cpaginaeinde."
    assert _docx_quotes(render(analysis, "docx"))[-1] == "Zin metpaginaeinde."


def test_docx_without_refs_has_no_locations(analysis):
    texts = [p.text for p in docx.Document(io.BytesIO(render(analysis, "docx", refs=False))).paragraphs]
    assert not any(text.startswith(("p. ", "pp. ", "Beoordeling")) for text in texts)


def test_csv_has_one_row_per_quote_with_its_location(analysis):
    rows = list(csv.DictReader(io.StringIO(render(analysis, "csv"))))
    assert len(rows) == len(all_quotes(analysis)) == 5
    spanning = rows[1]
    assert (spanning["theme_id"], spanning["page"], spanning["page_end"]) == ("eco", "7", "8")
    assert spanning["section"] == "2. Duurzaam land > Klimaat en energie"
    assert TEXT[int(spanning["start"]) : int(spanning["end"])] == spanning["quote"]
    assert rows[0]["criteria"] == "e1" and rows[0]["status"] == "proposed"
    eco = next(t for t in analysis["themes"] if t["id"] == "eco")
    # A rating such as "++" is a formula to a spreadsheet: written with the text marker, the value stays a number.
    assert (spanning["theme_rating"], float(spanning["theme_rating_value"])) == (
        "'" + eco["rating"],
        eco["rating_value"],
    )
    assert {row["direction"] for row in rows} == {"for"}
    assert [row["theme_id"] for row in rows[-2:]] == ["other", "other"]


def test_json_round_trips_in_key_order(analysis):
    out = render(analysis, "json")
    assert "€35 mrd" in out
    assert list(json.loads(out)) == list(analysis)
    assert json.loads(out) == analysis


def test_formats_and_suffixes(analysis):
    assert [suffix(fmt) for fmt in FORMATS] == [".md", ".json", ".html", ".docx", ".csv", ".txt", ".qdpx"]
    assert all(isinstance(render(analysis, fmt), bytes) == OUTPUT_FORMATS[fmt].binary for fmt in FORMATS)
    with pytest.raises(InputError, match="unknown format 'pdf'; choose one of md, json"):
        render(analysis, "pdf")


def test_bad_analyses_are_input_errors(analysis):
    with pytest.raises(InputError, match=r"not an inkaart\.analysis/v1 analysis"):
        render({"themes": []}, "md")
    del analysis["themes"][1]["contributions"][0]["quote"]
    with pytest.raises(InputError, match="contribution 0 of theme soc lacks quote; re-run"):
        render(analysis, "html")


def test_a_text_in_another_language_is_reported_with_a_warning(analysis):
    """NIET lines on a German text are claims inkaart cannot back: every report says so at the top."""
    from inkaart.document.language import UNRECOGNISED_WARNING

    assert "Let op" not in render(analysis, "md")
    foreign = copy.deepcopy(analysis)
    foreign["document"]["warnings"] = [UNRECOGNISED_WARNING]
    warning = "Let op: de tekst leest niet als Nederlands of Engels"
    for kind in ("txt", "md", "html"):
        assert warning in render(foreign, kind), kind
    paragraphs = [p.text for p in docx.Document(io.BytesIO(render(foreign, "docx"))).paragraphs]
    assert any(warning in text for text in paragraphs)
