"""One row per quote, for spreadsheets and for counting.

Contributions have ``direction`` "for", the passages that work against a theme "against". Text cells that a
spreadsheet would evaluate (starting with ``=``, ``+``, ``-``, ``@``, tab or CR, which includes the ratings
``+``, ``++``, ``-``, ``--``) are prefixed with ``'``; ``theme_rating_value`` carries the rating as a number.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from inkaart.report.common import Bucket, buckets, spreadsheet_safe

COLUMNS = (
    "theme_id",
    "theme_name",
    "theme_rating",
    "theme_rating_value",
    "direction",
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
        writer.writerows(_row(bucket, contribution, "for") for contribution in bucket.contributions)
        writer.writerows(_row(bucket, item, "against") for item in bucket.against)
    return out.getvalue()


def _row(bucket: Bucket, contribution: dict[str, Any], direction: str) -> list[object]:
    score = contribution.get("score")
    cells = [
        bucket.id,
        bucket.name,
        bucket.rating or "",
        "" if bucket.rating_value is None else bucket.rating_value,
        contribution.get("direction", direction),
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
    return [spreadsheet_safe(cell) for cell in cells]
