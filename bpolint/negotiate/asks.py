"""Per-topic asks, reasons and fallbacks for each side, shipped in ``asks.yaml``."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import BpolintError
from ..yamlio import load_yaml

ASKS_FILE = Path(__file__).resolve().parent / "asks.yaml"
SIDES = ("customer", "supplier")
SIDE_KEYS = {"why", "ask", "fallback"}


@dataclass(frozen=True)
class Side:
    why: str | None = None
    ask: str | None = None  # None: the finding's own suggested wording serves this side
    fallback: str | None = None


@lru_cache(maxsize=1)
def load_asks() -> dict[str, dict[str, Side]]:
    """topic -> side -> Side; a malformed entry is a coded error naming the file and line."""
    data = load_yaml(ASKS_FILE)
    name = str(ASKS_FILE)
    out: dict[str, dict[str, Side]] = {}
    for topic, sides in (data or {}).get("topics", {}).items():
        entry = {}
        for side, fields in sides.items():
            if side not in SIDES or not isinstance(fields, dict) or set(fields) - SIDE_KEYS:
                raise BpolintError("E201", name, getattr(sides, "line_of", lambda k: None)(side),
                                   {"detail": f"{topic}.{side}: expected customer/supplier with {sorted(SIDE_KEYS)}"})
            entry[side] = Side(*(" ".join(str(fields[k]).split()) if fields.get(k) else None
                                 for k in ("why", "ask", "fallback")))
        out[topic] = entry
    return out


def side_for(topic: str, party: str) -> Side:
    return load_asks().get(topic, {}).get(party, Side())
