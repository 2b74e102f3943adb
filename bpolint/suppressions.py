"""Inline suppressions in text and Markdown drafts.

    <!-- bpolint: disable=WD01 -->        until `enable=WD01` or the end of the enclosing clause
    <!-- bpolint: enable=WD01 -->
    <!-- bpolint: disable-next=WD01 -->   the next paragraph only
    <!-- bpolint: disable-file=WD01 -->   the whole file, including "missing" findings

Rules are named by id or name, several separated by commas; text after the list is a
free comment (the reason). In a plain-text draft the same words work without the
HTML comment markers. A scoped suppression never covers a finding about the document
as a whole (a missing term): only ``disable-file`` and configuration waivers do. An
unknown rule is an error naming the line; a suppression that suppresses nothing is
reported, so that a stray comment cannot hide a rule unnoticed.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .errors import BpolintError, warning_text
from .model import Finding, Notice
from .segment import Segmentation

FORMATS = ("txt", "md")
_DIRECTIVE = re.compile(
    r"bpolint:\s*(?P<kind>disable-next|disable-file|disable|enable)\s*=\s*"
    r"(?P<rules>[A-Za-z0-9_.-]+(?:\s*,\s*[A-Za-z0-9_.-]+)*)")


@dataclass(frozen=True)
class Directive:
    kind: str  # disable | disable-next | disable-file | enable
    rule: str
    line: int
    offset: int  # canonical offset of the comment


@dataclass(frozen=True)
class Suppression:
    directive: Directive
    start: int  # canonical range covered; whole_file covers document-level findings too
    end: int
    whole_file: bool = False


def directives(seg: Segmentation, known_rules: set[str]) -> list[Directive]:
    """The ``bpolint:`` comments of a text or Markdown draft; an unknown rule is an error."""
    doc = seg.document
    if doc.format not in FORMATS or "bpolint:" not in doc.text:
        return []
    out = []
    starts = doc.line_starts
    for m in _DIRECTIVE.finditer(doc.text):
        line = bisect.bisect_right(starts, m.start())
        for rule in (r.strip() for r in m.group("rules").split(",")):
            if rule not in known_rules:
                raise BpolintError("E111", doc.path, line, {"rule": rule})
            out.append(Directive(m.group("kind"), rule, line, m.start()))
    return out


def scopes(seg: Segmentation, found: list[Directive]) -> list[Suppression]:
    """What each disabling directive covers, in canonical offsets."""
    doc = seg.document
    end_of_text = len(doc.text)
    out = []
    for d in found:
        if d.kind == "disable-file":
            out.append(Suppression(d, 0, end_of_text, whole_file=True))
        elif d.kind == "disable-next":
            # the first paragraph whose text begins after the comment (a Markdown comment may open its block)
            nxt = next((b for b in doc.blocks if b.text.strip() and b.canonical(0) > d.offset), None)
            if nxt is not None:
                out.append(Suppression(d, nxt.start, nxt.end))
            else:
                out.append(Suppression(d, d.offset, d.offset))
        elif d.kind == "disable":
            enable = next((e.offset for e in found if e.kind == "enable" and e.rule == d.rule and e.offset > d.offset),
                          end_of_text)
            out.append(Suppression(d, d.offset, min(enable, _clause_end(seg, d.offset))))
    return out


def _clause_end(seg: Segmentation, offset: int) -> int:
    """End of the innermost clause holding ``offset``, else of the document."""
    holding = [c for c in seg.clauses if c.start <= offset < c.end]
    return max(holding, key=lambda c: c.start).end if holding else len(seg.document.text)


def apply(seg: Segmentation, findings: list[Finding], known_rules: set[str]) -> tuple[list[Finding], list[Notice]]:
    """Findings left after the inline suppressions, and one notice per suppression that suppressed nothing."""
    found = directives(seg, known_rules)
    if not found:
        return findings, []
    active = scopes(seg, found)
    starts = seg.document.line_starts
    used: set[int] = set()
    kept = []
    for f in findings:
        at = _offset(f, starts)
        hit = next((i for i, s in enumerate(active) if s.directive.rule in (f.rule, f.rule_name)
                    and (s.whole_file or at is not None and s.start <= at < s.end)), None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit)
    notices = [Notice("W102", seg.document.path, s.directive.line,
                      warning_text("W102", kind=s.directive.kind, rule=s.directive.rule).split("] ", 1)[1])
               for i, s in enumerate(active) if i not in used]
    return kept, notices


def _offset(f: Finding, starts: list[int]) -> int | None:
    """Canonical offset of a finding, or None for a finding about the whole document."""
    loc = f.location
    if loc.part is None or loc.line < 1 or loc.line > len(starts):
        return None
    return starts[loc.line - 1] + loc.column - 1
