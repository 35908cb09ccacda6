"""Read an HTML page: h1-h6 headings, paragraphs, list items, tables; page chrome and scripts dropped."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from ..errors import InputError
from .builder import Block, ReadResult
from .decoding import decode_text
from .model import ParagraphKind

# Never content: code, styling and navigation. Site-wide header/footer are handled separately
# because an <article> may use <header> for its own title.
_IGNORED = frozenset({"script", "style", "noscript", "template", "nav", "svg", "iframe", "head", "button"})
_CHROME = frozenset({"header", "footer", "aside"})
_CONTENT_ROOTS = ("article", "main")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "header", "hr", "li", "main", "nav",
        "ol", "p", "pre", "section", "summary", "table", "ul", "html",
    }
)  # fmt: skip
# Real pages nest a few dozen elements deep and hold tens of thousands of them; beyond these bounds a
# page is generated or hostile, and parsing it would take minutes and gigabytes.
_MAX_DEPTH = 256
_MAX_ELEMENTS = 300_000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class _TooDeep(Exception):
    """Elements nest deeper than :data:`_MAX_DEPTH`."""


def read_html(data: bytes, path: Path) -> ReadResult:
    # Counting "<" overestimates the elements (comments, text); cheap, and before lxml sees the bytes.
    if data.count(b"<") > _MAX_ELEMENTS:
        raise InputError(
            path,
            f"has more than {_MAX_ELEMENTS} HTML elements, far more than a document page; "
            "save the part you need as its own page or as text",
        )
    soup = BeautifulSoup(_decode(data, path), "lxml")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text(" ").split()) if title_tag else ""
    root = soup.body or soup
    try:
        blocks = list(_walk(root, "body"))
    except _TooDeep:
        raise InputError(
            path, f"nests elements more than {_MAX_DEPTH} levels deep; save the page again or as text"
        ) from None
    return ReadResult(blocks=blocks, format="html", title=title or None)


def _decode(data: bytes, path: Path) -> str:
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            encoding = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            encoding = None
        # A page that declares UTF-8 but is not is common; let the detector decide then.
        if encoding:
            try:
                return data.decode(encoding).replace("\r\n", "\n")
            except UnicodeDecodeError:
                pass
    return decode_text(data, path)


def _walk(element: Tag, kind: ParagraphKind, depth: int = 0) -> Iterator[Block]:
    """Emit blocks for ``element``'s children; loose inline text between blocks becomes a paragraph."""
    if depth > _MAX_DEPTH:
        raise _TooDeep
    inline: list[str] = []
    for child in element.children:
        if isinstance(child, Tag) and _is_block(child):
            yield from _flush(inline, kind)
            yield from _block(child, kind, depth + 1)
        elif isinstance(child, Tag):
            inline.append(_inline_text(child))
        elif _is_text(child):
            inline.append(str(child))
    yield from _flush(inline, kind)


def _block(element: Tag, kind: ParagraphKind, depth: int) -> Iterator[Block]:
    name = element.name
    if name in _IGNORED or (name in _CHROME and not element.find_parent(_CONTENT_ROOTS)):
        return
    if name in _HEADINGS:
        yield Block(text=_inline_text(element), kind="heading", level=_HEADINGS[name])
    elif name == "table":
        yield Block(text=_table_text(element), kind="table")
    elif name == "li":
        yield from _walk(element, "bullet", depth)
    else:
        yield from _walk(element, kind, depth)


def _flush(inline: list[str], kind: ParagraphKind) -> Iterator[Block]:
    text = "".join(inline)
    inline.clear()
    if text.strip():
        yield Block(text=text, kind=kind)


def _is_block(tag: Tag) -> bool:
    return tag.name in _BLOCK_TAGS or tag.name in _HEADINGS or tag.name in _IGNORED


def _is_text(node: object) -> bool:
    # Comments, CDATA and doctypes are NavigableStrings too, but not text.
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _inline_text(element: Tag) -> str:
    if element.name == "br":
        return "\n"
    parts: list[str] = []
    for node in element.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                parts.append("\n")
        elif _is_text(node) and not _inside_ignored(node, element):
            parts.append(str(node))
    return "".join(parts)


def _inside_ignored(node: NavigableString, stop: Tag) -> bool:
    parent = node.parent
    while parent is not None and parent is not stop:
        if parent.name in _IGNORED:
            return True
        parent = parent.parent
    return False


def _table_text(table: Tag) -> str:
    lines = []
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue  # a nested table's row; its text is part of the enclosing cell
        cells = [" ".join(_inline_text(cell).split()) for cell in row.find_all(["td", "th"], recursive=False)]
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)
