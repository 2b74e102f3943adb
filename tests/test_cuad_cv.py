"""The folds of bench/cuad_cv.py: one filer's contracts never sit on both sides of a split.

Only the split is checked here (file names, no linting); the scores are the bench's job.
"""
from __future__ import annotations

import importlib.util
import sys

from conftest import REPO


def _bench():
    spec = importlib.util.spec_from_file_location("cuad_cv", REPO / "bench" / "cuad_cv.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cv = _bench()


def test_filer_is_the_company_before_the_filing_date_without_its_legal_form():
    assert cv.filer("ABILITYINC_06_15_2020-EX-4.25-SERVICES AGREEMENT.txt") == "ability"
    assert cv.filer("ImineCorp_20180725_S-1_EX-10.5_11275970_EX-10.5_Distributor Agreement.txt") == "imine"
    assert cv.filer("LEGACYTECHNOLOGYHOLDINGS,INC_12_09_2005-EX-10.2-DISTRIBUTOR AGREEMENT.txt") == \
        "legacytechnologyholdings"
    assert cv.filer("GluMobileInc_20181012_8-K_EX-10.1.pdf") == cv.filer("GLUMOBILEINC_05_08_2014-EX-10.3.txt")


def test_folds_keep_each_filer_together_and_are_balanced():
    names = [f"ACME{i % 7}INC_01_0{1 + i % 9}_2001-EX-10.{i}-AGREEMENT.txt" for i in range(40)]
    names += [f"Solo{i}Corp_20200101_8-K_EX-10.1.txt" for i in range(20)]
    folds = cv.assign_folds(names, 5)
    by_filer: dict[str, set[int]] = {}
    for n, f in folds.items():
        by_filer.setdefault(cv.filer(n), set()).add(f)
    assert all(len(f) == 1 for f in by_filer.values())
    sizes = [sum(1 for f in folds.values() if f == k) for k in range(1, 6)]
    assert max(sizes) - min(sizes) <= 6  # the largest filer holds 6 contracts
    assert cv.assign_folds(list(reversed(names)), 5) == folds  # the order of the listing does not matter


def test_labelled_contracts_split_by_filer_with_held_out_folds_apart(real_corpus):
    docs = cv.contracts()
    assert len(docs) >= 100
    by_filer: dict[str, set[int]] = {}
    for d in docs:
        by_filer.setdefault(cv.filer(d["name"]), set()).add(d["fold"])
    assert all(len(f) == 1 for f in by_filer.values()), {k: v for k, v in by_filer.items() if len(v) > 1}
    assert not set(cv.TUNING_FOLDS) & set(cv.HELD_OUT_FOLDS)
    assert {d["fold"] for d in docs} == set(cv.TUNING_FOLDS) | set(cv.HELD_OUT_FOLDS)
    assert all(d["fold"] == 0 for d in docs if d["corpus"] == "shared")
