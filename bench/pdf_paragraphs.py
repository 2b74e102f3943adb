"""Paragraph structure of bpolint's PDF text against CUAD's txt of the same contract.

Each non-empty line of CUAD's txt is taken as a paragraph. The word sequences of
bpolint's body blocks and of the txt (lowercased, split at anything that is not a
letter or digit, so "(d)Fund" and "(d) Fund" read alike) are aligned with difflib.
Every gap between two words that both sides have, one after the other, is a
boundary both can be judged at: bpolint starts a block there or not, the txt starts
a line there or not. From that, per file, precision, recall and F1 of paragraph
starts, with false splits (bpolint breaks inside a txt paragraph) and false joins
(bpolint runs a txt paragraph on).

Not judged, because the txt cannot tell:

* a txt line after a page break (two or more blank lines in CUAD's txt) or after
  a page number on a line of its own (left out of the txt, as bpolint leaves page
  numbers out): the txt starts a line there, in mid-sentence or not;
* whole files whose txt holds pages, not paragraphs: several CUAD conversions put
  a page (or more) on one line. A file is left out when the line a typical word
  of its txt sits in is 300 words or longer (398 to 736 for such files, 28 to 174
  for the paragraphed ones); the test reads the txt alone, so that a change to
  bpolint cannot move a file in or out.

CUAD's txt has quirks of its own (a contents page, a title page, an address or
the cells of a table run into one line; bullet items run into their lead-in):
read ``--examples`` before taking a difference for a bpolint fault. Two checks
need no txt and cover every file: "suspect splits", blocks that end where no
paragraph can (no closing punctuation and a connective last word, or a next
block starting in lower case, not a new item), and "glued labels", blocks that
open with a clause label run into the next word ("(d)Fund", "12.Termination").

``--examples`` lists false splits in mid-sentence first and false joins in the
longest blocks first.

Measured on the 22 CUAD PDFs (15 judged), before and after the paragraph work of
this bench's first version: paragraph starts pooled F1 0.777 -> 0.811 (precision
0.652 -> 0.695, recall 0.961 -> 0.974), per-file F1 mean 0.799 -> 0.849, min
0.676 -> 0.717; suspect splits 242 -> 94, glued labels 73 -> 0. Most false splits
left are the txt's quirks listed above.

    python bench/pdf_paragraphs.py [--examples [N]] [FILE-STEM ...]
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CUAD = ROOT.parent / "shared" / "corpora" / "real" / "cuad"
sys.path.insert(0, str(ROOT))

_TOKEN = re.compile(r"[^\W_]+")
_GLUED = re.compile(r"^(?:\((?:[A-Za-z]{1,2}|[ivxlc]{1,6}|\d{1,3})\)|\d{1,3}(?:\.\d{1,3})*\.)[A-Za-z]")
_ITEM = re.compile(r"^(?:\(?[A-Za-z0-9]{1,6}[.)]|[-\u2022\u00b7o*]\s)")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-\u2013\u2014]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-\u2013\u2014]?"
                          r"(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_LIST_JOINER = re.compile(r"[;,]\s*(?:and|or|and/or)$", re.I)
_TERMINAL = (".", ":", ";", "?", "!", '"', "\u201d", ")")
_CONNECTIVES = {
    "a", "an", "the", "and", "or", "of", "to", "in", "for", "by", "with", "on", "at", "from", "as",
    "that", "which", "any", "all", "its", "their", "such", "this", "be", "is", "are", "shall", "will",
    "may", "not", "into", "than", "per",
}
UNPARAGRAPHED = 300  # a txt whose typical line is this long (words) holds pages, not paragraphs


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@dataclass
class Side:
    words: list[str] = field(default_factory=list)
    unit: list[int] = field(default_factory=list)  # word -> block (bpolint) or line (txt)
    starts: set[int] = field(default_factory=set)  # word indexes that open a block or line
    texts: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # word -> page of its block (bpolint only)
    page_starts: set[int] = field(default_factory=set)  # first word after a page break (txt only)


def pdf_side(doc) -> Side:
    side = Side()
    body = [b for b in doc.blocks if b.part == "body"]
    for n, block in enumerate(body):
        found = tokens(block.text)
        if not found:
            continue
        side.starts.add(len(side.words))
        side.words += found
        side.unit += [n] * len(found)
        side.pages += [block.page or 0] * len(found)
    side.texts = [b.text for b in body]
    return side


def txt_side(text: str) -> Side:
    """CUAD's txt: a paragraph a line, one blank line between, two or more at a page break."""
    side = Side()
    lines: list[str] = []
    blanks = 0
    for line in text.splitlines():
        if not line.strip():
            blanks += 1
            continue
        if _PAGE_NUMBER.match(line.strip()):
            blanks = 2  # a page number: what follows starts a page
            continue
        found = tokens(line)
        n = len(lines)
        lines.append(line)
        if blanks >= 2:
            side.page_starts.add(len(side.words))
        blanks = 0
        if not found:
            continue
        side.starts.add(len(side.words))
        side.words += found
        side.unit += [n] * len(found)
    side.texts = lines
    return side


@dataclass
class Score:
    judged: int = 0
    tp: int = 0
    false_splits: list[int] = field(default_factory=list)  # bpolint word index of the extra start
    false_joins: list[int] = field(default_factory=list)  # bpolint word index of the missed start
    suspect: list[int] = field(default_factory=list)  # block index whose end is suspect
    glued: list[int] = field(default_factory=list)  # block index

    @property
    def precision(self) -> float:
        return self.tp / max(self.tp + len(self.false_splits), 1)

    @property
    def recall(self) -> float:
        return self.tp / max(self.tp + len(self.false_joins), 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def typical_length(side: Side) -> int:
    """Words in the paragraph a typical word sits in (the word-weighted median)."""
    sizes = Counter(side.unit)
    lengths = sorted(sizes[u] for u in side.unit)
    return lengths[len(lengths) // 2] if lengths else 0


def score(pdf: Side, txt: Side, judge: bool) -> Score:
    """Paragraph starts at the boundaries both sides can be judged at (when ``judge``),
    and the txt-free checks."""
    result = Score()
    for n, (text, following) in enumerate(zip(pdf.texts, pdf.texts[1:])):
        if suspect_split(text, following):
            result.suspect.append(n)
    result.glued = [n for n, text in enumerate(pdf.texts) if _GLUED.match(text)]
    if not judge:
        return result
    matcher = difflib.SequenceMatcher(None, pdf.words, txt.words, autojunk=False)
    from_pdf: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            from_pdf[a + k] = b + k
    for i in range(1, len(pdf.words)):
        j = from_pdf.get(i)
        if j is None or from_pdf.get(i - 1) != j - 1:
            continue  # not a word both sides have, one after the other
        if j in txt.page_starts:
            continue  # the txt starts a line at every page break
        ours, theirs = i in pdf.starts, j in txt.starts
        result.judged += 1
        if ours and theirs:
            result.tp += 1
        elif ours:
            result.false_splits.append(i)
        elif theirs:
            result.false_joins.append(i)
    return result


def suspect_split(text: str, following: str) -> bool:
    """A block that stops where a paragraph cannot end, before one that cannot start."""
    tail = text.rstrip()
    if not tail or tail.endswith(_TERMINAL) or not following or _LIST_JOINER.search(tail):
        return False
    if _ITEM.match(following):
        return False
    last = tail.rsplit(" ", 1)[-1].lower()
    return last in _CONNECTIVES or following[:1].islower()


def context(side: Side, i: int, width: int = 8) -> str:
    before = " ".join(side.words[max(0, i - width):i])
    after = " ".join(side.words[i:i + width])
    return f"...{before} | {after}..."


def split_weight(pdf: Side, i: int) -> int:
    """How surely a false split is bpolint's fault: a break in mid-sentence between
    two stretches of prose first, a break between short lines (an address, a table,
    a contents page, which CUAD's txt often runs together) last."""
    before, after = pdf.texts[pdf.unit[i] - 1], pdf.texts[pdf.unit[i]]
    open_end = not before.rstrip().endswith(_TERMINAL) and not _LIST_JOINER.search(before.rstrip())
    weight = 2 * open_end + after[:1].islower()
    return weight + (len(before.split()) >= 6 and len(after.split()) >= 6)


def show(pdf: Side, result: Score, limit: int) -> None:
    """The worst examples first: false splits in mid-sentence, false joins in the
    longest blocks."""
    splits = sorted(result.false_splits, key=lambda i: -split_weight(pdf, i))
    joins = sorted(result.false_joins, key=lambda i: -len(pdf.texts[pdf.unit[i]]))
    for i in splits[:limit]:
        n = pdf.unit[i]
        print(f"    false split p{pdf.pages[i]}: {context(pdf, i)}")
        print(f"        end: {pdf.texts[n - 1][-90:]!r}\n        start: {pdf.texts[n][:90]!r}")
    for i in joins[:limit]:
        print(f"    false join p{pdf.pages[i]}: {context(pdf, i)}")
        print(f"        in: {pdf.texts[pdf.unit[i]][:120]!r}")
    for n in result.suspect[:limit]:
        print(f"    suspect split: {pdf.texts[n][-70:]!r} / {pdf.texts[n + 1][:50]!r}")
    for n in result.glued[:limit]:
        print(f"    glued label: {pdf.texts[n][:60]!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", nargs="?", type=int, const=6, default=0,
                    help="print up to N examples of each kind per file (default 6)")
    ap.add_argument("stems", nargs="*", help="only files whose name starts with one of these")
    args = ap.parse_args()
    if not (CUAD / "pdf").is_dir():
        print("skipped: the shared CUAD corpus is not available")
        return 0
    from bpolint.extract import extract

    pdfs = sorted(p for p in (CUAD / "pdf").iterdir()
                  if p.suffix.lower() == ".pdf" and (CUAD / "txt" / f"{p.stem}.txt").exists()
                  and (not args.stems or p.name.startswith(tuple(args.stems))))
    total = Score()
    f1s: list[float] = []
    unjudged: list[str] = []
    print(f"{'prec':>6} {'recall':>6} {'F1':>6} {'judged':>6} {'split':>5} {'join':>5} "
          f"{'susp':>4} {'glued':>5}  contract")
    start = time.perf_counter()
    for path in pdfs:
        pdf = pdf_side(extract(path))
        txt = txt_side((CUAD / "txt" / f"{path.stem}.txt").read_text(encoding="utf-8"))
        judge = typical_length(txt) < UNPARAGRAPHED
        result = score(pdf, txt, judge)
        total.suspect += result.suspect
        total.glued += result.glued
        checks = f"{len(result.suspect):4} {len(result.glued):5}  {path.stem[:60]}"
        if judge:
            f1s.append(result.f1)
            total.judged += result.judged
            total.tp += result.tp
            total.false_splits += result.false_splits
            total.false_joins += result.false_joins
            print(f"{result.precision:6.3f} {result.recall:6.3f} {result.f1:6.3f} {result.judged:6} "
                  f"{len(result.false_splits):5} {len(result.false_joins):5} {checks}")
        else:
            unjudged.append(path.stem)
            print(f"{'-':>6} {'-':>6} {'-':>6} {'-':>6} {'-':>5} {'-':>5} {checks}  (txt holds pages)")
        if args.examples:
            show(pdf, result, args.examples)
    if not f1s:
        print(f"no file judged against the txt; {len(total.suspect)} suspect splits, "
              f"{len(total.glued)} glued labels")
        return 0
    print(f"\n{len(pdfs)} files in {time.perf_counter() - start:.0f} s, {len(f1s)} judged against the txt "
          f"({len(unjudged)} txt hold pages, not paragraphs)")
    print(f"paragraph starts: pooled precision {total.precision:.3f}, recall {total.recall:.3f}, "
          f"F1 {total.f1:.3f}; F1 per file mean {sum(f1s) / len(f1s):.3f}, min {min(f1s):.3f}; "
          f"{len(total.false_splits)} false splits, {len(total.false_joins)} false joins")
    print(f"txt-free checks, all files: {len(total.suspect)} suspect splits, {len(total.glued)} glued labels")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
