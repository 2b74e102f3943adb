"""The check report written file by file, in report order, for the formats that allow it.

Each writer takes a file's report as it arrives and writes its part at once, then the
run-level part at the end, giving the same bytes as rendering the whole report; only
the summary's counts and the notices, which come last, are kept.
"""
from __future__ import annotations

from typing import Callable, Protocol, Sequence

from ..model import FileReport, Notice
from . import github, text
from .json_report import JsonStream

STREAMED = ("json", "text", "github", "sarif")


class ReportWriter(Protocol):
    def file(self, report: FileReport) -> None: ...

    def finish(self, notices: Sequence[Notice], summary: str) -> None: ...


class _Json:
    def __init__(self, write: Callable[[str], None], version: str) -> None:
        self._json = JsonStream(write, version)

    def file(self, report: FileReport) -> None:
        self._json.file(report)

    def finish(self, notices: Sequence[Notice], summary: str) -> None:
        self._json.finish(notices)


class _Sarif:
    def __init__(self, sarif) -> None:
        self._sarif = sarif

    def file(self, report: FileReport) -> None:
        self._sarif.file(report)

    def finish(self, notices: Sequence[Notice], summary: str) -> None:
        self._sarif.finish(notices)


class _Lines:
    """Text and GitHub commands: a file's lines, then every notice (run-level first, then the files')."""

    def __init__(self, write: Callable[[str], None], lines: Callable[[FileReport], list[str]],
                 notice_lines: Callable[[Sequence[Notice]], list[str]], with_summary: bool) -> None:
        self._write, self._lines, self._notice_lines = write, lines, notice_lines
        self._with_summary = with_summary
        self._notices: list[Notice] = []

    def file(self, report: FileReport) -> None:
        for line in self._lines(report):
            self._write(line + "\n")
        self._notices.extend(report.notices)

    def finish(self, notices: Sequence[Notice], summary: str) -> None:
        for line in self._notice_lines([*notices, *self._notices]):
            self._write(line + "\n")
        if self._with_summary:
            self._write(summary + "\n")


def writer(fmt: str, write: Callable[[str], None], version: str, colour: bool = False,
           show_suggestions: bool = True) -> ReportWriter:
    if fmt == "json":
        return _Json(write, version)
    if fmt == "github":
        return _Lines(write, github.file_lines, github.notice_lines, with_summary=False)
    if fmt == "text":
        return _Lines(write, lambda fr: [text.format_file(fr, colour, show_suggestions)], text.notice_lines,
                      with_summary=True)
    if fmt == "sarif":
        from ..pipeline import engine_for
        from .sarif import SarifStream

        return _Sarif(SarifStream(write, version, engine_for(()).ruleset))
    raise ValueError(f"{fmt} is not written file by file")
