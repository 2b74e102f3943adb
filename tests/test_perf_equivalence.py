"""Faster forms give the results of the plain ones they replaced."""
from __future__ import annotations

import random
import re
from pathlib import Path

from bpolint.checks.hygiene.clause_numbers import _label_position
from bpolint.numbering import parse_label
from bpolint.segment.nlp import _ends_sentence, _starts_sentence, fold, make_docs, make_nlp

REPO = Path(__file__).resolve().parents[1]


def _paragraphs() -> list[str]:
    out = []
    for path in sorted((REPO / "corpora").rglob("*.md")):
        out.extend(" ".join(p.split()) for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    out += ["We don't agree. Acme Inc. The Supplier shall pay at 5 p.m. Eastern time. \"Done.\" (a) Next!",
            "1. Services. The Supplier can't stop; it won't. U.S. law applies, e.g. here. ARTICLE IV. Fees"]
    return out


def test_label_position_matches_the_regex_it_replaced() -> None:
    rng = random.Random(3)
    pieces = ["1.2", " ", "  ", ".", ";", "x", "\n", "(a)", "1.2.3", "!", "\t"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        label = rng.choice(["1.2", "(a)", "1.2.3"])
        lo = rng.randint(0, len(text))
        hi = min(len(text), lo + rng.randint(0, 12))
        rx = re.compile(r"(?:^|(?<=[.;:!?]\s)|(?<=[.;:!?]\s\s)|(?<=\s\s))" + re.escape(label) + r"(?=\s|$)")
        m = rx.search(text, lo, hi)
        assert _label_position(text, label, lo, hi) == (m.span() if m else None), (text, label, lo, hi)


def test_norms_and_sentence_starts_as_a_token_by_token_pass_sets_them() -> None:
    nlp = make_nlp()
    texts = _paragraphs()
    docs = list(nlp.pipe(make_docs(nlp, texts)))
    assert len(docs) > 100
    for text, doc in zip(texts, docs):
        assert [t.norm_ for t in doc] == [fold(t.text) for t in doc]
        # the original component: every token visited in order
        label = parse_label(text)
        label_end = label.end if label else -1
        expected = [True] + [False] * (len(doc) - 1)
        for i, tok in enumerate(doc[:-1]):
            if tok.idx + len(tok.text) > label_end and _ends_sentence(doc, i) and _starts_sentence(doc, i + 1):
                expected[i + 1] = True
        assert [bool(t.is_sent_start) for t in doc] == expected, text


def test_original_text_copied_by_runs_matches_the_character_by_character_form() -> None:
    from bpolint.extract import extract

    def per_character(doc, block, start, end):
        text = block.text
        return "".join(" " if text[i] == " " else doc.text[block.canonical(i)] for i in range(start, min(end, len(text))))

    rng = random.Random(5)
    files = sorted((REPO / "corpora").rglob("*.md")) + sorted((REPO / "corpora").rglob("*.txt"))
    checked = 0
    for path in files:
        doc = extract(str(path))
        for block in doc.blocks:
            n = len(block.text)
            for start, end in [(0, n), (0, n + 3), *((s, rng.randint(s, n + 2)) for s in rng.sample(range(n + 1), min(4, n + 1)))]:
                assert doc.original(block, start, end) == per_character(doc, block, start, end), (path.name, start, end)
                checked += 1
    assert checked > 500


def test_normalizing_a_word_at_a_time_matches_the_character_loop() -> None:
    from bpolint.extract import builder

    def by_characters(raw: str, base: int):
        # the character loop itself, reached through a mask that hides nothing
        return builder._normalize(raw, base, [(len(raw), len(raw))])

    rng = random.Random(11)
    pieces = ["word", "Supplier", "\u201cq\u201d", "a\u2013b", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000",
              "\x1c", "\u2028", "\r\n", ".", "x"]
    samples = ["", " ", "  lead and trail  ", *_paragraphs()[:40]]
    samples += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for raw in samples:
        base = rng.randint(0, 50)
        assert builder._normalize_words(raw, base) == by_characters(raw, base), repr(raw)


def test_extract_command_reads_the_configured_default_size_limit_without_loading_the_configuration() -> None:
    from bpolint.config import DEFAULT_MAX_SIZE_MB
    from bpolint.extract import MAX_BYTES

    assert MAX_BYTES == DEFAULT_MAX_SIZE_MB * 1024 * 1024


def test_number_mismatch_guards_are_in_every_match() -> None:
    """A block skipped for want of its guard holds no match of the pattern guarded."""
    from bpolint.checks.hygiene import number_mismatch as nm

    texts = _paragraphs() + ["thirty (45) days", "ten per cent (12 %)", "Two Hundred Dollars ( US$ 250,000)",
                             "$1,450 (one thousand four hundred fifty dollars)", "USD 12 % ( twelve percent )",
                             "eur5(five)", "forty-four hundredths of one percent (0.44%)", "ſeven (7)", "no figure ()"]
    pairs = ((nm._WORDS_DIGITS, nm._WORDS_DIGITS_GUARD), (nm._DIGITS_WORDS, nm._DIGITS_WORDS_GUARD))
    found = 0
    for text in texts:
        for rx, guard in pairs:
            for m in rx.finditer(text):
                found += 1
                assert guard.search(m.group(0)), (rx.pattern, m.group(0))
    assert found >= 6


def test_matches_at_a_literal_are_finditers_matches() -> None:
    from bpolint.checks.hygiene.undefined_terms import _matches_at

    text = " ".join(_paragraphs()) + " Service Credits shall apply. the Service Credits may. Service Creditss Services"
    for term in ("Service Credits", "Supplier", "Services", "Customer", "Fees", "S", "Acme"):
        for rx in (re.compile(r"(?<!\bthe )(?<!\bThe )\b" + re.escape(term) + r"(?:'s)?\s+(?:shall|will|may|and|or)\b"),
                   re.compile(r"\b" + re.escape(term) + r"s?\b")):
            assert [m.span() for m in _matches_at(rx, text, term)] == [m.span() for m in rx.finditer(text)], term


def test_folds_are_what_each_letter_matches_ignoring_case() -> None:
    from bpolint.quantities import _FOLDS

    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for c in "abcdefghijklmnopqrstuvwxyz":
        assert set(re.findall("(?i)" + c, every)) == set(c + c.upper() + _FOLDS.get(c, "")), c


def _quantity_texts() -> list[str]:
    rng = random.Random(5)
    pieces = ["1", "24", "2.5", ",000", ".5", " ", "  ", "-", "x", "/", "%", "(", ")", "$", "US", "US $", "U.S.", "£",
              "€", "₹", "¥", "Rs.", "rs", "S$", "C$", "A$", "usd", "EUR", "cad", "audit", "hours", "Users", "ſeven",
              "\u212a", "\u0130NR", "\u0131nr", "thirty", "twenty-first", "Twenty first", "fifth", "FIVE", "one",
              "hundred", "point", "next", "same", "following", "business", "Working", "banking", "net", "score",
              "rating", "NPS", "csat", "day", "days", "month", "Section", "x7", "7", "2023", "a", "an", ".", "\n"]
    out = [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(2000)]
    out += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(2000)]
    return out + [p for p in _paragraphs() if re.search(r"\d|\$|percent|days?\b", p)]


def test_start_positions_are_the_starts_patterns_matches() -> None:
    from bpolint.quantities import _start_positions, _starts

    texts = _quantity_texts()
    windows = [t[i:j] for t in texts[-40:] for i in range(0, len(t), 3) for j in (i + 40, i + 160, len(t))]
    for text in texts + windows:
        assert _start_positions(text) == [m.start() for m in _starts().finditer(text)], text


def test_find_quantities_with_the_fast_start_scan_finds_what_the_plain_one_does(monkeypatch) -> None:
    import bpolint.quantities as quantities

    texts = _quantity_texts()
    blocks = [t for t in texts if len(t) > 150][-6:]
    texts = texts[::7] + [b[i:i + n] for b in blocks for i in range(len(b)) for n in (60, 200)]
    fast = [quantities.find_quantities(t) for t in texts]
    monkeypatch.setattr(quantities, "_start_positions",
                        lambda text: [m.start() for m in quantities._starts().finditer(text)])
    assert [quantities.find_quantities(t) for t in texts] == fast


def test_label_pattern_grouped_by_first_letter_finds_the_plain_patterns_matches() -> None:
    from bpolint.quantities import _LABEL, _patterns

    plain, grouped = re.compile(_LABEL, re.I), dict(_patterns())["label"]
    assert grouped.pattern != plain.pattern
    texts = _quantity_texts() + ["Sections 4.2, 5 and 7(a)", "SOC 2 Type II", "ISO/IEC 27001:2022", "p. 12", "P1",
                                 "Priority 1 and Severity 2", "ſection 3", "No. 5", "#7", "Act of 2002", "FY 2024",
                                 "calendar year 2025", "2018 Regulations", "NIST SP 800-53", "PCI-DSS 4.0", "SS 3"]
    windows = [t[i:] for t in texts[-60:] for i in range(len(t))]
    for text in texts + windows:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_block_scanner_spans_are_the_nonempty_finditer_matches_of_each_candidate_block() -> None:
    from bpolint.literals import BlockScanner
    from bpolint.pipeline import engine_for

    texts = _paragraphs() + ["", "x" * 30, "Fees: USD 100. fees fees FEES", "\u0130nvoices are due"]
    scanner = BlockScanner(texts)
    engine = engine_for(())
    entries = engine.compiled(list(engine.ruleset.rules)).regexes  # what rule matching runs, with its needs and starts
    assert len(entries) > 500
    for e in entries:
        want = [(bi, m.start(), m.end()) for bi, m in scanner.finditer(e.compiled, e.need, e.starts)
                if m.end() > m.start()]
        assert scanner.spans(e.compiled, e.need, e.starts) == want, e.source
    for source in (r"\b", r"(?=Fee)", r"x*", r"fees?|invoices?"):  # empty matches and no known start
        rx = re.compile(source, re.I)
        assert scanner.spans(rx) == [(bi, m.start(), m.end()) for bi, m in scanner.finditer(rx) if m.end() > m.start()]


def test_quantity_guards_are_in_every_match_and_change_no_result(monkeypatch) -> None:
    import bpolint.quantities as quantities

    texts = _quantity_texts() + [
        "between 08:00 and 18:00", "9am-5pm Monday to Friday", "from 9 a.m. to 5.30 p.m.", "2100 Friday through 2100 Sunday",
        "0800-1800 hours", "by noon", "at midnight", "12.30", "on 31 March 2026", "March 31, 2026", "31/03/2026",
        "2026-03-31", "3/4/26", "the 1st day of June, 2027", "\u0663\u0661/\u0660\u0663/2026", "at 5 PM", "7 P.M. EST"]
    patterns = dict(quantities._patterns())
    found = 0
    for text in texts:
        for kind, guard in quantities._GUARDS.items():
            for m in patterns[kind].finditer(text):
                found += 1
                assert guard.search(m.group(0)), (kind, m.group(0))
    assert found >= 15
    guarded = [quantities.find_quantities(t) for t in texts]
    monkeypatch.setattr(quantities, "_GUARDS", {})
    assert [quantities.find_quantities(t) for t in texts] == guarded
