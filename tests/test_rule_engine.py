"""Engine semantics that rule authors rely on, tested with small inline rule sets."""
from __future__ import annotations

from pathlib import Path

from bpolint.api import lint_text
from bpolint.config import Overrides


def _ruleset(tmp_path: Path, body: str) -> str:
    d = tmp_path / "rs" / "common"
    d.mkdir(parents=True, exist_ok=True)
    (d / "r.yaml").write_text(body)
    return str(tmp_path / "rs")


RULE = """rules:
  - id: ZZ01
    name: zz.test
    topic: legal.exclusivity
    title: t
    check: forbidden
    detect:
      regex: ['alpha beta gamma', 'beta', 'exclusive provider']
      not-inside: [gamma]
{extra}    message: m
    tests: {{fail_a: x, pass_b: y}}
"""


def _findings(tmp_path, text, extra=""):
    rules = _ruleset(tmp_path, RULE.format(extra=extra))
    report = lint_text(text, ["customer-support"], Overrides(rules=(rules,)))
    return [f for f in report.findings if f.rule == "ZZ01"]


def test_not_inside_is_applied_before_overlapping_hits_merge(tmp_path):
    # "alpha beta gamma" is excluded (it overlaps "gamma"); "beta" inside it is not and must survive
    found = _findings(tmp_path, "The Supplier shall alpha beta gamma delta.")
    assert [f.location.column for f in found] == [26]


def test_companion_on_forbidden_rule_is_a_requirement(tmp_path):
    extra = "    companion: {phrases: [customer], scope: sentence}\n"
    assert _findings(tmp_path, "Acme is the exclusive provider to the Customer.", extra)
    assert not _findings(tmp_path, "Acme is the exclusive provider. The Customer agrees.", extra)


def test_bounded_gaps_run_over_abbreviation_periods(tmp_path):
    body = RULE.replace("regex: ['alpha beta gamma', 'beta', 'exclusive provider']",
                        "regex: ['solicit[^.]{{0,60}}employees']").replace("not-inside: [gamma]", "not-inside: [zzz]")
    rules = _ruleset(tmp_path, body.format(extra=""))
    opts = Overrides(rules=(rules,))
    text = "Neither party shall solicit any of XYZ Corp. or its affiliates' employees."
    assert [f for f in lint_text(text, ["customer-support"], opts).findings if f.rule == "ZZ01"]
    # a real sentence end still stops the gap
    text = "Neither party shall solicit any customers. Employees may apply."
    assert not [f for f in lint_text(text, ["customer-support"], opts).findings if f.rule == "ZZ01"]
