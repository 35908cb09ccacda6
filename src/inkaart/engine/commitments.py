"""Concrete commitments inside a passage: money, targets and dates, parsed from the text itself.

Pure and regex-based, Dutch and English. Each :class:`Commitment` keeps the offsets of its verbatim slice
in the text it was parsed from, so ``text[start:end]`` is the phrase a reader can check. Parsing works
sentence by sentence and, inside a sentence, clause by clause (the stretch between two amounts), because
qualifiers such as "per jaar", "structureel" or "voor de komende 10 jaar" belong to the amount they
stand next to, not to every amount of the sentence.

Amounts keep their currency (euro, pound, dollar; a bare "8 billion" is taken as euro). Totals
(:func:`money_totals`) add only budget-sized money (at least a million: smaller sums are prices or
allowances per person, "165 euro" of eigen risico, not budgets), per currency, keep per-year and one-off
money apart, skip amounts the text itself says overlap another ("waarvan", "in totaal"...), and count
each passage once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from typing import Literal

from .commitment import acts

CommitmentKind = Literal["amount", "target", "date"]

# Below this an amount (in any of the currencies read) is a price or an allowance, not a budget line.
BUDGET_MINIMUM = 1_000_000
# The currencies read, by symbol, code or word; the unit of an amount.
_CURRENCIES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP"}
_CURRENCIES |= {"$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD"}

_SCALES = {
    "duizend": 1e3,
    "thousand": 1e3,
    "k": 1e3,
    "mln": 1e6,
    "miljoen": 1e6,
    "million": 1e6,
    "m": 1e6,
    "mrd": 1e9,
    "mld": 1e9,
    "miljard": 1e9,
    "billion": 1e9,
    "bn": 1e9,
}
_NUMBER = r"\d{1,3}(?:[.\u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
# An abbreviation's full stop belongs to the amount ("€5 mln.)", "mln. per jaar"), not when it ends the sentence.
_SCALE = (
    r"(?P<scale>mln|mrd|mld|miljoen|miljard|million|billion|bn|duizend|thousand|k|m)(?![\w-])"
    r"(?:(?<=mln|mrd|mld)\.(?!\s*$|\s+[A-ZÀ-Ý€]))?"
)
_AMOUNT = re.compile(
    rf"(?P<symbol>€|£|\$|\b(?:EUR|GBP|USD)\b)\s?(?P<number>{_NUMBER})(?:\s{{0,3}}{_SCALE})?"
    r"(?:\s{1,3}(?:euro|pounds?|dollars?)\b)?"
    rf"|\b(?P<bare>{_NUMBER})\s{{0,3}}(?:{_SCALE.replace('scale', 'bare_scale')}\s{{0,3}})?"
    r"(?P<currency>euro|EUR|pounds?|GBP|dollars?|USD)\b",
    re.IGNORECASE,
)
# "ruim 1 miljard in ...", "50 miljoen in een fonds": a scale word with no currency is money only where the
# sentence speaks of spending and the next word does not name something counted ("1 miljoen woningen").
_BARE_MONEY = re.compile(
    rf"\b(?P<number>{_NUMBER})\s{{0,3}}(?P<scale>miljoen|miljard|mln|mrd|mld|million|billion|bn)"
    r"(?=\s*(?:$|[.,;:)]|\b(?:in|voor|aan|per|extra|structureel|incidenteel|uit|beschikbaar|for|a|per|to)\b))",
    re.IGNORECASE,
)
_MONEY_CUE = re.compile(
    r"\b(investe\w*|uit\s?(?:trekken|getrokken)|trekken|budget\w*|fonds\w*|beschikbaar|reserve\w*|"
    r"kost\w*|bezuinig\w*|lastenverlichting|spend\w*|fund\w*|invest\w*|allocat\w*)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    rf"(?P<number>{_NUMBER})(?:\s?%|\s(?:procent|percent)\b)(?:\s?[-–]\s?(?:{_NUMBER})\s?%)?", re.IGNORECASE
)
# "100.000 woningen per jaar": a count of something, read as a target when it is large or per year.
_COUNT = re.compile(
    r"(?<![\d.,€£$])\b(?P<number>\d{1,3}(?:\.\d{3})+|\d{2,})\s(?P<unit>[a-zà-ÿ][a-zà-ÿ-]{3,})"
    r"(?P<per>\s(?:per jaar|per year|a year|each year|per week|per maand))?",
)
_YEAR_EXPRESSION = re.compile(
    r"\b(?P<prep>uiterlijk(?: in| per)?|vanaf|met ingang van|per|in|tot|voor|vóór|na|rond|"
    r"by|from|until|before|after)\s+(?:(?:begin|eind|medio|early|late|mid)\s+)?(?P<year>20\d\d)\b(?!\s?%)",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b(?:(?:in|gedurende|tijdens|over)\s+)?(?:deze|de komende|de|the|this)\s+(?:kabinetsperiode|regeerperiode|"
    r"cabinet period|parliamentary term)\b",
    re.IGNORECASE,
)
_PER_YEAR = re.compile(r"\b(?:per jaar|jaarlijks|per year|a year|each year|annually|p\.j\.)", re.IGNORECASE)
_PER_MONTH = re.compile(r"\b(?:per maand|maandelijks|per month|a month|monthly)\b", re.IGNORECASE)
_STRUCTURAL = re.compile(r"\b(?:oplopend(?:\s+tot)?\s+)?(?:structureel|structurele|structural(?:ly)?)\b", re.IGNORECASE)
_ONE_OFF = re.compile(r"\b(?:incidenteel|incidentele|eenmalig|eenmalige|one-off|one-time)\b", re.IGNORECASE)
_SPAN_YEARS = re.compile(
    r"\b(?:(?:voor|gedurende|over|in)\s+(?:de\s+)?(?:komende\s+|volgende\s+)?|for\s+(?:the\s+)?(?:next\s+)?|over\s+"
    r"(?:the\s+)?(?:next\s+)?)(?P<years>\d{1,2})\s+(?:jaar|jaren|years)\b",
    re.IGNORECASE,
)
_CUMULATIVE = re.compile(r"\b(?:cumulatief|cumulative(?:ly)?)\b", re.IGNORECASE)
_TOTAL = re.compile(r"\b(?:in totaal|in total|opgeteld|all in all)\b", re.IGNORECASE)
_PART_OF = re.compile(
    r"\b(?:waarvan|daarvan|hiervan|daarbinnen|binnen dit bedrag|binnen deze middelen|uit dit bedrag|"
    r"uit deze middelen|of which|out of this|within this amount|including)\b",
    re.IGNORECASE,
)
_ACTOR = re.compile(
    r"\b(?P<actor>het kabinet|de regering|de coalitie|het rijk|wij|we|gemeenten|provincies|waterschappen|"
    r"medeoverheden|werkgevers|sociale partners|woningcorporaties|corporaties|scholen|zorgverzekeraars|"
    r"the government|the cabinet|the coalition|municipalities|employers)\b",
    re.IGNORECASE,
)
# An amount is committed when its sentence has an actor, an act to come or in the present passive, or a
# word that allocates it ("€ 35 miljard voor een klimaatfonds"); "Italië heeft een schuld van € 2.400
# miljard" only describes.
_ALLOCATES = re.compile(
    r"\b(?:voor|naar|extra|investe\w*|fonds\w*|budget\w*|beschikbaar|uittrek\w*|uitgetrokken|vrijma\w*|"
    r"vrijgemaakt|reserve\w*|besteden|besteed|bijdrage|subsidie\w*|verhog\w*|verlag\w*|bezuinig\w*|"
    r"for|to|invest\w*|fund\w*|budget\w*|additional|allocat\w*|earmark\w*|available|spend\w*|rais\w*|cut\w*)\b",
    re.IGNORECASE,
)
# "een reductie van 70%", "the share of 30%": the noun the figure belongs to.
_OF_PERCENTAGE = re.compile(r"(?P<noun>[\wÀ-ÿ-]{3,})\s+(?:van|of)\s+(?:tenminste\s+|minimaal\s+|circa\s+)?$", re.I)
# "10 procent toegerekend", "30% gemiddeld": a verb form after the figure, not what it is of.
_PARTICIPLE = re.compile(r"^(?:[a-z]{2,4})?ge[a-zà-ÿ]+[dt]$")
_WORD = re.compile(r"[\wÀ-ÿ’'-]+")
_TARGET_STOP = {
    "in", "van", "voor", "tot", "naar", "op", "per", "en", "of", "het", "de", "een", "te", "met", "bij", "is", "zijn",
    "wordt", "worden", "the", "a", "by", "to", "for", "and", "on", "at", "as", "are", "ten", "opzichte",
    "tenminste", "minimaal", "maximaal", "circa", "ca", "ruim", "rond", "bijna", "meer", "dan", "minder",
    "least", "most", "around", "about", "over", "we", "wij", "dat", "die", "dit", "deze", "kan", "kunnen",
    "moet", "moeten", "zal", "zullen", "gaan", "gaat", "will", "must", "can", "should",
}  # fmt: skip
_NOT_COUNTED = {
    "jaar", "jaren", "jaarlijks", "maanden", "weken", "dagen", "uur", "uren", "euro", "procent", "percent",
    "miljoen", "miljard", "duizend", "years", "months", "weeks", "days", "hours", "million", "billion",
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
    "november", "december", "en", "tot", "van", "voor", "naar", "per",
}  # fmt: skip
_ABBREVIATION_END = re.compile(r"\b(?:mln|mrd|mld|ca|o\.a|bijv|m\.n|i\.p\.v|incl|excl|nr|art|e\.g|i\.e|etc)\.$", re.I)


@dataclass(frozen=True)
class Commitment:
    kind: CommitmentKind
    start: int
    end: int
    value: float | None = None
    unit: str | None = None
    per: str | None = None
    years: int | None = None
    structural: bool | None = None
    year: int | None = None
    actor: str | None = None
    what: str | None = None
    # The text says this amount is part of another one it also names ("waarvan"), so totals skip it.
    part_of_other: bool = False
    # Its sentence commits nobody to it (no actor, no act, nothing allocated): totals skip it too.
    described: bool = False


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def parse_commitments(text: str) -> list[Commitment]:
    """Every amount, target and date in ``text``, in reading order, with offsets into ``text``."""
    found: list[Commitment] = []
    earlier_amount = False
    for sentence in sentence_spans(text):
        parsed = _parse_sentence(text, sentence, earlier_amount)
        earlier_amount = earlier_amount or any(c.kind == "amount" for c in parsed)
        found += parsed
    return _mark_totals(text, found)


def sentence_spans(text: str) -> list[_Span]:
    """Sentences by punctuation, keeping "€500 mln. per jaar" and "o.a. het" together."""
    spans, start = [], 0
    for match in re.finditer(r"[.!?;](?=\s+[A-ZÀ-Ý€‘'“\"(\d])|\n+", text):
        end = match.end() if match.group().strip() else match.start()
        if match.group() == "." and _ABBREVIATION_END.search(text[max(start, end - 8) : end]):
            continue
        if text[start:end].strip():
            spans.append(_trimmed(text, start, end))
        start = match.end()
    if text[start:].strip():
        spans.append(_trimmed(text, start, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> _Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return _Span(start, end)


def _parse_sentence(text: str, sentence: _Span, earlier_amount: bool) -> list[Commitment]:
    body = text[sentence.start : sentence.end]
    actor_match = _ACTOR.search(body)
    actor = actor_match.group("actor").lower() if actor_match else None
    described = not (actor_match or _ALLOCATES.search(body) or acts(body, "nl") or acts(body, "en"))
    amounts = _amount_matches(body)
    taken = [_Span(m.start(), m.end()) for m in amounts]
    targets = [m for m in _target_matches(body) if not _overlaps(m.start(), m.end(), taken)]
    taken += [_Span(m.start(), m.end()) for m in targets]
    anchors = sorted(taken, key=lambda s: s.start)
    years = [m for m in _YEAR_EXPRESSION.finditer(body) if not _overlaps(m.start(), m.end(), taken)]
    consumed: set[int] = set()

    commitments = []
    for position, match in enumerate(amounts):
        clause = _clause(body, anchors, match.start(), match.end())
        commitment, used_year = _amount(body, match, clause, years, position, earlier_amount)
        consumed |= used_year
        commitments.append(replace(commitment, actor=actor, described=described))
    previous_what = None
    for match in targets:
        clause = _clause(body, anchors, match.start(), match.end())
        commitment, used_year = _target(body, match, clause, years)
        consumed |= used_year
        # "70% in 2035 en 80% in 2040": the second figure is of the same thing as the first.
        previous_what = commitment.what or previous_what
        commitments.append(replace(commitment, actor=actor, what=previous_what))
    for index, match in enumerate(years):
        if index not in consumed:
            commitments.append(
                Commitment("date", match.start(), match.end(), year=int(match.group("year")), actor=actor)
            )
    commitments += [
        Commitment("date", m.start(), m.end(), actor=actor)
        for m in _PERIOD.finditer(body)
        if not _overlaps(m.start(), m.end(), [_Span(c.start, c.end) for c in commitments])
    ]
    shifted = [replace(c, start=c.start + sentence.start, end=c.end + sentence.start) for c in commitments]
    return sorted(shifted, key=lambda c: (c.start, c.end))


def _amount_matches(body: str) -> list[re.Match[str]]:
    matches = list(_AMOUNT.finditer(body))
    if _MONEY_CUE.search(body):
        matches += [m for m in _BARE_MONEY.finditer(body) if not _overlaps(m.start(), m.end(), _spans(matches))]
    return sorted(matches, key=lambda m: m.start())


def _target_matches(body: str) -> list[re.Match[str]]:
    counts = [
        m
        for m in _COUNT.finditer(body)
        if m.group("unit").lower() not in _NOT_COUNTED
        and not re.fullmatch(r"(19|20)\d\d", m.group("number"))
        and (_number(m.group("number")) >= 100 or m.group("per"))
    ]
    matches = [*_PERCENT.finditer(body), *counts]
    return sorted(matches, key=lambda m: m.start())


def _spans(matches: Iterable[re.Match[str]]) -> list[_Span]:
    return [_Span(m.start(), m.end()) for m in matches]


def _overlaps(start: int, end: int, spans: Iterable[_Span]) -> bool:
    return any(start < s.end and s.start < end for s in spans)


def _clause(body: str, anchors: list[_Span], start: int, end: int) -> _Span:
    """From the end of the previous amount or target to the start of the next one."""
    before = [a.end for a in anchors if a.end <= start]
    after = [a.start for a in anchors if a.start >= end]
    return _Span(max(before, default=0), min(after, default=len(body)))


def _amount(
    body: str, match: re.Match[str], clause: _Span, years: list[re.Match[str]], position: int, earlier: bool
) -> tuple[Commitment, set[int]]:
    number = match.group("number") if "number" in match.re.groupindex else None
    number = number or match.group("bare")
    scale = _group(match, "scale") or _group(match, "bare_scale")
    value = _number(number, english_scale=bool(scale and scale.lower() in {"million", "billion", "bn", "thousand"}))
    value *= _SCALES.get((scale or "").lower().rstrip("."), 1.0)
    parts = [_Span(match.start(), match.end())]
    per_year = _near(_PER_YEAR, body, clause, parts)
    per_month = None if per_year else _near(_PER_MONTH, body, clause, parts)
    structural = _near(_STRUCTURAL, body, clause, parts)
    one_off = _near(_ONE_OFF, body, clause, parts)
    span_years = _near(_SPAN_YEARS, body, clause, parts)
    cumulative = _near(_CUMULATIVE, body, clause, parts)
    year_index = _year_in(years, clause, parts)
    structural_flag = True if structural else False if one_off else None
    per = "year" if (per_year or structural) and not (cumulative or span_years) else None
    per = "month" if per_month else per
    prefix = body[clause.start : match.start()]
    part_of = bool(_PART_OF.search(prefix)) or (position == 0 and earlier and bool(_PART_OF.search(body[:12])))
    first, last = min(p.start for p in parts), max(p.end for p in parts)
    currency = _group(match, "symbol") or _group(match, "currency") or "euro"
    commitment = Commitment(
        "amount",
        first,
        last,
        value=value,
        unit=_CURRENCIES[currency.lower()],
        per=per,
        years=int(span_years.group("years")) if span_years else None,
        structural=structural_flag,
        year=int(years[year_index].group("year")) if year_index is not None else None,
        part_of_other=part_of,
    )
    return commitment, {year_index} if year_index is not None else set()


def _target(body: str, match: re.Match[str], clause: _Span, years: list[re.Match[str]]) -> tuple[Commitment, set[int]]:
    parts = [_Span(match.start(), match.end())]
    is_count = match.re is _COUNT
    per_year = bool(_group(match, "per")) if is_count else False
    year_index = _year_in(years, clause, parts, reach=len(body))
    unit = match.group("unit") if is_count else "%"
    what = None
    if not is_count:
        what, what_end = _what(body, clause, match.end(), match.start())
        parts.append(_Span(match.start(), what_end))
    first, last = min(p.start for p in parts), max(p.end for p in parts)
    commitment = Commitment(
        "target",
        first,
        last,
        value=_number(match.group("number")),
        unit=unit,
        per="year" if per_year else None,
        year=int(years[year_index].group("year")) if year_index is not None else None,
        what=what,
    )
    return commitment, {year_index} if year_index is not None else set()


def _group(match: re.Match[str], name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


def _near(pattern: re.Pattern[str], body: str, clause: _Span, parts: list[_Span], gap: int = 40):
    """The qualifier in the clause closest to the amount, within ``gap`` characters; widens ``parts``.
    One right after the amount or target before the clause is that one's: in "€2 billion a year on
    insulation, €500 million on research" the "a year" is not the research money's."""
    best, best_distance = None, gap + 1
    first, last = min(p.start for p in parts), max(p.end for p in parts)
    for found in pattern.finditer(body, clause.start, clause.end):
        if found.end() <= first and clause.start > 0 and not body[clause.start : found.start()].strip():
            continue
        distance = found.start() - last if found.start() >= last else first - found.end()
        if 0 <= distance < best_distance:
            best, best_distance = found, distance
    if best is not None:
        parts.append(_Span(best.start(), best.end()))
    return best


def _year_in(years: list[re.Match[str]], clause: _Span, parts: list[_Span], reach: int = 40) -> int | None:
    """The year expression of the clause nearest to the phrase (targets may reach across the sentence)."""
    first, last = min(p.start for p in parts), max(p.end for p in parts)
    best, best_distance = None, reach + 1
    for index, found in enumerate(years):
        inside = clause.start <= found.start() and found.end() <= clause.end
        distance = found.start() - last if found.start() >= last else first - found.end()
        if (inside or reach > 40) and 0 <= distance < best_distance:
            best, best_distance = index, distance
    # Only a year right beside the phrase joins its quoted slice ("55% in 2030"); a farther one is just read.
    if best is not None and best_distance <= 1:
        parts.append(_Span(years[best].start(), years[best].end()))
    return best


def _what(body: str, clause: _Span, after: int, before: int) -> tuple[str | None, int]:
    """What a percentage is of, and where the quoted slice ends: the words right after it ("55% CO2
    reductie"), else the last content word before it in its clause ("een reductie van 70%")."""
    following = []
    for word in _WORD.finditer(re.split(r"[,.;:()]", body[after : after + 60], maxsplit=1)[0]):
        text = word.group()
        if text.lower() in _TARGET_STOP or text.isdigit() or _PARTICIPLE.match(text) or len(following) == 3:
            break
        following.append(word)
    if following:
        return " ".join(w.group() for w in following), after + following[-1].end()
    of = _OF_PERCENTAGE.search(body[max(clause.start, before - 60) : before])
    return (of.group("noun") if of else None), after


def _number(text: str, english_scale: bool = False) -> float:
    """Dutch and English number formats: 1.000 and 1 000 are thousands; 1,5 (Dutch) and 1.5 (English) decimals."""
    compact = text.replace("\u00a0", "").replace("\u202f", "")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", compact) and not english_scale:
        return float(compact.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", compact) and english_scale:
        return float(compact.replace(",", ""))
    return float(compact.replace(",", "."))


def _mark_totals(text: str, commitments: list[Commitment]) -> list[Commitment]:
    """Amounts followed by an "in totaal" amount of the same kind in the same text are parts of that total."""
    marked = list(commitments)
    for index, commitment in enumerate(commitments):
        if commitment.kind != "amount" or not _TOTAL.search(_sentence_of(text, commitment.start)):
            continue
        for earlier in range(index):
            other = marked[earlier]
            if other.kind == "amount" and other.per == commitment.per:
                marked[earlier] = replace(other, part_of_other=True)
    return marked


def _sentence_of(text: str, offset: int) -> str:
    for span in sentence_spans(text):
        if span.start <= offset < span.end:
            return text[span.start : offset]
    return ""


# --- the analysis hook: commitments per theme ------------------------------------------------------------


def theme_commitments(theme: dict, paragraph_starts: dict[str, int]) -> tuple[list[dict], dict]:
    """``themes[].commitments`` and ``themes[].money`` for one theme of an analysis dict.

    Reads the theme's contributions (``for``) and ``against`` passages; ``paragraph_starts`` maps a
    passage id to its offset in the document, so each commitment's ``start``/``end`` index the document.
    """
    records: list[dict] = []
    seen: set[str] = set()
    for item in _theme_passages(theme):
        if item["passage_id"] in seen:
            continue
        seen.update([item["passage_id"], *item.get("duplicates", [])])
        offset = paragraph_starts.get(item["passage_id"])
        if offset is None:
            continue
        records += [_record(c, item, offset) for c in parse_commitments(item["text"])]
    for record in records:
        record["in_total"] = counts_in_total(record)
    return records, money_totals(records)


def _theme_passages(theme: dict) -> Iterator[dict]:
    for item in theme.get("contributions", []):
        yield {**item, "direction": item.get("direction", "for")}
    for item in theme.get("against", []):
        yield {**item, "direction": "against"}


def _record(commitment: Commitment, item: dict, offset: int) -> dict:
    fields = asdict(commitment)
    text = item["text"][commitment.start : commitment.end]
    return {
        "kind": fields.pop("kind"),
        "text": text,
        "start": offset + fields.pop("start"),
        "end": offset + fields.pop("end"),
        "passage_id": item["passage_id"],
        "direction": item["direction"],
        **fields,
    }


def money_totals(records: Iterable[dict]) -> dict:
    """Euros per year (monthly amounts times 12) and one-off or in total, of the records that count; the
    same per other currency under ``other_currencies`` (a pound is never added to a euro)."""
    totals: dict[str, dict[str, float]] = {}
    for record in records:
        if not counts_in_total(record):
            continue
        total = totals.setdefault(record.get("unit") or "EUR", {"per_year": 0.0, "one_off": 0.0})
        if record["per"] == "year":
            total["per_year"] += record["value"]
        elif record["per"] == "month":
            total["per_year"] += 12 * record["value"]
        else:
            total["one_off"] += record["value"]
    euro = totals.pop("EUR", {"per_year": 0.0, "one_off": 0.0})
    return {"per_year_eur": euro["per_year"], "one_off_eur": euro["one_off"], "other_currencies": totals}


def counts_in_total(record: dict) -> bool:
    """A budget-sized amount of a passage that works for the theme, committed, not part of another amount."""
    return (
        record["kind"] == "amount"
        and record.get("direction", "for") == "for"
        and not record.get("part_of_other", False)
        and not record.get("described", False)
        and record["value"] is not None
        and record["value"] >= BUDGET_MINIMUM
    )
