"""Running headers and footers glued into the lines of text extracted from a PDF.

Text exported from a designed PDF carries each page's header or footer inside the running text:
"... met een modaal inkomen 7 Verkiezingsprogramma 2021 -2025 - Ons nieuwe verhaalnauwelijks de ...".
Left in, it breaks sentences, ends up in published quotes and pulls a passage towards the chapter its
header names. A running header is recognised by what only page furniture does: the same phrase on
most pages, next to a page number that grows through the document. A chapter title that some headers
carry varies from chapter to chapter and is left in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

_PAGE_NUMBER = re.compile(r"(?<![\d.,€$%])\d{1,3}(?![\d.,%])")
_MIN_PAGES = 8  # a phrase next to a page number on this many pages is furniture, not prose
_MIN_CHARS = 12  # shorter repeated phrases ("in 2021 en") are prose
_MAX_PAGE_CHARS = 8000  # a page of a designed document holds less text than this
_NUMBERED_SHARE = 0.5  # of a header's occurrences, at least half stand near a page number
_MIN_GLUED = 3  # letters a glued word must share on most pages to belong to the header
_NEAR = 40  # characters between a header and its page number (a chapter title may stand between)
_MAX_WORDS = 10
_WINDOW = 80
_RISING_SHARE = 0.7  # page numbers mostly grow from one occurrence to the next


def running_header_pattern(lines: list[str]) -> re.Pattern[str] | None:
    """A pattern that matches every running header or footer in ``lines`` with a page number glued to
    it, or None when the text has none."""
    text = "\n".join(lines)
    phrases = _phrases(text)
    if not phrases:
        return None
    parts = [rf"(?:\d{{1,3}}[ \t]*)?{_spaced(phrase)}(?:[ \t]*\d{{1,3}}(?!\d))?" for phrase in phrases]
    return re.compile("|".join(parts))


def _spaced(phrase: str) -> str:
    """``phrase`` as a pattern whose word gaps match any run of spaces (extracted text doubles some)."""
    return r"[ \t]+".join(re.escape(word) for word in phrase.split())


def strip_running_headers(line: str, pattern: re.Pattern[str] | None) -> str:
    """``line`` without its running headers (trimmed); words they were glued between are kept apart by a space."""
    if pattern is None:
        return line.strip()
    cleaned, count = pattern.subn(" ", line)
    return (re.sub(r"[ \t]{2,}", " ", cleaned) if count else line).strip()


def _phrases(text: str) -> list[str]:
    """Phrases that stand next to a rising page number on many pages, longest first; a shorter one only
    where it stands on enough pages that no longer one covers, each also with the word glued after it."""
    counts: Counter[str] = Counter()
    numbers: dict[str, list[int]] = {}
    for match in _PAGE_NUMBER.finditer(text):
        after, before = _line_after(text, match.end()), _line_before(text, match.start())
        seen = set()
        for phrase in [*_openings(after.lstrip()), *_endings(before.rstrip())]:
            if phrase not in seen:
                seen.add(phrase)
                counts[phrase] += 1
                numbers.setdefault(phrase, []).append(int(match.group()))
    # A running header stands on most pages, a page number beside it on many; a phrase repeated after
    # a few chapter numbers does not.
    pages = max(_MIN_PAGES, len(text) / _MAX_PAGE_CHARS)
    candidates = sorted(
        (p for p, count in counts.items() if count >= _MIN_PAGES and len(p) >= _MIN_CHARS and _rising(numbers[p])),
        key=lambda p: (-len(p), p),
    )
    kept: list[str] = []
    masked = text  # the text without the kept phrases, masked again only when one is kept
    for phrase in candidates:
        # Longer phrases first; a shorter one counts only where no kept phrase already covers it.
        found = [m.start() for m in re.finditer(_spaced(phrase), masked)]
        numbered = sum(1 for start in found if _near_a_number(masked, start, start + len(phrase)))
        if len(found) >= pages and numbered >= _NUMBERED_SHARE * len(found):
            kept.append(phrase)
            masked = re.sub("|".join(_spaced(k) for k in kept), "\x00", text)
    # Each with the word glued after it where there is one, and as found (some pages have no such word).
    return list(dict.fromkeys(form for phrase in kept for form in (_with_glued_word(text, phrase), phrase)))


def _with_glued_word(text: str, phrase: str) -> str:
    """``phrase`` with the start of the word glued after it on most pages: a header's last word glued
    to the page's first ("... Samen sterkwonen") is found as the part that all those words share."""
    following = [(m.group(1), m.group(2)) for m in re.finditer(_spaced(phrase) + r"([ \t]*)([^\W\d_]+)", text)]
    for size in range(max((len(word) for _, word in following), default=0), _MIN_GLUED - 1, -1):
        starts = Counter((bool(gap), word[:size]) for gap, word in following if len(word) >= size)
        if starts:
            (gap, start), count = starts.most_common(1)[0]
            if count >= _NUMBERED_SHARE * len(following):
                return f"{phrase} {start}" if gap else phrase + start
    return phrase


def _line_after(text: str, position: int) -> str:
    """The rest of the line after ``position``, or the next line when a page number ends its line."""
    end = text.find("\n", position)
    rest = text[position : end if end >= 0 else len(text)]
    if not rest.strip() and end >= 0:
        following = text.find("\n", end + 1)
        rest = text[end + 1 : following if following >= 0 else len(text)]
    return rest[:_WINDOW]


def _line_before(text: str, position: int) -> str:
    """The line before ``position``, or the line above when a page number starts its line."""
    start = text.rfind("\n", 0, position) + 1
    rest = text[start:position]
    if not rest.strip() and start > 0:
        rest = text[text.rfind("\n", 0, start - 1) + 1 : start - 1]
    return rest[-_WINDOW:]


def _near_a_number(text: str, start: int, end: int) -> bool:
    return _PAGE_NUMBER.search(text, max(0, start - _NEAR), end + _NEAR) is not None


def _openings(window: str) -> list[str]:
    if not window[:1].isalpha():
        return []
    words = window.split()
    return [" ".join(words[:size]) for size in range(2, min(len(words), _MAX_WORDS) + 1)]


def _endings(window: str) -> list[str]:
    words = window.split()
    return [" ".join(words[-size:]) for size in range(2, min(len(words), _MAX_WORDS) + 1)]


def _rising(numbers: list[int]) -> bool:
    """Page numbers grow and rarely repeat; the numbers of list items start again in every list."""
    steps = list(pairwise(numbers))
    distinct = len(set(numbers)) >= _RISING_SHARE * len(numbers)
    return distinct and bool(steps) and sum(1 for a, b in steps if b > a) >= _RISING_SHARE * len(steps)
