"""One contract through the whole pipeline, with everything its settings ask for.

extract -> segment -> engine -> inline suppressions -> waivers -> fingerprints.

:func:`lint_one` is what every command and every executor runs per file. It never
raises: a file that cannot be read, or an unexpected failure in any stage, becomes an
error entry for that file (E900 names the stage), so one bad file costs only itself.
:func:`lint_document` is the same pipeline without that net, for the Python API.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field, replace

from .config import Settings
from .engine import Engine
from .errors import BpolintError
from .extract import ExtractOptions, extract, read_contract
from .fingerprint import fingerprint_all
from .identity import content_hash as hash_of
from .limits import TimeLimitExceeded, memory_ceiling, time_limit
from .model import Document, FileReport, ServiceDetection
from .ruleset import RuleSet, load_ruleset
from .ruleset.services import detect_services
from .segment import segment
from . import suppressions

MAX_TEXT_CHARS = 8_000_000  # about 1,500 pages of contract text


@dataclass(frozen=True)
class FileTask:
    path: str
    settings: Settings
    debug: bool = False
    data: bytes | None = field(default=None, repr=False)  # the file's bytes, when read elsewhere (--send-files)


@dataclass(frozen=True)
class FileResult:
    report: FileReport
    waivers_used: frozenset[tuple[str, int]] = frozenset()  # (config file, line) of each waiver that applied
    traceback: str | None = field(default=None, compare=False)  # for --debug, with an internal error


class _Stage:
    """Which stage a file is in, so that an internal error can say where it happened."""

    name = "reading"


_engines: dict[tuple[str, ...], Engine] = {}


def engine_for(rules_dirs: tuple[str, ...]) -> Engine:
    """One engine per rule set for the life of the process (a worker builds each once)."""
    engine = _engines.get(rules_dirs)
    if engine is None:
        engine = _engines[rules_dirs] = Engine(load_ruleset(rules_dirs))
    return engine


def resolve_services(text: str, requested: tuple[str, ...], ruleset: RuleSet) -> ServiceDetection:
    """Declared types win; ``auto`` scores the text; otherwise the common base only."""
    declared = tuple(s for s in requested if s != "auto")
    check_services(declared, ruleset)
    if declared:
        return ServiceDetection(declared, "declared")
    if "auto" in requested:
        return detect_services(text)
    return ServiceDetection((), "default")


def check_services(names: tuple[str, ...], ruleset: RuleSet) -> None:
    for s in names:
        if s != "auto" and s not in ruleset.taxonomy.service_types:
            raise BpolintError("E103", None, None,
                               {"value": s, "choices": ", ".join(["auto", *ruleset.taxonomy.service_types])})


def lint_document(document: Document, settings: Settings, stage: _Stage | None = None
                  ) -> tuple[FileReport, frozenset[tuple[str, int]]]:
    """Lint an extracted document; returns the report and the waivers that applied."""
    stage = stage or _Stage()
    stage.name = "loading rules"
    engine = engine_for(settings.rules)
    ruleset = engine.ruleset
    size = sum(len(b.text) for b in document.blocks)
    if size > MAX_TEXT_CHARS:
        raise BpolintError("E401", document.path, None, {"size": size})
    stage.name = "service-type detection"
    detection = resolve_services(" ".join(b.text for b in document.blocks), settings.service, ruleset)
    stage.name = "segmentation"
    seg = segment(document)
    stage.name = "checks"
    result = engine.evaluate(seg, detection.service_types, settings.disable, dict(settings.severity))
    stage.name = "suppressions"
    known = {r.id for r in ruleset.rules} | {r.name for r in ruleset.rules}
    findings, notices = suppressions.apply(seg, list(result.findings), known)
    before = len(result.findings)
    used: frozenset[tuple[str, int]] = frozenset()
    if settings.waivers:
        from .config import apply_waivers

        findings, waived = apply_waivers(findings, document.path, settings.waivers)
        used = frozenset(waived)
    findings = fingerprint_all(findings)
    report = FileReport(file=document.path, detection=detection, topics=result.topics, findings=tuple(findings),
                        warnings=document.warnings, notices=tuple(notices), suppressed=before - len(findings))
    return report, used


def lint_file_within_limits(source: str, settings: Settings) -> tuple[Document, FileReport]:
    """Extract and lint one file under its time limit and memory ceiling, keeping the document (annotate quotes
    it); a limit hit raises E901/E902, other failures their own coded error, as for every command."""
    try:
        with memory_ceiling(settings.memory_limit_mb), time_limit(settings.time_limit_s):
            document = extract(source, ExtractOptions(changes=settings.changes, max_bytes=settings.max_bytes))
            return document, lint_document(document, settings)[0]
    except TimeLimitExceeded:
        raise BpolintError("E901", source, None, {"limit": _number(settings.time_limit_s)}) from None
    except MemoryError:
        raise BpolintError("E902", source, None, {"limit": _number(settings.memory_limit_mb)}) from None


def lint_one(task: FileTask) -> FileResult:
    """Lint one file; every failure becomes that file's error entry."""
    stage = _Stage()
    settings = task.settings
    content_hash = None
    try:
        with memory_ceiling(settings.memory_limit_mb), time_limit(settings.time_limit_s):
            stage.name = "extraction"
            options = ExtractOptions(changes=settings.changes, max_bytes=settings.max_bytes)
            data = task.data if task.data is not None else read_contract(task.path, options)
            content_hash = hash_of(data)
            document = extract(task.path, options, data)
            report, used = lint_document(document, settings, stage)
        return FileResult(replace(report, content_hash=content_hash), used)
    except BpolintError as e:
        e.file = e.file or task.path
        return FileResult(replace(error_report(task.path, e), content_hash=content_hash))
    except TimeLimitExceeded:
        return FileResult(error_report(task.path, BpolintError("E901", task.path, None,
                                                               {"limit": _number(settings.time_limit_s)})))
    except MemoryError:
        return FileResult(error_report(task.path, BpolintError("E902", task.path, None,
                                                               {"limit": _number(settings.memory_limit_mb)})))
    except RecursionError as e:
        return _internal(task, stage, e)
    except Exception as e:  # noqa: BLE001 - one file's bug must not stop the run
        return _internal(task, stage, e)


def _internal(task: FileTask, stage: _Stage, exc: BaseException) -> FileResult:
    detail = {"stage": stage.name, "exception": f"{type(exc).__name__}: {_one_line(str(exc))}"}
    tb = traceback.format_exc() if task.debug else None
    return FileResult(error_report(task.path, BpolintError("E900", task.path, None, detail)), traceback=tb)


def error_report(path: str, error: BpolintError) -> FileReport:
    return FileReport(file=path, detection=ServiceDetection((), "default"), error=str(error), error_code=error.code)


def lost_report(path: str, code: str, **detail: object) -> FileResult:
    """The entry for a file whose worker was killed or died."""
    return FileResult(error_report(path, BpolintError(code, path, None, dict(detail))))


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "\u2026"
