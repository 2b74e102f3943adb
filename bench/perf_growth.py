"""Growth with document size: time per page of each stage at 1, 10, 100 and 500 pages.

Start-up (spaCy's import, the rule cache) is paid once whatever the size, so it is
left out here: each size runs in a fresh process that first lints another draft,
then times extraction, segmentation and evaluation (matching and checks) of the
draft itself, median of ``--runs``. Linear growth means the time per page at 500
pages stays close to the time per page at 10 pages.

    python bench/perf_growth.py [--pages 1,10,100,500] [--runs 3] [--format txt]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

from perf_common import ROOT, load_note, show
from perf_drafts import WORDS_PER_PAGE, build_draft, cache_dir, write

_WORKER = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from bpolint import lint_file
from bpolint.extract import extract
from bpolint.pipeline import engine_for, resolve_services
from bpolint.segment import segment

lint_file(sys.argv[2])  # warm: imports, rule cache, pipeline
path, runs = sys.argv[3], int(sys.argv[4])
engine = engine_for(())
ruleset = engine.ruleset
times = {"extract": [], "segment": [], "evaluate": [], "total": []}
for _ in range(runs):
    t0 = time.perf_counter()
    doc = extract(path)
    t1 = time.perf_counter()
    detection = resolve_services(" ".join(b.text for b in doc.blocks), ("auto",), ruleset)
    seg = segment(doc)
    t2 = time.perf_counter()
    engine.evaluate(seg, detection.service_types)
    t3 = time.perf_counter()
    for k, v in (("extract", t1 - t0), ("segment", t2 - t1), ("evaluate", t3 - t2), ("total", t3 - t0)):
        times[k].append(v)
print(json.dumps({k: statistics.median(v) for k, v in times.items()} | {"words": len(doc.text.split())}))
"""


def measure(pages: list[float], runs: int, fmt: str) -> dict[float, dict]:
    out_dir = cache_dir() / "growth"
    warm = write(build_draft(seed=5, pages=3), out_dir, "warmup-3p", (fmt,))[fmt]
    results = {}
    for n in pages:
        path = write(build_draft(seed=11, pages=n), out_dir, f"growth-{n:g}p", (fmt,))[fmt]
        proc = subprocess.run([sys.executable, "-c", _WORKER, str(ROOT), str(warm), str(path), str(runs)],
                              capture_output=True, text=True, check=True)
        results[n] = json.loads(proc.stdout.strip().splitlines()[-1])
    return results


def report(results: dict[float, dict], base: float = 10) -> None:
    print(load_note())
    rows = []
    for n, r in results.items():
        pages = r["words"] / WORDS_PER_PAGE
        rows.append((f"{n:g}", r["words"], *(f"{r[k] * 1000 / pages:.1f}" for k in ("extract", "segment", "evaluate", "total")),
                     f"{r['total']:.3f}"))
    show(rows, ("pages", "words", "extract ms/page", "segment ms/page", "evaluate ms/page", "total ms/page", "total s"))
    if base in results and max(results) != base:
        top = max(results)
        per = {n: results[n]["total"] / results[n]["words"] for n in (base, top)}
        print(f"\ntime per page at {top:g} pages / at {base:g} pages: {per[top] / per[base]:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="1,10,100,500")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--format", default="txt", choices=("txt", "md", "docx"))
    args = ap.parse_args()
    report(measure([float(p) for p in args.pages.split(",")], args.runs, args.format))
    return 0


if __name__ == "__main__":
    sys.exit(main())
