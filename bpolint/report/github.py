"""GitHub Actions workflow commands: one annotation per finding on the pull request's diff."""
from __future__ import annotations

from typing import Iterable

from ..model import FileReport, Notice, Report

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = [line for fr in report.files for line in file_lines(fr)]
    lines += notice_lines(report.all_notices())
    return "\n".join(lines) + ("\n" if lines else "")


def file_lines(fr: FileReport) -> list[str]:
    """The commands for one file: its error, or one per finding."""
    if fr.error:
        return [f"::error file={_prop(fr.file)},title=bpolint::{_data(fr.error)}"]
    lines = []
    for f in fr.findings:
        loc = f.location
        props = [f"file={_prop(fr.file)}", f"line={loc.line}", f"col={loc.column}"]
        if loc.end_line and loc.end_column:
            props += [f"endLine={loc.end_line}", f"endColumn={loc.end_column}"]
        props.append(f"title={_prop(f'{f.rule} [{f.topic}]')}")
        message = f.message + (f"\n\nSuggestion: {' '.join(f.suggestion.split())}" if f.suggestion else "")
        lines.append(f"::{LEVEL[f.severity.value]} {','.join(props)}::{_data(message)}")
    return lines


def notice_lines(notices: Iterable[Notice]) -> list[str]:
    lines = []
    for n in notices:
        where = f"file={_prop(n.file)}" + (f",line={n.line}" if n.line else "")
        lines.append(f"::warning {where},title={_prop('bpolint ' + n.code)}::{_data(n.message)}")
    return lines
