"""Engine semantics that rule authors rely on, tested with small inline rule sets."""
from __future__ import annotations

from pathlib import Path

import pytest

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


def test_every_declared_check_kind_and_detector_is_implemented_and_nothing_else():
    from bpolint.checks import REGISTRY
    from bpolint.checks.hygiene import DETECTORS
    from bpolint.ruleset.model import CHECK_KINDS, HYGIENE_DETECTORS

    assert set(REGISTRY) == set(CHECK_KINDS)
    assert set(DETECTORS) == set(HYGIENE_DETECTORS)


@pytest.mark.parametrize("options,needle", [
    ("{one-per-sentense: true}", "unknown option for a vague rule"),
    ("{require-obligation: 'yes'}", "'options.require-obligation' must be true or false"),
    ("{holder: supplier}", "must be one of provider, customer"),
    ("{max-findings: 3}", "unknown option for a vague rule"),
])
def test_rule_options_are_checked_against_the_check_kind(tmp_path, options, needle):
    from bpolint.errors import BpolintError
    from bpolint.ruleset import load_ruleset

    rules = tmp_path / "r" / "common"
    rules.mkdir(parents=True)
    (rules / "x.yaml").write_text(
        "rules:\n  - id: ZZ09\n    name: zz.options\n    topic: wording.vague\n    title: t\n    check: vague\n"
        "    detect: {vocab: vague-standards}\n    message: m\n"
        f"    options: {options}\n    tests: {{fail_a: x, pass_b: y}}\n")
    with pytest.raises(BpolintError) as exc:
        load_ruleset((str(tmp_path / "r"),))
    assert needle in str(exc.value) and "x.yaml:9" in str(exc.value) and "ZZ09" in str(exc.value)


def test_options_get_their_defaults_at_load():
    from bpolint.ruleset import load_ruleset

    rs = load_ruleset()
    options = dict(rs.rule("HY02").options)
    assert "Incident" in options.pop("term-heads")  # set by the rule file
    assert options == {"max-findings": 50, "min-definitions": 3, "min-uses": 2}
    assert rs.rule("WD03").options["holder"] == "provider" and rs.rule("WD01").options["one-per-sentence"] is False


def test_duplicate_rule_names_are_rejected(tmp_path):
    from bpolint.errors import BpolintError
    from bpolint.ruleset import load_ruleset

    rules = tmp_path / "r" / "common"
    rules.mkdir(parents=True)
    (rules / "x.yaml").write_text(
        "rules:\n  - id: ZZ08\n    name: wording.vague-standard\n    topic: wording.vague\n    title: t\n"
        "    check: vague\n    detect: {vocab: vague-standards}\n    message: m\n    tests: {fail_a: x, pass_b: y}\n")
    with pytest.raises(BpolintError) as exc:
        load_ruleset((str(tmp_path / "r"),))
    assert exc.value.code == "E214" and "WD01" in str(exc.value)


def test_unknown_topic_is_rejected_with_its_line(tmp_path):
    from bpolint.errors import BpolintError
    from bpolint.ruleset import load_ruleset

    rules = tmp_path / "r" / "common"
    rules.mkdir(parents=True)
    (rules / "x.yaml").write_text(
        "rules:\n  - id: ZZ07\n    name: zz.topic\n    topic: sla.nonesuch\n    title: t\n    check: required\n"
        "    detect: {phrases: [x]}\n    message: m\n    tests: {fail_a: x, pass_b: y}\n")
    with pytest.raises(BpolintError) as exc:
        load_ruleset((str(tmp_path / "r"),))
    assert exc.value.code == "E207" and exc.value.line == 4


def test_duty_bound_entries_need_a_duty_in_their_sentence(tmp_path):
    """`duty-bound` keeps a vocabulary entry to sentences that impose a duty, while the rule's other entries still
    fire without one (`require-obligation: false`)."""
    body = ("rules:\n  - id: ZZ08\n    name: zz.duty-bound\n    topic: wording.weak-obligation\n    title: t\n"
            "    check: vague\n    detect: {vocab: weak-obligations}\n    message: m\n"
            "    options: {require-obligation: false, duty-bound: [where possible]}\n"
            "    tests: {fail_a: x, pass_b: y}\n")
    rules = _ruleset(tmp_path, body)

    def found(text):
        report = lint_text(text, ["customer-support"], Overrides(rules=(rules,)))
        return sorted(f.evidence.lower() for f in report.findings if f.rule == "ZZ08")

    assert found("The Supplier shall, where possible, resolve incidents on the first call.") == ["where possible"]
    assert found("Whenever possible, each business unit permits consumers to see their data.") == []
    assert found("Swap equipment is subject to availability.") == ["subject to availability"]
