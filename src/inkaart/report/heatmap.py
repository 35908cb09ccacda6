"""The comparison heatmap: documents × themes, coloured by rating value, the rating symbol in each cell.

Cividis is a sequential palette designed to read the same with and without colour-vision deficiencies
and in greyscale; the fixed 0-1 scale keeps colours comparable between comparisons. The symbol in each
cell carries the rating too, so colour is never the only cue.

Figures are built with matplotlib's object API (Agg renders the PNG), not pyplot, so no global
backend or figure state is touched: safe in a server and in threads.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PALETTE = "cividis"
THEME_WRAP = 16
# Fixed metadata and id salt make the files byte-identical from run to run.
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "inkaart"}
_SVG_METADATA = {"Date": None}
_PNG_METADATA = {"Software": None}


@dataclass(frozen=True)
class Grid:
    """What the heatmap shows; ``None`` marks a theme a document has no value for."""

    title: str
    rows: list[str]
    columns: list[str]
    values: list[list[float | None]]
    symbols: list[list[str]]
    # Per cell, what a reader sees on hovering it in the SVG (its ``<title>``); empty means none.
    tooltips: list[list[str]] = field(default_factory=list)


def heatmap_figure(grid: Grid) -> Figure:
    # Imported when a heatmap is drawn: reports without one start 0.6 s sooner.
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    values = np.array([[math.nan if v is None else v for v in row] for row in grid.values], dtype=float).reshape(
        len(grid.rows), len(grid.columns)
    )
    figure = Figure(
        figsize=(max(5.0, 1.1 * len(grid.columns) + 3.0), max(2.8, 0.45 * len(grid.rows) + 2.4)),
        layout="constrained",
    )
    axes = figure.add_subplot()
    colours = matplotlib.colormaps[PALETTE]
    image = axes.imshow(np.ma.masked_invalid(values), cmap=colours, vmin=0.0, vmax=1.0, aspect="auto")
    # Whole words only: a theme name cut mid-word ("Sociaaleconomisc-he") is harder to read than a wide one.
    names = [textwrap.fill(name, THEME_WRAP, break_long_words=False, break_on_hyphens=False) for name in grid.columns]
    axes.set_xticks(range(len(grid.columns)), names)
    axes.set_yticks(range(len(grid.rows)), grid.rows)
    axes.tick_params(axis="x", labelsize=8, labelrotation=35)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("right")
        label.set_rotation_mode("anchor")
    axes.tick_params(axis="y", labelsize=8)
    for row, symbols in enumerate(grid.symbols):
        for column, symbol in enumerate(symbols):
            value = values[row, column]
            colour = _text_colour(colours(0.0 if math.isnan(value) else value))
            axes.text(column, row, symbol, ha="center", va="center", fontsize=9, fontweight="bold", color=colour)
    for row, tooltips in enumerate(grid.tooltips):
        for column, tooltip in enumerate(tooltips):
            if tooltip:
                # A near-transparent (not unfilled: browsers hover only painted areas) square over the cell, whose id
                # lets the SVG give it a <title> (see _with_titles).
                cell = Rectangle((column - 0.5, row - 0.5), 1, 1, facecolor=(1, 1, 1, 0.001), edgecolor="none")
                cell.set_gid(_cell_id(row, column))
                axes.add_patch(cell)
    bar = figure.colorbar(image, ax=axes, fraction=0.04, pad=0.02)
    bar.set_label("rating value", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    axes.set_title(grid.title, fontsize=10)
    return figure


def _text_colour(rgba: tuple[float, ...]) -> str:
    # Relative luminance decides: dark text on the light (yellow) end, white on the dark (blue) end.
    red, green, blue = rgba[:3]
    return "black" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "white"


def _cell_id(row: int, column: int) -> str:
    return f"cell-{row}-{column}"


def _svg_text(figure: Figure, grid: Grid) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(_SVG_RC):
        figure.savefig(buffer, format="svg", metadata=_SVG_METADATA)
    return _with_titles(buffer.getvalue(), grid)


def _with_titles(svg: str, grid: Grid) -> str:
    """Give each cell's group its tooltip: a ``<title>`` child, which browsers show on hover."""
    for row, tooltips in enumerate(grid.tooltips):
        for column, tooltip in enumerate(tooltips):
            opening = f'<g id="{_cell_id(row, column)}">'
            if tooltip and opening in svg:
                svg = svg.replace(opening, f"{opening}\n   <title>{escape(tooltip, quote=False)}</title>", 1)
    return svg


def heatmap_svg(grid: Grid) -> str:
    """The heatmap as an ``<svg>`` element, ready to inline into HTML (no XML prologue or doctype)."""
    text = _svg_text(heatmap_figure(grid), grid)
    return text[text.index("<svg") :]


def write_heatmap(grid: Grid, stem: Path) -> tuple[Path, Path]:
    """Write ``<stem>.svg`` and ``<stem>.png`` beside each other; returns both paths."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    svg, png = stem.with_name(stem.name + ".svg"), stem.with_name(stem.name + ".png")
    figure = heatmap_figure(grid)
    svg.write_text(_svg_text(figure, grid), encoding="utf-8")
    figure.savefig(png, format="png", dpi=150, metadata=_PNG_METADATA)
    return svg, png
