"""Numbers written in words that disagree with the digits beside them.

Both orders are read: words then figure ("thirty (45) days", "ten per cent (12%)",
"Two Hundred Thousand Dollars ($250,000)") and figure then words ("$1,450 (one
thousand four hundred fifty dollars)"). The finding points at the words and the
figure together, from the first number word. A part of a number ("one half of one percent
(0.5%)") is not read as the number it is a part of.
"""
from __future__ import annotations

import re

from ...match import Hit
from ...quantities import words_to_number
from ...ruleset.model import Rule
from ..base import CheckContext
from .common import block_hits, hygiene_hit

_UNIT_WORDS = r"(?:(?:us\s+|united\s+states\s+|hong\s+kong\s+|canadian\s+|australian\s+|singapore\s+)?dollars?|" \
              r"pounds?(?:\s+sterling)?|euros?|sterling|per\s*cent|percent|pence|cents?|rupees?(?:\s+only)?|only)"
# a sign, or an ISO code with or without one: "$", "NZ$", "CAD $", "ZAR ", "EUR"
_CURRENCY = (r"(?:US\$|[A-Z]{0,2}\$|[\u00a3\u20ac\u00a5\u20b9]|Rs\.?|(?<![A-Za-z])(?-i:USD|GBP|EUR|RMB|CNY|INR|CAD|AUD|NZD|ZAR|"
             r"SGD|HKD|JPY|CHF|SEK|NOK|DKK|MXN|BRL|AED|KES|NGN|PHP|MYR|IDR|THB)(?![A-Za-z])\s?\$?)")
# Indian grouping first ("50,00,000": five million in lakhs), then thousands
_DIGITS = r"\d{1,2},(?:\d{2},)*\d{3}(?![\d,])(?:\.\d+)?|\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?"
# between number words: a space, a hyphen, or a hyphen that broke the words across a line ("thirty-" / "six")
_GAP = r"(?:-\s+|[\s-])"
# a comma may follow a scale word, as in "ONE MILLION, SEVEN HUNDRED THIRTY FOUR THOUSAND, THREE HUNDRED
# NINETY FIVE DOLLARS ($1,734,395)"; nowhere else, so "items one, two (2)" is not read as one number
_WORDS_DIGITS = re.compile(
    r"\b(?P<words>(?:[a-z]+(?:(?:(?<=million)|(?<=thousand)|(?<=billion)),)?" + _GAP + r"){0,16}[a-z]+)(?:\s+" + _UNIT_WORDS + r")?\s*\(\s*(?P<cur>" + _CURRENCY + r")?\s*"
    r"(?P<digits>" + _DIGITS + r")\s*(?P<pct>%)?\s*\)", re.I)
_DIGITS_WORDS = re.compile(
    r"(?P<cur>" + _CURRENCY + r")\s?(?P<digits>" + _DIGITS + r")\s*(?P<pct>%)?\s*\(\s*(?P<words>(?:[a-z]+(?:(?:(?<=million)|(?<=thousand)|(?<=billion)),)?" + _GAP + r"){0,16}?[a-z]+)"
    r"(?:\s+" + _UNIT_WORDS + r")?\s*\)", re.I)
# what every match of the two holds: "(" before the figure, or the figure before "("; found by a fast
# scan from the literal, where the patterns above would be tried at every word of every block
_WORDS_DIGITS_GUARD = re.compile(r"\(\s*(?:" + _CURRENCY + r")?\s*\d", re.I)
_DIGITS_WORDS_GUARD = re.compile(r"\d\s*%?\s*\(", re.I)
_SCALE_WORDS = {"hundred", "thousand", "million", "billion"}
_FRACTION_WORDS = {"half", "quarter", "quarters", "third", "thirds", "fourth", "fourths", "fifth", "fifths", "and"}
# "one half of one percent (0.5%)", "forty-four hundredths of one percent (0.44%)": a part of the number
_PART_OF = re.compile(r"^(?:half|halves|quarters?|thirds?|(?:\w*-)?(?:fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                      r"twentieth|hundredth|thousandth|millionth)s?)$")
_UNIT_TAIL = {"percent", "cent", "per", "dollars", "dollar", "pounds", "pound", "sterling", "euros", "euro", "us",
              "united", "states", "pence", "cents", "cent", "hong", "kong", "canadian", "australian", "singapore",
              "rupees", "rupee", "only"}
# "twelve and one-half percent (12.5%)", "two and a half (2.5)": a whole number and a simple fraction
_AND_FRACTION = {"half": 0.5, "quarter": 0.25}


def _number_tail(words_text: str) -> tuple[float, int] | None:
    """The longest tail of the words that reads as a number, and where it starts in ``words_text``."""
    spans = [(m.start(), m.group(0).lower()) for m in re.finditer(r"[A-Za-z]+", words_text)]
    while spans and spans[-1][1] in _UNIT_TAIL:  # "ten per cent", "two hundred dollars"
        spans.pop()
    if len(spans) >= 4 and spans[-1][1] in _AND_FRACTION and spans[-2][1] in ("one", "a") and spans[-3][1] == "and":
        whole = _number_tail(words_text[:spans[-3][0]])
        if whole is None:
            return None
        return whole[0] + _AND_FRACTION[spans[-1][1]], whole[1]
    for i in range(len(spans)):
        tail = [w for _, w in spans[i:]]
        if tail[0] in ("a", "an", "and") and (len(tail) == 1 or tail[1] not in _SCALE_WORDS):
            continue  # "for a one (1) year period": the article is not part of the number
        if tail[0] in _SCALE_WORDS:
            return None  # "Four and One-Half Million": a number the words do not spell out plainly
        value = words_to_number(" ".join(tail))
        if value is not None:
            if i and spans[i - 1][1] in _FRACTION_WORDS:
                return None  # "one and a half (1.5)", "two-thirds": a fraction we do not read
            if i >= 2 and spans[i - 1][1] == "of" and _PART_OF.match(spans[i - 2][1]):
                return None  # "one half of one percent (0.5%)": the figure is the part, not "one percent"
            return value, spans[i][0]
    return None


def number_mismatches(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    found = []
    seen: set[tuple[int, int]] = set()
    for bi, m in block_hits(ctx, _WORDS_DIGITS, _WORDS_DIGITS_GUARD):
        tail = _number_tail(m.group("words"))
        if tail is None:
            continue
        value, offset = tail
        digits = float(m.group("digits").replace(",", ""))
        if abs(value - digits) > 1e-9:
            start = m.start("words") + offset
            seen.add((bi, m.end()))
            found.append((hygiene_hit(rule, bi, start, m.end()),
                          {"words": ctx.seg.document.blocks[bi].text[start:m.start("digits")].strip(" ($\u00a3\u20ac"),
                           "digits": m.group("digits") + (m.group("pct") or "")}))
    for bi, m in block_hits(ctx, _DIGITS_WORDS, _DIGITS_WORDS_GUARD):
        if (bi, m.end()) in seen:
            continue
        words = m.group("words")
        value = words_to_number(" ".join(w for w in re.findall(r"[A-Za-z]+", words.lower()) if w not in _UNIT_TAIL))
        if value is None:
            continue
        if abs(value - float(m.group("digits").replace(",", ""))) > 1e-9:
            found.append((hygiene_hit(rule, bi, m.start(), m.end()),
                          {"words": words, "digits": m.group("digits") + (m.group("pct") or "")}))
    return sorted(found, key=lambda f: (f[0].block, f[0].start))
