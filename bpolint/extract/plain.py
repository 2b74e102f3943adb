"""Plain text: paragraphs from blank lines and line starts; hard wraps are re-joined.

Contract text arrives hard-wrapped (e-mail, pdftotext), one paragraph per line
(EDGAR conversions) or as a mix. A line starts a new block when it is blank-separated,
starts with a clause number, looks like a heading, or follows a line that ended a
sentence well short of the wrap width.
"""
from __future__ import annotations

import re

from ..model import Document
from .builder import DocumentBuilder
from .decode import decode_text

LABEL_START = re.compile(
    r"""^\s*(?:
        (?:section|clause|article|schedule|annex|exhibit|appendix|attachment|part)\s+[\dIVXLC]+[A-Z]?\b
      | \d{1,3}(?:\.\d{1,3})*\.?\s
      | \(?[a-zA-Z]{1,2}\)\s | \(?[ivxlcIVXLC]{1,6}\)\s
      | [A-Z]\.\s
      | [-*\u2022\u25cf\u25aa\u2013]\s
    )""",
    re.X | re.I,
)


def looks_like_heading(line: str) -> bool:
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
                LABEL_START.match(line) is not None
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
    return out


PAGE_NOISE = re.compile(r"^\s*(?:-?\s*\d{1,4}\s*-?|page\s+\d+(?:\s+of\s+\d+)?|\[?\*+\]?)\s*$", re.I)
TERMINAL = (".", ":", ";", "?", "!", '"', ")")


def join_page_breaks(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, list[tuple]]]:
    """Drop lone page numbers and re-join a paragraph that a page break cut in two.

    Returns (start, end, masked ranges) per paragraph.
    """
    out: list[tuple[int, int, list[tuple]]] = []
    skipped: list[tuple[int, int]] = []
    for start, end in paragraphs:
        chunk = text[start:end]
        if PAGE_NOISE.match(chunk) and "\n" not in chunk.strip():
            skipped.append((start, end))
            continue
        if out and chunk.lstrip()[:1].islower() and not text[out[-1][0]:out[-1][1]].rstrip().endswith(TERMINAL):
            prev_start, prev_end, masks = out[-1]
            masks = masks + [(prev_end, start, " ")]  # hide the page break between the halves
            out[-1] = (prev_start, end, masks)
        else:
            out.append((start, end, []))
        skipped = []
    return out


def document_from_text(text: str, name: str, warnings: list[str] = ()) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    builder = DocumentBuilder.from_source(name, "txt", text)
    for w in warnings:
        builder.warn(w)
    for start, end, masks in join_page_breaks(text, split_paragraphs(text)):
        line = text[start:end]
        kind = "heading" if looks_like_heading(line) and not LABEL_START.match(line) else "paragraph"
        builder.add_slice(start, end, masked=masks, kind=kind)
    return builder.build()


def extract(name: str, data: bytes, options) -> Document:
    text, warnings = decode_text(name, data)
    return document_from_text(text, name, warnings)
