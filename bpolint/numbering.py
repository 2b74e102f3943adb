"""Clause labels as printed: parsing "12.3", "(a)", "(iv)", "ARTICLE IV", "Schedule 2"...

Shared by the extractors (to keep a label with its paragraph) and the segmenter
(to build the clause tree). Pure functions, no spaCy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)
KEYWORDS = {
    "article": "article", "section": "section", "clause": "section", "schedule": "schedule",
    "annex": "schedule", "annexure": "schedule", "exhibit": "schedule", "appendix": "schedule",
    "attachment": "schedule", "part": "part",
}

_KEYWORD = re.compile(
    r"(?P<kw>article|section|clause|schedule|annexure|annex|exhibit|appendix|attachment|part)"
    r"\s+(?P<val>\d{1,3}(?:\.\d{1,3})*[A-Z]?|[IVXLC]{1,7}|[A-Z])\b\.?",
    re.I,
)
_DECIMAL = re.compile(r"(?P<val>\d{1,3}(?:\.\d{1,3}){1,5})\.?(?=\s|$)")
_SINGLE = re.compile(r"(?P<val>\d{1,3})(?P<p>[.)])(?=\s|$)")
_PAREN = re.compile(r"\((?P<val>[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6}|\d{1,3})\)(?=\s|$)")
_HALF_PAREN = re.compile(r"(?P<val>[a-z]{1,2}|[ivxlc]{1,6})\)(?=\s|$)")
_SMALL_ROMAN = re.compile(r"^(?=[ivxl]+$)(xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)
_ALPHA_DOT = re.compile(r"(?P<val>[A-Za-z]|[IVXLC]{2,6}|[ivxlc]{2,6})\.(?=\s|$)")


@dataclass(frozen=True)
class Label:
    printed: str  # as printed, e.g. "(a)", "1.2", "ARTICLE IV"
    style: str  # decimal | paren-alpha | paren-roman | paren-digit | alpha | upper-alpha | roman | article | section | schedule | part
    value: str  # "1.2", "a", "iv", "4"
    depth: int  # components of a decimal label (1.2.3 -> 3), else 1
    end: int  # where the label ends in the text it was parsed from

    @property
    def ordinal(self) -> int | None:
        v = self.value
        if v.isdigit():
            return int(v)
        if self.style in ("paren-roman", "roman") or (
                self.style in ("article", "section", "part", "schedule") and ROMAN.match(v) and len(v) > 0
                and (len(v) > 1 or v in "IVXivx")):
            return roman_to_int(v)  # "ARTICLE V" is the fifth article, not the letter V
        if len(v) == 1 and v.isalpha():
            return ord(v.lower()) - 96
        return None


def roman_to_int(s: str) -> int | None:
    if not s or not ROMAN.match(s):
        return None
    vals = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    s = s.lower()
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


def parse_label(text: str, previous_alpha: str | None = None) -> Label | None:
    """The clause label at the start of ``text``, or None.

    ``previous_alpha`` is the last lettered sibling seen ("h" makes "(i)" a letter).
    """
    lead = len(text) - len(text.lstrip())
    s = text[lead:]
    m = _KEYWORD.match(s)
    if m:
        kw = KEYWORDS[m.group("kw").lower()]
        val = m.group("val")
        # "Section 5.2 of this Agreement" mid-sentence is a reference, but at the start of a
        # paragraph it is a label unless a verb-like continuation follows immediately.
        rest = s[m.end():m.end() + 20].lstrip()
        if rest[:1].islower() and not rest.startswith(("and ", "to ")) and kw in ("section", "part"):
            return None
        depth = val.count(".") + 1 if kw == "section" else 1
        return Label(m.group(0).rstrip(".").strip(), kw, val.rstrip("."), depth, lead + m.end())
    m = _DECIMAL.match(s)
    if m:
        val = m.group("val")
        return Label(m.group(0).strip(), "decimal", val, val.count(".") + 1, lead + m.end())
    m = _SINGLE.match(s)
    if m:
        return Label(m.group(0), "decimal" if m.group("p") == "." else "decimal-paren", m.group("val"), 1, lead + m.end())
    m = _PAREN.match(s) or _HALF_PAREN.match(s)
    if m:
        val = m.group("val")
        if val.isdigit():
            style = "paren-digit"
        elif _is_roman_here(val, previous_alpha):
            style = "paren-roman"
        else:
            style = "paren-alpha" if val.islower() else "paren-upper"
        return Label(m.group(0), style, val, 1, lead + m.end())
    m = _ALPHA_DOT.match(s)
    if m:
        val = m.group("val")
        if len(val) > 1:
            if not _SMALL_ROMAN.match(val) or val != val.lower() and val != val.upper():
                return None
            style = "roman"
        elif _is_roman_here(val, previous_alpha):
            style = "roman"
        else:
            style = "alpha" if val.islower() else "upper-alpha"
        # "A." at the start of a sentence may be an initial ("A. Smith"): the segmenter checks what follows
        return Label(m.group(0), style, val, 1, lead + m.end())
    return None


def _is_roman_here(val: str, previous_alpha: str | None) -> bool:
    """Whether ``val`` reads as a roman numeral here: "(i)" yes, but "(i)" after "(h)" is a letter.

    Only numerals made of i, v, x and l count ("(c)", "(d)", "(m)" are letters), and a
    single "v" or "x" is a letter unless the segmenter knows a roman list is open.
    """
    if not _SMALL_ROMAN.match(val):
        return False
    low = val.lower()
    if len(low) == 1:
        if previous_alpha and ord(low) == ord(previous_alpha.lower()) + 1:
            return False  # (h) then (i): a letter
        return low == "i"
    return True


def keyword_number(label: Label) -> str:
    """ "ARTICLE IV" -> "Article IV", "EXHIBIT A" -> "Exhibit A": the keyword as a reader cites it."""
    kw = label.printed.split()[0].rstrip(".").capitalize() if label.printed.split() else ""
    return f"{kw} {label.value}".strip()


def compose(parent_number: str | None, label: Label, parent_style: str | None) -> str:
    """The number a reader cites: "5.2(a)(i)", "Schedule 2 para 1.1", "Article IV"."""
    own = label.value
    if label.style in ("article", "schedule", "part"):
        number = keyword_number(label)
        if label.style == "part" and parent_number and parent_style == "schedule":
            return f"{parent_number} {number}"
        return number
    if label.style in ("paren-alpha", "paren-roman", "paren-digit", "paren-upper", "alpha", "upper-alpha", "roman",
                       "alpha-paren", "roman-paren"):
        piece = f"({own})"
        if not parent_number:
            return piece if label.printed.startswith("(") else own  # recital "A." is cited as "A"
        return f"{parent_number}{piece}"
    if label.style == "decimal-paren":  # "1)" items
        if parent_number and parent_style in ("schedule", "part"):
            return f"{parent_number} para {own}"
        return f"{parent_number}({own})" if parent_number else own
    # decimal and section labels
    if parent_number and parent_style in ("schedule", "part"):
        return f"{parent_number} para {own}"
    if parent_number and label.depth == 1 and parent_style in ("decimal", "section", "md"):
        return f"{parent_number}.{own}"  # nested list numbering (Markdown / Word lists)
    return own


_COMPANY = re.compile(
    r"(?:^|[\s,])(?:inc|llc|l\.l\.c|ltd|limited|corp|corporation|co|plc|llp|l\.p|lp|n\.a|gmbh|s\.a|b\.v|n\.v|pty|ag)\.?$",
    re.I)
_HEADING_WORDS = re.compile(r"[A-Za-z][A-Za-z'&/-]*|\d+")
MINOR_WORDS = {"a", "an", "and", "or", "of", "the", "to", "for", "in", "on", "by", "with", "&", "its", "at", "as",
               "from", "upon", "not", "into", "under", "per", "vs", "v", "nor", "but", "after", "before", "between",
               "this", "such"}


def is_company_name(text: str) -> bool:
    """ "ACME HOLDINGS, INC." / "Bank of South Pacific Ltd": a party's name, not a heading."""
    return bool(_COMPANY.search(text.strip().rstrip(",")))


def is_title_words(words: list[str]) -> bool:
    """All capitals, or every word but minor ones capitalised: "Term and Termination"."""
    letters = "".join(w for w in words if w.lower().strip(",.;:()") not in MINOR_WORDS)
    if not any(c.isalpha() for c in letters):
        return False
    if all(not c.isalpha() or c.isupper() for c in letters):
        return True
    if not words[0].lstrip("(\"'")[:1].isupper():
        return False
    for w in words:
        core = w.strip(",.;:()\"'")
        if not core or core.lower() in MINOR_WORDS or not core[0].isalpha():
            continue
        if not core[0].isupper():
            return False
    return True


_PLACEHOLDERS = {"REDACTED", "INTENTIONALLY OMITTED", "INTENTIONALLY LEFT BLANK", "RESERVED", "OMITTED", "DELETED",
                 "CONFIDENTIAL", "CONFIDENTIAL TREATMENT REQUESTED", "INTENTIONALLY DELETED"}


def heading_like(text: str, max_words: int = 12) -> bool:
    """A short line that reads as a heading: capitals or title case, no sentence punctuation."""
    s = text.strip()
    if not s or len(s) > 100 or s.endswith((",", ";")) or is_company_name(s):
        return False
    words = s.split()
    if len(words) > max_words or s[0] in "\"'":
        return False
    if s.endswith(".") and not s.isupper() or ". " in s.rstrip(".") and not s.isupper():
        return False
    if s.strip("[]*. ").upper() in _PLACEHOLDERS:
        return False  # "REDACTED", "INTENTIONALLY OMITTED": a gap in the text, not a heading
    if "__" in s or "/s/" in s or s.endswith(":"):
        return False  # a form field or signature line, or a lead-in ("Datec will:")
    if words[-1].lower().strip(".") in ("and", "or", "the", "of", "to", "a"):
        return False
    return is_title_words(words)
