"""Placeholders left in the draft, in every common convention.

Blanks and markers (``[●]``, ``[•]``, ``[ ]``, ``[***]``, ``***``, underscores), words
(``TBD``, ``TBC``, ``[insert ...]``), template fields (``{field}``, ``{{field}}``,
``<NAME OF CONTACT>``), bracketed prompts (``[CLIENT ADDRESS]``), drafting notes
(``[DN: ...]``, ``[Note to draft: ...]``) and figures still to come (``XX``, ``XX%``,
``XX days``, ``__ days``, ``20XX``). Each is reported where it stands.

Not placeholders: signature and date lines of an execution block, unticked checkboxes
("[ ] Option A"), deliberate markers ("[Reserved]", "[Signature page follows]",
"[LOGO]"), the heading of a cited clause in brackets ("Section 6.2 [ARBITRATION]"), and
asterisks in a filed copy that declares them as redactions ("Confidential treatment
requested; omissions are marked [***]") or is full of them, and runs of X ("XXXXXXX") in a
copy whose legend says portions were left out as confidential. Blanks inside a
"Form of" exhibit are reported as info: the form is completed later.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ...match import Hit
from ...model import Severity
from ...ruleset.model import Rule
from ..base import CheckContext
from .common import form_blocks, hygiene_hit

_FIELD_WORDS = (r"(?i:(?:[\w.'-]+\s+){0,3}(?:name|names|address|date|amount|number|title|fee|fees|price|percentage|"
                r"company|party|supplier|customer|client|provider|contractor|vendor|signatory|jurisdiction|country|"
                r"period|value|figure|sum|details?|e-?mail|phone|currency|rate)|"
                # "[Client to confirm whether the DR drills are in scope]": someone is still to answer
                r"(?:[\w.'&-]+\s+){1,3}to\s+(?:confirm|advise|check|review|revert|be\s+(?:confirmed|determined|agreed|"
                r"advised|provided|inserted|completed))\b[^\]]{0,80}|(?:insert|to\s+come|to\s+be\s+(?:confirmed|"
                r"determined|agreed|inserted|completed|advised|provided)|to\s+confirm|to\s+advise|complete|specify|"
                r"fill\s+in|tbd|tbc|tba)\b[^\]]{0,60})")
_PLACEHOLDER = re.compile(
    r"\[\s*(?:" + _FIELD_WORDS + r"|[\u25cf\u2022\u25aa\u25a0]+|_{2,}|\.{2,}|\u2026|x{2,}|X{2,}|\s*)\s*\]"
    r"|\bTBD\b|\bTBC\b|\bTBA\b|<<[^<>]{1,60}>>|\{\{?[A-Za-z_][\w .-]{0,40}\}?\}|\bX{3,}\b|\bx{3,}\b"
)
# "[DN: ...]", "[Note to draft: ...]", "[NTD - ...]": a note to be resolved and deleted before signature
_DRAFTING_NOTE = re.compile(
    r"\[\s*(?:DN|NTD|N\.?B\.?|Note(?:\s+to\s+(?:draft|drafter|draftsman|client|[A-Z][\w&-]*))?|Drafting\s+note|"
    r"Comment|Query)\s*[:\-\u2013]\s*[^\[\]]{1,600}\]", re.I)
# "[CLIENT ADDRESS]", "[CONTRACTOR TO CONFIRM]": a prompt in capitals
_CAPS_PROMPT = re.compile(r"\[\s*([A-Z][A-Z0-9&'\u2019.,/()\- ]{2,80}?)\s*\]")
_DELIBERATE = re.compile(
    r"\b(?:RESERVED|INTENTIONALLY|OMITTED|DELETED|NOT\s+USED|SIGNATURES?|REMAINDER|BLANK|LOGO|GRAPHIC|PHOTO|IMAGE|"
    r"PICTURE|CHART|DIAGRAM|TABLE|MAP|LETTERHEAD|REDACTED|CONFIDENTIAL|SEAL|END|CONTINUED|PAGE|TRADEMARK|COPYRIGHT|SIC|"
    # "[NAME IN CHINESE]": words in another script that the copy does not reproduce
    r"CHINESE|JAPANESE|KOREAN|ARABIC|RUSSIAN|HEBREW|THAI|TRANSLATION|"
    # "[ATTACHED]": a filed copy's marker for an attachment it does not reproduce ("[TO BE ATTACHED]" is a blank)
    r"(?<!BE )ATTACHED)\b")
# "<NAME OF CONTACT>", "<VERSION NO.>", "<insert date>": a template prompt; not a tag ("<PAGE>", "<S>", "<TABLE>")
_ANGLE = re.compile(
    r"<\s*(?:[A-Z][A-Z0-9&'\u2019.,/()\- ]{1,60}|(?i:insert|enter|add|specify)\b[^<>]{0,60})\s*>")
_MARKUP_TAG = re.compile(r"^</?\s*(?:PAGE|TABLE|CAPTION|S|C|FN|F\d+|DOCUMENT|TYPE|SEQUENCE|FILENAME|DESCRIPTION|TEXT|"
                         r"PDF|HTML|HEAD|BODY|PRE|DIV|SPAN|SUP|SUB|B|I|U|BR|P|TD|TR|TH|TITLE|CENTER|FONT|HR)\s*/?>$")
# the unit after a figure to come: "XX days", "__ working days"
_UNIT = (r"\s+(?:business\s+|working\s+|calendar\s+|banking\s+)?(?:days?|months?|years?|hours?|minutes?|weeks?|"
         r"seconds?|per\s*cent|percent|users?|seats?|FTEs?|staff|agents?|advisers?|employees?|calls?)\b")
# figures still to come: "XX%", "XX days", "£XX", "XX:XX", "20XX"
_XX = re.compile(
    r"(?<![\w.\-/])(?P<cur>[\u00a3$\u20ac]\s?)?(?P<xx>XX|xx)(?P<more>[:.,](?:XX|xx|\d{2}))?(?P<pct>\s?%)?"
    r"(?P<unit>" + _UNIT + r")?(?![\w/])")
_UNIT_AFTER = re.compile(r"\s?%|" + _UNIT)
# a footnote's marker and its text after a rule: "* Minimum order", "1 Excluding VAT", "† Per seat"
_FOOTNOTE_AFTER = re.compile(r"\s+(?:\*{1,3}|[\u2020\u2021\u00b9\u00b2\u00b3]|\(?\d{1,2}\)?)\s*[A-Z][a-z]")
_YEAR_TO_COME = re.compile(r"(?<![\w.])(?:19|20)(?:XX|xx|\[\s*[\u25cf\u2022]?\s*\])(?!\w)")
# "Sections XX and YY", "Exhibit XX": a number still to be filled in
_XX_REFERENCE = re.compile(r"\b(?:Sections?|Articles?|Clauses?|Schedules?|Exhibits?|Appendi(?:x|ces)|Annex(?:es)?)\s+(XX)\b")
_ROMAN_XX = re.compile(r"\b(?:ARTICLE|Article|PART|Part)\s+XIX\b")
_BULLET = re.compile(r"[\u25cf\u2022]")
# "5/22 ● Testosterone-CE Mark 8/18 ● Vitamin D ...": bullets between the items of a list run into one
# line; an item is words, not a label ("Attn: ● Tel: ●" is two blanks)
_ITEM_AFTER = re.compile(r"\s+[A-Z][\w()/-]*(?:\s+(?![\w.]+:)[\w()/.-]+){1,}")
_VALUE_BEFORE = re.compile(r"(?:[:$\u20ac\u00a3#]|\b(?:RMB|USD|EUR|GBP|US\$|dated|of|is|at|to|No\.|within|than|for)|\d)\s*$",
                           re.I)
_CHECKBOX = re.compile(r"^\W{0,3}\[\s*[xX ]?\s*\]\s+\S|^\W{0,3}[\u2610\u2611\u2612]")
_UNDERSCORES = re.compile(r"(?<!\w)_{2,}")
# asterisks in a filed copy: a redaction when the document says so
_REDACTION = re.compile(r"\[\s*\*+\s*\]|(?<![*\w])\*{3,}(?![*\w])")
_REDACTION_LEGEND = re.compile(
    r"confidential\s+treatment|(?:has|have)\s+been\s+(?:omitted|redacted|deleted)|\bomissions?\s+(?:are|is|have|has)\b|"
    r"\bredact(?:ed|ion)|filed\s+separately\s+with\s+the\s+(?:securities\s+and\s+exchange\s+)?commission|"
    r"regulation\s+s-k|rule\s+24b-2|indicated\s+by\s+(?:asterisks|\[\*)|competitively\s+harmful", re.I)
_REDACTION_HEAVY = 8
# a run of X in a filed copy whose legend says portions were left out as confidential ("CONFIDENTIAL
# TREATMENT ... CERTAIN PORTIONS HAVE BEEN REDACTED"): the redaction, not a blank of the draft. The
# bare word "redacted" is not enough here (a clause may let a party redact a copy), so the legend names
# confidential treatment, portions omitted or redacted, or the filing with the Commission
_FILED_LEGEND = re.compile(
    r"confidential\s+treatment|portions?\s+(?:\w+\s+){0,6}?(?:have|has|were|was|are|is|been)\s+(?:been\s+)?"
    r"(?:omitted|redacted|deleted)|filed\s+separately\s+with\s+the\s+(?:securities\s+and\s+exchange\s+)?commission|"
    r"rule\s+24b-2|regulation\s+s-k", re.I)
_X_RUN = re.compile(r"^(?:\[\s*)?(?:X{3,}|x{3,}|X{2,}|x{2,})(?:\s*\])?$")
# "Section 6.2 [ARBITRATION]", "Article 7 [Confidentiality]": the heading of the clause cited, in brackets
_CAPTION_BEFORE = re.compile(r"\b(?:Sections?|Articles?|Clauses?|Paragraphs?|Schedules?|Exhibits?|Annex(?:es)?)\s+"
                             r"[\w.]+(?:\s?\([\w]{1,4}\))*\s*$", re.I)
# the same in a list of cited clauses: "Sections 4.2 [SLOTTING FEES], 4.3 [HOSTING FEE] and 4.4 [..]"
_CAPTION_LIST_BEFORE = re.compile(
    r"\b(?:Sections|Articles|Clauses|Paragraphs)\s+\d[\w.]*(?:\s?\([\w]{1,4}\))*(?:\s*\[[^\[\]]{1,60}\])?"
    r"(?:\s*(?:,|,?\s*and|,?\s*or)\s+\d[\w.]*(?:\s?\([\w]{1,4}\))*(?:\s*\[[^\[\]]{1,60}\])?)*\s*$", re.I)
_SIGNATURE_LABEL = re.compile(
    r"(?:\b(?:by|name|title|its|date|dated|signature|signed|witness|print(?:ed)?\s+name|address|e-?mail|phone|"
    r"tel(?:ephone)?|fax|per|initials?|attest|authori[sz]ed\s+(?:signatory|representative))\s*:?|:)\s*$", re.I)
_SIGNATURE_AFTER = re.compile(r"^\s*\((?:print(?:ed)?\s+name|signature|title|date|name|authori[sz]ed\s+signature)\)", re.I)


# the agreement's own date, filled in when it is signed: "THIS AGREEMENT is dated the ____ day of ______ 2026"
_SIGNING_DATE_BEFORE = re.compile(r"\b(?:dated|made|executed|entered\s+into|signed)\s+(?:on\s+|as\s+of\s+)?(?:(?:this|the)\s+)?$"
                                  r"|\bday\s+of\s+$", re.I)
_SIGNING_DATE_AFTER = re.compile(r"^\s*(?:day\s+of\b|,?\s*(?:19|20)(?:\d\d|__)\b)", re.I)
# a signature rule with the signatory's name and office printed after it: "________ Rawiri Tane General Manager"
_SIGNATORY_AFTER = re.compile(r"^\s*[A-Z][\w.'-]*,?(?:\s+(?:[A-Z][\w.'&-]*,?|of|and|for|the|&))+\s*$")


def _signature_blank(sentence: str, m: re.Match, text: str) -> bool:
    before = text[max(0, m.start() - 30):m.start()]
    if _SIGNATURE_LABEL.search(before) or _SIGNATURE_AFTER.match(text[m.end():]):
        return True
    if _SIGNING_DATE_BEFORE.search(before) and _SIGNING_DATE_AFTER.match(text[m.end():m.end() + 16]):
        return True
    if m.end() - m.start() >= 10 and not text[:m.start()].strip() and len(text) - m.end() <= 90 \
            and _SIGNATORY_AFTER.match(text[m.end():]):
        return True
    return _few_words(sentence)


@lru_cache(maxsize=256)
def _few_words(sentence: str) -> bool:
    """A signature line or a blank table row: little besides blanks, labels and numbers.
    (Cached: a sentence with thousands of blanks is asked once per blank.)"""
    words = [w for w in re.findall(r"[A-Za-z]{2,}", _UNDERSCORES.sub(" ", sentence))
             if w.lower() not in ("by", "name", "title", "its", "date", "print", "printed", "signature", "and")]
    return len(words) < 4


# the lead-in of an execution block: its lines are filled in by hand at signing
_EXECUTION = re.compile(r"\bIN\s+WITNESS\s+WHEREOF\b|\bAS\s+WITNESS\b|\bEXECUTED\s+(?:as\s+a\s+deed|by)\b|"
                        r"\bSigned\s+(?:by|for\s+and\s+on\s+behalf)\b", re.I)
_EXECUTION_BLOCKS = 30  # how far an execution block runs after its lead-in
_BARE_BLANK = re.compile(r"\[\s*[\u25cf\u2022]?\s*\]|[\u25cf\u2022]")


def _execution_blocks(blocks) -> set[int]:
    out: set[int] = set()
    for bi, b in enumerate(blocks):
        if _EXECUTION.search(b.text):
            out.update(range(bi, min(len(blocks), bi + _EXECUTION_BLOCKS)))
    return out


def _signing_line(blocks, execution: set[int], bi: int, m: re.Match) -> bool:
    """A bare blank on a signature or date line of an execution block: "Date: [•]", or "Date:" on one
    line and "[•]" alone on the next."""
    if bi not in execution or not _BARE_BLANK.fullmatch(m.group(0).strip()):
        return False
    text = blocks[bi].text
    if _SIGNATURE_LABEL.search(text[max(0, m.start() - 30):m.start()]):
        return True
    return (len(text) <= 12 and not text.replace(m.group(0), "").strip() and bi > 0
            and bool(_SIGNATURE_LABEL.search(blocks[bi - 1].text[-30:])))


def _rest_of_line(ctx: CheckContext, bi: int, end: int) -> str:
    """What follows clean offset ``end`` of block ``bi`` on the same printed line (or table cell)."""
    block = ctx.seg.document.blocks[bi]
    if end >= len(block.text):
        return ""
    text = ctx.seg.document.text
    pos = block.canonical(end)
    stop = text.find("\n", pos)
    line = text[pos:stop if stop >= 0 else len(text)]
    return line.split("|", 1)[0]


_BOX = re.compile(r"\[\s*[xX\u2713]?\s*\](?=\s*[A-Za-z${(])")


def _checkbox(ctx: CheckContext, bi: int, m: re.Match) -> bool:
    """An unticked box with its option beside it ("[ ] In perpetuity.", "[ ] Name [ ] Address"), not a blank
    value ("Manager: [ ]")."""
    text = ctx.seg.document.blocks[bi].text
    option = bool(re.match(r"\s*[A-Za-z${(]", _rest_of_line(ctx, bi, m.end())))
    if not option:
        return False
    if _CHECKBOX.match(text[max(0, m.start() - 3):]) or len(_BOX.findall(text)) >= 2:
        return True  # a box at the start of a line or cell, or one of a row of boxes
    return bool(re.match(r"\s+[A-Z${]", text[m.end():]) and re.search(r"(?:^|[.;|\]]\s|-\s|\s\s)\s*$", text[:m.start()]))


def _caps_prompt(inner: str) -> bool:
    letters = [c for c in inner if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return False
    if " " not in inner.strip() and len(letters) < 4:
        return False  # "[USD]", "[TM]": an abbreviation, not a prompt
    if re.fullmatch(r"[IVXLC]+", inner.strip()):
        return False
    return not _DELIBERATE.search(inner)


def placeholders(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    blocks = ctx.seg.document.blocks
    forms = form_blocks(ctx)
    doc_text = ctx.seg.document.text
    # a filed copy: it declares its redactions, or is full of them
    redacted = bool(_REDACTION_LEGEND.search(doc_text)) or len(_REDACTION.findall(doc_text)) >= _REDACTION_HEAVY
    filed = bool(_FILED_LEGEND.search(doc_text))
    roman_xx = bool(_ROMAN_XX.search(ctx.seg.document.text))
    execution = _execution_blocks(blocks)
    spots: list[tuple[int, int, int]] = []
    for bi, block in enumerate(blocks):
        text = block.text
        # most blocks hold none of the characters a placeholder needs: test for them (a fast
        # substring search) before trying patterns that re would attempt at every position
        bracket = "[" in text
        xx = "XX" in text or "xx" in text
        if bracket:
            for m in _DRAFTING_NOTE.finditer(text):
                spots.append((bi, m.start(), m.end()))
        if bracket or "TB" in text or "<<" in text or "{" in text or xx:
            placeholders_here = _PLACEHOLDER.finditer(text)
        else:
            placeholders_here = ()
        for m in placeholders_here:
            if m.group(0).replace(" ", "") == "[]" and _checkbox(ctx, bi, m):
                continue  # an unticked checkbox: "[ ] In perpetuity.", "ANNUAL FEE. [ ] Technical Support Hours"
            if _signing_line(blocks, execution, bi, m):
                continue  # "Date: [•]" under "IN WITNESS WHEREOF": filled in by hand at signing
            spots.append((bi, m.start(), m.end()))
        for m in _CAPS_PROMPT.finditer(text) if bracket else ():
            if _caps_prompt(m.group(1)):
                spots.append((bi, m.start(), m.end()))
        for m in _ANGLE.finditer(text) if "<" in text else ():
            if not _MARKUP_TAG.match(m.group(0)) and sum(c.isalpha() for c in m.group(0)) >= 3:
                spots.append((bi, m.start(), m.end()))
        if not redacted and (bracket or "***" in text):
            for m in _REDACTION.finditer(text):
                spots.append((bi, m.start(), m.end()))
        for m in _XX.finditer(text) if xx else ():
            if not (m.group("cur") or m.group("more") or m.group("pct") or m.group("unit")
                    or _VALUE_BEFORE.search(text[:m.start()])):
                continue  # a bare "XX": only a figure to come where a value stands
            if roman_xx and re.search(r"\b(?:ARTICLE|Article|PART|Part)\s+$", text[:m.start()]):
                continue  # Article XX after Article XIX: a roman numeral
            spots.append((bi, m.start(), m.end()))
        for m in _YEAR_TO_COME.finditer(text) if xx or bracket else ():
            spots.append((bi, m.start(), m.end()))
        for m in _XX_REFERENCE.finditer(text) if xx else ():
            if not roman_xx:
                spots.append((bi, m.start(1), m.end(1)))
        bullets = list(_BULLET.finditer(text)) if "\u25cf" in text or "\u2022" in text else []
        items = sum(1 for m in bullets if _ITEM_AFTER.match(text, m.end()))
        for m in bullets:
            if items >= 2 and _ITEM_AFTER.match(text, m.end()):
                continue  # a bullet before a list item in a flattened list
            inside_brackets = text[max(0, m.start() - 1):m.start()] == "[" and text[m.end():m.end() + 1] == "]"
            if inside_brackets:
                continue  # counted by _PLACEHOLDER
            # the value word ends within a few characters of the bullet: 60 are enough, and the
            # whole text before it would make a long block quadratic
            if (m.start() > 0 and _VALUE_BEFORE.search(text[max(0, m.start() - 60):m.start()])
                    and not _signing_line(blocks, execution, bi, m)):
                spots.append((bi, m.start(), m.end()))  # "dated ●", "RMB ●": a value left blank
        indent = len(text) - len(text.lstrip())
        for m in _UNDERSCORES.finditer(text) if "__" in text else ():
            if text[max(0, m.start() - 1):m.start()] == "[" and text[m.end():m.end() + 1] == "]":
                continue  # "[____]": counted by _PLACEHOLDER
            if _signature_blank(ctx.sentence_text(bi, m.start()), m, text):
                continue
            if re.fullmatch(r"[\s_]*", text[m.end():]) and re.search(r"(?:^|\s)\d{1,3}\s+(?:_{3,}\s+)*$", text[:m.start()]):
                continue  # initials boxes after a page number in a page footer: "7 ____ ____"
            if m.end() - m.start() >= 10 and m.start() == indent and _FOOTNOTE_AFTER.match(text, m.end()):
                continue  # the rule above a footnote: "________ *Minimum order of 1,000 Units"
            unit = _UNIT_AFTER.match(text, m.end())
            spots.append((bi, m.start(), unit.end() if unit else m.end()))  # "__ days" as "XX days"
    spots = [(bi, s, e) for bi, s, e in spots if not _CAPTION_BEFORE.search(blocks[bi].text[max(0, s - 40):s])
             and not _CAPTION_LIST_BEFORE.search(blocks[bi].text[max(0, s - 240):s])]
    if filed:
        spots = [(bi, s, e) for bi, s, e in spots if not _X_RUN.match(blocks[bi].text[s:e])]
    found = []
    last: tuple[int, int] | None = None  # (block, end) of the last reported spot
    for bi, s, e in sorted(set(spots), key=lambda t: (t[0], t[1], -t[2])):
        if last and last[0] == bi and s < last[1]:
            continue  # inside a longer placeholder already reported ("XX" in "XX%", a note's own brackets)
        last = (bi, e)
        values: dict = {"placeholder": blocks[bi].text[s:e]}
        if bi in forms:
            values["_severity"] = Severity.INFO  # a form to be completed later, not this contract's terms
        found.append((hygiene_hit(rule, bi, s, e), values))
    return found
