"""Defined terms written in lower case where the defined meaning is clearly meant.

Where a contract defines "Confidential Information" and uses it as a term, "return all
confidential information of Client" leaves open whether the definition applies. Only
terms of two or more words are read (a lower-case "services" is usually ordinary
English), only where the capitalised term is also used, never in the sentence that
defines the term itself ("Service Levels" means the service levels in Schedule 2), and
not where the words are plainly ordinary English: after an adjective ("the normal
business hours") or before "of" and something other than a party ("the effective date of
termination"; "confidential information of Client" and "two working days of receipt" are kept), nor in
a standard of care measured by the holder's own things ("no less care than it uses for its own
confidential information").
Only an isolated lower-case use is a slip: where the lower-case words occur more than once
outside the definition, the drafter writes them as ordinary English on purpose ("its common
stock" throughout beside "Common Stock"), and so they are not reported. A term whose capitalised form is
never used at all, only its one lower-case use, is reported too: that use is where the definition was meant. Quoted speech ("Mr. X
commented: "...") is someone's words, not the drafting. Reported once per term, as info.
A term defined only inside an attached form of another instrument ("Exhibit C Form of Assignment and Assumption
Agreement") is that instrument's, not the contract's; "no third party may enforce" is generic like "any third
party"; "such force majeure circumstances" and "intellectual property rights" are longer nouns; and "this
promissory note" in an execution line is a document naming itself.
"""
from __future__ import annotations

import re

from ...match import Hit
from ...ruleset.model import Rule
from ...segment.definitions import title_like
from ..base import CheckContext
from .common import candidate_blocks, form_blocks, hygiene_hit
from .terms import hygiene_definitions

_QUOTED = re.compile(r"[\"\u201c][^\"\u201d]{0,120}[\"\u201d]")
# a quotation introduced by a colon, however long: someone's words ("commented: "...""), not the drafting
_SPEECH = re.compile(r":\s*[\"\u201c][^\"\u201d]*(?:[\"\u201d]|$)")
# the word before a lower-case use that makes it a definite reference to the term: "the", "all", a
# possessive, a number or a verb that handles it ("return all confidential information", "within two
# working days", "disclose payroll data"); "a quality agreement", "any third party", "no third party" or "other menu items"
# are new or generic things, and an adjective ("the normal business hours") makes it ordinary English
_BEFORE = re.compile(
    r"(?:^|\b(?:the|all|its|their|his|her|our|your|such|this|these|disclose|disclosing|return|returning|use|"
    r"protect|process|processing|hold|provide|receive|store|transfer|share|delete|destroy|two|three|four|five|six|"
    r"seven|eight|nine|ten|\d+)\s+)$", re.I)
# a defined period is meant after words that pick one out of the series: "in any contract year", "during
# business hours", "per quarter" (a "Contract Year" or "Business Hours" is the only year or hours the contract
# counts in); "any third party" stays generic
_PERIOD_WORDS = {"year", "years", "month", "months", "quarter", "quarters", "period", "periods", "hours", "day",
                 "days", "week", "weeks"}
_PERIOD_BEFORE = re.compile(r"\b(?:any|each|every|during|per|outside|within|in\s+a|for\s+a)\s+$", re.I)
# the lower-case words run on into a longer noun: "the applicable time period", "regulatory approval activities"
_LONGER_COMPOUND = re.compile(r"\s+(?:period|periods|activities|activity|limit|limits|frame|window|zone|requirements?|"
                              r"process|processes|procedures?|authority|authorities|body|bodies|filings?|submissions?|"
                              r"applications?|matters?|issues?|costs?|expenses?|fees?|rates?|levels?|system|systems|circumstances?|events?|"
                              r"conditions?|situations?|clauses?|provisions?|notices?|letters?|rights?)\b")
# a standard of care measured by the holder's own things: "no less care than it uses for its (own)
# confidential information" means a party's secrets in general, the ordinary words
_OWN_CARE = re.compile(r"\b(?:it|they|he|she|each\s+party|such\s+party)\s+(?:\w+\s+)?(?:uses?|applies|apply|takes?|"
                       r"employs?|exercises?|affords?|gives?|accords?)\s+(?:\w+\s+){0,3}?(?:its|their|his|her)\s+(?:own\s+)?$",
                       re.I)


# a document calling itself by what it is: "IN WITNESS WHEREOF, the Maker has executed this promissory note", "this
# statement of work"; the words name the instrument in hand, whatever a definition elsewhere says
_SELF_NAME = re.compile(r"\bthis\s+$", re.I)
_DOCUMENT_NOUN = re.compile(r"\b(?:note|agreement|amendment|addendum|contract|deed|instrument|letter|certificate|guarantee|"
                            r"guaranty|work|order|confirmation|schedule|exhibit|appendix|annex|supplement)s?$", re.I)


def _forms(term: str) -> str:
    """The term's words with plural and possessive endings, as a pattern."""
    root = re.sub(r"\((?:s|es|ies)\)$", "", term)
    root = root[:-1] if root.endswith("s") and not root.endswith("ss") else root
    return re.escape(root).replace(r"\ ", r"\s+") + r"(?:s|es|'s|s')?"


def _capital_elsewhere(ctx: CheckContext, capital: re.Pattern, own: set[tuple[int, int]]) -> bool:
    """The capitalised form stands anywhere outside its own definition, headings included."""
    for bi, block in enumerate(ctx.seg.document.blocks):
        for m in capital.finditer(block.text):
            if (bi, ctx.sentence(bi, m.start()).start) not in own:
                return True
    return False


def lowercase_terms(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    blocks = ctx.seg.document.blocks
    found = []
    seen: set[str] = set()
    # a term defined only inside an attached form of another agreement ("Exhibit C Form of Assignment and
    # Assumption Agreement ... "Assumed Obligations" means") is that agreement's term, not the contract's
    forms = form_blocks(ctx)
    defs = [d for d in hygiene_definitions(ctx) if d.strong and d.block not in forms]
    parties = set(ctx.seg.parties) | {"party", "parties"}
    for d in defs:
        term = d.term
        if term in seen or len(term.split()) < 2 or term.isupper() or not title_like(term):
            continue
        seen.add(term)
        own = {(x.block, ctx.sentence(x.block, x.start).start) for x in defs if x.term == term}
        capital = re.compile(r"(?<![\w-])" + _forms(term) + r"(?![\w-])")
        lower = re.compile(r"(?<![\w-])" + _forms(term.lower()) + r"(?![\w-])")
        period = term.split()[-1].lower() in _PERIOD_WORDS
        used = False
        first = None
        lower_uses = 0
        for bi in candidate_blocks(ctx, capital, lower):  # the blocks that can hold either form, in order
            if ctx.is_heading(bi):
                continue
            text = blocks[bi].text
            quoted = [(q.start(), q.end()) for q in (*_QUOTED.finditer(text), *_SPEECH.finditer(text))]
            lower_uses += sum(1 for m in lower.finditer(text)
                              if (bi, ctx.sentence(bi, m.start()).start) not in own
                              and not any(s <= m.start() < e for s, e in quoted))
            if lower_uses > 1:
                break  # written as ordinary English on purpose
            for m in capital.finditer(text):
                if (bi, ctx.sentence(bi, m.start()).start) not in own:
                    used = True
            if first is None:
                for m in lower.finditer(text):
                    if (bi, ctx.sentence(bi, m.start()).start) in own or any(s <= m.start() < e for s, e in quoted):
                        continue
                    before = text[max(0, m.start() - 20):m.start()]
                    if not (_BEFORE.search(before) or period and _PERIOD_BEFORE.search(before)):
                        continue  # "the normal business hours": an ordinary phrase
                    if _SELF_NAME.search(before) and _DOCUMENT_NOUN.search(m.group(0)):
                        continue  # "the Maker has executed this promissory note": a document naming itself
                    if _LONGER_COMPOUND.match(text, m.end()):
                        continue  # "applicable time period" beside "Applicable Time": another, longer noun
                    if _OWN_CARE.search(text[max(0, m.start() - 60):m.start()]):
                        continue  # "the care it uses for its confidential information": its secrets in general
                    # "the board of directors or board of management (howsoever described) of an entity": past an alternative
                    of = re.match(r"(?:\s+or\s+[a-z][\w\s-]{0,40}?)?(?:\s*\([^()]{0,40}\))?"
                                  r"\s+of\s+(?:the\s+|each\s+|either\s+|any\s+)?([\w&.-]+)", text[m.end():m.end() + 160])
                    counted = re.search(r"(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten))\s+$",
                                        text[max(0, m.start() - 12):m.start()])
                    if of and not counted and of.group(1).lower().rstrip(".,;:") not in parties:
                        continue  # "the effective date of termination": another date; "information of Client" is not
                    first = (bi, m.start(), m.end())
                    break
        # the capitalised term used elsewhere, or never used at all: then the one lower-case use is where the
        # definition was meant ("During the transition period" beside "Transition Period" means ...)
        if first and lower_uses == 1 and (used or not _capital_elsewhere(ctx, capital, own)):
            bi, s, e = first
            found.append((hygiene_hit(rule, bi, s, e), {"term": term, "text": blocks[bi].text[s:e]}))
    return sorted(found, key=lambda f: (f[0].block, f[0].start))
