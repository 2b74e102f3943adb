"""Who the parties are: contract names mapped to the roles "provider" and "customer".

Role words ("Supplier", "Customer") classify themselves. Other defined names ("M&I",
"eGain") are classified by what the contract makes them do. Checks use the roles to
tell whose discretion or duty a sentence states; rule regexes use them through the
``{customer}`` and ``{provider}`` macros.
"""
from __future__ import annotations

import re
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
