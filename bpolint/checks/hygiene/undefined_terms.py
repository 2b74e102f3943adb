"""Capitalised terms used as defined terms ("the Service Credits") but never defined.

A capitalised phrase after a determiner ("the", "any", "each", "a") reads as a defined
term. It is reported when the document drafts with definitions and either uses the
phrase often enough, or gives it away with one use: it ends in a term the contract
defines ("Critical Incident" where only "Incident" is defined), it is a hyphenated
compound ("any Sub-Processor"), or its last word is a noun that defined terms are made
of ("the Exit Plan", "the Run-Off Period"; the rule's ``term-heads``).

Not terms: headings, sentence starts, party names and words of the parties' names,
proper names of places, bodies, offices and statutes, months and days, another
document identified where it is named ("the Master Agreement dated 5 January 2021"), a
thing an attachment sets out ("the Asset Register (Schedule A)"),
documents that incorporate their definitions from another agreement ("Capitalised terms not defined herein
have the meanings given in the Master Agreement", "The definitions contained in the 2000 ISDA Definitions are
incorporated"), and amendments, confirmations and statements of work that supplement another agreement: their
capitalised terms are that agreement's, so an undefined one is no defect of the document in hand. Nor a piece
of a longer name or a designation ("the Series A Preferred Stock", "Class A breaches"), a marked brand, the
heading of a cited clause ("Section 13.3.3 (Effects of Termination Based Upon an Uncured Breach)"), quoted
copy, a thing the sentence says is attached ("..., which documents are attached hereto as Appendices 1 to 4"),
or a defined term joined to a party's name ("the Representatives of Anixa").
"""
from __future__ import annotations

import re
from collections import defaultdict

from ...match import Hit
from ...ruleset.model import Rule
from ...segment.definitions import MINOR_WORDS
from ..base import CheckContext
from .common import amends_other_agreement, hygiene_hit
from .party_names import ROLE_NAMES
from .terms import hygiene_definitions

_WORD = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*"
_DETERMINER = r"(?:the|any|each|every|a|an|such|all|no|its|their|his|her|relevant|applicable)"
_CAP_TERM = re.compile(
    rf"\b{_DETERMINER} (({_WORD})(?: (?:of |for |and |to )?{_WORD}){{0,3}})\b(?! [A-Z]{{2,}}\b)(?![-\w])")
# the rest of a term joined by a preposition the term pattern does not follow: "Change in Control"
_LONGER = re.compile(r"^\s+(?:in|on|at|under|by|with|from)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}")
_COMPANY_BEFORE = re.compile(r"\b(?:Ltd|LTD|Limited|LIMITED|Inc|INC|LLC|L\.L\.C|plc|PLC|Corp|CORP|Corporation|LLP|GmbH|"
                             r"Pty|PTY|S\.A|N\.V|B\.V|AG)\.?,?\s*\(\s*(?:the\s+)?$")
_OWNED_BY_NAME = re.compile(r"^\s+(?:of|by|issued\s+by|published\s+by)\s+(?:the\s+)?[A-Z][a-z]")
# a capitalised compound written with a hyphen: "Sub-Processor", "Go-Live", "Cut-Off"
_HYPHENATED = re.compile(r"[A-Z][a-z]*-[A-Z][a-z]+")
# "the Registrar (as such term is defined in the Indenture)": defined by another document
_DEFINED_ELSEWHERE = re.compile(
    r"([A-Z][\w]+(?: [A-Z][\w]+){0,3})\s*(?:\(|,)?\s*(?:as\s+(?:such\s+term\s+is\s+|each\s+is\s+)?|each\s+as\s+)?defined\s+(?:in|under|by)\b")
# "the Master Agreement dated 5 January 2021", "the Claims Handling Agreement between the parties":
# another document, identified where it is named
_IDENTIFIED_AFTER = re.compile(
    r"^,?\s*(?:\([^)]{0,40}\)\s*)?(?:dated|made|entered\s+into|executed|issued|granted|between|"
    r"of\s+(?:even\s+date|\d|[A-Z][a-z]+\s+\d)|on\s+Form\s+[\w-]+)")
# 'the Convertible Note ("Note")': the phrase is being given a short name, so it names something
_SHORT_NAME_AFTER = re.compile(r"^\s*\(\s*(?:the\s+|an?\s+)?[\"\u201c]([A-Z][^\"\u201d]{0,40})[\"\u201d]\s*\)")


def _short_name_of(term: str, after: str) -> bool:
    """'Convertible Note ("Note")', 'Service Level Agreement ("SLA")': a short name made of the term's own
    words or initials; '... which utilizes the Software (the "Equipment")' names the whole phrase."""
    m = _SHORT_NAME_AFTER.match(after)
    if not m:
        return False
    short, words = m.group(1).lower(), term.lower().split()
    return set(short.split()) <= set(words) or short.replace(".", "") == "".join(w[0] for w in words)
# "the Asset Register (Schedule A)", "the Service Level Agreement as detailed in Schedule B", "each
# Separate Account set forth on such Schedule A": an attachment of this document says what it is
_IN_ATTACHMENT = re.compile(
    r"^,?\s*(?:and\s+)?(?:\(\s*|(?:as\s+)?(?:detailed|set\s+(?:out|forth)|contained|listed|described|attached|"
    r"included|specified|identified)\s+(?:hereto\s+|herein\s+|to\s+this\s+[A-Z]\w+\s+)?(?:in|on|at|as|under)\s+)"
    r"(?:the\s+|such\s+|this\s+)?"
    r"(?:Schedule|Exhibit|Annex|Appendix|Attachment)\b")
# the phrase is cut out of a longer capitalised name: one the term pattern does not reach ("the Vehicle Operation
# Management Service Agreement", "the Official Year-End PGA Tour Money List"), or a designation that follows
# ("Series A Convertible Preferred Stock", "Class A breaches", "Page 36 of 85"); a brand marked as such
# ("the Dovonex(R) Agreement")
_CUT_FROM_NAME = re.compile(r"^(?:\s+(?:[A-Z][\w'-]*|\d)|\s?(?:\((?:R|TM)\)|[\u00ae\u2122]))")
# "X is a Support Plan that ...": a description, the phrase is what the sentence describes
_DESCRIBED_HERE = re.compile(r"\b(?:is|are)\s+$")
# a name cited beside a clause number, in parentheses: "Sections 13.3.3 (Effects of Termination Based Upon an
# Uncured Ginkgo Breach, Insolvency or Force Majeure Event)": the clause's heading, not a term
_HEADING_CITED_BEFORE = re.compile(r"(?:Sections?|Articles?|Clauses?|Paragraphs?|\d+(?:\.\d+)+)\s+[\w.()]*\s*\([^()]{0,100}$")
# a thing whose form is attached: "a Guarantee in the form attached to this Agreement as Attachment B"
_FORM_ATTACHED_AFTER = re.compile(
    r"\s+in\s+the\s+forms?\s+(?:\w+\s+){0,5}?(?:attached|set\s+(?:out|forth)|contained)\s+(?:\w+\s+){0,5}?"
    r"(?:in|on|as|at)\s+(?:the\s+)?(?:Schedules?|Exhibits?|Annex(?:es)?|Appendix|Appendices|Attachments?)\b")
# the sentence says the things it names are attachments: "the Schedule of Capital Contributions, the Contract for
# Export Sales ..., which documents are attached hereto as Appendices 1 to 4"; "the Eligibility UI and the
# Eligibility Interface are further described on Exhibit A"; "a Guarantee in the form attached ... as Attachment B"
_ATTACHED_LATER = re.compile(
    r"(?:(?!\b(?:are|is|was|were)\b)[^;:.])*?\b(?:(?:which|these|those|such|both)\s+(?:documents?\s+|items?\s+)?(?:are|is)|are|is)\s+"
    r"(?:further\s+|more\s+fully\s+)?(?:attached|described|set\s+(?:out|forth)|listed|contained|specified)\s+"
    r"(?:\w+\s+){0,5}?(?:in|on|as|at)\s+(?:the\s+)?(?:Schedules?|Exhibits?|Annex(?:es)?|Appendix|Appendices|Attachments?)\b")
_COMMON_CAPS = {
    "Agreement", "Party", "Parties", "Effective Date", "Term", "Section", "Article", "Schedule", "Exhibit", "Annex",
    "Appendix", "Clause", "Recitals", "Whereas", "Lord", "Internet", "English", "Services", "Service", "Schedules",
    "Exhibits", "Annexes", "Appendices", "Clauses", "Sections", "Articles",
}
# Words that make a capitalised phrase a proper name (a place, a body, a statute, an office),
# which needs no definition.
_PROPER = {
    "state", "states", "commonwealth", "county", "city", "province", "republic", "kingdom", "district", "territory",
    "government", "commission", "association", "exchange", "board", "court", "courts", "university", "bank", "bureau",
    "department", "agency", "office", "federal", "national", "american", "european", "united", "international",
    "swiss", "british", "chinese", "act", "code", "rules", "regulation", "regulations", "directive", "law", "laws",
    "treaty", "convention", "statute", "statutes", "inc", "ltd", "llc", "limited", "corporation", "corp", "company", "street", "road",
    "avenue", "building", "island", "islands", "internet", "web", "securities", "investment", "internal", "revenue",
    "reserve", "stock", "chamber", "institute", "council", "parliament", "congress", "secretary", "minister",
    "ministry", "authority", "commissioner", "officer", "officers", "chief", "president", "director", "directors",
    "trustee", "trustees", "declaration", "constitution", "amendment", "manager", "representative", "chairman",
    "counsel", "arbitration", "nations", "north", "south", "east", "west", "new", "york", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "administration", "centre", "center",
    "index", "customs", "majesty", "crown", "england", "wales", "scotland", "ireland", "london", "plc", "llp",
    "foundation", "society", "trust", "fund", "funds", "partnership", "group", "holdings", "administrator",
    "superintendent", "ombudsman", "registrar", "comptroller", "inspectorate", "regulator",
}
# a phrase that runs on into the name of a statute or a body: "the Broad-Based Black Economic Empowerment Act"
_PROPER_AFTER = re.compile(r"^(?:'s)?(?:\s+(?:of\s+|and\s+)?[A-Z][\w'-]*){0,3}?\s+(?:Act|Acts|Regulations?|Rules|Code|Codes|"
                           r"Directive|Ordinance|Statute|Treaty|Convention|Commission|Authority|Board|Institute|"
                           r"Council|Agency|Bureau|Ministry|Tribunal|Court|Republic|Kingdom|Bank)\b")
# An office the contract itself creates ("the Contract Manager", "the Supplier Account Representative") is a
# defined term, though "manager" and "representative" make most offices proper names ("the Chief Financial Officer")
_DEAL_WORDS = {"contract", "account", "project", "programme", "program", "service", "services", "engagement",
               "relationship", "delivery", "transition", "supplier", "customer", "client", "provider", "contractor",
               "vendor", "partner", "governance", "escalation", "exit"}
_ROLE_HEADS = {"manager", "managers", "representative", "representatives", "lead", "coordinator", "co-ordinator",
               "owner", "contact"}


def _deal_office(words: list[str]) -> bool:
    """A role the deal sets up: role words made only of the deal's own words."""
    low = [w.lower() for w in words]
    return len(low) >= 2 and low[-1] in _ROLE_HEADS and all(w in _DEAL_WORDS for w in low[:-1])


# a compound adjective that qualifies the defined term after it: "Territory-specific", "Customer-facing"
_MODIFIER = re.compile(r"-(?:specific|based|related|wide|level|led|owned|facing|only|funded|approved|dedicated)$", re.I)
_BY_REFERENCE = re.compile(
    r"capitali[sz]ed\s+terms?\s+(?:used\s+)?(?:(?:herein|in\s+this\s+\w+)\s+)?(?:but|and)\s+not\s+(?:otherwise\s+)?defined|"
    r"capitali[sz]ed\s+terms?\b[^.]{0,160}\b(?:meanings?|defined)\s+(?:\w+\s+){0,4}?(?:in|under)\s+(?:the|that|each)\s+"
    r"(?!Schedule|Exhibit|Annex|Appendix)[A-Z]|\b(?:Cover\s+Page|Key\s+Terms|Order\s+Form)\b|"
    r"\b(?:terms|words(?:\s+and\s+(?:expressions|phrases))?|expressions)\s+defined\s+in\s+the\s+[A-Z][\w ]{0,60}?\s+"
    r"(?:have|shall\s+have|bear)\s+the\s+same\s+meanings?|"
    # "The definitions contained in the 2000 ISDA Definitions ... are incorporated into this Confirmation"
    r"\bdefinitions\s+(?:contained|set\s+(?:out|forth)|used)\s+in\s+the\s+[^;]{0,160}?\bare\s+(?:hereby\s+)?incorporated\b|"
    # "this Confirmation will supplement, form a part of, and be subject to that Master Agreement", "This SOW
    # supplements the Master Services Agreement": the other agreement's terms are this document's
    r"\bthis\s+(?:Confirmation|Addendum|Supplement|Statement\s+of\s+Work|SOW|Work\s+Order|Order\s+Form)\b[^.;]{0,40}?"
    r"\bsupplements?\b[^.;]{0,80}?\b(?:the|that|an?)\s+(?:[A-Z][\w-]*\s+){0,4}?(?:Agreement|Contract)\b", re.I)
# a passage in quotation marks, of a sentence's length: copy or speech the contract quotes ("The Vitamin Shoppe is a
# proud sponsor of ..., the Trusted Health Network, ..."), not its own drafting; a paragraph may end such a
# quotation begun in the one before
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d]")


def _quoted_passages(text: str) -> list[tuple[int, int]]:
    """Spans of 60 characters or more between paired quotation marks; a paragraph that ends with an unpaired
    mark closes a quotation begun before it."""
    marks = [q.start() for q in _QUOTE_MARK.finditer(text)]
    spans = []
    if len(marks) % 2 and text.rstrip().endswith(('"', "\u201d")) and marks[0] >= 60:
        spans.append((0, marks[0]))
        marks = marks[1:]
    spans += [(a, b) for a, b in zip(marks[::2], marks[1::2]) if b - a > 60]
    return spans
# the sentence that defines a term: its body describes the term in other words, often proper names
_DEFINING = re.compile(r"[\"\u201c][^\"\u201d]{1,80}[\"\u201d]\s*(?::|means|shall\s+mean|has\s+the\s+meaning|includes)|"
                       r"^\W{0,3}[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,5}\s*(?::\s|\s+means\b)")


# a verb that makes a line a sentence, however many of its words are capitalised: "9.1 Either Party may
# propose a change to the Services by submitting a Change Request to the Steering Committee."
_SENTENCE_VERB = re.compile(r"\b(?:shall|will|may|must|is|are|has|have|does|agrees?|means)\b")


def _title_block(text: str) -> bool:
    """A short line in title case: a heading or a document title, not running text."""
    if len(text) > 120:
        return False  # before reading the words: most blocks are long paragraphs
    if " | " in text:  # a table row: a heading row only if every cell is one
        return all(_title_block(cell.strip()) for cell in text.split(" | ") if cell.strip())
    if text[:1].islower():
        return False  # a title does not start in lower case: "in line with the Workforce Management Plan"
    if _SENTENCE_VERB.search(text):
        return False  # a short sentence full of defined terms, not a title
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    if not words:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in MINOR_WORDS)
    return caps / len(words) >= 0.75


_PLURAL_FORM = re.compile(r"\((?:s|es|ies)\)$", re.I)


def _singular(word: str) -> str:
    """Folded for comparison: lower case, no plural "s", hyphens as spaces ("Vert-Non-Renewal" = "Vert Non-Renewal")."""
    word = _PLURAL_FORM.sub("", word)  # "Affiliate(s)" defines "Affiliate" and "Affiliates"
    word = re.sub(r"[\s-]+", " ", word.lower())
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"  # "Approved Clinical Studies" for a defined "Approved Clinical Study"
    return word.rstrip("s")


_FUNCTION_WORDS = {"shall", "will", "may", "must", "is", "are", "was", "has", "have", "of", "to", "in", "for", "and",
                   "or", "under", "with", "by", "at", "from", "as", "that", "which", "who", "on", "within", "if",
                   "does", "do", "can", "could", "would", "should", "be", "not", "hereunder", "thereof", "hereof",
                   "without", "before", "after", "unless", "until", "during", "where", "when", "about", "against",
                   "through", "into", "upon", "than", "so", "but", "nor", "who", "whose", "whom", "each", "only"}


def _made_of_defined(words: list[str], defined: set[str], exact: set[str], listed: set[str], named: set[str]) -> bool:
    """The phrase is defined terms written together: "the Documents and Images", "the Hosting and Support
    Services", "the Services Millennium Compliant", "the Confidential Information of Vert", "the Prospectus
    and Subscription Agreement" (two glossary entries), "the Datec Help Desk" (a name, then a defined term).
    ``defined`` and ``exact`` hold definitions proper, ``listed`` every term the document sets out (glossary
    entries and run-in headings too), ``named`` the names it gives in parentheses or beside an abbreviation."""
    term = " ".join(words)
    if " and " in term:
        left, right = term.split(" and ", 1)
        tail = right.split()[1:]
        if _singular(right) in listed and (_singular(left) in listed or _singular(" ".join([left] + tail)) in listed):
            return True
    for k in range(1, len(words)):
        head, rest = " ".join(words[:k]), words[k:]
        if k >= 2 and _singular(head) in defined:
            return True  # "the Start Date Day rate" in a flattened table, "the Product Trademark for Products"
        if _exact(head) not in exact and not (k == 1 and (_singular(head) in defined or head in ("Party", "Parties"))):
            if _singular(head) in named and _singular(" ".join(rest)) in defined:
                return True  # "the Datec Help Desk": the Help Desk of the party named "(Datec)"
            continue
        if rest[0] in ("of", "for", "to") or _singular(" ".join(rest)) in defined:
            return True  # "the Start Date Day rate" in a flattened table; "the Confidential Information of Vert"
    return False


def _exact(term: str) -> str:
    return re.sub(r"[\s-]+", " ", term.lower())


def _matches_at(rx: re.Pattern, text: str, literal: str):
    """``rx.finditer(text)`` for a pattern whose every match starts with ``literal`` (after zero-width
    assertions): tried only where the literal stands, not at every position of the whole text."""
    end = 0
    pos = text.find(literal)
    while pos >= 0:
        if pos >= end:
            m = rx.match(text, pos)
            if m is not None:
                yield m
                end = max(m.end(), pos + 1)
        pos = text.find(literal, pos + 1)


def undefined_terms(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """Capitalised terms used as defined terms but never defined."""
    defs = hygiene_definitions(ctx)
    defined = {_singular(d.term) for d in defs if d.term}
    strong = {_singular(d.term) for d in defs if d.term and d.strong}  # not run-in headings ("Transition.")
    strong_exact = {_exact(d.term) for d in defs if d.term and d.strong}
    given_names = {_singular(d.term) for d in defs if d.term and d.named}  # "(Datec)", "SPOC"'s expansion
    if len({d.term for d in defs if d.strong}) < rule.options["min-definitions"]:
        return []  # the document does not draft with defined terms
    text_all = ctx.seg.document.text
    if _BY_REFERENCE.search(text_all):
        return []  # definitions are incorporated from another document
    if amends_other_agreement(ctx):
        return []  # an amendment or supplement: its terms are those of the agreement it amends
    blocks = ctx.seg.document.blocks
    headings = {_singular(c.heading) for c in ctx.seg.clauses if c.heading}
    # where a clause's heading ends in the block it opens: "13.3.3 Effects of Termination Based Upon an Uncured
    # Ginkgo Breach" run into the clause's first paragraph
    heading_end: dict[int, int] = {}
    for c in ctx.seg.clauses:
        if c.heading:
            at = blocks[c.first_block].text.find(c.heading, 0, 40 + len(c.heading))
            if at >= 0:
                heading_end[c.first_block] = max(heading_end.get(c.first_block, 0), at + len(c.heading))
    roles = {r.lower() for r in ROLE_NAMES}
    # the first word of a party's name: "the Datec Personnel" is the personnel of a party; the other words of a name
    # are often ordinary ones ("Calderbrook Payroll Services Limited" does not make "the Payroll Calendar" a name)
    party_words = {p.key[0] for p in ctx.seg.contracting_parties if len(p.key) > 1}
    # the first word of a party's legal name, not a role it is called by ("Excite", not "Supplier")
    name_words = {w for w in party_words if w not in {r.lower() for r in ROLE_NAMES}}
    # the parties' short names: "the Datec Personnel" is the personnel of a party
    party_words |= {n.lower() for n in ctx.seg.party_names if " " not in n and n.lower() in ctx.seg.parties}
    # a company's short name given without quotes after its legal name: "Datec (PNG) LTD (Datec)"
    party_words |= {d.term.lower() for d in defs if d.named and " " not in d.term
                    and _COMPANY_BEFORE.search(blocks[d.block].text[max(0, d.start - 12):d.start])}
    heads = {h.lower() for h in rule.options["term-heads"]}
    defined |= {_singular(m.group(1)) for m in _DEFINED_ELSEWHERE.finditer(text_all)}
    uses: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    identified: set[str] = set()
    named: set[str] = set()  # "the Model Mediation Procedure of the Centre ...": a body's own title
    owned: set[str] = set()
    party_things: set[str] = set()  # what a party's name stands before: its own site, channel or product
    defining_only: dict[str, bool] = {}
    for bi, block in enumerate(blocks):
        if ctx.is_heading(bi) or block.text.isupper() or _title_block(block.text):
            continue
        quoted = None
        for m in _CAP_TERM.finditer(block.text):
            term = m.group(1)
            key = _singular(term)
            words = term.split()
            low = {w.lower() for w in words} | {p.lower() for w in words if "-" in w for p in w.split("-")}
            if words[0].lower() in name_words and len(words) > 1:
                party_things.add(_singular(" ".join(words[1:])))  # "the Excite Shopping Channel": a party's own
            if (key in defined or term in _COMMON_CAPS or key in headings or low & _PROPER and not _deal_office(words)
                    or term.lower() in roles or any(r in term.lower() for r in roles)
                    or words[0].lower() in party_words):
                continue
            if _made_of_defined(words, strong, strong_exact, defined, given_names) or "-by-" in term:
                continue  # defined terms together, or "on a Product-by-Product basis"
            if len(words) >= 2 and _MODIFIER.search(words[0]) and _singular(" ".join(words[1:])) in defined:
                continue  # "Territory-specific Development": an ordinary modifier before a defined term
            after = block.text[m.end(1):m.end(1) + 60]
            if quoted is None:
                quoted = _quoted_passages(block.text)
            if any(a < m.start(1) < b for a, b in quoted):
                continue  # inside quoted copy
            if _DESCRIBED_HERE.search(block.text, max(0, m.start() - 12), m.start()) and re.match(r"\s+(?:that|which)\b", after):
                continue  # "TECHNICAL SUPPORT RETAINER is a Support Plan that allows ...": the sentence says what it is
            if _CUT_FROM_NAME.match(after):
                continue  # a piece of a longer name, a designation or a brand
            if m.start(1) < heading_end.get(bi, -1) or _HEADING_CITED_BEFORE.search(block.text[max(0, m.start() - 110):m.start()]):
                continue  # the heading of a cited clause
            if _PROPER_AFTER.match(after):
                continue  # the start of a statute's or a body's name
            longer = _LONGER.match(after)
            if longer and _singular(term + after[:longer.end()]) in defined:
                continue  # "a Change in Control": part of a longer defined term
            nxt = re.match(r"\s+([a-z][\w-]*)", after)
            if len(words) == 1 and nxt and nxt.group(1) not in _FUNCTION_WORDS and "-" not in term:
                continue  # "a Minnesota limited liability company": a name used as an adjective
            if _IDENTIFIED_AFTER.match(after) or _IN_ATTACHMENT.match(after) or _FORM_ATTACHED_AFTER.match(
                    block.text, m.end(1), m.end(1) + 120):
                identified.add(key)
            if _OWNED_BY_NAME.match(after):
                named.add(term)
            if m.group(0).split()[0].lower() in ("its", "their", "his", "her"):
                owned.add(term)  # "under its Commercial Mediation Procedures": someone's own title
            sentence = ctx.sentence_text(bi, m.start(1))
            defining_only[term] = defining_only.get(term, True) and bool(_DEFINING.search(sentence))
            uses[term].append((bi, m.start(1), m.end(1)))
    min_uses = rule.options["min-uses"]
    out = []
    for term, spots in uses.items():
        if _singular(term) in identified or _singular(term) in party_things:
            continue  # another document identified where it is named, a thing an attachment sets out, or a
            # named thing of a party's ("a Shopping Channel" beside "the Excite Shopping Channel")
        words = term.split()
        bare = re.compile(r"(?<!\bthe )(?<!\bThe )\b" + re.escape(term) + r"(?:'s)?\s+(?:shall|will|may|must|agrees|is|has|and|or)\b")
        if sum(1 for _ in zip(range(2), _matches_at(bare, text_all, term))) >= 2:
            continue  # used like a name ("Datec will ..."), not like a defined term
        tail_defined = any(_singular(" ".join(words[i:])) in strong for i in range(1, len(words)))
        telling = (len(words) > 1 and (tail_defined or words[-1].lower() in heads or _HYPHENATED.search(term))
                   or len(words) == 1 and _HYPHENATED.fullmatch(term))
        if " and " in term:
            telling = False  # "the Disclosure and Barring Service": coordinated words are mostly a body's name
        if words[-1] == "Agreement":
            telling = False  # "the Purchase Agreement" names a document; it needs the usual evidence
        if telling and not defining_only[term] and term not in named and term not in owned:
            need = 1
        else:
            need = min_uses if len(words) > 1 else max(min_uses, 3)  # a single word needs more evidence
        if len(spots) < need:
            continue
        stem = term[:-1] if term.endswith("s") else term
        # read the whole text only for a term about to be reported: a thing an attachment sets out where
        # no determiner stands before it ("each corresponding Separate Account set forth on Schedule A")
        if any(_IN_ATTACHMENT.match(text_all[m.end():m.end() + 80]) or _short_name_of(term, text_all[m.end():m.end() + 60])
               for m in _matches_at(re.compile(r"\b" + re.escape(stem) + r"s?\b"), text_all, stem)):
            continue
        if any(_ATTACHED_LATER.match(blocks[bi].text, e, min(ctx.sentence(bi, s).end, e + 240)) for bi, s, e in spots):
            continue  # the sentence says the thing is an attachment
        out.append((hygiene_hit(rule, *spots[0]), {"term": term, "uses": len(spots)}))
    return out
