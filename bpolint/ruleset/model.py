"""Validated rule objects. Rule files are data; these are what the checks receive."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .options import CHECK_OPTIONS, DETECTOR_OPTIONS

CHECK_KINDS = tuple(CHECK_OPTIONS)  # each kind is implemented in bpolint.checks
HYGIENE_DETECTORS = tuple(DETECTOR_OPTIONS)  # each detector is implemented in bpolint.checks.hygiene


@dataclass(frozen=True)
class Pattern:
    """What to look for: phrases (matched on folded words), token patterns, regexes."""

    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[dict, ...], ...] = ()
    regex: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.phrases or self.patterns or self.regex)


@dataclass(frozen=True)
class VocabEntry:
    phrase: str
    variants: tuple[str, ...]
    suggestion: str
    topic: str
    unless: Pattern = field(default_factory=Pattern)  # context in the sentence that makes it fine
    note: str | None = None
    report: bool = True  # False: only marks a mention as vague, never a finding on its own


@dataclass(frozen=True)
class Vocabulary:
    name: str
    topic: str
    entries: tuple[VocabEntry, ...]
    file: str
    marks_vague_mentions: bool = False  # its words make a mention of a measurable topic vague


@dataclass(frozen=True)
class Detect:
    match: Pattern
    vocab: str | None = None
    not_inside: Pattern = field(default_factory=Pattern)  # a hit overlapping these is dropped
    unless: Pattern = field(default_factory=Pattern)  # a hit whose sentence has these is dropped
    headings: bool = True  # count mentions in headings
    parts: tuple[str, ...] = ()  # restrict to document parts; empty = all


@dataclass(frozen=True)
class Quantify:
    kinds: tuple[str, ...]
    window: int = 25
    compare: str | None = None
    period: bool = False
    scope: str = "window"  # window | sentence | clause


@dataclass(frozen=True)
class Companion:
    match: Pattern
    scope: str = "sentence"  # sentence | clause | document


@dataclass(frozen=True)
class RuleCase:
    name: str  # fail_x | pass_x | todo_x
    text: str
    service_types: tuple[str, ...] = ()
    count: int | None = None

    @property
    def expect(self) -> str:
        return self.name.split("_", 1)[0]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    topic: str
    title: str
    check: str
    service_types: tuple[str, ...]  # ("all",) or specific types
    severity: str | None
    detect: Detect | None
    message: dict[str, str]  # by status ("missing", "unquantified", ...) with "default"
    suggestion: str | None
    why: dict[str, str]
    quantify: Quantify | None = None
    companion: Companion | None = None
    detector: str | None = None  # hygiene check implemented in code
    options: dict[str, Any] = field(default_factory=dict)
    tests: tuple[RuleCase, ...] = ()
    file: str = ""
    line: int = 0
    ruleset: str = "common"

    def message_for(self, status: str | None) -> str:
        return self.message.get(status or "default") or self.message.get("default") or next(iter(self.message.values()))

    def why_for(self, service_types: tuple[str, ...] | list[str]) -> str | None:
        for s in service_types:
            if s in self.why:
                return self.why[s]
        return self.why.get("all")

    def applies_to(self, service_types: tuple[str, ...] | list[str]) -> bool:
        return "all" in self.service_types or any(s in self.service_types for s in service_types)
