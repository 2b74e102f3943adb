"""Plain text: paragraphs from blank lines and line starts; hard wraps are re-joined.

Contract text arrives hard-wrapped (e-mail, pdftotext), one paragraph per line
(EDGAR conversions), a whole page per line (PDF conversions) or as a mix. A line
starts a new block when it is blank-separated, starts with a clause number, looks
like a heading, or follows a line that ended a sentence well short of the wrap width.

PDF conversions lose line breaks but keep their trace as wide gaps (three or more
spaces): a clause number after such a gap starts a new block, and a page footer
after one ("Confidential   Page 4   May 2004") is hidden. Lone page numbers,
"Page 1 of 7" footers and running headers repeated on every page are dropped.
"""
from __future__ import annotations

import re
from collections import Counter

from ..model import Document
from ..numbering import heading_like
from .builder import DocumentBuilder
from .decode import decode_text
from .hyphenation import WORD, keeps_hyphen

LABEL_START = re.compile(
    r"""^\s*(?:
        (?:section|clause|article|schedule|annex|exhibit|appendix|attachment|part)\s+(?:[\dIVXLC]+[A-Z]?|[A-Z])\b
      | \d{1,3}(?:\.\d{1,3})*\.?\s
      | \(?[a-zA-Z]{1,2}\)\s | \(?[ivxlcIVXLC]{1,6}\)\s | \(?\d{1,2}\)\s
      | [A-Z]\.\s
      | [-*\u2022\u25cf\u25aa\u2013]\s
    )""",
    re.X | re.I,
)

# A clause number after a wide gap inside a line: the gap stands for a lost line break.
GAP_LABEL = re.compile(
    r"""(?<=\S)[ \t]{3,}(?=
        (?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause|SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex
           |APPENDIX|Appendix|ATTACHMENT|Attachment)\s+(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[A-Z])\b\.?\s+[A-Z(\u2013\u2014-]
      | \d{1,3}(?:\.\d{1,3}){1,4}\.?\s+\S
      | \d{1,3}[.)]\s+[A-Z"]
      | \((?:[a-z]{1,2}|[ivxl]{1,5}|[A-Z]|\d{1,2})\)\s+\S
    )""",
    re.X,
)
# A page footer left at the end of a line after a wide gap.
GAP_FOOTER = re.compile(r"(?<![ \t])[ \t]{3,}(?![ \t])(?=[^\n]{0,60}\bPage\s+\d{1,4}\b[^\n]{0,40}$)", re.I)
# A page number printed before a wide gap at the start of a line ("1          Exhibit 10.3").
LEAD_PAGE_NUMBER = re.compile(r"^[ \t]*\d{1,3}[ \t]{10,}(?=\S)")
PAGE_NOISE = re.compile(r"^\s*(?:-?\s*\d{1,4}\s*-?(?:\s+\d{1,4})?|page\s+\d+(?:\s+of\s+\d+)?|\[?\*+\]?)\s*$", re.I)
PAGE_FOOTER = re.compile(r"\bpage\s+\d{1,4}(?:\s+of\s+\d{1,4})?\b", re.I)
TERMINAL = (".", ":", ";", "?", "!", '"', ")")
_TOC_LEADER = re.compile(r"\.{4,}\s*\d*\s*$")


def looks_like_heading(line: str) -> bool:
    """All capitals and short: starts a new block (the heading test for block kinds is stricter)."""
    s = line.strip()
    if not s or len(s) > 90:
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and not s.endswith(",")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Source ranges of paragraphs: runs of lines, split at blank lines and block starts."""
    lines: list[tuple[int, int]] = []  # (start, end) without the newline
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((pos, pos + len(body)))
        pos += len(raw)
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            if current:
                groups.append(current)
                current = []
            continue
        current.append((start, end))
    if current:
        groups.append(current)

    out: list[tuple[int, int]] = []
    for group in groups:
        width = max(len(text[s:e].rstrip()) for s, e in group)
        para_start, prev_end = group[0][0], group[0][1]
        for i, (s, e) in enumerate(group[1:], start=1):
            prev = text[group[i - 1][0]:group[i - 1][1]].rstrip()
            line = text[s:e]
            new_block = (
                LABEL_START.match(line) is not None and not _reference_wrap(prev, line) and not _number_wrap(prev, line)
                or looks_like_heading(line)
                or looks_like_heading(prev)
                or (prev.endswith((".", ":", ";", "?", "!")) and len(prev) < 0.8 * width)
                or width > 200  # one paragraph per line already
            )
            if new_block:
                out.append((para_start, prev_end))
                para_start = s
            prev_end = e
        out.append((para_start, prev_end))
    return [piece for start, end in out for piece in _split_gaps(text, start, end)]


_KEYWORD_START = re.compile(r"^\s*(?:section|clause|article|schedule|annex|exhibit|appendix|attachment|part)\s", re.I)


def _reference_wrap(prev: str, line: str) -> bool:
    """ "... AS SET FORTH IN" / "SECTION 4.1 ARE ...": a wrapped cross-reference, not a new clause."""
    if not _KEYWORD_START.match(line) or not prev:
        return False
    last = prev.split()[-1].lower()
    return prev[-1].isalnum() and last not in ("and", "or") and not looks_like_heading(prev)


_NUMBER_START = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\.?\s")
# a number that begins a line as part of the sentence above: a date, a period, an amount, a percentage
_QUANTITY_START = re.compile(
    r"^\s*\d{1,3}(?:[.,]\d+)*(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|days?\b|Business\s+Days?|business\s+days?|Working\s+Days?|working\s+days?|"
    r"hours?\b|minutes?\b|weeks?\b|months?\b|years?\b|per\s+cent|percent|calendar\b)")
# the words a line can end with when the number on the next line is theirs: "under this Section" / "9.04 shall ..."
_NUMBER_TAKERS = {"section", "sections", "clause", "clauses", "article", "articles", "paragraph", "paragraphs",
                  "schedule", "annex", "exhibit", "appendix", "part", "on", "by", "of", "to", "than", "within",
                  "under", "in", "at", "from", "after", "before", "until", "least", "exceed", "the", "a"}


# "within twenty" / "(20) Business Days": the figure of a number written out on the line above
_FIGURE_START = re.compile(r"^\s*\(\d{1,3}(?:,\d{3})*\)\s")
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
                 "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million"}


def _number_wrap(prev: str, line: str) -> bool:
    """ "... The Transition shall begin on" / "1 March 2027 and ...": a wrapped number, not a new clause."""
    if not prev or prev.rstrip().endswith((".", ":", ";", "?", "!")) or looks_like_heading(prev):
        return False
    last = prev.split()[-1].lower()
    if _FIGURE_START.match(line):
        return last.split("-")[-1] in _NUMBER_WORDS
    if not _NUMBER_START.match(line):
        return False
    return last in _NUMBER_TAKERS or _QUANTITY_START.match(line) is not None and last not in ("and", "or")


def _split_gaps(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph where a clause number follows a wide gap (a line break lost in conversion)."""
    chunk = text[start:end]
    if "   " not in chunk or _TOC_LEADER.search(chunk):
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    s = start
    for m in GAP_LABEL.finditer(chunk):
        cut = start + m.end()
        if text[s:start + m.start()].strip():
            pieces.append((s, start + m.start()))
            s = cut
    pieces.append((s, end))
    return pieces


def _footer_masks(text: str, start: int, end: int) -> list[tuple]:
    """Hide page footers after a wide gap at line ends and page numbers before one at line starts."""
    masks: list[tuple] = []
    pos = start
    for line in text[start:end].split("\n"):
        m = GAP_FOOTER.search(line)
        if m and line[:m.start()].strip():
            masks.append((pos + m.start(), pos + len(line), " "))
        lead = LEAD_PAGE_NUMBER.match(line)
        if lead and pos == start:
            masks.append((pos, pos + lead.end()))
        pos += len(line) + 1
    return masks


# a word broken at a line end: "prompt-" / "ly"
_BROKEN_WORD = re.compile(r"([A-Za-z]+)-\n[ \t]*([A-Za-z]+)")
# "pre- and post-closing": a hyphen left hanging before a conjunction, and its space
_HANGING_BEFORE = frozenset({"and", "or", "to", "nor"})


def _vocabulary(text: str) -> set[str]:
    """The document's words in lower case, leaving out the parts of words broken at a line end."""
    return set(WORD.findall(_BROKEN_WORD.sub(" ", text).lower()))


def _hyphen_masks(text: str, start: int, end: int, vocabulary: set[str]) -> list[tuple]:
    """Undo end-of-line hyphenation in a hard-wrapped paragraph: hide the hyphen and the line
    break inside a broken word, only the line break where the hyphen belongs to it ("third-party")."""
    masks: list[tuple] = []
    for m in _BROKEN_WORD.finditer(text, start, end):
        head, tail = m.group(1), m.group(2)
        if tail.lower() in _HANGING_BEFORE:
            continue
        hyphen = m.end(1)
        masks.append((hyphen + 1 if keeps_hyphen(head, tail, vocabulary) else hyphen, m.start(2)))
    return masks


def _is_page_noise(chunk: str) -> bool:
    s = chunk.strip()
    if "\n" in s:
        return False
    if PAGE_NOISE.match(s):
        return True
    # "Acme Inc. Consulting Agreement Page 1 of 7": a footer line, not text
    return not LABEL_START.match(s) and len(s) <= 100 and PAGE_FOOTER.search(s) is not None and not s.endswith((".", ";", ":"))


def _running_lines(text: str, paragraphs: list[tuple[int, int]]) -> set[str]:
    """Short one-line paragraphs printed at least three times: page headers and footers."""
    counts = Counter(
        re.sub(r"\s+", " ", text[s:e]).strip() for s, e in paragraphs if "\n" not in text[s:e].strip()
        and len(text[s:e].strip()) <= 80)
    return {line for line, n in counts.items() if n >= 3 and not line.startswith(("By:", "Name:", "Title:"))}


def join_page_breaks(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, list[tuple]]]:
    """Drop lone page numbers and running headers; re-join a paragraph that a page break cut in two.

    Returns (start, end, masked ranges) per paragraph.
    """
    out: list[tuple[int, int, list[tuple]]] = []
    running = _running_lines(text, paragraphs)
    seen: set[str] = set()
    for start, end in paragraphs:
        chunk = text[start:end]
        if _is_page_noise(chunk):
            continue
        key = re.sub(r"\s+", " ", chunk).strip()
        if key in running:
            if key in seen:
                continue  # the header again on a later page
            seen.add(key)
        masks = _footer_masks(text, start, end)
        if out and chunk.lstrip()[:1].islower() and not text[out[-1][0]:out[-1][1]].rstrip().endswith(TERMINAL) \
                and not LABEL_START.match(chunk):
            prev_start, prev_end, prev_masks = out[-1]
            masks = prev_masks + [(prev_end, start, " ")] + masks  # hide the page break between the halves
            out[-1] = (prev_start, end, masks)
        else:
            out.append((start, end, masks))
    return out


def _is_heading_block(clean: str, raw: str, following: str | None) -> bool:
    """A heading on its own: capitals, or title case followed by running text."""
    if LABEL_START.match(raw) or re.search(r"\S {5,}\S", raw.strip()):
        return False  # a numbered line, or two columns (a signature block)
    if looks_like_heading(clean):
        return heading_like(clean, max_words=16)
    if not heading_like(clean, max_words=8) or any(ch.isdigit() for ch in clean):
        return False
    # title case: only when running text (or a numbered clause) follows
    return following is not None and (len(following.split()) >= 8 or LABEL_START.match(following) is not None)


def document_from_text(text: str, name: str, warnings: list[str] = ()) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    builder = DocumentBuilder.from_source(name, "txt", text)
    for w in warnings:
        builder.warn(w)
    paragraphs = join_page_breaks(text, split_paragraphs(text))
    vocabulary = _vocabulary(text) if "-\n" in text else set()
    for i, (start, end, masks) in enumerate(paragraphs):
        if vocabulary:
            masks = sorted(masks + _hyphen_masks(text, start, end, vocabulary))
        line = text[start:end]
        following = text[paragraphs[i + 1][0]:paragraphs[i + 1][1]].strip() if i + 1 < len(paragraphs) else None
        clean = re.sub(r"\s+", " ", line).strip()
        kind = "heading" if "\n" not in line.strip() and _is_heading_block(clean, line, following) else "paragraph"
        builder.add_slice(start, end, masked=masks, kind=kind)
    return builder.build()


def extract(name: str, data: bytes, options) -> Document:
    text, warnings = decode_text(name, data)
    return document_from_text(text, name, warnings)
