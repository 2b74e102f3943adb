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
