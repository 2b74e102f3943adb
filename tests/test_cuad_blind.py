"""Regression guard on the clause sets for CUAD-mapped topics (tests/data/cuad_blind*.yaml).

The sets were written from the CUAD category descriptions before the rules were read;
bench/cuad_blind*.md record the blind figures. Here they only guard against regressions.
"""
from __future__ import annotations

import pytest
import yaml

from bpolint.api import lint_text
from bpolint.ruleset import load_ruleset
from conftest import REPO

SETS = sorted((REPO / "tests" / "data").glob("cuad_blind*.yaml"))
# Share of clauses classified right, per set: a little under the level reached when the
# set was last used to fix rules (bench/cuad_blind*.md), so a regression fails.
FLOORS = {"cuad_blind.yaml": 0.97, "cuad_blind2.yaml": 0.95, "cuad_blind3.yaml": 0.95, "cuad_blind4.yaml": 0.95,
          "cuad_blind5.yaml": 0.95, "cuad_blind6.yaml": 0.92,
          "cuad_blind7.yaml": 0.95}


def _positive(topic_kind: str, cuad_positive: tuple[str, ...]) -> set[str]:
    if cuad_positive:
        return set(cuad_positive)
    return {"flagged"} if topic_kind == "risk" else {"present", "unquantified", "vague"}


@pytest.mark.parametrize("path", SETS, ids=[p.name for p in SETS])
def test_clause_set_accuracy(path):
    taxonomy = load_ruleset().taxonomy
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    right = total = 0
    misses = []
    for topic_id, cases in data.items():
        topic = taxonomy.topics[topic_id]
        positive = _positive(topic.kind, topic.cuad_positive)
        for expect, snippets in (("positive", cases.get("positive", [])), ("negative", cases.get("negative", []))):
            for text in snippets:
                statuses = {t.topic: t.status for t in lint_text(text, ["it-services"]).topics}
                detected = statuses.get(topic_id) in positive
                ok = detected == (expect == "positive")
                right += ok
                total += 1
                if not ok:
                    misses.append(f"{topic_id} {expect}: {text[:120]}")
    floor = FLOORS.get(path.name, 0.90)
    assert total and right / total >= floor, f"{right}/{total}\n" + "\n".join(misses)
