"""JSON output: the shape documented in the README and in ``bpolint/schemas/report.schema.json``.

:func:`render` builds the document of a whole report; :class:`JsonStream` writes the
same bytes one file at a time, so that a portfolio's output never sits in memory
as one document.
"""
from __future__ import annotations

import json
from typing import Callable, Sequence

from ..model import FileReport, Notice, Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _dumps(value: object, depth: int) -> str:
    """``value`` as it appears ``depth`` levels into an ``indent=2`` document (JSON strings hold no newline)."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


class JsonStream:
    """Writes ``{"version": ..., "files": [...], "notices": [...]}`` as the files arrive."""

    def __init__(self, write: Callable[[str], None], version: str) -> None:
        self._write = write
        self._version = version
        self._files = 0

    def file(self, report: FileReport) -> None:
        if self._files == 0:
            self._write('{\n  "version": ' + _dumps(self._version, 1) + ',\n  "files": [\n    ')
        else:
            self._write(",\n    ")
        self._write(_dumps(report.to_dict(), 2))
        self._files += 1

    def finish(self, notices: Sequence[Notice]) -> None:
        if self._files == 0:
            self._write('{\n  "version": ' + _dumps(self._version, 1) + ',\n  "files": [],\n')
        else:
            self._write("\n  ],\n")
        self._write('  "notices": ' + _dumps([n.to_dict() for n in notices], 1) + "\n}\n")
