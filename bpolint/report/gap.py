"""The gap report for the business: per contract, what is covered, weak or missing.

Built from the same records as every other output: one row per topic, with its
status, the evidence quoted from the contract and, for gaps, the suggested wording.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from ..model import FileReport, Finding, Report
from ..taxonomy import Taxonomy

GROUPS = {
    "sla": "Service levels", "security": "Security and data protection", "accuracy": "Accuracy and reporting",
    "turnaround": "Turnaround and volumes", "process": "Process and knowledge", "commercial": "Commercial terms",
    "scope": "Scope", "governance": "Governance", "term": "Term and termination", "exit": "Exit",
    "legal": "Legal terms", "wording": "Wording", "hygiene": "Drafting hygiene",
}
STATUS_TEXT = {
    "present": "Covered", "unquantified": "Not measurable", "vague": "Vague", "missing": "Missing",
    "flagged": "Flagged", "clear": "Clear",
}
GAP = ("unquantified", "vague", "missing", "flagged")


@dataclass(frozen=True)
class GapRow:
    group: str
    topic: str
    title: str
    level: str
    status: str
    quote: str | None
    where: str | None
    message: str | None
    suggestion: str | None
    count: int


def _where(loc) -> str:
    parts = []
    if loc.clause:
        parts.append(f"clause {loc.clause}")
    if loc.heading:
        parts.append(loc.heading)
    if loc.page:
        parts.append(f"page {loc.page}")
    parts.append(f"line {loc.line}")
    return ", ".join(parts)


def rows_for(fr: FileReport, taxonomy: Taxonomy) -> list[GapRow]:
    by_topic: dict[str, list[Finding]] = {}
    for f in fr.findings:
        by_topic.setdefault(f.topic, []).append(f)
    rows = []
    for t in fr.topics:
        topic = taxonomy.topics[t.topic]
        findings = by_topic.get(t.topic, [])
        first = findings[0] if findings else None
        ev = t.evidence[0] if t.evidence else None
        quote = ev.quote if ev else (first.evidence if first and first.evidence else None)
        where = _where(ev.location) if ev else (_where(first.location) if first and first.evidence else None)
        rows.append(GapRow(GROUPS.get(t.topic.split(".")[0], "Other"), t.topic, topic.title, t.level, t.status,
                           quote, where, first.message if first and t.status in GAP else None,
                           first.suggestion if first and t.status in GAP else None, len(findings)))
    return rows


def _counts(rows: list[GapRow]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        out[r.status] = out.get(r.status, 0) + 1
    return out


def _services(fr: FileReport) -> str:
    det = fr.detection
    if not det.service_types:
        return "not recognised (common terms only)"
    how = {"declared": "declared", "detected": "detected from the text", "default": "default"}[det.source]
    return f"{', '.join(det.service_types)} ({how})"


def render_markdown(report: Report, taxonomy: Taxonomy) -> str:
    out = ["# Contract gap report", ""]
    for fr in report.files:
        out += [f"## {fr.file}", ""]
        if fr.error:
            out += [f"Could not be read: {fr.error}", ""]
            continue
        rows = rows_for(fr, taxonomy)
        c = _counts(rows)
        out += [f"Service type: {_services(fr)}.", "",
                f"**{c.get('present', 0)} covered, {c.get('unquantified', 0)} not measurable, {c.get('vague', 0)} vague, "
                f"{c.get('missing', 0)} missing; {c.get('flagged', 0)} risk or wording topics flagged.**", ""]
        group = None
        for r in sorted(rows, key=lambda r: (list(GROUPS.values()).index(r.group) if r.group in GROUPS.values() else 99)):
            if r.group != group:
                group = r.group
                out += ["", f"### {group}", "", "| Topic | Level | Status | Evidence | What to do |", "| --- | --- | --- | --- | --- |"]
            evidence = f"“{_cell(r.quote, 200)}” ({r.where})" if r.quote else "—"
            todo = _cell(r.suggestion or r.message or "", 300) if r.status in GAP else ""  # the quote is beside it
            out.append(f"| {r.title} (`{r.topic}`) | {r.level} | {STATUS_TEXT[r.status]} | {evidence} | {todo} |")
        out.append("")
    return "\n".join(out) + "\n"


def _cell(text: str | None, limit: int) -> str:
    t = " ".join((text or "").split()).replace("|", "\\|")
    return t if len(t) <= limit else t[: limit - 1].rsplit(" ", 1)[0] + "…"


_CSS = """
body{font:14px/1.45 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1d2430;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;word-break:break-all}
h3{font-size:1rem;margin:1.4rem 0 .4rem;color:#3b4657;text-transform:uppercase;letter-spacing:.04em}
.meta{color:#566072}.summary{display:flex;gap:.6rem;flex-wrap:wrap;margin:.8rem 0}
.pill{border-radius:999px;padding:.2rem .7rem;font-weight:600;font-size:.85rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid #e3e7ee}
th{font-size:.78rem;color:#566072;text-transform:uppercase}th:nth-child(1){width:22%}th:nth-child(2){width:12%}th:nth-child(3){width:33%}
td.status{white-space:nowrap}td.evidence{color:#2f3a4b}td.todo{color:#2f3a4b}.id{color:#8a94a6;font-size:.78rem;display:block}
.where{color:#8a94a6;font-size:.78rem;display:block;margin-top:.2rem}
.present,.clear{background:#e3f4e8;color:#1d6b35}.unquantified{background:#fff1d6;color:#8a5300}
.vague{background:#fde8d8;color:#9a3d00}.missing{background:#fbe0e0;color:#a11d1d}.flagged{background:#f1e4fb;color:#6b2a9a}
.level{font-size:.75rem;color:#8a94a6}blockquote{margin:0;font-style:italic}
@media print{body{margin:0}h2{page-break-before:always}}
"""


def render_html(report: Report, taxonomy: Taxonomy) -> str:
    e = html.escape
    out = ["<!doctype html><html lang=en><meta charset=utf-8><title>Contract gap report</title>",
           f"<style>{_CSS}</style><body><h1>Contract gap report</h1>"]
    for fr in report.files:
        out.append(f"<h2>{e(fr.file)}</h2>")
        if fr.error:
            out.append(f"<p class=missing>Could not be read: {e(fr.error)}</p>")
            continue
        rows = rows_for(fr, taxonomy)
        c = _counts(rows)
        out.append(f"<p class=meta>Service type: {e(_services(fr))}</p><div class=summary>")
        for status in ("present", "unquantified", "vague", "missing", "flagged"):
            out.append(f"<span class='pill {status}'>{c.get(status, 0)} {STATUS_TEXT[status].lower()}</span>")
        out.append("</div>")
        group = None
        order = list(GROUPS.values())
        for r in sorted(rows, key=lambda r: order.index(r.group) if r.group in order else 99):
            if r.group != group:
                if group is not None:
                    out.append("</table>")
                group = r.group
                out.append(f"<h3>{e(group)}</h3><table><tr><th>Topic</th><th>Status</th><th>Evidence</th><th>What to do</th></tr>")
            evidence = (f"<blockquote>“{e(_cell(r.quote, 260))}”</blockquote><span class=where>{e(r.where or '')}</span>"
                        if r.quote else "<span class=where>not found in the contract</span>")
            todo = ""
            if r.status in GAP:
                # the finding's message quotes the evidence shown beside it: lead with the fix
                todo = e(_cell(r.suggestion, 420)) if r.suggestion else e(_cell(r.message or "", 260))
            out.append(f"<tr><td class=topic>{e(r.title)}<span class=id>{e(r.topic)} · {e(r.level)}</span></td>"
                       f"<td class=status><span class='pill {r.status}'>{STATUS_TEXT[r.status]}</span></td>"
                       f"<td class=evidence>{evidence}</td><td class=todo>{todo}</td></tr>")
        if group is not None:
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
