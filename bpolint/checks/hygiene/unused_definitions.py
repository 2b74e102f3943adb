"""Terms the contract defines but never uses.

A use in the possessive form of a name counts: a contract that defines "Client
Intellectual Property" and writes "Client's Intellectual Property" uses the term.
"""
from __future__ import annotations

import re
from collections import defaultdict

from ...match import Hit
from ...quantities import words_to_number
from ...ruleset.model import Rule
from ...segment.definitions import QUOTED_HEADING_BEFORE, Definition, term_regex, title_like
from ..base import CheckContext
from .common import hygiene_hit
from .terms import hygiene_definitions

def _used_in_possessive(term: str, blocks, defs: list[Definition]) -> bool:
    """ "Client's Intellectual Property" for "Client Intellectual Property", outside the definition's own heading."""
    first, _, rest = term.partition(" ")
    if not rest or not any(first + q in block.text for block in blocks for q in ("'s", "\u2019s")):
        return False  # a substring test first: most terms never appear in the possessive
    rx = re.compile(r"(?<![\w-])" + re.escape(first) + r"['\u2019]s\s+" + re.escape(rest) + r"(?![\w-])")
    return any(not any(d.block == bi and 0 <= d.start - m.end() < 40 for d in defs)
               for bi, block in enumerate(blocks) for m in rx.finditer(block.text))


def unused_definitions(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    blocks = ctx.seg.document.blocks
    by_term: dict[str, list[Definition]] = defaultdict(list)
    for d in hygiene_definitions(ctx):
        if QUOTED_HEADING_BEFORE.search(blocks[d.block].text[max(0, d.start - 45):d.start]):
            continue  # Section 12.3 ("Effect of Termination"): a quoted heading, not a definition
        if d.strong and title_like(d.term) and len(d.term) >= 2:
            by_term[d.term.lower() if d.term.isupper() else d.term].append(d)
    found = []
    for key, defs in by_term.items():
        term = defs[0].term
        if term.lower() in ("agreement", "this agreement", "parties", "party"):
            continue
        if words_to_number(term) is not None:
            continue  # "FIVE MILLION" in parentheses restates a figure in words
        rx = term_regex(term, ignore_case=term.isupper())
        uses = 0
        for bi, block in enumerate(blocks):
            for m in rx.finditer(block.text):
                if not any(d.block == bi and d.start - 2 <= m.start() <= d.end + 1 for d in defs):
                    uses += 1
                    break
            if uses:
                break
        if not uses and _used_in_possessive(term, blocks, defs):
            uses += 1
        if not uses:
            d = min(defs, key=lambda d: (d.block, d.start))
            found.append((hygiene_hit(rule, d.block, d.start, d.end), {"term": term}))
    return found
