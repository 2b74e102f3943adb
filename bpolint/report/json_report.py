"""JSON output: the shape documented in the README and in ``bpolint/schemas/report.schema.json``."""
from __future__ import annotations

import json

from ..model import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
