"""The quantity finder behind ``quantified`` checks.

Reads numbers written as digits or words ("thirty (30)", "ninety-nine point nine"),
percentages, durations (seconds to years, business/working days and hours),
currency amounts, ranges, round-the-clock coverage ("24x7", "24/7", "24 hours a
day, 7 days a week"), times of day and reporting periods ("monthly", "per
calendar quarter"). Durations convert to seconds so that thresholds such as
``"<= 24 hours"`` compare across units.

Deadlines written as ordinals count as durations from the start of the period
("by the fifth (5th) Business Day of each month", "Business Day 2 after month
end", "next business day"). Numbers that name something rather than measure it
("Section 4.2", "Priority 1", "ISO/IEC 27001:2022", "SOC 2", "TLS 1.2", "Act of
2002") come out as kind ``label`` so that no rule mistakes them for a count.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache
from typing import NamedTuple

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
           # Indian numbering: "Rupees Five Lakhs (INR 5,00,000)", "Rupees One Crore (INR 1,00,00,000)"
           "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000}
_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)"
_WORD_NUMBER = rf"(?:{_WORD}(?:[\s-]+(?:and\s+)?{_WORD})*(?:\s+point(?:\s+{_WORD})+)?)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# "thirty (30)" and "30 (thirty)" count once
NUMBER = rf"(?:{_WORD_NUMBER}\s*\(\s*{_DIGITS}\s*\)|{_DIGITS}\s*\(\s*{_WORD_NUMBER}\s*\)|{_DIGITS}|{_WORD_NUMBER})"
# Before a unit a number in words needs a space or hyphen: "eight hours", not "eighth".
_UNIT_NUMBER = rf"(?:{_WORD_NUMBER}\s*\(\s*{_DIGITS}\s*\)|{_DIGITS}\s*\(\s*{_WORD_NUMBER}\s*\)|{_DIGITS}|{_WORD_NUMBER}(?=[\s-]))"

SECONDS = {
    "second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600, "h": 3600,
    "day": 86400, "week": 7 * 86400, "month": 30 * 86400, "quarter": 91 * 86400, "year": 365 * 86400,
    "business day": 86400, "working day": 86400, "calendar day": 86400, "banking day": 86400,
    "business hour": 3600, "working hour": 3600, "business week": 7 * 86400, "calendar month": 30 * 86400,
    "calendar year": 365 * 86400, "calendar quarter": 91 * 86400, "month end": 30 * 86400,
}

_DURATION_UNIT = (
    r"(?:(?:(?:business|working|calendar|banking|consecutive|full|clock|elapsed|successive)[\s-]+){1,2})?"
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|quarters?|years?)\b"
)
_PERIOD_WORDS = (
    r"\b(?:daily|weekly|fortnightly|bi-?weekly|monthly|quarterly|semi-?annually|annually|yearly|"
    r"(?:per|each|every|a|in\s+(?:any|each|every)|during\s+(?:any|each|every)|for\s+(?:any|each|every))\s+"
    r"(?:calendar\s+|business\s+|fiscal\s+|contract\s+|billing\s+|measurement\s+)?"
    r"(?:day|week|month|quarter|year|period|measurement\s+period))\b"
)
_ORDINAL_WORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|"
    r"(?:twenty|thirty)[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))"
)
_ORDINAL_DIGITS = r"(?:\d{1,2}(?:st|nd|rd|th))"
# "fifth (5th)", "5th", "fifth"
ORDINAL = rf"(?:{_ORDINAL_WORD}\s*\(\s*{_ORDINAL_DIGITS}\s*\)|{_ORDINAL_DIGITS}|{_ORDINAL_WORD})"
_ORDINAL_VALUES = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_ORDINAL_VALUES["thirtieth"] = 30
# An ordinal deadline inside a period: "the fifth (5th) Business Day of each month",
# "the 10th day of the following month", "the 10th of every month".
_ORDINAL_DEADLINE = (
    rf"\b{ORDINAL}[\s-]+(?:(?:business|working|banking|calendar)[\s-]+day|day(?=\s+(?:of|after|following|from)\s+"
    rf"(?:each|every|the\s+(?:following|next|end)|month|quarter|year)))"
    rf"|\b{ORDINAL}(?=\s+of\s+(?:each|every|the\s+following|the\s+next)\s+(?:calendar\s+)?(?:month|quarter))"
    r"|\b(?:business|working|banking)\s+day\s+\d{1,2}\b(?!\s*[:.]\d)"
    r"|\b(?:next|same|following)\s+(?:business|working|banking)\s+day\b"
    r"|\b(?:same|next)[\s-]day\b"
)
# Words before a number that make it a name, not a measure.
_LABEL_WORDS = (
    r"(?:sections?|clauses?|articles?|schedules?|exhibits?|annex(?:es)?|appendix|appendices|attachments?|"
    r"parts?|paragraphs?|paras?|pages?|chapters?|titles?|rules?|regulations?|forms?|versions?|"
    r"releases?|rev(?:ision)?|subtasks?|tasks?|phases?|steps?|options?\s+years?|clins?|"
    r"priorit(?:y|ies)|severit(?:y|ies)|sev|tiers?|levels?|types?|p|"
    r"iso(?:\s*/\s*iec)?|iec|soc|ssae|isae|sas|fips|tls|ssl|aes|sha|rsa|nist(?:\s+sp)?|sp|pci(?:[\s-]dss)?|dss|"
    r"itil(?:\s+v)?|cobit|bs|en|hipaa|ss|no\.|nos\.|numbers?|publications?|#)"
)
_LABEL_LAWS = r"(?:act|acts|code|regulations?|rules?|directive|law|statute|fiscal|fy|calendar\s+year|year)"


def _label(alternation=lambda group: group) -> str:
    """The label pattern, with ``alternation`` applied to its two lists of words."""
    return (
        rf"\b{alternation(_LABEL_WORDS)}"
        r"\s*(?:[-/:#]\s*)?"
        rf"(?:{_DIGITS}(?:[.:-]\d+)*(?:\([a-z0-9]{{1,4}}\))*)"
        rf"(?:\s*(?:,|and|or|to|through)\s*(?:{_DIGITS}(?:[.:-]\d+)*(?:\([a-z0-9]{{1,4}}\))*)(?![\w%.]|\s*(?:%|percent|per\s*cent|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|business|working|calendar)\b))*"
        rf"|\b{alternation(_LABEL_LAWS)}\s+(?:of\s+)?(?:19|20)\d\d\b"
        r"|\b(?:19|20)\d\d(?=\s+(?:act|regulations?|rules?|edition|revision|version))"
    )


_LABEL = _label()
_CURRENCY = r"(?:US\s?\$|USD|U\.S\.\s?\$|\$|£|€|GBP|EUR|CAD|AUD|C\$|A\$|INR|Rs\.?|₹|¥|JPY|CHF|SGD|S\$)"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    """The quantity patterns, most specific first; compiled on first use, so that commands
    which only import this module (configuration, extraction) do not pay for them."""
    return [
        ("coverage", re.compile(
            r"\b24\s*[x×/]\s*7(?:\s*[x×/]\s*365)?\b|\b24\s*hours?\s+(?:a|per|each)\s+day,?\s*(?:and\s+)?(?:seven|7)\s*(?:\(\s*7\s*\)\s*)?days?\s+(?:a|per|each)\s+week"
            r"|\bround[\s-]the[\s-]clock\b|\b(?:seven|7)\s*(?:\(7\)\s*)?days?\s+(?:a|per)\s+week\b"
            r"|\b7\s*[x×]\s*24\b|\b24\s*[x×]\s*365\b"
            r"|\b(?:every|each|any)\s+day\s*[|,:]?\s*24\s*hours?\b|\b24\s*hours?\s*(?:on\s+)?(?:every|each)\s+day\b", re.I)),
        ("date", re.compile(
            r"\b(?:(?:january|february|march|april|may|june|july|august|september|october|november|december|"
            r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
            r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december)"
            r",?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\b", re.I)),
        ("time-range", re.compile(
            r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\s*(?:[ap]\.?m\.?|h(?:rs)?\b)?\s*(?:-|to|until|and|through|thru|–)\s*"
            r"(?:[01]?\d|2[0-4])[:.][0-5]\d\s*(?:[ap]\.?m\.?|h(?:rs)?\b)?"
            r"|\b(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*[ap]\.?m\.?\s*(?:-|to|until|and|through|–)\s*(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*[ap]\.?m\.?"
            # 24-hour clock without a colon: "2100 Friday through 2100 Sunday", "0800-1800 hours"
            r"|\b(?:[01]\d|2[0-3])[0-5]\d(?:\s*(?:hours|hrs|h))?\s+(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*"
            r"(?:-|to|through|thru|until|–)\s*(?:[01]\d|2[0-4])[0-5]\d\b"
            r"|\b(?:[01]\d|2[0-3])[0-5]\d\s*(?:-|to|–)\s*(?:[01]\d|2[0-4])[0-5]\d\s*(?:hours|hrs|h)\b", re.I)),
        ("time", re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d\b(?:\s*[ap]\.?m\.?)?|\b(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*[ap]\.m\.|\b(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*[ap]m\b|\bmidnight\b|\bnoon\b", re.I)),
        ("money", re.compile(
            rf"{_CURRENCY}\s?{NUMBER}(?:\s*(?:million|thousand|billion|[mk]\b))?|\b{NUMBER}\s*(?:U\.S\.\s+|US\s+)?(?:dollars|usd|pounds(?:\s+sterling)?|euros?|gbp|eur)\b", re.I)),
        ("percent", re.compile(rf"\b{NUMBER}\s*(?:%|percent\b|per\s*cent\b|pct\b)|(?<![\w.])\.\d+\s*%", re.I)),
        ("label", re.compile(_label(_by_first_group), re.I)),  # the matches of ``re.compile(_LABEL, re.I)``
        ("duration", re.compile(rf"\b{_UNIT_NUMBER}(?:\s*\(\s*{_DIGITS}\s*\))?[\s-]*{_DURATION_UNIT}|{_ORDINAL_DEADLINE}"
                                r"|\bnet\s+\d{1,3}\b(?!\s*(?:%|percent|per\s*cent))", re.I)),
        ("period", re.compile(_PERIOD_WORDS, re.I)),
        ("score", re.compile(rf"\b{NUMBER}\s*(?:out\s+of|/)\s*{NUMBER}(?!\w)|\b(?:score|rating|nps|csat)\s+(?:of\s+)?(?:at\s+least\s+)?[+-]?{_DIGITS}\b", re.I)),
        ("count", re.compile(rf"\b{NUMBER}(?!\w)", re.I)),
    ]


_DUR_UNIT_RE = re.compile(_DURATION_UNIT + r"\s*$", re.I)

# Where a match can start. Most patterns open with ``\b`` and a number, so a match of
# them starts only where a number does (or where one of their other branches opens:
# a currency, an ordinal deadline, a score). Trying each such pattern only at those
# places (with ``match``, which sees the text before the place as ``finditer`` does)
# finds exactly the matches of ``finditer`` at a fraction of the cost of scanning
# every position. One scan finds the places of all of them; each pattern is tried at
# every place, which for the others is a superset of where they can start
# (``_start_positions`` finds the places as ``_starts()`` defines them, faster).
ANCHORED = frozenset({"money", "percent", "duration", "score", "count"})

# Something every match of a pattern contains, so that a text without it skips the pattern (most windows hold
# clause numbers, so "has a digit" would skip nothing). Every date has a four-digit year or a digit, slash, digit;
# every time and time range a digit by a colon or point and a digit, a digit before am/pm, four digits (a 24-hour
# clock without a colon) or midnight or noon. ``tests/test_perf_equivalence.py`` checks them against every match.
_GUARDS = {
    "date": re.compile(r"\d{4}|\d/\d"),
    "time": re.compile(r"\d[:.]\d|\d\s*[ap]\.?m|\d{4}|midnight|noon", re.I),
}
_GUARDS["time-range"] = _GUARDS["time"]


@lru_cache(maxsize=1)
def _starts() -> re.Pattern:
    return re.compile(
        rf"\b(?=\d|{_WORD}|{_ORDINAL_WORD}|business|working|banking|next|same|following|net|score|rating|nps|csat)"
        rf"|(?={_CURRENCY})|(?<![\w.])(?=\.\d)", re.I)


# Characters that a letter matches under ``re.IGNORECASE`` besides its two ASCII cases
# (the tests check this against every code point).
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _alternatives(group: str) -> list[str]:
    """The top-level alternatives of a ``(?:a|b|c)`` pattern."""
    out, depth, current, i = [], 0, "", 0
    body = group[3:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            current += body[i:i + 2]
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
        i += 1
    return out + [current]


def _first(alternative: str) -> tuple[str, str]:
    """An alternative's first character as a class of what it matches case-insensitively
    (without brackets), and the rest of it."""
    n = 2 if alternative.startswith("\\") else 1
    c = alternative[:n]
    if n == 1 and c.isalpha():
        return c.lower() + c.upper() + _FOLDS.get(c.lower(), ""), alternative[n:]
    return c if n == 2 else re.escape(c), alternative[n:]


def _by_first(alternatives: list[str]) -> str:
    """The same alternation for a pattern compiled with ``re.IGNORECASE``, grouped by first
    character: that character as a class of its cases compiled without the flag, which the
    regex engine tests before entering a branch (it does not so test a letter under the
    flag), then the rests in their order. Alternatives that begin with different letters
    cannot match at the same place, so the grouped form tries the same ones in the same
    order and finds the same match."""
    groups: dict[str, list[str]] = {}
    for a in alternatives:
        first, rest = _first(a)
        groups.setdefault(first, []).append(rest)
    return "|".join(f"(?-i:[{c}])" + (f"(?:{'|'.join(rests)})" if any(rests) else "") for c, rests in groups.items())


def _by_first_group(group: str) -> str:
    """A ``(?:a|b|c)`` pattern grouped by first character (``_by_first``)."""
    return f"(?:{_by_first(_alternatives(group))})"


@lru_cache(maxsize=1)
def _start_scans() -> tuple[re.Pattern, ...]:
    """``_starts()`` as three scans that each consume the one character where a number
    can start, so that the regex engine skips quickly over the characters that cannot
    begin one; the conditions of ``_starts()`` are checked looking back from after it."""
    last = _alternatives(_ORDINAL_WORD)[-1]
    assert last.startswith("(?:twenty|thirty)")
    words = (_alternatives(_WORD) + _alternatives(_ORDINAL_WORD)[:-1]
             + [tens + last[len("(?:twenty|thirty)"):] for tens in ("twenty", "thirty")]
             + "business working banking next same following net score rating nps csat".split())
    currencies = _alternatives(_CURRENCY)
    word_firsts = "".join(dict.fromkeys(_first(w)[0] for w in words))
    currency_firsts = "".join(dict.fromkeys(_first(c)[0] for c in currencies))
    return (re.compile(rf"(?-i:[\d{word_firsts}])(?<=\b(?=\d|{_by_first(words)}).)", re.I),
            re.compile(rf"(?-i:[{currency_firsts}])(?<=(?={_by_first(currencies)}).)", re.I),
            re.compile(r"\.(?<=(?<![\w.])(?=\.\d).)"))


def _start_positions(text: str) -> list[int]:
    """``[m.start() for m in _starts().finditer(text)]``, in about a fifth of the time."""
    words, currencies, points = _start_scans()
    found = [m.start() for m in words.finditer(text)]
    more = [m.start() for m in currencies.finditer(text)] + [m.start() for m in points.finditer(text)]
    if not more:
        return found
    return sorted(set(found).union(more))


def _matches(pattern: re.Pattern, text: str, starts: list[int]):
    """``pattern.finditer(text)``, trying the pattern only at ``starts`` (in order), a
    superset of the places where a match can start."""
    end = 0
    for q in starts:
        if q < end:
            continue
        m = pattern.match(text, q)
        if m is not None:
            yield m
            end = m.end() if m.end() > q else q + 1


class Quantity(NamedTuple):
    """A quantity found in a text. A named tuple, not a dataclass: a document makes tens of
    thousands of them and a frozen dataclass costs three times as much to build."""

    kind: str  # percent | duration | money | coverage | date | time | time-range | period | score | count | label
    value: float | None  # percent value, seconds, currency amount, count
    unit: str | None
    start: int
    end: int
    text: str


def words_to_number(text: str) -> float | None:
    """ "ninety-nine point nine" -> 99.9; "one hundred and twenty" -> 120."""
    words = re.split(r"[\s-]+", text.lower().replace(" and ", " ").strip())
    if not words or not words[0]:
        return None
    total = current = 0.0
    decimals: list[int] = []
    in_decimal = False
    seen = False
    for w in words:
        if w == "point":
            in_decimal = True
            continue
        if in_decimal:
            if w in _UNITS_WORDS and _UNITS_WORDS[w] < 10:
                decimals.append(int(_UNITS_WORDS[w]))
                continue
            return None
        if w in _UNITS_WORDS:
            current += _UNITS_WORDS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + current
    if decimals:
        value += float("0." + "".join(map(str, decimals)))
    return value


def parse_number(text: str) -> float | None:
    t = text.strip()
    m = re.search(r"\(\s*(" + _DIGITS + r")\s*\)", t)
    if m:  # "thirty (30)": the digits decide
        return float(m.group(1).replace(",", ""))
    m = re.match(_DIGITS, t)
    if m:
        return float(m.group(0).replace(",", ""))
    return words_to_number(t)


def _unit_seconds(unit: str) -> float | None:
    u = re.sub(r"\s+", " ", unit.lower().replace("-", " ")).strip()
    u = re.sub(r"^(?:consecutive|full|clock|elapsed) ", "", u)
    for suffix in ("s",):
        if u.endswith(suffix) and u[:-1] in SECONDS:
            u = u[:-1]
    if u in ("secs", "mins", "hrs"):
        u = u[:-1]
    return SECONDS.get(u)


_ORDINAL_START_RE = re.compile(rf"^(?:{ORDINAL}\b|(?:business|working|banking)\s+day\s+\d|(?:next|same|following)[\s-])", re.I)


def ordinal_value(text: str) -> int | None:
    """ "fifth (5th)" -> 5, "10th" -> 10, "twenty-first" -> 21."""
    t = text.strip().lower()
    m = re.search(r"(\d{1,2})(?:st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    words = re.split(r"[\s-]+", t)
    if len(words) == 2 and words[0] in ("twenty", "thirty") and words[1] in _ORDINAL_VALUES:
        return _TENS[words[0]] + _ORDINAL_VALUES[words[1]]
    return _ORDINAL_VALUES.get(t)


def _ordinal_deadline(text: str) -> tuple[float | None, str | None]:
    """Days from the start of the period: "fifth (5th) Business Day" -> 5 days; "next business day" -> 1."""
    low = re.sub(r"\s+", " ", text.lower())
    unit = "business day" if re.search(r"business|working|banking", low) else "day"
    if re.match(r"(?:next|same|following)[ -]", low):
        return 86400.0, unit
    m = re.match(r"(?:business|working|banking) day (\d{1,2})", low)
    if m:
        return int(m.group(1)) * 86400.0, unit
    head = re.split(r"[\s-]+(?:business|working|banking|calendar|day)\b", low, maxsplit=1)[0]
    n = ordinal_value(re.sub(r"\s*\(.*$", "", head)) or ordinal_value(head)
    return (n * 86400.0, unit) if n else (None, None)


def _parse(kind: str, text: str) -> tuple[float | None, str | None]:
    if kind == "percent":
        num = re.sub(r"\s*(?:%|percent|per\s*cent|pct)\s*$", "", text, flags=re.I)
        return parse_number(num) if not num.startswith(".") else float("0" + num), "%"
    if kind == "duration":
        net = re.fullmatch(r"net\s+(\d{1,3})", text.strip(), re.I)
        if net:  # "net 30": payment due 30 days after invoice
            return int(net.group(1)) * 86400.0, "day"
        if _ORDINAL_START_RE.match(text.strip()):
            return _ordinal_deadline(text)
        m = _DUR_UNIT_RE.search(text)
        if not m:
            return None, None
        num = text[:m.start()].rstrip(" -")
        n = parse_number(num)
        secs = _unit_seconds(m.group(0))
        if n is None or secs is None:
            return None, m.group(0).strip()
        return n * secs, m.group(0).strip().lower()
    if kind == "money":
        digits = re.search(NUMBER, re.sub(_CURRENCY, "", text, count=1), re.I)
        value = parse_number(digits.group(0)) if digits else None
        if value is not None and re.search(r"million|\bm\b", text, re.I):
            value *= 1_000_000
        elif value is not None and re.search(r"thousand|\bk\b", text, re.I):
            value *= 1000
        cur = re.search(_CURRENCY, text, re.I)
        return value, (cur.group(0) if cur else "currency")
    if kind == "count":
        return parse_number(text), None
    return None, None


# A clause number opening the text ("2.3 Vendor shall", "4. The Supplier") names the clause.
_LEADING_NUMBER = re.compile(r"^\s*(?:(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.)\s+)*(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.)(?=\s+[\"\u201c(A-Z])")


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text``, longest and most specific first at each place."""
    taken = [False] * (len(text) + 1)
    found: list[Quantity] = []
    lead = _LEADING_NUMBER.match(text)
    if lead:
        found.append(Quantity("label", None, None, lead.start(), lead.end(), lead.group(0)))
        for i in range(lead.start(), lead.end()):
            taken[i] = True
    starts: list[int] | None = None
    guarded: dict[re.Pattern, bool] = {}
    for kind, pattern in _patterns():
        guard = _GUARDS.get(kind)
        if guard is not None:
            if guard not in guarded:
                guarded[guard] = guard.search(text) is not None
            if not guarded[guard]:
                continue
        if kind in ANCHORED:
            if starts is None:
                starts = _start_positions(text)
            matches = _matches(pattern, text, starts)
        else:
            matches = pattern.finditer(text)
        for m in matches:
            s, e = m.start(), m.end()
            if any(taken[s:e]):
                continue
            frag = m.group(0)
            if kind == "count" and not re.search(r"\d", frag) and frag.lower() in ("a", "an"):
                continue
            value, unit = _parse(kind, frag)
            if kind in ("duration",) and value is None:
                continue
            found.append(Quantity(kind, value, unit, s, e, frag))
            for i in range(s, e):
                taken[i] = True
    found.sort(key=lambda q: q.start)
    return found


_OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq, "=": operator.eq}


@dataclass(frozen=True)
class Threshold:
    op: str
    value: float
    kind: str  # duration | percent | money | count
    text: str

    def accepts(self, q: Quantity) -> bool:
        if q.kind != self.kind or q.value is None:
            return False
        return _OPS[self.op](q.value, self.value)


_THRESHOLD = re.compile(r"^\s*(<=|>=|==|=|<|>)\s*(.+?)\s*$")


def parse_threshold(text: str) -> Threshold:
    """ "<= 24 hours" -> Threshold; raises ValueError on anything else."""
    m = _THRESHOLD.match(text)
    if not m:
        raise ValueError("expected an operator (<, <=, >, >=, ==) and a quantity, e.g. \"<= 24 hours\"")
    op, rest = m.groups()
    qs = [q for q in find_quantities(rest) if q.start == 0 and q.end == len(rest)]
    if not qs or qs[0].value is None or qs[0].kind not in ("duration", "percent", "money", "count"):
        raise ValueError(f"cannot read the quantity {rest!r}")
    q = qs[0]
    return Threshold(op, q.value, q.kind, text.strip())


# --- exact amounts and the range they stand for ---------------------------------------
#
# Playbook comparisons need numbers as written (99.5% equals 99.50%, never 99.4999...)
# and units converted without pretending to more precision than the words carry: "3
# business days" lasts from 72 hours to 120 hours, "1 month" from 28 to 31 days. An
# Amount is the figure as written; its Span is the range it can stand for in a base unit
# (seconds, percent, the currency, a count).

_CURRENCY_CODES = {
    "us$": "USD", "usd": "USD", "u.s.$": "USD", "$": "USD", "dollars": "USD", "£": "GBP", "gbp": "GBP",
    "pounds": "GBP", "pounds sterling": "GBP", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "cad": "CAD", "c$": "CAD", "aud": "AUD", "a$": "AUD", "inr": "INR", "rs": "INR", "rs.": "INR", "₹": "INR",
    "¥": "JPY", "jpy": "JPY", "chf": "CHF", "sgd": "SGD", "s$": "SGD",
}
_UNIT_NAMES = {
    "second": "second", "sec": "second", "minute": "minute", "min": "minute", "hour": "hour", "hr": "hour",
    "h": "hour", "day": "day", "calendar day": "day", "week": "week", "calendar week": "week",
    "business week": "week", "month": "month", "calendar month": "month", "quarter": "quarter",
    "calendar quarter": "quarter", "year": "year", "calendar year": "year", "business day": "business day",
    "working day": "business day", "banking day": "business day", "business hour": "business hour",
    "working hour": "business hour",
}
_DAY = Decimal(86400)
_HOUR = Decimal(3600)
# Lengths of 96 consecutive months (8 years, two of them leap years), for the shortest and
# longest run of n months.
_MONTH_DAYS = [d for leap in (True, False, False, False) * 2
               for d in (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)]


@dataclass(frozen=True)
class Amount:
    """A figure exactly as written: ``3 business days``, ``99.50%``, ``USD 50,000``."""

    kind: str  # duration | percent | money | count
    value: Decimal
    unit: str | None  # duration: second ... year, business day, business hour; "%"; a currency code; None

    def __str__(self) -> str:
        number = _plain(self.value)
        if self.kind == "percent":
            return f"{number}%"
        if self.kind == "money":
            return f"{self.unit} {_grouped(self.value)}"
        if self.kind == "duration" and self.unit:
            return f"{number} {self.unit}{'' if self.value == 1 else 's'}"
        return number


@dataclass(frozen=True)
class Span:
    """The range an amount can stand for, in a base unit: seconds, percent, the currency, a count."""

    kind: str
    low: Decimal
    high: Decimal
    unit: str | None = None  # "%" or the currency code; None for seconds and counts

    def __str__(self) -> str:
        if self.kind != "duration":
            low, high = (_grouped(v) if self.kind == "money" else _plain(v) for v in (self.low, self.high))
            suffix = "%" if self.kind == "percent" else ""
            prefix = f"{self.unit} " if self.kind == "money" else ""
            return f"{prefix}{low}{suffix}" if self.low == self.high else f"{prefix}{low} to {high}{suffix}"
        for name, size, below in (("seconds", Decimal(1), Decimal(120)), ("minutes", Decimal(60), 2 * _HOUR),
                                  ("hours", _HOUR, 7 * _DAY), ("days", _DAY, None)):
            if below is None or self.high < below:
                low, high = _plain(self.low / size), _plain(self.high / size)
                return f"{low} {name}" if self.low == self.high else f"{low} to {high} {name}"
        raise AssertionError("unreachable")


def _plain(value: Decimal) -> str:
    """A Decimal as a person writes it: 99.5, 72, 0.25 (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _grouped(value: Decimal) -> str:
    whole, _, frac = _plain(value).partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def exact_number(text: str) -> Decimal | None:
    """The number as written, exactly: "thirty (30)" -> 30, "99.50" -> 99.50, "ninety-nine point nine" -> 99.9."""
    t = text.strip()
    m = re.search(r"\(\s*(" + _DIGITS + r")\s*\)", t)
    if m:
        return Decimal(m.group(1).replace(",", ""))
    m = re.match(_DIGITS, t)
    if m:
        return Decimal(m.group(0).replace(",", ""))
    v = words_to_number(t)
    if v is None:
        return None
    return Decimal(int(v)) if float(v).is_integer() else Decimal(repr(v))


def duration_unit(unit: str) -> str | None:
    """ "Business Days" -> "business day", "hrs" -> "hour", "calendar months" -> "month"."""
    u = re.sub(r"\s+", " ", unit.lower().replace("-", " ")).strip()
    u = re.sub(r"^(?:consecutive|full|clock|elapsed|successive) ", "", u)
    if u.endswith("s") and (u[:-1] in _UNIT_NAMES):
        u = u[:-1]
    return _UNIT_NAMES.get(u)


def exact_amount(q: Quantity) -> Amount | None:
    """The Amount a found quantity states, or None when it is not a plain measure."""
    text = q.text.strip()
    if q.kind == "percent":
        num = re.sub(r"\s*(?:%|percent|per\s*cent|pct)\s*$", "", text, flags=re.I)
        value = Decimal("0" + num) if num.startswith(".") else exact_number(num)
        return Amount("percent", value, "%") if value is not None else None
    if q.kind == "count":
        value = exact_number(text)
        return Amount("count", value, None) if value is not None else None
    if q.kind == "money":
        digits = re.search(NUMBER, re.sub(_CURRENCY, "", text, count=1), re.I)
        value = exact_number(digits.group(0)) if digits else None
        if value is None:
            return None
        if re.search(r"billion", text, re.I):
            value *= 1_000_000_000
        elif re.search(r"million|\bm\b", text, re.I):
            value *= 1_000_000
        elif re.search(r"thousand|\bk\b", text, re.I):
            value *= 1000
        cur = re.search(_CURRENCY, text, re.I) or re.search(r"dollars|pounds(?:\s+sterling)?|euros?|usd|gbp|eur",
                                                            text, re.I)
        code = _CURRENCY_CODES.get(re.sub(r"\s+", "", cur.group(0)).lower()) if cur else None
        if code is None and cur:
            code = _CURRENCY_CODES.get(" ".join(cur.group(0).lower().split()))
        return Amount("money", value, code or "currency")
    if q.kind == "duration":
        return _duration_amount(text)
    return None


def _duration_amount(text: str) -> Amount | None:
    net = re.fullmatch(r"net\s+(\d{1,3})", text, re.I)
    if net:  # "net 30": payment due 30 days after the invoice
        return Amount("duration", Decimal(net.group(1)), "day")
    if _ORDINAL_START_RE.match(text):  # "the fifth (5th) Business Day of each month", "next business day"
        seconds, unit = _ordinal_deadline(text)
        return Amount("duration", Decimal(int(seconds // 86400)), unit) if seconds else None
    m = _DUR_UNIT_RE.search(text)
    if not m:
        return None
    value = exact_number(text[:m.start()].rstrip(" -"))
    unit = duration_unit(m.group(0))
    return Amount("duration", value, unit) if value is not None and unit else None


def parse_amount(text: str) -> Amount:
    """ "24 hours", "3 business days", "99.9%", "USD 250,000" -> Amount; ValueError on anything else."""
    t = " ".join(str(text).split())
    found = [q for q in find_quantities(t) if q.kind in ("duration", "percent", "money", "count")]
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(t):
        raise ValueError(f"cannot read {text!r} as one quantity (e.g. 99.9%, 24 hours, 3 business days, USD 50,000)")
    amount = exact_amount(found[0])
    if amount is None:
        raise ValueError(f"cannot read {text!r} as one quantity (e.g. 99.9%, 24 hours, 3 business days, USD 50,000)")
    return amount


def span_of(amount: Amount) -> Span:
    """The range an amount stands for.

    A business day is not 24 hours: n business days last from n days to n days plus the
    weekends they can span (two days for each started five), and n business hours, with
    business days of 8 hours Monday to Friday, from n hours to n hours plus the nights and
    weekends they can span. A month lasts 28 to 31 days, n consecutive months as long as
    the shortest and longest run of n calendar months; a quarter is 3 months, a year 12.
    Public holidays are not counted.
    """
    v = amount.value
    if amount.kind != "duration":
        return Span(amount.kind, v, v, amount.unit)
    unit = amount.unit
    fixed = {"second": Decimal(1), "minute": Decimal(60), "hour": _HOUR, "day": _DAY, "week": 7 * _DAY}
    if unit in fixed:
        return Span("duration", v * fixed[unit], v * fixed[unit])
    if unit == "business day":
        return Span("duration", v * _DAY, (v + 2 * _ceil(v / 5)) * _DAY)
    if unit == "business hour":
        return Span("duration", v * _HOUR, (v + 16 * _ceil(v / 8) + 48 * _ceil(v / 40)) * _HOUR)
    months = v * {"month": 1, "quarter": 3, "year": 12}[unit or "month"]
    low, high = _month_run(months)
    return Span("duration", low * _DAY, high * _DAY)


def _ceil(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)


def _month_run(months: Decimal) -> tuple[Decimal, Decimal]:
    """Fewest and most days in ``months`` consecutive calendar months."""
    if months != months.to_integral_value():
        return months * 28, months * 31
    n = int(months)
    blocks, rest = divmod(n, 48)  # 48 months are 1,461 days, or 1,460 across a century year such as 2100
    if rest == 0:
        return Decimal(blocks * 1460), Decimal(blocks * 1461)
    runs = [sum(_MONTH_DAYS[i:i + rest]) for i in range(48)]
    return Decimal(blocks * 1460 + min(runs)), Decimal(blocks * 1461 + max(runs))


# Units that convert exactly into one another compare as plain numbers ("5 business days"
# meets "5 business days"); across families the ranges are compared.
_FAMILIES = {
    "second": ("time", 1), "minute": ("time", 60), "hour": ("time", 3600), "day": ("time", 86400),
    "week": ("time", 7 * 86400), "month": ("months", 1), "quarter": ("months", 3), "year": ("months", 12),
    "business day": ("business days", 1), "business hour": ("business hours", 1),
}


def comparable(a: Amount, b: Amount) -> str | None:
    """Why two amounts cannot be compared (None when they can): different kinds, or money in
    different currencies, which is never converted."""
    if a.kind != b.kind:
        return f"a {a.kind} cannot be compared with a {b.kind}"
    if a.kind == "money" and a.unit != b.unit:
        return f"amounts in {a.unit} are not compared with amounts in {b.unit}"
    return None


def _readings(a: Amount, b: Amount) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(a low, a high, b low, b high) on one scale: exact within a unit family, ranges across."""
    fa, fb = _FAMILIES.get(a.unit or ""), _FAMILIES.get(b.unit or "")
    if a.kind == "duration" and fa and fb and fa[0] == fb[0]:
        x, y = a.value * fa[1], b.value * fb[1]
        return x, x, y, y
    sa, sb = span_of(a), span_of(b)
    return sa.low, sa.high, sb.low, sb.high


def order(a: Amount, b: Amount) -> str | None:
    """"<", ">" or "=" when every reading of ``a`` stands so to every reading of ``b``; None
    when their ranges overlap ("1 month" and "30 days")."""
    a_low, a_high, b_low, b_high = _readings(a, b)
    if (a_low, a_high) == (b_low, b_high) and a_low == a_high:
        return "="
    return "<" if a_high < b_low else ">" if a_low > b_high else None


def meets(draft: Amount, target: Amount, better: str) -> bool:
    """The draft's worst case meets every reading of the target."""
    d_low, d_high, t_low, t_high = _readings(draft, target)
    return d_low >= t_high if better == "higher" else d_high <= t_low


def falls_short(draft: Amount, walk_away: Amount, better: str) -> bool:
    """Even the draft's best case is worse than every reading of the walk-away."""
    d_low, d_high, w_low, w_high = _readings(draft, walk_away)
    return d_high < w_low if better == "higher" else d_low > w_high


def best(amounts: list[Amount], better: str) -> Amount:
    """The most favourable of several figures: the one whose worst case is best."""
    def worst(a: Amount) -> tuple[Decimal, Decimal]:
        s = span_of(a)
        return (s.low, s.high) if better == "higher" else (-s.high, -s.low)
    return max(amounts, key=worst)
