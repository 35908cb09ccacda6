"""Ingest every file of ../shared/corpus with ``read_document`` and write benchmarks/results/ingest.md.

Per file: pages, paragraphs by kind, sections, sentences, warnings, seconds, and the share of the
content paragraphs in the largest leaf section (a wrong outline piles them up under one heading); then
the top-level outline of each manifesto with its paragraph counts. The hand-written section
"Outline checks by eye" of the previous result is kept. Run from the repository root:
``python benchmarks/ingest.py``.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import get_args

from inkaart.document import Document, InputError, read_document
from inkaart.document.model import ParagraphKind

PARAGRAPH_KINDS = get_args(ParagraphKind)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
RESULT = ROOT / "benchmarks" / "results" / "ingest.md"
FORMATS = (".pdf", ".txt", ".csv")
CHECKS_HEADING = "## Outline checks by eye"


def _ingest(path: Path) -> tuple[Document | None, float, str]:
    started = time.perf_counter()
    try:
        document = read_document(path)
    except ImportError as error:  # a reader written in parallel may not exist yet
        return None, 0.0, f"skipped: reader missing ({error.name})"
    except InputError as error:
        return None, time.perf_counter() - started, f"input error: {error}"
    return document, time.perf_counter() - started, ""


def _row(path: Path, document: Document, seconds: float) -> str:
    kinds = Counter(p.kind for p in document.paragraphs)
    by_kind = ", ".join(f"{kind} {kinds[kind]}" for kind in PARAGRAPH_KINDS if kinds[kind])
    sentences = sum(len(p.sentences) for p in document.paragraphs)
    return (
        f"| {path.relative_to(CORPUS)} | {document.meta.page_count} | {len(document.paragraphs)} | {by_kind} "
        f"| {len(document.sections)} | {sentences} | {len(document.meta.warnings)} "
        f"| {_largest_leaf_share(document):.0%} | {seconds:.2f} |"
    )


def _largest_leaf_share(document: Document) -> float:
    content = document.content_paragraphs
    return max(Counter(p.section for p in content).values()) / len(content)


def _outline(path: Path, document: Document) -> list[str]:
    content = document.content_paragraphs
    lines = [f"### {path.relative_to(CORPUS)} — {document.meta.title}", ""]
    for section in document.sections:
        if section.level == 1:
            inside = sum(1 for p in content if section.start <= p.start < section.end)
            lines.append(f"- p{section.page_start}: {section.title} ({inside})")
    return [*lines, ""]


def _kept_checks() -> list[str]:
    if not RESULT.exists():
        return []
    previous = RESULT.read_text(encoding="utf-8")
    start = previous.find(CHECKS_HEADING)
    if start < 0:
        return []
    end = previous.find("\n## ", start + len(CHECKS_HEADING))
    return [previous[start : end if end >= 0 else len(previous)].rstrip(), ""]


def main() -> int:
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in FORMATS)
    # The first read pays for importing PyMuPDF and loading spaCy; report it apart.
    cold_started = time.perf_counter()
    _ingest(files[0])
    cold = time.perf_counter() - cold_started

    rows, outlines, notes = [], [], []
    for path in files:
        document, seconds, note = _ingest(path)
        if document is None:
            notes.append(f"- {path.relative_to(CORPUS)}: {note}")
            continue
        rows.append(_row(path, document, seconds))
        if "manifestos" in path.parent.name:
            outlines += _outline(path, document)
        print(rows[-1], flush=True)

    report = [
        "# Ingest benchmark",
        "",
        f"`read_document` on every file of `shared/corpus` ({len(files)} files), one process, warm "
        f"(the first read, with imports and spaCy loading, took {cold:.2f} s and is not in the table).",
        "",
        "| file | pages | paragraphs | by kind | sections | sentences | warnings | largest leaf | seconds |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|",
        *rows,
        "",
        *(["## Notes", "", *notes, ""] if notes else []),
        *_kept_checks(),
        "## Outlines of the manifestos (level-1 headings, content paragraphs inside)",
        "",
        *outlines,
    ]
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text("\n".join(report), encoding="utf-8")
    print(f"wrote {RESULT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
