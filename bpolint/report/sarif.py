"""SARIF 2.1.0 output, for code-scanning views of contract-template repositories."""
from __future__ import annotations

import json
from pathlib import Path

from ..fingerprint import SCHEME
from ..model import Notice, Report
from ..ruleset import RuleSet

LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(report: Report, ruleset: RuleSet) -> str:
    used: dict[str, int] = {}
    rules = []
    results = []
    artifacts: dict[str, int] = {}
    for fr in report.files:
        if fr.file not in artifacts:
            artifacts[fr.file] = len(artifacts)
        for f in fr.findings:
            if f.rule not in used:
                used[f.rule] = len(rules)
                rule = ruleset.rule(f.rule)
                rules.append({
                    "id": f.rule,
                    "name": rule.name if rule else f.rule_name,
                    "shortDescription": {"text": rule.title if rule else f.rule},
                    "fullDescription": {"text": " ".join((rule.why_for(()) or rule.title).split()) if rule else f.rule},
                    "help": {"text": " ".join((rule.suggestion or rule.title).split()) if rule else ""},
                    "defaultConfiguration": {"level": LEVEL[(rule.severity if rule and rule.severity else f.severity.value)]},
                    "properties": {"topic": f.topic, "check": rule.check if rule else None},
                })
            loc = f.location
            region = {"startLine": loc.line, "startColumn": loc.column}
            if loc.end_line and loc.end_column:
                region.update(endLine=loc.end_line, endColumn=loc.end_column)
            if f.evidence:
                region["snippet"] = {"text": f.evidence}
            results.append({
                "ruleId": f.rule,
                "ruleIndex": used[f.rule],
                "level": LEVEL[f.severity.value],
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": Path(fr.file).as_posix(), "index": artifacts[fr.file]},
                                         "region": region},
                    "logicalLocations": [{"name": loc.clause, "kind": "clause"}] if loc.clause else [],
                }],
                "partialFingerprints": {SCHEME: f.fingerprint},
                "properties": {"topic": f.topic, "suggestion": f.suggestion, "heading": loc.heading,
                               "page": loc.page, "part": loc.part},
            })
    run = {
        "tool": {"driver": {"name": "bpolint", "version": report.version, "informationUri": "https://github.com/bpolint/bpolint",
                            "rules": rules}},
        "artifacts": [{"location": {"uri": Path(a).as_posix()}} for a in artifacts],
        "results": results,
        "invocations": [{"executionSuccessful": not any(fr.error for fr in report.files),
                         "toolExecutionNotifications": [{"level": "error", "message": {"text": fr.error}}
                                                        for fr in report.files if fr.error],
                         "toolConfigurationNotifications": [_notice(n) for n in report.all_notices()]}],
    }
    return json.dumps({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]},
                      indent=2, ensure_ascii=False) + "\n"


def _notice(n: Notice) -> dict:
    """A waiver, suppression or baseline entry that matched nothing, where it is written."""
    region = {"startLine": n.line} if n.line else None
    location = {"physicalLocation": {"artifactLocation": {"uri": Path(n.file).as_posix()},
                                     **({"region": region} if region else {})}}
    return {"level": "warning", "descriptor": {"id": n.code}, "message": {"text": n.message}, "locations": [location]}
