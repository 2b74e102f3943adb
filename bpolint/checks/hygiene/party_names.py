"""A party called by a name the contract does not give it.

Two forms: a role word used as a party that the contract defines under another name
("the Vendor" in a contract between the "Supplier" and the "Customer"), and a company
name one word away from a party's full name, with the same legal form ("Velmont Contact
Solutions Limited" for VELMONT CONTACT SERVICES LIMITED). Case and the spelling of the
legal form ("Ltd"/"Limited", "Inc."/"Incorporated") do not make a different name. A
company introduced as an affiliate, parent or guarantor, or defined in its own right,
is another company, and so is one whose extra word names a group company ("Holdings",
"Group") unless the sentence makes it the party ("Notices to Customer shall be sent to
Northwind Logistics Holdings, Inc.").
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
            if key[:-1] in bodies or key in reported or len(key) < 3 or set(key[:-1]) & _FORM_WORDS:
                continue  # a party's own name (any case, either spelling of its form), or two names run together
            party, word = None, None
            for p in parties:
                if p.key[-1] == key[-1] and p.key[0] == key[0] and len(key[0]) >= 3 and key[0] not in _GENERIC_LEAD:
                    word = _one_word_apart(p.key[:-1], key[:-1])
                    if word:
                        party = p
                        break
            if party is None:
                continue  # another company, or one too different to be a slip
            sentence = ctx.sentence_text(bi, start)
            if _OTHER_COMPANY.search(sentence):
                continue  # the party's affiliate, parent or guarantor: another company
            if word in _GROUP_WORDS and not (party.alias and re.search(rf"\b{re.escape(party.alias)}\b", sentence)):
                continue  # "Acme Holdings Inc." may be a group company, unless the sentence makes it the party
            if re.match(r"\s*\(\s*(?:the\s+|each\s+|together\s+)?[\"\u201c]", text[end:end + 24]):
                continue  # defined in its own right
            reported.add(key)
            found.append((hygiene_hit(rule, bi, start, end), {"name": text[start:end], "defined": party.name}))
    return found


def party_names(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """A party called by a name the contract does not give it."""
    return _role_words(rule, ctx) + _company_variants(rule, ctx)


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
