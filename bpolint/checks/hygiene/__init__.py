"""Drafting hygiene: checks that need the whole document's structure, so they are code.

Rules switch each detector on, name its topic and set its severity and messages. One
module per detector; the detector names are declared beside the check kinds
(:data:`bpolint.ruleset.model.HYGIENE_DETECTORS`), so that rule validation does not
import the checks.

The detectors are tuned on real filings, where text comes from PDF conversion:
redactions ("[*****]"), signature blanks, tables of contents, clause numbers glued to
the end of the previous paragraph, nested "1." lists whose indentation was lost, and
references to statutes ("Section 31(a) of the 1940 Act") are all common and none of
them is a drafting error.
"""
from __future__ import annotations

from dataclasses import replace

from ...model import Status
from ...ruleset.model import Rule
from ..base import CheckContext, Outcome, evidence_for, make_finding, quote
from .common import Detector
from .dates import dates
from .duplicate_definitions import duplicate_definitions
from .number_mismatch import number_mismatches
from .numbering import numbering
from .party_names import party_names
from .placeholders import placeholders
from .references import broken_references
from .term_case import lowercase_terms
from .undefined_terms import undefined_terms
from .unused_definitions import unused_definitions

DETECTORS: dict[str, Detector] = {
    "placeholder": placeholders,
    "undefined-term": undefined_terms,
    "unused-definition": unused_definitions,
    "duplicate-definition": duplicate_definitions,
    "defined-term-case": lowercase_terms,
    "broken-reference": broken_references,
    "numbering": numbering,
    "number-mismatch": number_mismatches,
    "party-name": party_names,
    "date": dates,
}


def check_hygiene(rule: Rule, ctx: CheckContext) -> Outcome:
    """Run the rule's detector. A finding's evidence is the defective text itself and its
    location points at it; the message quotes the sentence, and so does the topic's evidence."""
    found = DETECTORS[rule.detector](rule, ctx)
    out = Outcome(rule, Status.FLAGGED if found else Status.CLEAR)
    limit = rule.options["max-findings"]
    blocks = ctx.seg.document.blocks
    for hit, values in found[:limit]:
        values = dict(values)
        severity = values.pop("_severity", None)
        sentence = quote(ctx, hit)
        values.setdefault("sentence", sentence)
        block = blocks[hit.block]
        exact = ctx.seg.document.original(block, hit.start, hit.end)  # the document's own characters
        finding = make_finding(rule, ctx, Status.FLAGGED, hit=hit, evidence=exact, severity=severity, **values)
        out.findings.append(replace(finding, evidence_span=block.canonical_span(hit.start, hit.end), context=sentence))
        out.evidence.append(evidence_for(ctx, hit))
    return out
