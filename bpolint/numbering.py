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
        if self.style in ("paren-roman", "roman"):
            return roman_to_int(v)
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
        if len(val) > 1 or _is_roman_here(val, previous_alpha) and val in "IVXivx" and previous_alpha is None:
            if not ROMAN.match(val):
                return None
            style = "roman"
        else:
            style = "alpha" if val.islower() else "upper-alpha"
        # "A." at the start of a sentence may be an initial ("A. Smith"): require a following word
        return Label(m.group(0), style, val, 1, lead + m.end())
    return None


def _is_roman_here(val: str, previous_alpha: str | None) -> bool:
    if not ROMAN.match(val):
        return False
    low = val.lower()
    if len(low) == 1 and previous_alpha and ord(low) == ord(previous_alpha.lower()) + 1:
        return False  # (h) then (i): a letter
    return True


def compose(parent_number: str | None, label: Label, parent_style: str | None) -> str:
    """The number a reader cites: "5.2(a)(i)", "Schedule 2 para 1.1", "Article IV"."""
    own = label.value
    if label.style in ("article", "schedule", "part"):
        return label.printed if label.style != "article" else f"Article {own}"
    if label.style in ("paren-alpha", "paren-roman", "paren-digit", "paren-upper", "alpha", "upper-alpha", "roman"):
        piece = f"({own})"
        return f"{parent_number}{piece}" if parent_number else piece
    # decimal and section labels
    if parent_number and parent_style in ("schedule", "part"):
        return f"{parent_number} para {own}"
    if parent_number and label.depth == 1 and parent_style in ("decimal", "section", "md"):
        return f"{parent_number}.{own}"  # nested list numbering (Markdown / Word lists)
    return own
