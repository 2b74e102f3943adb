"""The precision benches (bench/wording_precision.py, bench/hygiene/precision.py): corpus selection and the
committed verdict files. Linting the real contracts and scoring them is the benches' job, not the tests'."""
from __future__ import annotations

import csv
import importlib.util
import sys

import pytest

from conftest import REPO


def _load(name: str, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


wp = _load("wording_precision", REPO / "bench" / "wording_precision.py")

# verdicts kept apart for the cuad-dev contracts, which no round of tuning saw
DEV_CSVS = {
    "hygiene": REPO / "bench" / "hygiene" / "precision_cuad_dev.csv",
    "wording": REPO / "bench" / "wording_precision_cuad_dev.csv",
}


def _touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")


def test_cuad_dev_is_its_own_corpus_and_stays_out_of_the_default_one(tmp_path):
    for rel in ("cuad/txt/a.txt", "cuad-dev/txt/b.txt", "standard/form/c.txt", "standard/form/c.pdftotext.txt",
                "gov/us-federal/d.pdftotext.txt"):
        _touch(tmp_path / rel)
    names = {corpus: [p.split("/")[-1] for p in wp.corpus_files(str(tmp_path), wp.CORPORA[corpus])]
             for corpus in wp.CORPORA}
    assert names["cuad-dev"] == ["b.txt"]
    assert names["cuad"] == ["a.txt"]
    assert names["all"] == ["a.txt", "c.txt", "d.pdftotext.txt"]


@pytest.mark.parametrize("what", sorted(DEV_CSVS))
def test_every_sampled_cuad_dev_finding_has_a_verdict_and_a_reason(what):
    with open(DEV_CSVS[what], newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == wp.COLUMNS
        rows = list(reader)
    assert len(rows) == 40
    for row in rows:
        assert row["file"].startswith("cuad-dev/txt/"), row["file"]
        assert row["verdict"] in ("agree", "disagree"), row
        assert row["reason"].strip(), row


def test_corpus_option_scores_against_that_corpus_csv(monkeypatch, capsys):
    """`--corpus cuad-dev` reads the cuad-dev contracts and their own verdicts: fed the judged rows as the
    findings, the score is the hygiene figure the docs give (21 of 40)."""
    with open(DEV_CSVS["hygiene"], newline="", encoding="utf-8") as fh:
        judged = [{c: r[c] for c in wp.COLUMNS[:5]} for r in csv.DictReader(fh)]
    seen = {}

    def fake_findings(root, topics, patterns):
        seen["patterns"], seen["topics"] = patterns, topics
        return judged

    monkeypatch.setattr(wp, "findings", fake_findings)
    code = wp.main(["score", "--seed", "101", "--n", "40", "--corpus", "cuad-dev"], topics=("hygiene",),
                   default_csv=str(REPO / "bench" / "hygiene" / "precision.csv"), what="hygiene",
                   corpus_csvs={"cuad-dev": str(DEV_CSVS["hygiene"])})
    assert code == 0
    assert seen == {"patterns": ("cuad-dev/txt/*.txt",), "topics": ("hygiene",)}
    total = [line for line in capsys.readouterr().out.splitlines() if line.startswith("all ")]
    assert total and total[0].split()[2:5] == ["40", "21", "0.525"]


def _labelled_corpus(tmp_path, dev_names, shared_names=("shared1.txt",)):
    for sub, names in (("cuad", shared_names), ("cuad-dev", dev_names)):
        for n in names:
            _touch(tmp_path / sub / "txt" / n)
        labels = tmp_path / (sub if sub == "cuad-dev" else "") / "cuad_labels.csv"
        labels.parent.mkdir(parents=True, exist_ok=True)
        labels.write_text("contract,Exclusivity\n" + "".join(f"{n},0\n" for n in names), encoding="utf-8")
    _touch(tmp_path / "standard" / "form" / "c.txt")


def test_folds_are_those_of_cuad_cv(tmp_path):
    """--folds restricts to the contracts bench/cuad_cv.py puts in those folds: the shared 22 are fold 0, a
    cuad-dev contract gets the fold assign_folds gives it, and a standard form has no fold."""
    dev = [f"Filer{i}Inc_2020010{i % 9 + 1}_8-K_EX-10.1.txt" for i in range(12)]
    _labelled_corpus(tmp_path, dev)
    cv = wp._cuad_cv()
    expected = cv.assign_folds(dev, cv.DEV_FOLDS)
    folds = wp.folds_by_file(str(tmp_path))
    assert folds == {"cuad/txt/shared1.txt": 0, **{f"cuad-dev/txt/{n}": f for n, f in expected.items()}}
    files = wp.corpus_files(str(tmp_path), wp.PATTERNS + wp.CORPORA["cuad-dev"])
    kept = wp.in_folds(files, str(tmp_path), {4, 5})
    assert sorted(p.split("/")[-1] for p in kept) == sorted(n for n, f in expected.items() if f in (4, 5))
    assert [p.split("/")[-1] for p in wp.in_folds(files, str(tmp_path), {0})] == ["shared1.txt"]


def test_folds_match_cuad_cv_contracts_on_the_shared_corpus(real_corpus):
    cv = wp._cuad_cv()
    if not (real_corpus / "cuad-dev" / "cuad_labels.csv").is_file():
        pytest.skip("the labelled cuad-dev corpus is not available")
    expected = {("cuad-dev/txt/" if d["corpus"] == "dev" else "cuad/txt/") + d["name"]: d["fold"]
                for d in cv.contracts()}
    assert wp.folds_by_file(str(real_corpus)) == expected


def test_folds_and_exclude_judged_options(monkeypatch, tmp_path, capsys):
    """`--folds` is passed to the linting step, `--exclude-judged` leaves judged findings out of a sample, and
    new rows go to the first of several verdict CSVs."""
    rows = [{"file": f"cuad-dev/txt/f{i}.txt", "line": "1", "rule": "WD0%d" % (1 + i % 3), "match": "promptly",
             "sentence": f"The Supplier shall promptly do thing {i}."} for i in range(9)]
    seen = {}

    def fake_findings(root, topics, patterns, folds=None):
        seen["folds"] = folds
        return rows

    monkeypatch.setattr(wp, "findings", fake_findings)
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    wp.write_csv(str(old), [dict(r, verdict="agree", reason="r") for r in rows[:3]])
    code = wp.main(["sample", "--n", "9", "--corpus", "cuad-dev", "--folds", "1,3", "--csv", str(new),
                    "--exclude-judged", str(old), "--write"])
    assert code == 0 and seen["folds"] == {1, 3}
    written = wp.load_csv(str(new))
    assert sorted(r["sentence"] for r in written) == sorted(r["sentence"] for r in rows[3:])
    assert wp.load_csv(str(old))[0]["verdict"] == "agree"
    capsys.readouterr()
    # scored from both files together, every judged finding counts
    wp.write_csv(str(new), [dict(r, verdict="disagree", reason="r") for r in written])
    assert wp.main(["score", "--all", "--corpus", "cuad-dev", "--folds", "1", "--csv", f"{new},{old}"]) == 0
    total = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("all ")]
    assert total and total[-1][2:5] == ["9", "3", "0.333"]


def test_folds_option_rejects_words(monkeypatch):
    monkeypatch.setattr(wp, "findings", lambda *a, **k: [])
    with pytest.raises(SystemExit) as exc:
        wp.main(["score", "--all", "--folds", "one"])
    assert exc.value.code == 2


# the cuad-dev wording verdicts of the fold split: tuning samples from folds 1-3, the unseen one from folds 4-5
FOLD_CSVS = {
    REPO / "bench" / "wording_precision_cuad_dev_tuning.csv": {1, 2, 3},
    REPO / "bench" / "wording_precision_cuad_dev_heldout.csv": {4, 5},
}


@pytest.mark.parametrize("path", sorted(FOLD_CSVS), ids=lambda p: p.name)
def test_fold_split_verdicts_stay_in_their_folds(path, real_corpus):
    if not (real_corpus / "cuad-dev" / "cuad_labels.csv").is_file():
        pytest.skip("the labelled cuad-dev corpus is not available")
    folds = wp.folds_by_file(str(real_corpus))
    rows = wp.load_csv(str(path))
    assert rows
    for row in rows:
        assert folds.get(row["file"]) in FOLD_CSVS[path], row["file"]
        assert row["verdict"] in ("agree", "disagree") and row["reason"].strip(), row
