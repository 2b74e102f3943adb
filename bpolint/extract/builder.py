"""Building a :class:`Document`: clean text for NLP, canonical text for locations.

Two ways to build one:

* :meth:`DocumentBuilder.from_source` (text, Markdown): the canonical text is the
  file itself, so line and column numbers are the ones an editor shows. Blocks are
  slices of it; markup to hide is passed as masked ranges.
* :meth:`DocumentBuilder.append` (DOCX, PDF): the canonical text is generated, one
  block per line, and the clean text is that line.
"""
from __future__ import annotations

import itertools
import re
from typing import Iterable

from ..model import Block, Document, OffsetMap

# Characters folded for matching without changing length.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\r": " ", "\n": " ",
    "\u000b": " ", "\u000c": " ",
})
_DROP = {"\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff"}


def normalize(raw: str, base: int = 0, masked: Iterable[tuple] = ()) -> tuple[str, OffsetMap]:
    """Collapse whitespace, fold quotes and dashes, drop masked ranges.

    ``masked`` ranges are relative to ``raw``; a range given as (start, end, " ")
    separates words like whitespace (a page break inside a paragraph). Returns the
    clean text and the map from clean offsets to ``base + offset in raw``.
    """
    clean, _, offsets = _normalize(raw, base, masked)
    return clean, offsets


def collapse(raw: str) -> str:
    """The clean text of ``raw`` in its own characters: whitespace collapsed and dropped
    characters removed as in :func:`normalize`, quotes and dashes left as written."""
    return _normalize(raw)[1]


_NON_SPACE = re.compile(r"\S+")  # \s is what str.isspace() calls whitespace
_UNEVEN_SPACE = re.compile(r"^\s|\s$|\s\s|[^\S ]")  # whitespace at an end, in a run, or not a space


def _normalize(raw: str, base: int = 0, masked: Iterable[tuple] = ()) -> tuple[str, str, OffsetMap]:
    masked = tuple(masked)
    if not masked and not any(c in raw for c in _DROP):
        return _normalize_words(raw, base)
    hidden = [False] * len(raw)
    separators: set[int] = set()
    for mask in masked:
        s, e = mask[0], mask[1]
        if len(mask) > 2:
            separators.add(max(s, 0))
        for i in range(max(s, 0), min(e, len(raw))):
            hidden[i] = True
    folded = raw.translate(_FOLD)
    out: list[str] = []
    kept: list[str] = []  # the same characters, unfolded
    anchors: list[tuple[int, int]] = []
    last_src = -2
    pending_space = -1  # source index of the first whitespace in a pending run
    for i, ch in enumerate(folded):
        if hidden[i] or raw[i] in _DROP:
            if i in separators and pending_space < 0 and out:
                pending_space = i
            continue
        if ch.isspace():
            if pending_space < 0 and out:
                pending_space = i
            continue
        if pending_space >= 0:
            if out and out[-1] != " ":
                if pending_space != last_src + 1:
                    anchors.append((len(out), base + pending_space))
                out.append(" ")
                kept.append(" ")
                last_src = pending_space
            pending_space = -1
        if i != last_src + 1 or not anchors:
            anchors.append((len(out), base + i))
        out.append(ch)
        kept.append(raw[i])
        last_src = i
    if not anchors:
        anchors.append((0, base))
    return "".join(out), "".join(kept), OffsetMap(tuple(anchors))


def _normalize_words(raw: str, base: int) -> tuple[str, str, OffsetMap]:
    """:func:`_normalize` of a text with nothing to hide or drop, a word at a time: the
    words joined by single spaces, an anchor at the first word and after each run of
    more than one whitespace character (what the character loop records)."""
    folded = raw.translate(_FOLD)
    if not _UNEVEN_SPACE.search(raw):
        # Words already one space apart (every generated block): the text is its own clean
        # form, with one anchor. _FOLD turns only whitespace into spaces, so ``folded`` keeps
        # the spaces where ``raw`` has them.
        return folded, raw, OffsetMap(((0, base),))
    spans = [m.span() for m in _NON_SPACE.finditer(folded)]
    if not spans:
        return "", "", OffsetMap(((0, base),))
    clean = " ".join([folded[s:e] for s, e in spans])
    kept = " ".join([raw[s:e] for s, e in spans])
    first_start, prev_end = spans[0]
    anchors = [(0, base + first_start)]
    pos = prev_end - first_start
    for s, e in itertools.islice(spans, 1, None):
        pos += 1
        if s - prev_end > 1:
            anchors.append((pos, base + s))
        pos += e - s
        prev_end = e
    return clean, kept, OffsetMap(tuple(anchors))


def _clean_offset(offsets: OffsetMap, length: int, raw_offset: int) -> int:
    """Smallest clean offset whose raw position is at or after ``raw_offset``."""
    for c in range(length + 1):
        if c == length or offsets.to_canonical(c) >= raw_offset:
            return c
    return length


class DocumentBuilder:
    def __init__(self, path: str, fmt: str, source: str | None = None) -> None:
        self.path = path
        self.format = fmt
        self._source = source
        self._lines: list[str] = []
        self._pos = 0
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self._paragraphs: dict[str, int] = {}

    @classmethod
    def from_source(cls, path: str, fmt: str, source: str) -> "DocumentBuilder":
        return cls(path, fmt, source)

    def _next_paragraph(self, part: str) -> int:
        n = self._paragraphs.get(part, 0)
        self._paragraphs[part] = n + 1
        return n

    def add_slice(self, start: int, end: int, masked: Iterable[tuple] = (), **meta) -> Block | None:
        """Add the source slice [start, end) as a block (source mode)."""
        assert self._source is not None
        rel = [(m[0] - start, m[1] - start, *m[2:]) for m in masked]
        text, offsets = normalize(self._source[start:end], start, rel)
        if not text:
            return None
        return self._add(text, start, end, offsets, meta)

    def append(self, text: str, **meta) -> Block | None:
        """Append a generated block as a new line of the canonical text.

        The line keeps the document's own quotes and dashes (a quote from it can be found
        again in the original); the block's clean text folds them. Both have the same length.
        """
        assert self._source is None
        clean, line, _ = _normalize(text)
        if not clean:
            return None
        if self._lines:
            self._pos += 1  # the newline
        start = self._pos
        self._lines.append(line)
        self._pos += len(clean)
        inserted = meta.pop("inserted", ())
        return self._add(clean, start, self._pos, OffsetMap(((0, start),)), meta, inserted)

    def append_runs(self, runs: Iterable[tuple[str, bool]], **meta) -> Block | None:
        """Append a block made of runs; runs flagged True were tracked insertions."""
        raw_parts: list[str] = []
        raw_ranges: list[tuple[int, int]] = []
        pos = 0
        for text, inserted in runs:
            if inserted and text:
                raw_ranges.append((pos, pos + len(text)))
            raw_parts.append(text)
            pos += len(text)
        raw = "".join(raw_parts)
        clean, line, offsets = _normalize(raw)
        inserted_clean = []
        for s, e in raw_ranges:
            cs = _clean_offset(offsets, len(clean), s)
            ce = _clean_offset(offsets, len(clean), e)
            if ce > cs:
                inserted_clean.append((cs, ce))
        return self.append(line, inserted=tuple(inserted_clean), **meta)

    def _add(self, text, start, end, offsets, meta, inserted=()) -> Block:
        part = meta.pop("part", "body")
        paragraph = meta.pop("paragraph", None)
        if paragraph is None:
            paragraph = self._next_paragraph(part)
        block = Block(text=text, start=start, end=end, offsets=offsets, part=part,
                      paragraph=paragraph, inserted=tuple(inserted), **meta)
        self.blocks.append(block)
        return block

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def build(self) -> Document:
        text = self._source if self._source is not None else "\n".join(self._lines)
        return Document(path=self.path, format=self.format, text=text,
                        blocks=tuple(self.blocks), warnings=tuple(self.warnings))
