"""Reading uploads within the size limit."""

from __future__ import annotations

from fastapi import UploadFile

from ..review import safe_filename


class TooLarge(Exception):
    """An upload over the limit: the web layer answers 413 with this one-line message."""


def limit_message(size: int | None, max_bytes: int, name: str | None = None) -> str:
    what = f"{safe_filename(name)}: file" if name else "upload"
    size_text = f" is {size / 1e6:.1f} MB," if size is not None else ""
    return (
        f"{what}{size_text} over the upload limit of {max_bytes / 1e6:g} MB; "
        "split the document or start the server with a higher --max-upload-mb"
    )


def read_upload(file: UploadFile, max_bytes: int) -> bytes:
    """The uploaded bytes; :class:`TooLarge` without reading more than one byte past the limit."""
    data = file.file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(limit_message(None, max_bytes, file.filename))
    return data
