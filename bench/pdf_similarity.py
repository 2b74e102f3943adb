"""How close is bpolint's PDF text to CUAD's own text of the same contract?

For every CUAD PDF, extract it with bpolint and compare the words with CUAD's txt
of the same stem: difflib's SequenceMatcher ratio over the word sequences
(lowercased, punctuation stripped, autojunk off). CUAD's txt keeps every running
header, footer and page number; bpolint keeps a running head once (in its header
or footer part) and drops page numbers, so a document with many running heads
scores a little lower for that alone. ``--diff`` prints the differing stretches.

    python bench/pdf_similarity.py [--diff] [--target 0.97]
"""
from __future__ import annotations

import argparse
import difflib
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CUAD = ROOT.parent / "shared" / "corpora" / "real" / "cuad"
sys.path.insert(0, str(ROOT))

_PUNCT = re.compile(r"[^\w\s]")


def words(text: str) -> list[str]:
    return _PUNCT.sub(" ", text.lower()).split()


def reference(pdf: Path) -> Path | None:
    txt = CUAD / "txt" / f"{pdf.stem}.txt"
    return txt if txt.exists() else None


def compare(ours: list[str], theirs: list[str]) -> difflib.SequenceMatcher:
    return difflib.SequenceMatcher(None, ours, theirs, autojunk=False)


def show_diff(matcher: difflib.SequenceMatcher, ours: list[str], theirs: list[str], limit: int = 12) -> None:
    shown = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        print(f"      {op:7} bpolint: {' '.join(ours[i1:i2])[:90]!r}  cuad: {' '.join(theirs[j1:j2])[:90]!r}")
        shown += 1
        if shown == limit:
            break


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--diff", action="store_true", help="print the differing stretches per file")
    ap.add_argument("--target", type=float, default=0.97)
    args = ap.parse_args()
    if not (CUAD / "pdf").is_dir():
        print("skipped: the shared CUAD corpus is not available")
        return 0
    from bpolint.extract import extract

    pdfs = sorted(p for p in (CUAD / "pdf").iterdir() if p.suffix.lower() == ".pdf" and reference(p))
    ratios: list[float] = []
    print(f"{'ratio':>6} {'words':>6} {'cuad':>6} {'ms':>6}  contract")
    for pdf in pdfs:
        start = time.perf_counter()
        doc = extract(pdf)
        elapsed = (time.perf_counter() - start) * 1000
        ours = words(doc.text)
        theirs = words(reference(pdf).read_text(encoding="utf-8"))
        matcher = compare(ours, theirs)
        ratio = matcher.ratio()
        ratios.append(ratio)
        flag = "" if ratio >= args.target else "  < target"
        print(f"{ratio:6.4f} {len(ours):6} {len(theirs):6} {elapsed:6.0f}  {pdf.stem[:70]}{flag}")
        if args.diff:
            show_diff(matcher, ours, theirs)
    print(f"\n{len(ratios)} files: mean {statistics.mean(ratios):.4f}, min {min(ratios):.4f}, "
          f"{sum(r >= args.target for r in ratios)}/{len(ratios)} at or above {args.target}")
    return 0 if min(ratios) >= args.target else 1


if __name__ == "__main__":
    raise SystemExit(main())
