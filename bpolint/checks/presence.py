"""``required``, ``forbidden`` and ``conditional``: presence and absence of wording."""
from __future__ import annotations

from ..model import Status
from ..ruleset.model import Rule
from .base import (CheckContext, HitsByBlock, Outcome, choose_evidence, companion_in_scope, detect_hits, evidence_for,
                   make_finding, operative_first)
from .quantified import neutral_mention, vague_mention


def check_required(rule: Rule, ctx: CheckContext) -> Outcome:
    """Present when detected; with ``options.vague-status``, vague when every mention that
    states something (not a heading or lead-in) is governed by vague or weak wording."""
    hits = detect_hits(rule, ctx)
    if hits and rule.options["vague-status"]:
        stating = [h for h in hits if not neutral_mention(ctx, h)]
        if stating and all(vague_mention(ctx, h) for h in stating):
            out = Outcome(rule, Status.VAGUE, evidence=choose_evidence(ctx, stating))
            if ctx.level(rule):
                out.findings.append(make_finding(rule, ctx, Status.VAGUE, hit=operative_first(ctx, stating)))
            return out
    if hits:
        return Outcome(rule, Status.PRESENT, evidence=choose_evidence(ctx, hits))
    out = Outcome(rule, Status.MISSING)
    if ctx.level(rule):
        out.findings.append(make_finding(rule, ctx, Status.MISSING))
    return out


def check_forbidden(rule: Rule, ctx: CheckContext) -> Outcome:
    hits = detect_hits(rule, ctx)
    if not hits:
        return Outcome(rule, Status.CLEAR)
    out = Outcome(rule, Status.FLAGGED, evidence=[evidence_for(ctx, h) for h in hits[:3]])
    for h in hits:
        out.findings.append(make_finding(rule, ctx, Status.FLAGGED, hit=h))
    return out


def check_conditional(rule: Rule, ctx: CheckContext) -> Outcome:
    """Where A is present, its companion B must be too (in the same sentence, clause or document)."""
    hits = detect_hits(rule, ctx)
    if not hits:
        return Outcome(rule, None)
    companions = HitsByBlock(ctx.hits.get(rule.id, "companion"))
    scope = rule.companion.scope if rule.companion else "sentence"
    out = Outcome(rule, Status.PRESENT, evidence=choose_evidence(ctx, hits))
    if scope == "document" and companions:
        return out
    seen_units: set = set()
    for h in hits:
        if scope == "sentence":
            unit = (h.block, ctx.sentence(h.block, h.start).start)
        else:
            clause = ctx.seg.clause_at(h.block, h.start)
            unit = clause.index if clause else h.block
        ok = companion_in_scope(ctx, h, companions, scope)
        if ok or unit in seen_units:
            continue
        seen_units.add(unit)
        out.findings.append(make_finding(rule, ctx, Status.FLAGGED, hit=h))
    return out
