"""The records that flow one way through bpolint.

extract -> :class:`Document` (blocks with locations)
segment -> :class:`Clause` list over the document
evaluate -> :class:`Finding` and :class:`TopicResult`
report  <- :class:`FileReport` / :class:`Report` (one shape for every output)

Everything here is a frozen dataclass with no behaviour beyond small derived
values, so that every stage can import it without importing a later stage.
"""
from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self.value]


_SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


class Status(str, enum.Enum):
    """A topic's status in one contract.

    Requirement topics (a term the contract should contain) are present, unquantified,
    vague or missing; risk, wording and hygiene topics (something it should not contain)
    are flagged or clear.
    """

    PRESENT = "present"
    UNQUANTIFIED = "unquantified"
    VAGUE = "vague"
    MISSING = "missing"
    FLAGGED = "flagged"
    CLEAR = "clear"

    @property
    def is_gap(self) -> bool:
        """Something to negotiate: a requirement not met as drafted, or a risk found."""
        return self in GAP_STATUSES

    def __str__(self) -> str:
        return self.value


REQUIREMENT_STATUSES = (Status.PRESENT, Status.UNQUANTIFIED, Status.VAGUE, Status.MISSING)
RISK_STATUSES = (Status.FLAGGED, Status.CLEAR)
GAP_STATUSES = frozenset({Status.UNQUANTIFIED, Status.VAGUE, Status.MISSING, Status.FLAGGED})


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in a block's clean text back to the canonical text.

    ``anchors`` holds (clean_offset, canonical_offset) pairs in increasing order;
    between two anchors the texts advance together character by character.
    Whitespace runs collapsed to one space and removed markup create anchors.
    """

    anchors: tuple[tuple[int, int], ...]

    @cached_property
    def _clean_keys(self) -> list[int]:
        return [a[0] for a in self.anchors]

    def to_canonical(self, offset: int) -> int:
        i = bisect.bisect_right(self._clean_keys, offset) - 1
        if i < 0:
            return self.anchors[0][1]
        clean, canon = self.anchors[i]
        return canon + (offset - clean)

    def to_clean(self, canonical: int) -> int:
        """The clean offset of a canonical offset (the nearest one before it, inside removed markup)."""
        i = bisect.bisect_right([a[1] for a in self.anchors], canonical) - 1
        if i < 0:
            return 0
        clean, canon = self.anchors[i]
        nxt = self.anchors[i + 1][0] if i + 1 < len(self.anchors) else None
        offset = clean + (canonical - canon)
        return min(offset, nxt - 1) if nxt is not None and nxt > clean else offset


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of the document as the reader sees it.

    ``text`` is the clean text (single spaces, no markup) that the NLP stages read;
    ``start``/``end`` delimit the block in :attr:`Document.text`.
    """

    text: str
    start: int
    end: int
    offsets: OffsetMap
    kind: str = "paragraph"  # paragraph | heading | list-item | table-row | title
    part: str = "body"  # body | table | header | footer | footnote | endnote | comment
    page: int | None = None
    paragraph: int | None = None  # index of the paragraph within its part
    label: str | None = None  # clause number printed before the text (e.g. Word numbering)
    level: int | None = None  # heading level or list depth
    inserted: tuple[tuple[int, int], ...] = ()  # clean-text ranges inside tracked insertions
    # Where the block comes from in a DOCX package: (part name, index of its first w:p among the
    # part's paragraphs in document order), so a finding can be traced back to the XML.
    origin: tuple[str, int] | None = None

    def canonical(self, offset: int) -> int:
        return self.offsets.to_canonical(offset)

    def canonical_span(self, start: int, end: int) -> tuple[int, int]:
        """Canonical offsets of the clean range [start, end)."""
        if end <= start:
            at = self.canonical(start)
            return at, at
        return self.canonical(start), self.canonical(end - 1) + 1

    def in_insertion(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.inserted)


@dataclass(frozen=True)
class Document:
    path: str
    format: str  # txt | md | docx | pdf
    text: str  # canonical text: what `bpolint extract` prints; lines/columns point here
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = ()

    @property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        at = find("\n")
        while at >= 0:  # str.find runs in C: a generator over every character took 10 ms on a 60-page draft
            starts.append(at + 1)
            at = find("\n", at + 1)
        return starts

    def original(self, block: Block, start: int, end: int) -> str:
        """Clean text [start, end) of ``block`` in the document's own characters.

        The clean text folds quotes and dashes for matching; a quote shown to the reader
        should be found again in the original, so each character is taken from the
        canonical text (whitespace stays collapsed, removed markup stays out).
        """
        text = block.text
        end = min(end, len(text))
        if start >= end:
            return ""
        # Between two anchors of the offset map the texts advance together: copy each such
        # run of the canonical text at once rather than looking up every character.
        anchors = block.offsets.anchors
        keys = block.offsets._clean_keys
        pieces = []
        i = start
        while i < end:
            k = bisect.bisect_right(keys, i) - 1
            if k < 0:  # before the first anchor every offset maps to the first anchor's place
                stop = min(end, keys[0]) if keys else end
                pieces.append(self.text[anchors[0][1]] * (stop - i))
            else:
                stop = min(end, keys[k + 1]) if k + 1 < len(keys) else end
                canon = anchors[k][1] + (i - anchors[k][0])
                run = self.text[canon:canon + (stop - i)]
                if len(run) != stop - i:
                    raise IndexError("string index out of range")
                pieces.append(run)
            i = stop
        out = "".join(pieces)
        words = text[start:end].split(" ")
        if len(words) == 1:
            return out
        kept, pos = [], 0
        for w in words:  # a space of the clean text stays a space
            kept.append(out[pos:pos + len(w)])
            pos += len(w) + 1
        return " ".join(kept)

    def block_at(self, offset: int) -> int | None:
        """Index of the block holding the canonical ``offset``."""
        starts = self._block_starts
        i = bisect.bisect_right(starts, offset) - 1
        return i if 0 <= i < len(self.blocks) and offset <= self.blocks[i].end else None

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def line_col(self, offset: int, line_starts: list[int] | None = None) -> tuple[int, int]:
        """1-based line and column of a canonical offset."""
        starts = line_starts if line_starts is not None else self.line_starts
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1


@dataclass(frozen=True)
class Clause:
    """A numbered or headed unit of the contract."""

    index: int
    number: str | None  # full number as the reader cites it: "12.3", "5.2(a)", "Schedule 2"
    label: str | None  # the label exactly as printed: "(a)", "12.3", "ARTICLE IV"
    heading: str | None
    parent: int | None  # index of the enclosing clause
    depth: int
    start: int  # canonical offsets
    end: int
    first_block: int
    last_block: int  # inclusive


@dataclass(frozen=True)
class Location:
    file: str
    line: int
    column: int
    clause: str | None = None
    heading: str | None = None
    page: int | None = None
    part: str | None = None
    paragraph: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "heading": self.heading,
            "page": self.page,
            "part": self.part,
            "paragraph": self.paragraph,
            "line": self.line,
            "column": self.column,
        }


@dataclass(frozen=True, eq=False)
class Finding:
    rule: str
    topic: str
    severity: Severity
    message: str
    suggestion: str | None
    evidence: str
    location: Location
    rule_name: str = ""
    status: Status | None = None  # the topic status this finding supports (missing, unquantified...)
    fingerprint: str = ""  # stable across edits elsewhere in the document (see bpolint.fingerprint)
    evidence_span: tuple[int, int] | None = None  # canonical offsets of the quoted evidence
    context: str = ""  # the sentence around the evidence, where the evidence is only the defective words

    @property
    def quoted(self) -> str:
        """The sentence the finding is about: what identifies it across edits and drafts."""
        return self.context or self.evidence

    @property
    def key(self) -> tuple:
        loc = self.location
        return (self.topic, self.rule, loc.line, loc.column)

    def __eq__(self, other: object) -> bool:  # never compare message text
        return isinstance(other, Finding) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "topic": self.topic,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "evidence": self.evidence,
            "location": self.location.to_dict(),
            "fingerprint": self.fingerprint,
        }


EVIDENCE_KINDS = ("operative", "definition", "heading")


@dataclass(frozen=True)
class Evidence:
    """A quote that supports a topic status, in the document's own characters.

    ``kind`` says what the quoted sentence is: ``operative`` (it states a duty or a
    term), or only a ``definition`` or a ``heading`` that names the topic.
    """

    quote: str
    location: Location
    kind: str = "operative"
    span: tuple[int, int] | None = None  # canonical offsets of the quote

    def to_dict(self) -> dict[str, Any]:
        return {"quote": self.quote, "kind": self.kind, "location": self.location.to_dict()}


@dataclass(frozen=True)
class Measure:
    """A figure the draft states for a topic: "99.5%", "seventy-two (72) hours", "USD 50,000".

    ``value`` and ``unit`` are the number and unit as written (not converted), so that
    99.50% stays 99.50 and "3 business days" stays business days; ``sentence`` and ``at``
    (the figure's place in it) let a playbook tell the recovery time from the recovery
    point in "an RTO of 4 hours and an RPO of 1 hour".
    """

    kind: str  # duration | percent | money | count
    value: Decimal
    unit: str | None  # hour, business day, month ...; "%"; a currency code; None for a count
    text: str
    location: Location
    sentence: str = field(default="", compare=False)
    at: tuple[int, int] = field(default=(0, 0), compare=False)

    def to_dict(self) -> dict[str, Any]:
        value: int | float = int(self.value) if self.value == self.value.to_integral_value() else float(self.value)
        return {"kind": self.kind, "value": value, "unit": self.unit, "text": self.text,
                "location": self.location.to_dict()}


@dataclass(frozen=True)
class TopicResult:
    topic: str
    level: str  # required | recommended
    status: Status
    evidence: tuple[Evidence, ...] = ()
    measures: tuple[Measure, ...] = ()  # the figures behind a present, measurable topic

    @property
    def covered(self) -> bool:
        """Present, and shown by an operative clause rather than only a definition or a heading."""
        return self.status == "present" and (not self.evidence or any(e.kind == "operative" for e in self.evidence))

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "level": self.level,
            "status": self.status.value,
            "evidence": [e.to_dict() for e in self.evidence],
            "measures": [m.to_dict() for m in self.measures],
        }


@dataclass(frozen=True)
class Coverage:
    """Share of the required terms for the draft's service types that are present and measurable.

    Counts requirement topics whose level is ``required`` (risk, wording and hygiene
    topics are not terms to have); a topic counts as covered only with status
    ``present`` (for a measurable topic: a figure was found) shown by an operative
    clause, not by a definition or a heading alone.
    """

    covered: int
    required: int

    EXPLANATION = ("share of the required terms for the contract's service types that are present and measurable, "
                   "shown by an operative clause")

    @property
    def score(self) -> float | None:
        return self.covered / self.required if self.required else None

    @classmethod
    def of(cls, topics: tuple[TopicResult, ...]) -> Coverage:
        required = [t for t in topics if t.level == "required" and t.status in REQUIREMENT_STATUSES]
        return cls(sum(1 for t in required if t.covered), len(required))

    def to_dict(self) -> dict[str, Any]:
        score = self.score
        return {"score": round(score, 4) if score is not None else None, "covered": self.covered,
                "required": self.required}


@dataclass(frozen=True)
class ServiceDetection:
    service_types: tuple[str, ...]
    source: str  # declared | detected | default
    scores: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """Something about the run rather than the contract: a waiver or an inline suppression that
    suppressed nothing. ``file`` is where it is written (a config file or the contract)."""

    code: str
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: [{self.code}] {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "file": self.file, "line": self.line, "message": self.message}


@dataclass(frozen=True)
class FileReport:
    file: str
    detection: ServiceDetection
    topics: tuple[TopicResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: str | None = None  # one line, "[E302] ..." with the file name, when the file could not be linted
    error_code: str | None = None
    warnings: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()  # unused inline suppressions in this file
    suppressed: int = 0  # findings removed by inline suppressions, waivers or the baseline
    content_hash: str | None = None  # sha256 of the bytes linted (None when the file could not be read)

    @property
    def coverage(self) -> Coverage:
        return Coverage.of(self.topics)

    def to_dict(self) -> dict[str, Any]:
        det = self.detection
        return {
            "file": self.file,
            "service_types": list(det.service_types),
            "service_type_source": det.source,
            "service_type_reasons": {k: list(v) for k, v in det.reasons.items()},
            "coverage": None if self.error else self.coverage.to_dict(),
            "topics": [t.to_dict() for t in self.topics],
            "findings": [f.to_dict() for f in self.findings],
            "warnings": list(self.warnings),
            "notices": [n.to_dict() for n in self.notices],
            "error": self.error,
        }


@dataclass(frozen=True)
class Report:
    version: str
    files: tuple[FileReport, ...]
    notices: tuple[Notice, ...] = ()  # run-level: unused waivers in configuration files

    def all_notices(self) -> list[Notice]:
        return list(self.notices) + [n for f in self.files for n in f.notices]

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "files": [f.to_dict() for f in self.files],
                "notices": [n.to_dict() for n in self.notices]}
