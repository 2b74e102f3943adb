"""Gaps and repeats among sibling clauses of one numbering style."""
from __future__ import annotations

import re
from collections import defaultdict

from ...match import Hit
from ...ruleset.model import Rule
from ..base import CheckContext
from .clause_numbers import _DEEP_STREAMS, _Labelled, _label_in_between, _labelled, _walk
from .common import hygiene_hit

# a block that stands in for clauses a filed copy leaves out: "REDACTED", "[***]", "Intentionally omitted"
# (on a line of its own, or run on after the last sentence of the clause before when lines were joined)
_OMITTED = re.compile(r"(?:^|[.;:]\s+)[\[(]?\s*(?:\*{3,}|redacted|(?:intentionally\s+)?(?:omitted|deleted|left\s+blank)|"
                      r"confidential(?:\s+treatment\s+requested)?)\W*$", re.I)

def numbering(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """Gaps and repeats among sibling clauses of one numbering style."""
    blocks = ctx.seg.document.blocks
    items = _labelled(ctx)
    previous: dict[str, _Labelled] = {}
    seen: dict[tuple[str, int], int] = defaultdict(int)
    found = []
    for it, problem, prev, _ in _walk(items):
        seen[(it.stream, it.ordinal)] += 1
        last = previous.get(it.stream)
        before = last.block if last else it.block
        previous[it.stream] = it
        if problem is None:
            continue
        if it.stream.split("@")[0].split(":")[0] not in _DEEP_STREAMS and last is not None and last.parent != it.parent:
            continue  # a lettered item whose predecessor sits under another clause: text out of order, not a gap
        if prev is not None and it.ordinal > prev + 1 and _label_in_between(ctx, it.stream, before, it.block, range(prev + 1, it.ordinal)):
            continue
        if prev is not None and it.ordinal > prev + 1 and any(
                _OMITTED.search(blocks[bi].text) for bi in range(before, it.block)):
            continue  # the missing clause was left out of this copy, and the text says so where it stood
        if problem.startswith("follows"):
            continue  # out of order after a nested list we could not follow: too uncertain to report
        if problem.startswith("repeats") and (it.block - before > 8 or it.label.rstrip(".").endswith(".0")
                                               or seen[(it.stream, it.ordinal)] > 2):
            continue  # a far-off repeat restates a section elsewhere (a QASP table citing "4.0 Reports")
        b = blocks[it.block]
        start = it.offset
        found.append((hygiene_hit(rule, it.block, start, min(len(b.text), start + len(it.label))),
                      {"label": it.label, "problem": problem}))
    return found
