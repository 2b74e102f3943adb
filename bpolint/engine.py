"""Hits -> findings and one status per topic.

Runs each applicable rule's check, then folds the outcomes of the rules that share
a topic into that topic's status: for requirement topics the quantified rules
decide between present, unquantified and vague; risk, wording and hygiene topics
are flagged when any of their rules flagged something.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .checks import CheckContext, Outcome, run_check
from .match import CompiledRules
from .model import Evidence, Finding, TopicResult
from .ruleset import RuleSet
from .segment import Segmentation

_STATUS_ORDER = {"present": 4, "unquantified": 3, "vague": 2, "missing": 1}
_DISABLE = re.compile(r"bpolint:\s*disable=([A-Za-z0-9_.,\s-]+?)(?:\s*-->|\s*$|\s+\S+:)", re.M)

# Compiled matchers per rule selection. The value keeps the rules alive, so the ids
# in the key cannot be reused by other objects.
_compiled: dict[tuple, tuple[list, CompiledRules]] = {}


@dataclass(frozen=True)
class Evaluation:
    findings: tuple[Finding, ...]
    topics: tuple[TopicResult, ...]


def _compile(ruleset: RuleSet, rules: list) -> CompiledRules:
    key = tuple(id(r) for r in rules) + (id(ruleset.vocabularies),)
    if key not in _compiled:
        if len(_compiled) > 256:
            _compiled.clear()
        _compiled[key] = (list(rules) + [ruleset.vocabularies], CompiledRules(rules, ruleset.vocabularies))
    return _compiled[key][1]


def inline_disabled(text: str) -> set[str]:
    """Rule ids or names switched off by ``bpolint: disable=ID[,ID]`` comments in the text."""
    out: set[str] = set()
    for m in _DISABLE.finditer(text):
        out.update(x.strip() for x in m.group(1).split(",") if x.strip())
    return out


def evaluate(seg: Segmentation, ruleset: RuleSet, service_types: tuple[str, ...],
             disabled: set[str] | frozenset = frozenset(),
             severity_overrides: dict[str, str] | None = None) -> Evaluation:
    off = set(disabled) | inline_disabled(seg.document.text) if "bpolint:" in seg.document.text else set(disabled)
    rules = [r for r in ruleset.for_services(service_types) if r.id not in off and r.name not in off]
    compiled = _compile(ruleset, rules)
    hits = compiled.run(seg)
    ctx = CheckContext(seg, hits, ruleset.taxonomy, service_types, ruleset.vocabularies)
    outcomes = [run_check(rule, ctx) for rule in rules]
    findings = _one_per_paragraph([f for o in outcomes for f in o.findings], {r.id: r.check for r in rules})
    if severity_overrides:
        findings = [_override(f, severity_overrides) for f in findings]
    findings.sort(key=lambda f: (f.location.line, f.location.column, f.rule))
    return Evaluation(tuple(findings), tuple(aggregate(outcomes, ruleset, service_types)))


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
    from dataclasses import replace

    from .model import Severity

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
        if topic.kind == "requirement":
            status, evidence = _requirement_status(outs)
        else:
            flagged = [o for o in outs if o.status == "flagged"]
            status = "flagged" if flagged else "clear"
            evidence = [e for o in flagged for e in o.evidence] or [
                Evidence(f.evidence, f.location) for o in flagged for f in o.findings]
        results.append(TopicResult(topic.id, level, status, tuple(evidence[:3])))
    return results


def _requirement_status(outs: list[Outcome]) -> tuple[str, list[Evidence]]:
    quantified = [o for o in outs if o.rule.check == "quantified" and o.status]
    others = [o for o in outs if o.rule.check != "quantified" and o.status]
    if quantified:
        best = max(quantified, key=lambda o: _STATUS_ORDER.get(o.status, 0))
        if best.status == "missing":
            mentioned = [o for o in others if o.status in ("present", "vague")]
            if mentioned:
                status = "vague" if all(o.status == "vague" for o in mentioned) else "unquantified"
                return status, mentioned[0].evidence
        return best.status, best.evidence
    for status in ("present", "vague"):
        found = [o for o in others if o.status == status]
        if found:
            return status, [e for o in found for e in o.evidence]
    return "missing", []
