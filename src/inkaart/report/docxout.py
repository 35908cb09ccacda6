"""The Word report: the Markdown content with Word styles, so an analyst can edit it further.

Each quote is one paragraph in the built-in "Quote" style, which makes the quotes machine-findable; a passage
that works against a theme is one paragraph in "Intense Quote".
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt, RGBColor

from inkaart.report.commitments import docx_commitments, theme_dicts
from inkaart.report.common import (
    buckets,
    cites_passage_ids,
    gap_texts,
    heading,
    intro,
    labels,
    language,
    location,
    rating_text,
)

QUOTE_STYLE = "Quote"
# Passages that work against a theme get a style of their own, so "Quote" still finds exactly the contributions.
AGAINST_STYLE = "Intense Quote"
# XML 1.0 cannot carry these code points (stray PDF control characters); lxml refuses them outright.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LOCATION_GREY = RGBColor(0x59, 0x59, 0x59)


def render_docx(analysis: dict[str, Any], refs: bool = True) -> bytes:
    """Render the analysis as .docx bytes; ``refs=False`` leaves out locations and ratings."""
    words = labels(analysis)
    themes = theme_dicts(analysis)
    document = Document()
    document.core_properties.title = _xml(heading(analysis))
    document.add_paragraph(_xml(heading(analysis)), style="Title")
    document.add_paragraph(_xml(intro(analysis)))
    for bucket in buckets(analysis):
        document.add_heading(_xml(bucket.name), level=1)
        rating = rating_text(bucket)
        if refs and rating:
            document.add_paragraph(f"{words.rating}: {rating}")
            if bucket.rating_why:
                document.add_paragraph(_xml(bucket.rating_why)).runs[0].italic = True
        if not bucket.contributions:
            document.add_paragraph("-")
        for contribution in bucket.contributions:
            document.add_paragraph(_xml(contribution["quote"]), style=QUOTE_STYLE)
            if refs:
                _add_location(document, location(contribution, cites_passage_ids(analysis)))
        for text in gap_texts(bucket):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{words.gap}: ").bold = True
            paragraph.add_run(_xml(text))
        if bucket.against:
            document.add_heading(words.works_against, level=2)
        for item in bucket.against:
            document.add_paragraph(_xml(item["quote"]), style=AGAINST_STYLE)
            if refs:
                _add_location(document, location(item))
        if refs:
            docx_commitments(document, themes.get(bucket.id), language(analysis), _xml)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_location(document: DocxDocument, text: str) -> None:
    run = document.add_paragraph().add_run(_xml(text))
    run.font.size = Pt(8)
    run.font.color.rgb = _LOCATION_GREY


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)
