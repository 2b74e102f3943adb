"""``vague``: a vague standard, weak obligation or unilateral discretion governs a duty.

Each vocabulary entry brings its own suggestion and its own exceptions; the rule's
``options.require-obligation`` keeps findings to sentences that impose a duty.
"""
from __future__ import annotations

import re

from ..ruleset.model import Rule
from .base import CheckContext, Outcome, detect_hits, make_finding, overlaps

OBLIGATION = re.compile(
    r"\b(?:shall|will|must|agrees?\s+to|undertakes?|is\s+responsible|are\s+responsible|is\s+required|are\s+required|"
    r"obligat\w*|commits?\s+to|warrants?|represents?|ensures?|may|should|aims?\s+to|intends?\s+to|endeavou?rs?|"
    r"strives?|seeks?\s+to|expects?\s+to|anticipates?|targets?|tries|try|attempts?)\b",
    re.I,
)


def check_vague(rule: Rule, ctx: CheckContext) -> Outcome:
    vocab = ctx.vocabularies.get(rule.detect.vocab) if rule.detect and rule.detect.vocab else None
    hits = list(ctx.hits.get(rule.id, "vocab")) if vocab else []
    hits += [h for h in detect_hits(rule, ctx)]
    blockers = ctx.hits.get(rule.id, "not-inside")
    unless = ctx.hits.get(rule.id, "unless")
    entry_unless = ctx.hits.get(rule.id, "vocab-unless")
    need_duty = bool(rule.options.get("require-obligation", True))
    out = Outcome(rule, "clear")
    accepted: list = []
    # longest first, so "commercially reasonable efforts" wins over "reasonable efforts"
    for h in sorted(hits, key=lambda h: (h.block, h.start, -h.end)):
        if any(overlaps(h, a) for a in accepted):
            continue
        if any(overlaps(h, b) for b in blockers):
            continue
        sent = ctx.sentence(h.block, h.start)
        if any(u.block == h.block and sent.start <= u.start < sent.end for u in unless):
            continue
        if h.role == "vocab" and any(u.entry == h.entry and u.block == h.block and sent.start <= u.start < sent.end
                                     for u in entry_unless):
            continue
        text = ctx.seg.document.blocks[h.block].text
        if need_duty and not OBLIGATION.search(text[sent.start:sent.end]):
            continue
        if ctx.is_heading(h.block):
            continue
        accepted.append(h)
        suggestion = vocab.entries[h.entry].suggestion if h.role == "vocab" and vocab else rule.suggestion
        out.findings.append(make_finding(rule, ctx, "flagged", hit=h, suggestion=suggestion))
    if out.findings:
        out.status = "flagged"
    return out
