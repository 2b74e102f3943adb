"""The regex prefilters never lose a match, and stored regex programs load as the same pattern."""
from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from bpolint.literals import BlockScanner, WordIndex, finditer_from, fold_case, prefixes, requirement
from bpolint.regex_programs import dumps, from_program, program
from bpolint.ruleset import load_ruleset

REPO = Path(__file__).resolve().parents[1]


def _rule_regexes() -> list[str]:
    out = []
    for r in load_ruleset().rules:
        for p in (r.detect.match, r.detect.not_inside, r.detect.unless) if r.detect else ():
            out.extend(p.regex)
        if r.companion:
            out.extend(r.companion.match.regex)
    for v in load_ruleset().vocabularies.values():
        for e in v.entries:
            out.extend(e.unless.regex)
    return [rx for rx in dict.fromkeys(out) if "{" not in rx]


@pytest.fixture(scope="module")
def blocks() -> list[str]:
    texts = []
    for path in sorted((REPO / "corpora").rglob("*.md")):
        texts.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
    # case the regex sees through: a Kelvin sign, a dotless i and a long s fold to k, i and s
    texts.append("The \u212aey Personnel shall be L\u0131censed; \u017fervices shall be available 99.9% of the time.")
    return texts


def test_requirement_and_prefix_never_lose_a_match(blocks) -> None:
    scanner = BlockScanner(blocks)
    checked = 0
    for source in _rule_regexes():
        rx = re.compile(source, re.I)
        expected = [(bi, m.span()) for bi, text in enumerate(blocks) for m in rx.finditer(text)]
        got = [(bi, m.span()) for bi, m in scanner.finditer(rx, requirement(source, re.I), prefixes(source, re.I))]
        assert got == expected, source
        checked += bool(expected)
    assert checked > 50  # the corpus exercises most regexes


def test_requirement_reads_words_every_match_needs() -> None:
    need = requirement(r"notif(?:y|ication)[^.]{0,80}(?:security\s+)?breach", re.I)
    assert frozenset({"notif"}) in need and frozenset({"breach"}) in need
    assert requirement(r"\d+\s*%", re.I) == ()  # nothing to require
    assert requirement(r"(?:terminat\w+|expir\w+)", re.I) == (frozenset({"terminat", "expir"}),)
    index = WordIndex(["The Supplier shall notify the Customer of a breach.", "No notice here."])
    assert index.candidates(requirement(r"notif\w*[^.]{0,80}breach", re.I)) == {0}


def test_prefix_search_finds_the_same_matches() -> None:
    rx = re.compile(r"(?<![\w-])(?:call[\s-]?cent(?:re|er)s?|callers?)(?![\w-])", re.I)
    text = "recallers and Callers: the Call Centre, call-centers and callcentres; a recall center"
    assert prefixes(rx.pattern, re.I) == frozenset({"call"})
    assert [m.span() for m in finditer_from(rx, text, fold_case(text), frozenset({"call"}))] == \
           [m.span() for m in rx.finditer(text)]


def test_stored_programs_load_as_the_same_patterns() -> None:
    sources = _rule_regexes()
    for source in sources:
        compiled = re.compile(source, re.I)
        assert from_program(program(source, compiled.flags)) == compiled
    loaded = pickle.loads(dumps([re.compile(s, re.I) for s in sources]))
    assert loaded == [re.compile(s, re.I) for s in sources]


def test_candidate_blocks_are_those_whose_words_meet_every_clause() -> None:
    import random

    rng = random.Random(7)
    vocabulary = ["notify", "notification", "breach", "Supplier", "service", "levels", "terminate", "expiry",
                  "audit", "records", "K\u212aelvin", "\u0130nsurance", "shall", "data"]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 8))) for _ in range(70)]
    index = WordIndex(texts)
    literals = ["notif", "breach", "servic", "level", "termin", "audit", "insur", "kelvin", "shall", "absent"]
    for _ in range(300):
        need = tuple(frozenset(rng.sample(literals, rng.randint(1, 3))) for _ in range(rng.randint(0, 3)))
        words = [re.findall(r"\w+", fold_case(t)) for t in texts]
        expected = [i for i, ws in enumerate(words) if all(any(lit in w for w in ws for lit in c) for c in need)]
        assert index.candidate_list(need) == expected, need
        assert index.candidates(need) == set(expected)
