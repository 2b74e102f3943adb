"""Cross-references to sections, clauses, articles, paragraphs and attachments that do not exist.

References resolve against the numbering as printed (typed numbers, Word's automatic
numbers, Markdown headings); "paragraph 4 of Schedule 3" against the paragraphs of
that schedule. References into statutes and other agreements are not references into
this one: a document knows itself as "this Agreement", "this SOW", "this deed" or by
its title, and "clause 4.3 of the Services Agreement" in a deed of variation, or
"Section 5.2 of the Agreement" in a statement of work, points elsewhere. So do "Sections 8.3.1
and 8.3.3 of that certain Supply Agreement", "Articles 15.4 or 15.7 thereof" (the instrument
just named), "Schedule B thereto", a citation of a code ("21 U.S.C. Sections 351-352", "21
C.F.R. Sections 210 and 211"), and "Section 10(c) of the Agreement" in a confirmation,
amendment or order that names another instrument "the Agreement" ("This Confirmation
supplements ... the ISDA Master Agreement dated ... (the "Agreement")"). An amendment or addendum that names the
agreement it amends ("This Second Amendment ... amends that certain Manufacturing Agreement ... ("Agreement")")
cites that agreement's clauses and attachments throughout, so only references into the amendment itself
("Section 2 of this Amendment") are judged there. A number the document elsewhere ties to another
instrument ("Section 14 of the ISDA Form") is that instrument's where it is cited bare too ("any
definition or provision in Section 14")."""
from __future__ import annotations

import re
from collections import defaultdict

from ...match import Hit
from ...numbering import parse_label, roman_to_int
from ...ruleset.model import Rule
from ..base import CheckContext
from .clause_numbers import _labelled, _to_roman, _walk
from .common import amends_other_agreement, block_hits, hygiene_hit

_REFERENCE = re.compile(
    r"\b(?P<kw>[Ss]ections?|[Cc]lauses?|Articles?|[Pp]aragraphs?)\s+(?P<num>\d{1,3}(?:\.\d{1,3})*(?![\dA-Za-z])(?:\s?\([a-zA-Z0-9]{1,4}\))*|[IVXL]{1,6}\b)")
# what follows a reference to another instrument: "of the Securities Act", "of the 1940 Act", "under the Code"
_EXTERNAL_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,6}\)\s*)*(?:,\s*)?(?:of|under|to|in)\s+(?:that\s+certain\s+|the\s+|that\s+|such\s+|any\s+|an?\s+)?"
    r"(?!(?:this|these|hereof)\b)(?!(?:Agreement|Contract|Master|Services?\s+Agreement)\b)(?:[A-Z]|\d{4}\b|U\.S\.)")
# "Articles 15.4, 15.7 or 15.8 thereof", "Schedule B thereto": a part of the instrument just named
_THEREOF_AFTER = re.compile(r"^\s*(?:\([^)]{1,6}\)\s*)*,?\s*(?:thereof|thereto|therein|thereunder|of\s+such\s+agreement)\b", re.I)
# "21 U.S.C. Sections 351-352", "21 C.F.R. Sections 210 and 211", "Code Section 409A": a code cited by title
_CODE_BEFORE = re.compile(r"(?:\bU\.?\s?S\.?\s?C\.?(?:\s?A\.?)?|\bC\.?\s?F\.?\s?R\.?|\bCode|\bAct|\bRegulations?|\bTitle\s+\d+)\s*(?:\u00a7+\s*)?$")
# "This Confirmation supplements ... the ISDA Master Agreement dated ... (the "Agreement")": the
# document is not an agreement and gives another instrument the name "the Agreement"
_OTHER_AGREEMENT = re.compile(
    r"\bThis\s+(?:(?!Agreement\b|Contract\b)[A-Z][\w-]*\s+){0,3}(?:Confirmation|Amendment|Addendum|Supplement|Order|"
    r"Letter|Statement\s+of\s+Work|SOW|Schedule|Exhibit|Deed|Notice|Memorandum|Acknowledge?ment|Agreement\s+Supplement)\b"
    r"[^.;]{0,300}?\(\s*(?:the|such|said)\s+[\"\u201c]((?:Master\s+|Underlying\s+|Original\s+)?(?:Agreement|Contract))[\"\u201d]\s*\)")
# "this Confirmation ... shall supplement, form a part of, and be subject to an agreement in the form of the ISDA
# Form ... (hereinafter the "Agreement")": in such a confirmation "Section 4(a)(iii) of this Agreement" is a
# section of the printed master form, which the confirmation does not reproduce
_CONFIRMATION_OF_MASTER = re.compile(
    r"\bthis\s+Confirmation\b.{0,600}?\(\s*(?:hereinafter\s+)?(?:the\s+|an?\s+)?[\"\u201c](?:Agreement|Master\s+Agreement|ISDA\s+Form)"
    r"[\"\u201d]\s*\)", re.I | re.S)
# "This Confirmation constitutes a "Confirmation" as referred to in the Master Agreement or Agreement specified below"
_CONFIRMATION_UNDER = re.compile(
    r"\bThis\s+Confirmation\s+constitutes\s+a\s+[\"\u201c]?Confirmation[\"\u201d]?\s+as\s+referred\s+to\s+in\s+the\s+"
    r"(?:Master\s+Agreement|Agreement)\b", re.I)
_OF_THIS_AGREEMENT = re.compile(r"^\s*(?:\([^)]{1,6}\)\s*)*,?\s*(?:of|under|in)\s+this\s+Agreement\b")
_INTERNAL_AFTER = re.compile(r"^\s*(?:\([^)]{1,6}\)\s*)*(?:of|under|in)\s+(?:this|these)\b", re.I)
_LABEL_POSITION = re.compile(r"(?:^|(?<=\s))(\d{1,3}(?:\.\d{1,3}){0,3})\.?\s+(?=[A-Z(\u201c\"])")
# a clause number with its first sub-paragraph run into it at the start of a block: "8.1(a) Without prejudice ..."
_GLUED_LABEL = re.compile(r"^\W{0,3}(\d{1,3}(?:\.\d{1,3}){1,3})\(([a-z]{1,3}|\d{1,2})\)\s+[A-Z]")
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
    outers: dict[tuple, str] = {}  # the enclosing part of a path, joined: items of one list share it
    for it, _, _, path in _walk(_labelled(ctx)):
        kind, _, prefix = it.stream.partition(":")
        if kind in ("decimal", "section"):
            if prefix:
                known.add(f"{prefix}.{it.ordinal}")  # "3.7" says where it sits; its path is not a top-level number
                continue
            # each leading part of the path: "2", "2.1", "2.1.3"; those of the enclosing lists once per list
            # (a document whose schedules each number from 1 nests hundreds deep)
            outer = outers.get(path[:-1])
            if outer is None:
                number = ""
                for p in path[:-1]:
                    number = f"{number}.{p}" if number else str(p)
                    known.add(number)
                outer = outers[path[:-1]] = number
            known.add(f"{outer}.{path[-1]}" if outer else str(path[-1]))
        elif kind == "article":
            known.add(str(it.ordinal))
            known.add(_to_roman(it.ordinal).lower())
    # numbers printed in label position anywhere (tables of contents, labels glued to other text)
    for block in ctx.seg.document.blocks:
        for m in _LABEL_POSITION.finditer(block.text):
            if not _REF_WORD_BEFORE.search(block.text[max(0, m.start() - 12):m.start()]):
                known.add(m.group(1))
        glued = _GLUED_LABEL.match(block.text)
        if glued:
            known.update((glued.group(1), f"{glued.group(1)}({glued.group(2)})".lower()))
        for m in re.finditer(r"\bARTICLE\s+([IVXLC]{1,7}|\d{1,3})\b", block.text):
            val = m.group(1)
            known.add(val.lower())
            if roman_to_int(val):
                known.add(str(roman_to_int(val)))
    # a known "4.2.1" implies 4.2 and 4 (shallowest first: a known parent's own parents are known already)
    for k in sorted(known, key=lambda k: k.count(".")):
        while "." in k:
            k = k.rpartition(".")[0]
            if k in known:
                break
            known.add(k)
    return known


# a clause number with its list labels, as the segmentation cites it: "11.2(a)", "Part 2 para 3.2(a)(ii)" (a
# Part of the agreement numbered in digits, whose clauses number on through the Parts)
_PART_PARA_TEXT = r"part\s+\d{1,2}\s+para\s+"
_SUB_NUMBER = re.compile(rf"^(?:{_PART_PARA_TEXT})?(\d{{1,3}}(?:\.\d{{1,3}})*)((?:\([a-z0-9]{{1,5}}\))+)$", re.I)
_PART_PARA = re.compile(rf"^{_PART_PARA_TEXT}", re.I)


def _regions(ctx: CheckContext) -> list[tuple[str, tuple[int, int]]]:
    """Each numbered clause with the text it governs: from its start to the next numbered clause that is not
    one of its own ("17.2" ends 17.1; "17.1(b)" and an unnumbered "(e)" after a page break do not). One pass,
    a stack of the clauses still open."""
    out: list[tuple[str, tuple[int, int]]] = []
    open_: list[tuple[str, int]] = []  # (number, start)
    for c in ctx.seg.clauses:
        number = _PART_PARA.sub("", (c.number or "").strip())  # cited without its Part, as _sub_labels keys it
        if not number[:1].isdigit():
            continue
        number = _norm_number(number).lower()
        while open_ and not number.startswith((open_[-1][0] + "(", open_[-1][0] + ".")):
            done, start = open_.pop()
            out.append((done, (start, c.start)))
        open_.append((number, c.start))
    end = len(ctx.seg.document.text)
    out.extend((number, (start, end)) for number, start in open_)
    return out


def _sub_labels(ctx: CheckContext) -> tuple[dict[str, set[str]], dict[str, tuple[int, int]]]:
    """The list labels under each clause: "11.2" -> {"(a)", "(b)"}, "3.2(a)" -> {"(i)", "(ii)"}; and the span
    of each numbered clause's text, where a label the segmentation did not read (run in, after a table) may
    still stand."""
    out: dict[str, set[str]] = defaultdict(set)
    spans: dict[str, tuple[int, int]] = {}
    for key, span in _regions(ctx):
        old = spans.get(key)
        if old is None or span[1] - span[0] > old[1] - old[0]:  # a contents line's region is the shorter
            spans[key] = span
    for c in ctx.seg.clauses:
        m = _SUB_NUMBER.match((c.number or "").strip())
        if not m:
            continue
        prefix = _norm_number(m.group(1))
        for sub in re.findall(r"\([^)]+\)", m.group(2).lower()):
            out[prefix].add(sub)
            prefix += sub
    return out, spans


# what a list label can be: (a)-(z), (aa), a roman numeral, a number; "(EULA)" names, "(U)" marks a
# classification, neither is a sub-paragraph
_LIST_LABEL = re.compile(r"^\((?:[a-z]|([a-z])\1|[ivx]{1,5}|\d{1,2})\)$")


def _missing_sub(num: str, base: str, subs: dict[str, set[str]], spans: dict[str, tuple[int, int]],
                 text: str) -> bool:
    """ "11.2(c)" where clause 11.2 lists (a) and (b) only: a sub-paragraph the clause does not have. A clause
    whose list was not read (no labels under it) is not judged, and neither is a label printed anywhere in the
    clause's own text (a list run into one paragraph, or resumed after a table)."""
    prefix = base
    for sub in re.findall(r"\([^)]+\)", num[len(base):]):
        have = subs.get(prefix)
        if not have:
            return False
        if sub not in have:
            if not _LIST_LABEL.match(sub):  # case-sensitive: "(U)" and "(EULA)" are no list labels
                return False
            span = spans.get(prefix.lower())
            if span is None:
                return False
            label = re.compile(r"(?:^|[\s;:,])" + re.escape(sub) + r"(?=\s)", re.I)
            return not label.search(text, span[0], span[1])
        prefix += sub
    return False


def _norm_number(num: str) -> str:
    """ "6.02" -> "6.2": leading zeros are a style, not a different clause."""
    head, paren, tail = num.partition("(")
    parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in head.split(".")]
    return ".".join(parts) + paren + tail


# a table-of-contents entry written with the keyword: "Section 6.02 Conditions of Closing 31"
_TOC_AFTER = re.compile(r"^\.?\s+[A-Z][\w'&,/-]*(?:\s+(?:[A-Z][\w'&,/-]*|of|and|the|for|to|in|on|or|by|with)){0,10}\s+\d{1,3}\b(?!\.\d)")


_ATTACHMENT_REF = re.compile(r"\b(?P<kw>Exhibit|Schedule|Annexure|Annex|Appendix|Attachment)\s+(?P<val>[A-Z]{1,2}|\d{1,2})\b(?![.-]\d)")
_ATTACHMENT_HEAD = re.compile(r"^\W{0,3}(?P<kw>EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEXURE|Annexure|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|Attachment)(?:\s+(?P<val>[A-Z]{1,2}|\d{1,2})|(?P<joined>\d{1,2}))\b")
# a title line that ends with the attachment's name: "SOW No. 3 - Exhibit D"
_ATTACHMENT_TITLE = re.compile(r"\s[-\u2013\u2014:|]\s+(?P<kw>EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEXURE|Annexure|ANNEX|Annex|APPENDIX|Appendix|"
                               r"ATTACHMENT|Attachment)\s+(?P<val>[A-Z]{1,2}|\d{1,2})\s*$")


def _attachment_references(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """ "Exhibit C" cited where the document attaches Exhibits A and B only.

    Only checked when the document carries attachments of that kind at all: filed copies
    often leave every exhibit out, which is not a drafting error in the contract."""
    blocks = ctx.seg.document.blocks
    attached: dict[str, set[str]] = defaultdict(set)
    for bi, block in enumerate(blocks):
        m = _ATTACHMENT_HEAD.match(block.text)
        if m and (ctx.is_heading(bi) or len(block.text) < 120 or bi > len(blocks) // 3):
            # "SCHEDULE3": the space lost where the text was taken from a PDF
            attached[m.group("kw").lower()].add((m.group("val") or m.group("joined")).upper())
    titles: set[tuple[int, int]] = set()  # (block, start) of an attachment named by its title line
    for bi, block in enumerate(blocks):
        m = _ATTACHMENT_TITLE.search(block.text) if len(block.text) < 80 else None
        if m and m.group("kw").lower() in attached:
            attached[m.group("kw").lower()].add(m.group("val").upper())
            titles.add((bi, m.start("kw")))
    found = []
    for kind, have in attached.items():
        top = max((_attachment_rank(v) for v in have), default=0)
        for bi, m in block_hits(ctx, _ATTACHMENT_REF):
            if m.group("kw").lower() != kind or _ATTACHMENT_HEAD.match(blocks[bi].text[max(0, m.start() - 3):]) and m.start() < 4:
                continue
            if (bi, m.start()) in titles:
                continue  # the attachment's own title line
            val = m.group("val").upper()
            if val.isdigit() != next(iter(have)).isdigit():
                continue  # lettered exhibits, numbered reference: a page number or another series
            if val in have or _attachment_rank(val) <= top:
                continue  # an attachment in the run that exists, or one between them
            if _THEREOF_AFTER.match(blocks[bi].text[m.end():m.end() + 40]):
                continue  # "Schedule B thereto": an attachment of the instrument just named
            found.append((hygiene_hit(rule, bi, m.start(), m.end()), {"reference": m.group(0)}))
    return found


def _attachment_rank(val: str) -> int:
    return int(val) if val.isdigit() else sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(val)))


_THIS_NAME = re.compile(r"\b[Tt]his\s+((?:[A-Z][\w-]*|deed|agreement|contract|amendment|addendum|variation|letter)"
                        r"(?:\s+(?:of\s+)?[A-Z][\w-]*){0,4})")
_THIS_DEFINED = re.compile(r"\(\s*(?:this|the\s+present)\s+[\"\u201c]([^\"\u201d]{1,60})[\"\u201d]", re.I)
# "of the Services Agreement", "under the Master Agreement", "to the Agreement": a named instrument after the number
_NAMED_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,6}\)\s*)*(?:,\s*)?(?:of|under|to|in)\s+the\s+([A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*){0,4})")
_IN_OTHER_SCHEDULE = re.compile(
    r"\b(?:Schedule|Annex|Appendix|Exhibit|Part)\s+\w{1,4}\s+(?:to|of)\s+the\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4})")
# the rest of a list of numbers after the first: ", 1.2, 1.4 or 6.1", " and (ii)", " and Section 512"
_REFERENCE_RUN = re.compile(
    r"(?:\s*(?:,|;|\band\b|\bor\b|\bto\b|\bthrough\b|,\s*and|,\s*or)\s*(?:(?:Sections?|Clauses?|Articles?|[Pp]aragraphs?|\u00a7+)\s+)?"
    r"(?:\d{1,4}(?:\.\d{1,3})*|\([a-zA-Z0-9]{1,4}\))(?:\s?\([a-zA-Z0-9]{1,4}\))*)+")
_SURVEY = re.compile(r"^\s*,?\s*(?:T(?:ownship|wp)\.?|Range|Block)\s+\d", re.I)
_SCHEDULE_PARAGRAPH = re.compile(
    r"\b[Pp]aragraphs?\s+(?P<num>\d{1,3}(?:\.\d{1,3})*)(?:\s?\([a-z0-9]{1,4}\))*\s+(?:of|in)\s+"
    r"(?:Part\s+(?P<part>[A-Z]|\d{1,2})\s+(?:of|in|to)\s+)?"
    r"(?P<kw>Schedule|Annexure|Annex|Appendix|Exhibit|Attachment)\s+(?P<val>[A-Z]{1,2}|\d{1,2})\b(?![.-]\d)")


def _self_names(ctx: CheckContext) -> set[str]:
    """What the document calls itself: "this Agreement", (this "SOW"), its title."""
    text = ctx.seg.document.text
    names = {m.group(1).lower() for m in _THIS_NAME.finditer(text)}
    names |= {m.group(1).strip().lower() for m in _THIS_DEFINED.finditer(text)}
    for block in ctx.seg.document.blocks[:3]:
        if block.kind in ("title", "heading") or block.text.isupper():
            names.add(re.sub(r"\s+no\.?\s*\d+$", "", block.text.strip().lower()))
            break
    m = _OTHER_AGREEMENT.search(text[:20000])
    if m:
        names.discard(m.group(1).lower())  # the confirmation's "the Agreement" is the master it supplements
    if _CONFIRMATION_UNDER.search(text[:20000]):
        names -= {"agreement", "master agreement"}  # "a "Confirmation" as referred to in the Master Agreement or Agreement"
    return names


def _other_instrument(name: str, self_names: set[str]) -> bool:
    low = name.lower()
    return not (low in self_names or low.rstrip("s") in self_names)


def _schedule_paragraphs(ctx: CheckContext) -> dict[tuple[str, str, str], set[str]]:
    """The numbered paragraphs of each schedule, annex or exhibit, and of each Part of one:
    ("schedule", "3", "") -> {"1", "2", "3"}; ("schedule", "2", "A") -> the paragraphs of Part A of Schedule 2."""
    out: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for c in ctx.seg.clauses:
        m = re.match(r"(Schedule|Annexure|Annex|Appendix|Exhibit|Attachment)\s+(\w{1,2})(?:\s+Part\s+(\w{1,2}))?\s+para\s+(\S+)$",
                     c.number or "", re.I)
        if m:
            out[(m.group(1).lower(), m.group(2).upper(), (m.group(3) or "").upper())].add(m.group(4).rstrip("."))
    return out


def _schedule_paragraph_references(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    """ "paragraph 4 of Schedule 3" where Schedule 3 numbers paragraphs 1 to 3."""
    paragraphs = _schedule_paragraphs(ctx)
    found = []
    for bi, m in block_hits(ctx, _SCHEDULE_PARAGRAPH):
        have = paragraphs.get((m.group("kw").lower(), m.group("val").upper(), (m.group("part") or "").upper()))
        if not have:
            continue  # the schedule is missing (the attachment check reports it) or numbers nothing
        num = _norm_number(m.group("num"))
        if num in have or num.split(".")[0] in have:
            continue
        found.append((hygiene_hit(rule, bi, m.start(), m.end()), {"reference": m.group(0)}))
    return found


def _statute_sibling(sentence: str, top: str, self_names: set[str]) -> bool:
    """The sentence cites the same section number as part of another instrument ("pursuant to Section 275(1),
    ... the conditions specified in Section 275 of the SFA")."""
    for m in _REFERENCE.finditer(sentence):
        if _norm_number(m.group("num").replace(" ", "").lower()).split("(")[0].split(".")[0] != top:
            continue
        after = sentence[m.end():m.end() + 80]
        named = _NAMED_AFTER.match(after)
        if named and _other_instrument(named.group(1), self_names):
            return True
        if _EXTERNAL_AFTER.match(after) and not _INTERNAL_AFTER.match(after) and not named:
            return True
    return False


# a reference into the amendment itself: "Section 2 of this Amendment"
_OF_THIS_AMENDMENT = re.compile(r"^\s*(?:\([^)]{1,6}\)\s*)*,?\s*(?:of|under|in)\s+this\s+(?:(?:First|Second|Third|Fourth|Fifth|"
                                r"[A-Z][a-z]+)\s+)?(?:Amendment|Addendum|Supplement|Variation|Confirmation)\b")


def broken_references(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    if amends_other_agreement(ctx):
        # an amendment cites the clauses and attachments of the agreement it amends: only its own are judged
        return [f for f in _broken_references(rule, ctx)
                if _OF_THIS_AMENDMENT.match(ctx.seg.document.blocks[f[0].block].text[f[0].end:f[0].end + 60])]
    return _broken_references(rule, ctx)


def _broken_references(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    found = _attachment_references(rule, ctx) + _schedule_paragraph_references(rule, ctx)
    self_names = _self_names(ctx)
    numbered = [c for c in ctx.seg.clauses if c.number]
    if len(numbered) < rule.options["min-clauses"]:
        return found  # too little numbering to judge references
    of_master = bool(_CONFIRMATION_OF_MASTER.search(ctx.seg.document.text[:20000]))
    known = {_norm_number(k) for k in _known_numbers(ctx)}
    subs, sub_spans = _sub_labels(ctx)
    for bi, m in block_hits(ctx, _REFERENCE):
        text = ctx.seg.document.blocks[bi].text
        if _TOC_AFTER.match(text[m.end():m.end() + 120]) or m.start() == 0 or text[:m.start()].rstrip().endswith((".", ":")) and \
                re.match(r"\.?\s+\[?[A-Z][a-z]+\]?(?:\s+[A-Z&][\w&]*){0,5}\.?\s", text[m.end():m.end() + 80]):
            known.add(_norm_number(m.group("num").replace(" ", "").lower()))  # a heading or a contents line, not a reference
    tops = [int(k) for k in known if k.isdigit()]
    highest = max(tops) if tops else 0
    # a document that cites itself by "Section" and never resolves a "Clause" reference is
    # citing another instrument's clauses (the SCCs' "Clause 17")
    resolved: dict[str, int] = defaultdict(int)
    unresolved: dict[str, int] = defaultdict(int)
    for bi, m in block_hits(ctx, _REFERENCE):
        kw = m.group("kw").lower().rstrip("s")
        num = _norm_number(m.group("num").replace(" ", "").lower())
        (resolved if num in known or num.split("(")[0] in known else unresolved)[kw] += 1
    dominant = max(resolved, key=resolved.get) if resolved else None
    # a data processing agreement amends the Standard Contractual Clauses clause by clause
    scc = bool(re.search(r"\bStandard\s+Contractual\s+Clauses\b|\bSCCs?\b", ctx.seg.document.text))
    elsewhere: set[tuple[str, str]] = set()  # (keyword, top number) cited as another instrument's
    bare: list[tuple[tuple[Hit, dict], str, str]] = []
    for bi, m in block_hits(ctx, _REFERENCE):
        text = ctx.seg.document.blocks[bi].text
        after = text[m.end():m.end() + 160]
        run = _REFERENCE_RUN.match(after)
        if run:
            after = after[run.end():]  # "Sections 1.1, 1.2 or 6.1 of the Restated Agreement": the list's instrument
        after = after[:80]
        if _SURVEY.match(after):
            continue  # "Section 47, Township 4 South": a land survey section
        if of_master and _OF_THIS_AGREEMENT.match(after):
            continue  # a confirmation's "of this Agreement": the master form it forms part of
        if _THEREOF_AFTER.match(after) or _CODE_BEFORE.search(text[max(0, m.start() - 16):m.start()]):
            continue  # "Articles 15.4 or 15.7 thereof", "21 U.S.C. Sections 351-352": another instrument
        named = _NAMED_AFTER.match(after)
        if named and _other_instrument(named.group(1), self_names):
            elsewhere.add((m.group("kw").lower().rstrip("s"), _norm_number(m.group("num").replace(" ", "").lower()).split("(")[0]))
            continue  # "clause 4.3 of the Services Agreement" where the document is a deed
        if _EXTERNAL_AFTER.match(after) and not _INTERNAL_AFTER.match(after) and not named:
            continue  # a section of another instrument: a statute, the Code, another agreement
        if re.match(r"\s+(?:of|in)\s+(?:Part\s+\w{1,2}\s+(?:of|in|to)\s+)?(?:Schedule|Annex|Appendix|Exhibit|Attachment)\s", after):
            continue  # "paragraph 4 of Schedule 3": checked against that schedule's own paragraphs
        other = _IN_OTHER_SCHEDULE.search(ctx.sentence_text(bi, m.start()))
        if other and _other_instrument(other.group(1), self_names):
            continue  # "paragraph 7 ... in Schedule 2 to the Services Agreement"
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
        if "(" in num and base in known and "." in base and _missing_sub(num, base, subs, sub_spans, ctx.seg.document.text):
            found.append((hygiene_hit(rule, bi, m.start(), m.end()), {"reference": m.group(0)}))
            continue
        if num in known or base in known:
            continue
        top = base.split(".")[0]
        if _statute_sibling(ctx.sentence_text(bi, m.start()), top, self_names):
            continue  # "Section 275(1)" beside "Section 275 of the SFA": the statute's section
        if top.isdigit() and int(top) > highest + 10:
            continue  # far beyond the document's own numbering: a statute ("Section 508")
        if "(" in num and "." not in base and top in known:
            continue  # "Section 11(g)": a lettered sub-clause we did not segment
        if not top.isdigit() and not re.fullmatch(r"[ivxl]+", top):
            continue
        hit = (hygiene_hit(rule, bi, m.start(), m.end()), {"reference": m.group(0)})
        if _INTERNAL_AFTER.match(after) or re.match(r"\s*(?:hereof|herein|hereunder|above|below)\b", after):
            found.append(hit)  # "Section 6 of this SOW": into this document, whatever else is cited
        else:
            bare.append((hit, kw, base))
    # "Section 14" where the document elsewhere cites "Section 14 of the ISDA Form": that instrument's section
    found.extend(f for f, kw, number in bare if (kw, number) not in elsewhere)
    return found
