"""A role name used as a party that the contract defines under another name."""
from __future__ import annotations

import re

from ...match import Hit
from ...ruleset.model import Rule
from ..base import CheckContext
from .common import block_hits, hygiene_hit

ROLE_NAMES = ("Service Provider", "Supplier", "Provider", "Vendor", "Contractor", "Consultant", "Customer", "Client",
              "Purchaser", "Buyer", "Outsourcer", "Licensee", "Licensor", "Company")
_ADJECTIVES = re.compile(
    r"(?:independent|product|other|third[- ]party|sub|any|each|a|an|its|their|his|her|such|prime|general|lead|"
    r"senior|principal|outside|potential|prospective|new|former|existing|key|end)\s*$", re.I)
_PARTY_VERB = re.compile(
    r"^(?:'s)?\s+(?:shall|will|may|must|agrees?|is|has|hereby|warrants|represents|acknowledges|undertakes|"
    r"covenants|acts|was|reserves|accepts)\b")


def party_names(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """A role name used as a party that the contract defines under another name."""
    defined = ctx.seg.party_names
    parties = sorted(d for d in defined if d in ROLE_NAMES)
    if not parties:
        return []
    found = []
    for role in ROLE_NAMES:
        if role in defined or any(role in d for d in defined):
            continue
        rx = re.compile(r"(?:(?<=\bthe )|(?<=\bThe )|^|(?<=[.;:]\s)|(?<=\d\s)|(?<=\)\s))" + re.escape(role) + r"(?![\w-])", re.M)
        for bi, m in block_hits(ctx, rx):
            text = ctx.seg.document.blocks[bi].text
            if ctx.is_heading(bi):
                continue
            if m.start() >= 4 and _ADJECTIVES.search(text[:max(0, m.start() - 4)]):
                continue  # "the independent Contractor", "its other Client"
            if not _PARTY_VERB.match(text[m.end():m.end() + 30]):
                continue  # the word is not acting as a party ("the Contractor shall ...")
            found.append((hygiene_hit(rule, bi, m.start(), m.end()), {"name": m.group(0), "defined": ", ".join(parties)}))
            break
    return found
