"""Hits -> findings and one status per topic.

Runs each applicable rule's check, then folds the outcomes of the rules that share
a topic into that topic's status: for requirement topics the quantified rules
decide between present, unquantified and vague; risk, wording and hygiene topics
are flagged when any of their rules flagged something.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .checks import CheckContext, Outcome, run_check
from .match import CompiledRules
from .model import Evidence, Finding, Measure, Severity, Status, TopicResult
from .ruleset import Rule, RuleSet
from .segment import Segmentation

MAX_MEASURES = 24  # per topic: a long schedule of figures stays a bounded JSON entry
# the best of several quantified rules serving one topic decides its status
_STATUS_ORDER = {Status.PRESENT: 4, Status.UNQUANTIFIED: 3, Status.VAGUE: 2, Status.MISSING: 1}


@dataclass(frozen=True)
class Evaluation:
    findings: tuple[Finding, ...]
    topics: tuple[TopicResult, ...]


class Engine:
    """Runs one rule set's checks over segmented documents.

    Matchers are compiled once per selection of rules (service types minus disabled
    rules) and kept for the engine's life, so a run over many files compiles each once.
    """

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._compiled: dict[tuple[str, ...], CompiledRules] = {}

    def rules_for(self, service_types: tuple[str, ...], disabled: frozenset[str] | set[str] = frozenset()) -> list[Rule]:
        return [r for r in self.ruleset.for_services(service_types) if r.id not in disabled and r.name not in disabled]

    def compiled(self, rules: list[Rule]) -> CompiledRules:
        key = tuple(r.id for r in rules)
        if key not in self._compiled:
            self._compiled[key] = CompiledRules(rules, self.ruleset.vocabularies)
        return self._compiled[key]

    def evaluate(self, seg: Segmentation, service_types: tuple[str, ...],
                 disabled: frozenset[str] | set[str] = frozenset(),
                 severity_overrides: dict[str, str] | None = None) -> Evaluation:
        rules = self.rules_for(service_types, disabled)
        hits = self.compiled(rules).run(seg)
        ctx = CheckContext(seg, hits, self.ruleset.taxonomy, service_types, self.ruleset.vocabularies)
        outcomes = [run_check(rule, ctx) for rule in rules]
        findings = _one_per_paragraph([f for o in outcomes for f in o.findings], {r.id: r.check for r in rules})
        if severity_overrides:
            findings = [_override(f, severity_overrides) for f in findings]
        findings.sort(key=lambda f: (f.location.line, f.location.column, f.rule))
        return Evaluation(tuple(findings), tuple(aggregate(outcomes, self.ruleset, service_types)))


def evaluate(seg: Segmentation, ruleset: RuleSet, service_types: tuple[str, ...],
             disabled: frozenset[str] | set[str] = frozenset(),
             severity_overrides: dict[str, str] | None = None) -> Evaluation:
    """One document with a throwaway engine (rule tests, one-off use)."""
    return Engine(ruleset).evaluate(seg, service_types, disabled, severity_overrides)


def _one_per_paragraph(findings: list[Finding], checks: dict[str, str]) -> list[Finding]:
    """A risk pattern repeated in one paragraph is one finding: the reviewer fixes the clause once.

    Vague-wording findings stay separate, since each expression has its own fix.
    """
    seen: set[tuple] = set()
    out = []
    for f in findings:
        if checks.get(f.rule) in ("forbidden", "conditional"):
            key = (f.rule, f.location.part, f.location.paragraph, f.location.clause, f.location.page)
            if key in seen:
                continue
            seen.add(key)
        out.append(f)
    return out


def _override(f: Finding, overrides: dict[str, str]) -> Finding:
    sev = overrides.get(f.rule) or overrides.get(f.rule_name)
    return replace(f, severity=Severity(sev)) if sev else f


def aggregate(outcomes: list[Outcome], ruleset: RuleSet, service_types: tuple[str, ...]) -> list[TopicResult]:
    by_topic: dict[str, list[Outcome]] = {}
    for o in outcomes:
        by_topic.setdefault(o.rule.topic, []).append(o)
    results = []
    for topic, level in ruleset.taxonomy.applicable(service_types):
        outs = by_topic.get(topic.id)
        if not outs:
            continue  # no rule covers it: never claim a check we did not make
        measures: tuple[Measure, ...] = ()
        if topic.kind == "requirement":
            status, evidence = _requirement_status(outs)
            if status is Status.PRESENT:
                measures = _measures(outs)
        else:
            flagged = [o for o in outs if o.status is Status.FLAGGED]
            status = Status.FLAGGED if flagged else Status.CLEAR
            evidence = [e for o in flagged for e in o.evidence] or [
                Evidence(f.evidence, f.location, span=f.evidence_span) for o in flagged for f in o.findings]
        results.append(TopicResult(topic.id, level, status, tuple(_operative_only(evidence)[:3]), measures))
    return results


def _operative_only(evidence: list[Evidence]) -> list[Evidence]:
    """Several rules' evidence for one topic: operative sentences where any rule found one,
    definitions and bare headings only when nothing else mentions the topic."""
    operative = [e for e in evidence if e.kind == "operative"]
    return operative or evidence


def _measures(outs: list[Outcome]) -> tuple[Measure, ...]:
    """The figures of a present topic: those its quantified rules found, in document order, once each."""
    found = {(m.location.line, m.location.column): m for o in outs if o.rule.check == "quantified"
             and o.status is Status.PRESENT for m in o.measures}
    return tuple(found[k] for k in sorted(found))[:MAX_MEASURES]


def _requirement_status(outs: list[Outcome]) -> tuple[Status, list[Evidence]]:
    quantified = [o for o in outs if o.rule.check == "quantified" and o.status]
    others = [o for o in outs if o.rule.check != "quantified" and o.status]
    if quantified:
        best = max(quantified, key=lambda o: _STATUS_ORDER.get(o.status, 0))
        if best.status is Status.MISSING:
            mentioned = [o for o in others if o.status in (Status.PRESENT, Status.VAGUE)]
            if mentioned:
                status = Status.VAGUE if all(o.status is Status.VAGUE for o in mentioned) else Status.UNQUANTIFIED
                return status, mentioned[0].evidence
        return best.status, best.evidence
    for status in (Status.PRESENT, Status.VAGUE):
        found = [o for o in others if o.status is status]
        if found:
            return status, [e for o in found for e in o.evidence]
    return Status.MISSING, []
