"""Assemble reader output (a flat list of blocks) into a located :class:`Document`.

Readers only know layout: they emit blocks with a kind, a heading level and pages. Everything that
must be the same for every format — white-space normalisation, offsets, section paths, sentences,
language, ids — happens here, once. Passage rows (CSV/JSON) are the exception to normalisation: their
text is the user's unit of analysis and comes back exactly, and their ids are the user's own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .language import UNRECOGNISED_WARNING, detect_language, recognised
from .model import Document, DocumentMeta, Page, Paragraph, ParagraphKind, Section, Sentence
from .sentences import split_many

PARAGRAPH_SEPARATOR = "\n\n"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_ANY_WHITESPACE = re.compile(r"\s+")


@dataclass
class Block:
    """One paragraph as a reader sees it, before offsets exist."""

    text: str
    kind: ParagraphKind = "body"
    level: int = 0  # heading depth, 1 = top; only for kind == "heading"
    page_start: int = 1
    page_end: int | None = None
    id: str | None = None  # the source's own id (a CSV/JSON row's); generated from the position when None
    verbatim: bool = False  # keep the text exactly (a passage row), white space included


@dataclass
class ReadResult:
    blocks: list[Block]
    format: str
    title: str | None = None
    page_count: int = 1
    page_labels: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text Tesseract read from an image


def normalise_block_text(text: str, kind: ParagraphKind) -> str:
    """Collapse white space; tables keep one row per line."""
    if kind == "table":
        rows = (_SPACES.sub(" ", row).strip() for row in text.splitlines())
        return "\n".join(row for row in rows if row)
    return _ANY_WHITESPACE.sub(" ", text).strip()


def build_document(result: ReadResult, source: str | Path, data: bytes, language: str | None = None) -> Document:
    blocks = [b for b in _normalised(result.blocks)]
    text_parts: list[str] = []
    offset = 0
    located: list[tuple[Block, int, int]] = []
    for block in blocks:
        if text_parts:
            text_parts.append(PARAGRAPH_SEPARATOR)
            offset += len(PARAGRAPH_SEPARATOR)
        located.append((block, offset, offset + len(block.text)))
        text_parts.append(block.text)
        offset += len(block.text)
    text = "".join(text_parts)
    warnings = list(result.warnings)
    if not language and not recognised(text):
        warnings.append(UNRECOGNISED_WARNING)
    language = language or detect_language(text)

    paragraphs, sections = _structure(located, text, language)
    ocr_pages = set(result.ocr_pages)
    for paragraph in paragraphs:
        paragraph.ocr = any(n in ocr_pages for n in range(paragraph.page_start, paragraph.page_end + 1))
    pages = _pages(paragraphs, result.page_count, result.page_labels, ocr_pages)
    title = result.title or _first_heading(paragraphs, text) or Path(str(source)).stem
    meta = DocumentMeta(
        title=title,
        source=str(source),
        format=result.format,
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=result.page_count,
        language=language,
        warnings=warnings,
    )
    return Document(text=text, meta=meta, paragraphs=paragraphs, sections=sections, pages=pages)


def _normalised(blocks: list[Block]):
    for block in blocks:
        cleaned = block.text if block.verbatim else normalise_block_text(block.text, block.kind)
        if not cleaned.strip():
            continue
        page_end = max(block.page_end if block.page_end is not None else block.page_start, block.page_start)
        yield replace(block, text=cleaned, page_end=page_end)


def _paragraph_ids(blocks: list[Block]) -> list[str]:
    """A block's own id, else ``p<position>``; a generated id never repeats one the source gave."""
    given = {block.id for block in blocks if block.id}
    ids = []
    for number, block in enumerate(blocks, start=1):
        if block.id:
            ids.append(block.id)
            continue
        candidate, suffix = f"p{number}", 1
        while candidate in given:
            suffix += 1
            candidate = f"p{number}-{suffix}"
        ids.append(candidate)
    return ids


def _structure(located, text: str, language: str) -> tuple[list[Paragraph], list[Section]]:
    prose = [i for i, (block, _, _) in enumerate(located) if block.kind not in ("heading", "toc", "table")]
    split = split_many((text[located[i][1] : located[i][2]] for i in prose), language)
    prose_sentences = dict(zip(prose, split, strict=True))
    paragraph_ids = _paragraph_ids([block for block, _, _ in located])
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    open_sections: list[Section] = []
    for number, (block, start, end) in enumerate(located, start=1):
        if block.kind == "heading":
            level = max(1, block.level or 1)
            while open_sections and open_sections[-1].level >= level:
                open_sections.pop()
            path = (*(s.title for s in open_sections), block.text)
            section = Section(
                id=f"s{len(sections) + 1}",
                title=block.text,
                level=level,
                path=path,
                start=start,
                end=end,
                page_start=block.page_start,
                page_end=block.page_end,
            )
            sections.append(section)
            open_sections.append(section)
        for section in open_sections:
            section.end = end
            section.page_end = max(section.page_end, block.page_end)
        paragraph_id = paragraph_ids[number - 1]
        path = tuple(s.title for s in open_sections)
        paragraphs.append(
            Paragraph(
                id=paragraph_id,
                kind=block.kind,
                start=start,
                end=end,
                page_start=block.page_start,
                page_end=block.page_end,
                section=path,
                sentences=_sentences(paragraph_id, block, text, start, end, prose_sentences.get(number - 1)),
            )
        )
    return paragraphs, sections


def _sentences(paragraph_id: str, block: Block, text: str, start: int, end: int, prose_spans):
    if prose_spans is None:
        spans = [(start, end)] if block.kind == "heading" else _line_spans(text, start, end)
    else:
        spans = [(start + s, start + e) for s, e in prose_spans]
    return [Sentence(f"{paragraph_id}.s{i}", s, e) for i, (s, e) in enumerate(spans, start=1)]


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    for line in text[start:end].split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _pages(paragraphs: list[Paragraph], page_count: int, labels: dict[int, str], ocr_pages: set[int]) -> list[Page]:
    bounds: dict[int, list[int]] = {}
    for paragraph in paragraphs:
        for number in range(paragraph.page_start, paragraph.page_end + 1):
            low_high = bounds.setdefault(number, [paragraph.start, paragraph.end])
            low_high[0] = min(low_high[0], paragraph.start)
            low_high[1] = max(low_high[1], paragraph.end)
    pages = []
    previous_end = 0
    for number in range(1, max(page_count, max(bounds, default=0)) + 1):
        start, end = bounds.get(number, (previous_end, previous_end))
        pages.append(Page(number=number, label=labels.get(number), start=start, end=end, ocr=number in ocr_pages))
        previous_end = end
    return pages


def _first_heading(paragraphs: list[Paragraph], text: str) -> str | None:
    for paragraph in paragraphs[:20]:
        if paragraph.kind == "heading":
            return text[paragraph.start : paragraph.end]
    return None
