"""Learning from a reviewer: re-rank a theme's undecided candidates with what was decided so far.

Once a reviewer has accepted ``MIN_ACCEPTED`` and rejected ``MIN_REJECTED`` passages in a theme, a small
logistic regression (:mod:`inkaart.engine.feedback`) learns from the decided passages' paragraph vectors
plus the engine's own score, and orders the rest of the theme by its probability. With a handful of
labels the penalty keeps the model close to "more like the accepted ones, less like the rejected ones";
the engine score keeps it from discarding what the engine already knew.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine.feedback import feature_matrix, fit_logistic, predict
from ..schema import Analysis, Contribution, Theme
from .decisions import KEPT_STATUSES

MIN_ACCEPTED = 2
MIN_REJECTED = 1
MAX_SUGGESTIONS = 5
SUGGESTION_FLOOR = 0.5


def rerank(analysis: Analysis, vectors: dict[str, np.ndarray]) -> None:
    """Re-rank every theme of a reviewed analysis in place where its decisions allow it."""
    passages = {passage["id"]: passage for passage in analysis.get("passages", [])}
    for theme in analysis["themes"]:
        _rerank_theme(theme, passages, vectors)


def _rerank_theme(theme: Theme, passages: dict[str, Any], vectors: dict[str, np.ndarray]) -> None:
    contributions = theme["contributions"]
    accepted = [c["passage_id"] for c in contributions if c.get("status") in KEPT_STATUSES]
    rejected = [r["passage_id"] for r in theme.get("rejected", [])]
    if len(accepted) < MIN_ACCEPTED or len(rejected) < MIN_REJECTED:
        return
    undecided = [c for c in contributions if c.get("status", "proposed") == "proposed"]
    seen = {c["passage_id"] for c in contributions} | set(rejected)
    ranking = [r["passage_id"] for r in theme.get("ranking", [])]
    candidates = [pid for pid in ranking if pid not in seen]
    pool = [
        pid
        for pid in dict.fromkeys(accepted + rejected + [c["passage_id"] for c in undecided] + candidates)
        if pid in vectors and pid in passages
    ]
    labelled = [pid for pid in accepted + rejected if pid in pool]
    if len({pid in accepted for pid in labelled}) < 2:
        return
    scores = np.array([float(passages[pid]["scores"].get(theme["id"], 0.0)) for pid in pool])
    matrix = feature_matrix(np.vstack([vectors[pid] for pid in pool]), scores)
    row = {pid: i for i, pid in enumerate(pool)}
    labels = np.array([1.0 if pid in accepted else 0.0 for pid in labelled])
    weights = fit_logistic(matrix[[row[pid] for pid in labelled]], labels)
    probability = dict(zip(pool, predict(weights, matrix).tolist(), strict=True))

    reordered = _reorder(undecided, probability)
    decided = [c for c in contributions if c.get("status", "proposed") != "proposed"]
    theme["contributions"] = decided + reordered
    theme["suggestions"] = _suggestions(candidates, ranking, probability)
    theme["feedback"] = {
        "accepted": len(accepted),
        "rejected": len(rejected),
        "reranked": sum(1 for c in reordered if c["reranked"]),
    }


def _reorder(undecided: list[Contribution], probability: dict[str, float]) -> list[Contribution]:
    before = {id(c): position for position, c in enumerate(undecided)}
    ordered = sorted(undecided, key=lambda c: (-probability.get(c["passage_id"], 0.0), before[id(c)]))
    for position, contribution in enumerate(ordered):
        contribution["rank_before"] = before[id(contribution)] + 1
        contribution["rank_after"] = position + 1
        contribution["reranked"] = contribution["rank_before"] != contribution["rank_after"]
        contribution["feedback"] = round(probability.get(contribution["passage_id"], 0.0), 3)
    return ordered


def _suggestions(candidates: list[str], ranking: list[str], probability: dict[str, float]) -> list[dict]:
    """Candidates the engine ranked but did not list, that the reviewer's decisions now favour."""
    likely = [pid for pid in candidates if probability.get(pid, 0.0) >= SUGGESTION_FLOOR]
    likely.sort(key=lambda pid: (-probability[pid], ranking.index(pid)))
    return [
        {
            "passage_id": pid,
            "rank_before": ranking.index(pid) + 1,
            "rank_after": position + 1,
            "reranked": True,
            "feedback": round(probability[pid], 3),
        }
        for position, pid in enumerate(likely[:MAX_SUGGESTIONS])
    ]
