"""Dates that cannot exist, and periods that end before they start.

Read as printed: "31 February 2027", "31st day of June, 2026", "April 31, 2026",
"2027-09-31", and numeric dates ("30/13/2026", "02/30/2027"). A numeric date is
reported only when neither the day-month nor the month-day reading exists: "13/02/2027"
is a UK date, not a slip. A period ends before it starts when one sentence starts or
commences on one date and ends, expires or runs until an earlier one ("begins on July 1,
2026 and continues until June 30, 2025"), or when a start-date field is later than the
end-date field ("Start Date: March 1, 2027 ... End Date: February 28, 2027"). The
finding points at the impossible date, or at the end date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ...match import Hit
from ...ruleset.model import Rule
from ..base import CheckContext
from .common import hygiene_hit

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH = r"(?P<mon>(?i:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec))\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = re.compile(r"\b(?P<day>\d{1,2})" + _ORD + r"\s+(?:day\s+of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})" + _ORD + r",?\s+(?P<year>\d{4})\b")
_ISO = re.compile(r"(?<![\d/.-])(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})(?![\d/-])(?!\.\d)")
# year first with slashes or dots: "2027/02/30", "2026.03.31"
_YEAR_FIRST = re.compile(r"(?<![\d/.:-])(?P<year>(?:19|20)\d\d)(?P<sep>[/.])(?P<m>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d/:-])(?!\.\d)")
_NUMERIC = re.compile(r"(?<![\d/.:-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
                      r"(?![\d/:-])(?!\.\d)")
_START_WORDS = re.compile(r"\b(?:begin(?:s|ning)?|commenc(?:e|es|ing|ement)|start(?:s|ing)?|effective|from|"
                          r"with\s+effect\s+from)\b[^.;]{0,40}$", re.I)
_END_WORDS = re.compile(r"\b(?:until|till|to|through|thru|end(?:s|ing)?|expir(?:e|es|y|ing|ation)|terminat(?:e|es|ing)|"
                        r"continu(?:e|es|ing)\s+(?:until|to|through)|complet(?:e|ed|es|ion)|finish(?:ed|es)?|"
                        r"conclud(?:e|ed|es))\b", re.I)
# "between 3 August 2026 and 20 July 2026": a period given by its two ends
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_START_FIELD = re.compile(r"\b(?:start|commencement|effective|go-live|begin(?:ning)?)\s+date\s*[:\-\u2013|]\s*$", re.I)
_END_FIELD = re.compile(r"\b(?:end|expiry|expiration|termination|completion|finish)\s+date\s*[:\-\u2013|]\s*$", re.I)


@dataclass(frozen=True)
class _Date:
    block: int
    start: int
    end: int
    value: dt.date | None  # None: no such day


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# every date above holds its year: four digits, or two in a numeric date. A block without them
# (most of them) holds no date, and the patterns, tried at every word, are not run on it
_YEAR = re.compile(r"\d{4}")
_TWO_DIGITS = re.compile(r"\d\d")


def _dates(text: str, bi: int) -> list[_Date]:
    out: list[_Date] = []
    if _TWO_DIGITS.search(text) is None:
        return out
    year_digits = _YEAR.search(text) is not None
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, value: dt.date | None) -> None:
        if any(s < m.end() and m.start() < e for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        out.append(_Date(bi, m.start(), m.end(), value))

    for rx in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR) if year_digits else ():
        for m in rx.finditer(text):
            month = _MONTHS[m.group("mon").lower().rstrip(".")]
            add(m, _make(int(m.group("year")), month, int(m.group("day"))))
    for m in _ISO.finditer(text) if year_digits else ():
        add(m, _make(int(m.group("year")), int(m.group("m")), int(m.group("day"))))
    for m in _YEAR_FIRST.finditer(text) if year_digits and ("/" in text or "." in text) else ():
        month, day = int(m.group("m")), int(m.group("day"))
        if 1 <= month <= 12 and 1 <= day <= 31:  # "2011/11/07" yes; a reference number "2019.45.3" no
            add(m, _make(int(m.group("year")), month, day))
    for m in _NUMERIC.finditer(text):
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        if m.group("sep") != "/" and len(m.group("year")) != 4:
            continue  # "1.2.3", "10-12-14": a number, a reference or a range, not a date
        if len(m.group("year")) == 2:
            year += 2000 if year < 50 else 1900
        if a == 0 or b == 0 or a > 31 or b > 31:
            continue  # "0/1/2020", "45/12/2020": not written as a date
        dm, md = _make(year, b, a), _make(year, a, b)
        add(m, dm or md)
    return sorted(out, key=lambda d: d.start)


def dates(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    blocks = ctx.seg.document.blocks
    found = []
    start_field: _Date | None = None
    end_field: _Date | None = None
    for bi, block in enumerate(blocks):
        text = block.text
        ds = _dates(text, bi)
        for d in ds:
            if d.value is None:
                found.append((hygiene_hit(rule, bi, d.start, d.end), {"date": text[d.start:d.end],
                                                                      "problem": "does not exist"}))
        # one sentence: starts on one date, ends on an earlier one
        for first, second in zip(ds, ds[1:]):
            if first.value is None or second.value is None or second.value >= first.value:
                continue
            if ctx.sentence(bi, first.start).start != ctx.sentence(bi, second.start).start:
                continue
            between = text[first.end:second.start]
            span = (_START_WORDS.search(text[max(0, first.start - 60):first.start]) and _END_WORDS.search(between)
                    or _BETWEEN.search(text[max(0, first.start - 12):first.start]) and between.strip() == "and")
            if span and len(between) <= 80:
                found.append((hygiene_hit(rule, bi, second.start, second.end),
                              {"date": text[second.start:second.end],
                               "problem": f"ends the period before it starts ({text[first.start:first.end]})"}))
        for d in ds:
            before = text[max(0, d.start - 40):d.start]
            if d.value and _START_FIELD.search(before) and start_field is None:
                start_field = d
            elif d.value and _END_FIELD.search(before) and end_field is None:
                end_field = d
    if start_field and end_field and end_field.value < start_field.value:
        s_text = blocks[start_field.block].text[start_field.start:start_field.end]
        found.append((hygiene_hit(rule, end_field.block, end_field.start, end_field.end),
                      {"date": blocks[end_field.block].text[end_field.start:end_field.end],
                       "problem": f"is the end date but comes before the start date ({s_text})"}))
    return sorted(found, key=lambda f: (f[0].block, f[0].start))
