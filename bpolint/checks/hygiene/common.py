"""What the hygiene detectors share: the hit they report and a scan of every block."""
from __future__ import annotations

import re
from typing import Callable

from ...match import Hit
from ...literals import BlockScanner, prefixes, requirement
from ...ruleset.model import Rule
from ..base import CheckContext

# A detector returns (hit, values) pairs; values fill the rule's message and may carry
# ``_severity`` to soften one finding (a blank inside a "Form of" exhibit).
Detector = Callable[[Rule, CheckContext], list[tuple[Hit, dict]]]


def hygiene_hit(rule: Rule, block: int, start: int, end: int) -> Hit:
    return Hit(rule.id, "hygiene", -1, block, start, end)


def block_hits(ctx: CheckContext, pattern: re.Pattern) -> list[tuple[int, re.Match]]:
    """Every match of ``pattern`` in every block; scanned once per document (callers only read it)."""
    def scan() -> list[tuple[int, re.Match]]:
        scanner = ctx.memo("block-scanner", lambda: BlockScanner([b.text for b in ctx.seg.document.blocks]))
        return list(scanner.finditer(pattern, requirement(pattern.pattern, pattern.flags),
                                     prefixes(pattern.pattern, pattern.flags)))

    return ctx.memo(("block-hits", pattern), scan)
