"""The document model: the extracted text once, and located parts that index into it.

Like a spaCy ``Doc``, a :class:`Document` owns one string and every part (page, section, paragraph,
sentence) is a pair of character offsets into that string. A quote produced anywhere downstream is
therefore checkable as ``document.text[start:end]``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

ParagraphKind = Literal["body", "bullet", "heading", "table", "toc"]


@dataclass(frozen=True)
class Sentence:
    id: str
    start: int
    end: int


@dataclass
class Paragraph:
    id: str
    kind: ParagraphKind
    start: int
    end: int
    page_start: int
    page_end: int
    section: tuple[str, ...]
    sentences: list[Sentence] = field(default_factory=list)
    ocr: bool = False  # its text was recognised from a scan, so a quote may differ from the print


@dataclass
class Section:
    id: str
    title: str
    level: int
    path: tuple[str, ...]
    start: int
    end: int
    page_start: int
    page_end: int


@dataclass(frozen=True)
class Page:
    number: int
    label: str | None
    start: int
    end: int
    ocr: bool = False


@dataclass
class DocumentMeta:
    title: str
    source: str
    format: str
    sha256: str
    page_count: int
    language: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class Document:
    text: str
    meta: DocumentMeta
    paragraphs: list[Paragraph]
    sections: list[Section]
    pages: list[Page]

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def paragraph(self, paragraph_id: str) -> Paragraph:
        return self._paragraph_index()[paragraph_id]

    def _paragraph_index(self) -> dict[str, Paragraph]:
        index = self.__dict__.get("_index")
        if index is None:
            index = {p.id: p for p in self.paragraphs}
            self.__dict__["_index"] = index
        return index

    @property
    def content_paragraphs(self) -> list[Paragraph]:
        """Paragraphs that carry content: headings and the table of contents are navigation."""
        return [p for p in self.paragraphs if p.kind in ("body", "bullet", "table")]

    def to_dict(self) -> dict:
        return {
            "schema": "inkaart.document/v1",
            "meta": asdict(self.meta),
            "text": self.text,
            "pages": [asdict(p) for p in self.pages],
            "sections": [_section_dict(s) for s in self.sections],
            "paragraphs": [_paragraph_dict(p) for p in self.paragraphs],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        return cls(
            text=data["text"],
            meta=DocumentMeta(**data["meta"]),
            pages=[Page(**p) for p in data["pages"]],
            sections=[Section(**{**s, "path": tuple(s["path"])}) for s in data["sections"]],
            paragraphs=[
                Paragraph(
                    **{
                        **p,
                        "section": tuple(p["section"]),
                        "sentences": [Sentence(**s) for s in p["sentences"]],
                    }
                )
                for p in data["paragraphs"]
            ],
        )


def _section_dict(section: Section) -> dict:
    data = asdict(section)
    data["path"] = list(section.path)
    return data


def _paragraph_dict(paragraph: Paragraph) -> dict:
    data = asdict(paragraph)
    data["section"] = list(paragraph.section)
    return data
