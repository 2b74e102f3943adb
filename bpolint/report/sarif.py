"""SARIF 2.1.0 output, for code-scanning views of contract-template repositories."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Callable, Sequence

from ..fingerprint import SCHEME
from ..model import FileReport, Finding, Notice, Report
from ..ruleset import Rule, RuleSet

LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(report: Report, ruleset: RuleSet) -> str:
    parts: list[str] = []
    stream = SarifStream(parts.append, report.version, ruleset)
    for fr in report.files:
        stream.file(fr)
    stream.finish(report.notices)
    return "".join(parts)


class SarifStream:
    """The SARIF log of a run written as its files arrive: each file's results go to a spool file
    at once, since the rules they use are listed before them; only the rules, the artifacts and
    the error lines are kept until the end."""

    def __init__(self, write: Callable[[str], None], version: str, ruleset: RuleSet) -> None:
        self._write, self._version, self._ruleset = write, version, ruleset
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._results = 0
        self._used: dict[str, int] = {}
        self._rules: list[dict] = []
        self._artifacts: dict[str, int] = {}
        self._errors: list[str] = []
        self._notices: list[Notice] = []

    def file(self, fr: FileReport) -> None:
        if fr.file not in self._artifacts:
            self._artifacts[fr.file] = len(self._artifacts)
        if fr.error:
            self._errors.append(fr.error)
        self._notices.extend(fr.notices)
        for f in fr.findings:
            if f.rule not in self._used:
                self._used[f.rule] = len(self._rules)
                self._rules.append(_rule(f, self._ruleset.rule(f.rule)))
            self._spool.write(",\n        " if self._results else "\n        ")
            self._spool.write(_dumps(_result(f, fr.file, self._used[f.rule], self._artifacts[fr.file]), 4))
            self._results += 1

    def finish(self, notices: Sequence[Notice]) -> None:
        try:
            run = {
                "tool": {"driver": {"name": "bpolint", "version": self._version,
                                    "informationUri": "https://github.com/bpolint/bpolint", "rules": self._rules}},
                "artifacts": [{"location": {"uri": Path(a).as_posix()}} for a in self._artifacts],
                "results": [],
                "invocations": [{"executionSuccessful": not self._errors,
                                 "toolExecutionNotifications": [{"level": "error", "message": {"text": e}}
                                                                for e in self._errors],
                                 "toolConfigurationNotifications": [_notice(n) for n in [*notices, *self._notices]]}],
            }
            doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
            head, tail = json.dumps(doc, indent=2, ensure_ascii=False).split('"results": []', 1)
            if not self._results:
                self._write(head + '"results": []' + tail + "\n")
                return
            self._write(head + '"results": [')
            self._spool.seek(0)
            while chunk := self._spool.read(1 << 20):
                self._write(chunk)
            self._write("\n      ]" + tail + "\n")
        finally:
            self._spool.close()


def _dumps(value: object, depth: int) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


def _rule(f: Finding, rule: Rule | None) -> dict:
    return {
        "id": f.rule,
        "name": rule.name if rule else f.rule_name,
        "shortDescription": {"text": rule.title if rule else f.rule},
        "fullDescription": {"text": " ".join((rule.why_for(()) or rule.title).split()) if rule else f.rule},
        "help": {"text": " ".join((rule.suggestion or rule.title).split()) if rule else ""},
        "defaultConfiguration": {"level": LEVEL[(rule.severity if rule and rule.severity else f.severity.value)]},
        "properties": {"topic": f.topic, "check": rule.check if rule else None},
    }


def _result(f: Finding, file: str, rule_index: int, artifact_index: int) -> dict:
    loc = f.location
    region: dict = {"startLine": loc.line, "startColumn": loc.column}
    if loc.end_line and loc.end_column:
        region.update(endLine=loc.end_line, endColumn=loc.end_column)
    if f.evidence:
        region["snippet"] = {"text": f.evidence}
    return {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": Path(file).as_posix(), "index": artifact_index},
                                 "region": region},
            "logicalLocations": [{"name": loc.clause, "kind": "clause"}] if loc.clause else [],
        }],
        "partialFingerprints": {SCHEME: f.fingerprint},
        "properties": {"topic": f.topic, "suggestion": f.suggestion, "heading": loc.heading,
                       "page": loc.page, "part": loc.part},
    }


def _notice(n: Notice) -> dict:
    """A waiver, suppression or baseline entry that matched nothing, where it is written."""
    region = {"startLine": n.line} if n.line else None
    location = {"physicalLocation": {"artifactLocation": {"uri": Path(n.file).as_posix()},
                                     **({"region": region} if region else {})}}
    return {"level": "warning", "descriptor": {"id": n.code}, "message": {"text": n.message}, "locations": [location]}
