"""JSON reports: the records layer as stable, indented UTF-8 (keys in a fixed order)."""

from __future__ import annotations

import json
from typing import Any


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
