"""The analysis pipeline: document + framework -> the ``inkaart.analysis/v1`` dict.

Stages run in one direction: passages -> queries -> scores -> per-theme selection -> criterion
verdicts -> other bucket -> ratings. Every quote is cut from ``document.text`` by offsets, never
retyped, so it is verbatim by construction; :func:`verify_quotes` checks that anyway.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import UTC, datetime

import numpy as np

from .. import __version__
from ..document import Document, Paragraph
from ..errors import InputError
from ..framework import Framework
from .cache import CachedEmbedder
from .commitments import theme_commitments
from .config import DEFAULT_CONFIG, EngineConfig
from .direction import theme_polarity
from .queries import build_queries
from .rating import explain_rating, rate_theme
from .scoring import Passages, ProgressCallback, Scores, question_requests, score_passages
from .selection import (
    Candidate,
    ThemeScores,
    against,
    assignments,
    best_query_for,
    key_sentences,
    listed,
    named,
    other_contributions,
    rank_theme,
    theme_columns,
    theme_scores,
)
from .verdicts import judge_criterion

SCHEMA = "inkaart.analysis/v1"


def prepare(framework: Framework, embedder: CachedEmbedder) -> None:
    """Start embedding the framework's questions in the background; call it before reading the document.

    Reading a document keeps one core busy, so the questions cost almost nothing on a cold cache.
    """
    embedder.prefetch(question_requests(build_queries(framework)))


def analyse(
    document: Document,
    framework: Framework,
    embedder: CachedEmbedder,
    progress: ProgressCallback | None = None,
    signals: str = "hybrid",
    config: EngineConfig = DEFAULT_CONFIG,
) -> dict:
    cache = embedder.cache
    # A warm run takes the lemmatiser's answers and the sentences' direction readings from the cache file.
    with cache.lemmatiser_answers(document.text, document.meta.language) if cache else nullcontext():
        passages = Passages.from_document(document)
        if not passages.paragraphs:
            raise InputError(document.meta.source, "the document has no text to analyse")
        with cache.sentence_readings(passages.sentence_texts) if cache else nullcontext():
            return _analyse(document, passages, framework, embedder, progress, signals, config)


def _analyse(
    document: Document,
    passages: Passages,
    framework: Framework,
    embedder: CachedEmbedder,
    progress: ProgressCallback | None,
    signals: str,
    config: EngineConfig,
) -> dict:
    queries = build_queries(framework)
    scores = score_passages(passages, queries, embedder, progress, signals, config)
    theme_ids = [t.id for t in framework.themes]
    by_theme = theme_scores(scores, passages, framework, config)
    assigned = assignments(by_theme)
    opposed = against(by_theme)
    mentioned = named(by_theme)

    themes = []
    for position, theme in enumerate(framework.themes):
        if progress:
            progress("selecting", position + 1, len(framework.themes))
        themes.append(
            _theme_result(scores, passages, by_theme, assigned, opposed, position, theme, bool(mentioned[position]))
        )
    paragraph_starts = {p.id: p.start for p in passages.paragraphs}
    for result in themes:
        result["commitments"], result["money"] = theme_commitments(result, paragraph_starts)

    other_column = next((i for i, q in enumerate(queries) if q.kind == "other"), None)
    other = [
        _contribution(scores, passages, c, [c.best_query] if c.best_query >= 0 else [], None, config)
        for c in other_contributions(scores, passages, by_theme, assigned | opposed, other_column)
    ]
    return {
        "schema": SCHEMA,
        "inkaart_version": __version__,
        "generated": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "document": {
            "title": document.meta.title,
            "source": document.meta.source,
            "sha256": document.meta.sha256,
            "pages": document.meta.page_count,
            "language": document.meta.language,
            "format": document.meta.format,
            "warnings": list(document.meta.warnings),
        },
        "framework": {
            "id": framework.id,
            "name": framework.name,
            "language": framework.language,
            "other": {"id": framework.other.id, "name": framework.other.name} if framework.other else None,
        },
        "settings": {
            "embedder": embedder.name,
            "signals": signals,
            "calibration": scores.calibration,
            "config": config.values(),
            "config_provenance": config.provenance(),
        },
        "themes": themes,
        "other": other,
        "passages": _passages(passages, by_theme, assigned, theme_ids),
    }


def _theme_result(
    scores: Scores,
    passages: Passages,
    by_theme: ThemeScores,
    assigned,
    opposed,
    position: int,
    theme,
    mentioned: bool,
) -> dict:
    config = by_theme.config
    theme_column, criteria_columns = theme_columns(scores, theme.id)
    columns = [theme_column, *criteria_columns]
    matrix = by_theme.total
    ranked = rank_theme(scores, passages, matrix, position, theme.id, config)
    contributions = _merged_repeats(
        [
            _contribution(scores, passages, c, columns, criteria_columns, config, by_theme, position, "for")
            for c in listed(ranked, assigned, position, config)
        ]
    )
    against_ranked = _against_candidates(passages, by_theme, opposed, position)
    against_items = _merged_repeats(
        [
            _contribution(scores, passages, c, columns, criteria_columns, config, by_theme, position, "against")
            for c in listed(against_ranked, opposed, position, config)
        ]
    )
    polarity = theme_polarity(theme, passages.document.meta.language)
    criteria = [
        _criterion(scores, passages, column, criterion, matrix[:, position], polarity, config)
        for column, criterion in zip(criteria_columns, theme.criteria, strict=True)
    ]
    # A rating rests on measures: passages that move the theme forward and commit, not aims or prose.
    shares = _shares(passages, assigned[:, position] & (by_theme.commitment >= 1), opposed[:, position])
    rating, rating_value = rate_theme(
        contributions, criteria, passages.content_chars, against_items, config, shares, mentioned
    )
    return {
        "id": theme.id,
        "name": theme.name,
        "description": theme.description or "",
        "rating": rating,
        "rating_value": rating_value,
        "text_share": {"for": _round(shares[0]), "against": _round(shares[1])},
        "named": mentioned,
        "rating_why": explain_rating(
            rating, contributions, criteria, against_items, passages.document.meta.language, shares, config
        ),
        "contributions": contributions,
        "against": against_items,
        "ranking": [{"passage_id": passages.paragraphs[c.index].id, "score": _round(c.score)} for c in ranked],
        "criteria": criteria,
    }


def _merged_repeats(items: list[dict]) -> list[dict]:
    """One item per quote: a sentence a manifesto repeats in another paragraph is listed once, with the
    other paragraph among its duplicates (near-identical paragraphs are merged before this)."""
    first: dict[str, dict] = {}
    for item in items:
        kept = first.setdefault(item["quote"], item)
        if kept is not item:
            kept["duplicates"] = [*kept["duplicates"], item["passage_id"], *item["duplicates"]]
    return list(first.values())


def _shares(passages: Passages, assigned, opposed) -> tuple[float, float]:
    """Shares of the document's text in the passages ``assigned`` to the theme, and working against it."""
    sizes = np.array([p.end - p.start for p in passages.paragraphs], dtype=np.float64)
    total = max(float(sizes.sum()), 1.0)
    return float(sizes[assigned].sum() / total), float(sizes[opposed].sum() / total)


def _against_candidates(passages: Passages, by_theme: ThemeScores, opposed, position: int) -> list[Candidate]:
    """Every passage that works against the theme, most clearly about the theme first."""
    indices = np.flatnonzero(opposed[:, position])
    order = sorted(indices, key=lambda i: (-float(by_theme.calibrated[i, position]), int(i)))
    return [Candidate(int(i), float(by_theme.total[i, position]), -1) for i in order]


def _contribution(
    scores: Scores,
    passages: Passages,
    candidate: Candidate,
    columns: list[int],
    criteria_columns,
    config: EngineConfig,
    by_theme: ThemeScores | None = None,
    position: int = -1,
    direction: str | None = None,
) -> dict:
    document = passages.document
    paragraph = passages.paragraphs[candidate.index]
    deciding = int(by_theme.deciding[candidate.index, position]) if by_theme is not None else -1
    if direction == "against" and deciding >= 0:
        # A reversal is quoted where it is said, whichever sentence is closest to the theme.
        first = last = best = deciding
    elif columns:
        first, last, best = key_sentences(scores, passages, candidate.index, columns, config)
        if direction == "for" and deciding >= 0 and not first <= deciding <= last:
            # A contribution is quoted with the sentence that takes its step: "Het midden- en kleinbedrijf
            # is de banenkampioen van Nederland" alone is no contribution; the act two sentences on is.
            first, last = min(first, deciding), max(last, deciding)
            if last - first + 1 > config.quote_max_sentences:
                first = last = best = deciding
    else:
        positions = passages.sentence_range(candidate.index)
        first = last = best = positions.start
    start, end = passages.sentence_bounds[first][0], passages.sentence_bounds[last][1]
    matched_criteria = _matched_criteria(scores, candidate.index, criteria_columns or [])
    parts = by_theme.explain(candidate.index, position) if by_theme is not None else ""
    decision = by_theme.decision(candidate.index, position) if by_theme is not None else ""
    if candidate.best_query < 0 and columns:
        candidate = Candidate(
            candidate.index, candidate.score, best_query_for(scores, candidate.index, columns), candidate.duplicates
        )
    item = {
        "passage_id": paragraph.id,
        "score": _round(candidate.score),
        "quote": document.text[start:end],
        "text": document.paragraph_text(paragraph),
        "page": paragraph.page_start,
        "page_end": paragraph.page_end,
        "section": list(paragraph.section),
        "start": start,
        "end": end,
        "relevance": _round(by_theme.calibrated[candidate.index, position]) if by_theme is not None else None,
        "criteria": [scores.queries[c].criterion_id for c in matched_criteria],
        "why": _why(scores, passages, candidate, best, parts, decision),
        "duplicates": [passages.paragraphs[i].id for i in candidate.duplicates],
        "ocr": paragraph.ocr,
    }
    if direction:
        item["direction"] = direction
    return item


def _matched_criteria(scores: Scores, index: int, criteria_columns: list[int]) -> list[int]:
    """Criteria this paragraph speaks to: far out for the criterion itself, best first."""
    strong = [c for c in criteria_columns if scores.fused[index, c] >= 2.0]
    return sorted(strong, key=lambda c: (-float(scores.fused[index, c]), c))


def _why(
    scores: Scores, passages: Passages, candidate: Candidate, best_sentence: int, score_parts: str, decision: str
) -> str:
    query = scores.queries[candidate.best_query] if candidate.best_query >= 0 else None
    if query is None:
        return "a concrete commitment that no theme claims"
    position = best_sentence - passages.sentence_range(candidate.index).start + 1
    cosine = float(scores.sentence_cosine[best_sentence, candidate.best_query])
    terms = scores.lexical.matched_terms(candidate.index, scores.query_terms[candidate.best_query])
    subject = f"criterion “{query.label}”" if query.kind == "criterion" else f"theme “{query.label}”"
    parts = [
        f"closest to {subject}",
        f"sentence {position} (semantic {cosine:.2f})",
        f"score {candidate.score:.1f}" + (f" = {score_parts}" if score_parts else ""),
    ]
    if terms:
        parts.append("terms: " + ", ".join(terms[:6]))
    if decision:
        parts.append(decision)
    return "; ".join(parts)


def _criterion(
    scores: Scores, passages: Passages, column: int, criterion, theme_total, polarity, config: EngineConfig
) -> dict:
    verdict = judge_criterion(scores, passages, column, theme_total, polarity, config)
    document = passages.document
    evidence = []
    for item in verdict.evidence:
        start, end = passages.sentence_bounds[item.sentence]
        paragraph = passages.paragraphs[item.index]
        evidence.append(
            {
                "passage_id": paragraph.id,
                "quote": document.text[start:end],
                "page": paragraph.page_start,
                "section": list(paragraph.section),
                "score": _round(item.closeness),
                "start": start,
                "end": end,
                "direction": item.direction,
                "reason": item.reason,
                "ocr": paragraph.ocr,
            }
        )
    return {
        "id": criterion.id,
        "text": criterion.text,
        "verdict": verdict.verdict,
        "score": verdict.score,
        "evidence": evidence,
    }


def _passages(passages: Passages, by_theme: ThemeScores, assigned: np.ndarray, theme_ids: list[str]) -> list[dict]:
    """Every passage with its calibrated score per theme (comparable across documents), the themes it
    contributes to, and its direction for every theme it is related to."""
    return [
        passage_record(
            paragraph,
            passages.paragraph_text(index),
            {t: _round(float(by_theme.calibrated[index, j])) for j, t in enumerate(theme_ids)},
            [t for j, t in enumerate(theme_ids) if assigned[index, j]],
            {t: str(by_theme.directions[index, j]) for j, t in enumerate(theme_ids) if by_theme.directions[index, j]},
        )
        for index, paragraph in enumerate(passages.paragraphs)
    ]


def passage_record(
    paragraph: Paragraph,
    text: str,
    scores: dict[str, float],
    themes: list[str],
    directions: dict[str, str] | None = None,
) -> dict:
    """One entry of the analysis's ``passages``: a paragraph with its score for every theme."""
    return {
        "id": paragraph.id,
        "kind": paragraph.kind,
        "page": paragraph.page_start,
        "page_end": paragraph.page_end,
        "section": list(paragraph.section),
        "start": paragraph.start,
        "end": paragraph.end,
        "text": text,
        "scores": scores,
        "themes": themes,
        "directions": directions or {},
    }


def _round(value: float) -> float:
    return round(float(value), 4)


def verify_quotes(analysis: dict, document_text: str) -> list[str]:
    """Every quote that is not exactly ``document_text[start:end]``, described; empty means all verbatim."""
    problems = []
    for theme in analysis["themes"]:
        items = [
            *theme["contributions"],
            *theme.get("against", []),
            *(e for c in theme["criteria"] for e in c["evidence"]),
        ]
        problems += _check(items, document_text, theme["id"])
    problems += _check(analysis.get("other", []), document_text, "other")
    return problems


def _check(items, text: str, where: str) -> list[str]:
    return [
        f"{where}/{item['passage_id']}: quote at {item['start']}-{item['end']} is not verbatim"
        for item in items
        if text[item["start"] : item["end"]] != item["quote"]
    ]
