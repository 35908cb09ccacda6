"""The keys of the analysis dict (``inkaart.analysis/v1``) that the reports and the review app read.

Declared once here, typed, so a renamed key shows up in the type checker rather than as an empty report.
Every key beyond the engine's core is optional (``total=False``): an analysis saved by an older inkaart
lacks the newer ones, and readers use ``.get()`` with a default. The review keys are added to a copy by
:mod:`inkaart.review`, never stored in the engine's result.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

SCHEMA = "inkaart.analysis/v1"

Direction = Literal["for", "against"]
Status = Literal["proposed", "accepted", "added"]
Verdict = Literal["addressed", "partial", "absent"]


class Contribution(TypedDict):
    """A passage in a theme's list: a contribution (``direction: for``) or one working against it."""

    passage_id: str
    score: float
    quote: str
    text: str
    page: int
    page_end: int
    section: list[str]
    start: int
    end: int
    criteria: list[str]
    why: str
    duplicates: list[str]
    direction: NotRequired[Direction]
    relevance: NotRequired[float | None]  # calibrated against the background: comparable across documents
    ocr: NotRequired[bool]
    # Added by the review: the reviewer's disposition, note and who decided.
    status: NotRequired[Status]
    note: NotRequired[str]
    reviewed_by: NotRequired[str]
    moved_from: NotRequired[str | None]
    # Added by feedback re-ranking: the place before and after, and the learned probability.
    rank_before: NotRequired[int]
    rank_after: NotRequired[int]
    reranked: NotRequired[bool]
    feedback: NotRequired[float]


class Evidence(TypedDict):
    passage_id: str
    quote: str
    page: int
    section: list[str]
    score: float
    start: int
    end: int
    direction: NotRequired[Literal["for", "against", "neutral"]]
    reason: NotRequired[str]
    ocr: NotRequired[bool]


class Override(TypedDict):
    """A reviewer's verdict on a criterion, beside the engine's own."""

    verdict: Verdict
    note: str
    reviewer: str
    created: str


class Criterion(TypedDict):
    id: str
    text: str
    verdict: Verdict
    score: float
    evidence: list[Evidence]
    override: NotRequired[Override]


class Commitment(TypedDict, total=False):
    kind: Literal["amount", "target", "date"]
    text: str
    start: int
    end: int
    passage_id: str
    direction: str
    value: float | None
    unit: str | None
    per: str | None
    years: int | None
    structural: bool | None
    year: int | None
    actor: str | None
    what: str | None
    part_of_other: bool
    described: bool  # its sentence commits nobody to it: shown, not added up
    in_total: bool


class CurrencyTotal(TypedDict):
    per_year: float
    one_off: float


class Money(TypedDict):
    per_year_eur: float
    one_off_eur: float
    other_currencies: dict[str, CurrencyTotal]  # "GBP", "USD": amounts in another currency, never added to euros


class Removed(TypedDict):
    """A proposal a reviewer rejected or moved away, as the review app lists it."""

    passage_id: str
    quote: str
    page: int
    action: str
    to_theme: str | None
    reviewed_by: str


class Suggestion(TypedDict):
    passage_id: str
    rank_before: int
    rank_after: int
    reranked: bool
    feedback: float


class FeedbackSummary(TypedDict):
    accepted: int
    rejected: int
    reranked: int


class RankingEntry(TypedDict):
    passage_id: str
    score: float


class Theme(TypedDict):
    id: str
    name: str
    description: str
    rating: str | None
    rating_value: float | None
    contributions: list[Contribution]
    ranking: list[RankingEntry]
    criteria: list[Criterion]
    against: NotRequired[list[Contribution]]
    rating_why: NotRequired[str]
    text_share: NotRequired[dict[str, float]]  # {"for": ..., "against": ...}: shares of the document's text
    named: NotRequired[bool]  # some passage is about the theme without working against it ("-" rather than "--")
    commitments: NotRequired[list[Commitment]]
    money: NotRequired[Money]
    # Added by the review.
    rejected: NotRequired[list[Removed]]
    against_rejected: NotRequired[list[Removed]]
    reviewed: NotRequired[bool]
    machine_rating: NotRequired[str | None]
    machine_rating_value: NotRequired[float | None]
    rating_note: NotRequired[str]
    suggestions: NotRequired[list[Suggestion]]
    feedback: NotRequired[FeedbackSummary]


class DocumentInfo(TypedDict, total=False):
    title: str
    source: str
    sha256: str
    pages: int
    language: str
    format: str
    warnings: list[str]  # what reading the document noticed (the lines `inkaart inspect` shows)


class Bucket(TypedDict):
    id: str
    name: str


class FrameworkInfo(TypedDict):
    id: str
    name: str
    language: str
    other: Bucket | None


class Settings(TypedDict, total=False):
    embedder: str
    signals: str
    calibration: str
    config: dict[str, object]
    config_provenance: dict[str, str]


class Passage(TypedDict):
    id: str
    kind: str
    page: int
    page_end: int
    section: list[str]
    start: int
    end: int
    text: str
    scores: dict[str, float]
    themes: list[str]
    directions: NotRequired[dict[str, Direction]]


class Review(TypedDict, total=False):
    """What the review app says about the decisions folded into this copy."""

    reviewer: str | None
    reviewers: list[str]
    decision_count: int
    actions: dict[str, int]
    decisions: list[dict[str, object]]
    not_reviewed: list[str]


class Analysis(TypedDict):
    schema: str
    inkaart_version: NotRequired[str]
    generated: NotRequired[str]
    document: DocumentInfo
    framework: FrameworkInfo
    settings: NotRequired[Settings]
    themes: list[Theme]
    other: NotRequired[list[Contribution]]
    passages: list[Passage]
    review: NotRequired[Review]
