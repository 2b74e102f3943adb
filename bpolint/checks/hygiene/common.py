"""What the hygiene detectors share: the hit they report, a scan of every block, and where the
forms attached to be completed later are."""
from __future__ import annotations

import re
from typing import Callable

from ...match import Hit
from ...literals import BlockScanner, prefixes, requirement
from ...ruleset.model import Rule
from ..base import CheckContext

# A detector returns (hit, values) pairs; values fill the rule's message and may carry
# ``_severity`` to soften one finding (a blank inside a "Form of" exhibit).
Detector = Callable[[Rule, CheckContext], list[tuple[Hit, dict]]]


def hygiene_hit(rule: Rule, block: int, start: int, end: int) -> Hit:
    return Hit(rule.id, "hygiene", -1, block, start, end)


def _scanner(ctx: CheckContext) -> BlockScanner:
    return ctx.memo("block-scanner", lambda: BlockScanner([b.text for b in ctx.seg.document.blocks]))


def candidate_blocks(ctx: CheckContext, *patterns: re.Pattern) -> list[int]:
    """The blocks, in order, that hold the words a match of any of ``patterns`` needs: no other
    block can hold a match (see :mod:`bpolint.literals`)."""
    words = _scanner(ctx).words
    found: set[int] = set()
    for p in patterns:
        found.update(words.candidate_list(requirement(p.pattern, p.flags)))
    return sorted(found)


def block_hits(ctx: CheckContext, pattern: re.Pattern, guard: re.Pattern | None = None) -> list[tuple[int, re.Match]]:
    """Every match of ``pattern`` in every block; scanned once per document (callers only read it).

    ``guard``, when given, is a cheap pattern found in every match of ``pattern`` (such as the "(12"
    of "twelve (12)"): blocks without it are not scanned, which changes nothing but the time taken by
    a pattern that would otherwise be tried at every word."""
    def scan() -> list[tuple[int, re.Match]]:
        scanner = _scanner(ctx)
        return list(scanner.finditer(pattern, requirement(pattern.pattern, pattern.flags),
                                     prefixes(pattern.pattern, pattern.flags), guard))

    return ctx.memo(("block-hits", pattern), scan)


_FORM_START = re.compile(r"^\W*(?:(?:exhibit|annex|annexure|schedule|appendix|attachment)\b[^.]{0,60}?)?\bform\s+of\b", re.I)
_FORM_OF = re.compile(r"\bform\s+of\b", re.I)
_PART_START = re.compile(r"^\W*(?:exhibit|annex|annexure|schedule|appendix|attachment)\s+(?:[A-Z0-9]{1,4}\b|[ivxlc]{1,5}\b)", re.I)


def form_blocks(ctx: CheckContext) -> set[int]:
    """Blocks inside a "Form of ..." exhibit: blanks there are meant to be filled in later."""
    def scan() -> set[int]:
        inside = False
        out: set[int] = set()
        for bi, block in enumerate(ctx.seg.document.blocks):
            head = block.text[:160]
            if _FORM_START.search(head) and (bi == 0 or len(head) < 160 or _PART_START.match(head) or head[:1].isupper()):
                inside = bool(_FORM_START.match(head)) or bool(_FORM_OF.search(head[:100]))
            elif _PART_START.match(head):
                inside = False
            if inside:
                out.add(bi)
        return out

    return ctx.memo("form-blocks", scan)


# The document amends or supplements another instrument it names "the Agreement": "This Second Amendment ...
# amends that certain Manufacturing Agreement ... dated July 1, 2017 ("Agreement")", "Reference is hereby made
# to that certain ... License Agreement ... ("Agreement") ... The parties agree to modify the Agreement as
# follows". Its clause numbers, attachments and capitalised terms are that agreement's. An agreement that
# amends and restates another is complete in itself and is not such a document.
_AMENDS_NAMED = re.compile(
    r"\b(?:amends?|amending|supplements?|supplementing|modif(?:y|ies|ying)|reference\s+is\s+(?:hereby\s+)?made\s+to)\s+"
    r"(?:(?:that\s+certain|the|a|an)\s+)?[^;]{0,300}?\(\s*(?:the\s+|hereinafter\s+(?:the\s+)?)?[\"\u201c]"
    r"(?:(?:Original|Existing|Master|Underlying|Principal|Main|Base|License|Licence|Services?|Supply)\s+)?"
    r"(?:Agreement|Contract)[\"\u201d]\s*\)", re.I)
_RESTATES = re.compile(r"\bamend(?:s|ed|ing)?\s+and\s+restat", re.I)


def amends_other_agreement(ctx: CheckContext) -> bool:
    """The document is an amendment, addendum or supplement to another agreement it names (read in its opening)."""
    def scan() -> bool:
        head = ctx.seg.document.text[:5000]
        m = _AMENDS_NAMED.search(head)
        return bool(m) and not _RESTATES.search(head[:m.end()])

    return ctx.memo("amends-other-agreement", scan)
