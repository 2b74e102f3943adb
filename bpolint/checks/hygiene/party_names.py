"""A party called by a name the contract does not give it.

Two forms: a role word used as a party that the contract defines under another name
("the Vendor" in a contract between the "Supplier" and the "Customer"), and a company
name one word away from a party's full name, with the same legal form ("Velmont Contact
Solutions Limited" for VELMONT CONTACT SERVICES LIMITED). Case and the spelling of the
legal form ("Ltd"/"Limited", "Inc."/"Incorporated") do not make a different name. A
company introduced as an affiliate, parent or guarantor, or defined in its own right,
is another company, and so is one whose extra word names a group company ("Holdings",
"Group") unless the sentence makes it the party ("Notices to Customer shall be sent to
Northwind Logistics Holdings, Inc."). A company further from a party's name is reported only where it
is bound by a duty under the contract, which only a party can owe, shares the party's first word and
legal form, and is nowhere introduced or made to sign ("Coromandel Financial Services Limited shall
bear the stamp duty" between COROMANDEL FINANCE LIMITED and its supplier).
"""
from __future__ import annotations

import re

from ...match import Hit
from ...ruleset.model import Rule
from ...segment.parties import company_names
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


# first words too common to tie a company name to a party
_GENERIC_LEAD = {"first", "national", "american", "united", "international", "global", "general", "new", "north",
                 "south", "east", "west", "royal", "bank", "city", "state", "central", "pacific", "atlantic",
                 "standard", "universal", "premier", "capital", "great", "british", "european", "china", "us", "uk"}
_OTHER_COMPANY = re.compile(
    r"\b(?:affiliate[sd]?|subsidiar(?:y|ies)|parent|holding\s+compan(?:y|ies)|group\s+compan(?:y|ies)|guarant(?:or|ee)|"
    r"successors?|predecessors?|formerly|f/k/a|d/b/a|trading\s+as|t/a|owned\s+by|controlled\s+by|merged?|acqui\w+)\b", re.I)


# words that name a related company rather than misspell the party: "Acme Holdings Inc."
_GROUP_WORDS = {"holdings", "holding", "group", "international", "americas", "america", "usa", "us", "uk", "europe",
                "global", "worldwide", "investments", "capital", "ventures", "partners", "parent", "trust", "bancorp"}
_FORM_WORDS = {"ltd", "limited", "inc", "incorporated", "corp", "corporation", "llc", "plc", "llp", "gmbh", "co", "company"}


def _one_word_apart(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """The one word by which two names differ (substituted, added or dropped), or None."""
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        return diff[0][1] if len(diff) == 1 else None
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) - len(short) != 1:
        return None
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1:] == short:
            return long_[i]
    return None


def _names_party(party, sentence: str) -> bool:
    """The sentence calls the party by its short name ("Notices to the Customer ...")."""
    return bool(party.alias) and re.search(rf"\b{re.escape(party.alias)}\b", sentence) is not None


def _other_form(key: tuple[str, ...], parties, sentence: str):
    """The party whose name this is but for its legal form, where the sentence makes it that party: "Notices to
    the Customer shall be sent to Northern Shield Mutual Insurance Corporation" for NORTHERN SHIELD MUTUAL
    INSURANCE COMPANY (the "Customer"). Elsewhere the same name with another form is often a sister company."""
    for p in parties:
        if p.key[:-1] == key[:-1] and p.key[-1] != key[-1] and _names_party(p, sentence) \
                and not _OTHER_COMPANY.search(sentence):
            return p
    return None


def _company_variants(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    parties = ctx.seg.contracting_parties
    if not parties:
        return []
    bodies = {p.key[:-1] for p in parties}
    blocks = ctx.seg.document.blocks
    found, reported = [], set()
    for bi, block in enumerate(blocks):
        text = block.text
        if re.match(r"\W*source\s*:", text, re.I):
            continue  # a filing's page footer ("Source: ACME CORP, 10-K, ...")
        for start, end, key in company_names(text):
            if key[:-1] in bodies and key not in reported and len(key) >= 3:
                other_form = _other_form(key, parties, ctx.sentence_text(bi, start))
                if other_form is not None:
                    reported.add(key)
                    found.append((hygiene_hit(rule, bi, start, end), {"name": text[start:end], "defined": other_form.name}))
                continue
            if key in reported or len(key) < 3 or set(key[:-1]) & _FORM_WORDS:
                continue  # a party's own name (any case, either spelling of its form), or two names run together
            if re.search(r"\b[A-Z][\w&'-]+,\s*$", text[max(0, start - 40):start]):
                continue  # the tail of a longer name with a comma in it: "Stratton, Cheeseman & Walsh, Inc."
            party, word = None, None
            for p in parties:
                if p.key[-1] == key[-1] and p.key[0] == key[0] and len(key[0]) >= 3 and key[0] not in _GENERIC_LEAD:
                    word = _one_word_apart(p.key[:-1], key[:-1])
                    if word:
                        party = p
                        break
            if party is None:
                party = _stranger_bound(key, parties, text, end, ctx)
                if party is None:
                    continue  # another company, or one too different to be a slip
            sentence = ctx.sentence_text(bi, start)
            if _OTHER_COMPANY.search(sentence):
                continue  # the party's affiliate, parent or guarantor: another company
            if word is not None and word in _GROUP_WORDS and not _names_party(party, sentence):
                continue  # "Acme Holdings Inc." may be a group company, unless the sentence makes it the party
            if re.match(r"\s*\(\s*(?:the\s+|each\s+|together\s+)?[\"\u201c]", text[end:end + 24]):
                continue  # defined in its own right
            reported.add(key)
            found.append((hygiene_hit(rule, bi, start, end), {"name": text[start:end], "defined": party.name}))
    return found


# a duty that only a party can owe under the contract
# (not a passive, which a stranger can be: "X shall be named as an additional insured")
_DUTY_AFTER = re.compile(
    r"^,?\s+(?:shall|must|will|agrees?\s+to|undertakes?\s+to|covenants?\s+to)\s+(?!not\b|be\s+\w+(?:ed|en)\b)[a-z]")
# where a company's name stands as itself: introduced ("..., a company incorporated", "(the "Guarantor")") or signing
_INTRODUCED_AFTER = re.compile(r"^\s*(?:\(|,\s*(?:a|an|the|whose|incorporated|registered|organi[sz]ed|having)\b)", re.I)
_SIGNING_BEFORE = re.compile(r"\b(?:signed|executed)\s+(?:\w+\s+){0,4}?(?:by|for|on\s+behalf\s+of)\s*$|\bfor\s+and\s+on\s+behalf\s+of\s*$", re.I)


def _stood_as_itself(ctx: CheckContext) -> set[tuple[str, ...]]:
    """Companies the contract introduces or has sign, wherever they stand: not strangers to it."""
    def read() -> set[tuple[str, ...]]:
        keys: set[tuple[str, ...]] = set()
        for block in ctx.seg.document.blocks:
            text = block.text
            for start, end, key in company_names(text):
                if (_INTRODUCED_AFTER.match(text[end:end + 40]) or _SIGNING_BEFORE.search(text[max(0, start - 40):start])
                        or re.search(r"\bBy\s*:", text[end:end + 80])):
                    keys.add(key)
        return keys
    return ctx.memo("companies-standing-as-themselves", read)


def _stranger_bound(key: tuple[str, ...], parties, text: str, end: int, ctx: CheckContext):
    """The party that a company the contract never introduces most likely is, where that company is bound
    by a duty under it: "Coromandel Financial Services Limited shall bear the stamp duty", between COROMANDEL
    FINANCE LIMITED and another. Only a party owes under the contract, so such a name is the party's, misspelt.
    The company must share the party's own first word and legal form, and have no word of a group company."""
    if not _DUTY_AFTER.match(text[end:end + 40]) or set(key[:-1]) & _GROUP_WORDS or "and" in key[1:-1]:
        return None  # a group company, or two names run together ("EDGE and Mediacom, LLC")
    party = next((p for p in parties if p.key[-1] == key[-1] and p.key[0] == key[0] and len(key[0]) >= 3
                  and key[0] not in _GENERIC_LEAD), None)
    if party is None or key in _stood_as_itself(ctx):
        return None
    return party


def party_names(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """A party called by a name the contract does not give it."""
    companies = _company_variants(rule, ctx)
    taken = {(hit.block, hit.start) for hit, _ in companies}
    return _role_words(rule, ctx) + companies + [f for f in _name_slips(rule, ctx) if (f[0].block, f[0].start) not in taken]


# a party's name in capitals in the parties block, with no legal form, then its particulars and short name:
# "(1) THAMESMEAD AND BEXLEY NHS FOUNDATION TRUST of Queen Mary's Road, Sidcup (the "Authority")"
_FORMLESS_PARTY = re.compile(
    r"^\W*(?:\(\d{1,2}\)\s*|\d{1,2}[.)]\s+)?((?:[A-Z][A-Z'\u2019.-]+|&)(?:\s+(?:[A-Z][A-Z'\u2019.-]+|&)){1,8})"
    r"(?=\s*(?:,|\bof\b|\bwhose\b|\bat\b|\())")
_ALIAS_SOON = re.compile(r"^[^()]{0,300}\(\s*(?:the\s+)?[\"\u201c*]*[A-Z]")
_NAME_WORD = re.compile(r"[A-Za-z0-9]+|&")
_RUN_ON = r"(?:\s+(?:[A-Z][\w'\u2019-]*|&|and|of|AND|OF))*"


def _tokens(name: str) -> tuple[str, ...]:
    words = ["and" if w == "&" else w.lower() for w in _NAME_WORD.findall(name)]
    while words and words[0] == "the":
        words = words[1:]
    return tuple(words)


def _full_names(ctx: CheckContext) -> list[tuple[tuple[str, ...], str]]:
    """(name's words, name as printed) of each contracting party, with or without a legal form."""
    names = [(tuple("and" if w == "&" else w for w in p.key[:-1]), p.name) for p in ctx.seg.contracting_parties]
    for block in ctx.seg.document.blocks[:15]:
        m = _FORMLESS_PARTY.match(block.text)
        if m and _ALIAS_SOON.match(block.text[m.end():]):
            names.append((_tokens(m.group(1)), m.group(1)))
    return [(t, n) for t, n in names if len(t) >= 2 and len(t[0]) >= 3 and t[0] not in _GENERIC_LEAD]


def _near_spelling(a: str, b: str) -> bool:
    """One word of a name misspelt: singular for plural ("System", "Systems"), or one letter off in a long word."""
    if a == b:
        return False
    if a + "s" == b or b + "s" == a or a + "es" == b or b + "es" == a:
        return True
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _slip(words: tuple[str, ...], name: tuple[str, ...]) -> int | None:
    """How many of ``words`` spell ``name`` with one slip: a word misspelt ("Brightwater Health System" for
    BRIGHTWATER HEALTH SYSTEMS, INC.) or a middle word of a long name dropped ("Thamesmead & Bexley NHS Trust"
    for THAMESMEAD AND BEXLEY NHS FOUNDATION TRUST); None for the name itself or another one."""
    n = len(name)
    if words[:n] == name:
        return None
    if len(words) >= n:
        diff = [i for i in range(n) if words[i] != name[i]]
        if len(diff) == 1 and diff[0] > 0 and _near_spelling(words[diff[0]], name[diff[0]]):
            return n
    if n >= 4 and len(words) >= n - 1 and any(words[:n - 1] == name[:i] + name[i + 1:] for i in range(1, n - 1)):
        return n - 1
    return None


def _name_slips(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """A party's full name written with one slip, with or without its legal form."""
    names = _full_names(ctx)
    if not names:
        return []
    firsts = sorted({t[0] for t, _ in names}, key=len, reverse=True)
    rx = re.compile(r"(?<![\w&'-])(?i:" + "|".join(map(re.escape, firsts)) + r")(?![\w'-])" + _RUN_ON)
    found, reported = [], set()
    for bi, m in block_hits(ctx, rx):
        run = m.group(0)
        if not run[:1].isupper():
            continue
        text = ctx.seg.document.blocks[bi].text
        words = _tokens(run)
        spans = list(_NAME_WORD.finditer(run))
        if spans and spans[0].group(0).lower() == "the":
            spans = spans[1:]
        for name, printed in names:
            k = _slip(words, name) if words[:1] == name[:1] else None
            if k is None or k > len(spans):
                continue
            start, end = m.start() + spans[0].start(), m.start() + spans[k - 1].end()
            if (_OTHER_COMPANY.search(ctx.sentence_text(bi, start))
                    or re.match(r"\s*\(\s*(?:the\s+)?[\"\u201c]", text[end:end + 24]) or words[:k] in reported):
                continue  # an affiliate, a company defined in its own right, or the same slip again
            reported.add(words[:k])
            found.append((hygiene_hit(rule, bi, start, end), {"name": text[start:end], "defined": printed}))
            break
    return found


def _role_words(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
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
