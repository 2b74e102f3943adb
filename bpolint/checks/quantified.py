"""``quantified``: the topic must carry a number with an accepted unit near a mention.

Status: ``present`` when some mention is quantified (and meets the threshold),
``vague`` when the only mentions are governed by vague timing or effort words,
``unquantified`` when mentioned without a measure, ``missing`` when never mentioned.

Where the measure is looked for:

* ``scope: window`` (default): ``window`` tokens either side of the mention, kept
  inside the mention's sentence. A mention in a heading, a short block (a table
  cell) or a short lead-in sentence ("4.2 Availability.") reads on into its clause
  or the next sentence, where the figure usually stands.
* ``scope: sentence`` / ``scope: clause``: the whole sentence or clause.

A figure does not count when its sentence defers it ("to be agreed", "TBD", "the
parties shall agree ... within 30 days", "[●]"), so a "Service Levels" clause with
targets still to be set is not quantified by the deadline for setting them.

A mention in a caption or table header ("Severity Level Time to Respond Escalation
Time") also reads the next blocks, where the rows of figures are.

Rule options:

``measures: [regex, ...]``
    patterns that count as a measure for topics whose measure is not a number (a
    named standard such as "ISO 27001").
``near: [regex, ...]``
    a figure counts only if its sentence also matches one of these ("notify" for a
    breach notification deadline, "restore" or "test" for continuity), so a
    deadline for something else in the same clause does not quantify the topic.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from ..match import Hit
from ..quantities import Quantity, exact_amount, find_quantities, parse_threshold
from ..model import Measure, Severity, Status
from ..ruleset.model import Rule
from ..segment import Sentence
from .base import (STATEMENT, CheckContext, Outcome, choose_evidence, detect_hits, distinct, evidence_at,
                   evidence_for, make_finding, operative_first)

# A sentence that leaves the figure for later: its numbers are not the measure.
DEFERRED = re.compile(
    r"\b(?:TBD|TBC|TBA|to\s+be\s+(?:mutually\s+)?(?:agreed|determined|confirmed|defined|established|set|finali[sz]ed|"
    r"negotiated|advised|specified|developed)|(?:shall|will|must|are\s+to|is\s+to)\s+be\s+(?:mutually\s+)?"
    r"(?:agreed|negotiated)(?!\s+(?:in|at|under|by\s+the\s+parties\s+in)\b)|(?:parties|they)\s+(?:shall|will|must|"
    r"agree\s+to|intend\s+to)\s+(?:use\s+\w+\s+\w+\s+(?:efforts\s+)?to\s+)?(?:mutually\s+)?(?:agree|negotiate|"
    r"establish|develop)\b|in\s+good\s+faith\s+(?:agree|negotiate))"
    r"|\[\s*[\u25cf\u2022x*_\s.]*\]|\[\s*(?:insert|number|amount|percentage|x+|n)\b[^\]]{0,30}\]", re.I)
SHORT_SENTENCE_TOKENS = 12
_TERMINAL = (".", "!", "?", ";", ":", '"', "\u201d", ")")
CLAUSE_CHARS = 6000
HEADER_CHARS = 300
LONG_SENTENCE_TOKENS = 60
_TABLE_LIKE = re.compile(r"-{3,}|_{3,}|\||\t")
DEFERRAL_REACH = 50
FOLLOWING_BLOCKS = 2
# A caption or table header states no obligation: no modal verb or copula.
_STATEMENT = STATEMENT


@lru_cache(maxsize=256)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.I) for p in patterns)  # validated when the rule was loaded


def _is_header(text: str) -> bool:
    return len(text) < HEADER_CHARS and not _STATEMENT.search(text) and not text.rstrip().endswith((".", ";", ":"))


def _segments(ctx: CheckContext, rule: Rule, hit: Hit) -> list[tuple[int, int, int]]:
    """(block, start, end) pieces of text in which the measure is looked for."""
    q = rule.quantify
    blocks = ctx.seg.document.blocks
    text = blocks[hit.block].text
    if q.scope == "clause" or ctx.is_heading(hit.block) or len(text) < 60 or _is_header(text):
        return _clause_segments(ctx, hit, following=FOLLOWING_BLOCKS if _is_header(text) else 0)
    sent = ctx.sentence(hit.block, hit.start)
    if q.scope == "sentence":
        return [(hit.block, sent.start, max(sent.end, hit.end))]
    doc = ctx.seg.docs[hit.block]
    starts = _token_starts(ctx, hit.block)
    if not starts:
        return [(hit.block, 0, len(text))]
    i = max(bisect.bisect_right(starts, hit.start) - 1, 0)
    j = bisect.bisect_left(starts, hit.end)
    lo = max(i - q.window, 0)
    hi = min(j + q.window, len(doc))
    s = doc[lo].idx
    e = doc[hi - 1].idx + len(doc[hi - 1].text) if hi > 0 else len(text)
    limit_start, limit_end = sent.start, max(sent.end, hit.end)
    sentence_tokens = bisect.bisect_left(starts, sent.end) - bisect.bisect_left(starts, sent.start)
    if sentence_tokens <= SHORT_SENTENCE_TOKENS:
        # a lead-in such as "4.2 Availability." or "Response Time:": read the next sentence too
        nxt = _next_sentence(ctx, hit.block, sent.end)
        if nxt is not None:
            limit_end = max(limit_end, nxt.end)
        if limit_end <= sent.end and hit.block + 1 < len(blocks) and len(text) < 200:
            return _clause_segments(ctx, hit)
    limit_start, limit_end = _semicolon_part(text, hit, limit_start, limit_end)
    out = [(hit.block, max(s, limit_start), min(max(e, hit.end), limit_end))]
    if limit_end >= len(text.rstrip()) and not text.rstrip().endswith(_TERMINAL) and hit.block + 1 < len(blocks):
        # the sentence runs on into the next block (a wrapped line, a note left open)
        nxt = blocks[hit.block + 1].text
        out.append((hit.block + 1, 0, ctx.sentence(hit.block + 1, 0).end if nxt else 0))
    return out


def _token_starts(ctx: CheckContext, block: int) -> list[int]:
    """Character offsets of the block's tokens, computed once per block."""
    from spacy.attrs import IDX

    return ctx.memo(("token-starts", block), lambda: ctx.seg.docs[block].to_array([IDX]).tolist()
                    if len(ctx.seg.docs[block]) else [])


def _find_quantities(ctx: CheckContext, text: str) -> tuple[Quantity, ...]:
    """Quantities in a text: the same sentence or clause is read for many rules and mentions
    (kept for the document only: a worker linting thousands of files must not keep them all)."""
    return ctx.memo(("quantities", text), lambda: tuple(find_quantities(text)))


def _semicolon_part(text: str, hit: Hit, start: int, end: int) -> tuple[int, int]:
    """Narrow [start, end) to the semicolon-separated item holding the hit ("(a) ...; (b) ..."),
    unless that item is only a short lead-in to the rest."""
    left = text.rfind(";", start, hit.start)
    right = text.find(";", hit.end, end)
    lo = left + 1 if left >= 0 else start
    hi = right if right >= 0 else end
    if (lo, hi) != (start, end) and len(text[lo:hi].split()) > SHORT_SENTENCE_TOKENS:
        return lo, hi
    return start, end


def _next_sentence(ctx: CheckContext, block: int, offset: int) -> Sentence | None:
    """The first sentence of ``block`` that starts at or after ``offset``."""
    text = ctx.seg.document.blocks[block].text
    pos = offset
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        return None
    s = ctx.sentence(block, pos)
    return s if s.start >= offset else None


def _clause_segments(ctx: CheckContext, hit: Hit, following: int = 0) -> list[tuple[int, int, int]]:
    """The clause holding the hit, including its sub-clauses and tables (capped), and
    ``following`` blocks after the hit's own block (the rows under a table header)."""
    blocks = ctx.seg.document.blocks
    clause = ctx.seg.clause_at(hit.block, hit.start)
    out: list[tuple[int, int, int]] = []
    total = 0
    if clause is not None:
        for b in range(clause.first_block, clause.last_block + 1):
            n = len(blocks[b].text)
            out.append((b, 0, n))
            total += n
            if total > CLAUSE_CHARS:
                break
    seen = {b for b, _, _ in out}
    for b in range(hit.block, min(hit.block + 1 + following, len(blocks))):
        if b not in seen:
            out.append((b, 0, len(blocks[b].text)))
    return out


class Figure(NamedTuple):
    """An accepted quantity and where it stands: its block and its offset in that block."""

    block: int
    start: int
    quantity: Quantity


def _quantities(ctx: CheckContext, rule: Rule, segments: list[tuple[int, int, int]]) -> tuple[list[Figure], bool]:
    """Accepted quantities in the segments, in order, and whether a figure was left for later."""
    kinds = set(rule.quantify.kinds)
    measures = _compile(rule.options["measures"])
    near = _compile(rule.options["near"])
    blocks = ctx.seg.document.blocks
    found: list[Figure] = []
    deferred = False
    for b, s, e in segments:
        text = blocks[b].text[s:e]
        cands = [q for q in _find_quantities(ctx, text) if q.kind in kinds and not (q.kind == "count" and q.value is None)]
        for rx in measures:
            cands.extend(Quantity("measure", None, None, m.start(), m.end(), m.group(0)) for m in rx.finditer(text))
        for q in cands:
            sentence = ctx.sentence_text(b, s + q.start)
            if _deferred(ctx, b, s + q.start, s + q.end, sentence):
                deferred = True
                continue
            if near and q.kind != "measure" and not _near(ctx, rule.options["near"], sentence):
                continue
            found.append(Figure(b, s + q.start, q))
        if not deferred and _defers(ctx, text):
            deferred = True
    return found, deferred


def _defers(ctx: CheckContext, text: str) -> bool:
    """``DEFERRED`` occurs in ``text``: many rules and figures ask it of the same sentence or clause."""
    return ctx.memo(("defers", text), lambda: DEFERRED.search(text) is not None)


def _near(ctx: CheckContext, sources: tuple[str, ...], sentence: str) -> bool:
    # keyed on the sources: a compiled pattern hashes its whole program on every lookup
    return ctx.memo(("near", sources, sentence), lambda: any(rx.search(sentence) for rx in _compile(sources)))


def neutral_mention(ctx: CheckContext, hit: Hit) -> bool:
    """A mention that only names the topic (a heading, table header or lead-in such as
    "7.3 Security Breaches."): it can carry the figure that follows, but says nothing
    about whether the commitment is vague."""
    text = ctx.seg.document.blocks[hit.block].text
    if ctx.is_heading(hit.block) or _is_header(text):
        return True
    sentence = ctx.sentence_text(hit.block, hit.start)
    return len(sentence.split()) <= SHORT_SENTENCE_TOKENS and not _STATEMENT.search(sentence)


def vague_mention(ctx: CheckContext, hit: Hit) -> bool:
    """A vague timing, effort or quality word, or a weak modal, governs the mention's sentence."""
    sent = ctx.sentence(hit.block, hit.start)
    return ctx.vague_between(hit.block, sent.start, max(sent.end, hit.end))


def _deferred(ctx: CheckContext, block: int, start: int, end: int, sentence: str) -> bool:
    """The figure at [start, end) is left for later agreement. In an ordinary sentence any
    deferral counts; in a long run-on block (a flattened table) only one near the figure."""
    if ctx.memo(("ordinary", sentence), lambda: len(sentence.split()) <= LONG_SENTENCE_TOKENS
                and not _TABLE_LIKE.search(sentence)):
        return _defers(ctx, sentence)
    text = ctx.seg.document.blocks[block].text
    return _defers(ctx, text[max(0, start - DEFERRAL_REACH):end + DEFERRAL_REACH])


def _has_period(ctx: CheckContext, hit: Hit, segments: list[tuple[int, int, int]]) -> bool:
    blocks = ctx.seg.document.blocks
    texts = [blocks[b].text[s:e] for b, s, e in segments] + [ctx.clause_text(hit.block, hit.start)]
    return any(q.kind == "period" for t in texts for q in _find_quantities(ctx, t))


def check_quantified(rule: Rule, ctx: CheckContext) -> Outcome:
    hits = detect_hits(rule, ctx)
    if not hits:
        out = Outcome(rule, Status.MISSING)
        if ctx.level(rule):
            out.findings.append(make_finding(rule, ctx, Status.MISSING))
        return out
    threshold = parse_threshold(rule.quantify.compare) if rule.quantify.compare else None
    quantified: list[tuple[Hit, list[Figure]]] = []  # with the figures that measure it
    vague: list[Hit] = []
    plain: list[Hit] = []  # stated without a figure, not vague
    deferred: list[Hit] = []
    failing: list[tuple[Hit, list[Figure]]] = []
    for h in hits:
        segments = _segments(ctx, rule, h)
        qs, was_deferred = _quantities(ctx, rule, segments)
        if rule.quantify.period and qs and not _has_period(ctx, h, segments):
            qs = [f for f in qs if f.quantity.kind in ("period", "measure")] if "period" in rule.quantify.kinds else []
        if qs and threshold:
            measured = [f for f in qs if f.quantity.kind == threshold.kind]
            if measured and not any(threshold.accepts(f.quantity) for f in measured):
                failing.append((h, measured))
                continue
        if qs:
            quantified.append((h, qs))
        elif was_deferred:
            deferred.append(h)
        elif vague_mention(ctx, h):
            vague.append(h)
        elif not neutral_mention(ctx, h):
            plain.append(h)
    if quantified:
        return Outcome(rule, Status.PRESENT, evidence=_measured_evidence(ctx, quantified),
                       measures=_measures(ctx, [f for _, fs in quantified for f in fs]))
    if failing:
        h, figures = failing[0]
        out = Outcome(rule, Status.PRESENT, evidence=[evidence_for(ctx, h)],
                      measures=_measures(ctx, [f for _, fs in failing for f in fs]))
        out.findings.append(make_finding(rule, ctx, Status.PRESENT, message_key="threshold", hit=h, severity=Severity.WARNING,
                                         quantity=figures[0].quantity.text, threshold=rule.quantify.compare))
        return out
    status = Status.VAGUE if vague and not plain and not deferred else Status.UNQUANTIFIED
    first = operative_first(ctx, vague if status is Status.VAGUE else (deferred or plain or hits))
    out = Outcome(rule, status, evidence=choose_evidence(ctx, [first] + [h for h in hits if h != first]))
    if ctx.level(rule):
        out.findings.append(make_finding(rule, ctx, status, hit=first, mentions=len(hits)))
    return out


def _measured_evidence(ctx: CheckContext, quantified: list[tuple[Hit, list[Figure]]]) -> list:
    """Evidence for a measured topic: the sentence with the figure where the mention only
    names the topic (a heading, a table header, a lead-in), else the mention's sentence;
    operative sentences before definitions."""
    out = []
    for h, figures in quantified:
        figure = (figures[0].block, figures[0].start) if figures else None
        names_only = neutral_mention(ctx, h) or ctx.mention_kind(h.block, h.start) == "heading"
        if figure is not None and names_only and ctx.sentence(*figure) != ctx.sentence(h.block, h.start):
            out.append(evidence_at(ctx, figure[0], figure[1], figure[1]))
        else:
            out.append(evidence_for(ctx, h))
    operative = [e for e in out if e.kind == "operative"]
    return distinct(operative or out)[:3]


def _measures(ctx: CheckContext, figures: list[Figure]) -> list[Measure]:
    """The accepted figures as measures with their location and sentence, once each."""
    out: list[Measure] = []
    seen: set[tuple[int, int]] = set()
    for f in figures:
        amount = exact_amount(f.quantity)
        if amount is None or (f.block, f.start) in seen:
            continue
        seen.add((f.block, f.start))
        end = f.start + len(f.quantity.text)
        sent = ctx.sentence(f.block, f.start)
        text = ctx.seg.document.blocks[f.block].text
        s, e = min(sent.start, f.start), max(sent.end, end)
        out.append(Measure(amount.kind, amount.value, amount.unit, f.quantity.text,
                           ctx.seg.location(f.block, f.start, end), text[s:e], (f.start - s, end - s)))
    return out
