"""Markdown: headings, ordered lists (with nesting) and tables read as structure.

The canonical text is the file itself; markup (emphasis, inline HTML, link targets,
list markers' indentation) is masked out of the clean text so that lines and
columns still point into the source.
"""
from __future__ import annotations

import re

from ..model import Document
from .builder import DocumentBuilder
from .decode import decode_text

ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
ORDERED = re.compile(r"^([ \t]*)(\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})([.)])[ \t]+")
BULLET = re.compile(r"^([ \t]*)([-*+])[ \t]+")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
QUOTE = re.compile(r"^\s*>\s?")
HRULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")

# Inline HTML: a known element name, written as HTML is (lower case, with attributes) or as a
# bare upper-case tag (<U>, </B>). "<NAME OF CONTACT>" or "<VERSION NO.>" is a drafting prompt, not a tag.
_HTML_NAMES = (
    "a|abbr|b|bdi|bdo|big|blockquote|body|br|button|caption|center|cite|code|col|colgroup|dd|del|details|dfn|div|dl|"
    "dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|li|"
    "link|main|mark|meta|nav|object|ol|option|p|picture|pre|q|s|samp|section|select|small|source|span|strike|strong|"
    "style|sub|summary|sup|table|tbody|td|tfoot|th|thead|title|tr|tt|u|ul|var|video|wbr"
)
_HTML_TAG = re.compile(
    rf"</?(?:{_HTML_NAMES})(?:\s+[a-z][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
    rf"|</?(?i:{_HTML_NAMES})\s*/?>")
# Emphasis is masked only where an opening run of * or _ is closed by the same run, as
# Markdown renders it; an unpaired run is literal text: "[***]" (a redaction or a blank),
# "$*** per device", "__ days".
_EMPHASIS = re.compile(r"(?<![\\*\w])(\*{1,3}|_{1,3})(?=[^\s*_])(.+?)(?<=[^\s*_\\])\1(?![*\w])", re.S)

# Inline markup masked from the clean text.
INLINE_MASKS = [
    re.compile(r"<!--.*?-->", re.S),
    _HTML_TAG,  # inline HTML tags such as <span class="...">
    re.compile(r"\]\([^)]*\)"),  # link target: keep the text, hide "](url)"
    re.compile(r"(?<![\w\\])\[(?=[^\]]*\]\()"),  # the "[" that opens a link
    re.compile(r"`+|\\(?=[\\`*_{}\[\]()#+\-.!|])"),
]


def _indent_width(s: str) -> int:
    return len(s.expandtabs(4))


def _masks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end]
    out = []
    for pattern in INLINE_MASKS:
        out.extend((start + m.start(), start + m.end()) for m in pattern.finditer(chunk))
    for m in _EMPHASIS.finditer(chunk):
        run = len(m.group(1))
        out.append((start + m.start(), start + m.start() + run))
        out.append((start + m.end() - run, start + m.end()))
    return out


def extract(name: str, data: bytes, options) -> Document:
    text, warnings = decode_text(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    builder = DocumentBuilder.from_source(name, "md", text)
    for w in warnings:
        builder.warn(w)

    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1

    list_stack: list[int] = []  # indent widths of open ordered-list levels
    para: list[tuple[int, str]] = []
    para_meta: dict = {}
    in_fence = False

    def flush() -> None:
        nonlocal para, para_meta
        if para:
            start = para[0][0] + para_meta.pop("_skip", 0)
            end = para[-1][0] + len(para[-1][1])
            masks = _masks(text, start, end)
            for s, line in para[1:]:  # quote markers on continuation lines
                q = QUOTE.match(line)
                if q:
                    masks.append((s, s + q.end()))
            builder.add_slice(start, end, masked=masks, **para_meta)
        para, para_meta = [], {}

    for i, (start, line) in enumerate(lines):
        if FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not line.strip() or HRULE.match(line) and not (para and SETEXT.match(line)):
            flush()
            continue
        m = ATX.match(line)
        if m:
            flush()
            list_stack.clear()
            hs = start + m.start(2)
            builder.add_slice(hs, hs + len(m.group(2)), masked=_masks(text, hs, hs + len(m.group(2))),
                              kind="heading", level=len(m.group(1)))
            continue
        s = SETEXT.match(line)
        if s and para and len(para) == 1 and not para_meta:
            hstart, hline = para[0]
            para = []
            builder.add_slice(hstart, hstart + len(hline), masked=_masks(text, hstart, hstart + len(hline)),
                              kind="heading", level=1 if s.group(1)[0] == "=" else 2)
            continue
        if TABLE_ROW.match(line):
            flush()
            if TABLE_RULE.match(line):
                continue
            cells = [(c.start(), c.end()) for c in re.finditer(r"\|", line)]
            masks = [(start + cells[0][0], start + cells[0][1]), (start + cells[-1][0], start + cells[-1][1])]
            masks += _masks(text, start, start + len(line))
            builder.add_slice(start, start + len(line), masked=masks, kind="table-row", part="table")
            continue
        o = ORDERED.match(line)
        b = BULLET.match(line) if not o else None
        if o or b:
            flush()
            mm = o or b
            indent = _indent_width(mm.group(1))
            while list_stack and list_stack[-1] > indent:
                list_stack.pop()
            if not list_stack or list_stack[-1] < indent:
                list_stack.append(indent)
            depth = len(list_stack)
            para = [(start, line)]
            para_meta = {"kind": "list-item", "level": depth, "_skip": len(mm.group(1))}
            if o:
                para_meta["label"] = o.group(2) + o.group(3)
            else:
                para_meta["_skip"] = mm.end()  # bullets carry no number
            continue
        q = QUOTE.match(line)
        if q and not para:
            para = [(start, line)]
            para_meta = {"_skip": q.end()}
            continue
        if para and para_meta.get("kind") == "list-item" and _indent_width(line) <= (list_stack[-1] if list_stack else 0) and not line.startswith(" "):
            flush()  # an unindented line after a list item ends the list
            list_stack.clear()
        para.append((start, line))
    flush()
    return builder.build()
