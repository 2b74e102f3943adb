"""``vague``: a vague standard, weak obligation or unilateral discretion governs a duty.

Each vocabulary entry brings its own suggestion and its own exceptions (``unless``:
words in the same sentence that make the entry fine). The rule's options narrow the
findings further:

``require-obligation`` (default true)
    keep findings to sentences that impose a duty ("shall", "will", "must", "agrees
    to", ...). "Shall have the right", "will be entitled" and "shall not be required"
    do not count: a vague qualifier on a right is not a vague obligation.
``holder: provider``
    for discretion wording: flag the finding only when the discretion belongs to
    the party that performs the services (or to either party). Customer-held or
    third-party discretion is flagged only when the sentence changes price, scope or
    services (``change-subject``).
``provider-held: [entry phrases]``
    these vocabulary entries count only when the provider holds them: "The Supplier
    may provide reports" reads as a weak duty, "Customer may provide" is a right, and
    "the Government intends to award" is the buyer's plan, not a promise.
``duty-bound: [entry phrases]``
    these vocabulary entries count only in a sentence that imposes a duty, as
    ``require-obligation`` does for the whole rule: "shall, where possible, resolve"
    empties a duty, "whenever possible, each business unit permits consumers" in an
    attached privacy policy describes a practice.
``one-per-sentence``
    report at most one finding of the rule per sentence.
``defer: [entry phrases]``
    these vocabulary entries are not reported in a sentence where another entry of the
    rule is: in "the Provider may change the rosters as the Provider sees fit" the
    discretion is "as the Provider sees fit", and "may change" is the same finding again.
``about: [regex, ...]``
    a finding counts only when its clause (the sentence, cut at the semicolons
    nearest the wording) names what the discretion is over, one of these: a
    discretion over the price, the service or the terms is a risk, one over the
    defence of a claim, a notice address or a party's own trading is not.
``not-under: [regex, ...]``
    no finding in a clause whose heading, or the heading of any clause it sits in,
    matches one of these: the boilerplate clauses (force majeure, interpretation,
    severability, further assurances) carry no service standard to measure.
``unless-after: [regex, ...]``
    no finding when the rest of the paragraph after the sentence (up to
    ``AFTER_WINDOW`` characters) matches one of these: "the parties shall attempt to
    agree an adjustment of the fees" is no open term when the next sentence says what
    happens if they cannot agree ("If the parties cannot agree, the adjustment is
    referred to arbitration").
``not-in-definitions``
    no finding in a sentence that defines a term ('"Safety Reasons" means ...'): the
    standard is set, or left open, where the duty uses the term.

Recitals ("WHEREAS ...") and headings are never findings, and a capitalised phrase
that the contract defines ("Good Industry Practice" means ...) has a meaning the
parties agreed, so it is not vague; nor is a word the contract itself gives a measure
('the word "forthwith" means within one (1) Working Day').

An item of a list introduced by a duty ("The Supplier shall:" then "(c) remedy any
defect in a timely manner;") is a duty: the lead-in's "shall" governs every item.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..match import Hit
from ..model import Status
from ..ruleset.model import Rule
from .base import CheckContext, HitsByBlock, Outcome, defined_term_at, detect_hits, evidence_for, make_finding, quote

# Words that make a sentence impose a duty on someone.
OBLIGATION = re.compile(
    r"\b(?:shall|will|must|agrees?\s+to|agreed\s+to|undertakes?|covenants?|is\s+responsible|are\s+responsible|"
    r"(?:is|are|be)\s+required\s+to|obligat(?:ed|ion|ions)|commits?\s+to|warrants?|ensures?|guarantees?|"
    # a charge is a duty to pay: "Work outside the Services is charged at a reasonable additional fee"
    r"(?:is|are)\s+(?:payable|charged|chargeable|invoiced|billed|reimbursed|reimbursable)|"
    # so is a right to charge it: "Vendor may charge Client a reasonable administrative fee"
    r"(?:may|is\s+entitled\s+to|are\s+entitled\s+to)\s+(?:charge|invoice|bill))\b",
    re.I,
)
# Modal phrases that grant a right or state a consequence rather than a duty.
NOT_DUTY = re.compile(
    r"\b(?:shall|will|must)\s+(?:not\s+)?(?:have\s+(?:the\s+|no\s+)?(?:right|option|discretion|power|authority)|"
    r"be\s+entitled|not\s+be\s+(?:required|obligated|obliged|liable|responsible)|be\s+deemed|be\s+construed|"
    r"be\s+governed|be\s+interpreted|be\s+liable|be\s+void|be\s+effective|become\s+effective|terminate|expire|survive|"
    r"continue\s+in|remain\s+in)\b",
    re.I,
)
# "(f) centrally monitor performance, where possible, ...": an enumerated item that starts in lower case continues
# a list of duties introduced elsewhere ("The Supplier shall:")
LIST_ITEM = re.compile(r"^\W*\(?(?:[a-z]|[ivx]+|\d+)[.)]\s+[a-z]")
RECITAL = re.compile(r"^\W*(?:whereas|recitals?|background)\b", re.I)

# a lead-in that introduces the items after it: "The Supplier shall:", "4.1 The Customer shall -"
_LEAD_IN_END = re.compile(r"[:\u2013\u2014-]\s*$")
# an item of such a list: "(c) maintain ...", "ii. provide ...", or an unlabelled item in lower case (Word's own
# numbering is not in the text)
_ITEM_START = re.compile(r"^\W*(?:\(?(?:[a-z]|[ivx]+|\d+)[.)]\s+)?[a-z]")


def _under_duty_lead_in(ctx: CheckContext, block: int) -> bool:
    """The block is an item of a list whose lead-in imposes a duty ("The Service Provider shall:")."""
    blocks = ctx.seg.document.blocks
    if not _ITEM_START.match(blocks[block].text):
        return False
    for j in range(block - 1, max(-1, block - 40), -1):
        text = blocks[j].text.strip()
        if not text:
            continue
        if _ITEM_START.match(text) and not _LEAD_IN_END.search(text):
            continue  # an earlier item of the same list
        if _LEAD_IN_END.search(text):
            last = ctx.sentence(j, max(0, len(blocks[j].text.rstrip()) - 1))
            if imposes_duty(blocks[j].text[last.start:last.end]):
                return True
            if _ITEM_START.match(text):
                continue  # "(b) in respect of pensions:": a sub-list's lead-in; the outer one governs
            return False
        return False
    return False


# a word the contract gives a measure: 'the word "forthwith", where it is used in Schedule 1, means within one (1)
# Working Day', 'where this Agreement requires a Party to act "immediately", it shall act within one (1) hour'
_MEASURED_WORD = re.compile(
    r"[\"\u201c]([a-z][a-z -]{2,40})[\"\u201d][^.;\"\u201c]{0,80}?\b(?:means?|shall\s+mean|(?:is|are)\s+to\s+be\s+read\s+as|"
    r"shall\s+act|must\s+act)\b[^.;]{0,40}?\b(?:within|no\s+later\s+than|not\s+later\s+than|by)\s+(?:\w+\s+)?\(?\d")


def _measured_words(ctx: CheckContext) -> frozenset[str]:
    text = ctx.seg.document.text
    if "\"" not in text and "\u201c" not in text:
        return frozenset()
    return frozenset(m.group(1).strip().lower() for m in _MEASURED_WORD.finditer(text))


_EITHER = re.compile(r"\b(?:either|each|any)\s+party\b", re.I)

# Change of price, scope or services: discretion over these is flagged whoever holds it.
# The change verb must govern the object ("modify the Services", "adjust the monthly fee").
_CHANGE_VERB = (r"(?:change[sd]?|changing|modif(?:y|ies|ied|ying)|amend(?:s|ed|ing)?|var(?:y|ies|ied|ying)|"
                r"alter(?:s|ed|ing)?|adjust(?:s|ed|ing)?|increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|"
                r"reduc(?:e|es|ed|ing)|revis(?:e|es|ed|ing)|add(?:s|ed|ing)?|remov(?:e|es|ed|ing)|substitut(?:e|es|ed|ing)|"
                r"replac(?:e|es|ed|ing))")
_CHANGE_OBJECT = (r"(?:fees?|prices?|pricing|charges?|rates?|tariffs?|scope|services?|service\s+levels?|specifications?|"
                  r"deliverables?|work|plans|schedules|statements?\s+of\s+work|sows?|terms\s+and\s+conditions)")
CHANGE = re.compile(rf"\b{_CHANGE_VERB}\b(?:\s*,?\s*(?:or\s+|and\s+)?[\w-]+){{0,7}}?\s+(?:the\s+|its\s+|their\s+|any\s+|all\s+)?"
                    rf"(?:\w+\s+){{0,2}}?{_CHANGE_OBJECT}\b", re.I)


def _strip_non_duties(text: str) -> str:
    return NOT_DUTY.sub(" ", text)


def imposes_duty(text: str) -> bool:
    return bool(OBLIGATION.search(_strip_non_duties(text)))


# --- parties -----------------------------------------------------------------------

@lru_cache(maxsize=256)
def _party_regex(names: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])|\b(?:either|each|any)\s+party\b|\bthe\s+parties\b", re.I)


# "at such times as they may determine": a plural holder is neither of the two parties
_THEY_BEFORE = re.compile(r"\bthey\s+(?:shall\s+|may\s+|will\s+)?$", re.I)
_THEY_DECIDE = re.compile(r"\s*they\s+(?:may\s+|shall\s+|will\s+)?(?:determine|decide|elect|choose|see|deem|consider|"
                          r"require|specify|direct)", re.I)
_PARTIES = re.compile(r"\bparties\b", re.I)


def holder(ctx: CheckContext, hit: Hit) -> str | None:
    """Who holds the discretion or permission at ``hit``: provider, customer, either, both or None."""
    roles = ctx.seg.parties
    text = ctx.seg.document.blocks[hit.block].text
    sent = ctx.sentence(hit.block, hit.start)
    rx = _party_regex(tuple(roles) or ("supplier",))

    def role_of(name: str) -> str | None:
        low = name.lower()
        if _EITHER.fullmatch(low):
            return "either"
        if low.startswith("the parties"):
            return "both"
        return roles.get(low)

    after = text[hit.end:min(sent.end, hit.end + 40)]
    m = re.match(r"\s*(?:of|by)\s+(?:the\s+)?", after)
    if m is None and re.search(r"\b(?:of|by)$", text[hit.start:hit.end], re.I):
        m = re.match(r"\s*(?:the\s+)?", after)
    if m:
        p = rx.match(after, m.end())
        if p:
            return role_of(p.group(0))
        if re.match(r"[A-Z]", after[m.end():]):
            return "other"  # a named third party: a court, an agency, the Contracting Officer
    m = re.match(r"\s*(?:the\s+)?", after)
    p = rx.match(after, m.end())
    if p and re.match(r"\s+(?:may|shall|will|deems?|determines?|considers?|sees?|thinks?|elects?|chooses?|approves?|"
                      r"specif\w+|designates?|requires?|directs?|decides?|in\s+its|at\s+its)\b", after[p.end():]):
        return role_of(p.group(0))
    before = text[sent.start:hit.start]
    if (_THEY_BEFORE.search(before) or _THEY_DECIDE.match(after)) and not _PARTIES.search(before):
        return "other"
    possessive = re.search(r"([\w&.-]+(?:\s+[\w&.-]+){0,2})'s\s+(?:sole\s+|own\s+|absolute\s+)?$", before)
    if possessive:
        p = None
        for p in rx.finditer(possessive.group(1)):
            pass
        if p:
            return role_of(p.group(0))
    found = None
    for p in rx.finditer(before):
        found = p
    return role_of(found.group(0)) if found else None


# a table of contents run into one paragraph: "Section 2.05 ... 8 Section 2.06 Best Efforts ... 8"
_TOC = re.compile(r"\b(?:Section|SECTION|Article|ARTICLE|Clause|CLAUSE)\s+\d+(?:\.\d+)*\s+[A-Z][^.;]{0,80}?\s\d{1,3}\s")


def _clause(sentence: str, start: int, end: int) -> str:
    """The part of ``sentence`` between the semicolons nearest ``start``..``end`` (offsets in the sentence)."""
    left = sentence.rfind(";", 0, start) + 1
    right = sentence.find(";", end)
    return sentence[left:right if right >= 0 else len(sentence)]


@lru_cache(maxsize=64)
def _about_regexes(sources: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(s, re.I) for s in sources)


def _in_recital(ctx: CheckContext, hit: Hit) -> bool:
    sent = ctx.sentence_text(hit.block, hit.start)
    if RECITAL.match(sent):
        return True
    clause = ctx.seg.clause_at(hit.block, hit.start)
    head = ctx.seg.heading_for(clause) if clause is not None else None
    return bool(head and RECITAL.match(head))


# '"Safety Reasons" means ...', '(b) "Affiliate" shall mean ...': a sentence that defines a term. The opening quote
# may be missing, where a run of definitions on one line is cut into sentences after it ('EULA" means ...'), or the
# term may stand unquoted at the start, as some contracts define ("Affiliates means subsidiaries ..."); an unquoted
# term defines only with "means", since "The Services include ..." is operative
_DEFINING = re.compile(r"^\W{0,4}(?:\(?[a-z0-9]{1,4}[.)]\s*)?(?:[\"\u201c]?[^\"\u201d]{1,80}[\"\u201d]\s*(?:,\s*)?"
                       r"(?:means|shall\s+mean|has\s+the\s+meaning|shall\s+have\s+the\s+meaning|includes|shall\s+include)|"
                       r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4}\s+(?:means|shall\s+mean))\b")


def _under(ctx: CheckContext, hit: Hit, headings: tuple[re.Pattern, ...]) -> bool:
    """The hit's clause, or a clause it sits in, has a heading matching one of ``headings``."""
    clause = ctx.seg.clause_at(hit.block, hit.start)
    while clause is not None:
        if clause.heading and any(rx.search(clause.heading) for rx in headings):
            return True
        clause = ctx.seg.clauses[clause.parent] if clause.parent is not None else None
    return False


# how far into the rest of its paragraph a finding's ``unless-after`` looks: the next sentence or two
AFTER_WINDOW = 600


def check_vague(rule: Rule, ctx: CheckContext) -> Outcome:
    vocab = ctx.vocabularies.get(rule.detect.vocab) if rule.detect and rule.detect.vocab else None
    hits = list(ctx.hits.get(rule.id, "vocab")) if vocab else []
    hits += [h for h in detect_hits(rule, ctx)]
    blockers = HitsByBlock(ctx.hits.get(rule.id, "not-inside"))
    unless = HitsByBlock(ctx.hits.get(rule.id, "unless"))
    entry_unless = HitsByBlock(ctx.hits.get(rule.id, "vocab-unless"))
    need_duty = rule.options["require-obligation"]
    holder_needed = rule.options["holder"]
    provider_held = {p.lower() for p in rule.options["provider-held"]}
    duty_bound = {p.lower() for p in rule.options["duty-bound"]}
    one_per_sentence = rule.options["one-per-sentence"]
    defer = {p.lower() for p in rule.options["defer"]}
    measured = _measured_words(ctx) if vocab else frozenset()
    seen_sentences: set[tuple[int, int]] = set()
    change_subject = rule.options["change-subject"]
    about = _about_regexes(tuple(rule.options["about"]))
    not_under = _about_regexes(tuple(rule.options["not-under"]))
    not_in_definitions = rule.options["not-in-definitions"]
    unless_after = _about_regexes(tuple(rule.options["unless-after"]))
    out = Outcome(rule, Status.CLEAR)
    accepted = HitsByBlock([])
    suppressed = HitsByBlock([])  # hits an exception removed: a shorter entry inside them is removed too
    blocks = ctx.seg.document.blocks
    # longest first, so "commercially reasonable efforts" wins over "reasonable efforts"
    def deferred(h: Hit) -> bool:
        return bool(defer) and h.role == "vocab" and vocab is not None and vocab.entries[h.entry].phrase.lower() in defer

    named_sentences: set[tuple[int, int]] = set()  # sentences where an entry not deferred was reported
    placed: list[tuple[tuple[int, int], int]] = []  # (block, start) of each finding, to keep them in text order
    # longest first; deferred entries after all others, so that they can give way to them
    for h in sorted(hits, key=lambda h: (deferred(h), h.block, h.start, -h.end)):
        if accepted.overlapping(h):
            continue
        if any(s.start <= h.start and h.end <= s.end for s in suppressed.in_block(h.block)):
            continue
        if blockers.overlapping(h):
            continue
        sent = ctx.sentence(h.block, h.start)
        if unless.starting_in(h.block, sent.start, sent.end):
            continue
        if h.role == "vocab" and any(u.entry == h.entry and sent.start <= u.start < sent.end
                                     for u in entry_unless.in_block(h.block)):
            suppressed.add(h)
            continue
        text = blocks[h.block].text
        sentence = text[sent.start:sent.end]
        if measured and text[h.start:h.end].lower() in measured:
            continue  # the contract says what the word means, with a measure
        if need_duty and not imposes_duty(sentence) and not (sent.start == 0 and _under_duty_lead_in(ctx, h.block)):
            continue
        if ctx.is_heading(h.block) or _in_recital(ctx, h) or len(_TOC.findall(sentence)) >= 3:
            continue
        if defined_term_at(ctx, h):
            continue
        if not_in_definitions and _DEFINING.match(sentence):
            continue  # a definition says what a word means; the duty that uses it is where a standard is set
        if not_under and _under(ctx, h, not_under):
            continue  # boilerplate: force majeure, interpretation, severability and the like
        if unless_after:
            rest = text[sent.end:sent.end + AFTER_WINDOW]
            if any(rx.search(rest) for rx in unless_after):
                continue  # the paragraph goes on to say what happens when the attempt fails
        entry = vocab.entries[h.entry] if h.role == "vocab" and vocab else None
        if entry is not None and entry.phrase.lower() in duty_bound and not (imposes_duty(sentence)
                                                                             or LIST_ITEM.match(sentence)):
            continue
        is_deferred = deferred(h)
        if is_deferred and (h.block, sent.start) in named_sentences:
            continue  # another entry in the sentence names the discretion itself
        if entry is not None and entry.phrase.lower() in provider_held:
            if holder(ctx, h) not in ("provider", "either"):
                continue
        if holder_needed:
            who = holder(ctx, h)
            if who not in (holder_needed, "either"):
                if not (change_subject and CHANGE.search(text, h.start, sent.end)) or who == "both":
                    continue
        if about:
            clause = _clause(sentence, h.start - sent.start, h.end - sent.start)
            if not any(rx.search(clause) for rx in about):
                continue
        if one_per_sentence and (h.block, sent.start) in seen_sentences:
            continue
        seen_sentences.add((h.block, sent.start))
        if not is_deferred:
            named_sentences.add((h.block, sent.start))
        accepted.add(h)
        placed.append(((h.block, h.start), len(placed)))
        suggestion = entry.suggestion if entry is not None else rule.suggestion
        # the evidence is the wording itself, in the document's own characters; the message and the topic
        # quote its sentence
        block = blocks[h.block]
        sentence = quote(ctx, h)
        finding = make_finding(rule, ctx, Status.FLAGGED, hit=h, suggestion=suggestion,
                               evidence=ctx.seg.document.original(block, h.start, h.end), sentence=sentence)
        out.findings.append(replace(finding, evidence_span=block.canonical_span(h.start, h.end), context=sentence))
        out.evidence.append(evidence_for(ctx, h))
    if defer and placed:
        order = [i for _, i in sorted(placed)]
        out.findings = [out.findings[i] for i in order]
        out.evidence = [out.evidence[i] for i in order]
    if out.findings:
        out.status = Status.FLAGGED
    return out
