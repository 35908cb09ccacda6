"""Reports: turn an ``inkaart.analysis/v1`` dict into Markdown, JSON, HTML, Word or CSV.

Data flows one way (engine -> dict -> report); nothing here imports the engine.
"""

from __future__ import annotations

from typing import Any

from inkaart.errors import InputError
from inkaart.report.common import SCHEMA, validate
from inkaart.report.csvout import render_csv
from inkaart.report.docxout import render_docx
from inkaart.report.html import render_html
from inkaart.report.jsonout import render_json
from inkaart.report.markdown import render_markdown

__all__ = [
    "FORMATS",
    "SCHEMA",
    "render",
    "render_csv",
    "render_docx",
    "render_html",
    "render_json",
    "render_markdown",
    "suffix",
]

FORMATS = ("md", "json", "html", "docx", "csv")


def _format(fmt: str) -> str:
    normal = fmt.lower().lstrip(".")
    if normal not in FORMATS:
        raise InputError(None, f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return normal


def suffix(fmt: str) -> str:
    """The file suffix for a format: ``suffix("md") == ".md"``."""
    return f".{_format(fmt)}"


def render(analysis: dict[str, Any], fmt: str, *, refs: bool = True) -> str | bytes:
    """Render ``analysis`` in ``fmt``: ``bytes`` for docx, ``str`` otherwise.

    ``refs=False`` drops locations and ratings from the Markdown and Word reports (the bare layout of
    the analyst's notes); HTML, JSON and CSV always carry them.
    """
    fmt = _format(fmt)
    validate(analysis)
    match fmt:
        case "md":
            return render_markdown(analysis, refs=refs)
        case "json":
            return render_json(analysis)
        case "html":
            return render_html(analysis)
        case "docx":
            return render_docx(analysis, refs=refs)
        case _:
            return render_csv(analysis)
