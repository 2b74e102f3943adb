"""Drafting hygiene: checks that need the whole document's structure, so they are code.

Rules switch each detector on, name its topic and set its severity and messages.
Each detector returns ``(hit, values)`` pairs; ``values`` fill the rule's message and
may carry ``_severity`` to soften one finding (a blank inside a "Form of" exhibit).

The detectors are tuned on real filings, where text comes from PDF conversion:
redactions ("[*****]"), signature blanks, tables of contents, clause numbers glued to
the end of the previous paragraph, nested "1." lists whose indentation was lost, and
references to statutes ("Section 31(a) of the 1940 Act") are all common and none of
them is a drafting error.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from ..match import Hit
from ..match.quantities import words_to_number
from ..model import Severity
from ..numbering import parse_label, roman_to_int
from ..ruleset.model import Rule
from .base import CheckContext, Outcome, make_finding

Detector = Callable[[Rule, CheckContext], list[tuple[Hit, dict]]]


def _hit(rule: Rule, block: int, start: int, end: int) -> Hit:
    return Hit(rule.id, "hygiene", -1, block, start, end)


def _block_hits(ctx: CheckContext, pattern: re.Pattern) -> list[tuple[int, re.Match]]:
    out = []
    for bi, block in enumerate(ctx.seg.document.blocks):
        for m in pattern.finditer(block.text):
            out.append((bi, m))
    return out


# --- placeholders -------------------------------------------------------------------

_FIELD_WORDS = (r"(?i:(?:[\w.'-]+\s+){0,3}(?:name|names|address|date|amount|number|title|fee|fees|price|percentage|"
                r"company|party|supplier|customer|client|provider|signatory|jurisdiction|country|period|value|"
                r"figure|sum|details?|e-?mail|phone|currency|rate)|(?:insert|to\s+come|to\s+be\s+(?:confirmed|determined|"
                r"agreed|inserted|completed)|complete|specify|fill\s+in|tbd|tbc|tba)\b[^\]]{0,60})")
_PLACEHOLDER = re.compile(
    r"\[\s*(?:" + _FIELD_WORDS + r"|[\u25cf\u2022\u25aa\u25a0]+|_{2,}|\.{2,}|\u2026|x{2,}|X{2,}|\s*)\s*\]"
    r"|\bTBD\b|\bTBC\b|\bTBA\b|<<[^<>]{1,60}>>|\{\{?[A-Za-z_][\w .-]{0,40}\}?\}|\bX{3,}\b|\bx{3,}\b"
)
# "Sections XX and YY", "Exhibit XX": a number still to be filled in
_XX_REFERENCE = re.compile(r"\b(?:Sections?|Articles?|Clauses?|Schedules?|Exhibits?|Appendi(?:x|ces)|Annex(?:es)?)\s+(XX)\b")
_BULLET = re.compile(r"[\u25cf\u2022]")
_VALUE_BEFORE = re.compile(r"(?:[:$\u20ac\u00a3#]|\b(?:RMB|USD|EUR|GBP|US\$|dated|of|is|at|to|No\.)|\d)\s*$", re.I)
_CHECKBOX = re.compile(r"^\W{0,3}\[\s*[xX ]?\s*\]\s+\S|^\W{0,3}[\u2610\u2611\u2612]")
_UNDERSCORES = re.compile(r"_{3,}")
_SIGNATURE_LABEL = re.compile(
    r"(?:\b(?:by|name|title|its|date|dated|signature|signed|witness|print(?:ed)?\s+name|address|e-?mail|phone|"
    r"tel(?:ephone)?|fax|per|initials?|attest|authori[sz]ed\s+(?:signatory|representative))\s*:?|:)\s*$", re.I)
_SIGNATURE_AFTER = re.compile(r"^\s*\((?:print(?:ed)?\s+name|signature|title|date|name|authori[sz]ed\s+signature)\)", re.I)
_FORM_START = re.compile(r"^\W*(?:(?:exhibit|annex|annexure|schedule|appendix|attachment)\b[^.]{0,60}?)?\bform\s+of\b", re.I)
_PART_START = re.compile(r"^\W*(?:exhibit|annex|annexure|schedule|appendix|attachment)\s+(?:[A-Z0-9]{1,4}\b|[ivxlc]{1,5}\b)", re.I)


def _form_blocks(ctx: CheckContext) -> set[int]:
    """Blocks inside a "Form of ..." exhibit: blanks there are meant to be filled in later."""
    inside = False
    out: set[int] = set()
    for bi, block in enumerate(ctx.seg.document.blocks):
        head = block.text[:160]
        if _FORM_START.search(head) and (bi == 0 or len(head) < 160 or _PART_START.match(head) or head[:1].isupper()):
            inside = bool(_FORM_START.match(head)) or bool(re.search(r"\bform\s+of\b", head[:100], re.I))
        elif _PART_START.match(head):
            inside = False
        if inside:
            out.add(bi)
    return out


def _signature_blank(sentence: str, m: re.Match, text: str) -> bool:
    before = text[max(0, m.start() - 30):m.start()]
    if _SIGNATURE_LABEL.search(before) or _SIGNATURE_AFTER.match(text[m.end():]):
        return True
    # a signature line or a blank table row: little besides blanks, labels and numbers
    words = [w for w in re.findall(r"[A-Za-z]{2,}", _UNDERSCORES.sub(" ", sentence))
             if w.lower() not in ("by", "name", "title", "its", "date", "print", "printed", "signature", "and")]
    return len(words) < 4


def placeholders(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    blocks = ctx.seg.document.blocks
    forms = _form_blocks(ctx)
    spots: list[tuple[int, int, int]] = []
    for bi, block in enumerate(blocks):
        text = block.text
        for m in _PLACEHOLDER.finditer(text):
            if m.group(0).replace(" ", "") == "[]" and (
                    _CHECKBOX.match(text[max(0, m.start() - 3):])
                    or re.match(r"\s+[A-Z${]", text[m.end():]) and re.search(r"(?:^|[.:;|\]]\s|-\s|\s\s)\s*$", text[:m.start()])):
                continue  # an unticked checkbox: "[ ] In perpetuity.", "ANNUAL FEE. [ ] Technical Support Hours"
            spots.append((bi, m.start(), m.end()))
        for m in _XX_REFERENCE.finditer(text):
            spots.append((bi, m.start(1), m.end(1)))
        for m in _BULLET.finditer(text):
            inside_brackets = text[max(0, m.start() - 1):m.start()] == "[" and text[m.end():m.end() + 1] == "]"
            if inside_brackets:
                continue  # counted by _PLACEHOLDER
            if m.start() > 0 and _VALUE_BEFORE.search(text[:m.start()]):
                spots.append((bi, m.start(), m.end()))  # "dated ●", "RMB ●": a value left blank
        for m in _UNDERSCORES.finditer(text):
            if _signature_blank(ctx.sentence_text(bi, m.start()), m, text):
                continue
            if re.fullmatch(r"[\s_]*", text[m.end():]) and re.search(r"(?:^|\s)\d{1,3}\s+(?:_{3,}\s+)*$", text[:m.start()]):
                continue  # initials boxes after a page number in a page footer: "7 ____ ____"
            spots.append((bi, m.start(), m.end()))
    # one finding per sentence, naming how many blanks it holds
    by_sentence: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    for bi, s, e in sorted(set(spots)):
        sent = ctx.sentence(bi, s)
        by_sentence[(bi, sent.start)].append((bi, s, e))
    found = []
    for (bi, _), group in sorted(by_sentence.items()):
        _, s, e = group[0]
        text = blocks[bi].text[s:e]
        shown = text if len(group) == 1 else f"{text} (and {len(group) - 1} more)"
        values: dict = {"placeholder": shown}
        if bi in forms:
            values["_severity"] = Severity.INFO  # a form to be completed later, not this contract's terms
        found.append((_hit(rule, bi, s, e), values))
    return found


# --- definitions ---------------------------------------------------------------------

_Q = "\"'\u201c\u201d\u2018\u2019"
_PAREN_DEF = re.compile(
    r"\(\s*(?:(?:each|individually|collectively|together|jointly)\s*,?\s*(?:an?\s+|the\s+)?|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?"
    r"|referred\s+to\s+(?:herein\s+)?as\s+|the\s+|this\s+|a\s+|an\s+)*[" + _Q + r"]+\s*(?:the\s+|this\s+)?"
    r"([A-Za-z0-9][^" + _Q + r"()]{0,60}?)\s*[,.]?[" + _Q + r"]+", re.I)
_CAPS_DEF = re.compile(r"(?<![\w\"])[\"\u201c]?([A-Z][A-Z0-9&'/ -]{1,60}[A-Z0-9)])[\"\u201d]?\s+(?:means|shall\s+mean|refers\s+to|has\s+the\s+meaning)\b")
_QUOTED_MEANS = re.compile(r"[\"\u201c]([A-Z][^\"\u201d]{1,60})[\"\u201d][^.;\"\u201c]{0,60}?\b(?:shall\s+mean|means|shall\s+have\s+the\s+meaning|has\s+the\s+meaning)\b")
_HEREINAFTER = re.compile(r"hereinafter\s+(?:referred\s+to\s+as|called)\s+(?:the\s+)?[" + _Q + r"]?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})")
# "Registrar. The registered owner ...", "Due Period: the monthly ..." in a glossary,
# and run-in headings ("Service Credits. The Supplier ..."): either way the phrase is a term the document sets out
_GLOSSARY = re.compile(r"^\W{0,3}(?:[A-Z0-9]{1,3}[.)]\s+)?[" + _Q + r"]?([A-Z][\w&'/-]*(?:\s+(?:[A-Z][\w&'/-]*|of|and|or|the|for|to|in|on)){0,6})[" + _Q + r"]?\s*(?:\.|:|\u2013|\u2014|-|means\b|shall\s+mean\b)(?:\s|$)")
_QUOTED_HEADING_BEFORE = re.compile(r"\b(?:Sections?|Articles?|Clauses?|Paragraphs?)\s+[\w.()]+\s*\(\s*[" + _Q + r"]?\s*$", re.I)
_SECTION_TITLE_REF = re.compile(r"\b(?:Sections?|Articles?|Clauses?|Paragraphs?|Exhibits?|Schedules?)\s+[\w.()]+\s*$", re.I)


@dataclass(frozen=True)
class _Def:
    term: str
    block: int
    start: int
    end: int
    strong: bool  # a definition proper, not a heading or glossary-style entry


def _clean_term(term: str) -> str:
    return term.strip().strip(_Q).strip().rstrip(".,;:").strip()


_PLURAL_SUFFIX = re.compile(r"\((?:s|es|ies)\)$", re.I)
_MINOR = {"of", "and", "or", "the", "for", "to", "in", "on", "a", "an", "&", "by", "with"}


def _title_like(term: str) -> bool:
    """A term written like a defined term: "Service Credits", "SLA", "Outsourcing Customer(s)"."""
    bare = _PLURAL_SUFFIX.sub("", term)
    words = bare.split()
    if not words or len(words) > 6 or any(ch in bare for ch in "()[]{}" + _Q):
        return False
    return (words[0][:1].isupper() or words[0][:1].isdigit()) and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR for w in words)


def _definitions(ctx: CheckContext) -> list[_Def]:
    """Defined terms: the segmenter's, plus the forms real filings use that it leaves out."""
    cache = getattr(ctx, "_hygiene_defs", None)
    if cache is not None:
        return cache
    out: list[_Def] = []
    blocks = ctx.seg.document.blocks
    for d in ctx.seg.definitions:
        t = _clean_term(d.term)
        if t:
            out.append(_Def(t, d.block, d.start, d.end, True))
    for bi, block in enumerate(blocks):
        text = block.text
        for m in _PAREN_DEF.finditer(text):
            if _SECTION_TITLE_REF.search(text[max(0, m.start() - 40):m.start()]):
                continue  # Section 12.3 ("Effect of Termination"): a quoted heading, not a definition
            t = _clean_term(m.group(1))
            if t and (t[:1].isupper() or t[:1].isdigit()):
                out.append(_Def(t, bi, m.start(1), m.end(1), True))
        for m in _CAPS_DEF.finditer(text):
            t = _clean_term(m.group(1))
            if len(t) > 1:
                out.append(_Def(t, bi, m.start(1), m.end(1), True))
        for m in _QUOTED_MEANS.finditer(text):
            out.append(_Def(_clean_term(m.group(1)), bi, m.start(1), m.end(1), True))
        for m in _HEREINAFTER.finditer(text):
            out.append(_Def(_clean_term(m.group(1)), bi, m.start(1), m.end(1), True))
    for s in ctx.seg.sentences:
        text = blocks[s.block].text[s.start:s.end]
        m = _GLOSSARY.match(text)
        if m:
            out.append(_Def(_clean_term(m.group(1)), s.block, s.start + m.start(1), s.start + m.end(1), False))
    ctx._hygiene_defs = out  # type: ignore[attr-defined]
    return out


def _defined_terms(ctx: CheckContext) -> dict[str, list]:
    terms: dict[str, list] = defaultdict(list)
    for d in ctx.seg.definitions:
        terms[d.term].append(d)
    return terms


def _term_regex(term: str, ignore_case: bool = False) -> re.Pattern:
    root = re.sub(r"\((?:s|es|ies)\)$", "", term, flags=re.I)
    if root != term and term.lower().endswith("(ies)"):
        root = root[:-1] if root.lower().endswith("y") else root
    return re.compile(r"(?<![\w-])" + re.escape(root) + r"(?:y|s|es|ies|'s|s')?(?![\w-])", re.I if ignore_case else 0)


def unused_definitions(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    blocks = ctx.seg.document.blocks
    by_term: dict[str, list[_Def]] = defaultdict(list)
    for d in _definitions(ctx):
        if _QUOTED_HEADING_BEFORE.search(blocks[d.block].text[max(0, d.start - 45):d.start]):
            continue  # Section 12.3 ("Effect of Termination"): a quoted heading, not a definition
        if d.strong and _title_like(d.term) and len(d.term) >= 2:
            by_term[d.term.lower() if d.term.isupper() else d.term].append(d)
    found = []
    for key, defs in by_term.items():
        term = defs[0].term
        if term.lower() in ("agreement", "this agreement", "parties", "party"):
            continue
        rx = _term_regex(term, ignore_case=term.isupper())
        uses = 0
        for bi, block in enumerate(blocks):
            for m in rx.finditer(block.text):
                if not any(d.block == bi and d.start - 2 <= m.start() <= d.end + 1 for d in defs):
                    uses += 1
                    break
            if uses:
                break
        if not uses:
            d = min(defs, key=lambda d: (d.block, d.start))
            found.append((_hit(rule, d.block, d.start, d.end), {"term": term}))
    return found


_CAP_TERM = re.compile(r"(?<=\bthe )((?:[A-Z][a-z]+)(?: (?:of )?[A-Z][a-z]+){0,3})\b(?! [A-Z]{2,}\b)(?!-)")
# "the Registrar (as such term is defined in the Indenture)": defined by another document
_DEFINED_ELSEWHERE = re.compile(
    r"([A-Z][\w]+(?: [A-Z][\w]+){0,3})\s*(?:\(|,)?\s*(?:as\s+(?:such\s+term\s+is\s+|each\s+is\s+)?|each\s+as\s+)?defined\s+(?:in|under|by)\b")
_COMMON_CAPS = {
    "Agreement", "Party", "Parties", "Effective Date", "Term", "Section", "Article", "Schedule", "Exhibit", "Annex",
    "Appendix", "Clause", "Recitals", "Whereas", "Lord", "Internet", "English", "Services", "Service",
}
# Words that make a capitalised phrase a proper name (a place, a body, a statute, an office),
# which needs no definition.
_PROPER = {
    "state", "states", "commonwealth", "county", "city", "province", "republic", "kingdom", "district", "territory",
    "government", "commission", "association", "exchange", "board", "court", "courts", "university", "bank", "bureau",
    "department", "agency", "office", "federal", "national", "american", "european", "united", "international",
    "swiss", "british", "chinese", "act", "code", "rules", "regulation", "regulations", "directive", "law", "laws",
    "treaty", "convention", "inc", "ltd", "llc", "limited", "corporation", "corp", "company", "street", "road",
    "avenue", "building", "island", "islands", "internet", "web", "securities", "investment", "internal", "revenue",
    "reserve", "stock", "chamber", "institute", "council", "parliament", "congress", "secretary", "minister",
    "ministry", "authority", "commissioner", "officer", "officers", "chief", "president", "director", "directors",
    "trustee", "trustees", "declaration", "constitution", "amendment", "manager", "representative", "chairman",
    "counsel", "arbitration", "nations", "north", "south", "east", "west", "new", "york", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
}
_BY_REFERENCE = re.compile(
    r"capitali[sz]ed\s+terms?\b[^.]{0,160}\b(?:meanings?|defined)\b|\b(?:Cover\s+Page|Key\s+Terms|Order\s+Form)\b", re.I)


def _title_block(text: str) -> bool:
    """A short line in title case: a heading or a document title, not running text."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    if not words or len(text) > 120:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in _MINOR)
    return caps / len(words) >= 0.75


def undefined_terms(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """Capitalised terms used as defined terms ("the Service Credits") but never defined."""
    defs = _definitions(ctx)
    defined = {d.term.lower().rstrip("s") for d in defs if d.term}
    if len({d.term for d in defs if d.strong}) < int(rule.options.get("min-definitions", 3)):
        return []  # the document does not draft with defined terms
    if _BY_REFERENCE.search(ctx.seg.document.text):
        return []  # definitions are incorporated from another document
    headings = {c.heading.lower().rstrip("s") for c in ctx.seg.clauses if c.heading}
    roles = {r.lower() for r in ROLE_NAMES}
    text_all = ctx.seg.document.text
    defined |= {m.group(1).lower().rstrip("s") for m in _DEFINED_ELSEWHERE.finditer(text_all)}
    uses: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for bi, block in enumerate(ctx.seg.document.blocks):
        if ctx.is_heading(bi) or block.text.isupper() or _title_block(block.text):
            continue
        for m in _CAP_TERM.finditer(block.text):
            term = m.group(1)
            key = term.lower().rstrip("s")
            words = {w.lower() for w in term.split()}
            if (key in defined or term in _COMMON_CAPS or key in headings or words & _PROPER
                    or term.lower() in roles or any(r in term.lower() for r in roles)):
                continue
            uses[term].append((bi, m.start(1), m.end(1)))
    min_uses = int(rule.options.get("min-uses", 2))
    out = []
    for term, spots in uses.items():
        need = min_uses if " " in term else max(min_uses, 3)  # a single word needs more evidence
        bare = re.findall(r"(?<!\bthe )(?<!\bThe )\b" + re.escape(term) + r"(?:'s)?\s+(?:shall|will|may|must|agrees|is|has|and|or)\b", text_all)
        if len(bare) >= 2:
            continue  # used like a name ("Datec will ..."), not like a defined term
        if len(spots) >= need:
            out.append((_hit(rule, *spots[0]), {"term": term, "uses": len(spots)}))
    return out


# --- clause numbering model ------------------------------------------------------------

@dataclass
class _Seq:
    last: int
    path: tuple  # ordinals of the enclosing sequences' current items, outermost first
    heading: bool  # whether the sequence's items are bare headings ("2. Intellectual Property")


@dataclass(frozen=True)
class _Labelled:
    clause: int
    block: int
    label: str
    stream: str
    ordinal: int
    heading: bool = False
    offset: int = 0  # where the label stands in its block
    parent: int | None = None


_TOC_ENTRY = re.compile(r"(?:\.{3,}|\s)\s*\d{1,3}\s*$")
_LABEL_TOKENS = re.compile(r"\b(?:Section|Clause|Article|Paragraph)\s+\d{1,3}(?:\.\d{1,3})*", re.I)


_MULTI_DECIMAL = re.compile(r"(?<![\w.])\d{1,3}\.\d{1,3}(?:\.\d{1,3})*\s+\S")


def _is_toc(text: str) -> bool:
    """A table-of-contents line or a run of them, or a flattened table row that lists
    several clause numbers ("1.1.11 Open incidents 1.1.12 Daily 1.1.13 10:00")."""
    if len(_LABEL_TOKENS.findall(text)) >= 3 or len(_MULTI_DECIMAL.findall(text[:300])) >= 3:
        return True
    return len(text) < 120 and bool(_TOC_ENTRY.search(text)) and not text.rstrip().endswith(".")


def _clean_offset(block, canonical: int) -> int:
    """The clean-text offset in ``block`` of a canonical offset (the inverse of Block.canonical)."""
    lo, hi = 0, len(block.text)
    while lo < hi:
        mid = (lo + hi) // 2
        if block.canonical(mid) < canonical:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _letter(v: str) -> int:
    return ord(v.lower()) - 96


def _labelled(ctx: CheckContext) -> list[_Labelled]:
    """Labelled clauses in document order, each with its stream (numbering style) and ordinal.

    A label that reads as a letter or a roman numeral ("(i)", "V.") is read the way that
    continues the list it sits in.
    """
    blocks = ctx.seg.document.blocks
    out: list[_Labelled] = []
    last_in: dict[str, int] = {}
    for c in ctx.seg.clauses:
        if not c.label or blocks[c.first_block].kind == "list-item":
            continue  # Markdown lists renumber themselves when rendered
        text = blocks[c.first_block].text
        if _is_toc(text[:400] if len(text) > 400 else text):
            continue
        block = blocks[c.first_block]
        pos = _clean_offset(block, c.start)
        at = re.compile(r"(?:^|(?<=[.;:!?]\s)|(?<=[.;:!?]\s\s)|(?<=\s\s))" + re.escape(c.label) + r"(?=\s|$)").search(
            text, max(0, pos - 3), pos + len(c.label) + 3)
        if at is None:
            continue  # not in label position ("three (3) days", "Section 3(c)"): a number, not a clause
        if not text[at.end():].strip():
            continue  # a bare number in a table cell
        lab = parse_label(c.label + " ")
        if lab is None:
            continue
        v = lab.value
        stream, ordinal = lab.style, None
        if lab.style in ("decimal", "section") and v.replace(".", "").isdigit():
            parts = v.split(".")
            stream = f"{lab.style}:{'.'.join(parts[:-1])}" if len(parts) > 1 else lab.style
            ordinal = int(parts[-1])
        elif lab.style == "schedule":
            continue  # exhibits and schedules are often lettered, numbered and attached out of order
        elif lab.style in ("article", "section", "part"):
            ordinal = int(v) if v.isdigit() else (roman_to_int(v) or (_letter(v) if len(v) == 1 and v.isalpha() else None))
        elif lab.style in ("paren-digit", "decimal-paren"):
            ordinal = int(v)
        elif lab.style in ("paren-alpha", "paren-roman", "alpha", "roman", "paren-upper", "upper-alpha"):
            paren = "paren-" if lab.style.startswith("paren") else ""
            alpha_stream = paren + ("upper" if v.isupper() else "alpha")
            roman_stream = paren + ("roman-upper" if v.isupper() else "roman")
            as_roman = roman_to_int(v)
            as_alpha = _letter(v) if len(v) == 1 and v.isalpha() else None
            if as_alpha is not None and as_roman is not None:
                if last_in.get(alpha_stream) == as_alpha - 1:
                    stream, ordinal = alpha_stream, as_alpha
                elif last_in.get(roman_stream) == as_roman - 1 or as_roman == 1 and last_in.get(alpha_stream) != 8:
                    stream, ordinal = roman_stream, as_roman
                else:
                    stream, ordinal = alpha_stream, as_alpha
            elif as_roman is not None and len(v) > 1:
                stream, ordinal = roman_stream, as_roman
            elif as_alpha is not None:
                stream, ordinal = alpha_stream, as_alpha
        if ordinal is None:
            continue
        last_in[stream] = ordinal
        rest = text[at.end():].strip()
        heading = 0 < len(rest) <= 60 and "." not in rest
        out.append(_Labelled(c.index, c.first_block, c.label, stream, ordinal, heading, at.start(), c.parent))
    return out


_DEEP_STREAMS = ("decimal", "decimal-paren", "section", "article")


def _walk(items: list[_Labelled]):
    """Follow each stream with a stack of open sequences: a "1" opens a nested list (an
    indented "1." in a text whose indentation was lost), any other number must continue
    an open sequence. Yields (item, problem or None, previous ordinal, path)."""
    stacks: dict[str, list[_Seq]] = defaultdict(list)
    for it in items:
        stack = stacks[it.stream]
        deep = it.stream.split(":")[0] in _DEEP_STREAMS
        if it.ordinal == 1 or not stack:
            outer = tuple(s.last for s in stack)
            stack.append(_Seq(it.ordinal, outer, it.heading))
            yield it, None, None, outer + (it.ordinal,)
            continue
        levels = range(len(stack) - 1, -1, -1) if deep else [len(stack) - 1]
        matches = [i for i in levels if stack[i].last + 1 == it.ordinal]
        # two open lists may both continue ("4. Payment Dispute" inside "4. Payment & Taxes"):
        # a bare heading continues the list of bare headings
        match = next((i for i in matches if stack[i].heading == it.heading), matches[0] if matches else None)
        if match is not None:
            del stack[match + 1:]
            stack[match].last = it.ordinal
            yield it, None, None, stack[match].path + (it.ordinal,)
            continue
        top = stack[-1]
        prev = top.last
        problem = "repeats the previous number" if it.ordinal == prev else (
            f"skips from {prev} to {it.ordinal}" if it.ordinal > prev else f"follows {prev}")
        top.last = it.ordinal
        yield it, problem, prev, top.path + (it.ordinal,)


def _label_in_between(ctx: CheckContext, stream: str, first_block: int, last_block: int, missing: range) -> bool:
    """Whether a missing number appears in label position between two clauses: PDF text
    often glues a clause number to the end of the previous paragraph ("... [•] 12. Dispute")."""
    blocks = ctx.seg.document.blocks
    text = " ".join(b.text for b in blocks[first_block:last_block + 1])
    text = re.sub(r"(\d)\.\s(\d)", r"\1.\2", text)  # "1.1. 5" in a converted table
    kind, _, prefix = stream.partition(":")
    for n in missing:
        if kind in ("decimal", "section"):
            num = f"{prefix}.{n}" if prefix else str(n)
            rx = rf"(?<![\w.]){re.escape(num)}(?![\d])\.?\s*[A-Za-z(\u201c\"]"
        elif kind == "decimal-paren":
            rx = rf"(?<![\w.]){n}\)\s+[A-Z]"
        elif kind == "paren-digit":
            rx = rf"\({n}\)"
        elif kind == "article":
            roman = _to_roman(n)
            rx = rf"\bARTICLE\s+(?:{n}|{roman})\b"
        elif kind.endswith(("alpha", "upper")):
            ch = chr(96 + n) if n <= 26 else "?"
            ch = ch.upper() if kind.endswith("upper") else ch
            rx = rf"\({ch}\)|(?<![\w.]){ch}\.\s"
        else:
            roman = _to_roman(n)
            roman = roman if kind.endswith("upper") else roman.lower()
            rx = rf"\({roman}\)|(?<![\w.]){roman}\.\s"
        if re.search(rx, text, re.I if kind == "article" else 0):
            return True
    return False


def _to_roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                 (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def numbering(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """Gaps and repeats among sibling clauses of one numbering style."""
    blocks = ctx.seg.document.blocks
    items = _labelled(ctx)
    previous: dict[str, _Labelled] = {}
    seen: dict[tuple[str, int], int] = defaultdict(int)
    found = []
    for it, problem, prev, _ in _walk(items):
        seen[(it.stream, it.ordinal)] += 1
        last = previous.get(it.stream)
        before = last.block if last else it.block
        previous[it.stream] = it
        if problem is None:
            continue
        if it.stream.split(":")[0] not in _DEEP_STREAMS and last is not None and last.parent != it.parent:
            continue  # a lettered item whose predecessor sits under another clause: text out of order, not a gap
        if prev is not None and it.ordinal > prev + 1 and _label_in_between(ctx, it.stream, before, it.block, range(prev + 1, it.ordinal)):
            continue
        if problem.startswith("follows"):
            continue  # out of order after a nested list we could not follow: too uncertain to report
        if problem.startswith("repeats") and (it.block - before > 8 or it.label.rstrip(".").endswith(".0")
                                               or seen[(it.stream, it.ordinal)] > 2):
            continue  # a far-off repeat restates a section elsewhere (a QASP table citing "4.0 Reports")
        b = blocks[it.block]
        start = it.offset
        found.append((_hit(rule, it.block, start, min(len(b.text), start + len(it.label))),
                      {"label": it.label, "problem": problem}))
    return found


# --- cross-references ---------------------------------------------------------------

_REFERENCE = re.compile(
    r"\b(?P<kw>[Ss]ections?|[Cc]lauses?|Articles?|[Pp]aragraphs?)\s+(?P<num>\d{1,3}(?:\.\d{1,3})*(?![\dA-Za-z])(?:\s?\([a-zA-Z0-9]{1,4}\))*|[IVXL]{1,6}\b)")
# what follows a reference to another instrument: "of the Securities Act", "of the 1940 Act", "under the Code"
_EXTERNAL_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,6}\)\s*)*(?:,\s*)?(?:of|under|to|in)\s+(?:the\s+|that\s+|such\s+|any\s+|an?\s+)?"
    r"(?!(?:this|these|hereof)\b)(?!(?:Agreement|Contract|Master|Services?\s+Agreement)\b)(?:[A-Z]|\d{4}\b|U\.S\.)")
_INTERNAL_AFTER = re.compile(r"^\s*(?:\([^)]{1,6}\)\s*)*(?:of|under|in)\s+(?:this|these)\b", re.I)
_LABEL_POSITION = re.compile(r"(?:^|(?<=\s))(\d{1,3}(?:\.\d{1,3}){0,3})\.?\s+(?=[A-Z(\u201c\"])")
_REF_WORD_BEFORE = re.compile(r"(?:sections?|clauses?|articles?|paragraphs?|and|or|to|through|of|,|&|no\.)\s*$", re.I)


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
                if lab.style == "article" and roman_to_int(lab.value):
                    known.add(str(roman_to_int(lab.value)))
            m = re.match(r"(?:article|section|clause)\s+(.+)", v, re.I)
            if m:
                known.add(m.group(1).lower())
    # numbers rebuilt from nested "1." lists ("2. IP" then "1. Deliverables" ... cited as 2.1)
    for it, _, _, path in _walk(_labelled(ctx)):
        kind, _, prefix = it.stream.partition(":")
        if kind in ("decimal", "section"):
            if prefix:
                known.add(f"{prefix}.{it.ordinal}")
            for i in range(1, len(path) + 1):
                known.add(".".join(str(p) for p in path[:i]))
        elif kind == "article":
            known.add(str(it.ordinal))
            known.add(_to_roman(it.ordinal).lower())
    # numbers printed in label position anywhere (tables of contents, labels glued to other text)
    for block in ctx.seg.document.blocks:
        for m in _LABEL_POSITION.finditer(block.text):
            if not _REF_WORD_BEFORE.search(block.text[max(0, m.start() - 12):m.start()]):
                known.add(m.group(1))
        for m in re.finditer(r"\bARTICLE\s+([IVXLC]{1,7}|\d{1,3})\b", block.text):
            val = m.group(1)
            known.add(val.lower())
            if roman_to_int(val):
                known.add(str(roman_to_int(val)))
    # a known "4.2.1" implies 4.2 and 4
    for k in list(known):
        parts = k.split(".")
        for i in range(1, len(parts)):
            known.add(".".join(parts[:i]))
    return known


def _norm_number(num: str) -> str:
    """ "6.02" -> "6.2": leading zeros are a style, not a different clause."""
    head, paren, tail = num.partition("(")
    parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in head.split(".")]
    return ".".join(parts) + paren + tail


# a table-of-contents entry written with the keyword: "Section 6.02 Conditions of Closing 31"
_TOC_AFTER = re.compile(r"^\.?\s+[A-Z][\w'&,/-]*(?:\s+(?:[A-Z][\w'&,/-]*|of|and|the|for|to|in|on|or|by|with)){0,10}\s+\d{1,3}\b(?!\.\d)")


_ATTACHMENT_REF = re.compile(r"\b(?P<kw>Exhibit|Schedule|Annex|Appendix|Attachment)\s+(?P<val>[A-Z]{1,2}|\d{1,2})\b(?![.-]\d)")
_ATTACHMENT_HEAD = re.compile(r"^\W{0,3}(?P<kw>EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment)\s+(?P<val>[A-Z]{1,2}|\d{1,2})\b")


def _attachment_references(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """ "Exhibit C" cited where the document attaches Exhibits A and B only.

    Only checked when the document carries attachments of that kind at all: filed copies
    often leave every exhibit out, which is not a drafting error in the contract."""
    blocks = ctx.seg.document.blocks
    attached: dict[str, set[str]] = defaultdict(set)
    for bi, block in enumerate(blocks):
        m = _ATTACHMENT_HEAD.match(block.text)
        if m and (ctx.is_heading(bi) or len(block.text) < 120 or bi > len(blocks) // 3):
            attached[m.group("kw").lower()].add(m.group("val").upper())
    found = []
    for kind, have in attached.items():
        top = max((_attachment_rank(v) for v in have), default=0)
        for bi, m in _block_hits(ctx, _ATTACHMENT_REF):
            if m.group("kw").lower() != kind or _ATTACHMENT_HEAD.match(blocks[bi].text[max(0, m.start() - 3):]) and m.start() < 4:
                continue
            val = m.group("val").upper()
            if val.isdigit() != next(iter(have)).isdigit():
                continue  # lettered exhibits, numbered reference: a page number or another series
            if val in have or _attachment_rank(val) <= top:
                continue  # an attachment in the run that exists, or one between them
            found.append((_hit(rule, bi, m.start(), m.end()), {"reference": m.group(0)}))
    return found


def _attachment_rank(val: str) -> int:
    return int(val) if val.isdigit() else sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(val)))


def broken_references(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    found = _attachment_references(rule, ctx)
    numbered = [c for c in ctx.seg.clauses if c.number]
    if len(numbered) < int(rule.options.get("min-clauses", 5)):
        return found  # too little numbering to judge references
    known = {_norm_number(k) for k in _known_numbers(ctx)}
    for bi, m in _block_hits(ctx, _REFERENCE):
        text = ctx.seg.document.blocks[bi].text
        if _TOC_AFTER.match(text[m.end():m.end() + 120]) or m.start() == 0 or text[:m.start()].rstrip().endswith((".", ":")) and \
                re.match(r"\.?\s+[A-Z][a-z]+(?:\s+[A-Z&][\w&]*){0,5}\.?\s", text[m.end():m.end() + 80]):
            known.add(_norm_number(m.group("num").replace(" ", "").lower()))  # a heading or a contents line, not a reference
    tops = [int(k) for k in known if k.isdigit()]
    highest = max(tops) if tops else 0
    # a document that cites itself by "Section" and never resolves a "Clause" reference is
    # citing another instrument's clauses (the SCCs' "Clause 17")
    resolved: dict[str, int] = defaultdict(int)
    unresolved: dict[str, int] = defaultdict(int)
    for bi, m in _block_hits(ctx, _REFERENCE):
        kw = m.group("kw").lower().rstrip("s")
        num = _norm_number(m.group("num").replace(" ", "").lower())
        (resolved if num in known or num.split("(")[0] in known else unresolved)[kw] += 1
    dominant = max(resolved, key=resolved.get) if resolved else None
    # a data processing agreement amends the Standard Contractual Clauses clause by clause
    scc = bool(re.search(r"\bStandard\s+Contractual\s+Clauses\b|\bSCCs?\b", ctx.seg.document.text))
    for bi, m in _block_hits(ctx, _REFERENCE):
        text = ctx.seg.document.blocks[bi].text
        after = text[m.end():m.end() + 80]
        if _EXTERNAL_AFTER.match(after) and not _INTERNAL_AFTER.match(after):
            continue  # a section of another instrument: a statute, the Code, another agreement
        kw = m.group("kw").lower().rstrip("s")
        if dominant and kw != dominant and resolved[dominant] >= 3 and not resolved.get(kw) and unresolved[kw] >= 2:
            continue
        if scc and kw == "clause":
            continue
        raw = m.group("num")
        if raw in ("XX", "XXX"):
            continue  # a placeholder, reported by the placeholder rule
        num = _norm_number(raw.replace(" ", "").lower())
        base = num.split("(")[0].rstrip(".")
        if re.fullmatch(r"[ivxl]+", base) and roman_to_int(base):
            base_n = str(roman_to_int(base))
            if base in known or base_n in known:
                continue
        if num in known or base in known:
            continue
        top = base.split(".")[0]
        if top.isdigit() and int(top) > highest + 10:
            continue  # far beyond the document's own numbering: a statute ("Section 508")
        if "(" in num and "." not in base and top in known:
            continue  # "Section 11(g)": a lettered sub-clause we did not segment
        if not top.isdigit() and not re.fullmatch(r"[ivxl]+", top):
            continue
        found.append((_hit(rule, bi, m.start(), m.end()), {"reference": m.group(0)}))
    return found


# --- numbers in words and digits ----------------------------------------------------

_WORDS_DIGITS = re.compile(
    r"\b(?P<words>(?:[a-z]+[\s-]){0,5}[a-z]+)\s*\(\s*(?P<digits>\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s*(?P<pct>%)?\s*\)", re.I)
_SCALE_WORDS = {"hundred", "thousand", "million", "billion"}


def number_mismatches(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    found = []
    for bi, m in _block_hits(ctx, _WORDS_DIGITS):
        words = m.group("words").lower().split()
        while words and words[-1] in ("percent", "cent", "per"):  # "ten percent (10%)", "ten per cent (10%)"
            words.pop()
        # the longest tail of the words that reads as a number: "within thirty" -> "thirty"
        value = None
        start_word = 0
        for i in range(len(words)):
            tail_words = words[i:]
            if tail_words[0] in ("a", "an") and (len(tail_words) == 1 or tail_words[1] not in _SCALE_WORDS):
                continue  # "for a one (1) year period": the article is not part of the number
            v = words_to_number(" ".join(tail_words))
            if v is not None:
                value = v
                start_word = i
                break
        if value is None:
            continue
        digits = float(m.group("digits").replace(",", ""))
        if abs(value - digits) > 1e-9:
            found.append((_hit(rule, bi, m.start(), m.end()),
                          {"words": " ".join(words[start_word:]), "digits": m.group("digits") + (m.group("pct") or "")}))
    return found


# --- party names --------------------------------------------------------------------

ROLE_NAMES = ("Service Provider", "Supplier", "Provider", "Vendor", "Contractor", "Consultant", "Customer", "Client",
              "Purchaser", "Buyer", "Outsourcer", "Licensee", "Licensor", "Company")
_ADJECTIVES = re.compile(
    r"(?:independent|product|other|third[- ]party|sub|any|each|a|an|its|their|his|her|such|prime|general|lead|"
    r"senior|principal|outside|potential|prospective|new|former|existing|key|end)\s*$", re.I)
_PARTY_VERB = re.compile(
    r"^(?:'s)?\s+(?:shall|will|may|must|agrees?|is|has|hereby|warrants|represents|acknowledges|undertakes|"
    r"covenants|acts|was|reserves|accepts)\b")


def _party_definitions(ctx: CheckContext) -> set[str]:
    """Names the contract gives the parties: role words it defines, plus the names it defines
    in its opening lines ("Acme Limited (the "Supplier")")."""
    defined = {d.term for d in ctx.seg.definitions}
    head = " ".join(b.text for b in ctx.seg.document.blocks[:15])[:6000]
    for m in _PAREN_DEF.finditer(head):
        t = _clean_term(m.group(1))
        if t and len(t.split()) <= 4:
            defined.add(t)
    return defined


def party_names(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """A role name used as a party that the contract defines under another name."""
    defined = _party_definitions(ctx)
    parties = sorted(d for d in defined if d in ROLE_NAMES)
    if not parties:
        return []
    found = []
    for role in ROLE_NAMES:
        if role in defined or any(role in d for d in defined):
            continue
        rx = re.compile(r"(?:(?<=\bthe )|(?<=\bThe )|^|(?<=[.;:]\s)|(?<=\d\s)|(?<=\)\s))" + re.escape(role) + r"(?![\w-])", re.M)
        for bi, m in _block_hits(ctx, rx):
            text = ctx.seg.document.blocks[bi].text
            if ctx.is_heading(bi):
                continue
            if m.start() >= 4 and _ADJECTIVES.search(text[:max(0, m.start() - 4)]):
                continue  # "the independent Contractor", "its other Client"
            if not _PARTY_VERB.match(text[m.end():m.end() + 30]):
                continue  # the word is not acting as a party ("the Contractor shall ...")
            found.append((_hit(rule, bi, m.start(), m.end()), {"name": m.group(0), "defined": ", ".join(parties)}))
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
        values = dict(values)
        severity = values.pop("_severity", None)
        out.findings.append(make_finding(rule, ctx, "flagged", hit=hit, severity=severity, **values))
    return out
