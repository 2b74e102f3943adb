"""Public Python API: the one lint path that every command uses.

    >>> from bpolint import lint_file, lint_paths
    >>> report = lint_file("contract.docx", service_types=["it-services"])
    >>> [f.rule for f in report.findings]
    >>> run = lint_paths(["templates/"], RunOptions(jobs=2))

:func:`lint_paths` does discovery, finds the configuration of each file (walking up
from it), applies waivers and inline suppressions, runs the files in-process or in a
pool of workers, and puts the results back in input order. The CLI only parses flags
and renders what it returns.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import pool
from .config import Overrides, Settings, config_for_file, settings_for
from .discovery import discover
from .errors import BpolintError, warning_text
from .extract import ExtractOptions, extract
from .extract.plain import document_from_text
from .model import FileReport, Notice, Report
from .pipeline import (FileResult, FileTask, check_services, engine_for, error_report, lint_document, lint_one,
                       lost_report)
from .ruleset import Rule
from .version import __version__


@dataclass(frozen=True)
class RunOptions:
    """How a run over many files is carried out (what is linted, and how, is in ``overrides``)."""

    overrides: Overrides = Overrides()
    jobs: int | None = None  # worker processes; None: one per core; 1: in-process
    debug: bool = False  # keep tracebacks of internal errors
    progress: Callable[[int, int], None] | None = None  # (files done, files in all)
    executor: str = "local"  # "local": the worker pool above; "dask": a dask.distributed cluster (the dask extra)
    scheduler: str | None = None  # dask: address of a running scheduler; None starts a local cluster of `jobs` workers
    send_files: bool = False  # dask: the client reads each file and sends its bytes (workers without the files)
    skip: Callable[[FileTask], bool] | None = None  # files already done (a resumed run): not linted, not reported
    on_result: Callable[[FileTask, FileResult], None] | None = None  # each file as it finishes (checkpoints)


@dataclass(frozen=True)
class Run:
    """A finished run: the report, plus what the CLI needs to decide its exit code."""

    report: Report
    settings: tuple[Settings, ...]  # per file, in report order
    tracebacks: tuple[tuple[str, str], ...] = ()  # (file, traceback) of internal errors, with debug

    def failed(self) -> bool:
        """A finding reached its file's fail-on level."""
        return any(f.severity.rank >= s.fail_rank for fr, s in zip(self.report.files, self.settings)
                   for f in fr.findings)

    def had_errors(self) -> bool:
        return any(fr.error for fr in self.report.files)


def settings_for_path(path: str | os.PathLike, overrides: Overrides = Overrides()) -> Settings:
    """The settings that govern one contract: its nearest configuration under the command-line flags."""
    return settings_for(config_for_file(path, overrides), overrides)


def lint_paths(paths: Sequence[str], options: RunOptions = RunOptions()) -> Run:
    """Lint every contract named or found under ``paths``.

    Usage problems (a bad configuration or rule file, an unknown service type) raise
    :class:`BpolintError` before any file is read; a file that cannot be linted becomes
    an entry with ``error`` and the run goes on.
    """
    overrides = options.overrides
    cache: dict[str, Settings] = {}

    def settings_of(path: Path) -> Settings:
        folder = str(path.parent if not path.is_dir() else path)
        if folder not in cache:
            cache[folder] = settings_for_path(path, overrides)
        return cache[folder]

    shipped = engine_for(()).ruleset  # every rule set shares the shipped taxonomy and its service types
    check_services(overrides.service, shipped)  # before any file is read
    found = discover(paths, settings_of)
    for settings in dict.fromkeys(s for _, s in found.files):
        engine_for(settings.rules)  # a bad rule file stops the run here, once
        check_services(settings.service, shipped)
    tasks = [FileTask(path, settings, options.debug) for path, settings in found.files]
    if options.skip:
        tasks = [t for t in tasks if not options.skip(t)]
    results = _execute(tasks, options)

    reports = [error_report(e.file or "", e) for e in found.errors] + [r.report for r in results]
    settings = [Settings() for _ in found.errors] + [t.settings for t in tasks]
    used = set().union(*(r.waivers_used for r in results)) if results else set()
    notices = _unused_waivers([t.settings for t in tasks], used)
    tracebacks = tuple((t.path, r.traceback) for t, r in zip(tasks, results) if r.traceback)
    return Run(Report(__version__, tuple(reports), tuple(notices)), tuple(settings), tracebacks)


def _execute(tasks: list[FileTask], options: RunOptions) -> list[FileResult]:
    jobs, progress, on_result = options.jobs or pool.cpu_count(), options.progress, options.on_result
    if options.executor == "dask":
        from . import distributed

        return distributed.run(tasks, jobs, scheduler=options.scheduler, send_files=options.send_files,
                               lost=_lost, hard_limit=_hard_limit, progress=progress, on_result=on_result)
    if jobs <= 1 or len(tasks) <= 1:
        out = []
        for i, task in enumerate(tasks):
            out.append(lint_one(task))
            if on_result:
                on_result(task, out[-1])
            if progress:
                progress(i + 1, len(tasks))
        return out
    from .segment.nlp import make_nlp

    make_nlp()  # spaCy and the pipeline once, before the fork, rather than in every worker
    finished = (lambda i, result: on_result(tasks[i], result)) if on_result else None
    return pool.run(tasks, lint_one, jobs, lost=_lost, hard_limit=_hard_limit, progress=progress, on_result=finished)


def _hard_limit(task: FileTask) -> float | None:
    """When the pool kills a worker: the file's own limit, which the worker enforces, plus a grace."""
    limit = task.settings.time_limit_s
    return limit + max(5.0, limit * 0.25) if limit and limit > 0 else None


def _lost(task: FileTask, code: str, detail: str) -> FileResult:
    if code == "E901":
        limit = task.settings.time_limit_s
        return lost_report(task.path, code, limit=str(int(limit)) if float(limit).is_integer() else f"{limit:g}")
    return lost_report(task.path, code, detail=detail)


def _unused_waivers(all_settings: list[Settings], used: set[tuple[str, int]]) -> list[Notice]:
    waivers = {w.key: w for s in all_settings for w in s.waivers}
    out = []
    for key in sorted(waivers):
        if key not in used:
            w = waivers[key]
            out.append(Notice("W101", w.config, w.line, warning_text("W101", what=w.describe()).split("] ", 1)[1]))
    return out


# --- one file -------------------------------------------------------------------------


def lint_file(path: str | os.PathLike, service_types: Iterable[str] | None = None,
              overrides: Overrides | None = None) -> FileReport:
    """Lint one file under its nearest configuration. Raises :class:`BpolintError` when it cannot be read."""
    overrides = overrides or Overrides()
    if service_types is not None:
        overrides = replace(overrides, service=tuple(service_types) or ("auto",))
    settings = settings_for_path(path, overrides)
    document = extract(path, ExtractOptions(changes=settings.changes, max_bytes=settings.max_bytes))
    return lint_document(document, settings)[0]


def lint_text(text: str, service_types: Iterable[str] = (), overrides: Overrides | None = None,
              name: str = "<text>") -> FileReport:
    """Lint a string as if it were a plain-text contract (no configuration file is read)."""
    overrides = replace(overrides or Overrides(), use_config=False)
    if service_types:
        overrides = replace(overrides, service=tuple(service_types))
    settings = settings_for(config_for_file(".", overrides), overrides)
    if not service_types and not (overrides and overrides.service):
        settings = replace(settings, service=())
    return lint_document(document_from_text(text, name), settings)[0]


def list_rules(rules_dirs: tuple[str, ...] = ()) -> list[Rule]:
    return list(engine_for(tuple(str(Path(r).resolve()) for r in rules_dirs)).ruleset.rules)


__all__ = ["Overrides", "Run", "RunOptions", "Settings", "BpolintError", "lint_file", "lint_paths", "lint_text",
           "list_rules", "settings_for_path"]
