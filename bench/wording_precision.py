"""Precision of the wording rules (vague standards, weak obligations, discretion) on real contracts.

The script lints the shared real-contract corpus with ``bpolint check --format json``,
keeps the findings of the wording topics, draws a reproducible random sample
(stratified by rule, fixed seed) and scores it against the hand verdicts in
``bench/wording_precision.csv``.

    # draw sample 1 (seed 1, 60 findings) and add the rows not judged yet to the CSV
    python bench/wording_precision.py sample --seed 1 --n 60 --write
    # ... fill in verdict (agree/disagree) and reason for the new rows ...
    # precision of that sample, per rule and overall
    python bench/wording_precision.py score --seed 1 --n 60
    # every current finding that has a verdict, whichever sample drew it
    python bench/wording_precision.py score --all
    # the 22 CUAD contracts only, with the verdicts of the CUAD samples
    python bench/wording_precision.py score --seed 6 --n 40 --exclude-seeds 4,5 --cuad-only --csv bench/wording_precision_cuad.csv
    # a sample that leaves out what earlier samples drew (fresh after tuning on them)
    python bench/wording_precision.py sample --seed 3 --n 60 --exclude-seeds 1,2 --write
    # the 100 cuad-dev contracts, with their own verdicts (bench/wording_precision_cuad_dev.csv)
    python bench/wording_precision.py score --seed 201 --n 40 --corpus cuad-dev
    # only the cuad-dev contracts of folds 1-3 (bench/cuad_cv.py's tuning folds), with a tuning CSV,
    # leaving out what the seed-201 verdicts already judged
    python bench/wording_precision.py sample --seed 301 --n 40 --corpus cuad-dev --folds 1,2,3 \
        --csv bench/wording_precision_cuad_dev_tuning.csv --exclude-judged bench/wording_precision_cuad_dev.csv

A verdict is joined to a finding on (file, rule, match, sentence), so verdicts
survive line shifts; a judged row whose finding no longer fires is reported as
"retired" and does not count. The corpus is read in place and never copied.
"""
from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.normpath(os.path.join(REPO, "..", "shared", "corpora", "real"))
DEFAULT_CSV = os.path.join(REPO, "bench", "wording_precision.csv")
DEV_CSV = os.path.join(REPO, "bench", "wording_precision_cuad_dev.csv")
COLUMNS = ["file", "line", "rule", "match", "sentence", "verdict", "reason"]
TOPICS = ("wording.vague", "wording.weak-obligation", "wording.unilateral-discretion")
# cuad plain text, the standard forms' own text (not their pdftotext duplicates), federal SOWs
PATTERNS = ("cuad/txt/*.txt", "standard/*/*.txt", "gov/us-federal/*.pdftotext.txt")
# named corpora under the root; cuad-dev (100 more CUAD contracts) is kept apart from "all",
# so that its samples stay unseen by the rounds of tuning on the others
CORPORA = {"all": PATTERNS, "cuad": ("cuad/txt/*.txt",), "cuad-dev": ("cuad-dev/txt/*.txt",)}


def corpus_files(root: str, patterns=PATTERNS) -> list[str]:
    files: list[str] = []
    for pat in patterns:
        for f in sorted(glob.glob(os.path.join(root, pat))):
            if pat.startswith("standard/") and f.endswith(".pdftotext.txt"):
                continue  # the same text as the .txt/.md beside it
            files.append(f)
    return files


def _cuad_cv():
    """bench/cuad_cv.py, whose fold assignment the --folds option reuses unchanged."""
    import importlib.util

    path = os.path.join(REPO, "bench", "cuad_cv.py")
    spec = importlib.util.spec_from_file_location("cuad_cv", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("cuad_cv", module)
    spec.loader.exec_module(module)
    return module


def folds_by_file(root: str) -> dict[str, int]:
    """The fold of each labelled CUAD contract under ``root`` (relative path -> fold), assigned as
    bench/cuad_cv.py's ``contracts()`` does: the 22 shared contracts are fold 0, cuad-dev folds 1-5 by filer."""
    cv = _cuad_cv()
    out: dict[str, int] = {}
    for sub, dev in (("cuad", False), ("cuad-dev", True)):
        folder = Path(root) / sub
        labels_csv = (Path(root) if not dev else folder) / "cuad_labels.csv"
        if not labels_csv.is_file():
            continue
        names = sorted(n for n in cv.read_labels(labels_csv) if (folder / "txt" / n).is_file())
        folds = cv.assign_folds(names, cv.DEV_FOLDS) if dev else {n: 0 for n in names}
        out.update({f"{sub}/txt/{n}": f for n, f in folds.items()})
    return out


def in_folds(files: list[str], root: str, folds: set[int]) -> list[str]:
    """The files of ``files`` that lie in one of ``folds``; files with no fold (the standard forms) drop out."""
    fold = folds_by_file(root)
    return [f for f in files if fold.get(os.path.relpath(f, root).replace(os.sep, "/")) in folds]


def run_bpolint(files: list[str]) -> dict:
    cmd = [sys.executable, "-m", "bpolint", "check", "--format", "json", "--fail-on", "never", *files]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"bpolint failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
    return json.loads(proc.stdout)


# the message quotes the sentence last: '...: "<sentence>". <why>'
_SENTENCE = re.compile(r': "(.*)"\.(?:\s|$)', re.S)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def findings(root: str, topics=TOPICS, patterns=PATTERNS, folds: set[int] | None = None) -> list[dict]:
    """Findings of ``topics`` as rows: the evidence is the matched words, the message quotes the sentence."""
    files = corpus_files(root, patterns)
    if folds is not None:
        files = in_folds(files, root, folds)
        if not files:
            sys.exit(f"no labelled contract of folds {sorted(folds)} under {root}")
    report = run_bpolint(files)
    rows = []
    for f in report["files"]:
        rel = os.path.relpath(f["file"], root) if os.path.isabs(f["file"]) else os.path.relpath(os.path.join(REPO, f["file"]), root)
        for x in f["findings"]:
            if not any(x["topic"] == t or x["topic"].startswith(t + ".") for t in topics):
                continue
            m = _SENTENCE.search(x["message"])
            rows.append({"file": rel, "line": str(x["location"]["line"]), "rule": x["rule"],
                         "match": x["evidence"], "sentence": m.group(1) if m else x["evidence"]})
    return rows


def key(row: dict) -> tuple:
    return (row["file"], row["rule"], norm(row["match"]), norm(row["sentence"]))


def _rank(row: dict, seed: int) -> str:
    """A per-finding random rank: drawing the lowest ranks gives a sample that stays put when
    other findings come or go, so a sample can be redrawn after the rules change."""
    text = "|".join((str(seed), *key(row)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draw(rows: list[dict], n: int, seed: int) -> list[dict]:
    """Stratified by rule: an equal share per rule, the remainder from the larger pools."""
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_rule[r["rule"]].append(r)
    pools = {rule: sorted(items, key=lambda r: _rank(r, seed)) for rule, items in sorted(by_rule.items())}
    picked: list[dict] = []
    share = n // max(len(pools), 1)
    for rule, items in pools.items():
        picked += items[:share]
        pools[rule] = items[share:]
    rest = sorted((r for items in pools.values() for r in items), key=lambda r: _rank(r, seed))
    picked += rest[:max(0, n - len(picked))]
    return picked


def load_csvs(paths: list[str]) -> list[dict]:
    return [r for p in paths for r in load_csv(p)]


def load_csv(path: str) -> list[dict]:
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: str, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in COLUMNS})


def score(sample: list[dict], verdicts: dict[tuple, dict], population: Counter) -> int:
    agree: Counter = Counter()
    judged: Counter = Counter()
    missing = 0
    for r in sample:
        v = verdicts.get(key(r))
        if not v or v["verdict"] not in ("agree", "disagree"):
            missing += 1
            continue
        judged[r["rule"]] += 1
        agree[r["rule"]] += v["verdict"] == "agree"
    print(f"{'rule':6} {'findings':>8} {'judged':>6} {'agree':>5} {'precision':>9}")
    for rule in sorted(population):
        p = agree[rule] / judged[rule] if judged[rule] else float("nan")
        print(f"{rule:6} {population[rule]:8d} {judged[rule]:6d} {agree[rule]:5d} {p:9.3f}")
    total_j, total_a = sum(judged.values()), sum(agree.values())
    if total_j:
        print(f"{'all':6} {sum(population.values()):8d} {total_j:6d} {total_a:5d} {total_a / total_j:9.3f}  (judged findings)")
        weighted = sum(population[r] * agree[r] / judged[r] for r in judged) / sum(population[r] for r in judged)
        print(f"{'':6} {'':8} {'':6} {'':5} {weighted:9.3f}  (weighted by each rule's share of findings)")
    if missing:
        print(f"{missing} sampled findings have no verdict yet (run `sample --write`, then judge them)")
    return missing


def main(argv: list[str] | None = None, topics=TOPICS, default_csv: str = DEFAULT_CSV, what: str = "wording",
         description: str | None = None, corpus_csvs: dict[str, str] | None = None) -> int:
    """``corpus_csvs`` names the verdict CSV of a corpus whose verdicts are kept apart from ``default_csv``."""
    corpus_csvs = {"cuad-dev": DEV_CSV} if corpus_csvs is None else corpus_csvs
    ap = argparse.ArgumentParser(description=description or __doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["sample", "score", "list"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--all", action="store_true", help="score: every current finding with a verdict")
    ap.add_argument("--exclude-seeds", default="",
                    help="comma-separated seeds whose samples (same --n) are left out, for a sample fresh to them")
    ap.add_argument("--write", action="store_true", help="sample: add unjudged sampled rows to the CSV")
    ap.add_argument("--csv", default=None,
                    help="verdict CSV (default: the corpus's own CSV where it has one, else " +
                         os.path.relpath(default_csv, REPO) + "); several, comma-separated, are read together "
                         "and new rows go to the first")
    ap.add_argument("--folds", default="",
                    help="comma-separated folds of bench/cuad_cv.py (0 = the 22 CUAD contracts, 1-5 = cuad-dev): "
                         "only the contracts in these folds")
    ap.add_argument("--exclude-judged", default="",
                    help="comma-separated verdict CSVs: findings judged there are left out of the sample")
    ap.add_argument("--root", default=os.environ.get("BPOLINT_REAL_CORPUS", DEFAULT_CORPUS),
                    help="the shared real-contract folder (default ../shared/corpora/real)")
    ap.add_argument("--corpus", choices=sorted(CORPORA), default="all",
                    help="all: cuad/txt, the standard forms and the federal SOWs; cuad: the 22 CUAD contracts; "
                         "cuad-dev: the 100 cuad-dev contracts")
    ap.add_argument("--cuad-only", action="store_true", help="the same as --corpus cuad")
    args = ap.parse_args(argv)
    corpus = "cuad" if args.cuad_only else args.corpus
    csvs = [p for p in (args.csv or corpus_csvs.get(corpus, default_csv)).split(",") if p.strip()]
    args.csv = csvs[0]
    try:
        folds = {int(x) for x in args.folds.split(",") if x.strip()} or None
    except ValueError:
        ap.error(f"--folds takes fold numbers, e.g. 1,2,3 (got {args.folds!r})")

    rows = findings(args.root, topics, patterns=CORPORA[corpus], **({"folds": folds} if folds else {}))
    population = Counter(r["rule"] for r in rows)
    pool = rows
    for seed in (int(x) for x in args.exclude_seeds.split(",") if x.strip()):
        seen = {key(r) for r in draw(rows, args.n, seed)}
        pool = [r for r in pool if key(r) not in seen]
    if args.exclude_judged:
        seen = {key(r) for r in load_csvs([p for p in args.exclude_judged.split(",") if p.strip()])}
        pool = [r for r in pool if key(r) not in seen]
    judged = load_csvs(csvs)
    own = load_csv(args.csv)
    verdicts = {key(r): r for r in judged}

    if args.command == "list":
        w = csv.DictWriter(sys.stdout, fieldnames=COLUMNS[:5])
        w.writeheader()
        for r in rows:
            w.writerow(r)
        return 0

    if args.command == "sample":
        sample = draw(pool, args.n, args.seed)
        new = [r for r in sample if key(r) not in verdicts]
        print(f"{len(rows)} {what} findings {dict(sorted(population.items()))}; sample of {len(sample)} "
              f"(seed {args.seed}); {len(new)} not judged yet")
        for r in new:
            print(f"  {r['rule']} {r['file']}:{r['line']} [{r['match']}] {r['sentence'][:160]}")
        if args.write and new:
            write_csv(args.csv, own + [dict(r, verdict="", reason="") for r in new])
            print(f"added {len(new)} rows to {os.path.relpath(args.csv, REPO)}")
        return 0

    current = {key(r) for r in rows}
    # with --folds, only the judged rows of those folds can still fire
    fold = folds_by_file(args.root) if folds else {}
    retired = [r for r in judged if key(r) not in current and r.get("verdict")
               and (not folds or fold.get(r["file"]) in folds)]
    if args.all:
        sample = [r for r in rows if key(r) in verdicts]
        print(f"all current findings with a verdict: {len(sample)} of {len(rows)}")
    else:
        sample = draw(pool, args.n, args.seed)
        print(f"sample of {len(sample)} findings, seed {args.seed}, from {len(pool)} of {len(rows)} current {what} findings"
              + (f" (leaving out the samples of seeds {args.exclude_seeds})" if args.exclude_seeds else "")
              + (f" (leaving out the findings judged in {args.exclude_judged})" if args.exclude_judged else ""))
    missing = score(sample, verdicts, population)
    if retired:
        gone = Counter(r["verdict"] for r in retired)
        print(f"retired: {len(retired)} judged rows no longer fire ({dict(gone)})")
        for r in retired:
            print(f"  retired {r['verdict']}: {r['rule']} {r['file'][:50]}:{r['line']} [{r['match']}]")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
