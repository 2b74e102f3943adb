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
    reports: list[FileReport] = []
    settings: list[Settings] = []

    def keep(report: FileReport, file_settings: Settings) -> None:
        reports.append(report)
        settings.append(file_settings)

    rest = stream_paths(paths, keep, options)
    return Run(Report(__version__, tuple(reports), rest.notices), tuple(settings), rest.tracebacks)


@dataclass(frozen=True)
class RunEnd:
    """What a streamed run tells once every file's report has been handed on."""

    notices: tuple[Notice, ...]  # run-level: unused waivers in configuration files
    tracebacks: tuple[tuple[str, str], ...] = ()  # (file, traceback) of internal errors, with debug


def stream_paths(paths: Sequence[str], emit: Callable[[FileReport, Settings], None],
                 options: RunOptions = RunOptions(),
                 on_start: Callable[[tuple[str, ...]], None] | None = None) -> RunEnd:
    """:func:`lint_paths`, handing each file's report and settings to ``emit`` in report order
    as soon as the files before it are done, and keeping none of them: memory does not
    grow with the number of files. Raises as :func:`lint_paths` does, before ``emit`` is called.

    ``on_start(files)`` is called once discovery is done, before any file is linted, with
    every file that will be reported (for an output that must not overwrite an input)."""
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

    if on_start:
        on_start(tuple(e.file or "" for e in found.errors) + tuple(t.path for t in tasks))
    for e in found.errors:
        emit(error_report(e.file or "", e), Settings())
    used: set[tuple[str, int]] = set()
    tracebacks: list[tuple[str, str]] = []

    def hand_on(index: int, result: FileResult) -> None:
        task = tasks[index]
        used.update(result.waivers_used)
        if result.traceback:
            tracebacks.append((task.path, result.traceback))
        emit(result.report, task.settings)

    _execute(tasks, options, pool.in_order(hand_on))
    return RunEnd(tuple(_unused_waivers([t.settings for t in tasks], used)), tuple(tracebacks))


def _execute(tasks: list[FileTask], options: RunOptions, done: Callable[[int, FileResult], None]) -> None:
    """Each task's result to ``done(index, result)``, as it finishes (and to ``options.on_result``)."""
    jobs, progress, on_result = options.jobs or pool.cpu_count(), options.progress, options.on_result

    def finished(index: int, result: FileResult) -> None:
        if on_result:
            on_result(tasks[index], result)
        done(index, result)

    if options.executor == "dask":
        from . import distributed

        index_of = {id(task): i for i, task in enumerate(tasks)}
        distributed.run(tasks, jobs, scheduler=options.scheduler, send_files=options.send_files,
                        lost=_lost, hard_limit=_hard_limit, progress=progress,
                        on_result=lambda task, result: finished(index_of[id(task)], result))
        return
    if jobs <= 1 or len(tasks) <= 1:
        for i, task in enumerate(tasks):
            finished(i, lint_one(task))
            if progress:
                progress(i + 1, len(tasks))
        return
    from .segment.nlp import make_nlp

    make_nlp()  # spaCy and the pipeline once, before the fork, rather than in every worker
    pool.run(tasks, lint_one, jobs, lost=_lost, hard_limit=_hard_limit, progress=progress, on_result=finished,
             keep=False)


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


__all__ = ["Overrides", "Run", "RunEnd", "RunOptions", "Settings", "BpolintError", "lint_file", "lint_paths",
           "lint_text", "list_rules", "settings_for_path", "stream_paths"]
