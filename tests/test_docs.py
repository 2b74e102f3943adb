"""The generated rules reference must match the rule files."""
from __future__ import annotations

from bpolint.docs import rules_reference
from bpolint.ruleset import load_ruleset
from conftest import REPO


def test_rules_reference_is_up_to_date():
    expected = rules_reference(load_ruleset()) + "\n"
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, "docs/rules.md is stale: run `bpolint rules doc -o docs/rules.md`"


def test_every_taxonomy_topic_has_a_rule():
    rs = load_ruleset()
    assert set(rs.taxonomy.topics) <= rs.covered_topics()
