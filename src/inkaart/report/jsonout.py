"""The analysis itself as readable JSON: the format that round-trips into review and re-rendering."""

from __future__ import annotations

import json
from typing import Any


def render_json(analysis: dict[str, Any]) -> str:
    # Key order is kept as the engine wrote it (schema first); ensure_ascii off keeps Dutch quotes legible.
    return json.dumps(analysis, ensure_ascii=False, indent=2) + "\n"
