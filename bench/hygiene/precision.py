"""Precision of the drafting-hygiene findings on real contracts, judged by hand.

The same procedure as bench/wording_precision.py (stratified random sample per rule,
fixed seed, verdicts joined to findings on file, rule, evidence and sentence), for the
hygiene.* topics, with the verdicts in bench/hygiene/precision.csv. Use --cuad-only
for the 22 CUAD contracts; --corpus cuad-dev for the 100 cuad-dev contracts, whose
verdicts are kept apart in bench/hygiene/precision_cuad_dev.csv.

--folds restricts the findings (and so the sample and the counts) to cuad-dev contracts
in the given folds of bench/cuad_cv.py (1-3 tuning, 4-5 held out); --exclude-judged
CSV leaves out findings that already have a verdict in CSV, so a sample is fresh to it.

    python bench/hygiene/precision.py sample --seed 1 --n 40 --cuad-only --write
    python bench/hygiene/precision.py score --seed 1 --n 40 --cuad-only
    python bench/hygiene/precision.py score --seed 101 --n 40 --corpus cuad-dev
    python bench/hygiene/precision.py score --seed 102 --n 40 --corpus cuad-dev --folds 1,2,3
"""
from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import cuad_cv  # noqa: E402  (bench/ is not a package)
import wording_precision  # noqa: E402

DEV_CSV = os.path.join(HERE, "precision_cuad_dev.csv")


def dev_folds() -> dict[str, int]:
    """cuad-dev file (relative to the real corpus root) -> its fold in bench/cuad_cv.py."""
    return {f"cuad-dev/txt/{d['name']}": d["fold"] for d in cuad_cv.contracts() if d["corpus"] == "dev"}


def restrict(findings, folds: set[int] | None, judged_csv: str | None):
    """``findings`` keeping only rows in ``folds`` and without a verdict in ``judged_csv``."""
    fold_of = dev_folds() if folds else {}
    paths = [p for p in judged_csv.split(",") if p.strip()] if judged_csv else []
    seen = {wording_precision.key(r) for r in wording_precision.load_csvs(paths)}

    def wrapped(*args, **kwargs):
        rows = findings(*args, **kwargs)
        if folds:
            rows = [r for r in rows if fold_of.get(r["file"]) in folds]
        return [r for r in rows if wording_precision.key(r) not in seen]
    return wrapped


def main(argv: list[str] | None = None) -> int:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--folds", default="", help="comma-separated cuad-dev folds (1-5) to keep")
    pre.add_argument("--exclude-judged", default=None, help="comma-separated verdict CSVs: findings with a verdict there are left out")
    ours, rest = pre.parse_known_args(argv)
    try:
        folds = {int(x) for x in ours.folds.split(",") if x.strip()} or None
    except ValueError:
        print(f"--folds wants comma-separated numbers, not {ours.folds!r}", file=sys.stderr)
        return 2
    if folds or ours.exclude_judged:
        wording_precision.findings = restrict(wording_precision.findings, folds, ours.exclude_judged)
    return wording_precision.main(rest, topics=("hygiene",), default_csv=os.path.join(HERE, "precision.csv"),
                                  what="hygiene", description=__doc__.split("\n\n")[0],
                                  corpus_csvs={"cuad-dev": DEV_CSV})


if __name__ == "__main__":
    sys.exit(main())
