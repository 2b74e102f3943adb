"""Public Python API. The CLI prints exactly these records.

    >>> from bpolint import lint_file
    >>> report = lint_file("contract.docx", service_types=["it-services"])
    >>> [f.rule for f in report.findings]
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from .version import __version__
from .errors import BpolintError
from .engine import evaluate
from .extract import ExtractOptions, extract
from .extract.plain import document_from_text
from .model import Document, FileReport, Report, ServiceDetection
from .ruleset import Rule, RuleSet, load_ruleset
from .ruleset.services import detect_services
from .segment import segment


MAX_TEXT_CHARS = 8_000_000  # about 1,500 pages of contract text


@dataclass(frozen=True)
class LintOptions:
    service_types: tuple[str, ...] = ("auto",)  # "auto" detects; () = common rules only
    rules_dirs: tuple[str, ...] = ()
    changes: str = "accepted"
    disabled: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)


def resolve_services(text: str, requested: Sequence[str], ruleset: RuleSet) -> ServiceDetection:
    """Declared types win; ``auto`` scores the text; otherwise the common base only."""
    declared = tuple(s for s in requested if s != "auto")
    for s in declared:
        if s not in ruleset.taxonomy.service_types:
            raise BpolintError("E103", None, None, {"value": s, "choices": ", ".join(["auto", *ruleset.taxonomy.service_types])})
    if declared:
        return ServiceDetection(declared, "declared")
    if "auto" in requested:
        return detect_services(text)
    return ServiceDetection((), "default")


def lint_document(document: Document, options: LintOptions | None = None, ruleset: RuleSet | None = None) -> FileReport:
    options = options or LintOptions()
    ruleset = ruleset or load_ruleset(options.rules_dirs)
    size = sum(len(b.text) for b in document.blocks)
    if size > MAX_TEXT_CHARS:
        raise BpolintError("E401", document.path, None, {"size": size})
    detection = resolve_services(" ".join(b.text for b in document.blocks), options.service_types, ruleset)
    seg = segment(document)
    result = evaluate(seg, ruleset, detection.service_types, options.disabled, options.severity)
    return FileReport(file=document.path, detection=detection, topics=result.topics, findings=result.findings,
                      warnings=document.warnings, document=document)


def lint_file(path: str | os.PathLike, service_types: Iterable[str] | None = None,
              options: LintOptions | None = None) -> FileReport:
    """Lint one file. Raises :class:`BpolintError` when it cannot be read."""
    options = options or LintOptions()
    if service_types is not None:
        options = replace(options, service_types=tuple(service_types) or ("auto",))
    ruleset = load_ruleset(options.rules_dirs)
    document = extract(path, ExtractOptions(changes=options.changes))
    return lint_document(document, options, ruleset)


def lint_text(text: str, service_types: Iterable[str] = (), options: LintOptions | None = None,
              name: str = "<text>") -> FileReport:
    """Lint a string as if it were a plain-text contract."""
    options = options or LintOptions(tuple(service_types) or ())
    if service_types:
        options = replace(options, service_types=tuple(service_types))
    return lint_document(document_from_text(text, name), options)


def list_rules(rules_dirs: tuple[str, ...] = ()) -> list[Rule]:
    return list(load_ruleset(rules_dirs).rules)


def make_report(files: list[FileReport]) -> Report:
    return Report(__version__, tuple(files))
