"""``quantified``: the topic must carry a number with an accepted unit near a mention.

Status: ``present`` when some mention is quantified (and meets the threshold),
``vague`` when the only mentions are governed by vague timing or effort words,
``unquantified`` when mentioned without a measure, ``missing`` when never mentioned.
"""
from __future__ import annotations

import re

from ..match import Hit
from ..match.quantities import Quantity, find_quantities, parse_threshold
from ..ruleset.model import Rule
from ..model import Severity
from .base import CheckContext, Outcome, detect_hits, evidence_for, make_finding

VAGUE_NEAR = re.compile(
    r"\b(?:prompt(?:ly)?|timely|in\s+a\s+timely\s+(?:manner|fashion)|reasonabl[ey]|as\s+soon\s+as\s+(?:reasonably\s+)?"
    r"(?:practicable|possible|feasible)|without\s+(?:undue|unreasonable)\s+delay|expeditious(?:ly)?|"
    r"commercially\s+reasonable|best\s+efforts|endeavou?r|industry[\s-]standard|good\s+industry\s+practice|"
    r"quickly|speedily|swiftly|diligently|in\s+due\s+course|adequate(?:ly)?|sufficient(?:ly)?|"
    r"high[\s-]quality|satisfactory|acceptable\s+levels?)\b", re.I)
PLACEHOLDER_NEAR = re.compile(r"\b(?:TBD|TBC|to\s+be\s+(?:agreed|determined|confirmed)|\[\s*[\u25cf\u2022x\s.]*\])", re.I)


def _window(ctx: CheckContext, rule: Rule, hit: Hit) -> str:
    q = rule.quantify
    text = ctx.seg.document.blocks[hit.block].text
    if q.scope == "sentence":
        return ctx.sentence_text(hit.block, hit.start)
    if q.scope == "clause":
        return ctx.clause_text(hit.block, hit.start)
    doc = ctx.seg.docs[hit.block]
    # token window around the hit, within the block
    starts = [t.idx for t in doc]
    import bisect

    i = max(bisect.bisect_right(starts, hit.start) - 1, 0)
    j = bisect.bisect_left(starts, hit.end)
    lo = max(i - q.window, 0)
    hi = min(j + q.window, len(doc))
    s = doc[lo].idx if lo < len(doc) else 0
    e = doc[hi - 1].idx + len(doc[hi - 1].text) if hi > 0 else len(text)
    window = text[s:e]
    if ctx.is_heading(hit.block) or len(text) < 60:
        # a heading or a short table cell: the measure follows in the clause
        window = ctx.clause_text(hit.block, hit.start)
    return window


def _accepted(rule: Rule, quantities: list[Quantity]) -> list[Quantity]:
    kinds = set(rule.quantify.kinds)
    return [q for q in quantities if q.kind in kinds and not (q.kind == "count" and q.value in (None,))]


def check_quantified(rule: Rule, ctx: CheckContext) -> Outcome:
    hits = detect_hits(rule, ctx)
    if not hits:
        out = Outcome(rule, "missing")
        if ctx.level(rule):
            out.findings.append(make_finding(rule, ctx, "missing"))
        return out
    threshold = parse_threshold(rule.quantify.compare) if rule.quantify.compare else None
    quantified: list[tuple[Hit, list[Quantity]]] = []
    vague: list[Hit] = []
    failing: list[tuple[Hit, Quantity]] = []
    for h in hits:
        window = _window(ctx, rule, h)
        qs = _accepted(rule, find_quantities(window))
        if rule.quantify.period and qs and not any(q.kind == "period" for q in find_quantities(ctx.clause_text(h.block, h.start))):
            qs = [q for q in qs if q.kind == "period"] if "period" in rule.quantify.kinds else []
        if qs and threshold:
            measured = [q for q in qs if q.kind == threshold.kind]
            if measured and not any(threshold.accepts(q) for q in measured):
                failing.append((h, measured[0]))
                continue
        if qs:
            quantified.append((h, qs))
        elif VAGUE_NEAR.search(ctx.sentence_text(h.block, h.start)):
            vague.append(h)
    if quantified:
        out = Outcome(rule, "present", evidence=[evidence_for(ctx, h) for h, _ in quantified[:3]])
        return out
    if failing:
        h, q = failing[0]
        out = Outcome(rule, "present", evidence=[evidence_for(ctx, h)])
        out.findings.append(make_finding(rule, ctx, "threshold", hit=h, severity=Severity.WARNING,
                                         quantity=q.text, threshold=rule.quantify.compare))
        return out
    status = "vague" if vague and len(vague) == len(hits) else "unquantified"
    first = vague[0] if status == "vague" else hits[0]
    out = Outcome(rule, status, evidence=[evidence_for(ctx, h) for h in hits[:3]])
    if ctx.level(rule):
        out.findings.append(make_finding(rule, ctx, status, hit=first, mentions=len(hits)))
    return out
