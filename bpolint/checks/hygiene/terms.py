"""The definitions the hygiene detectors read: every form, terms cleaned of quotes."""
from __future__ import annotations

from ...segment.definitions import Definition, clean_term
from ..base import CheckContext


def hygiene_definitions(ctx: CheckContext) -> list[Definition]:
    """The segmentation's definitions with their terms cleaned; empty terms dropped."""
    out = []
    for d in ctx.seg.definitions:
        term = clean_term(d.term) if d.primary else d.term
        if term:
            out.append(Definition(term, d.block, d.start, d.end, d.primary, d.strong, d.named))
    return out
