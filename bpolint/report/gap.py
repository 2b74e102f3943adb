"""The gap report for the business: what each contract covers, what is weak or missing, and
what to negotiate first; with several contracts, a portfolio matrix.

This module only decides the content, from the same :class:`~bpolint.model.Report`
records as every other output; :mod:`.render` turns it into Markdown, HTML or JSON.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import PurePath

from ..model import Coverage, Evidence, FileReport, Finding, Location, Report, TopicResult
from ..ruleset import RuleSet

AREAS = {
    "sla": "Service levels", "security": "Security and data protection", "accuracy": "Accuracy and reporting",
    "turnaround": "Turnaround and volumes", "process": "Process and knowledge", "commercial": "Commercial terms",
    "scope": "Scope", "governance": "Governance", "term": "Term and termination", "exit": "Exit",
    "legal": "Legal terms", "wording": "Wording", "hygiene": "Drafting hygiene",
}
STATUS_TEXT = {
    "present": "Covered", "unquantified": "Not measurable", "vague": "Vague", "missing": "Missing",
    "flagged": "Flagged", "clear": "Clear",
}
# How far each status is from done, for ordering and for sorting the portfolio matrix.
STATUS_RANK = {"missing": 0, "flagged": 0, "vague": 1, "unquantified": 2, "present": 3, "clear": 3}
GAPS = ("missing", "unquantified", "vague", "flagged")
# Kinds of topic shown in the per-topic table; wording and hygiene findings are listed apart.
TABLE_KINDS = ("requirement", "risk")
TOP_RISKS = 3
NEGOTIATE_FIRST = 5
ASK_CHARS = 220
NOTE = {
    "definition": "Only a definition mentions this; no clause states the duty.",
    "heading": "Only a heading mentions this; no clause under it states the duty.",
}


@dataclass(frozen=True)
class Quote:
    text: str
    kind: str  # operative | definition | heading
    where: str  # "clause 5.2(a), Termination, page 3"
    clause: str | None
    page: int | None
    line: int


@dataclass(frozen=True)
class TopicRow:
    topic: str
    title: str
    anchor: str
    level: str  # required | recommended
    kind: str  # requirement | risk
    status: str
    status_text: str
    evidence: tuple[Quote, ...]
    note: str | None  # says when only a definition or a heading mentions the topic
    rule: str | None  # the rule behind the gap
    message: str | None
    why: str | None
    suggestion: str | None

    @property
    def is_gap(self) -> bool:
        return self.status in GAPS


@dataclass(frozen=True)
class Area:
    name: str
    rows: tuple[TopicRow, ...]


@dataclass(frozen=True)
class FindingItem:
    rule: str
    severity: str
    message: str
    suggestion: str | None
    quote: str
    where: str


@dataclass(frozen=True)
class FindingGroup:
    topic: str
    title: str
    area: str
    findings: tuple[FindingItem, ...]


@dataclass(frozen=True)
class Action:
    """One line of the summary: a risk to know about or a term to negotiate."""

    topic: str
    title: str
    anchor: str
    status: str
    status_text: str
    level: str
    detail: str  # the quote that shows the risk, or the wording to ask for


@dataclass(frozen=True)
class CoverageScore:
    covered: int
    required: int
    score: float | None
    explanation: str


@dataclass(frozen=True)
class ContractGap:
    file: str
    title: str
    anchor: str
    error: str | None
    service_types: tuple[str, ...]
    service_source: str  # declared | detected | default
    service_reasons: dict[str, tuple[str, ...]]
    services_text: str
    coverage: CoverageScore | None
    counts: dict[str, int]
    top_risks: tuple[Action, ...]
    negotiate_first: tuple[Action, ...]
    areas: tuple[Area, ...]
    wording: tuple[FindingGroup, ...]


@dataclass(frozen=True)
class MatrixTopic:
    topic: str
    title: str
    area: str


@dataclass(frozen=True)
class MatrixRow:
    title: str
    anchor: str
    coverage: CoverageScore | None
    cells: tuple[str | None, ...]  # status per matrix topic; None = not checked for this contract
    error: str | None


@dataclass(frozen=True)
class Portfolio:
    topics: tuple[MatrixTopic, ...]
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class GapReport:
    version: str
    contracts: tuple[ContractGap, ...]
    portfolio: Portfolio | None  # with more than one contract


def build(report: Report, ruleset: RuleSet) -> GapReport:
    titles = contract_titles([f.file for f in report.files])
    contracts = tuple(_contract(fr, title, _anchor(i, title), ruleset)
                      for i, (fr, title) in enumerate(zip(report.files, titles)))
    portfolio = _portfolio(contracts, ruleset) if len(contracts) > 1 else None
    return GapReport(report.version, contracts, portfolio)


def contract_titles(paths: list[str]) -> list[str]:
    """What each contract is called: its file name, with as many of its folders as it takes to
    tell it from the other inputs (two drafts called draft.docx stay apart); never a full path."""
    parts = [PurePath(os.path.normpath(os.path.abspath(p))).parts for p in paths]
    titles = []
    for i, own in enumerate(parts):
        depth = 1
        while depth < len(own) and any(j != i and other[-depth:] == own[-depth:] for j, other in enumerate(parts)):
            depth += 1
        titles.append("/".join(own[-depth:]).lstrip("/") or paths[i])
    return titles


def _anchor(index: int, title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48]
    return f"c{index + 1}-{slug}" if slug else f"c{index + 1}"


def where(loc: Location) -> str:
    parts = []
    if loc.clause:  # "clause 5.2(a)", but "Schedule 2" as it is
        parts.append(f"clause {loc.clause}" if loc.clause[:1].isdigit() or loc.clause[:1] == "(" else loc.clause)
    if loc.heading:
        parts.append(loc.heading)
    if loc.page:
        parts.append(f"page {loc.page}")
    if loc.part and loc.part not in ("body", "table"):
        parts.append(f"in the {loc.part}" if loc.part != "insertion" else "in a tracked insertion")
    parts.append(f"line {loc.line}")
    return ", ".join(parts)


def _quote(e: Evidence) -> Quote:
    loc = e.location
    return Quote(e.quote, e.kind, where(loc), loc.clause, loc.page, loc.line)


def services_text(fr: FileReport) -> str:
    det = fr.detection
    if not det.service_types:
        return "not recognised: common terms only"
    if det.source == "declared":
        return f"{', '.join(det.service_types)} (declared)"
    if det.source == "default":
        return f"{', '.join(det.service_types)} (default)"
    reasons = [f"{s} (detected from: {', '.join(det.reasons.get(s, ())[:4]) or 'the text'})" for s in det.service_types]
    return "; ".join(reasons)


def _contract(fr: FileReport, title: str, anchor: str, ruleset: RuleSet) -> ContractGap:
    det = fr.detection
    if fr.error:
        return ContractGap(fr.file, title, anchor, fr.error, det.service_types, det.source, dict(det.reasons),
                           services_text(fr), None, {}, (), (), (), ())
    taxonomy = ruleset.taxonomy
    findings_by_topic: dict[str, list[Finding]] = {}
    for f in fr.findings:
        findings_by_topic.setdefault(f.topic, []).append(f)
    rows = [_row(t, findings_by_topic.get(t.topic, []), anchor, ruleset, det.service_types)
            for t in fr.topics if taxonomy.topics[t.topic].kind in TABLE_KINDS]
    order = list(AREAS)
    areas: list[Area] = []
    for prefix in sorted({r.topic.split(".")[0] for r in rows}, key=lambda p: order.index(p) if p in order else 99):
        areas.append(Area(AREAS.get(prefix, prefix.title()), tuple(r for r in rows if r.topic.split(".")[0] == prefix)))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return ContractGap(
        fr.file, title, anchor, None, det.service_types, det.source, dict(det.reasons), services_text(fr),
        _coverage(fr.coverage), counts, _top_risks(rows), _negotiate_first(rows), tuple(areas),
        _wording_groups(fr, ruleset))


def _coverage(c: Coverage) -> CoverageScore:
    return CoverageScore(c.covered, c.required, c.score, Coverage.EXPLANATION)


def _row(t: TopicResult, findings: list[Finding], anchor: str, ruleset: RuleSet,
         services: tuple[str, ...]) -> TopicRow:
    topic = ruleset.taxonomy.topics[t.topic]
    status = str(t.status)  # the view holds plain strings
    gap = status in GAPS
    # the finding that explains the status: the one for this status, else the most severe
    finding = None
    if gap and findings:
        finding = next((f for f in findings if f.status == status),
                       max(findings, key=lambda f: f.severity.rank))
    rule = ruleset.rule(finding.rule) if finding else None
    why = rule.why_for(services) if rule else None
    if why is None and gap:
        why = next((w for r in ruleset.rules if r.topic == t.topic and (w := r.why_for(services))), None)
    evidence = tuple(_quote(e) for e in t.evidence)
    if not evidence and finding and finding.evidence:
        evidence = (Quote(finding.evidence, "operative", where(finding.location), finding.location.clause,
                          finding.location.page, finding.location.line),)
    note = None
    if evidence and status in ("present", "unquantified", "vague") and all(q.kind != "operative" for q in evidence):
        note = NOTE[evidence[0].kind]
    message = _without(finding.message, why, finding.evidence) if finding else None
    return TopicRow(t.topic, topic.title, f"{anchor}-{t.topic.replace('.', '-')}", t.level, topic.kind, status,
                    STATUS_TEXT[status], evidence, note, finding.rule if finding else None, message,
                    " ".join(why.split()) if why else None,
                    finding.suggestion if finding and gap else None)


def _without(message: str, why: str | None, quote: str = "") -> str:
    """The finding's message without what the report shows beside it: the 'why it matters'
    sentence the rule appended, and the quote of the evidence."""
    text = " ".join(message.split())
    if why and "{" not in why:
        tail = " ".join(why.split())
        if text.endswith(tail):
            text = text[: -len(tail)].rstrip()
    quote = " ".join(quote.split())
    if len(quote) > 20:
        for form in (f': "{quote}"', f': \u201c{quote}\u201d', f' "{quote}"', f"\u201c{quote}\u201d", f'"{quote}"'):
            text = text.replace(form, "")
        text = re.sub(r"\s+([.,;:])", r"\1", text).replace("..", ".")
    return text


def _priority(r: TopicRow) -> tuple:
    return (r.level != "required", STATUS_RANK.get(r.status, 9))


def _top_risks(rows: list[TopicRow]) -> tuple[Action, ...]:
    """What could hurt as drafted: risky wording found, then required protections that are missing."""
    flagged = sorted((r for r in rows if r.kind == "risk" and r.status == "flagged"), key=_priority)
    missing = [r for r in rows if r.kind == "requirement" and r.status == "missing" and r.level == "required"]
    out = []
    for r in (flagged + missing)[:TOP_RISKS]:
        detail = f"“{r.evidence[0].text}” ({r.evidence[0].where})" if r.evidence else (r.why or "Not found in the contract.")
        out.append(Action(r.topic, r.title, r.anchor, r.status, r.status_text, r.level, detail))
    return tuple(out)


def _negotiate_first(rows: list[TopicRow]) -> tuple[Action, ...]:
    """The terms to ask for, most needed first: required before recommended, missing before
    not measurable before vague, in the taxonomy's order."""
    gaps = sorted((r for r in rows if r.kind == "requirement" and r.is_gap), key=_priority)
    return tuple(Action(r.topic, r.title, r.anchor, r.status, r.status_text, r.level,
                        _short(r.suggestion or r.message or "", ASK_CHARS)) for r in gaps[:NEGOTIATE_FIRST])


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "\u2026"


def _wording_groups(fr: FileReport, ruleset: RuleSet) -> tuple[FindingGroup, ...]:
    """Wording and drafting findings, grouped by topic in the taxonomy's order."""
    taxonomy = ruleset.taxonomy
    groups: dict[str, list[FindingItem]] = {}
    for f in fr.findings:
        topic = taxonomy.topics.get(f.topic)
        if topic is None or topic.kind in TABLE_KINDS:
            continue
        groups.setdefault(f.topic, []).append(FindingItem(f.rule, f.severity.value, _without(f.message, None, f.evidence),
                                                          f.suggestion, f.evidence, where(f.location)))
    order = list(taxonomy.topics)
    return tuple(FindingGroup(t, taxonomy.topics[t].title, AREAS.get(t.split(".")[0], ""), tuple(items))
                 for t, items in sorted(groups.items(), key=lambda kv: order.index(kv[0])))


def _portfolio(contracts: tuple[ContractGap, ...], ruleset: RuleSet) -> Portfolio:
    taxonomy = ruleset.taxonomy
    seen = {r.topic for c in contracts for a in c.areas for r in a.rows}
    topics = tuple(MatrixTopic(t.id, t.title, AREAS.get(t.id.split(".")[0], "")) for t in taxonomy.topics.values()
                   if t.id in seen)
    rows = []
    for c in contracts:
        status = {r.topic: r.status for a in c.areas for r in a.rows}
        rows.append(MatrixRow(c.title, c.anchor, c.coverage, tuple(status.get(t.topic) for t in topics), c.error))
    return Portfolio(topics, tuple(rows))
