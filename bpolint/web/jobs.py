"""What a worker process does for one request: the one lint path, then the CLI's renderers.

A :class:`Job` names the files of one request inside its private folder. The worker
moves into that folder, so every name in the outputs (the JSON's ``file``, the report's
titles, the coded messages) is the file's own name, exactly as the CLI prints it for a
file in the current folder; the bytes are those the CLI writes for the same input and
options. :func:`run_job` never raises: any failure is the job's coded error. Nothing
here knows about HTTP.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..api import RunOptions, Run, lint_paths, settings_for_path
from ..config import Overrides, Settings
from ..errors import BpolintError
from ..extract import ExtractOptions, extract
from ..model import Document
from ..negotiate import issues_list, today
from ..negotiate import render as negotiate_render
from ..negotiate.word import render_docx
from ..pipeline import engine_for, lint_file_within_limits
from ..report import gap, json_report
from ..report import render as gap_render
from ..report.annotate import annotate_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html; charset=utf-8"
MARKDOWN = "text/markdown; charset=utf-8"
JSON = "application/json"
REPORT_FORMATS = {"html": HTML, "md": MARKDOWN, "json": JSON}
NEGOTIATE_FORMATS = {"docx": DOCX, "md": MARKDOWN, "html": HTML, "json": JSON}
EXTENSIONS = {DOCX: ".docx", HTML: ".html", MARKDOWN: ".md", JSON: ".json"}
PARTIES = ("customer", "supplier")


@dataclass(frozen=True)
class Job:
    kind: str  # check | report | annotate | negotiate | review (the page)
    folder: str  # the request's private folder; ``files`` are names inside it
    files: tuple[str, ...]
    overrides: Overrides = Overrides()
    fmt: str = ""  # report and negotiate: the output format
    party: str = "customer"  # negotiate and review: the side the issues list is written for
    against: str | None = None  # negotiate: the previous draft, for rounds
    author: str = "bpolint"  # annotate and review: the name on the Word comments


@dataclass(frozen=True)
class Output:
    body: bytes
    media_type: str
    filename: str  # offered to the browser when the output is downloaded


@dataclass(frozen=True)
class Failure:
    code: str
    message: str  # the one line the CLI prints, without its "bpolint: " prefix

    @classmethod
    def of(cls, error: BpolintError) -> "Failure":
        return cls(error.code, str(error))


@dataclass(frozen=True)
class TopicRef:
    topic: str
    title: str
    level: str  # required | recommended
    anchor: str  # its row in the gap report


@dataclass(frozen=True)
class ContractSummary:
    """What the page shows about one contract above its gap report."""

    title: str
    anchor: str  # its section in the gap report
    error: str | None
    services: str  # the service types and, when detected, the words that gave them away
    service_source: str  # declared | detected | default
    coverage: gap.CoverageScore | None
    counts: dict[str, int]
    missing: tuple[TopicRef, ...]
    downloads: tuple[tuple[str, str], ...]  # (output key, label)
    notes: tuple[str, ...] = ()  # an output that could not be made, with its coded line


@dataclass(frozen=True)
class Review:
    """The page's result for one upload of one or more contracts."""

    contracts: tuple[ContractSummary, ...]
    outputs: dict[str, Output] = field(default_factory=dict)  # "report.html", "1/issues.docx", ...

    @property
    def size(self) -> int:
        return sum(len(o.body) for o in self.outputs.values())


@dataclass(frozen=True)
class Outcome:
    output: Output | None = None
    review: Review | None = None
    failure: Failure | None = None


def run_job(job: Job) -> Outcome:
    """Carry out ``job`` in this (worker) process. Prints nothing and never raises."""
    _silence()
    try:
        os.chdir(job.folder)
        return _RUNNERS[job.kind](job)
    except _Failed as e:
        return Outcome(failure=e.failure)
    except BpolintError as e:
        return Outcome(failure=Failure.of(e))
    except Exception as e:  # noqa: BLE001 - one request's bug must not reach the server
        detail = " ".join(f"{type(e).__name__}: {e}".split())[:200]
        return Outcome(failure=Failure.of(BpolintError("E900", None, None, {"stage": f"the {job.kind} request",
                                                                            "exception": detail})))


def _silence() -> None:
    """Whatever a library prints in the worker goes nowhere: the server's terminal and logs
    never see a file name or a line of a contract."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def _lint(job: Job, names: list[str]) -> Run:
    return lint_paths(names, RunOptions(job.overrides, jobs=1))


def _first_error(run: Run, every: bool = False) -> None:
    """Stop with the first file's error: when any file failed, or (``every``) only when all did."""
    failed = [fr for fr in run.report.files if fr.error]
    if failed and (not every or len(failed) == len(run.report.files)):
        raise _Failed(Failure(failed[0].error_code or "E900", failed[0].error or ""))


class _Failed(Exception):
    """A file of the request could not be linted: its entry's coded line is the answer."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


def _stem(name: str) -> str:
    return Path(name).stem or "contract"


# --- the API's outputs: each as the CLI command of the same name writes it -------------


def _check(job: Job) -> Outcome:
    run = _lint(job, list(job.files))
    _first_error(run)
    return Outcome(Output(json_report.render(run.report).encode("utf-8"), JSON, _stem(job.files[0]) + ".json"))


def _report(job: Job) -> Outcome:
    run = _lint(job, list(job.files))
    _first_error(run, every=True)  # as the CLI, a portfolio shows the contracts that could not be read
    report = gap.build(run.report, _ruleset(run))
    render = {"html": gap_render.render_html, "json": gap_render.render_json, "md": gap_render.render_markdown}[job.fmt]
    media = REPORT_FORMATS[job.fmt]
    name = (_stem(job.files[0]) + "-" if len(job.files) == 1 else "") + "gap-report" + EXTENSIONS[media]
    return Outcome(Output(render(report).encode("utf-8"), media, name))


def _annotate(job: Job) -> Outcome:
    name = job.files[0]
    settings = settings_for_path(name, job.overrides)
    target = _stem(name) + "-reviewed.docx"
    annotate_file(name, target, lambda source: lint_file_within_limits(source, settings),
                  engine_for(settings.rules).ruleset.taxonomy, job.author, settings.changes)
    return Outcome(Output(Path(target).read_bytes(), DOCX, target))


def _negotiate(job: Job) -> Outcome:
    names = [job.files[0]] + ([job.against] if job.against else [])
    run = _lint(job, names)
    _first_error(run)
    reports = run.report.files
    issues = issues_list(reports[0], run.settings[0], job.party, against=reports[1] if job.against else None,
                         date=today())
    media = NEGOTIATE_FORMATS[job.fmt]
    if job.fmt == "docx":
        body = render_docx(issues)
    else:
        render = {"md": negotiate_render.render_markdown, "html": negotiate_render.render_html}.get(job.fmt)
        body = (render(issues, None) if render else negotiate_render.render_json(issues)).encode("utf-8")
    return Outcome(Output(body, media, _stem(job.files[0]) + "-issues" + EXTENSIONS[media]))


def _ruleset(run: Run):
    return engine_for(run.settings[0].rules if run.settings else ()).ruleset  # for each rule's "why it matters"


# --- the page: the gap report, and per contract its issues list and annotated draft ------


def _review(job: Job) -> Outcome:
    run = _lint(job, list(job.files))
    ruleset = _ruleset(run)
    report = gap.build(run.report, ruleset)
    single = len(job.files) == 1
    outputs = {"report.html": Output(gap_render.render_html(report).encode("utf-8"), HTML,
                                     (_stem(job.files[0]) + "-" if single else "") + "gap-report.html")}
    date = today()
    contracts = []
    for i, (fr, settings, contract) in enumerate(zip(run.report.files, run.settings, report.contracts), 1):
        downloads: list[tuple[str, str]] = []
        notes: list[str] = []
        if not fr.error:
            stem = _stem(fr.file)
            if fr.file.lower().endswith(".docx"):
                target = f"{stem}-reviewed.docx"
                try:
                    annotate_file(fr.file, target, lambda source, fr=fr, s=settings: (_extract(source, s), fr),
                                  ruleset.taxonomy, job.author, settings.changes)
                except BpolintError as e:  # the report and issues list still stand
                    notes.append(f"No annotated draft: {e}")
                else:
                    outputs[f"{i}/reviewed.docx"] = Output(Path(target).read_bytes(), DOCX, target)
                    downloads.append((f"{i}/reviewed.docx", "Annotated draft (Word)"))
            issues = issues_list(fr, settings, job.party, date=date)
            outputs[f"{i}/issues.docx"] = Output(render_docx(issues), DOCX, f"{stem}-issues.docx")
            outputs[f"{i}/issues.md"] = Output(negotiate_render.render_markdown(issues).encode("utf-8"), MARKDOWN,
                                               f"{stem}-issues.md")
            downloads += [(f"{i}/issues.docx", "Issues list (Word)"), (f"{i}/issues.md", "Issues list (Markdown)")]
        contracts.append(_summary(contract, tuple(downloads), tuple(notes)))
    return Outcome(review=Review(tuple(contracts), outputs))


def _extract(source: str, settings: Settings) -> Document:
    return extract(source, ExtractOptions(changes=settings.changes, max_bytes=settings.max_bytes))


def _summary(c: gap.ContractGap, downloads: tuple[tuple[str, str], ...], notes: tuple[str, ...]) -> ContractSummary:
    missing = tuple(TopicRef(r.topic, r.title, r.level, r.anchor) for area in c.areas for r in area.rows if r.status == "missing")
    order = {"required": 0, "recommended": 1}
    return ContractSummary(c.title, c.anchor, c.error, c.services_text, c.service_source, c.coverage, dict(c.counts),
                           tuple(sorted(missing, key=lambda t: order.get(t.level, 2))), downloads, notes)


_RUNNERS = {"check": _check, "report": _report, "annotate": _annotate, "negotiate": _negotiate, "review": _review}
