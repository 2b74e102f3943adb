"""The definitions the hygiene detectors read: every form, terms cleaned of quotes."""
from __future__ import annotations

from ...segment.definitions import Definition, clean_term
from ..base import CheckContext


def hygiene_definitions(ctx: CheckContext) -> list[Definition]:
    """The segmentation's definitions with their terms cleaned and their spans on the term alone;
    empty terms dropped."""
    blocks = ctx.seg.document.blocks
    out = []
    for d in ctx.seg.definitions:
        term = clean_term(d.term) if d.primary else d.term
        if not term:
            continue
        # the span of the term itself, without the quotes and the comma a quoted term may hold ("Claim,")
        at = blocks[d.block].text.find(term, d.start, d.end + 1)
        start, end = (at, at + len(term)) if at >= 0 else (d.start, d.end)
        out.append(Definition(term, d.block, start, end, d.primary, d.strong, d.named))
    return out
