"""Calibrated relevance: how close a sentence is to a question, measured against a fixed background.

A cosine of e5 means little by itself (unrelated Dutch policy sentences score 0.80-0.83 against any
question), and a score standardised over the document itself depends on what else the document says:
the same sentence would count as relevant in a short text and as ordinary in a long one. So every
question is measured once against a background sample of policy sentences that ships with inkaart
(see ``background/manifest.json``: 1,800 sentences drawn from six party manifestos of 2023 and 2025,
none of them a benchmark document; only their vectors are shipped). A sentence's calibrated score is
how many background standard deviations it sits above the background's mean for that question. It
does not change with the document, its length, the framework's other themes or the neighbouring rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

_FOLDER = "background"


@dataclass(frozen=True)
class Background:
    """Per question: the background's mean cosine and spread; ``source`` says which sample served."""

    mean: np.ndarray
    spread: np.ndarray
    source: str

    def calibrate(self, cosines: np.ndarray) -> np.ndarray:
        """rows x questions cosines -> background standard deviations above the background mean."""
        return ((cosines - self.mean) / self.spread).astype(np.float32)


@cache
def _sample(embedder_name: str, language: str) -> np.ndarray | None:
    folder = resources.files("inkaart.engine").joinpath(_FOLDER)
    entry = folder.joinpath(f"{language}-{embedder_name}.npy")
    if not entry.is_file():
        return None
    with entry.open("rb") as handle:
        return np.load(handle).astype(np.float32)


@cache
def manifest() -> dict:
    entry = resources.files("inkaart.engine").joinpath(_FOLDER, "manifest.json")
    return json.loads(entry.read_text(encoding="utf-8"))


def background_for(
    embedder_name: str, language: str, question_vectors: np.ndarray, fallback_rows: np.ndarray
) -> Background:
    """The background statistics of each question for this embedder and language.

    The sample of the document's own language serves first, then the Dutch one (e5 is multilingual);
    an embedder without a shipped sample (a user's own sentence-transformers model) is calibrated on
    ``fallback_rows`` — the document's sentences — which makes its decisions document-relative again,
    and the analysis says so in ``settings.calibration``.
    """
    for sample_language in dict.fromkeys((language, "nl")):
        sample = _sample(embedder_name, sample_language)
        if sample is not None and sample.shape[1] == question_vectors.shape[1]:
            return background_statistics(sample @ question_vectors.T, f"background:{sample_language}-{embedder_name}")
    fallback = "document (no background sample for this embedder)"
    return background_statistics(fallback_rows @ question_vectors.T, fallback)


def background_statistics(cosines: np.ndarray, source: str) -> Background:
    if len(cosines) == 0:
        width = cosines.shape[1]
        return Background(np.zeros(width, np.float32), np.ones(width, np.float32), source)
    spread = cosines.std(axis=0)
    return Background(
        cosines.mean(axis=0).astype(np.float32), np.where(spread > 1e-6, spread, 1.0).astype(np.float32), source
    )
