"""Ingest every file of ../shared/corpus with ``read_document`` and write benchmarks/results/ingest.md.

Per file: pages, paragraphs by kind, sections, sentences, warnings, seconds; and the top-level
outline of each PDF. Run from the repository root: ``python benchmarks/ingest.py``.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from inkaart.document import Document, InputError, read_document
from inkaart.document.model import PARAGRAPH_KINDS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
RESULT = ROOT / "benchmarks" / "results" / "ingest.md"
FORMATS = (".pdf", ".txt", ".csv")


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
        f"| {len(document.sections)} | {sentences} | {len(document.meta.warnings)} | {seconds:.2f} |"
    )


def _outline(path: Path, document: Document) -> list[str]:
    lines = [f"### {path.relative_to(CORPUS)} — {document.meta.title}", ""]
    lines += [f"- p{s.page_start}: {s.title}" for s in document.sections if s.level == 1]
    return [*lines, ""]


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
        if path.suffix.lower() == ".pdf":
            outlines += _outline(path, document)
        print(rows[-1], flush=True)

    report = [
        "# Ingest benchmark",
        "",
        f"`read_document` on every file of `shared/corpus` ({len(files)} files), one process, warm "
        f"(the first read, with imports and spaCy loading, took {cold:.2f} s and is not in the table).",
        "",
        "| file | pages | paragraphs | by kind | sections | sentences | warnings | seconds |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
        *rows,
        "",
        *(["## Notes", "", *notes, ""] if notes else []),
        "## Outlines of the PDFs (level-1 headings)",
        "",
        *outlines,
    ]
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text("\n".join(report), encoding="utf-8")
    print(f"wrote {RESULT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
