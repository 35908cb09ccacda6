"""One row per quote, for spreadsheets and for counting.

Contributions have ``direction`` "for", the passages that work against a theme "against". Text cells that a
spreadsheet would evaluate (starting with ``=``, ``+``, ``-``, ``@``, tab or CR, which includes the ratings
``+``, ``++``, ``-``, ``--``) are prefixed with ``'``; ``theme_rating_value`` carries the rating as a number.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from inkaart.report.commitments import CSV_COLUMNS, csv_commitment_fields, theme_dicts
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
    # Commitment rows (row_kind "commitment") follow each theme's contributions; quote is the commitment's slice.
    "row_kind",
    *CSV_COLUMNS,
)


def render_csv(analysis: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    themes = theme_dicts(analysis)
    pages = {passage["id"]: passage for passage in analysis.get("passages", [])}
    for bucket in buckets(analysis):
        writer.writerows(_row(bucket, contribution, "for") for contribution in bucket.contributions)
        writer.writerows(_row(bucket, item, "against") for item in bucket.against)
        commitments = (themes.get(bucket.id) or {}).get("commitments") or []
        writer.writerows(_commitment_row(bucket, commitment, pages) for commitment in commitments)
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
        "contribution",
        *([""] * len(CSV_COLUMNS)),
    ]
    return [spreadsheet_safe(cell) for cell in cells]


def _commitment_row(bucket: Bucket, commitment: dict[str, Any], passages: dict[str, Any]) -> list[object]:
    passage = passages.get(commitment["passage_id"]) or {}
    page = passage.get("page", "")
    cells = [
        bucket.id,
        bucket.name,
        bucket.rating or "",
        "" if bucket.rating_value is None else bucket.rating_value,
        commitment.get("direction", ""),
        commitment["passage_id"],
        commitment["text"],
        page,
        passage.get("page_end", page),
        " > ".join(passage.get("section") or []),
        commitment["start"],
        commitment["end"],
        "",
        "",
        "",
        "",
        "commitment",
        *csv_commitment_fields(commitment),
    ]
    return [spreadsheet_safe(cell) for cell in cells]
