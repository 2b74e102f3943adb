"""Every rule's own pass/fail/todo cases, through the same harness as `bpolint rules test`."""
from __future__ import annotations

import pytest

from bpolint.ruleset import load_ruleset
from bpolint.ruletest import missing_cases, run_case

RULESET = load_ruleset()
CASES = [(rule, case) for rule in RULESET.rules for case in rule.tests]


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{r.id}:{c.name}" for r, c in CASES])
def test_rule_case(rule, case):
    result = run_case(rule, case, RULESET)
    if case.expect == "todo":
        if not result.ok:
            pytest.xfail(f"known gap: {case.name}")
        return
    assert result.ok, f"{rule.id} {case.name}: {result.detail}\n  text: {case.text}"


def test_every_rule_has_fail_and_pass_cases():
    assert missing_cases(RULESET) == []


def test_every_rule_names_a_taxonomy_topic():
    for rule in RULESET.rules:
        assert rule.topic in RULESET.taxonomy.topics


def test_rule_ids_and_names_are_unique():
    ids = [r.id for r in RULESET.rules]
    names = [r.name for r in RULESET.rules]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))
