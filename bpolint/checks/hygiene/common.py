"""What the hygiene detectors share: the hit they report and a scan of every block."""
from __future__ import annotations

import re
from typing import Callable

from ...match import Hit
from ...ruleset.model import Rule
from ..base import CheckContext

# A detector returns (hit, values) pairs; values fill the rule's message and may carry
# ``_severity`` to soften one finding (a blank inside a "Form of" exhibit).
Detector = Callable[[Rule, CheckContext], list[tuple[Hit, dict]]]


def hygiene_hit(rule: Rule, block: int, start: int, end: int) -> Hit:
    return Hit(rule.id, "hygiene", -1, block, start, end)


def block_hits(ctx: CheckContext, pattern: re.Pattern) -> list[tuple[int, re.Match]]:
    out = []
    for bi, block in enumerate(ctx.seg.document.blocks):
        for m in pattern.finditer(block.text):
            out.append((bi, m))
    return out
