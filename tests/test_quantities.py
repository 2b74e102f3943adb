from __future__ import annotations

import pytest

from bpolint.quantities import find_quantities, parse_threshold, words_to_number


def kinds(text):
    return [(q.kind, q.value) for q in find_quantities(text)]


@pytest.mark.parametrize("text,value", [
    ("thirty", 30), ("ninety-nine point nine", 99.9), ("one hundred and twenty", 120),
    ("two thousand five hundred", 2500), ("twenty four", 24), ("seven", 7),
])
def test_words_to_number(text, value):
    assert words_to_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text,expected", [
    ("within thirty (30) days", [("duration", 30 * 86400)]),
    ("99.9% availability", [("percent", 99.9)]),
    ("ninety-nine point nine percent", [("percent", 99.9)]),
    ("95 per cent", [("percent", 95)]),
    ("within four (4) hours", [("duration", 4 * 3600)]),
    ("2 business days", [("duration", 2 * 86400)]),
    ("a 2-hour window", [("duration", 7200)]),
    ("USD 2.5 million", [("money", 2_500_000)]),
    ("$1,500", [("money", 1500)]),
])
def test_quantities(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize("text,kind", [
    ("support 24x7", "coverage"), ("support 24/7", "coverage"),
    ("24 hours a day, seven days a week", "coverage"), ("from 08:00-20:00 local time", "time-range"),
    ("between 9 a.m. to 5 p.m.", "time-range"), ("measured monthly", "period"),
    ("per calendar quarter", "period"), ("ends on December 31, 2020", "date"), ("by 31 March 2025", "date"),
])
def test_special_kinds(text, kind):
    assert kind in [q.kind for q in find_quantities(text)]


def test_word_and_digit_pair_counts_once():
    qs = find_quantities("three (3) failures")
    assert [(q.kind, q.value) for q in qs] == [("count", 3)]


def test_no_quantities_in_plain_words():
    assert find_quantities("the parties agree to cooperate") == []


def test_threshold_converts_units():
    t = parse_threshold("<= 24 hours")
    ok, slow = find_quantities("4 hours"), find_quantities("2 weeks")
    assert t.accepts(ok[0]) and not t.accepts(slow[0])
    assert parse_threshold(">= 99.5%").accepts(find_quantities("99.9 percent")[0])


@pytest.mark.parametrize("bad", ["24 hours", "<= soon", "<="])
def test_bad_threshold(bad):
    with pytest.raises(ValueError):
        parse_threshold(bad)


@pytest.mark.parametrize("text,seconds", [
    ("by the fifth (5th) Business Day of each month", 5 * 86400),
    ("no later than the 10th business day", 10 * 86400),
    ("by the 10th of every month", 10 * 86400),
    ("by the 15th day of the following month", 15 * 86400),
    ("Business Day 2 after month end", 2 * 86400),
    ("restored by the next business day", 86400),
    ("the twenty-first day after the end of each quarter", 21 * 86400),
    ("in three (3) consecutive calendar months", 3 * 30 * 86400),
])
def test_ordinal_deadlines_are_durations(text, seconds):
    durations = [q.value for q in find_quantities(text) if q.kind == "duration"]
    assert durations == [seconds]


def test_a_day_of_the_month_alone_is_no_deadline():
    assert [q for q in find_quantities("due on the first day of the calendar month") if q.kind == "duration"] == []


@pytest.mark.parametrize("text", [
    "Section 4.2", "Sections 4.2 and 5.1", "Priority 1", "Severity 2", "P1", "ISO/IEC 27001:2022", "SOC 2",
    "TLS 1.2", "section 404 of the Sarbanes-Oxley Act of 2002", "NIST Special Publication 800-88", "Schedule 3",
])
def test_numbers_that_name_things_are_labels(text):
    qs = find_quantities(text)
    assert qs and all(q.kind == "label" for q in qs), qs


@pytest.mark.parametrize("text,expected", [
    ("Priority 1 | Responded within 15 minutes | 95%", [("label", None), ("duration", 900), ("percent", 95)]),
    ("Level 1 to 2 hours", [("label", None), ("duration", 7200)]),
    ("Section 5 and 20% of the fees", [("label", None), ("percent", 20)]),
])
def test_labels_leave_the_measure_alone(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize("text,kind", [
    ("7X24 pager support", "coverage"), ("Every day | 24 hours", "coverage"),
    ("Mondays to Fridays (8.00h - 18.00h)", "time-range"), ("Monday to Friday 7.30 to 18.00", "time-range"),
    ("from 7:00am to 5:00pm CST", "time-range"), ("8:00AM through 5:00PM EST", "time-range"),
])
def test_more_coverage_and_hours(text, kind):
    assert kind in [q.kind for q in find_quantities(text)]


@pytest.mark.parametrize("text", ["2100 Friday through 2100 Sunday", "0800-1800 hours"])
def test_24_hour_clock_ranges(text):
    assert [q.kind for q in find_quantities(text)] == ["time-range"]


def test_stacked_clause_numbers_are_labels():
    assert [q.kind for q in find_quantities("1.2. 3.1 Timeliness of delivery")] == ["label"]


def test_ordinal_words_are_not_hours():
    assert [q for q in find_quantities("on the eighth anniversary") if q.kind == "duration"] == []
    assert kinds("eight hours") == [("duration", 8 * 3600)]


def test_net_days():
    assert kinds("payment terms net 30") == [("duration", 30 * 86400)]
    assert [q.kind for q in find_quantities("net 5%")] == ["percent"]


@pytest.mark.parametrize("text", ["same day processing", "next-day delivery", "by the next day"])
def test_same_and_next_day(text):
    assert [(q.kind, q.value) for q in find_quantities(text)] == [("duration", 86400)]


# --- exact amounts and ranges (playbook comparisons) ----------------------------------

from decimal import Decimal  # noqa: E402

from bpolint.quantities import best, comparable, falls_short, meets, parse_amount, span_of  # noqa: E402

HOUR, DAY = Decimal(3600), Decimal(86400)


def span(text):
    return span_of(parse_amount(text))


@pytest.mark.parametrize("text,low,high", [
    ("72 hours", 72 * HOUR, 72 * HOUR),
    ("3 business days", 3 * DAY, 5 * DAY),  # from Friday evening: Monday to Wednesday, over one weekend
    ("5 business days", 5 * DAY, 7 * DAY),
    ("6 business days", 6 * DAY, 10 * DAY),  # can span two weekends
    ("1 month", 28 * DAY, 31 * DAY),
    ("3 months", 89 * DAY, 92 * DAY),
    ("12 months", 365 * DAY, 366 * DAY),
    ("1 year", 365 * DAY, 366 * DAY),
    ("2 weeks", 14 * DAY, 14 * DAY),
    ("8 business hours", 8 * HOUR, 72 * HOUR),  # from Friday's close to Monday's close
    ("thirty (30) days", 30 * DAY, 30 * DAY),
])
def test_duration_ranges(text, low, high):
    s = span(text)
    assert (s.low, s.high) == (low, high)


def test_numbers_are_exact_as_written():
    assert parse_amount("99.5%").value == parse_amount("99.50%").value == Decimal("99.5")
    assert parse_amount("ninety-nine point nine percent").value == Decimal("99.9")
    assert parse_amount("USD 2.5 million").value == Decimal("2500000")
    assert parse_amount("£50,000").unit == "GBP" and parse_amount("$50,000").unit == "USD"


def test_72_hours_against_3_business_days():
    hours, days = parse_amount("72 hours"), parse_amount("3 business days")
    # 72 hours meets a 3-business-day target: it is never longer than the shortest 3 business days
    assert meets(hours, days, "lower") and not falls_short(hours, days, "lower")
    # 3 business days do not meet a 72-hour target (they can last 120 hours) ...
    assert not meets(days, hours, "lower")
    # ... but do not fall short of a 72-hour walk-away either: at best they last exactly 72 hours
    assert not falls_short(days, hours, "lower")
    assert falls_short(parse_amount("4 business days"), hours, "lower")
    assert meets(parse_amount("3 business days"), parse_amount("three (3) Business Days"), "lower")


def test_99_5_percent_equals_99_50_percent():
    a, b = parse_amount("99.5%"), parse_amount("99.50%")
    assert meets(a, b, "higher") and meets(b, a, "higher")
    assert not falls_short(a, b, "higher") and not falls_short(b, a, "higher")
    assert falls_short(parse_amount("99.49%"), b, "higher") and not meets(parse_amount("99.49%"), b, "higher")


def test_1_month_against_30_days():
    month, days = parse_amount("1 month"), parse_amount("30 days")
    # a month may be 31 days (longer than 30) or 28 (shorter): between, whichever way is better
    assert not meets(month, days, "lower") and not falls_short(month, days, "lower")
    assert not meets(month, days, "higher") and not falls_short(month, days, "higher")
    assert meets(month, parse_amount("31 days"), "lower") and meets(month, parse_amount("28 days"), "higher")
    # within one family units convert exactly: a quarter is 3 months, a week 7 days
    assert meets(parse_amount("1 quarter"), parse_amount("3 months"), "lower")
    assert meets(parse_amount("2 weeks"), parse_amount("14 days"), "higher")


def test_money_in_different_currencies_is_not_compared():
    assert comparable(parse_amount("USD 1,000,000"), parse_amount("$2,000,000")) is None
    assert "GBP" in comparable(parse_amount("£1,000,000"), parse_amount("USD 1,000,000"))
    assert comparable(parse_amount("24 hours"), parse_amount("99.9%"))


def test_the_best_of_several_figures():
    figures = [parse_amount(t) for t in ("5 business days", "4 hours", "1 month")]
    assert str(best(figures, "lower")) == "4 hours"
    assert str(best([parse_amount("99.5%"), parse_amount("99.95%")], "higher")) == "99.95%"


def test_a_playbook_value_must_be_one_quantity():
    for bad in ("soon", "24 hours or 2 days", "Section 4.2", ""):
        with pytest.raises(ValueError):
            parse_amount(bad)


def test_anchored_scan_finds_what_a_full_scan_finds():
    """Patterns tried only where a match can start give exactly ``finditer``'s matches,
    also in windows cut mid-word and next to currency signs, ordinals and stray periods."""
    from pathlib import Path

    from bpolint import quantities as q

    root = Path(__file__).resolve().parents[1] / "corpora"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))][:6]
    texts += ["US$5 and S$6, Rs.70, \u20ac1m; .5% or 0.5%; the fifth (5th) Business Day; net 30; score 9/10",
              "someone attended; tone; ONE HUNDRED; \u0130\u017fO 9001; CSAT 4.5; next business day"]
    windows = [t[i:i + 160] for t in texts for i in range(0, len(t), 53)]
    assert len(windows) > 100
    for text in windows:
        starts = [m.start() for m in q._starts().finditer(text)]
        for kind, pattern in q._patterns():
            if kind in q.ANCHORED:
                full = [m.span() for m in pattern.finditer(text)]
                assert [m.span() for m in q._matches(pattern, text, starts)] == full, (kind, text)
