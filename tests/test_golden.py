"""Golden tests: the sample drafts in corpora/ against their expectations files.

Weak drafts must fail with the expected topics missing, unquantified, vague or
flagged; strong drafts must have no error findings.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bpolint.api import lint_file
from conftest import REPO

DRAFTS = sorted(p for p in (REPO / "corpora").rglob("*.expected.yaml"))


def _draft_for(expected: Path) -> Path:
    stem = expected.name[: -len(".expected.yaml")]
    matches = [p for p in expected.parent.glob(stem + ".*") if not p.name.endswith(".expected.yaml")]
    assert len(matches) == 1, f"no single draft for {expected}"
    return matches[0]


@pytest.fixture(scope="module", params=DRAFTS, ids=[str(p.relative_to(REPO / "corpora")) for p in DRAFTS])
def golden(request):
    spec = yaml.safe_load(request.param.read_text())
    draft = _draft_for(request.param)
    report = lint_file(draft, service_types=spec["service-types"])
    return spec, report


def test_expected_topic_statuses(golden):
    spec, report = golden
    got = {t.topic: t.status for t in report.topics}
    wrong = {topic: (want, got.get(topic, "not checked")) for topic, want in (spec.get("topics") or {}).items()
             if got.get(topic) != want}
    assert not wrong, "topic: (expected, reported)\n" + "\n".join(f"  {k}: {v}" for k, v in sorted(wrong.items()))


def test_weak_drafts_fail_and_strong_drafts_have_no_errors(golden):
    spec, report = golden
    errors = [f for f in report.findings if f.severity.value == "error"]
    if spec.get("must-fail"):
        assert errors, "a weak draft must produce error findings"
    else:
        assert not errors, "\n".join(f"{f.location.line}: {f.rule} {f.message}" for f in errors)


def test_detected_service_types_match(golden):
    spec, report = golden
    detected = lint_file(report.file).detection.service_types
    assert set(spec["service-types"]) <= set(detected), detected
