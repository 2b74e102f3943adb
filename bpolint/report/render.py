"""Gap report renderers: one content model (:mod:`.gap`), three forms.

HTML and Markdown come from Jinja2 templates shipped in ``templates/``. Contract text
is escaped by default in both: HTML by Jinja's autoescaping, Markdown by a finalize
hook that escapes every value the template prints, so a ``<script>`` or a ``|`` in a
draft stays text in a pull-request comment or a wiki page.
"""
from __future__ import annotations

import dataclasses
import json
import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import markdown
from .gap import STATUS_RANK, STATUS_TEXT, GapReport

# (background, text) per status. Every pair meets WCAG AA contrast for normal text (4.5:1).
STATUS_COLOURS = {
    "present": ("#e3f2e7", "#1b5e31"), "clear": ("#e3f2e7", "#1b5e31"),
    "unquantified": ("#fff1cc", "#6e4500"), "vague": ("#fde6d6", "#8a3300"),
    "missing": ("#fbe0e0", "#981b1b"), "flagged": ("#efe3fa", "#5a2190"),
    "na": ("#eef0f3", "#475163"),
}
# The matrix shows a mark per cell; the status word is in the cell too, for screen
# readers and text extraction, and the legend explains each mark.
MARKS = {"present": "\u2713", "clear": "\u2713", "unquantified": "\u25d0", "vague": "~", "missing": "\u2717",
         "flagged": "!", None: "\u2013"}
MATRIX_LEGEND = (("present", "Covered (or clear of the risk)"), ("unquantified", "Not measurable: no figure"),
                 ("vague", "Vague"), ("missing", "Missing"), ("flagged", "Risk flagged"), (None, "Not checked for this contract"))


# Short area names for the matrix's upper header, where an area may be one column wide.
AREA_SHORT = {
    "Service levels": "Service levels", "Security and data protection": "Security", "Accuracy and reporting": "Accuracy",
    "Turnaround and volumes": "Volumes", "Process and knowledge": "Process", "Commercial terms": "Commercial",
    "Scope": "Scope", "Governance": "Gov.", "Term and termination": "Term", "Exit": "Exit", "Legal terms": "Legal",
}


class Raw(str):
    """Markdown that a template may print as it is (already escaped or built by a filter)."""


def md_escape(value: Any) -> Any:
    """Contract text as inert Markdown (see :func:`.markdown.escape`), keeping a space at
    either end, which the template's own separators need."""
    if isinstance(value, Raw) or not isinstance(value, str):
        return "" if value is None else value
    lead = " " if value[:1].isspace() else ""
    trail = " " if value[-1:].isspace() and value.strip() else ""
    return lead + markdown.escape(value) + trail


def md_slug(title: str) -> str:
    """The anchor GitHub and most Markdown renderers give a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _percent(score: float | None) -> str:
    return "n/a" if score is None else f"{round(score * 100)}%"


@lru_cache(maxsize=2)
def _environment(kind: str) -> Environment:
    common = dict(loader=PackageLoader("bpolint.report", "templates"), undefined=StrictUndefined,
                  trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env = Environment(autoescape=True, **common) if kind == "html" else Environment(autoescape=False, finalize=md_escape, **common)
    env.filters["percent"] = _percent
    env.filters["md_slug"] = lambda t: Raw(md_slug(t))
    # a path may wrap after each folder, never inside a name
    env.filters["breakable"] = lambda t: Markup("/<wbr>").join(escape(part) for part in str(t).split("/"))
    env.globals.update(colours=STATUS_COLOURS, marks=MARKS, legend=MATRIX_LEGEND, rank=STATUS_RANK, area_short=AREA_SHORT,
                       status_text=lambda status: STATUS_TEXT.get(status, "Not checked"))
    return env


def render_html(report: GapReport) -> str:
    return _environment("html").get_template("report.html.j2").render(report=report, groups=_matrix_groups(report))


def render_markdown(report: GapReport) -> str:
    return _environment("md").get_template("report.md.j2").render(report=report)


def render_json(report: GapReport) -> str:
    return json.dumps(_plain(report), indent=2, ensure_ascii=False) + "\n"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        out = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if hasattr(value, "is_gap"):
            out["is_gap"] = value.is_gap
        return out
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _matrix_groups(report: GapReport) -> list[tuple[str, int]]:
    """(area, number of topic columns) for the matrix's upper header row."""
    groups: list[tuple[str, int]] = []
    for t in report.portfolio.topics if report.portfolio else ():
        if groups and groups[-1][0] == t.area:
            groups[-1] = (t.area, groups[-1][1] + 1)
        else:
            groups.append((t.area, 1))
    return groups
