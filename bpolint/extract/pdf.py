"""PDF: the text layer per page in reading order, page furniture removed, lines re-joined.

Engine: PDFium as pypdfium2 ships it (pdfplumber already depends on it), not pdfplumber;
``.pdfium`` binds the few calls this module makes.
Measured on the 22 CUAD PDFs of the shared corpus (255 pages), against CUAD's own
text of the same contracts (word-sequence ratio): pdfplumber's ``extract_text``
ran at about 7 pages/s (``extract_words`` alone at 11) and matched word for word on
17 files, 0.991 at worst; PDFium's plain text ran at about 450 pages/s and matched
on 19, 0.9996 at worst. This module's whole pipeline on PDFium runs at about 150
pages/s, where poppler's ``pdftotext``, one process per file, managed about 75.
So PDFium is both the faster and the more faithful choice.

Per page, words come with their boxes; lines follow PDFium's (content-stream)
order and line breaks, and fragments that share a baseline are merged (so a clause
number drawn apart from its text stays with it). A page set in two columns of prose
is read left column, then right. Across pages, lines repeated near the top or
bottom (digits may vary) are running headers and footers: each becomes one
"header" or "footer" block after the body; page numbers are dropped, and so are
those of a document printed as one stream (a bare number between two stretches of
text, set apart by a gap), the text going on across them as across a page. Lines are
joined into paragraphs by vertical gaps, indentation, clause numbers, bullets and
early line ends: a line ends a paragraph when the next line's first word, at its
own width, would have fitted before the right margin (where the longest lines of
the page end, or the lines around it when typed text wraps earlier), unless it
stops in mid-sentence ("...agrees to treat the"). Table rows and contents entries
stand alone, and so do headings, but a full line in capitals goes on. A clause
label run into its first word gets its space ("(d)Fund"); end-of-line hyphenation
is undone unless the hyphen belongs to the word ("third-party").
"""
from __future__ import annotations

import bisect
import ctypes
import itertools
import math
import operator
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from ..errors import BpolintError, warning_text
from ..model import Document
from ..numbering import parse_label
from . import pdfium
from .builder import DocumentBuilder
from .hyphenation import WORD, keeps_hyphen

_HYPHENS = ("-", "\u2010", "\u00ad", "\x02")
_PDFIUM_HYPHEN = "\ufffe"
# A word (ending at PDFium's line-end hyphen, if any) or a line break.
_TOKEN = re.compile(r"[^\s\x00\ufffe]*\ufffe|[^\s\x00\ufffe]+|[\r\n]+")
_TERMINAL = (".", ":", ";", "?", "!")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-\u2013\u2014]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-\u2013\u2014]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.I,
)
# A paragraph ending in one of these words goes on after a page break.
_CONNECTIVES = {
    "a", "an", "the", "and", "or", "of", "to", "in", "for", "by", "with", "on", "at", "from", "as",
    "that", "which", "any", "all", "its", "their", "such", "this", "be", "is", "are", "shall", "will",
    "may", "not", "under", "into", "than", "per",
}
# A line ending in one of these words stops in mid-sentence.
_OPEN_WORDS = {
    "a", "an", "the", "of", "to", "in", "for", "by", "with", "on", "at", "from", "into", "than",
    "per", "its", "their", "such", "this", "these", "any", "each", "every", "no", "shall", "will",
    "may", "must", "is", "are", "be", "been", "that", "which", "whom", "whose", "and", "or", "nor",
}
_LIST_JOINER = re.compile(r"[;,]\s*(?:and|or|and/or)$", re.I)  # "...; and" before the next item
_NEAR_LINES = 6  # lines either way that tell where the text around a line wraps
_LEADER = re.compile(r"\.{4,}\s*[\divxlcIVXLC]+$")  # dots leading to a page number: a contents entry
_MARGIN_LINES = 5  # lines ending near a page's right margin for it to count as the page's own
_FURNITURE_ZONE = 0.13  # top and bottom share of the printed area where page numbers sit
_ZONE_LINES = 4  # lines at the top and at the bottom of a page checked for running heads
# A clause label run into the first word of its line: "(d)Fund", "12.Termination", "(i)a".
# Not "1.5%", "2.a)" or "(s)" inside a word: only a whole word that opens a line, and
# only before a word of two letters or more, or one standing alone.
_GLUED_LABEL = re.compile(
    r"(\((?:[A-Za-z]{1,2}|[ivxlcIVXLC]{1,6}|\d{1,3})\)|\d{1,3}(?:\.\d{1,3})*\.)(?=[A-Za-z](?:[A-Za-z]|$))"
)


@dataclass(slots=True)
class Word:
    """A run of characters between spaces, with its box in top-down page coordinates."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


Fragment = list[Word]  # the words of one line as PDFium breaks lines
_X0 = operator.attrgetter("x0")


@dataclass
class Line:
    """One printed line, in top-down page coordinates (points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    column: int = 0  # 0: full width; 1, 2: left and right column
    cells: int = 1  # runs of words set wide apart, as in a table row
    first: float = 0.0  # width of the first word
    text_x0: float = 0.0  # where the text after a leading clause label starts (x0 if none)
    space: float = 0.0  # usual gap between two words of the line (0: one word)
    # Derived once, as the paragraph pass asks for them again and again:
    height: float = field(init=False)  # bottom - top, at least 1 pt
    heading: bool = field(init=False)  # looks_like_heading(text)
    prose: bool = field(init=False)  # running text, as opposed to a heading, a table row, a number

    def __post_init__(self) -> None:
        self.height = max(self.bottom - self.top, 1.0)
        self.heading = looks_like_heading(self.text)
        self.prose = _is_prose(self.text, self.cells, self.heading)


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)
    text: str = ""


# ----------------------------------------------------------------- opening


def _open(name: str, data: bytes) -> pdfium.Document:
    if b"%PDF-" not in data[:1024]:
        raise BpolintError("E305", name, detail={"kind": "PDF", "detail": "no %PDF header: not a PDF file"})
    # PDFium rebuilds a damaged cross-reference table, so a file cut short may still open,
    # short of its last pages: the end-of-file marker tells. Every writer puts it last.
    if b"%%EOF" not in data[-1024:]:
        raise BpolintError("E317", name, detail={"detail": "no %%EOF marker at the end"})
    try:
        return pdfium.Document(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium.ERR_PASSWORD:
            raise BpolintError("E306", name) from None
        raise _corrupt(name, str(exc)) from None


def _corrupt(name: str, detail: str) -> BpolintError:
    detail = detail.strip().splitlines()[0] if detail.strip() else "unreadable"
    reason = re.search(r"\(PDFium: (.+?)\)", detail)
    if reason:
        detail = reason.group(1).rstrip(".").lower()
    return BpolintError("E305", name, detail={"kind": "PDF", "detail": detail})


# ------------------------------------------------------------ characters


BoxMapper = Callable[[float, float, float, float], tuple[float, float, float, float]]


def _box_mapper(page: pdfium.Page) -> BoxMapper:
    """Maps a box (left, top, right, bottom) in PDF user space to (x0, x1, top, bottom)
    in top-down display coordinates, honouring /Rotate."""
    left, bottom, right, top = page.mediabox()
    rotation = page.rotation() % 360
    if rotation == 90:
        return lambda l, t, r, b: (b - bottom, t - bottom, l - left, r - left)
    if rotation == 180:
        return lambda l, t, r, b: (right - r, right - l, b - bottom, t - bottom)
    if rotation == 270:
        return lambda l, t, r, b: (top - t, top - b, right - r, right - l)
    return lambda l, t, r, b: (l - left, r - left, top - t, top - b)


def page_fragments(page: pdfium.Page) -> list[Fragment]:
    """Words with boxes, cut into fragments where PDFium breaks lines.

    Only a word's first and last characters are measured: PDFium already puts a space
    wherever glyphs stand apart, and one call per character would double the time.
    """
    textpage = page.textpage()
    try:
        count = textpage.count_chars()
        text = textpage.text() if count else ""
        if len(text) != count:  # PDFium dropped or added characters: ask one by one
            text = "".join(_char(pdfium.get_unicode(textpage.handle, i)) for i in range(count))
        return _fragments(textpage, text, _box_mapper(page))
    finally:
        textpage.close()


def _char(code: int) -> str:
    """A character PDFium reports; a broken ToUnicode map can give a surrogate or no code point."""
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _fragments(textpage: pdfium.TextPage, text: str, to_display: BoxMapper) -> list[Fragment]:
    rect = pdfium.Rect()
    rect_ref = ctypes.byref(rect)
    handle = ctypes.c_void_p(textpage.handle)
    loose_box = pdfium.loose_char_box

    def box(i: int) -> tuple[float, float, float, float]:
        loose_box(handle, i, rect_ref)
        return to_display(rect.left, rect.top, rect.right, rect.bottom)

    plain = text.isascii()  # no word to normalise (PDFium's hyphen mark is not ASCII)
    fragments: list[Fragment] = []
    current: Fragment = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word[0] in "\r\n":
            if current:
                fragments.append(current)
                current = []
            continue
        start = match.start()
        x0, x1, top, bottom = box(start)
        last = box(start + len(word) - 1)[1] if len(word) > 1 else x1  # where the last character ends
        if -_FAR <= x0 <= _FAR and -_FAR <= x1 <= _FAR and -_FAR <= top <= _FAR and -_FAR <= bottom <= _FAR \
                and -_FAR <= last <= _FAR:  # the usual case: nothing for _sane to change (NaN fails the test)
            right = last if last > x1 else x1
        else:
            x0, x1, top, bottom = _sane(x0), _sane(x1), _sane(top), _sane(bottom)
            right = max(x1, _sane(last))
        current.append(Word(word if plain else _word_text(word), x0, right, top, bottom))
        if word[-1] == _PDFIUM_HYPHEN:
            # PDFium marks a hyphen that ends a line and joins the two lines: split them
            # again, so that both keep their own position.
            fragments.append(current)
            current = []
    if current:
        fragments.append(current)
    return fragments


_FAR = 100_000.0  # points (35 m): no page is larger, so a box beyond this is broken data


def _sane(v: float) -> float:
    """A coordinate within reach: a damaged file can place text at 1e30 or NaN, which the
    layout arithmetic (integer bands, sorting) cannot take."""
    return min(max(v, -_FAR), _FAR) if math.isfinite(v) else 0.0


def _word_text(raw: str) -> str:
    """PDFium's text of a word in canonical form: many fonts map the semicolon to
    U+037E (Greek question mark, canonically the same character)."""
    raw = raw.replace(_PDFIUM_HYPHEN, "-")
    return raw if raw.isascii() else unicodedata.normalize("NFC", raw)


# ------------------------------------------------------------------- lines


def _prose_column(extents: list[tuple[float, float]]) -> bool:
    """Most lines start at one margin and run (ragged or justified) to the right edge."""
    lefts = Counter(round(x0 / 3) for x0, _ in extents)
    rights = sorted(x1 for _, x1 in extents)
    right = rights[int(0.8 * (len(rights) - 1))]
    left = min(x0 for x0, _ in extents)
    full = sum(x1 >= right - 0.2 * (right - left) for _, x1 in extents)
    return lefts.most_common(1)[0][1] >= 0.5 * len(extents) and full >= 0.6 * len(extents)


def _emptiest_band(spans: list[list[tuple[float, float]]], lo: int, hi: int) -> tuple[int, int] | None:
    """The widest run of x positions in [lo, hi] that almost no line's words cover."""
    steps = [0] * (hi - lo + 2)  # +1 where a word starts covering, -1 after it ends
    for line in spans:
        for x0, x1 in line:
            if x1 < lo - 1 or x0 > hi + 1:
                continue  # outside the band whichever way int() rounds it
            a, b = max(lo, int(x0)), min(hi, int(x1))
            if a <= b:
                steps[a - lo] += 1
                steps[b - lo + 1] -= 1
    cover = list(itertools.accumulate(steps[:-1]))
    allowed = max(1, len(spans) // 10)  # a title or a rule may run across
    best: tuple[int, int] | None = None
    start = None
    for i, c in enumerate(cover + [allowed + 1]):
        if c <= allowed and start is None:
            start = i
        elif c > allowed and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (lo + start, lo + i)
            start = None
    return best


def find_gutter(fragments: list[Fragment]) -> tuple[float, float] | None:
    """The gap between two columns of prose, or None for a single column.

    Strict on purpose: a table must not be read column by column.
    """
    spans = [[(w.x0, w.x1) for w in f] for f in fragments]
    if len(spans) < 8:
        return None
    text_left = min(x0 for s in spans for x0, _ in s)
    text_right = max(x1 for s in spans for _, x1 in s)
    band = _emptiest_band(spans, int(text_left + 0.4 * (text_right - text_left)),
                          int(text_left + 0.6 * (text_right - text_left)))
    if band is None or band[1] - band[0] < 6:
        return None
    middle = (band[0] + band[1]) / 2
    split = [line for line in spans if not any(x0 < middle < x1 for x0, x1 in line)]
    left = [l for l in ([w for w in line if w[1] <= middle] for line in split) if l]
    right = [r for r in ([w for w in line if w[0] >= middle] for line in split) if r]
    if min(len(left), len(right)) < 0.6 * len(spans):
        return None
    gutter = (max(w[1] for l in left for w in l), min(w[0] for r in right for w in r))
    widths = (gutter[0] - text_left, text_right - gutter[1])
    em = _median([w.bottom - w.top for f in fragments for w in f])
    # Prose columns are about as wide as each other, close together and full of words.
    if not 0.7 <= widths[0] / max(widths[1], 1.0) <= 1.4 or gutter[1] - gutter[0] > 6 * em:
        return None
    if _median([len(l) for l in left]) < 5 or _median([len(r) for r in right]) < 5:
        return None
    extents = [[(l[0][0], l[-1][1]) for l in side] for side in (left, right)]
    return gutter if all(_prose_column(e) for e in extents) else None


def _split_at(words: Fragment, gutter: tuple[float, float]) -> list[tuple[int, Fragment]]:
    """A fragment's words left and right of the gutter; one that runs across stays whole."""
    if any(w.x0 < gutter[0] and w.x1 > gutter[1] for w in words):
        return [(0, words)]
    middle = (gutter[0] + gutter[1]) / 2
    left = [w for w in words if (w.x0 + w.x1) / 2 < middle]
    right = [w for w in words if (w.x0 + w.x1) / 2 >= middle]
    return [(col, part) for col, part in ((1, left), (2, right)) if part]


def _median(values: list[float]) -> float:
    """``statistics.median`` of a non-empty list, sorted in place: the same arithmetic
    without its generality (or the import of ``statistics``)."""
    values.sort()
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def _line(parts: list[Fragment], page: int, column: int) -> Line:
    if len(parts) == 1:  # most lines are one fragment: nothing to order
        words = _unglue_label(parts[0])
    else:
        words = _unglue_label([w for part in sorted(parts, key=lambda p: p[0].x0) for w in part])
    # Median word edges: the body of the line, not a tall initial or a superscript.
    top = _median([w.top for w in words])
    bottom = _median([w.bottom for w in words])
    gaps = sorted([b.x0 - a.x1 for a, b in zip(words, words[1:]) if b.x0 > a.x1])
    text = " ".join([w.text for w in words])
    cells = max(_cells(words, 2 * (bottom - top)), 2 if "...." in text and _LEADER.search(text) else 1)
    return Line(
        text=text,
        x0=min([w.x0 for w in words]),
        x1=max([w.x1 for w in words]),
        top=top,
        bottom=bottom,
        page=page,
        column=column,
        cells=cells,
        first=words[0].x1 - words[0].x0,
        text_x0=words[1].x0 if len(words) > 1 and _is_label_word(words[0].text) else words[0].x0,
        space=gaps[len(gaps) // 2] if gaps else 0.0,
    )


def _unglue_label(words: list[Word]) -> list[Word]:
    """"(d)Fund" at the start of a line is "(d) Fund": a clause label needs its space."""
    first = words[0]
    found = _GLUED_LABEL.match(first.text)
    if not found:
        return words
    cut = first.x0 + (first.x1 - first.x0) * found.end() / len(first.text)
    label = Word(first.text[:found.end()], first.x0, cut, first.top, first.bottom)
    rest = Word(first.text[found.end():], cut, first.x1, first.top, first.bottom)
    return [label, rest] + words[1:]


def _cells(words: list[Word], wide: float) -> int:
    """Runs of words separated by wide gaps; a clause number set apart is not a cell."""
    words = sorted(words, key=_X0)
    starts = [i for i in range(1, len(words)) if words[i].x0 - words[i - 1].x1 > wide]  # where a run starts
    if not starts:
        return 1
    first = " ".join([w.text for w in words[:starts[0]]])
    if _is_label_only(first) or _is_bullet(first) or first.isdigit() and len(first) <= 2:
        return len(starts)
    return len(starts) + 1


def _starts_item(text: str) -> bool:
    """The line opens a clause or a list item: a clause number or a bullet."""
    return parse_label(text) is not None or _is_bullet(text.split(" ", 1)[0]) and " " in text


def _is_bullet(text: str) -> bool:
    """A list marker set apart from its item: "•", "-", "o" (a Wingdings bullet read as a letter)."""
    return text in ("o", "O") or (len(text) <= 2 and not any(c.isalnum() for c in text))


def page_lines(fragments: list[Fragment], page: int) -> list[Line]:
    """Printed lines of a page in reading order: PDFium's (content) order, by column."""
    gutter = find_gutter(fragments)
    pieces: list[tuple[int, Fragment]] = []
    for frag in fragments:
        pieces.extend(_split_at(frag, gutter) if gutter else [(0, frag)])
    lines = _merge_baselines(pieces, page)
    return _column_order(lines) if gutter else lines


def _extent(words: Fragment) -> tuple[float, float, float, float]:
    return (min([w.x0 for w in words]), max([w.x1 for w in words]),
            _median([w.top for w in words]), _median([w.bottom for w in words]))


def _merge_baselines(pieces: list[tuple[int, Fragment]], page: int) -> list[Line]:
    """Join a fragment to the line drawn just before it in its column when both sit on
    one baseline side by side (a clause number set apart, a run in another font)."""
    rows: list[tuple[int, list[Fragment], tuple[float, float, float, float]]] = []
    last: dict[int, int] = {}  # column -> index of its latest row
    for column, words in pieces:
        x0, x1, top, bottom = _extent(words)
        i = last.get(column)
        if i is not None:
            _, parts, (rx0, rx1, rtop, rbottom) = rows[i]
            overlap = min(bottom, rbottom) - max(top, rtop)
            apart = x0 >= rx1 - 1 or x1 <= rx0 + 1
            if apart and overlap > 0.5 * min(bottom - top, rbottom - rtop):
                rows[i] = (column, parts + [words], (min(x0, rx0), max(x1, rx1), min(top, rtop), max(bottom, rbottom)))
                continue
        last[column] = len(rows)
        rows.append((column, [words], (x0, x1, top, bottom)))
    return [_line(parts, page, column) for column, parts, _ in rows]


def _column_order(lines: list[Line]) -> list[Line]:
    """Between full-width lines, read the left column, then the right."""
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        if line.column == 0:
            out.extend(left + right)
            left, right = [], []
            out.append(line)
        else:
            (left if line.column == 1 else right).append(line)
    return out + left + right


# --------------------------------------------------------------- furniture


def _furniture_key(text: str) -> str:
    """A running head is printed the same way on every page but for its digits; case
    counts ("CONSULTING AGREEMENT" as a title is not the footer "Consulting Agreement")."""
    return re.sub(r"\d+", "#", " ".join(text.split()))


def _zones(lines: list[Line]) -> list[tuple[str, Line]]:
    """The first and the last few printed lines of a page, where running heads live,
    each marked header or footer by the half of the printed area it sits in."""
    ordered = sorted(lines, key=lambda l: l.top)
    middle = (ordered[0].top + ordered[-1].bottom) / 2
    edge = {id(l): l for l in ordered[:_ZONE_LINES] + ordered[-_ZONE_LINES:]}.values()
    return [("header" if l.bottom <= middle else "footer", l) for l in edge]


def _page_number_lines(lines: list[Line]) -> list[Line]:
    """A bare number is a page number when it is the first or last line, or sits near
    the edge of the printed area (not of the paper: some filings print two pages on
    one sheet)."""
    ordered = sorted(lines, key=lambda l: l.top)
    first, last = ordered[0].top, ordered[-1].bottom
    zone = _FURNITURE_ZONE * (last - first)
    near = [l for l in ordered[:2] if l.bottom <= first + zone] + [l for l in ordered[-2:] if l.top >= last - zone]
    return [l for l in {id(l): l for l in near + [ordered[0], ordered[-1]]}.values()
            if _PAGE_NUMBER.match(l.text.strip())]


@dataclass
class Furniture:
    page_numbers: set[int] = field(default_factory=set)  # id() of lines
    running: dict[int, str] = field(default_factory=dict)  # id() of line -> header | footer
    first: list[Line] = field(default_factory=list)  # first occurrence of each repeated line


def find_furniture(pages: list[list[Line]]) -> Furniture:
    """Page numbers, and lines repeated at the top or bottom of at least half the pages."""
    found = Furniture()
    seen: dict[str, set[int]] = {}
    candidates: list[tuple[Line, str, str]] = []
    for number, lines in enumerate(pages):
        if not lines:
            continue
        found.page_numbers.update(id(l) for l in _page_number_lines(lines))
        for where, line in _zones(lines):
            key = _furniture_key(line.text)
            seen.setdefault(key, set()).add(number)
            candidates.append((line, where, key))
    repeated = max(2, (len(pages) + 1) // 2)
    reported: set[str] = set()
    for line, where, key in candidates:
        if len(seen[key]) >= repeated and id(line) not in found.page_numbers:
            if not any(c.isalpha() for c in key):
                found.page_numbers.add(id(line))  # a bare number that moves with the page
                continue
            found.running[id(line)] = where
            if key not in reported:
                reported.add(key)
                found.first.append(line)
    return found


# -------------------------------------------------------------- paragraphs


@dataclass
class _Column:
    right: float  # the right margin: where full lines end
    pitch: float  # usual distance from one line to the next
    left: float = 0.0  # where lines of prose start
    near: dict[int, float] = field(default_factory=dict)  # id() of line -> margin around it, where earlier

    def margin_at(self, line: Line) -> float:
        return self.near.get(id(line), self.right)


def _prose(line: Line) -> bool:
    return line.prose


def _is_prose(text: str, cells: int, heading: bool) -> bool:
    """A line of running text: one run of words, three or more, mostly letters, not a heading."""
    return (cells == 1 and text.count(" ") >= 2 and _letters(text) >= 0.6 * len(text)
            and not heading)


def _margin(lines: list[Line]) -> tuple[float, int]:
    """The right margin of lines of prose and how many lines end near it.

    Ragged text reaches its margin only now and then, justified text on every full
    line: the margin is the end of the longest line that others come close to (within
    1.5 em: one other, or one in twenty on a long page); a few lines running
    further (one in ten at most: a rule, a long title, a line with a stray entity)
    are not.
    """
    prose = [l for l in lines if _prose(l)]
    if not prose:
        return max(l.x1 for l in lines), 0  # no running text: no margin of its own
    ends = sorted(l.x1 for l in prose)
    reach = 1.5 * _median([l.height for l in prose])
    needed = max(2, len(ends) // 20)
    skippable = max(1, len(ends) // 10)
    for i in range(len(ends) - 1, -1, -1):
        near = i - bisect.bisect_left(ends, ends[i] - reach) + 1
        if near >= needed or len(ends) - 1 - i >= skippable:
            return ends[i], near
    return ends[-1], 1


def _column_stats(lines: list[Line], margin: tuple[float, int], document: float) -> _Column:
    # A page whose prose keeps a margin of its own (narrower type, a page set apart) is
    # measured by it; a page of short lines (a contents page, a signature page) against
    # the document's usual line length.
    right, near = margin
    if near < _MARGIN_LINES:
        right = max(right, document)
    steps = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0.8 * a.height < b.top - a.top < 3 * a.height]
    pitch = _median(steps) if steps else 1.5 * _median([l.height for l in lines])
    left = min((l.x0 for l in lines if _prose(l)), default=min(l.x0 for l in lines))
    return _Column(right, pitch, left, _near_margins(lines, right))


def _near_margins(lines: list[Line], right: float) -> dict[int, float]:
    """Where the text around each line wraps, when a little short of the page's margin.

    Text wrapped by character count (a typed filing printed in Courier) wraps an
    indented paragraph a few characters earlier: there, the margin is where the
    longest of the nearby lines (six either way) that start where the line does ends,
    if another comes close to it (within 1.5 em) and it is within 4 em of the page's
    margin.
    """
    prose = [i for i, l in enumerate(lines) if l.prose]
    starts, ends_at = [l.x0 for l in lines], [l.x1 for l in lines]
    near: dict[int, float] = {}
    for i, line in enumerate(lines):
        lo, hi = bisect.bisect_left(prose, i - _NEAR_LINES), bisect.bisect_right(prose, i + _NEAR_LINES)
        em = line.height
        x0 = line.x0
        ends = sorted([ends_at[k] for k in prose[lo:hi] if abs(starts[k] - x0) <= 0.5 * em], reverse=True)
        if len(ends) < 2:
            continue
        if right - 4 * em <= ends[0] < right - 0.1 * em and ends[1] >= ends[0] - 1.5 * em:
            near[id(line)] = ends[0]
    return near


def looks_like_heading(text: str) -> bool:
    """A short line in capitals: "ARTICLE 5 - TERMINATION", "SCHEDULE 2"."""
    s = text.strip()
    if len(s) > 100 or len(s.split()) > 12 or s.endswith((",", ";")):
        return False
    letters = _letters(s)
    return letters >= 3 and _capitals(s) >= 0.85 * letters


_ASCII_LETTERS = dict.fromkeys(c for c in range(128) if chr(c).isalpha())  # to delete with str.translate
_ASCII_CAPITALS = dict.fromkeys(c for c in range(128) if chr(c).isupper())


def _letters(text: str) -> int:
    """How many characters are letters (``str.isalpha``): in ASCII text, counted by
    deleting them (a single C pass instead of a call per character)."""
    if text.isascii():
        return len(text) - len(text.translate(_ASCII_LETTERS))
    return sum(map(str.isalpha, text))


def _capitals(text: str) -> int:
    """How many characters are in upper case (``str.isupper``), as :func:`_letters` counts."""
    if text.isascii():
        return len(text) - len(text.translate(_ASCII_CAPITALS))
    return sum(map(str.isupper, text))


def _is_label_only(text: str) -> bool:
    # A label is one word, or a keyword and its number ("Section 5"); dots may follow.
    parts = text.split(None, 2)
    if len(parts) == 3 and parts[2].strip(" ."):
        return False
    label = parse_label(text + " ")
    return label is not None and not text[label.end:].strip(" .")


def _is_label_word(word: str) -> bool:
    """:func:`_is_label_only` of a word (no whitespace): with no keyword to stand before a
    number, every label form holds a dot or a closing bracket ("1.2", "(a)", "b)", "A.")."""
    return ("." in word or ")" in word) and _is_label_only(word)


def _is_rule(text: str) -> bool:
    # Most lines open with a letter or a digit: no need to look further.
    return len(text) >= 3 and not text[0].isalnum() and not any(c.isalnum() for c in text)


def _open_end(text: str) -> bool:
    """The line stops on a word no sentence ends with ("...agrees to treat the")."""
    words = text.rsplit(" ", 3)
    return len(words) >= 3 and words[-1].lower() in _OPEN_WORDS and _LIST_JOINER.search(text) is None


def _runs_on(prev: str, line: str) -> bool:
    """A lead-in that stops in mid-sentence goes on into its first item, one sentence
    with it: "This Agreement shall terminate" / "(a) at the option of any party, ...".
    Only a bracketed first label ("(a)", "(i)", "(1)", "a)") before a word in lower case;
    the items after it stand apart as usual."""
    tail = prev.rstrip()
    if not tail[-1:].isalnum() or _LIST_JOINER.search(tail) or looks_like_heading(tail):
        return False
    label = parse_label(line)
    if label is None or label.ordinal != 1 or not label.printed.endswith(")"):
        return False
    return line[label.end:].lstrip()[:1].islower()


def _fits(prev: Line, line: Line, right: float) -> bool:
    """Would the first word of ``line`` have fitted at the end of ``prev``? Measured
    with the word's own width and the space of ``prev`` (stretched when justified).

    Type set in a fixed pitch (a typed filing printed in Courier) was wrapped by
    counting characters, at widths that differ by a character or two from one
    paragraph to the next: there the word must fit with a character and a half to spare.
    """
    em = prev.height
    space = min(max(prev.space or 0.25 * em, 0.2 * em), 0.7 * em)
    pitch = (prev.x1 - prev.x0) / max(len(prev.text), 1)
    fixed = len(prev.text) >= 10 and prev.space > 0 and abs(prev.space - pitch) <= 0.1 * pitch
    return prev.x1 + space + line.first < right - (1.5 * pitch if fixed else 0.3 * em)


def _breaks(prev: Line, line: Line, stats: _Column, para: Paragraph) -> bool:
    """Does ``line`` start a new paragraph after ``prev`` on the same page and column?"""
    return _break_reason(prev, line, stats, para) is not None


def _break_reason(prev: Line, line: Line, stats: _Column, para: Paragraph) -> str | None:
    """Why ``line`` starts a new paragraph after ``prev`` (None: it goes on)."""
    if _is_label_only(para.text):
        return None  # a clause number printed apart keeps its text
    step = line.top - prev.top
    if step <= 0 or step > 1.45 * stats.pitch:
        return "gap"
    if abs(line.height - prev.height) > 0.25 * max(line.height, prev.height):
        return "size"
    if _broken_word(prev.text, line.text):
        return None
    if prev.cells > 1 or line.cells > 1:
        return "table"  # table rows stand alone
    if _is_rule(prev.text) or _is_rule(line.text):
        return "rule"  # a line of dashes or underscores sets text apart
    if _runs_on(prev.text, line.text):
        return None
    # The first word would have fitted: the line ended on purpose, unless it stops
    # in mid-sentence (a forced line break inside a paragraph) before anything but
    # a new item ("...the BSP and" / "• Perform...").
    ended = _fits(prev, line, stats.margin_at(prev)) and (not _open_end(prev.text) or _starts_item(line.text))
    ends = prev.text.rstrip().endswith(_TERMINAL) or _LIST_JOINER.search(prev.text) is not None
    if prev.heading or line.heading:
        # A heading stands alone; a full line in capitals goes on in the next one when
        # that starts below it, below its text after a clause label, or at the left
        # margin (not as the lines of a centred title do).
        aligned = min(abs(line.x0 - x) for x in (prev.x0, prev.text_x0, stats.left)) <= 0.5 * prev.height
        if ended or ends and not prev.heading or not aligned:
            return "heading"
    elif ended:
        return "short line"
    em = line.height
    shift = line.x0 - prev.x0
    if len(para.lines) == 1 and shift < 0:
        shift = 0.0  # back to the margin after an indented first line
    if _starts_item(line.text) and (ends or abs(shift) > 0.5 * em):
        return "item"
    if ends and abs(shift) > 0.8 * em:
        return "indent"  # indented or outdented first line
    return None


def _broken_word(a: str, b: str) -> bool:
    return len(a) > 1 and a.endswith(_HYPHENS) and a[-2].isalpha() and b[:1].isalpha()


def _continues(current: str, line: Line) -> bool:
    """A paragraph cut by a page or column break goes on in the next line."""
    tail = current.rstrip()
    if not tail or tail.endswith(_TERMINAL) or looks_like_heading(tail[-80:]):
        return False
    if _starts_item(line.text) or line.heading:
        return False
    last_word = tail.rsplit(" ", 1)[-1].lower()
    return line.text[:1].islower() or tail.endswith(",") or _broken_word(tail, line.text) or last_word in _CONNECTIVES


def join_lines(a: str, b: str, vocabulary: set[str]) -> str:
    """Join two lines of one paragraph, undoing end-of-line hyphenation where the hyphen
    is not part of the word (``keeps_hyphen``)."""
    if not a:
        return b
    if _broken_word(a, b):
        head = re.findall(r"[A-Za-z]+$", a[:-1])
        tail = re.findall(r"^[A-Za-z]+", b)
        if not (head and tail):
            return a + b
        if a[-1] in ("\u00ad", "\x02"):
            return a[:-1] + b  # a soft hyphen is never part of the word
        return (a[:-1] + "-" + b) if keeps_hyphen(head[0], tail[0], vocabulary) else (a[:-1] + b)
    return a + " " + b


def _all_stats(lines: list[Line]) -> dict[tuple[int, int], _Column]:
    """Right margin and line pitch of each page and column."""
    groups: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        groups.setdefault((line.page, line.column), []).append(line)
    margins = {key: _margin(group) for key, group in groups.items()}
    document: dict[int, float] = {}  # the usual margin of the pages that show their own
    for column in {key[1] for key in groups}:
        kept = [m for (_, c), (m, near) in margins.items() if c == column and near >= _MARGIN_LINES]
        document[column] = _median(kept) if kept else max(
            m for (_, c), (m, _) in margins.items() if c == column)
    return {key: _column_stats(group, margins[key], document[key[1]]) for key, group in groups.items()}


def _inner_page_numbers(lines: list[Line], stats: dict[tuple[int, int], _Column]) -> set[int]:
    """id() of page numbers that a document printed without page breaks (a filing
    printed as one stream) shows inside a page of the PDF: a bare number on a line of
    its own, or two ("-2-", "3"), between lines of running text and set apart from them
    by a gap before or after."""
    found: set[int] = set()
    i = 1
    while i < len(lines) - 1:
        j = i
        while j < len(lines) - 1 and j - i < 2 and _PAGE_NUMBER.match(lines[j].text.strip()):
            j += 1
        if j == i:
            i += 1
            continue
        before, run, after = lines[i - 1], lines[i:j], lines[j]
        if len({(l.page, l.column) for l in (before, *run, after)}) == 1 and before.prose and after.prose:
            pitch = stats[(before.page, before.column)].pitch
            if run[0].top - before.top > 1.45 * pitch or after.top - run[-1].top > 1.45 * pitch:
                found.update(id(l) for l in run)
        i = j
    return found


def paragraphs(lines: list[Line], vocabulary: set[str]) -> list[Paragraph]:
    stats = _all_stats(lines)
    numbers = _inner_page_numbers(lines, stats)
    out: list[Paragraph] = []
    after_number = False
    for line in lines:
        if id(line) in numbers:
            after_number = True
            continue
        if out:
            para = out[-1]
            prev = para.lines[-1]
            if (prev.page, prev.column) == (line.page, line.column) and not after_number:
                joined = not _breaks(prev, line, stats[(line.page, line.column)], para)
            else:  # across a page break, of the PDF or of the document printed in it
                joined = _is_label_only(para.text) or _continues(para.text, line)
            after_number = False
            if joined:
                para.lines.append(line)
                para.text = join_lines(para.text, line.text, vocabulary)
                continue
        out.append(Paragraph([line], line.text))
    return out


def vocabulary(lines: list[Line]) -> set[str]:
    """Words of the document, leaving out the parts of words broken at a line end."""
    words: set[str] = set()
    broken = False
    for line in lines:
        if line.text.isascii():  # lower case first: the same words, in one call
            found = WORD.findall(line.text.lower())
        else:
            found = [w.lower().replace("\u2010", "-") for w in WORD.findall(line.text)]
        ends_broken = line.text.endswith(_HYPHENS) and len(line.text) > 1 and line.text[-2].isalpha()
        if broken and found:
            found = found[1:]
        if ends_broken and found:
            found = found[:-1]
        words.update(found)
        broken = ends_broken
    return words


# ----------------------------------------------------------------- extract


def read_pages(name: str, data: bytes, builder: DocumentBuilder, options) -> list[list[Line]]:
    document = _open(name, data)
    pages: list[list[Line]] = []
    try:
        count = len(document)
        if count > options.pdf_max_pages:
            raise BpolintError("E318", name, detail={"detail": f"{count} pages", "limit": f"{options.pdf_max_pages} pages"})
        for index in range(count):
            started = time.monotonic()
            try:
                page = document.page(index)
            except pdfium.PdfiumError:
                raise _corrupt(name, f"page {index + 1} cannot be loaded") from None
            try:
                if object_depth(page, options.pdf_max_depth) > options.pdf_max_depth:
                    raise BpolintError("E318", name, detail={"detail": f"page {index + 1} nests form objects more "
                                                                       f"than {options.pdf_max_depth} deep (a loop?)",
                                                             "limit": f"{options.pdf_max_depth} levels"})
                fragments = page_fragments(page)
                if not fragments and pdfium.count_objects(page.handle) > 0:
                    builder.warn(warning_text("W302", page=index + 1))
                pages.append(page_lines(fragments, index + 1) if fragments else [])
            finally:
                page.close()
            # PDFium cannot be interrupted inside a call: a slow page is caught once it returns.
            if time.monotonic() - started > options.pdf_page_seconds:
                raise BpolintError("E319", name, detail={"page": index + 1, "limit": f"{options.pdf_page_seconds:g}"})
    except pdfium.PdfiumError as exc:
        raise _corrupt(name, str(exc)) from None
    finally:
        document.close()
    return pages


def object_depth(page: pdfium.Page, limit: int) -> int:
    """How deep form XObjects are drawn inside one another on ``page`` (1: no forms),
    counting no further than ``limit + 1``."""
    deepest = 1
    stack = [(pdfium.get_object(page.handle, i), 1) for i in range(pdfium.count_objects(page.handle))]
    while stack:
        obj, depth = stack.pop()
        if not obj or pdfium.object_type(obj) != pdfium.PAGEOBJ_FORM:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > limit:
            return deepest
        stack.extend((pdfium.form_get_object(obj, i), depth + 1) for i in range(pdfium.form_count_objects(obj)))
    return deepest


def extract(name: str, data: bytes, options) -> Document:
    builder = DocumentBuilder(name, "pdf")
    pages = read_pages(name, data, builder, options)
    if not any(pages):
        raise BpolintError("E307", name)
    furniture = find_furniture(pages)
    body = [l for page in pages for l in page if id(l) not in furniture.running and id(l) not in furniture.page_numbers]
    words = vocabulary(body)
    for para in paragraphs(body, words):
        kind = "heading" if looks_like_heading(para.text) and len(para.lines) <= 2 else "paragraph"
        builder.append(para.text, kind=kind, page=para.lines[0].page)
    for where in ("header", "footer"):
        for line in furniture.first:
            if furniture.running[id(line)] == where:
                builder.append(line.text, part=where, page=line.page)
    return builder.build()
