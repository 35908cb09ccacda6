"""What the pages and the JSON API share: the store, the analysis worker, embedders and search indexes."""

from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import CachedEmbedder, EmbeddingCache, analyse, load_embedder
from ..engine.search import PassageSearch
from ..errors import InputError
from ..report import render
from ..review import Store, accepted_only, rerank

log = logging.getLogger("inkaart.web")

_MODELS: dict[str, _LockedModel] = {}
_MODELS_LOCK = threading.Lock()


class _LockedModel:
    """One loaded model shared by every thread; a batch at a time, so a search waits one batch at most."""

    def __init__(self, name: str) -> None:
        self._model = load_embedder(name, warn=log.warning)
        self.name = self._model.name
        self._lock = threading.Lock()

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return self._model.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return self._model.embed_passages(texts)


def _model(name: str) -> _LockedModel:
    # Loaded once per process: several apps (tests, say) share it rather than each holding a copy.
    with _MODELS_LOCK:
        if name not in _MODELS:
            _MODELS[name] = _LockedModel(name)
        return _MODELS[name]


class Embedders:
    """A cached embedder per thread (an SQLite connection is not shared), one model behind them all."""

    def __init__(self, name: str, cache_path: str | Path | None) -> None:
        self.name = name
        self.cache_path = cache_path
        self._local = threading.local()

    def get(self) -> CachedEmbedder:
        embedder = getattr(self._local, "embedder", None)
        if embedder is None:
            embedder = CachedEmbedder(_model(self.name), EmbeddingCache(self.cache_path))
            self._local.embedder = embedder
        return embedder


class _Progress:
    """Writes engine progress to the database often enough for a smooth bar, not on every batch."""

    def __init__(self, store: Store, analysis_id: int) -> None:
        self.store = store
        self.analysis_id = analysis_id
        self.last: tuple[str, int] = ("", -1)

    def __call__(self, stage: str, done: int, total: int) -> None:
        step = max(total // 50, 1)
        last_stage, last_done = self.last
        if stage != last_stage or done >= total or done - last_done >= step:
            self.last = (stage, done)
            self.store.jobs.set_progress(self.analysis_id, stage, done, total)


class AnalysisWorker:
    """One background thread that runs queued analyses in order; pages only read their progress."""

    def __init__(self, store: Store, embedders: Embedders) -> None:
        self.store = store
        self.embedders = embedders
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self.store.jobs.mark_interrupted()
        for analysis_id in self.store.jobs.queued_ids():
            self._queue.put(analysis_id)
        self._thread = threading.Thread(target=self._loop, name="inkaart-analysis", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._queue.put(None)

    def submit(self, analysis_id: int) -> None:
        self._queue.put(analysis_id)

    def _loop(self) -> None:
        while (analysis_id := self._queue.get()) is not None:
            if self.store.jobs.claim(analysis_id):
                self._run(analysis_id)

    def _run(self, analysis_id: int) -> None:
        try:
            record = self.store.analysis(analysis_id)
            document = self.store.load_document(record.document_id)
            framework = self.store.framework_for(analysis_id)
            result = analyse(document, framework, self.embedders.get(), _Progress(self.store, analysis_id))
            self.store.jobs.finish(analysis_id, result)
        except InputError as error:
            self.store.jobs.fail(analysis_id, str(error))
        except Exception as error:  # a failed analysis must say why and leave the worker running
            log.exception("analysis %s failed", analysis_id)
            self.store.jobs.fail(analysis_id, f"internal error ({type(error).__name__}: {error}); restart it")


@dataclass
class Settings:
    token: str | None
    max_upload_bytes: int


class Services:
    def __init__(self, store: Store, embedders: Embedders, settings: Settings) -> None:
        self.store = store
        self.embedders = embedders
        self.settings = settings
        self.worker = AnalysisWorker(store, embedders)
        self._searches: OrderedDict[int, PassageSearch] = OrderedDict()
        self._lock = threading.Lock()

    def searcher(self, document_id: int) -> PassageSearch:
        with self._lock:
            if document_id in self._searches:
                self._searches.move_to_end(document_id)
                return self._searches[document_id]
        searcher = PassageSearch(self.store.load_document(document_id))
        with self._lock:
            self._searches[document_id] = searcher
            while len(self._searches) > 8:
                self._searches.popitem(last=False)
        return searcher

    def create_analysis(self, document_id: int, framework: str | None, framework_yaml: str | None) -> int:
        analysis_id = self.store.create_analysis(document_id, framework, framework_yaml)
        self.worker.submit(analysis_id)
        return analysis_id

    def restart(self, analysis_id: int) -> None:
        self.store.restart(analysis_id)
        self.worker.submit(analysis_id)

    def review_view(self, analysis_id: int, reviewer: str | None) -> dict[str, Any]:
        """The reviewed analysis, re-ranked where the decisions allow it."""
        reviewed = self.store.reviewed(analysis_id, reviewer)
        if reviewed["review"]["decision_count"]:
            document_id = self.store.analysis(analysis_id).document_id
            rerank(reviewed, self.searcher(document_id).vectors_by_id(self.embedders.get()))
        return reviewed

    def search(self, analysis_id: int, query: str, mode: str, limit: int = 20) -> list[tuple[str, float]]:
        record = self.store.analysis(analysis_id)
        return self.searcher(record.document_id).search(query, self.embedders.get(), mode, limit)

    def export(self, analysis_id: int, fmt: str, reviewer: str | None, only_accepted: bool) -> str | bytes:
        reviewed = self.store.reviewed(analysis_id, reviewer)
        return render(accepted_only(reviewed) if only_accepted else reviewed, fmt)
