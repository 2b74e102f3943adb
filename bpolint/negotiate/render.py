"""The issues list as Markdown, HTML and JSON, and the covering letter as Markdown.

Markdown, HTML and the letter come from Jinja2 templates in ``templates/``; a company
replaces any of them with ``--template DIR`` (a file there of the same name wins). The
HTML page includes the gap report's shared look (``report/templates/look-*.css.j2``) and
its colours. The templates run sandboxed, so a template folder committed to a repository
cannot reach into Python. Contract text is escaped: HTML by autoescaping, Markdown by the
gap report's finalize hook, so a ``|`` or a ``<script>`` in a draft stays text.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import BpolintError
from ..report.render import STATUS_COLOURS, Raw, md_escape
from .model import IssuesList, Priority, Round

TEMPLATES = ("issues.md.j2", "issues.html.j2", "letter.md.j2")
# (background, text) per priority and round, in the gap report's colours: a must-have looks
# like a missing term, a resolved row like a covered one.
COLOURS = {
    "must-have": STATUS_COLOURS["missing"], "important": STATUS_COLOURS["unquantified"],
    "nice-to-have": STATUS_COLOURS["na"], "new": STATUS_COLOURS["flagged"], "still open": STATUS_COLOURS["vague"],
    "resolved": STATUS_COLOURS["present"],
}
LETTER_ASK_CHARS = 220


def _md_finalize(value: Any) -> Any:
    return md_escape(value)


def _text_finalize(value: Any) -> Any:
    """For the Word letter: the draft's text as it is, with only the letter's own markup
    characters (backslash, asterisk) escaped."""
    if isinstance(value, Raw) or not isinstance(value, str):
        return "" if value is None else value
    return " ".join(value.split()).replace("\\", "\\\\").replace("*", "\\*")


def _short(text: str, limit: int = LETTER_ASK_CHARS) -> str:
    """Text cut at a word before ``limit``; a quotation cut short keeps its closing mark."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return cut + '"' if cut.startswith('"') and cut.count('"') % 2 else cut


def long_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


@lru_cache(maxsize=8)
def environment(kind: str, template_dir: str | None = None) -> ImmutableSandboxedEnvironment:
    """The Jinja2 environment for ``html`` or ``md`` output, with ``template_dir`` before the shipped templates."""
    # the gap report's templates come last: the issues list includes its shared look
    loaders = [PackageLoader("bpolint.negotiate", "templates"), PackageLoader("bpolint.report", "templates")]
    if template_dir:
        loaders.insert(0, FileSystemLoader(template_dir))
    common = dict(loader=ChoiceLoader(loaders), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                  keep_trailing_newline=True)
    if kind == "html":
        env = ImmutableSandboxedEnvironment(autoescape=True, **common)
    else:
        finalize = _text_finalize if kind == "text" else _md_finalize
        env = ImmutableSandboxedEnvironment(autoescape=False, finalize=finalize, **common)
    env.filters["short"] = _short
    env.filters["long_date"] = long_date
    env.filters["raw"] = Raw
    env.globals.update(colours=COLOURS, Priority=Priority, Round=Round, priorities=list(Priority))
    return env


def check_template_dir(template_dir: str | None) -> None:
    """A usage error, before any file is linted, for a missing folder or a template that does not parse."""
    if not template_dir:
        return
    folder = Path(template_dir)
    if not folder.is_dir():
        raise BpolintError("E101", template_dir)
    for name in TEMPLATES:
        if (folder / name).is_file():
            env = environment("html" if name.endswith(".html.j2") else "md", str(folder))
            try:
                env.get_template(name)
            except TemplateError as exc:
                raise _template_error(exc, folder / name) from None


def _template_error(exc: TemplateError, path: Path | None = None) -> BpolintError:
    line = getattr(exc, "lineno", None)
    name = getattr(exc, "filename", None) or (str(path) if path else None)
    return BpolintError("E113", name, line, {"detail": exc.message or type(exc).__name__})


def _render(kind: str, name: str, template_dir: str | None, **values: Any) -> str:
    env = environment(kind, template_dir)
    try:
        return env.get_template(name).render(**values)
    except TemplateError as exc:
        raise _template_error(exc) from None


def _values(issues: IssuesList) -> dict[str, Any]:
    rounds = {r: sum(1 for row in issues.rows if row.round is r) for r in Round}
    return dict(issues=issues, party=issues.party, other=issues.other, date=long_date(issues.date),
                counts={p: issues.count(p) for p in Priority}, rounds=rounds,
                with_rounds=issues.against is not None, must_haves=issues.must_haves)


def render_markdown(issues: IssuesList, template_dir: str | None = None) -> str:
    return _render("md", "issues.md.j2", template_dir, **_values(issues))


def render_html(issues: IssuesList, template_dir: str | None = None) -> str:
    return _render("html", "issues.html.j2", template_dir, **_values(issues))


def render_letter(issues: IssuesList, template_dir: str | None = None, for_word: bool = False) -> str:
    """The covering letter, as Markdown; ``for_word``: the same template for :mod:`.word`,
    with the draft's text unescaped."""
    return _render("text" if for_word else "md", "letter.md.j2", template_dir, **_values(issues))


def render_json(issues: IssuesList) -> str:
    data = _plain(issues)
    data["counts"] = {p.value: issues.count(p) for p in Priority}
    for row, plain in zip(issues.rows, data["rows"]):
        plain["clause"] = row.clause_text
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
