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

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
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
_LABEL = (
    r"\b(?:sections?|clauses?|articles?|schedules?|exhibits?|annex(?:es)?|appendix|appendices|attachments?|"
    r"parts?|paragraphs?|paras?|pages?|chapters?|titles?|rules?|regulations?|forms?|versions?|"
    r"releases?|rev(?:ision)?|subtasks?|tasks?|phases?|steps?|options?\s+years?|clins?|"
    r"priorit(?:y|ies)|severit(?:y|ies)|sev|tiers?|levels?|types?|p|"
    r"iso(?:\s*/\s*iec)?|iec|soc|ssae|isae|sas|fips|tls|ssl|aes|sha|rsa|nist(?:\s+sp)?|sp|pci(?:[\s-]dss)?|dss|"
    r"itil(?:\s+v)?|cobit|bs|en|hipaa|ss|no\.|nos\.|numbers?|publications?|#)"
    r"\s*(?:[-/:#]\s*)?"
    rf"(?:{_DIGITS}(?:[.:-]\d+)*(?:\([a-z0-9]{{1,4}}\))*)"
    rf"(?:\s*(?:,|and|or|to|through)\s*(?:{_DIGITS}(?:[.:-]\d+)*(?:\([a-z0-9]{{1,4}}\))*)(?![\w%.]|\s*(?:%|percent|per\s*cent|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|business|working|calendar)\b))*"
    r"|\b(?:act|acts|code|regulations?|rules?|directive|law|statute|fiscal|fy|calendar\s+year|year)\s+(?:of\s+)?(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d(?=\s+(?:act|regulations?|rules?|edition|revision|version))"
)
_CURRENCY = r"(?:US\s?\$|USD|U\.S\.\s?\$|\$|£|€|GBP|EUR|CAD|AUD|C\$|A\$|INR|Rs\.?|₹|¥|JPY|CHF|SGD|S\$)"

_PATTERNS: list[tuple[str, re.Pattern]] = [
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
    ("label", re.compile(_LABEL, re.I)),
    ("duration", re.compile(rf"\b{_UNIT_NUMBER}(?:\s*\(\s*{_DIGITS}\s*\))?[\s-]*{_DURATION_UNIT}|{_ORDINAL_DEADLINE}"
                            r"|\bnet\s+\d{1,3}\b(?!\s*(?:%|percent|per\s*cent))", re.I)),
    ("period", re.compile(_PERIOD_WORDS, re.I)),
    ("score", re.compile(rf"\b{NUMBER}\s*(?:out\s+of|/)\s*{NUMBER}(?!\w)|\b(?:score|rating|nps|csat)\s+(?:of\s+)?(?:at\s+least\s+)?[+-]?{_DIGITS}\b", re.I)),
    ("count", re.compile(rf"\b{NUMBER}(?!\w)", re.I)),
]

_DUR_UNIT_RE = re.compile(_DURATION_UNIT + r"\s*$", re.I)


@dataclass(frozen=True)
class Quantity:
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
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
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
