"""Placeholders left in the draft: ``[●]``, ``[insert ...]``, ``TBD``, blanks of underscores.

Signature and date lines, unticked checkboxes and the blanks of a "Form of" exhibit are not drafting slips."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from ...match import Hit
from ...model import Severity
from ...ruleset.model import Rule
from ..base import CheckContext
from .common import hygiene_hit

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
    return _few_words(sentence)


@lru_cache(maxsize=256)
def _few_words(sentence: str) -> bool:
    """A signature line or a blank table row: little besides blanks, labels and numbers.
    (Cached: a sentence with thousands of blanks is asked once per blank.)"""
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
            # the value word ends within a few characters of the bullet: 60 are enough, and the
            # whole text before it would make a long block quadratic
            if m.start() > 0 and _VALUE_BEFORE.search(text[max(0, m.start() - 60):m.start()]):
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
        found.append((hygiene_hit(rule, bi, s, e), values))
    return found
