"""Drafting hygiene: checks that need the whole document's structure, so they are code.

Rules switch each detector on, name its topic and set its severity and messages.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Callable

from ..match import Hit
from ..match.quantities import words_to_number
from ..numbering import parse_label
from ..ruleset.model import Rule
from .base import CheckContext, Outcome, make_finding

Detector = Callable[[Rule, CheckContext], list[tuple[Hit, dict]]]

_PLACEHOLDER = re.compile(
    r"\[\s*(?:TBD|TBC|TBA|tbd|insert[^\]]{0,60}|INSERT[^\]]{0,60}|[\u25cf\u2022\u25aa]+|_{2,}|x{2,}|X{2,}|\.{3}|\u2026|"
    r"date|name|amount|number|company|address|party|supplier|customer|client|provider|\s*)\s*\]"
    r"|\bTBD\b|\bTBC\b|\bTBA\b|<<[^<>]{1,60}>>|\{\{?[A-Za-z_][\w .-]{0,40}\}?\}|\bXX+\b|[\u25cf]",
)
_UNDERSCORES = re.compile(r"_{4,}")
_SIGNATURE = re.compile(r"^\s*(?:by|name|title|date|signature|signed|its|witness|print(?:ed)? name|address)\b", re.I)


def _block_hits(ctx: CheckContext, pattern: re.Pattern) -> list[tuple[int, re.Match]]:
    out = []
    for bi, block in enumerate(ctx.seg.document.blocks):
        for m in pattern.finditer(block.text):
            out.append((bi, m))
    return out


def placeholders(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    found = []
    for bi, m in _block_hits(ctx, _PLACEHOLDER):
        found.append((Hit(rule.id, "hygiene", -1, bi, m.start(), m.end()), {"placeholder": m.group(0)}))
    for bi, block in enumerate(ctx.seg.document.blocks):
        if _SIGNATURE.match(block.text) or len(block.text.split()) < 6:
            continue  # signature blanks and form fields are meant to be filled at signing
        for m in _UNDERSCORES.finditer(block.text):
            found.append((Hit(rule.id, "hygiene", -1, bi, m.start(), m.end()), {"placeholder": m.group(0)}))
    return found


def _term_regex(term: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?:s|es|'s)?(?![\w-])")


def _defined_terms(ctx: CheckContext) -> dict[str, list]:
    terms: dict[str, list] = defaultdict(list)
    for d in ctx.seg.definitions:
        terms[d.term].append(d)
    return terms


def unused_definitions(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    blocks = ctx.seg.document.blocks
    found = []
    for term, defs in _defined_terms(ctx).items():
        if len(term) < 2 or not term[0].isupper():
            continue
        rx = _term_regex(term)
        uses = 0
        for bi, block in enumerate(blocks):
            for m in rx.finditer(block.text):
                if not any(d.block == bi and d.start <= m.start() < d.end + 1 for d in defs):
                    uses += 1
            if uses:
                break
        if not uses:
            d = defs[0]
            found.append((Hit(rule.id, "hygiene", -1, d.block, d.start, d.end), {"term": term}))
    return found


_CAP_TERM = re.compile(r"(?<=\bthe )((?:[A-Z][a-z]+)(?: (?:of |and |for |to )?[A-Z][a-z]+){0,3})\b")
_COMMON_CAPS = {
    "Agreement", "Party", "Parties", "United States", "State", "States", "Court", "Courts", "Company", "Board",
    "Government", "Internet", "Effective Date", "Term", "Section", "Article", "Schedule", "Exhibit", "Annex",
    "Appendix", "Clause", "Code", "Act", "Securities Act", "Exchange Act", "Commission", "Federal", "English",
    "European Union", "United Kingdom", "Services", "Service", "Recitals", "Whereas", "Lord", "Internal Revenue Code",
}


def undefined_terms(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """Capitalised terms used as defined terms ("the Service Credits") but never defined."""
    defined = {t.lower().rstrip("s") for t in _defined_terms(ctx)}
    if len(defined) < int(rule.options.get("min-definitions", 3)):
        return []  # the document does not draft with defined terms
    headings = {c.heading.lower() for c in ctx.seg.clauses if c.heading}
    uses: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for bi, block in enumerate(ctx.seg.document.blocks):
        if ctx.is_heading(bi) or block.text.isupper():
            continue
        for m in _CAP_TERM.finditer(block.text):
            term = m.group(1)
            key = term.lower().rstrip("s")
            if key in defined or term in _COMMON_CAPS or term.lower() in headings or any(
                    key.startswith(d) or d.startswith(key) for d in defined if len(d) > 3):
                continue
            uses[term].append((bi, m.start(1), m.end(1)))
    min_uses = int(rule.options.get("min-uses", 2))
    return [(Hit(rule.id, "hygiene", -1, *spots[0]), {"term": term, "uses": len(spots)})
            for term, spots in uses.items() if len(spots) >= min_uses]


_REFERENCE = re.compile(
    r"\b(?P<kw>Sections?|Clauses?|Articles?|[Pp]aragraphs?)\s+(?P<num>\d{1,3}(?:\.\d{1,3})*(?:\s?\([a-z0-9]{1,4}\))*|[IVXL]{1,6})"
    r"(?![\w.]*\s+(?:of|to|under)\s+(?:the|such|that|any|an?)\s+(?!Agreement\b)[A-Z])"
)


def _known_numbers(ctx: CheckContext) -> set[str]:
    known: set[str] = set()
    for c in ctx.seg.clauses:
        for value in (c.number, c.label):
            if not value:
                continue
            v = value.strip().rstrip(".")
            known.add(v.lower())
            lab = parse_label(value + " ")
            if lab:
                known.add(lab.value.lower())
            m = re.match(r"(?:article|section|clause)\s+(.+)", v, re.I)
            if m:
                known.add(m.group(1).lower())
    return known


def broken_references(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    numbered = [c for c in ctx.seg.clauses if c.number]
    if len(numbered) < int(rule.options.get("min-clauses", 5)):
        return []  # too little numbering to judge references
    known = _known_numbers(ctx)
    found = []
    for bi, m in _block_hits(ctx, _REFERENCE):
        num = m.group("num").replace(" ", "").lower()
        base = num.split("(")[0].rstrip(".")
        if num in known or base in known or base.split(".")[0] in known and "." not in base and "(" in num:
            continue
        if base.split(".")[0] not in known and not base.isdigit() and not re.match(r"^[ivxl]+$", base):
            continue
        found.append((Hit(rule.id, "hygiene", -1, bi, m.start(), m.end()), {"reference": m.group(0)}))
    return found


def numbering(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """Gaps and repeats among sibling clauses of one numbering style."""
    siblings: dict[tuple, list] = defaultdict(list)
    blocks = ctx.seg.document.blocks
    for c in ctx.seg.clauses:
        if not c.label or blocks[c.first_block].kind == "list-item":
            continue  # Markdown lists renumber themselves when rendered
        lab = parse_label(c.label + " ")
        if lab is None or lab.ordinal is None or lab.style in ("schedule", "part"):
            continue
        prefix = lab.value.rsplit(".", 1)[0] if "." in lab.value else ""
        siblings[(c.parent, lab.style, lab.depth, prefix)].append((c, lab))
    found = []
    for group in siblings.values():
        prev = None
        for c, lab in group:
            ordinal = int(lab.value.rsplit(".", 1)[-1]) if lab.style in ("decimal", "section") else lab.ordinal
            if prev is not None and ordinal is not None:
                if ordinal == prev:
                    problem = "repeats the previous number"
                elif ordinal > prev + 1:
                    problem = f"skips from {prev} to {ordinal}"
                else:
                    problem = None
                if problem:
                    b = blocks[c.first_block]
                    start = max(c.start - b.canonical(0), 0) if b.start <= c.start else 0
                    found.append((Hit(rule.id, "hygiene", -1, c.first_block, 0 if start > len(b.text) else start,
                                      min(len(b.text), (0 if start > len(b.text) else start) + len(c.label))),
                                  {"label": c.label, "problem": problem}))
            prev = ordinal
    return found


_WORDS_DIGITS = re.compile(
    r"\b(?P<words>(?:[a-z]+[\s-]){0,4}[a-z]+)\s*\(\s*(?P<digits>\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s*%?\s*\)", re.I)


def number_mismatches(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    found = []
    for bi, m in _block_hits(ctx, _WORDS_DIGITS):
        words = m.group("words").lower().split()
        # the longest tail of the words that reads as a number: "within thirty" -> "thirty"
        value = None
        for i in range(len(words)):
            tail = " ".join(words[i:])
            v = words_to_number(tail)
            if v is not None and tail not in ("a", "an"):
                value = v
                start_word = i
                break
        if value is None:
            continue
        digits = float(m.group("digits").replace(",", ""))
        if abs(value - digits) > 1e-9:
            found.append((Hit(rule.id, "hygiene", -1, bi, m.start(), m.end()),
                          {"words": " ".join(words[start_word:]), "digits": m.group("digits")}))
    return found


ROLE_NAMES = ("Service Provider", "Supplier", "Provider", "Vendor", "Contractor", "Consultant", "Customer", "Client",
              "Purchaser", "Buyer", "Outsourcer", "Licensee", "Licensor", "Company")


def party_names(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """A role name used for a party that the contract defines under another name."""
    defined = set(_defined_terms(ctx))
    roles = [r for r in ROLE_NAMES if r in defined]
    if not roles:
        return []
    found = []
    for role in ROLE_NAMES:
        if role in defined or any(role in d for d in defined):
            continue
        rx = re.compile(r"(?<=[a-z,;] )(?:the )?" + re.escape(role) + r"(?![\w-])")
        for bi, m in _block_hits(ctx, rx):
            if ctx.is_heading(bi):
                continue
            found.append((Hit(rule.id, "hygiene", -1, bi, m.start(), m.end()),
                          {"name": m.group(0), "defined": ", ".join(roles)}))
            break
    return found


DETECTORS: dict[str, Detector] = {
    "placeholder": placeholders,
    "undefined-term": undefined_terms,
    "unused-definition": unused_definitions,
    "broken-reference": broken_references,
    "numbering": numbering,
    "number-mismatch": number_mismatches,
    "party-name": party_names,
}


def check_hygiene(rule: Rule, ctx: CheckContext) -> Outcome:
    found = DETECTORS[rule.detector](rule, ctx)
    out = Outcome(rule, "flagged" if found else "clear")
    limit = int(rule.options.get("max-findings", 50))
    for hit, values in found[:limit]:
        out.findings.append(make_finding(rule, ctx, "flagged", hit=hit, **values))
    return out
