"""Terms the contract defines more than once.

A second definition of the same term (in the definitions clause and again in a clause,
or twice in one list) leaves open which one governs, or says the same thing twice so
that the two drift apart in the next draft. Each later definition is reported, pointing
at its term. The same definition found by two passes of the segmentation is one, and a
party named again with its short name (in an order form, a notice block or an exhibit)
is the same party, not a second definition. An index entry that points to where a term
is defined ('"Effective Date" has the meaning set forth in the Preamble', 'whether a
"Problem" as defined exists', '"Transition Plan" means the Transition Plan described in Section 4.2') is no definition, and "For clarity, a "Trial" shall include ..." extends the definition; a
definitions-list entry that starts with the term and "includes" is a second one.

Nor are these second definitions: a glossary entry that points to the defining clause
('"Claim" is as set out in Section 15'); a term quoted back inside another definition
('(collectively with "New Products", "Improved Products")'); the verb form of a defined noun
("When used as a verb, "Detail" means ..."); a term defined again in the same sentence for
another case or party ("if signed on paper ... (the "Effective Date"); if online ... (the
"Effective Date")", 'Sutro's "Senior Management" means ..., and SutroVax's "Senior
Management" means ...'); a party's label under its signature ('Title: ____ ("Lessor")') or
before its address; and a clause an amendment restates ("Section 1.12 is hereby replaced
in its entirety with the following: "Delivery Date" means ...").
"""
from __future__ import annotations

import re
from collections import defaultdict

from ...match import Hit
from ...ruleset.model import Rule
from ...segment.definitions import QUOTED_HEADING_BEFORE, Definition, title_like
from ..base import CheckContext
from .common import form_blocks, hygiene_hit
from .terms import hygiene_definitions

_SELF = {"agreement", "this agreement", "contract", "deed", "sow", "statement of work", "amendment", "parties", "party"}
# '"Effective Date" has the meaning set forth in the Preamble': an index entry pointing to the definition
_POINTER = re.compile(r"^\W{0,3}\s*(?:shall\s+)?(?:have|has|bears?)\s+the\s+(?:respective\s+)?meanings?\b|"
                      r"^\W{0,3}\s*(?:is|are|shall\s+be)\s+(?:as\s+)?defined\s+(?:in|under)\b|^\W{0,3}\s*:?\s*(?:see\b|as\s+(?:such\s+term\s+is\s+)?defined\b)",
                      re.I)
# '"Claim" is as set out in Section 15': a glossary entry that sends the reader to the defining clause
_CLAUSE_POINTER = re.compile(
    r"^\W{0,3}\s*(?:(?:is|are|shall\s+(?:be|mean)|means?|has\s+the\s+meaning)\s+)?(?:as\s+|the\s+meaning\s+)?(?:set\s+(?:out|forth)|"
    r"specified|given|described|provided)\s+(?:to\s+it\s+)?in\s+(?:Section|Clause|Article|Paragraph|Schedule|Exhibit)s?\s+"
    r"[\w.]+(?:\s?\([\w]{1,4}\))*\s*(?:hereof|of\s+this\s+Agreement|below|above)?\s*(?:[.;,]|$)", re.I)
# '"Initial Development Plan" shall mean the Initial Development Plan as described in Section 3.2.1': a glossary
# entry that names the term again and sends the reader to the clause that defines it
# (the term with its own capitals: '"Charges" means the charges set out in Schedule 3' is a definition)
_SELF_POINTER = r"^\W{0,3}\s*(?:shall\s+)?(?:means?|refers?\s+to)\s+(?:the\s+|each\s+|any\s+)?(?-i:%s)\W{0,3}\s*,?\s+" \
                r"(?:as\s+|that\s+is\s+|which\s+is\s+)?(?:described|defined|set\s+(?:out|forth)|referred\s+to|specified|" \
                r"provided\s+for|identified)\s+(?:in|under)\s+(?:Section|Clause|Article|Paragraph)s?\s+\d"
# '(collectively with "New Products", "Improved Products")': a term quoted back, not defined
_QUOTED_BACK = re.compile(r"\b(?:collectively|together)\s+with\s+(?:the\s+)?[\"\u201c\u2018']?$", re.I)
_VERB_FORM = re.compile(r"\bas\s+a\s+verb\b", re.I)
# 'Title: _____ ("Lessor")', 'Fruit of Life LLC (Promoter) Address: ...': a party's label in a signature or address block
_SIGNATORY_BEFORE = re.compile(r"\b(?:By|Title|Name|Its|Signature)\s*:[^:]{0,120}$")
_ADDRESS_AFTER = re.compile(r"^\W{0,3}\s*(?:Address|Attn|Attention|Tel|Telephone|Fax|Facsimile|E-?mail)\b\s*[:.]?", re.I)
# "Section 1.12 is hereby replaced in its entirety with the following:": the amendment restates the clause
_RESTATED = re.compile(r"\b(?:replaced|amended|restated|deleted)\s+(?:and\s+replaced\s+)?(?:in\s+(?:its|their)\s+entirety\s+)?"
                       r"(?:with|by|to\s+read)\b", re.I)
# '"Deliverables" includes ...', 'For clarity, a "Trial" shall include ...': an extension of a definition
_EXTENDS = re.compile(r"^\W{0,3}\s*(?:shall\s+)?(?:also\s+)?includes?\b", re.I)


# a company's legal name: "BOSCH TECHNOLOGIES, LLC", "Pierre Fabre Medicament SAS"
_COMPANY = re.compile(r"((?:[A-Z][\w&'.-]*,?\s+){1,6}?)(?:LLC|L\.L\.C\.|Inc\.?|INC\.?|Incorporated|Ltd\.?|LTD\.?|"
                      r"Limited(?!\s+[Ll]iability|\s+[Pp]artnership)|LIMITED|SAS|S\.A\.|GmbH|plc|PLC|Corp\.?|CORP\.?|"
                      r"Corporation|CORPORATION|LLP|AG|N\.V\.|B\.V\.)(?![\w])")


def _company_named(text_before: str, term: str) -> str | None:
    """The legal name nearest before a short name that is made of that name's words or initials."""
    short = term.lower().replace(".", "")
    for m in reversed(list(_COMPANY.finditer(text_before))):
        words = re.findall(r"[a-z0-9&]+", m.group(1).lower())
        if set(short.split()) <= set(words) or short == "".join(w[0] for w in words):
            return " ".join(words)
    return None


def _sites(defs: list[Definition]) -> list[Definition]:
    """One definition per place: the sentence pass and the document pass find the same one."""
    out: list[Definition] = []
    for d in sorted(defs, key=lambda d: (d.block, d.start)):
        if out and out[-1].block == d.block and abs(out[-1].start - d.start) <= 3:
            continue
        out.append(d)
    return out


def duplicate_definitions(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    blocks = ctx.seg.document.blocks
    parties = set(ctx.seg.parties)
    forms = form_blocks(ctx)
    by_term: dict[str, list[Definition]] = defaultdict(list)
    for d in hygiene_definitions(ctx):
        if not d.strong or not title_like(d.term) or d.term.lower() in _SELF:
            continue
        if d.term.lower() in parties:
            continue  # a party named again in an order form, a notice or an exhibit: the same party
        if QUOTED_HEADING_BEFORE.search(blocks[d.block].text[max(0, d.start - 45):d.start]):
            continue  # Section 12.3 ("Effect of Termination"): a quoted heading, not a definition
        if blocks[d.block].part not in ("body", "table", "insertion") or d.block in forms:
            continue  # a footnote, or a form attached to be completed later (it restates the terms it uses)
        after = blocks[d.block].text[d.end:d.end + 60]
        if _POINTER.match(after):
            continue  # a pointer to the definition, not a definition
        text = blocks[d.block].text
        opening = text[ctx.sentence(d.block, d.start).start:d.start]
        if _CLAUSE_POINTER.match(after) or _QUOTED_BACK.search(text[max(0, d.start - 30):d.start]) \
                or re.match(_SELF_POINTER % re.escape(d.term), text[d.end:d.end + len(d.term) + 90], re.I):
            continue  # a pointer to the defining clause, or a term quoted back inside another definition
        if _VERB_FORM.search(opening) or _RESTATED.search(text[max(0, d.start - 200):d.start]):
            continue  # the verb form of a defined noun; a clause an amendment restates
        if _SIGNATORY_BEFORE.search(text[max(0, d.start - 122):d.start]) or _ADDRESS_AFTER.match(after):
            continue  # a party's label under its signature or before its address
        if _EXTENDS.match(after) and not re.match(r"^\W{0,3}(?:\d[\d.]*\s+|\([a-z0-9]{1,4}\)\s+)?[\"\u201c]?$", opening):
            continue  # "For clarity, a "Trial" shall include ...": it extends the definition in place
        by_term[d.term.lower() if d.term.isupper() else d.term].append(d)
    found = []
    for term, defs in by_term.items():
        sites = _sites(defs)
        first = sites[0]
        for prev, d in zip(sites, sites[1:]):
            if prev.block == d.block and ctx.sentence(d.block, d.start).start == ctx.sentence(prev.block, prev.start).start:
                continue  # the same sentence defines the term for another case or another party
            name = _company_named(blocks[d.block].text[max(0, d.start - 200):d.start], d.term)
            if name and name == _company_named(blocks[prev.block].text[max(0, prev.start - 200):prev.start], prev.term):
                continue  # the same company given the same short name again (preamble, then parties clause)
            found.append((hygiene_hit(rule, d.block, d.start, d.end),
                          {"term": d.term, "first": ctx.seg.location(first.block, first.start).line}))
    return sorted(found, key=lambda f: (f[0].block, f[0].start))
