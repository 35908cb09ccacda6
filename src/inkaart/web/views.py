"""Reviewed analysis -> what the review page shows: every string still raw (Jinja escapes it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..report.common import cites_passage_ids, location, verdict


@dataclass
class QuoteView:
    passage_id: str
    before: str
    quote: str
    after: str
    paragraph_start: int
    page: int
    location: str
    status: str = "proposed"
    note: str = ""
    why: str = ""
    score: float = 0.0
    reviewed_by: str = ""
    moved_from: str | None = None
    reranked: bool = False
    rank_before: int | None = None
    rank_after: int | None = None
    feedback: float | None = None


@dataclass
class ThemeView:
    id: str
    name: str
    description: str
    rating: str | None
    rating_value: float | None
    proposals: list[QuoteView]
    rejected: list[dict[str, Any]] = field(default_factory=list)
    criteria: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[QuoteView] = field(default_factory=list)
    feedback: dict[str, int] | None = None

    @property
    def rating_class(self) -> str:
        return {"++": "r-pp", "+": "r-p", "o": "r-o", "-": "r-m", "--": "r-mm"}.get(self.rating or "", "r-o")


def split_quote(text: str, paragraph_start: int, start: int, end: int) -> tuple[str, str, str]:
    """Paragraph text around the quote at document offsets ``start``-``end``: before, quote, after."""
    offset, length = start - paragraph_start, end - start
    if offset < 0 or offset + length > len(text):
        return text, "", ""
    return text[:offset], text[offset : offset + length], text[offset + length :]


def quote_view(item: dict[str, Any], passage: dict[str, Any], with_id: bool = False) -> QuoteView:
    text = passage["text"]
    before, quote, after = split_quote(text, passage["start"], item["start"], item["end"])
    return QuoteView(
        passage_id=passage["id"],
        before=before,
        quote=quote,
        after=after,
        paragraph_start=passage["start"],
        page=passage["page"],
        location=location(item, with_id),
        status=item.get("status", "proposed"),
        note=item.get("note", ""),
        why=item.get("why", ""),
        score=float(item.get("score", 0.0)),
        reviewed_by=item.get("reviewed_by", ""),
        moved_from=item.get("moved_from"),
        reranked=bool(item.get("reranked")),
        rank_before=item.get("rank_before"),
        rank_after=item.get("rank_after"),
        feedback=item.get("feedback"),
    )


def _suggestion(item: dict[str, Any], passage: dict[str, Any], theme_id: str, with_id: bool) -> QuoteView:
    # A candidate the engine did not list: the whole paragraph is what would be added.
    view = quote_view({**passage, **item, "score": passage["scores"].get(theme_id, 0.0)}, passage, with_id)
    view.status = "candidate"
    return view


def theme_views(analysis: dict[str, Any]) -> list[ThemeView]:
    """The themes in framework order, then the "other" bucket when the framework has one."""
    passages = {passage["id"]: passage for passage in analysis.get("passages", [])}
    with_id = cites_passage_ids(analysis)
    views = []
    for theme in analysis["themes"]:
        criteria = [{**c, "shown": verdict(c)} for c in theme.get("criteria", [])]
        views.append(
            ThemeView(
                id=theme["id"],
                name=theme["name"],
                description=theme.get("description", ""),
                rating=theme.get("rating"),
                rating_value=theme.get("rating_value"),
                proposals=[quote_view(c, passages[c["passage_id"]], with_id) for c in theme["contributions"]],
                rejected=theme.get("rejected", []),
                criteria=criteria,
                suggestions=[
                    _suggestion(s, passages[s["passage_id"]], theme["id"], with_id)
                    for s in theme.get("suggestions", [])
                ],
                feedback=theme.get("feedback"),
            )
        )
    other = analysis["framework"].get("other")
    if other:
        items = analysis.get("other", [])
        views.append(
            ThemeView(
                id=other["id"],
                name=other["name"],
                description="",
                rating=None,
                rating_value=None,
                proposals=[quote_view(c, passages[c["passage_id"]], with_id) for c in items],
            )
        )
    return views


def passage_view(passage: dict[str, Any]) -> QuoteView:
    """A whole paragraph (a search hit or page context), nothing marked."""
    return quote_view({**passage, "end": passage["start"]}, passage)
