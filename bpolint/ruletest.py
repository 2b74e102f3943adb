"""The rule self-test harness, shared by pytest and ``bpolint rules test``.

Each rule carries ``fail_*`` cases (it must fire), ``pass_*`` cases (it must not)
and ``todo_*`` cases (known gaps, reported but not failing).
"""
from __future__ import annotations

from dataclasses import dataclass

from .engine import Engine
from .extract.plain import document_from_text
from .ruleset import Rule, RuleSet
from .ruleset.model import RuleCase
from .segment import segment


@dataclass(frozen=True)
class CaseResult:
    rule: Rule
    case: RuleCase
    fired: int
    ok: bool
    detail: str

    @property
    def id(self) -> str:
        return f"{self.rule.id}:{self.case.name}"


def case_services(rule: Rule, case: RuleCase, ruleset: RuleSet) -> tuple[str, ...]:
    """Service types a case runs under: its own, else the rule's, else one the topic applies to."""
    if case.service_types:
        return case.service_types
    if "all" not in rule.service_types:
        return rule.service_types[:1]
    levels = ruleset.taxonomy.topics[rule.topic].levels
    return () if "all" in levels else tuple(list(levels)[:1])


def rule_engine(rule: Rule, ruleset: RuleSet) -> Engine:
    """An engine holding ``rule`` alone, so that a case sees no other rule's findings."""
    return Engine(RuleSet(ruleset.taxonomy, (rule,), ruleset.vocabularies))


def run_case(rule: Rule, case: RuleCase, ruleset: RuleSet, engine: Engine | None = None) -> CaseResult:
    engine = engine or rule_engine(rule, ruleset)
    doc = document_from_text(case.text, f"{rule.id}:{case.name}")
    result = engine.evaluate(segment(doc), case_services(rule, case, ruleset))
    fired = sum(1 for f in result.findings if f.rule == rule.id)
    if case.expect == "pass":
        ok = fired == 0
        detail = "" if ok else "fired: " + "; ".join(f.evidence or f.message for f in result.findings)[:300]
    else:
        ok = fired > 0 if case.count is None else fired == case.count
        detail = "" if ok else (f"fired {fired} times, expected {case.count}" if case.count is not None and fired
                                else "did not fire")
    return CaseResult(rule, case, fired, ok, detail)


def run_all(ruleset: RuleSet, only: str | None = None) -> list[CaseResult]:
    results = []
    for rule in ruleset.rules:
        if only and only not in (rule.id, rule.name):
            continue
        engine = rule_engine(rule, ruleset)
        for case in rule.tests:
            results.append(run_case(rule, case, ruleset, engine))
    return results


def missing_cases(ruleset: RuleSet) -> list[str]:
    """Rules without a fail case or without a pass case."""
    out = []
    for rule in ruleset.rules:
        kinds = {c.expect for c in rule.tests}
        for need in ("fail", "pass"):
            if need not in kinds:
                out.append(f"{rule.file}:{rule.line}: rule {rule.id} has no {need}_ case")
    return out
