"""Errors that mean "the user gave us something we cannot use": the CLI prints one line and exits 2."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A bad input file. ``str(error)`` is the one line shown to the user: file, problem, remedy."""

    def __init__(self, path: str | Path | None, problem: str):
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)
