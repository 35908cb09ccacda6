"""One row per quote, for spreadsheets and for counting."""

from __future__ import annotations

import csv
import io
from typing import Any

from inkaart.report.common import Bucket, buckets

COLUMNS = (
    "theme_id",
    "theme_name",
    "theme_rating",
    "theme_rating_value",
    "passage_id",
    "quote",
    "page",
    "page_end",
    "section",
    "start",
    "end",
    "score",
    "status",
    "note",
    "criteria",
)


def render_csv(analysis: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for bucket in buckets(analysis):
        writer.writerows(_row(bucket, contribution) for contribution in bucket.contributions)
    return out.getvalue()


def _row(bucket: Bucket, contribution: dict[str, Any]) -> list[object]:
    score = contribution.get("score")
    return [
        bucket.id,
        bucket.name,
        bucket.rating or "",
        "" if bucket.rating_value is None else bucket.rating_value,
        contribution["passage_id"],
        contribution["quote"],
        contribution["page"],
        contribution.get("page_end", contribution["page"]),
        " > ".join(contribution.get("section") or []),
        contribution["start"],
        contribution["end"],
        "" if score is None else round(score, 4),
        # Review sets the status; an unreviewed contribution is still a proposal.
        contribution.get("status", "proposed"),
        contribution.get("note", ""),
        ";".join(contribution.get("criteria") or []),
    ]
