"""The issues list: one row per point to raise with the other side.

Frozen records, built by :mod:`.rows` from a draft's :class:`~bpolint.model.FileReport`
and rendered by :mod:`.render` (Markdown, HTML, JSON), :mod:`.docx` (a Word table) and
:mod:`.letter` (the covering letter).
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


class Priority(str, enum.Enum):
    MUST = "must-have"
    IMPORTANT = "important"
    NICE = "nice-to-have"

    @property
    def rank(self) -> int:
        return {"must-have": 0, "important": 1, "nice-to-have": 2}[self.value]

    def __str__(self) -> str:
        return self.value


class Round(str, enum.Enum):
    """A row compared with the previous draft's list (``--against``)."""

    NEW = "new"
    OPEN = "still open"
    RESOLVED = "resolved"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class ClauseRef:
    """A clause of the draft, as its segmentation numbers and heads it."""

    number: str | None  # "5.2(a)", "Schedule 2"; None for text before the first clause
    heading: str | None
    line: int = field(compare=False)  # where the row's first finding in it stands (canonical text)
    page: int | None = field(default=None, compare=False)
    lines_shown: bool = field(default=True, compare=False)  # the draft is text: its lines are the reader's

    def __str__(self) -> str:
        if self.number is None and self.heading is None:
            where = f" (page {self.page})" if self.page else f" (line {self.line})" if self.lines_shown else ""
            return f"opening text{where}"
        number = self.number or ""
        if number[:1].isdigit() or number[:1] == "(":
            number = f"clause {number}"
        return ", ".join(p for p in (number, self.heading) if p)


@dataclass(frozen=True)
class Comparison:
    """A draft's figure against a playbook term."""

    term: str  # the term's name, or the topic title
    draft: str  # the figure as written: "three (3) Business Days"
    draft_range: str  # what it can stand for: "72 to 120 hours"
    target: str  # as the playbook writes it
    walk_away: str
    verdict: str  # meets | between | below | not compared
    note: str | None = None  # why it was not compared
    source: str | None = None


@dataclass(frozen=True)
class Row:
    number: int
    kind: str  # term | playbook | clause | wording | drafting
    topic: str
    title: str  # the topic's title
    clauses: tuple[ClauseRef, ...]  # empty: the draft has no such clause ("new clause")
    issue: str  # one plain sentence
    why: str
    ask: str
    fallback: str
    priority: Priority
    rules: tuple[str, ...] = ()
    fingerprints: tuple[str, ...] = ()  # of the findings behind the row
    comparison: Comparison | None = None
    round: Round | None = None  # with --against
    response: str = ""  # the other side's answer: left empty for them

    @property
    def clause_text(self) -> str:
        if not self.clauses:
            return "new clause"
        shown = [str(c) for c in self.clauses[:MAX_CLAUSES_SHOWN]]
        more = len(self.clauses) - len(shown)
        return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")

    @property
    def key(self) -> tuple[str, str]:
        """What makes two drafts' rows the same point: the topic for one-per-topic rows."""
        return (self.kind if self.kind != "playbook" else "term", self.topic)


MAX_CLAUSES_SHOWN = 8


@dataclass(frozen=True)
class IssuesList:
    draft: str  # the file as given
    title: str  # its file name
    date: dt.date
    party: str  # customer | supplier: whose list this is
    other: str  # the side it is sent to
    service_types: tuple[str, ...]
    services: str  # the service types in words
    playbook: str  # which positions were compared: "default playbook (it-services)", a file ...
    rows: tuple[Row, ...]
    version: str
    against: str | None = None  # the previous draft

    def count(self, priority: Priority) -> int:
        return sum(1 for r in self.rows if r.priority is priority and r.round is not Round.RESOLVED)

    @property
    def open_rows(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.round is not Round.RESOLVED)

    @property
    def must_haves(self) -> tuple[Row, ...]:
        return tuple(r for r in self.open_rows if r.priority is Priority.MUST)
