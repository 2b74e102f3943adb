"""Draft against draft: what a revision introduced, what it resolved, which topics moved.

Findings are matched on their fingerprints (rule, topic, folded evidence, clause heading;
see :mod:`bpolint.fingerprint`), so renumbering and edits elsewhere do not count as
changes; a finding whose clause heading changed is still matched on its evidence. The
two drafts may be in different formats (our DOCX against the supplier's PDF).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from .fingerprint import normalise
from .model import FileReport, Finding, Severity, TopicResult
from .report.markdown import escape as md_escape


@dataclass(frozen=True)
class StatusChange:
    topic: str
    before: str | None  # None: not reported for that draft
    after: str | None


@dataclass(frozen=True)
class Comparison:
    old: str
    new: str
    introduced: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    unchanged: int
    topics: tuple[StatusChange, ...]

    def introduces_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.introduced)


def _loose(f: Finding) -> tuple[str, str, str]:
    return (f.rule, f.topic, normalise(f.quoted))


def compare(old: FileReport, new: FileReport) -> Comparison:
    old_fp = Counter(f.fingerprint.split(":")[0] for f in old.findings)
    new_fp = Counter(f.fingerprint.split(":")[0] for f in new.findings)
    introduced = _unmatched(new.findings, old_fp)
    resolved = _unmatched(old.findings, new_fp)
    # a second pass on the evidence alone: the clause heading was reworded around the same words
    old_loose = Counter(_loose(f) for f in resolved)
    new_loose = Counter(_loose(f) for f in introduced)
    introduced = _unmatched_loose(introduced, old_loose)
    resolved = _unmatched_loose(resolved, new_loose)
    unchanged = len(new.findings) - len(introduced)
    before = {t.topic: t for t in old.topics}
    after = {t.topic: t for t in new.topics}
    changes = []
    for topic in sorted(set(before) | set(after)):
        b, a = _status(before.get(topic)), _status(after.get(topic))
        if b != a:
            changes.append(StatusChange(topic, b, a))
    return Comparison(old.file, new.file, tuple(introduced), tuple(resolved), unchanged, tuple(changes))


def _status(t: TopicResult | None) -> str | None:
    return t.status.value if t is not None else None


def _unmatched(findings, other: Counter) -> list[Finding]:
    left = Counter(other)
    out = []
    for f in findings:
        key = f.fingerprint.split(":")[0]
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(f)
    return out


def _unmatched_loose(findings: list[Finding], other: Counter) -> list[Finding]:
    left = Counter(other)
    out = []
    for f in findings:
        key = _loose(f)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(f)
    return out


def _where(f: Finding) -> str:
    loc = f.location
    bits = [f"{loc.line}:{loc.column}"]
    if loc.clause:
        bits.append(f"clause {loc.clause}")
    return " ".join(bits)


def render_text(c: Comparison) -> str:
    out = [f"{c.old} -> {c.new}: {len(c.introduced)} introduced, {len(c.resolved)} resolved, "
           f"{c.unchanged} unchanged, {len(c.topics)} topic statuses changed"]
    for f in c.introduced:
        out.append(f"+ {c.new}:{_where(f)}: {f.severity.value} {f.rule} [{f.topic}] {f.message}")
    for f in c.resolved:
        out.append(f"- {c.old}:{_where(f)}: {f.severity.value} {f.rule} [{f.topic}] {f.message}")
    for t in c.topics:
        out.append(f"~ {t.topic}: {t.before or 'not reported'} -> {t.after or 'not reported'}")
    return "\n".join(out) + "\n"


def _finding_dict(f: Finding) -> dict:
    return f.to_dict()


def render_json(c: Comparison) -> str:
    return json.dumps({
        "old": c.old, "new": c.new,
        "introduced": [_finding_dict(f) for f in c.introduced],
        "resolved": [_finding_dict(f) for f in c.resolved],
        "unchanged": c.unchanged,
        "topics": [{"topic": t.topic, "before": t.before, "after": t.after} for t in c.topics],
    }, indent=2, ensure_ascii=False) + "\n"


def render_markdown(c: Comparison) -> str:
    e = md_escape
    out = [f"# Changes from {e(c.old)} to {e(c.new)}", "",
           f"**{len(c.introduced)} introduced, {len(c.resolved)} resolved, {c.unchanged} unchanged.**", ""]
    if c.topics:
        out += ["## Topics whose status changed", "", "| Topic | Before | After |", "| --- | --- | --- |"]
        out += [f"| `{t.topic}` | {t.before or 'not reported'} | {t.after or 'not reported'} |" for t in c.topics]
        out.append("")
    for title, items in (("Introduced", c.introduced), ("Resolved", c.resolved)):
        if not items:
            continue
        out += [f"## {title}", "", "| Where | Severity | Rule | Topic | Finding |", "| --- | --- | --- | --- | --- |"]
        out += [f"| {e(_where(f))} | {f.severity.value} | {f.rule} | `{f.topic}` | {e(f.message)} |" for f in items]
        out.append("")
    return "\n".join(out) + "\n"
