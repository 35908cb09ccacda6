"""Reports: turn an ``inkaart.analysis/v1`` dict into every format of :mod:`inkaart.report.formats`.

Data flows one way (engine -> dict -> report); nothing here imports the engine.
"""

from __future__ import annotations

from typing import Any

from inkaart.report.common import SCHEMA, validate
from inkaart.report.formats import OUTPUT_FORMATS, OutputFormat, analysis_formats, comparison_formats, output_format

__all__ = [
    "FORMATS",
    "OUTPUT_FORMATS",
    "SCHEMA",
    "OutputFormat",
    "analysis_formats",
    "comparison_formats",
    "output_format",
    "render",
    "suffix",
    "validate",
]

FORMATS = analysis_formats()


def suffix(fmt: str) -> str:
    """The file suffix for a format: ``suffix("md") == ".md"``."""
    return output_format(fmt).suffix


def render(analysis: dict[str, Any], fmt: str, *, refs: bool = True) -> str | bytes:
    """Render ``analysis`` in ``fmt``: ``bytes`` for the binary formats (docx, qdpx), ``str`` otherwise.

    ``refs=False`` drops locations and ratings from the Markdown, text and Word reports (the bare layout of
    the analyst's notes); the other formats always carry them.
    """
    output = output_format(fmt)
    validate(analysis)
    return output.render(analysis, refs)
