"""What every renderer shares: the schema check, the wording per language and the theme "buckets".

Renderers read only the ``inkaart.analysis/v1`` dict; they never import the engine, so a saved analysis
(possibly edited by a reviewer) renders the same as a fresh one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from typing import Any

from inkaart.document.language import UNRECOGNISED_WARNING
from inkaart.errors import InputError

SCHEMA = "inkaart.analysis/v1"
RATINGS = ("++", "+", "o", "-", "--")
VERDICTS = ("addressed", "partial", "absent")


@dataclass(frozen=True)
class Labels:
    """The fixed words of a report in one language."""

    heading: str
    intro: str
    unrecognised: str  # added to the intro when the text reads as neither Dutch nor English
    rating: str
    gap: str
    against: str
    works_against: str
    other: str
    contents: str
    context: str
    why: str
    criteria: str
    criterion: str
    verdict: str
    score: str
    evidence: str
    note: str
    direction: str
    directions: dict[str, str]
    overridden: str
    generated: str
    verdicts: dict[str, str]
    statuses: dict[str, str]


_LABELS = {
    "nl": Labels(
        heading="Bijdrage {title}",
        intro="Hier laten we zien wat de bijdrage van {title} is aan {framework}.",
        unrecognised="Let op: de tekst leest niet als Nederlands of Engels, de enige talen waarin inkaart richting "
        "en woorden leest; controleer elke NIET-regel en elke beoordeling voordat u ze publiceert.",
        rating="Beoordeling",
        gap="NIET",
        against="TEGEN",
        works_against="Werkt tegen",
        other="Overige bijdragen",
        contents="Inhoud",
        context="Hele alinea",
        why="Waarom",
        criteria="Criteria",
        criterion="Criterium",
        verdict="Oordeel",
        score="Score",
        evidence="Dichtstbijzijnde passages",
        note="Notitie",
        direction="Richting",
        directions={"for": "voor", "against": "tegen", "neutral": "neutraal"},
        overridden="aangepast door",
        generated="Gemaakt met inkaart {version} op {date}; embedder {embedder}.",
        verdicts={"addressed": "behandeld", "partial": "gedeeltelijk", "absent": "afwezig"},
        statuses={"proposed": "voorgesteld", "accepted": "geaccepteerd", "added": "toegevoegd"},
    ),
    "en": Labels(
        heading="Contribution of {title}",
        intro="Here we show what {title} contributes to {framework}.",
        unrecognised="Note: the text reads as neither Dutch nor English, the only languages in which inkaart reads "
        "direction and words; check every NOT line and every rating before publishing them.",
        rating="Rating",
        gap="NOT",
        against="AGAINST",
        works_against="Works against",
        other="Other contributions",
        contents="Contents",
        context="Whole paragraph",
        why="Why",
        criteria="Criteria",
        criterion="Criterion",
        verdict="Verdict",
        score="Score",
        evidence="Closest passages",
        note="Note",
        direction="Direction",
        directions={"for": "for", "against": "against", "neutral": "neutral"},
        overridden="overridden by",
        generated="Made with inkaart {version} on {date}; embedder {embedder}.",
        verdicts={"addressed": "addressed", "partial": "partial", "absent": "absent"},
        statuses={"proposed": "proposed", "accepted": "accepted", "added": "added"},
    ),
}


@dataclass(frozen=True)
class Bucket:
    """A theme, or the framework's "other" bucket, as every report lists it."""

    id: str
    name: str
    description: str
    rating: str | None
    rating_value: float | None
    contributions: list[dict[str, Any]]
    criteria: list[dict[str, Any]]
    # Passages that work against the theme and the sentence the rating rests on; older analyses lack both.
    against: list[dict[str, Any]] = field(default_factory=list)
    rating_why: str | None = None
    # Set by a review export: the machine's rating beside the reviewed one, or that nobody reviewed it yet.
    rating_note: str | None = None


def validate(analysis: object) -> None:
    """Raise :class:`InputError` unless ``analysis`` has everything the renderers read."""
    if not isinstance(analysis, dict) or analysis.get("schema") != SCHEMA:
        raise InputError(None, f"not an {SCHEMA} analysis; render the JSON that an inkaart analysis wrote")
    problem = next(_problems(analysis), None)
    if problem:
        raise InputError(None, f"analysis is incomplete: {problem}; re-run the analysis or repair the JSON")


def _problems(analysis: dict[str, Any]) -> Iterator[str]:
    if not isinstance(analysis.get("document"), dict) or "title" not in analysis["document"]:
        yield "document.title is missing"
    if not isinstance(analysis.get("framework"), dict) or "name" not in analysis["framework"]:
        yield "framework.name is missing"
    if not isinstance(analysis.get("themes"), list):
        yield "themes is not a list"
        return
    for index, theme in enumerate(analysis["themes"]):
        missing = [key for key in ("id", "name", "contributions") if key not in theme]
        if missing:
            yield f"theme {index} lacks {', '.join(missing)}"
            continue
        yield from _contribution_problems(theme["contributions"], f"theme {theme['id']}")
        yield from _contribution_problems(theme.get("against") or [], f"theme {theme['id']} (against)")
        for criterion in theme.get("criteria", []):
            if "text" not in criterion or criterion.get("verdict") not in VERDICTS:
                yield f"a criterion of theme {theme['id']} lacks text or a valid verdict"
    yield from _contribution_problems(analysis.get("other", []), "other")


def _contribution_problems(contributions: object, where: str) -> Iterator[str]:
    if not isinstance(contributions, list):
        yield f"the contributions of {where} are not a list"
        return
    for index, contribution in enumerate(contributions):
        missing = [key for key in ("passage_id", "quote", "page", "start", "end") if key not in contribution]
        if missing:
            yield f"contribution {index} of {where} lacks {', '.join(missing)}"


def language(analysis: dict[str, Any]) -> str:
    """The report's language: the framework's, since the fixed words sit beside the framework's names."""
    for candidate in (analysis["framework"].get("language"), analysis["document"].get("language")):
        if candidate in _LABELS:
            return candidate
    return "nl"


def labels(analysis: dict[str, Any]) -> Labels:
    return _LABELS[language(analysis)]


def heading(analysis: dict[str, Any]) -> str:
    return labels(analysis).heading.format(title=analysis["document"]["title"])


def intro(analysis: dict[str, Any]) -> str:
    """The report's opening sentence, with a warning where the analysis cannot be trusted as usual: a text
    in a language inkaart does not read gets NIET lines for directions it may well address."""
    words = labels(analysis)
    framework = lower_first(analysis["framework"]["name"])
    sentence = words.intro.format(title=analysis["document"]["title"], framework=framework)
    if UNRECOGNISED_WARNING in analysis["document"].get("warnings", []):
        sentence += " " + words.unrecognised
    return sentence


def lower_first(text: str) -> str:
    """Lower the first letter so a name reads mid-sentence, but keep acronyms ("SDG's") intact."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def pages(item: dict[str, Any]) -> str:
    first, last = item["page"], item.get("page_end", item["page"])
    return f"p. {first}" if last == first else f"pp. {first}-{last}"


PASSAGE_FORMATS = ("csv", "json")


def cites_passage_ids(analysis: dict[str, Any]) -> bool:
    """A list of passages (CSV/JSON rows) is cited by its users' own row ids; a document by page alone."""
    return analysis.get("document", {}).get("format") in PASSAGE_FORMATS


def location(item: dict[str, Any], with_id: bool = False) -> str:
    """Where a quote stands: ``p. 7, 2. Duurzaam land › Klimaat en energie``, after the row id if asked;
    ``p. 7 (OCR)`` when the quote comes from a scanned page, so a reader checks it against the scan."""
    parts = [item["passage_id"]] if with_id and item.get("passage_id") else []
    parts.append(pages(item) + (" (OCR)" if item.get("ocr") else ""))
    section = " › ".join(item.get("section") or [])
    if section:
        parts.append(section)
    return ", ".join(parts)


def rating_text(bucket: Bucket) -> str | None:
    if bucket.rating is None:
        return None
    text = bucket.rating if bucket.rating_value is None else f"{bucket.rating} ({bucket.rating_value:.2f})"
    return f"{text}; {bucket.rating_note}" if bucket.rating_note else text


def verdict(criterion: dict[str, Any]) -> str:
    """A reviewer's override wins over the engine's verdict."""
    override = criterion.get("override") or {}
    return override.get("verdict") or criterion["verdict"]


def gap_texts(bucket: Bucket) -> list[str]:
    """The criteria the document does not address: the ``NIET:`` lines."""
    return [criterion["text"] for criterion in bucket.criteria if verdict(criterion) == "absent"]


def buckets(analysis: dict[str, Any]) -> list[Bucket]:
    """The themes in framework order, then the "other" bucket when the framework has one or it is filled."""
    result = [
        Bucket(
            id=theme["id"],
            name=theme["name"],
            description=theme.get("description", ""),
            rating=theme.get("rating"),
            rating_value=theme.get("rating_value"),
            contributions=_unique_quotes(theme["contributions"]),
            criteria=theme.get("criteria", []),
            against=_unique_quotes(theme.get("against") or []),
            rating_why=theme.get("rating_why") or None,
            rating_note=theme.get("rating_note"),
        )
        for theme in analysis["themes"]
    ]
    other_meta = analysis["framework"].get("other")
    other = analysis.get("other", [])
    if other_meta or other:
        other_meta = other_meta or {}
        result.append(
            Bucket(
                id=other_meta.get("id", "other"),
                name=other_meta.get("name") or labels(analysis).other,
                description="",
                rating=None,
                rating_value=None,
                contributions=_unique_quotes(other),
                criteria=[],
            )
        )
    return result


def _unique_quotes(contributions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the first of contributions that quote the same text: a report must not repeat itself."""
    seen: set[str] = set()
    unique = []
    for contribution in contributions:
        if contribution["quote"] not in seen:
            seen.add(contribution["quote"])
            unique.append(contribution)
    return unique


def html_page(language: str | None, title: str, css: str, body: list[str]) -> str:
    """One self-contained HTML file: the document shell shared by every HTML report."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language or "nl")}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# A spreadsheet reads a cell that starts with one of these as a formula (or a DDE call): "=HYPERLINK(...)",
# but also "+", "-", "--" and "++", so the rating symbols too. Every such text cell gets a leading "'", which
# spreadsheets show as a plain-text marker; numbers are written as numbers and left alone.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that no spreadsheet evaluates (OWASP's CSV-injection rule)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
