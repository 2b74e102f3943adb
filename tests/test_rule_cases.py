"""Every rule's own pass/fail/todo cases, through the same harness as `bpolint rules test`."""
from __future__ import annotations

import functools

import pytest

from bpolint.ruleset import load_ruleset
from bpolint.ruletest import missing_cases, rule_engine, run_case

RULESET = load_ruleset()
CASES = [(rule, case) for rule in RULESET.rules for case in rule.tests]


@functools.lru_cache(maxsize=None)
def _engine(rule_id: str):
    return rule_engine(RULESET.rule(rule_id), RULESET)


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{r.id}:{c.name}" for r, c in CASES])
def test_rule_case(rule, case):
    result = run_case(rule, case, RULESET, _engine(rule.id))
    if case.expect == "todo":
        # a known gap stays a todo only while it fails: once it passes, it must become a real case
        assert not result.ok, f"{rule.id} {case.name} now passes: rename it to fail_/pass_"
        pytest.xfail(f"known gap: {case.name}")
    assert result.ok, f"{rule.id} {case.name}: {result.detail}\n  text: {case.text}"


def test_every_rule_has_fail_and_pass_cases():
    assert missing_cases(RULESET) == []
