"""Issues lists for every real DOCX and PDF contract in ../shared/corpora/real.

For each draft: lint it through the one lint path, build the customer's and the
supplier's issues list, render every format (Markdown, HTML, JSON, Word, letter), and check
that every row's clause reference names a clause the draft's segmentation has ("new
clause" rows name none). Prints one line per draft and the totals; exit 1 when a
reference does not resolve or a draft fails.

    python bench/negotiate_real.py            # from the repository root
    python bench/negotiate_real.py --jobs 1   # the same, in one process
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bpolint.api import RunOptions, lint_paths  # noqa: E402
from bpolint.extract import ExtractOptions, extract  # noqa: E402
from bpolint.negotiate import issues_list  # noqa: E402
from bpolint.negotiate.render import render_html, render_json, render_letter, render_markdown  # noqa: E402
from bpolint.negotiate.word import render_docx, render_letter_docx  # noqa: E402
from bpolint.segment import segment  # noqa: E402

REAL = REPO.parent / "shared" / "corpora" / "real"


def drafts() -> list[Path]:
    return sorted(p for p in REAL.rglob("*") if p.suffix.lower() in (".pdf", ".docx") and p.is_file())


def unresolved(path: Path, issues) -> list[str]:
    """Clause references of the list that name no clause of the draft."""
    seg = segment(extract(str(path), ExtractOptions()))
    known = {(c.number, seg.heading_for(c)) for c in seg.clauses}
    bad = []
    for row in issues.rows:
        for ref in row.clauses:
            if ref.number is None and ref.heading is None:
                block = next((i for i, b in enumerate(seg.document.blocks)
                              if seg.document.line_col(b.start)[0] >= ref.line), None)
                if block is not None and seg.clause_at(block, 0) is not None:
                    bad.append(f"row {row.number}: line {ref.line} is inside a clause, not before the first")
            elif (ref.number, ref.heading) not in known:
                bad.append(f"row {row.number}: {ref}")
    return bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"no shared corpus at {REAL.relative_to(REPO.parent)}", file=sys.stderr)
        return 2
    files = drafts()
    started = time.monotonic()
    run = lint_paths([str(p) for p in files], RunOptions(jobs=args.jobs))
    lint_s = time.monotonic() - started
    totals = {"drafts": 0, "rows": 0, "refs": 0, "new": 0, "must": 0, "bad": 0, "errors": 0}
    build_s = 0.0
    for path, report, settings in zip(files, run.report.files, run.settings):
        name = str(path.relative_to(REAL))
        if report.error:
            totals["errors"] += 1
            print(f"ERROR {name}: {report.error}")
            continue
        t0 = time.monotonic()
        lists = [issues_list(report, settings, party) for party in ("customer", "supplier")]
        for issues in lists:
            render_markdown(issues), render_html(issues), render_json(issues), render_docx(issues)
            render_letter_docx(issues, render_letter(issues, for_word=True))
        build_s += time.monotonic() - t0
        customer = lists[0]
        bad = unresolved(path, customer)
        refs = sum(len(r.clauses) for r in customer.rows)
        totals["drafts"] += 1
        totals["rows"] += len(customer.rows)
        totals["refs"] += refs
        totals["new"] += sum(1 for r in customer.rows if not r.clauses)
        totals["must"] += len(customer.must_haves)
        totals["bad"] += len(bad)
        print(f"{'FAIL' if bad else 'ok  '} {name}: {len(customer.rows)} rows ({len(customer.must_haves)} must-have), "
              f"{refs} clause references, {sum(1 for r in customer.rows if not r.clauses)} new clauses")
        for b in bad:
            print(f"       unresolved: {b}")
    print(f"\n{totals['drafts']} drafts ({totals['errors']} could not be linted): {totals['rows']} rows, "
          f"{totals['must']} must-have, {totals['refs']} clause references of which {totals['bad']} unresolved, "
          f"{totals['new']} new-clause rows")
    print(f"lint {lint_s:.1f} s for {len(files)} files; issues lists for both parties in every format "
          f"{build_s:.1f} s")
    return 1 if totals["bad"] or totals["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
