"""Capitalised terms used as defined terms ("the Service Credits") but never defined."""
from __future__ import annotations

import re
from collections import defaultdict

from ...match import Hit
from ...ruleset.model import Rule
from ...segment.definitions import MINOR_WORDS
from ..base import CheckContext
from .common import hygiene_hit
from .party_names import ROLE_NAMES
from .terms import hygiene_definitions

_CAP_TERM = re.compile(r"(?<=\bthe )((?:[A-Z][a-z]+)(?: (?:of )?[A-Z][a-z]+){0,3})\b(?! [A-Z]{2,}\b)(?!-)")
# "the Registrar (as such term is defined in the Indenture)": defined by another document
_DEFINED_ELSEWHERE = re.compile(
    r"([A-Z][\w]+(?: [A-Z][\w]+){0,3})\s*(?:\(|,)?\s*(?:as\s+(?:such\s+term\s+is\s+|each\s+is\s+)?|each\s+as\s+)?defined\s+(?:in|under|by)\b")
_COMMON_CAPS = {
    "Agreement", "Party", "Parties", "Effective Date", "Term", "Section", "Article", "Schedule", "Exhibit", "Annex",
    "Appendix", "Clause", "Recitals", "Whereas", "Lord", "Internet", "English", "Services", "Service",
}
# Words that make a capitalised phrase a proper name (a place, a body, a statute, an office),
# which needs no definition.
_PROPER = {
    "state", "states", "commonwealth", "county", "city", "province", "republic", "kingdom", "district", "territory",
    "government", "commission", "association", "exchange", "board", "court", "courts", "university", "bank", "bureau",
    "department", "agency", "office", "federal", "national", "american", "european", "united", "international",
    "swiss", "british", "chinese", "act", "code", "rules", "regulation", "regulations", "directive", "law", "laws",
    "treaty", "convention", "inc", "ltd", "llc", "limited", "corporation", "corp", "company", "street", "road",
    "avenue", "building", "island", "islands", "internet", "web", "securities", "investment", "internal", "revenue",
    "reserve", "stock", "chamber", "institute", "council", "parliament", "congress", "secretary", "minister",
    "ministry", "authority", "commissioner", "officer", "officers", "chief", "president", "director", "directors",
    "trustee", "trustees", "declaration", "constitution", "amendment", "manager", "representative", "chairman",
    "counsel", "arbitration", "nations", "north", "south", "east", "west", "new", "york", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
}
_BY_REFERENCE = re.compile(
    r"capitali[sz]ed\s+terms?\b[^.]{0,160}\b(?:meanings?|defined)\b|\b(?:Cover\s+Page|Key\s+Terms|Order\s+Form)\b", re.I)


def _title_block(text: str) -> bool:
    """A short line in title case: a heading or a document title, not running text."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    if not words or len(text) > 120:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in MINOR_WORDS)
    return caps / len(words) >= 0.75


def undefined_terms(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """Capitalised terms used as defined terms ("the Service Credits") but never defined."""
    defs = hygiene_definitions(ctx)
    defined = {d.term.lower().rstrip("s") for d in defs if d.term}
    if len({d.term for d in defs if d.strong}) < rule.options["min-definitions"]:
        return []  # the document does not draft with defined terms
    if _BY_REFERENCE.search(ctx.seg.document.text):
        return []  # definitions are incorporated from another document
    headings = {c.heading.lower().rstrip("s") for c in ctx.seg.clauses if c.heading}
    roles = {r.lower() for r in ROLE_NAMES}
    text_all = ctx.seg.document.text
    defined |= {m.group(1).lower().rstrip("s") for m in _DEFINED_ELSEWHERE.finditer(text_all)}
    uses: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for bi, block in enumerate(ctx.seg.document.blocks):
        if ctx.is_heading(bi) or block.text.isupper() or _title_block(block.text):
            continue
        for m in _CAP_TERM.finditer(block.text):
            term = m.group(1)
            key = term.lower().rstrip("s")
            words = {w.lower() for w in term.split()}
            if (key in defined or term in _COMMON_CAPS or key in headings or words & _PROPER
                    or term.lower() in roles or any(r in term.lower() for r in roles)):
                continue
            uses[term].append((bi, m.start(1), m.end(1)))
    min_uses = rule.options["min-uses"]
    out = []
    for term, spots in uses.items():
        need = min_uses if " " in term else max(min_uses, 3)  # a single word needs more evidence
        bare = re.findall(r"(?<!\bthe )(?<!\bThe )\b" + re.escape(term) + r"(?:'s)?\s+(?:shall|will|may|must|agrees|is|has|and|or)\b", text_all)
        if len(bare) >= 2:
            continue  # used like a name ("Datec will ..."), not like a defined term
        if len(spots) >= need:
            out.append((hygiene_hit(rule, *spots[0]), {"term": term, "uses": len(spots)}))
    return out
