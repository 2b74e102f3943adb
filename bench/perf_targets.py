"""The speed targets, measured in one run: each figure a ratio against a floor taken in the same run.

Runs the start-up, large-draft, growth and portfolio benches (see their modules)
and prints one table: target, measured figure, whether it is met, and the command
that measures it alone.

    python bench/perf_targets.py [--runs 5] [--drafts 500] [--portfolio-runs 3] [--skip-portfolio]
"""
from __future__ import annotations

import argparse
import sys

import perf_draft
import perf_growth
import perf_portfolio
import perf_startup
from perf_common import bytecode_note, show


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--drafts", type=int, default=500)
    ap.add_argument("--portfolio-runs", type=int, default=3)
    ap.add_argument("--skip-portfolio", action="store_true")
    args = ap.parse_args()
    rows = []
    print(bytecode_note())

    print("== start-up (python bench/perf_startup.py)")
    s = perf_startup.measure(max(args.runs, 5))
    perf_startup.report(s)
    for name in ("bpolint --version", "bpolint rules list (warm cache)"):
        t, spacy = s[name]
        rows.append((f"{name}: at most 0.3 s, no spaCy", f"{t.wall:.2f} s" + (", imports spaCy" if spacy else ""),
                     "yes" if t.wall <= 0.3 and not spacy else "no", "python bench/perf_startup.py"))

    print("\n== one large draft (python bench/perf_draft.py)")
    d = perf_draft.measure(args.runs, 60)
    perf_draft.report(d)
    floor = d["import"].wall
    docx = d["docx"]
    rows.append(("60-page DOCX end to end: at most 1.3x import spacy", f"{docx.wall / floor:.2f}x",
                 "yes" if docx.wall <= 1.3 * floor else "no", "python bench/perf_draft.py"))
    own = docx.wall - floor
    rows.append(("bpolint's own work within 30% of the import", f"{own / floor:.0%}",
                 "yes" if own <= 0.3 * floor else "no", "python bench/perf_draft.py"))
    if "extract_pdf" in d:
        r = d["extract_pdf"].wall / d["pdftotext"].wall
        rows.append(("PDF extraction: at most 3x pdftotext", f"{r:.2f}x", "yes" if r <= 3 else "no",
                     "python bench/perf_draft.py"))
    peak = max(d[f].peak_mb for f in ("docx", "pdf", "txt") if f in d)
    rows.append(("peak memory per worker on the draft: at most 300 MB", f"{peak:.0f} MB", "yes" if peak <= 300 else "no",
                 "python bench/perf_draft.py"))

    print("\n== growth (python bench/perf_growth.py)")
    g = perf_growth.measure([1, 10, 100, 500], 3, "txt")
    perf_growth.report(g)
    per = {n: g[n]["total"] / g[n]["words"] for n in (10, 500)}
    growth = per[500] / per[10]
    rows.append(("time per page at 500 pages within 1.5x of 10 pages", f"{growth:.2f}x", "yes" if growth <= 1.5 else "no",
                 "python bench/perf_growth.py"))

    if not args.skip_portfolio:
        print(f"\n== portfolio (python bench/perf_portfolio.py --drafts {args.drafts})")
        p = perf_portfolio.measure(args.drafts, args.portfolio_runs, 2)
        perf_portfolio.report(p)
        if p.get("contract-lint"):
            r = p["bpolint"].wall / p["contract-lint"].wall
            how = "--jobs 2" if p["jobs"] else "one process"
            rows.append((f"portfolio ({p['files']} files, {how}): at most 0.5x contract-lint", f"{r:.2f}x",
                         "yes" if r <= 0.5 else "no", f"python bench/perf_portfolio.py --drafts {args.drafts}"))
        rows.append(("peak memory per worker, portfolio: at most 300 MB", f"{p['bpolint'].peak_mb:.0f} MB",
                     "yes" if p["bpolint"].peak_mb <= 300 else "no", f"python bench/perf_portfolio.py --drafts {args.drafts}"))

    print("\n== targets")
    show(rows, ("target", "measured", "met", "command"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
