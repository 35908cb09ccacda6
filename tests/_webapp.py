"""Shared by the web tests: a small Dutch document, waiting for an analysis, and a real server thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from inkaart.document import Document
from inkaart.engine.analysis import passage_record

SCRIPT_LINE = "Een voorbeeld van onveilige invoer is <script>alert(1)</script> in een webformulier."

PARAGRAPHS = {
    "Klimaat": [
        "We verminderen de uitstoot van broeikasgassen met 55% in 2030 en worden uiterlijk in 2050 klimaatneutraal.",
        "Er komt een klimaatfonds van €35 mrd. voor de energietransitie, zoals wind op zee en zonnepanelen.",
        "We stimuleren elektrisch rijden en investeren in het openbaar vervoer om de uitstoot van verkeer te verlagen.",
    ],
    "Werk en inkomen": [
        "We pakken armoede en problematische schulden aan met schuldhulpverlening in elke gemeente.",
        "We verhogen het minimumloon met 7,5% zodat werken meer loont en de armoedeval kleiner wordt.",
        "Flexwerkers en zzp'ers krijgen een beter vangnet en een arbeidsongeschiktheidsverzekering.",
    ],
    "Zorg": [
        "De huisarts blijft dichtbij en de wachtlijsten in de ggz worden korter.",
        "Zorgmedewerkers krijgen een hoger salaris en meer zeggenschap over hun werk.",
    ],
    "Overig": [
        "De krijgsmacht krijgt nieuwe fregatten en onderzeeboten voor de bescherming van de Noordzee.",
        "Het Rijksmuseum en de regionale musea krijgen extra middelen voor hun collecties.",
        "De politie krijgt meer wijkagenten en de rechtspraak wordt sneller.",
        "Boeren krijgen steun bij de overgang naar kringlooplandbouw en het beheer van het landschap.",
        "Het onderwijs krijgt meer leraren en kleinere klassen, zodat ieder kind gelijke kansen krijgt.",
        "We bouwen 100.000 woningen per jaar, vooral betaalbare huurwoningen voor starters.",
        "We investeren in snelle internetverbindingen en in digitale weerbaarheid tegen cyberaanvallen.",
        "De gaswinning in Groningen stopt en de schade wordt snel vergoed.",
        SCRIPT_LINE,
    ],
}


def markdown_document() -> bytes:
    lines = ["# Ons akkoord", ""]
    for heading, paragraphs in PARAGRAPHS.items():
        lines += [f"## {heading}", ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines).encode("utf-8")


def wait_for(status: Callable[[], str], limit_seconds: float = 600) -> str:
    """Poll until an analysis leaves queued/running; the limit only stops a hung test."""
    deadline = time.monotonic() + limit_seconds
    while (current := status()) in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
    return current


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


TINY_FRAMEWORK = """
id: mini
name: Mini
language: nl
themes:
  - id: klimaat
    name: Klimaat
    description: Minder uitstoot van broeikasgassen en schone energie.
  - id: armoede
    name: Armoede
    description: Armoede en schulden aanpakken, werken moet lonen.
"""


def fake_result(document: Document) -> dict:
    """A hand-made analysis of the test document: climate and poverty proposals, one criterion."""
    content = document.content_paragraphs
    passages = []
    for index, paragraph in enumerate(content):
        climate = 3.0 if index < 3 else 0.0
        poverty = 3.0 if 3 <= index < 6 else 0.0
        scores = {"klimaat": climate, "armoede": poverty}
        passages.append(passage_record(paragraph, document.paragraph_text(paragraph), scores, []))

    def contribution(index: int) -> dict:
        passage = passages[index]
        sentence = content[index].sentences[0]
        return {
            "passage_id": passage["id"],
            "score": 3.0,
            "quote": document.text[sentence.start : sentence.end],
            "text": passage["text"],
            "page": passage["page"],
            "page_end": passage["page_end"],
            "section": passage["section"],
            "start": sentence.start,
            "end": sentence.end,
            "criteria": [],
            "why": "test",
            "duplicates": [],
        }

    criterion = {
        "id": "uitstoot",
        "text": "Minder uitstoot.",
        "verdict": "addressed",
        "score": 0.8,
        "evidence": [
            {key: contribution(0)[key] for key in ("passage_id", "quote", "page", "section", "start", "end")}
            | {"score": 0.8}
        ],
    }
    return {
        "schema": "inkaart.analysis/v1",
        "document": {"title": document.meta.title, "source": "doc.md", "language": "nl", "pages": 1},
        "framework": {
            "id": "mini",
            "name": "Mini",
            "language": "nl",
            "other": {"id": "overig", "name": "Overig"},
        },
        "themes": [
            {
                "id": "klimaat",
                "name": "Klimaat",
                "contributions": [contribution(i) for i in range(3)],
                "ranking": [{"passage_id": passages[i]["id"], "score": 3.0} for i in range(3)],
                "criteria": [criterion],
                # The gas extraction and the farming paragraphs, read as working against the climate theme.
                "against": [contribution(i) | {"direction": "against", "why": "test"} for i in (15, 11)],
                "rating": "+",
                "rating_value": 0.5,
            },
            {
                "id": "armoede",
                "name": "Armoede",
                "contributions": [contribution(i) for i in range(3, 5)],
                "ranking": [],
                "criteria": [],
                "rating": "o",
                "rating_value": 0.3,
            },
        ],
        "other": [],
        "passages": passages,
    }
