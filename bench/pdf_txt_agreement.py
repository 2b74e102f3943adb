"""Do the topic statuses for a CUAD contract's PDF agree with those for its txt?

Prints, per contract, the share of topics whose status is the same, and the
topics that differ. Service types are detected on each file (as a user would
run it); a topic reported for one file and not the other counts as a disagreement.

    python bench/pdf_txt_agreement.py [--jobs N]
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CUAD = ROOT.parent / "shared" / "corpora" / "real" / "cuad"
sys.path.insert(0, str(ROOT))


def statuses(path: str) -> dict[str, str]:
    from bpolint.api import lint_file

    report = lint_file(path)
    return {t.topic: t.status for t in report.topics}


def pair(pdf: str) -> tuple[str, dict, dict]:
    stem = Path(pdf).stem
    return stem, statuses(str(CUAD / "txt" / f"{stem}.txt")), statuses(pdf)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if not CUAD.is_dir():
        print("skipped: the shared CUAD corpus is not available")
        return 0
    pdfs = sorted(str(p) for p in (CUAD / "pdf").iterdir()
                  if p.suffix.lower() == ".pdf" and (CUAD / "txt" / f"{p.stem}.txt").exists())
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(pair, pdfs))
    agree = total = 0
    for stem, txt, pdf in results:
        topics = sorted(set(txt) | set(pdf))
        same = [t for t in topics if txt.get(t) == pdf.get(t)]
        agree += len(same)
        total += len(topics)
        diff = [f"{t}: txt={txt.get(t, '-')} pdf={pdf.get(t, '-')}" for t in topics if txt.get(t) != pdf.get(t)]
        print(f"{len(same) / len(topics):6.1%}  {stem[:70]}")
        for d in diff:
            print(f"          {d}")
    print(f"\noverall agreement {agree / total:.1%} ({agree}/{total} topic statuses over {len(results)} contracts)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
