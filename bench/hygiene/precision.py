"""Precision of the drafting-hygiene findings on real contracts, judged by hand.

The same procedure as bench/wording_precision.py (stratified random sample per rule,
fixed seed, verdicts joined to findings on file, rule, evidence and sentence), for the
hygiene.* topics, with the verdicts in bench/hygiene/precision.csv. Use --cuad-only
for the 22 CUAD contracts; --corpus cuad-dev for the 100 cuad-dev contracts, whose
verdicts are kept apart in bench/hygiene/precision_cuad_dev.csv.

    python bench/hygiene/precision.py sample --seed 1 --n 40 --cuad-only --write
    python bench/hygiene/precision.py score --seed 1 --n 40 --cuad-only
    python bench/hygiene/precision.py score --seed 101 --n 40 --corpus cuad-dev
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import wording_precision  # noqa: E402  (bench/ is not a package)

if __name__ == "__main__":
    sys.exit(wording_precision.main(topics=("hygiene",), default_csv=os.path.join(HERE, "precision.csv"),
                                    what="hygiene", description=__doc__.split("\n\n")[0],
                                    corpus_csvs={"cuad-dev": os.path.join(HERE, "precision_cuad_dev.csv")}))
