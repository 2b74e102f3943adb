"""Compiler-style terminal output: ``file:line:col: clause 12.3: error SL01 [topic] message``."""
from __future__ import annotations

import textwrap
from typing import Iterable

from ..model import FileReport, Finding, Notice, Report

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def format_finding(f: Finding, colour: bool = False) -> str:
    loc = f.location
    where = f"{loc.file}:{loc.line}:{loc.column}:"
    parts = [where]
    if loc.page:
        parts.append(f"page {loc.page}:")
    if loc.clause:
        parts.append(f"clause {loc.clause}:")
    if loc.part and loc.part not in ("body", "table"):
        parts.append(f"{loc.part}:")
    sev = f.severity.value
    if colour:
        parts[0] = _BOLD + where + _RESET
        sev = _COLOURS[sev] + sev + _RESET
    head = " ".join(parts + [sev, f.rule, f"[{f.topic}]", f.message])
    lines = [head]
    if f.suggestion:
        wrapped = textwrap.fill(" ".join(f.suggestion.split()), width=100, initial_indent="    suggestion: ",
                                subsequent_indent="      ")
        lines.append(_DIM + wrapped + _RESET if colour else wrapped)
    return "\n".join(lines)


def format_file(fr: FileReport, colour: bool = False, show_suggestions: bool = True) -> str:
    if fr.error:
        return fr.error
    out = []
    det = fr.detection
    if det.source == "detected":
        why = "; ".join(f"{s} ({', '.join(det.reasons.get(s, ()))})" for s in det.service_types)
        out.append(f"{fr.file}: service types detected: {why}")
    elif det.source == "declared":
        out.append(f"{fr.file}: service types: {', '.join(det.service_types)} (declared)")
    else:
        out.append(f"{fr.file}: service type not recognised: common rules only (use --service to choose)")
    for w in fr.warnings:
        out.append(f"{fr.file}: warning: {w}")
    for f in fr.findings:
        text = format_finding(f, colour)
        if not show_suggestions:
            text = text.split("\n", 1)[0]
        out.append(text)
    return "\n".join(out)


class Tally:
    """What the summary line counts, added up file by file (so that a streamed run keeps no reports)."""

    def __init__(self) -> None:
        self.files = self.failed = self.suppressed = 0
        self.counts = {"error": 0, "warning": 0, "info": 0}

    def add(self, fr: FileReport) -> None:
        self.files += 1
        self.failed += fr.error is not None
        self.suppressed += fr.suppressed
        for f in fr.findings:
            self.counts[f.severity.value] += 1


def summary(report: Report, seconds: float | None = None) -> str:
    """One line: files, findings by severity, files that could not be linted, time."""
    tally = Tally()
    for fr in report.files:
        tally.add(fr)
    return summary_of(tally, seconds)


def summary_of(tally: Tally, seconds: float | None = None) -> str:
    counts, n = tally.counts, tally.files
    text = (f"{n} file{'s' if n != 1 else ''} checked: {counts['error']} errors, {counts['warning']} warnings, "
            f"{counts['info']} info")
    if tally.failed:
        text += f", {tally.failed} not linted"
    if tally.suppressed:
        text += f" ({tally.suppressed} suppressed)"
    if seconds is not None:
        text += f" in {seconds:.1f} s"
    return text


def render(report: Report, colour: bool = False, show_suggestions: bool = True, seconds: float | None = None) -> str:
    blocks = [format_file(fr, colour, show_suggestions) for fr in report.files]
    blocks += notice_lines(report.all_notices())
    return "\n".join(blocks + [summary(report, seconds)]) + "\n"


def notice_lines(notices: Iterable[Notice]) -> list[str]:
    return [f"{n.file}" + (f":{n.line}" if n.line else "") + f": warning: [{n.code}] {n.message}" for n in notices]
