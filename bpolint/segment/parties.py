"""Who the parties are: their names in the parties block, and contract names mapped to
the roles "provider" and "customer".

Role words ("Supplier", "Customer") classify themselves. Other defined names ("M&I",
"eGain") are classified by what the contract makes them do. Checks use the roles to
tell whose discretion or duty a sentence states; rule regexes use them through the
``{customer}`` and ``{provider}`` macros. The full names ("VELMONT CONTACT SERVICES
LIMITED") let the party-name check tell a misspelt party from a different company.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from ..literals import Anchors, fold_case
from ..model import Block
from .definitions import Definition, head_text

if TYPE_CHECKING:
    from .segmenter import Segmentation

PROVIDER_ROLES = {
    "supplier", "service provider", "provider", "vendor", "contractor", "consultant", "servicer", "processor",
    "subprocessor", "sub-processor", "subcontractor", "outsourcer", "outsourcing provider", "service bureau",
    "administrator", "host", "hosting provider", "maintainer", "agent", "adviser", "advisor",
}
CUSTOMER_ROLES = {
    "customer", "client", "purchaser", "buyer", "government", "service recipient", "recipient", "licensee",
    "outsourcing customer", "bank", "trust", "fund", "controller",
}
# A name that stands alone in parentheses in the opening lines: ("Supplier"), (the "Bank"),
# (hereinafter "i-on"). Stricter than the definitions' parenthetical form, which also takes
# lists such as ("we", "us" or "our"): a pronoun must not become a party with a role.
_PARTY_DEF = re.compile(
    r"\(\s*(?:each\s+a\s+|the\s+|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?|collectively\s+)?"
    r"[\"\u201c]([^\"\u201d]{1,40})[\"\u201d]\s*\)", re.I)


def party_roles(blocks: Sequence[Block], definitions: Iterable[Definition]) -> dict[str, str]:
    """Party names in the document -> "provider" | "customer".

    Role words ("Supplier", "Customer") classify themselves. Other defined names
    ("M&I", "eGain") are classified by what the contract makes them do: a party that
    "shall provide/perform/host ..." the services is the provider; a party that
    "shall pay" or receives the services is the customer.
    """
    text = " ".join(b.text for b in blocks)
    folded = fold_case(text)
    names = {d.term for d in definitions if 1 <= len(d.term.split()) <= 4 and d.term[:1].isupper()}
    # party names defined in the opening lines, including lower-case ones ("i-on")
    names.update(m.group(1).strip() for m in _PARTY_DEF.finditer(head_text(blocks)) if len(m.group(1).split()) <= 4)
    for role in PROVIDER_ROLES | CUSTOMER_ROLES:
        if role in ("agent", "trust", "fund", "bank", "host") or role not in folded:
            continue  # (any match of the role word is in the case-folded text)
        if re.search(r"\b" + re.escape(role) + r"\b", text, re.I):
            names.add(role.title())
    out: dict[str, str] = {}
    anchors = Anchors(text, folded)
    for name in names:
        low = name.lower()
        if low in PROVIDER_ROLES and low not in ("agent", "administrator", "adviser", "advisor", "host"):
            out[low] = "provider"
            continue
        if low in CUSTOMER_ROLES and low not in ("recipient", "trust", "fund", "bank", "licensee", "controller"):
            out[low] = "customer"
            continue
        provides, provided_by, pays, serves, paid_by = _role_patterns(name)
        prov = anchors.count(provides) + 2 * anchors.count(provided_by)
        cust = anchors.count(pays) + anchors.count(serves) + 2 * anchors.count(paid_by)
        if low in PROVIDER_ROLES:
            prov += 2
        if low in CUSTOMER_ROLES:
            cust += 2
        if prov >= 2 and prov > cust:
            out[low] = "provider"
        elif cust >= 2 and cust > prov:
            out[low] = "customer"
    return out


@lru_cache(maxsize=256)
def _role_patterns(name: str) -> tuple[re.Pattern, ...]:
    """What a party does in the text: provides the services, has them provided, pays, is served, is paid by."""
    n = re.escape(name)
    return (
        re.compile(rf"(?<![\w-]){n}(?:'s)?\s+(?:shall|will|must|agrees\s+to|is\s+responsible\s+for)\s+(?:\w+\s+){{0,2}}?"
                   r"(?:provide|perform|render|deliver|furnish|supply|host|maintain|support|repair|correct|process|"
                   r"administer|operate|manage|develop|install)\w*"),
        re.compile(rf"(?:provided|performed|rendered)\s+by\s+(?:the\s+)?{n}(?![\w-])"),
        re.compile(rf"(?<![\w-]){n}\s+(?:shall|will|agrees\s+to)\s+(?:\w+\s+){{0,2}}?pay\b"),
        re.compile(rf"(?:provide|perform|render|deliver)\w*\s+(?:the\s+)?(?:\w+\s+){{0,4}}?(?:to|for)\s+(?:the\s+)?{n}(?![\w-])"),
        re.compile(rf"(?:payable|paid)\s+by\s+(?:the\s+)?{n}(?![\w-])"),
    )


def names_for(seg: "Segmentation", role: str) -> list[str]:
    """The document's names for ``role`` ("customer" or "provider") plus the generic role words."""
    generic = sorted(CUSTOMER_ROLES if role == "customer" else PROVIDER_ROLES)
    own = [name for name, r in seg.parties.items() if r == role]
    return sorted(set(generic) | set(own), key=len, reverse=True)


# --- full names ------------------------------------------------------------------------

# A company's legal form, longest first; "Ltd" and "Limited" name the same form.
LEGAL_FORMS = {
    "public limited company": "plc", "limited liability company": "llc", "limited liability partnership": "llp",
    "incorporated": "inc", "corporation": "corp", "limited": "ltd", "company": "co", "l.l.c.": "llc",
    "l.l.c": "llc", "l.l.p.": "llp", "l.p.": "lp", "inc.": "inc", "corp.": "corp", "ltd.": "ltd", "co.": "co",
    "plc": "plc", "llc": "llc", "llp": "llp", "inc": "inc", "corp": "corp", "ltd": "ltd", "co": "co", "lp": "lp",
    "gmbh": "gmbh", "ag": "ag", "s.a.": "sa", "sa": "sa", "n.v.": "nv", "nv": "nv", "b.v.": "bv", "bv": "bv",
    "pty ltd": "pty ltd", "pty. ltd.": "pty ltd", "(pty) ltd": "pty ltd", "(pty) ltd.": "pty ltd",
    "(pty) limited": "pty ltd", "proprietary limited": "pty ltd", "dac": "dac", "clg": "clg", "ulc": "ulc",
    "teoranta": "teo",
}
_FORM = (r"(?:Public\s+Limited\s+Company|Limited\s+Liability\s+(?:Company|Partnership)|Incorporated|Corporation|"
         r"Limited|Company|Co\.|L\.L\.C\.?|L\.L\.P\.?|L\.P\.|Inc\.?|Corp\.?|Ltd\.?|PLC|LLC|LLP|GmbH|AG|S\.A\.|N\.V\.|B\.V\.|"
         r"Pty\.?\s+Ltd\.?|\(Pty\)\s+(?:Ltd\.?|Limited)|Proprietary\s+Limited|DAC|CLG|ULC|Teoranta)")
# "Velmont Contact Services Limited", "NORTHWIND LOGISTICS, INC.": capitalised words, then the legal form
COMPANY_NAME = re.compile(
    r"(?<![\w&'-])((?:[A-Z][\w&'\u2019-]*|&)(?:\s+(?:[A-Z][\w&'\u2019-]*|&|of|and|de|du)){0,6}),?\s+"
    r"((?=[A-Z(])(?i:" + _FORM + r"))(?![\w])")
_LEAD_STOP = {"the", "a", "an", "this", "by", "between", "and", "of", "to", "from", "for", "with", "signed", "behalf",
              "notices", "attention", "on", "at", "as", "executed", "deed", "its", "by:", "company", "name", "party",
              "or", "in", "any", "each", "such", "that", "is", "be"}


# the first short name in parentheses after a party's name: (the "Supplier"), ("Vendor"), (the **Customer**)
_ALIAS_AFTER = re.compile(r"^[^()]{0,250}?\(\s*(?:the\s+|each\s+a\s+)?[\"\u201c]?([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,2})"
                          r"[\"\u201d]?\s*\)")


@dataclass(frozen=True)
class Party:
    """A contracting party as the parties block names it."""

    name: str  # as printed: "VELMONT CONTACT SERVICES LIMITED"
    key: tuple[str, ...]  # folded words, legal form normalised: ("velmont", "contact", "services", "ltd")
    block: int
    start: int  # clean offsets of the name
    end: int
    alias: str | None = None  # the short name it is given: "Supplier"


def company_key(words: str, form: str) -> tuple[str, ...]:
    """Lower-case words of a company name with its legal form normalised, punctuation dropped."""
    body = [w for w in re.findall(r"[a-z0-9&]+", words.lower().replace("\u2019", "'")) if w]
    while body and body[0] in _LEAD_STOP:
        body = body[1:]
    form_key = LEGAL_FORMS.get(re.sub(r"\s+", " ", form.lower()), form.lower())
    return tuple(body) + (form_key,)


def company_names(text: str) -> Iterable[tuple[int, int, tuple[str, ...]]]:
    """(start, end, key) of each company name in ``text``."""
    for m in COMPANY_NAME.finditer(text):
        words = m.group(1)
        lead = re.match(r"(?:(?:the|a|an|this|by|between|and|of|to|from|for|with|signed|on|at|as|its|or|in|any|each|"
                        r"such|that|is|be|notices|attention|behalf)\s+)+", words, re.I)
        start = m.start(1) + (lead.end() if lead else 0)
        key = company_key(words, m.group(2))
        end = m.end()
        if m.group(2).lower() == "ltd." and not re.match(r"\s*[,;)a-z]", text[end:end + 2]):
            end -= 1  # "... Solutions Ltd." at the end of a sentence: the full stop is the sentence's
        if len(key) >= 2 and start < end:
            yield start, end, key


def contracting_parties(blocks: Sequence[Block]) -> tuple[Party, ...]:
    """The companies the opening lines name as parties: each followed by its particulars or its
    short name ("..., a company incorporated in ...", "(the "Supplier")")."""
    out: list[Party] = []
    seen: set[tuple[str, ...]] = set()
    for bi, block in enumerate(blocks[:15]):
        text = block.text
        for start, end, key in company_names(text):
            after = text[end:end + 200]
            if not re.match(r"\s*(?:\(|,\s*(?:a|an|the|whose|incorporated|registered|organi[sz]ed|having|with|"
                            r"formerly|f/k/a|d/b/a|trading)\b|(?:is\s+)?(?:a|an)\s+\w+|and\s+[A-Z])", after, re.I) \
                    or key in seen:
                continue
            seen.add(key)
            alias = _ALIAS_AFTER.search(after)
            out.append(Party(text[start:end], key, bi, start, end, alias.group(1).strip() if alias else None))
    return tuple(out)
