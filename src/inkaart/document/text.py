"""Read plain text and Markdown into blocks.

Plain text comes in three shapes. Text with blank lines between paragraphs is easy. Text extracted
from a PDF has hard line breaks and no blank lines: paragraphs, headings and bullets are rebuilt from
the shape of the lines (a short line that ends a sentence ends a paragraph, a short line without
final punctuation between paragraphs is a heading). Text without any line breaks is cut into
paragraphs of a few sentences. Words hyphenated at a line end are only joined when the document
itself spells the joined word that way elsewhere: a wrong join would corrupt a verbatim quote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from .builder import Block, ReadResult
from .decoding import decode_text
from .furniture import running_header_pattern, strip_running_headers
from .model import ParagraphKind
from .sentences import split_sentences

# --- plain text -------------------------------------------------------------------------------

# Bullet glyphs as they look; symbol fonts also put some in the private use area.
_GLYPHS = "•▪●◦‣∙·■□◆❖▶►➢➤✓✔"
_BULLET_GLYPH = re.compile(rf"^[{_GLYPHS}\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u2043]\s*")
_BULLET_DASH = re.compile(r"^[-–*+]\s+")
_BULLET_NUMBER = re.compile(r"^(?:\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)])\s+(?=\S)")
_BULLET_BARE_NUMBER = re.compile(r"^\d{1,2}\s+(?=[A-Z])")
# A single digit or symbol glued before a capitalised word at the start of a line ("6Stoppen met ...").
_GLUED_MARKER = re.compile(rf"^([^\w\s\"'‘’“”(\[{{<{_GLYPHS}€$£%&@#/\\.,;:!?…*+=–—-]|\d)(?=[A-ZÀ-Þ][a-zà-ÿ])")
_FINAL = re.compile(r"[.!?…][\"'’”)\]]*$")
_CLOSES_BLOCK = re.compile(r"[.!?…:][\"'’”)\]]*$")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")
_SUBSECTION = re.compile(r"^\d{1,2}\.\d{1,2}(?:\.\d{1,2})*\.?\s+[^\W\d_]")
_CHAPTER = re.compile(r"^(?:hoofdstuk|chapter|deel|part)\s+\d+", re.IGNORECASE)
_PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,4}\s*$")
_TRAILING_NUMBER = re.compile(r"\s(\d{1,3})\s*$")
_WORD = re.compile(r"[^\W\d_]+")
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_LEADING_WORD = re.compile(r"^([^\W\d_]+)")
_TRAILING_FRAGMENT = re.compile(r"([^\W_]+)(\s?-)$")
_TRAILING_WORD = re.compile(r"([^\W\d_]+)$")
# A heading does not end in a word that needs a continuation.
_DANGLING = frozenset(
    {
        "de", "het", "een", "en", "of", "van", "in", "op", "te", "aan", "voor", "met", "door", "dat",
        "die", "dit", "als", "om", "tot", "bij", "naar", "over", "uit", "zijn",
        "the", "a", "an", "and", "or", "to", "on", "that", "for", "with", "by", "which", "as", "at", "from",
    }
)  # fmt: skip
_ENUMERATION_WORDS = frozenset({"en", "of", "tot", "noch", "and", "or", "to"})

_RUNNING_MIN_REPEATS = 4
# Lines opened by the same glued character before it counts as a list style, not chance (principle; the
# shared corpus has 159 such lines in one manifesto and at most 4 in any other).
_GLUED_MARKER_MIN_LINES = 10
_HEADING_MAX_WORDS = 12
_HEADING_MAX_CHARS = 90
_MAX_HEADING_RUN = 2
_MAX_PARAGRAPH_CHARS = 3000
_CHUNK_SENTENCES = 5
_CHUNK_CHARS = 700
_BLANK_LINE_SHARE = 1 / 15
_UNBROKEN_LINE_CHARS = 2000
_NUMBERED_LINE_SHARE = 0.5
_LINE_NUMBER_WINDOW = 220

REBUILT_WARNING = "paragraphs were rebuilt from line shapes (hard-wrapped text without blank lines)"
CHUNKED_WARNING = "the text has no line breaks; paragraphs were rebuilt from sentences, a few at a time"
NUMBERED_WARNING = "line numbers were removed from the text"


@dataclass
class _Line:
    text: str
    page: int


def read_text(data: bytes, path: Path) -> ReadResult:
    text = decode_text(data, path)
    lines = _lines(text)
    warnings: list[str] = []
    if _is_unbroken(lines):
        recovered = _unfold_numbered_lines(lines)
        if recovered is None:
            blocks = list(_sentence_chunks(" ".join(line.text for line in lines), 1))
            return _result(blocks, lines, [CHUNKED_WARNING])
        lines = recovered
        warnings.append(NUMBERED_WARNING)
    elif _strip_line_numbers(lines):
        warnings.append(NUMBERED_WARNING)
    vocabulary = _Vocabulary(lines)
    if _has_blank_line_paragraphs(lines):
        blocks = list(_shape_blocks(lines, vocabulary, by_shape=False))
    else:
        blocks = list(_shape_blocks(lines, vocabulary, by_shape=True))
        warnings.append(REBUILT_WARNING)
    return _result(list(_split_long(blocks)), lines, warnings)


def _result(blocks: list[Block], lines: list[_Line], warnings: list[str]) -> ReadResult:
    page_count = max((line.page for line in lines), default=1)
    return ReadResult(blocks=blocks, format="text", page_count=page_count, warnings=warnings)


def _lines(text: str) -> list[_Line]:
    # A form feed is a page break in text exported from PDF or print.
    lines = []
    for page, page_text in enumerate(text.split("\f"), start=1):
        lines.extend(_Line(line.rstrip(), page) for line in page_text.split("\n"))
    return lines


def _is_unbroken(lines: list[_Line]) -> bool:
    total = sum(len(line.text) for line in lines)
    longest = max((len(line.text) for line in lines), default=0)
    return longest > _UNBROKEN_LINE_CHARS and longest > total / 2


def _has_blank_line_paragraphs(lines: list[_Line]) -> bool:
    filled = [i for i, line in enumerate(lines) if line.text.strip()]
    if not filled:
        return False
    inner = lines[filled[0] : filled[-1] + 1]  # blank lines at the ends separate nothing
    blank = len(inner) - len(filled)
    return blank > 0 and blank >= _BLANK_LINE_SHARE * len(filled)


# --- line numbers -------------------------------------------------------------------------------


def _strip_line_numbers(lines: list[_Line]) -> bool:
    """Remove margin line numbers ("... tekst 17") when most lines carry a running count."""
    numbers = [_trailing_number(line.text) for line in lines]
    running = sum(
        1
        for previous, current in pairwise(numbers)
        if current is not None and (current == 1 or (previous is not None and current == previous + 1))
    )
    nonblank = sum(1 for line in lines if line.text.strip())
    if nonblank == 0 or running < _NUMBERED_LINE_SHARE * nonblank:
        return False
    for line, number in zip(lines, numbers, strict=True):
        if number is not None:
            line.text = _TRAILING_NUMBER.sub("", line.text).rstrip()
    return True


def _trailing_number(text: str) -> int | None:
    match = _TRAILING_NUMBER.search(text)
    return int(match.group(1)) if match else None


def _unfold_numbered_lines(lines: list[_Line]) -> list[_Line] | None:
    """Cut text whose line breaks were replaced by line numbers ("regel 3 volgende regel 4") back into lines.

    Each number must be the successor of the previous one, or 1 at a page start, within a line's
    width of it. Of several candidates the last one followed by the next number wins, because
    a number in the running text comes before the line's own number.
    """
    text = " ".join(line.text for line in lines)
    candidates = [(m.start(1), m.end(1), int(m.group(1))) for m in re.finditer(r"(?:^|\s)(\d{1,3})(?=\s)", text)]
    cuts: list[tuple[int, int, int]] = []
    position, expected, index = 0, 1, 0
    while index < len(candidates):
        chosen = _choose_number(candidates, index, position, expected)
        if chosen is None:
            chosen = _choose_number(candidates, index, position, 1)
        if chosen is None:
            # Lost track (a missing number): slide on until a page restarts the count.
            position = candidates[index][0]
            index += 1
            continue
        cuts.append(candidates[chosen])
        position, expected, index = candidates[chosen][1], candidates[chosen][2] + 1, chosen + 1
    covered = sum(len(line) for line in _pieces(text, cuts) if len(line) <= _LINE_NUMBER_WINDOW)
    # Numbering restarts on every page; without restarts the numbers are more likely content.
    restarts = sum(1 for cut in cuts[1:] if cut[2] == 1)
    if len(cuts) < 20 or restarts < 2 or covered < 0.8 * len(text):
        return None
    return [_Line(line, 1) for line in _pieces(text, cuts)]


def _choose_number(candidates: list[tuple[int, int, int]], index: int, position: int, value: int) -> int | None:
    matching = []
    for i in range(index, len(candidates)):
        start, _, number = candidates[i]
        if start - position > _LINE_NUMBER_WINDOW:
            break
        if number == value:
            matching.append(i)
    if not matching:
        return None
    for i in reversed(matching):
        if _followed_by(candidates, i, value + 1):
            return i
    return matching[0]


def _followed_by(candidates: list[tuple[int, int, int]], index: int, value: int) -> bool:
    end = candidates[index][1]
    for start, _, number in candidates[index + 1 :]:
        if start - end > _LINE_NUMBER_WINDOW:
            return False
        if number in (value, 1):
            return True
    return False


def _pieces(text: str, cuts: list[tuple[int, int, int]]) -> Iterator[str]:
    """The lines between the numbers; a page number glued before a page's first line is dropped."""
    previous = 0
    for start, end, number in cuts:
        line = text[previous:start].strip()
        yield re.sub(r"^\d{1,3}\s{2,}", "", line) if number == 1 else line
        previous = end
    if text[previous:].strip():
        yield text[previous:].strip()


# --- hyphenation --------------------------------------------------------------------------------


class _Vocabulary:
    """Word counts from the inside of lines, where no line break can have cut a word."""

    def __init__(self, lines: Iterable[_Line]):
        self.words: Counter[str] = Counter()
        self.hyphenated: Counter[str] = Counter()
        for line in lines:
            words = line.text.split()
            inner = " ".join(words[1:-1]).lower()
            self.words.update(_WORD.findall(inner))
            self.hyphenated.update(_HYPHENATED.findall(inner))

    def join(self, left: str, right: str) -> str:
        """Join two consecutive lines of one paragraph."""
        right = right.strip()
        if not left:
            return right
        fragment = _TRAILING_FRAGMENT.search(left)
        first = _LEADING_WORD.match(right)
        if fragment and first:
            joint = self._hyphen_joint(fragment.group(1), fragment.group(2), first.group(1))
            return left[: fragment.start(2)] + joint + right
        word = _TRAILING_WORD.search(left)
        if word and first and self._is_broken_word(word.group(1), first.group(1)):
            return left + right
        return f"{left} {right}"

    def _hyphen_joint(self, stem: str, hyphen: str, tail: str) -> str:
        """What goes between ``stem`` and the next line starting with the word ``tail``."""
        if tail in _ENUMERATION_WORDS:
            return f"{hyphen} "  # "oproep-, uitzend- en"
        if not tail[0].islower():
            return hyphen  # "Noord-Holland"
        joined, hyphenated = self.words[(stem + tail).lower()], self.hyphenated[f"{stem}-{tail}".lower()]
        if joined > hyphenated:
            return ""
        # A real hyphen links two words ("mkb-ondernemers", "niet-moslims"); a line-break hyphen
        # leaves at least one part that is no word of the document ("autoritei-ten").
        parts_are_words = self.words[stem.lower()] and self.words[tail.lower()]
        if not hyphenated and not parts_are_words and stem.isalpha() and not stem.isupper():
            return ""
        # "beleid -" is a dash: keep the space after it.
        return f"{hyphen} " if hyphen.startswith(" ") else hyphen

    def _is_broken_word(self, left: str, right: str) -> bool:
        # "nieuw" + "e verhaal": one of the parts is no word, the whole is one the document uses.
        if self.words[(left + right).lower()] < 2:
            return False
        return not self.words[left.lower()] or not self.words[right.lower()]


# --- line shapes -------------------------------------------------------------------------------


@dataclass
class _Shape:
    width: int

    def fits(self, line: str, following: str) -> bool:
        """Would the next line's first word have fitted on this line? Then the break was deliberate."""
        words = following.split()
        first = words[0] if words else ""
        return len(line) + 1 + len(first) <= self.width


def _width(lines: list[_Line]) -> int:
    lengths = sorted(len(line.text.strip()) for line in lines if line.text.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]


def _shape_blocks(lines: list[_Line], vocabulary: _Vocabulary, by_shape: bool) -> Iterator[Block]:
    """Group lines into blocks. ``by_shape``: also end paragraphs at short sentence-final lines."""
    shape = _Shape(_width(lines))
    texts = [line.text.strip() for line in lines]
    texts = ["" if _PAGE_NUMBER_LINE.match(t) else t for t in texts]
    contents = _table_of_contents(texts)
    running = _running_lines(texts)
    found = {i: level for i, level in _heading_lines(texts, shape, by_shape).items() if texts[i] not in running}
    headings = _confirmed_headings(found, contents)
    pattern = running_header_pattern(texts)
    texts, furniture = _without_running_headers(texts, {*contents.lines, *contents.headings}, pattern)
    texts = _with_standard_bullets(texts)
    current: list[int] = []
    kind: ParagraphKind = "body"
    skip_until = 0
    for index, text in enumerate(texts):
        if index < skip_until or index in furniture:
            continue
        if index in contents.lines:
            yield from _emit(current, kind, lines, texts, vocabulary)
            yield Block(text, "toc", 0, lines[index].page)
            current, kind = [], "body"
            continue
        if index in contents.headings:
            heading = contents.headings[index]
            if heading.column:
                # What is glued before the title belongs to the text before it, but for a running header.
                texts[index] = strip_running_headers(text[: heading.column], pattern)
                current += [index] if texts[index] else []
            yield from _emit(current, kind, lines, texts, vocabulary)
            title = " ".join(
                [text[heading.column : heading.end_column], *texts[index + 1 : index + heading.line_count]]
            )
            yield Block(title, "heading", heading.level, lines[index].page)
            current, kind = [], "body"
            skip_until = index + heading.line_count
            if heading.end_column is not None:
                # What follows the title (a footer, then text) starts the text that follows.
                texts[index] = strip_running_headers(text[heading.end_column :], pattern)
                current += [index] if texts[index] else []
            continue
        if not text:
            yield from _emit(current, kind, lines, texts, vocabulary)
            current, kind = [], "body"
            continue
        if index in headings:
            yield from _emit(current, kind, lines, texts, vocabulary)
            yield Block(text, "heading", headings[index], lines[index].page)
            current, kind = [], "body"
            continue
        if _starts_item(text, texts, index, current):
            yield from _emit(current, kind, lines, texts, vocabulary)
            current, kind = [], "bullet"
        current.append(index)
        following = _next_text(texts, index)
        if by_shape and following and _FINAL.search(text) and shape.fits(text, following):
            yield from _emit(current, kind, lines, texts, vocabulary)
            current, kind = [], "body"
    yield from _emit(current, kind, lines, texts, vocabulary)


def _with_standard_bullets(texts: list[str]) -> list[str]:
    """Lines whose bullet glyph came out of a PDF as another character glued to the item's first word
    ("6Stoppen met windturbines ...": a symbol font's bullet mapped to "6") get a plain bullet instead.

    One character standing glued before a capitalised word at the start of many lines is such a glyph:
    a page or chapter number glued to a heading varies, and prose does not open lines that way.
    """
    markers = [match.group(1) if (match := _GLUED_MARKER.match(text)) else "" for text in texts]
    counts = Counter(marker for marker in markers if marker)
    if not counts:
        return texts
    marker, count = counts.most_common(1)[0]
    if count < _GLUED_MARKER_MIN_LINES:
        return texts
    # Where a line ran on past an item's start (two columns or a header joined), the glyph stands inside
    # it: it is dropped there, so the item's first word reads as written.
    inside = re.compile(rf"(?<=\s){re.escape(marker)}(?=[A-ZÀ-Þ][a-zà-ÿ])")
    return [
        f"• {inside.sub('', text[1:])}" if glued == marker else inside.sub("", text)
        for text, glued in zip(texts, markers, strict=True)
    ]


def _without_running_headers(
    texts: list[str], keep: set[int], pattern: re.Pattern[str] | None
) -> tuple[list[str], set[int]]:
    """The lines with running headers and their page numbers taken out (the table of contents and the
    headings it places kept as they are), and the lines that held nothing else: they are skipped, so a
    sentence that runs over a page break stays one paragraph."""
    if pattern is None:
        return texts, set()
    cleaned = [text if index in keep else strip_running_headers(text, pattern) for index, text in enumerate(texts)]
    emptied = {index for index, (before, after) in enumerate(zip(texts, cleaned, strict=True)) if before and not after}
    return cleaned, emptied


def _running_lines(texts: list[str]) -> set[str]:
    """Lines repeated on page after page (a running header or footer): never a heading."""
    counts = Counter(text for text in texts if text)
    return {text for text, count in counts.items() if count >= _RUNNING_MIN_REPEATS}


def _emit(
    indices: list[int], kind: ParagraphKind, lines: list[_Line], texts: list[str], vocabulary: _Vocabulary
) -> Iterator[Block]:
    if not indices:
        return
    joined = ""
    for index in indices:
        joined = vocabulary.join(joined, texts[index])
    if kind == "bullet":
        joined = _strip_marker(joined)
    yield Block(joined, kind, 0, lines[indices[0]].page, lines[indices[-1]].page)


def _next_text(texts: list[str], index: int) -> str:
    return texts[index + 1] if index + 1 < len(texts) else ""


def _starts_item(text: str, texts: list[str], index: int, current: list[int]) -> bool:
    if _BULLET_GLYPH.match(text):
        return True
    if not (_BULLET_DASH.match(text) or _BULLET_NUMBER.match(text) or _BULLET_BARE_NUMBER.match(text)):
        return False
    # A dash or number can also start a wrapped line mid-sentence; only count it after a closed line.
    return not current or bool(_CLOSES_BLOCK.search(texts[current[-1]]))


def _strip_marker(text: str) -> str:
    for pattern in (_BULLET_GLYPH, _BULLET_DASH, _BULLET_NUMBER, _BULLET_BARE_NUMBER):
        stripped = pattern.sub("", text, count=1)
        if stripped != text:
            return stripped
    return text


def _heading_lines(texts: list[str], shape: _Shape, by_shape: bool) -> dict[int, int]:
    """Map line index -> heading level for lines that look like headings."""
    candidates = [_is_heading_candidate(texts, i, shape, by_shape) for i in range(len(texts))]
    headings: dict[int, int] = {}
    index = 0
    while index < len(texts):
        if not candidates[index]:
            index += 1
            continue
        run_end = index
        while run_end + 1 < len(texts) and candidates[run_end + 1]:
            run_end += 1
        # Three or more short lines in a row are a list (names, a contents page), not headings.
        if run_end - index + 1 <= _MAX_HEADING_RUN and _closed_before(texts, index, headings):
            for i in range(index, run_end + 1):
                headings[i] = _heading_level(texts[i])
        index = run_end + 1
    return headings


def _confirmed_headings(found: dict[int, int], contents: _Contents) -> dict[int, int]:
    """With a table of contents whose titles were found, its entries are the top of the outline:
    headings found from line shapes nest below them, and none stands inside the contents itself."""
    if len(contents.headings) < _TOC_MIN_ENTRIES // 2:
        return {i: level for i, level in found.items() if i not in contents.lines}
    below = contents.deepest_level + 1
    return {
        i: max(level, below) for i, level in found.items() if i not in contents.lines and i not in contents.headings
    }


def _is_heading_candidate(texts: list[str], index: int, shape: _Shape, by_shape: bool) -> bool:
    text = texts[index]
    if not text:
        return False
    if not by_shape:
        return _blank_line_heading(texts, index)
    following = _next_text(texts, index)
    upcoming = next((t for t in texts[index + 1 :] if t), "")
    if not upcoming or len(text.split()) > _HEADING_MAX_WORDS or len(text) > _HEADING_MAX_CHARS:
        return False
    # A blank line after it makes the break deliberate; otherwise the next word must have fitted.
    deliberate = not following or shape.fits(text, following)
    return deliberate and _heading_like(text) and _starts_block(upcoming)


def _blank_line_heading(texts: list[str], index: int) -> bool:
    text = texts[index]
    after_blank = index == 0 or not texts[index - 1]
    # A section number ("2.1") marks a heading even where the text follows without a blank line.
    alone = after_blank and (index + 1 >= len(texts) or not texts[index + 1] or bool(_SUBSECTION.match(text)))
    has_next = any(texts[index + 1 :])
    words = text.split()
    return (
        alone
        and has_next
        and len(words) <= _HEADING_MAX_WORDS
        and len(text) <= _HEADING_MAX_CHARS
        and _heading_like(text)
    )


def _heading_like(text: str) -> bool:
    if _BULLET_GLYPH.match(text) or _BULLET_DASH.match(text):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if text[0].isdigit() and not _NUMBERED_HEADING.match(text):
        return False
    if re.search(r"[.,;:!\-–]$", text) or _PAGE_NUMBER_LINE.match(text):
        return False
    last = _TRAILING_WORD.search(text)
    return not (last and last.group(1).lower() in _DANGLING)


def _starts_block(text: str) -> bool:
    first = text.lstrip("\"'‘“(")[:1]
    return bool(first) and (first.isupper() or first.isdigit() or bool(_BULLET_GLYPH.match(text)))


def _closed_before(texts: list[str], index: int, headings: dict[int, int]) -> bool:
    if index == 0 or not texts[index - 1] or (index - 1) in headings:
        return True
    return bool(_CLOSES_BLOCK.search(texts[index - 1]))


def _heading_level(text: str) -> int:
    numbered = _NUMBERED_HEADING.match(text)
    if numbered:
        return min(6, numbered.group(1).count(".") + 1)
    letters = [c for c in text if c.isalpha()]
    if _CHAPTER.match(text) or (len(letters) > 3 and all(c.isupper() for c in letters)):
        return 1
    return 2


# --- table of contents ---------------------------------------------------------------------------

_TOC_MAX_PAGE_DIGITS = 3
_LETTER = re.compile(r"[^\W\d_]")
_TOC_MARKER = re.compile(r"^[-–•]\s*")
_TOC_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s")
_TOC_MIN_ENTRIES = 4
_TOC_MAX_GAP = 2  # non-entry lines (a wrapped title, a page header) tolerated inside the block
_TOC_REGION = 0.25  # a table of contents stands in the first quarter of the text
_TOC_TITLE_MAX_WORDS = 16
_TOC_GLUED_MIN_CHARS = 8  # a shorter title glued to a running header needs a non-letter before it
_TOC_MAX_TITLE_LINES = 3
_TOC_MAX_LISTED_LINES = 200
_TOC_LABEL = re.compile(r"^\d{0,3}\s*(?:inhoud|inhoudsopgave|inhoudstafel|contents|table of contents)[\s.:]*$", re.I)
_FOOTER_OPENING = 12  # characters that a running header or footer repeats at the start of its line
_FOOTER_MIN_REPEATS = 4
_FOOTER_SHARED_WORDS = 3
_CAPS_TAIL = re.compile(r"(?:^|(?<=[.!?,;]))\s*([A-ZÀ-Þ][A-ZÀ-Þ0-9 &:’'?!-]{9,})$")


@dataclass(frozen=True)
class _TocEntry:
    title: str
    level: int

    @property
    def keys(self) -> tuple[str, ...]:
        # Chapter numbers are often set apart from the title in the body, or left out.
        bare = _TOC_NUMBER.sub("", self.title, count=1).strip()
        return (self.title, bare) if bare and bare != self.title else (self.title,)


@dataclass(frozen=True)
class _TocHeading:
    """A heading line confirmed by the table of contents; ``column`` is where its title starts."""

    level: int
    column: int
    line_count: int
    end_column: int | None = None  # where a running footer glued after the title starts


@dataclass
class _Contents:
    lines: set[int]
    headings: dict[int, _TocHeading]

    @property
    def deepest_level(self) -> int:
        return max((h.level for h in self.headings.values()), default=0)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _table_of_contents(texts: list[str]) -> _Contents:
    """The document's own table of contents and the body lines that its titles point to.

    The entries are lines ending in a page number, in a block early in the text. Each title is then
    looked for in order after the block, as a line of its own, a title wrapped over a few lines, or
    the end of a line that a running header was glued to.
    """
    block = _toc_block(texts)
    entries = _toc_entries(texts, block) if block else []
    if not block:
        block, entries = _labelled_toc(texts)
    if not entries:
        entries = _footer_titles(texts)
    if not entries:
        return _Contents(set(), {})
    keys = [_key(text) for text in texts]
    start = max(block) + 1 if block else 0
    footers = _footer_starts(texts)
    candidates = [
        (order, index, heading)
        for order, entry in enumerate(entries)
        for index, heading in _title_candidates(texts, keys, entry, start, footers)
    ]
    return _Contents(set(block), dict(_longest_chain(candidates, start, len(texts))))


def _longest_chain(
    candidates: list[tuple[int, int, _TocHeading]], start: int, end: int
) -> list[tuple[int, _TocHeading]]:
    """The most titles found in the order of the contents, each once, each below the previous one.

    A title may occur more than once: an overview of the chapters in the introduction, or a running
    footer on every page of its chapter. Of the chains that place the most titles, the one whose
    longest stretch without a title is shortest wins: the one that cuts the body into chapters.
    """
    candidates.sort(key=lambda c: (c[1], c[0]))
    # Per candidate: (titles in the chain, longest stretch so far, previous candidate or -1).
    best: list[tuple[int, int, int]] = []
    for i, (order, index, _) in enumerate(candidates):
        chain = (1, index - start, -1)
        for j in range(i):
            other_order, other_index, other = candidates[j]
            if other_order >= order or other_index + other.line_count > index:
                continue
            longer = (best[j][0] + 1, max(best[j][1], index - other_index), j)
            if (longer[0], -longer[1]) > (chain[0], -chain[1]):
                chain = longer
        best.append(chain)
    if not best:
        return []
    position = max(range(len(best)), key=lambda i: (best[i][0], -max(best[i][1], end - candidates[i][1])))
    found = []
    while position >= 0:
        found.append((candidates[position][1], candidates[position][2]))
        position = best[position][2]
    return found[::-1]


def _toc_block(texts: list[str]) -> list[int]:
    """Indices of the longest run of entry lines in the first part of the text, gaps included."""
    region = max(40, int(_TOC_REGION * len(texts)))
    best: list[int] = []
    run: list[int] = []
    gap = 0
    for index, text in enumerate(texts[:region]):
        if not text:
            continue
        if _is_toc_entry(text):
            run.append(index)
            gap = 0
            continue
        gap += 1
        if gap > _TOC_MAX_GAP:
            best = max(best, _entries_only(run, texts), key=len)
            run, gap = [], 0
        elif run:
            run.append(index)
    best = max(best, _entries_only(run, texts), key=len)
    return best if sum(1 for i in best if _is_toc_entry(texts[i])) >= _TOC_MIN_ENTRIES else []


def _footer_titles(texts: list[str]) -> list[_TocEntry]:
    """Without a contents, a running footer that names the chapter ("GEZONDE BODEM: WAT WIL BBB?")
    gives the chapter titles: upper-case line ends that share their last words, in order of appearance."""
    families: dict[str, list[str]] = {}
    for text in texts:
        match = _CAPS_TAIL.search(text)
        if match and len(match.group(1).split()) >= _FOOTER_SHARED_WORDS + 1:
            tail = match.group(1).strip()
            families.setdefault(" ".join(tail.split()[-_FOOTER_SHARED_WORDS:]), []).append(tail)
    for tails in families.values():
        titles = list(dict.fromkeys(_key(tail) for tail in tails))
        if len(titles) >= _TOC_MIN_ENTRIES // 2 + 1 and len(tails) >= _FOOTER_MIN_REPEATS:
            return [_TocEntry(title, 1) for title in titles]
    return []


def _labelled_toc(texts: list[str]) -> tuple[list[int], list[_TocEntry]]:
    """A contents without page numbers: the list of short lines under a heading "Inhoud"."""
    region = max(40, int(_TOC_REGION * len(texts)))
    for index, text in enumerate(texts[:region]):
        if _TOC_LABEL.match(text):
            block, entries = _listed_entries(texts, index + 1)
            if len(entries) >= _TOC_MIN_ENTRIES:
                return [index, *block], entries
    return [], []


def _listed_entries(texts: list[str], start: int) -> tuple[list[int], list[_TocEntry]]:
    block: list[int] = []
    titles: list[tuple[str, int]] = []
    for index in range(start, min(len(texts), start + _TOC_MAX_LISTED_LINES)):
        text = texts[index]
        if not text:
            continue
        marked = _TOC_MARKER.match(text)
        title = _TOC_MARKER.sub("", text).strip()
        if titles and not marked and _continues_title(titles[-1][0]):
            titles[-1] = (f"{titles[-1][0]} {title}", titles[-1][1])
        elif len(title.split()) > _TOC_TITLE_MAX_WORDS or re.search(r"[.!?:;]$", title):
            break
        elif _key(title) in {_key(t) for t, _ in titles}:
            break  # the body starts by repeating the first title
        else:
            titles.append((title, 2 if marked else 1))
        block.append(index)
    return block, [_TocEntry(_key(title), level) for title, level in titles]


def _continues_title(title: str) -> bool:
    last = title.split()[-1].lower() if title.split() else ""
    return last in _DANGLING or last in ("&", "-", "–") or title.endswith(",")


def _entries_only(run: list[int], texts: list[str]) -> list[int]:
    while run and not _is_toc_entry(texts[run[-1]]):
        run = run[:-1]
    return run


def _toc_title(text: str) -> str | None:
    """The title of a contents line: a title, then a page number after white space or dot leaders,
    or dot leaders alone where margin line numbers were stripped together with the page number."""
    rest = text.rstrip("0123456789")
    if len(text) - len(rest) > _TOC_MAX_PAGE_DIGITS:
        return None
    title = rest.rstrip(" \t.")
    leader = rest[len(title) :]
    dotted = leader.count(".") >= 3
    if not (dotted or (rest != text and leader[:1].isspace())):
        return None
    if not _LETTER.search(title) or len(title.split()) > _TOC_TITLE_MAX_WORDS:
        return None
    return title


def _is_toc_entry(text: str) -> bool:
    return _toc_title(text) is not None


def _toc_entries(texts: list[str], block: list[int]) -> list[_TocEntry]:
    entries = []
    pending = ""  # the first line of a title wrapped onto the next entry line
    for index in block:
        entry_title = _toc_title(texts[index])
        if entry_title is None:
            pending = texts[index]
            continue
        title = f"{pending} {entry_title}" if pending else entry_title
        pending = ""
        marked = _TOC_MARKER.match(title)
        title = _TOC_MARKER.sub("", title).strip()
        numbered = _TOC_NUMBER.match(title)
        level = numbered.group(1).count(".") + 1 if numbered else (2 if marked else 1)
        entries.append(_TocEntry(_key(title), level))
    return entries


def _title_candidates(texts: list[str], keys: list[str], entry: _TocEntry, start: int, footers):
    # Every way a title can be found puts at least its first word on the line it starts on.
    first_words = {title.split(" ", 1)[0] for title in entry.keys}
    for index in range(start, len(texts)):
        if not any(word in keys[index] for word in first_words):
            continue
        for title in entry.keys:
            heading = _title_at(texts, keys, index, title, entry.level, footers)
            if heading is not None:
                yield index, heading
                break


def _title_at(
    texts: list[str], keys: list[str], index: int, title: str, level: int, footers: re.Pattern[str] | None
) -> _TocHeading | None:
    key = keys[index]
    if key == title:
        return _TocHeading(level, 0, 1)
    for start in _title_openings(key, title):
        count = _wrapped_line_count(keys, index, key[start:], title)
        if count:
            column = _column_of_suffix(texts[index], key[start:]) if start else 0
            if column is not None and (column == 0 or _glued_title(texts[index][:column], title)):
                return _TocHeading(level, column, count)
    if key.endswith(title):
        column = _column_of_suffix(texts[index], title)
        if column is not None and _glued_title(texts[index][:column], title):
            return _TocHeading(level, column, 1)
    if len(title.split()) >= 2 and title in key:
        return _title_before_footer(texts[index], title, level, footers)
    return None


def _glued_title(before: str, title: str) -> bool:
    """Is a title at the end of a line a heading glued there, rather than the last words of a sentence?

    Extraction glues a heading to the line before it without a space ("SlotNu doorpakken", "9Wonen")
    or after a finished sentence; a long or numbered title is a heading after any text.
    """
    if not before[-1:].isspace():
        return len(title) >= _TOC_GLUED_MIN_CHARS or not before[-1:].isalpha()
    return bool(_FINAL.search(before.rstrip())) or len(title.split()) >= 3 or bool(_TOC_NUMBER.match(title))


def _title_openings(key: str, title: str) -> Iterator[int]:
    """Where in ``key`` a title wrapped onto the next lines may begin: at a word, up to the line's end."""
    first_word = title.split(" ", 1)[0]
    start = key.find(first_word)
    while start >= 0:
        if (start == 0 or not key[start - 1].isalpha()) and title.startswith(key[start:] + " "):
            yield start
        start = key.find(first_word, start + 1)


def _wrapped_line_count(keys: list[str], index: int, opening: str, title: str) -> int:
    """How many lines, from ``index`` on, the title spans when it opens with ``opening``; 0 if it does not."""
    joined = opening
    for count in range(2, _TOC_MAX_TITLE_LINES + 1):
        following = keys[index + count - 1] if index + count - 1 < len(keys) else ""
        if not following:
            return 0
        joined = f"{joined} {following}"
        if joined == title:
            return count
        if not title.startswith(joined + " "):
            return 0
    return 0


def _title_before_footer(line: str, title: str, level: int, footers: re.Pattern[str] | None) -> _TocHeading | None:
    """A title with a running footer glued after it: "… Uw zorg16Verkiezingsprogramma …"."""
    for match in re.finditer(re.escape(title).replace(r"\ ", r"\s+"), line, re.IGNORECASE):
        rest = line[match.end() :]
        # Glued without a space: a footer set on the same baseline as the last words of a page.
        if rest[:1].isdigit() or (footers is not None and footers.match(rest) and not rest[:1].isspace()):
            return _TocHeading(level, match.start(), 1, match.end())
    return None


def _footer_starts(texts: list[str]) -> re.Pattern[str] | None:
    """The openings of lines that recur page after page ("CDA-VERKIEZINGSPROGRAMMA 2021-2025 …")."""
    openings = Counter(text[:_FOOTER_OPENING] for text in texts if len(text) > _FOOTER_OPENING)
    frequent = [opening for opening, count in openings.items() if count >= _FOOTER_MIN_REPEATS]
    if not frequent:
        return None
    return re.compile("|".join(re.escape(opening) for opening in frequent))


def _column_of_suffix(line: str, title_key: str) -> int | None:
    """Where in ``line`` the text whose key is ``title_key`` starts."""
    for column in range(len(line) - 1, -1, -1):
        if _key(line[column:]) == title_key:
            return column
    return None


# --- sentence chunks ---------------------------------------------------------------------------


def _split_long(blocks: Iterable[Block]) -> Iterator[Block]:
    for block in blocks:
        if block.kind in ("body", "bullet") and len(block.text) > _MAX_PARAGRAPH_CHARS:
            yield from _sentence_chunks(block.text, block.page_start, block.kind)
        else:
            yield block


def _sentence_chunks(text: str, page: int, kind: ParagraphKind = "body") -> Iterator[Block]:
    """Cut ``text`` into paragraphs of a few whole sentences."""
    text = " ".join(text.split())
    chunk_start: int | None = None
    count = 0
    for start, end in split_sentences(text):
        if chunk_start is None:
            chunk_start = start
        count += 1
        if count >= _CHUNK_SENTENCES or end - chunk_start >= _CHUNK_CHARS:
            yield Block(text[chunk_start:end], kind, 0, page)
            chunk_start, count = None, 0
    if chunk_start is not None:
        yield Block(text[chunk_start:], kind, 0, page)


# --- Markdown ----------------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_BULLET = re.compile(r"^\s{0,8}(?:[-*+]|\d{1,3}[.)])\s+")
_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_QUOTE = re.compile(r"^ {0,3}>\s?")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_CODE_SPAN = re.compile(r"`([^`]+)`")


def read_markdown(data: bytes, path: Path) -> ReadResult:
    text = decode_text(data, path)
    lines, title = _front_matter(text.split("\n"))
    blocks = list(_markdown_blocks(lines))
    return ReadResult(blocks=blocks, format="markdown", title=title)


def _front_matter(lines: list[str]) -> tuple[list[str], str | None]:
    if not lines or lines[0].strip() != "---":
        return lines, None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            title = None
            for line in lines[1:index]:
                key, _, value = line.partition(":")
                if key.strip().lower() == "title" and value.strip():
                    title = value.strip().strip("\"'")
            return lines[index + 1 :], title
    return lines, None


def _markdown_blocks(lines: list[str]) -> Iterator[Block]:
    buffer: list[str] = []
    kind: ParagraphKind = "body"
    index = 0
    while index < len(lines):
        line = _QUOTE.sub("", lines[index])
        fence = _FENCE.match(line)
        if fence:
            yield from _flush_markdown(buffer, kind)
            index, code = _fenced(lines, index, fence.group(1))
            if code.strip():
                yield Block(code, "body")
            continue
        heading = _ATX.match(line)
        if heading:
            yield from _flush_markdown(buffer, kind)
            yield Block(_inline_markdown(heading.group(2)), "heading", len(heading.group(1)))
        elif _SETEXT.match(line) and buffer and kind == "body":
            level = 1 if line.strip().startswith("=") else 2
            yield Block(_inline_markdown(" ".join(buffer)), "heading", level)
            buffer.clear()
        elif "|" in line and index + 1 < len(lines) and _TABLE_SEPARATOR.match(lines[index + 1]):
            yield from _flush_markdown(buffer, kind)
            index, table = _pipe_table(lines, index)
            yield Block(table, "table")
            continue
        elif not line.strip() or _RULE.match(line):
            yield from _flush_markdown(buffer, kind)
        elif _MD_BULLET.match(line):
            yield from _flush_markdown(buffer, kind)
            buffer.append(_MD_BULLET.sub("", line, count=1))
            kind = "bullet"
        else:
            if not buffer:
                kind = "body"
            buffer.append(line)
        index += 1
    yield from _flush_markdown(buffer, kind)


def _flush_markdown(buffer: list[str], kind: ParagraphKind) -> Iterator[Block]:
    if buffer:
        yield Block(_inline_markdown(" ".join(buffer)), kind)
        buffer.clear()


def _fenced(lines: list[str], index: int, marker: str) -> tuple[int, str]:
    body = []
    index += 1
    while index < len(lines) and not lines[index].strip().startswith(marker):
        body.append(lines[index])
        index += 1
    return index + 1, "\n".join(body)


def _pipe_table(lines: list[str], index: int) -> tuple[int, str]:
    rows = [_table_row(lines[index])]
    index += 2  # the header row and the --- separator
    while index < len(lines) and "|" in lines[index] and lines[index].strip():
        rows.append(_table_row(lines[index]))
        index += 1
    return index, "\n".join(rows)


def _table_row(line: str) -> str:
    cells = line.strip().strip("|").split("|")
    return " | ".join(_inline_markdown(cell.strip()) for cell in cells)


def _inline_markdown(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _CODE_SPAN.sub(r"\1", text)
    return _strip_emphasis(text)


def _strip_emphasis(text: str) -> str:
    return _EMPHASIS.sub(lambda m: m.group(2) or m.group(3), text)
