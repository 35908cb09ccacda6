"""The one registry of output formats, used by ``analyse``, ``compare`` and the web app's export.

Each format names its file extension, media type, whether it is binary, a human label and its renderers:
one for a single analysis and, when it can render one, one for a comparison. Adding a format is one entry
here (after Datasette's output renderers: a format is data, not a branch in every caller).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from inkaart.errors import InputError
from inkaart.report.comparison import (
    render_comparison_csv,
    render_comparison_html,
    render_comparison_markdown,
)
from inkaart.report.csvout import render_csv
from inkaart.report.html import render_html
from inkaart.report.jsonout import render_json
from inkaart.report.markdown import render_markdown, render_text

AnalysisRenderer = Callable[[dict[str, Any], bool], str | bytes]
ComparisonRenderer = Callable[[dict[str, Any], str | None], str]


@dataclass(frozen=True)
class OutputFormat:
    """How one output format is named, served and rendered."""

    extension: str
    label: str
    media_type: str
    binary: bool
    render: AnalysisRenderer
    render_comparison: ComparisonRenderer | None = None

    @property
    def suffix(self) -> str:
        return f".{self.extension}"


def _docx(analysis: dict[str, Any], refs: bool) -> bytes:
    from inkaart.report.docxout import render_docx  # python-docx loads only for Word output

    return render_docx(analysis, refs=refs)


def _qdpx(analysis: dict[str, Any], _refs: bool) -> bytes:
    from inkaart.report.qdpx import render_qdpx

    return render_qdpx(analysis)


_REGISTRY = (
    OutputFormat(
        "md",
        "Markdown",
        "text/markdown; charset=utf-8",
        False,
        lambda analysis, refs: render_markdown(analysis, refs=refs),
        lambda comparison, heatmap: render_comparison_markdown(comparison, heatmap),
    ),
    OutputFormat(
        "json",
        "JSON (the analysis itself)",
        "application/json",
        False,
        lambda analysis, _refs: render_json(analysis),
        lambda comparison, _heatmap: json.dumps(comparison, ensure_ascii=False, indent=2) + "\n",
    ),
    OutputFormat(
        "html",
        "HTML page",
        "text/html; charset=utf-8",
        False,
        lambda analysis, _refs: render_html(analysis),
        lambda comparison, _heatmap: render_comparison_html(comparison),
    ),
    OutputFormat(
        "docx",
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        True,
        _docx,
    ),
    OutputFormat(
        "csv",
        "CSV, one row per quote",
        "text/csv; charset=utf-8",
        False,
        lambda analysis, _refs: render_csv(analysis),
        lambda comparison, _heatmap: render_comparison_csv(comparison),
    ),
    OutputFormat(
        "txt",
        "Plain text in the analyst's seed layout",
        "text/plain; charset=utf-8",
        False,
        lambda analysis, refs: render_text(analysis, refs=refs),
    ),
    OutputFormat(
        "qdpx",
        "REFI-QDA project (ATLAS.ti, MAXQDA, NVivo...)",
        "application/zip",
        True,
        _qdpx,
    ),
)
OUTPUT_FORMATS = {output.extension: output for output in _REGISTRY}


def analysis_formats() -> tuple[str, ...]:
    return tuple(OUTPUT_FORMATS)


def comparison_formats() -> tuple[str, ...]:
    return tuple(name for name, output in OUTPUT_FORMATS.items() if output.render_comparison is not None)


def output_format(name: str, *, comparison: bool = False) -> OutputFormat:
    """The format called ``name`` (``"md"``, ``".md"``, ``"MD"``); one clear error for an unknown one."""
    normal = name.lower().lstrip(".")
    choices = comparison_formats() if comparison else analysis_formats()
    if normal not in choices:
        raise InputError(None, f"unknown format {name!r}; choose one of {', '.join(choices)}")
    return OUTPUT_FORMATS[normal]
