"""The clause numbering as printed: labelled clauses in order, each in its numbering stream.

Shared by the numbering detector (gaps and repeats) and the cross-reference detector
(which numbers exist)."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ...numbering import parse_label, roman_to_int
from ..base import CheckContext

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


# "Schedule 2 para 3", and "Schedule 2 Part B para 3": each Part of a schedule numbers afresh too
_ATTACHMENT_PARAGRAPH = re.compile(
    r"^((?:Schedule|Annexure|Annex|Appendix|Exhibit|Attachment|Part)\s+\w{1,4}(?:,?\s+Part\s+\w{1,4})?),?\s+para\b", re.I)
_BARE_HEADING_LABEL = re.compile(r"(?:ARTICLE|Article|PART|Part)\s+(?:\d{1,3}|[IVXLC]{1,7}|[A-Z])\.?")
_TOC_ENTRY = re.compile(r"(?:\.{3,}|\s)\s*\d{1,3}\s*$")
_LABEL_TOKENS = re.compile(r"\b(?:Section|Clause|Article|Paragraph)\s+\d{1,3}(?:\.\d{1,3})*", re.I)


# the words before a citation in running text: "under Section 2.1", "pursuant to Section 4", "and Section 5"
_CITING = re.compile(r"\b(?:under|in|to|of|with|see|per|by|and|or|than|from)\s*$|[,;(]\s*$", re.I)
_CITED_NUMBER = re.compile(r"\b(?:Sections?|Clauses?|Articles?|Paragraphs?|and|or|to|of|through)\s*$|,\s*$", re.I)
# the space is looked at, not taken, so that "10.5 10.4 18.11 Government Official" counts three numbers
_MULTI_DECIMAL = re.compile(r"(?<![\w.])\d{1,3}\.\d{1,3}(?:\.\d{1,3})*(?=\s+\S)")


def _is_toc(text: str) -> bool:
    """A table-of-contents line or a run of them, or a flattened table row that lists
    several clause numbers ("1.1.11 Open incidents 1.1.12 Daily 1.1.13 10:00"). A clause citing
    sections in its text ("under Section 2.1 (Deliverables); ... in Section 2.2") is no such list."""
    listed = [m for m in _LABEL_TOKENS.finditer(text) if not _CITING.search(text[max(0, m.start() - 16):m.start()])]
    numbers = [m for m in _MULTI_DECIMAL.finditer(text[:300])
               if not _CITED_NUMBER.search(text[max(0, m.start() - 16):m.start()])]
    if len(listed) >= 3 or len(numbers) >= 3:
        return True
    if _BARE_HEADING_LABEL.fullmatch(text.strip()):
        return False  # "ARTICLE 12" alone on its line: the number is its own, not a page number
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


_LABEL_BEFORE = re.compile(r"(?:[.;:!?]\s|[.;:!?]\s\s|\s\s)\Z")


def _label_position(text: str, label: str, lo: int, hi: int) -> tuple[int, int] | None:
    r"""Where ``label`` first stands in label position within text[lo:hi]: at the start, or after a
    sentence mark and a space or two, or after two spaces; followed by a space or the end.

    The same as searching ``(?:^|(?<=[.;:!?]\s)|(?<=[.;:!?]\s\s)|(?<=\s\s))LABEL(?=\s|$)`` in
    [lo, hi), without compiling a regex for each of a long document's thousands of labels."""
    q = text.find(label, lo, hi)
    while q >= 0:
        end = q + len(label)
        before = q == 0 or _LABEL_BEFORE.search(text, max(0, q - 3), q) is not None
        if before and (end == hi or end == len(text) or text[end].isspace()):
            return q, end
        q = text.find(label, q + 1, hi)
    return None


def _letter(v: str) -> int:
    return ord(v.lower()) - 96


def _letter_or_roman(v: str, last: int | None) -> int | None:
    """The ordinal of an article's or a part's label: "Part C" is the third part, not the
    hundredth; "Article V" the fifth, unless it follows "Article U"."""
    if v.isdigit():
        return int(v)
    as_roman = roman_to_int(v)
    as_letter = _letter(v) if len(v) == 1 and v.isalpha() else None
    if as_letter is None or as_roman is None:
        return as_roman if as_letter is None else as_letter
    if last == as_letter - 1 or as_roman > 10:
        return as_letter  # L, C, D and M as numerals would put the part after forty others
    return as_roman


def _lazy_lists(ctx: CheckContext) -> set[int]:
    """Markdown list items of lists that number every item "1.": the renderer numbers them, so
    their printed numbers are no sequence. A list numbered as written keeps its gaps."""
    blocks = ctx.seg.document.blocks
    by_parent: dict[int | None, list] = defaultdict(list)
    for c in ctx.seg.clauses:
        if c.label and blocks[c.first_block].kind == "list-item":
            by_parent[c.parent].append(c)
    lazy: set[int] = set()
    for items in by_parent.values():
        if len(items) >= 2 and all(c.label.rstrip(".)") == items[0].label.rstrip(".)") for c in items):
            lazy.update(c.index for c in items)
    return lazy


def _labelled(ctx: CheckContext) -> list[_Labelled]:
    """Labelled clauses in document order, each with its stream (numbering style) and ordinal.

    A label that reads as a letter or a roman numeral ("(i)", "V.") is read the way that
    continues the list it sits in.
    """
    return ctx.memo("labelled-clauses", lambda: _read_labelled(ctx))  # numbering and references both ask


def _read_labelled(ctx: CheckContext) -> list[_Labelled]:
    blocks = ctx.seg.document.blocks
    out: list[_Labelled] = []
    last_in: dict[str, int] = {}
    lazy = _lazy_lists(ctx)
    for c in ctx.seg.clauses:
        if not c.label or c.index in lazy or blocks[c.first_block].part not in ("body", "table"):
            continue  # a list numbered "1." throughout, or a footnote's own number
        text = blocks[c.first_block].text
        if _is_toc(text[:400] if len(text) > 400 else text):
            continue
        block = blocks[c.first_block]
        pos = _clean_offset(block, c.start)
        at = _label_position(text, c.label, max(0, pos - 3), min(len(text), pos + len(c.label) + 3))
        if at is None:
            continue  # not in label position ("three (3) days", "Section 3(c)"): a number, not a clause
        lab = parse_label(c.label + " ")
        if lab is None:
            continue
        if not text[at[1]:].strip() and (block.part == "table" or lab.style not in ("article", "part")):
            continue  # a bare number in a table cell; "ARTICLE 12" alone on its line is a heading
        v = lab.value
        stream, ordinal = lab.style, None
        if lab.style in ("decimal", "section") and v.replace(".", "").isdigit():
            parts = v.split(".")
            stream = f"{lab.style}:{'.'.join(parts[:-1])}" if len(parts) > 1 else lab.style
            ordinal = int(parts[-1])
        elif lab.style == "schedule":
            continue  # exhibits and schedules are often lettered, numbered and attached out of order
        elif lab.style in ("article", "section", "part"):
            ordinal = _letter_or_roman(v, last_in.get(_attachment_stream(lab.style, c.number)))
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
        stream = _attachment_stream(stream, c.number)
        last_in[stream] = ordinal
        rest = text[at[1]:].strip()
        heading = 0 < len(rest) <= 60 and "." not in rest
        out.append(_Labelled(c.index, c.first_block, c.label, stream, ordinal, heading, at[0], c.parent))
    return out


def _attachment_stream(stream: str, number: str | None) -> str:
    """The stream a label numbers in: a schedule (or a Part of one) numbers its paragraphs afresh."""
    within = _ATTACHMENT_PARAGRAPH.match(number or "")
    if not within:
        return stream
    return stream + "@" + " ".join(within.group(1).lower().replace(",", " ").split())


_DEEP_STREAMS = ("decimal", "decimal-paren", "section", "article")


def _walk(items: list[_Labelled]):
    """Follow each stream with a stack of open sequences: a "1" opens a nested list (an
    indented "1." in a text whose indentation was lost), any other number must continue
    an open sequence. Yields (item, problem or None, previous ordinal, path)."""
    stacks: dict[str, list[_Seq]] = defaultdict(list)
    for it in items:
        stack = stacks[it.stream]
        deep = it.stream.split("@")[0].split(":")[0] in _DEEP_STREAMS
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
    kind, _, prefix = stream.split("@")[0].partition(":")
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
