"""Turn the bytes of a text file into a string, or refuse it as not being text.

Dutch text files come as UTF-8 (with or without BOM), Windows-1252 or ISO-8859-1/15. UTF-8 is tried
first because a strict UTF-8 decode of non-ASCII text that is really in a single-byte encoding
practically never succeeds. Among the single-byte encodings Windows-1252 wins when it is valid: it
decodes the 0x80-0x9F range to quotes, dashes and "€" where ISO-8859-1 would give control codes.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError

# Control characters other than tab, line feed, carriage return and form feed: a text file has
# hardly any, binary data has many.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.001
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode ``data`` with line ends normalised to ``\\n``; raise InputError for binary content."""
    text = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise _not_text(path)
    return text


def _decode(data: bytes, path: str | Path) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", path)
    if data.startswith(_UTF16_BOMS):
        return _strict(data, "utf-16", path)
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise _not_text(path)
        return _strict(data, encoding, path)
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # cp1252 leaves five bytes undefined; ISO-8859-15 maps every byte and has "€" where latin-1
    # has the currency sign nobody uses.
    return data.decode("iso-8859-15")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: Latin-script text then has a NUL in every other byte."""
    head = data[:4000]
    if len(data) % 2 or len(head) < 2:
        return None
    even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd_nuls >= 0.9 * half and even_nuls <= 0.1 * half:
        return "utf-16-le"
    if even_nuls >= 0.9 * half and odd_nuls <= 0.1 * half:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, path: str | Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            path,
            f"starts with a {encoding.upper()} marker but is not valid {encoding.upper()}; save it again",
        ) from error


def _looks_binary(text: str) -> bool:
    controls = len(_CONTROL.findall(text, 0, 200_000))
    return controls > max(1, _MAX_CONTROL_SHARE * min(len(text), 200_000))


def _not_text(path: str | Path) -> InputError:
    return InputError(path, "is not a text file; choose a .txt/.md file or use the matching extension")
