"""Filer-grouped folds over the 122 labelled CUAD contracts: per-topic P/R/F1 on folds not tuned on.

The 22 shared contracts (``../shared/corpora/real/cuad``) are fold 0: earlier rule
work was tuned on them. The 100 of ``cuad-dev`` are split into folds 1-5 by filer
(the company in the file name), so one company's exhibits never sit on both sides.
The split is fixed by the filer names alone (no labels, no text):

* tuning folds 0-3: their false positives and negatives may be read and fixed
  (``--errors`` prints only these);
* held-out folds 4-5: scored, never read while changing rules.

Each contract is linted once, as ``bpolint eval`` does (service type detected),
in a process pool; every subset is scored from the same results. A file that
fails is reported and left out of the scores, never stops the run.

    python bench/cuad_cv.py [--jobs 2] [--errors [--topic ID]] [--save run.json]
    python bench/cuad_cv.py --load run.json     # rescore a saved run

Macro F1 is taken over the topics with at least ``--min-positives`` (20) labelled
positives among all 122 contracts, the same topic set for every subset.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpolint.metrics import Counts  # noqa: E402

REAL = ROOT.parent / "shared" / "corpora" / "real"
# (corpus, folder of labels and spans, folder of texts)
CORPORA = (("shared", REAL, REAL / "cuad" / "txt"), ("dev", REAL / "cuad-dev", REAL / "cuad-dev" / "txt"))
DEV_FOLDS = 5
TUNING_FOLDS = (0, 1, 2, 3)
HELD_OUT_FOLDS = (4, 5)
_LEGAL_FORM = re.compile(r"(inc|corp|corporation|co|ltd|llc|plc|lp|company)$")


def filer(name: str) -> str:
    """The filing company, from CUAD's file name: text before the filing date, or before ' - '."""
    stem = re.sub(r"\.(txt|pdf)$", "", name, flags=re.I)
    m = re.match(r"^(.*?)[_ ]?(?:\d{8}|\d{2}_\d{2}_\d{4})(?:[_-]|$)", stem)
    head = m.group(1) if m else stem.split(" - ")[0]
    key = re.sub(r"[^a-z0-9]", "", head.lower())
    return _LEGAL_FORM.sub("", key) or key


def assign_folds(names: list[str], k: int, first: int = 1) -> dict[str, int]:
    """Filer groups, largest first (ties by a hash of the filer), each to the emptiest fold."""
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(filer(n), []).append(n)
    order = sorted(groups, key=lambda g: (-len(groups[g]), hashlib.sha1(g.encode()).hexdigest()))
    sizes = [0] * k
    out: dict[str, int] = {}
    for g in order:
        i = min(range(k), key=lambda j: (sizes[j], j))
        sizes[i] += len(groups[g])
        for n in groups[g]:
            out[n] = first + i
    return out


def read_labels(path: Path) -> dict[str, dict[str, int]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return {row.pop("contract"): {c: int(v) for c, v in row.items() if v in ("0", "1")}
                for row in csv.DictReader(fh)}


def read_spans(path: Path) -> dict[tuple[str, str], list[str]]:
    spans: dict[tuple[str, str], list[str]] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                s = json.loads(line)
                spans.setdefault((s["contract"], s["category"]), []).append(s["text"])
    return spans


def contracts() -> list[dict]:
    """Every labelled contract: name, path, corpus, fold, labels."""
    out = []
    for corpus, folder, texts in CORPORA:
        labels = read_labels(folder / "cuad_labels.csv")
        names = sorted(n for n in labels if (texts / n).is_file())
        folds = {n: 0 for n in names} if corpus == "shared" else assign_folds(names, DEV_FOLDS)
        for n in names:
            out.append({"name": n, "path": str(texts / n), "corpus": corpus, "fold": folds[n],
                        "labels": labels[n]})
    return out


def _lint(path: str) -> tuple[str, dict | None, str | None, float]:
    from bpolint.api import lint_file

    start = time.perf_counter()
    try:
        report = lint_file(path)
    except Exception as exc:  # noqa: BLE001 - a bench records the failure and goes on
        return path, None, f"{type(exc).__name__}: {exc}", time.perf_counter() - start
    topics = {t.topic: [t.status, t.evidence[0].quote if t.evidence else "",
                        t.evidence[0].location.clause if t.evidence else None] for t in report.topics}
    return path, topics, None, time.perf_counter() - start


def lint_all(paths: list[str], jobs: int) -> dict[str, dict]:
    if jobs <= 1:
        results = map(_lint, paths)
        return {p: {"topics": t, "error": e, "seconds": s} for p, t, e, s in results}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return {p: {"topics": t, "error": e, "seconds": s} for p, t, e, s in pool.map(_lint, paths, chunksize=1)}


def cuad_topics() -> list[tuple[str, str, tuple[str, ...]]]:
    """(topic, CUAD category, positive statuses) for every mapped topic."""
    from bpolint.scoring import POSITIVE
    from bpolint.taxonomy import load_taxonomy

    return [(t.id, t.cuad, t.cuad_positive or POSITIVE.get(t.kind, ())) for t in load_taxonomy().topics.values()
            if t.cuad]


def score(subset: list[dict], results: dict[str, dict], topic: str, category: str,
          positive: tuple[str, ...]) -> tuple[Counts, list[tuple[dict, str]], list[tuple[dict, str]]]:
    c, fps, fns = Counts(), [], []
    for doc in subset:
        topics = results[doc["path"]]["topics"]
        if topics is None or category not in doc["labels"]:
            continue
        status = (topics.get(topic) or ["not-reported"])[0]
        predicted, actual = status in positive, doc["labels"][category] == 1
        if predicted and actual:
            c.tp += 1
        elif predicted:
            c.fp += 1
            fps.append((doc, topic))
        elif actual:
            c.fn += 1
            fns.append((doc, status))
    return c, fps, fns


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--min-positives", type=int, default=20)
    ap.add_argument("--errors", action="store_true", help="list false positives and negatives on the tuning folds")
    ap.add_argument("--topic", help="with --errors: only this topic")
    ap.add_argument("--save", help="write the per-file statuses to this JSON file")
    ap.add_argument("--load", help="score a run saved with --save instead of linting")
    ap.add_argument("--folds", action="store_true", help="also print macro F1 per fold")
    ap.add_argument("--tuning-only", action="store_true",
                    help="lint and score only the tuning folds (while rules are being changed)")
    args = ap.parse_args(argv)

    if not all((folder / "cuad_labels.csv").is_file() for _, folder, _ in CORPORA):
        print(f"skipped: the labelled CUAD corpora are not in {REAL.relative_to(ROOT.parent)}")
        return 0
    docs = contracts()
    if args.tuning_only:
        docs = [d for d in docs if d["fold"] in TUNING_FOLDS]
    start = time.perf_counter()
    if args.load:
        results = json.loads(Path(args.load).read_text())
    else:
        results = lint_all([d["path"] for d in docs], args.jobs)
    elapsed = time.perf_counter() - start
    if args.save:
        Path(args.save).write_text(json.dumps(results))
    failed = [d for d in docs if results[d["path"]]["error"]]

    subsets = {
        "held-out (folds 4-5)": [d for d in docs if d["fold"] in HELD_OUT_FOLDS],
        "tuning (folds 0-3)": [d for d in docs if d["fold"] in TUNING_FOLDS],
        f"all {len(docs)}": docs,
        "cuad-dev": [d for d in docs if d["corpus"] == "dev"],
    }
    if args.tuning_only:
        subsets = {k: v for k, v in subsets.items() if k.startswith("tuning")}
    topics = cuad_topics()
    everyone = docs if not args.tuning_only else contracts()
    kept = {t for t, cat, _ in topics if sum(d["labels"].get(cat, 0) for d in everyone) >= args.min_positives}

    print(f"{len(docs)} contracts, {len(docs) - len(failed)} scored; folds: "
          + ", ".join(f"{f}={sum(d['fold'] == f for d in docs)}" for f in sorted({d["fold"] for d in docs}))
          + f"; linted in {elapsed:.0f} s with {args.jobs} process(es)")
    for d in failed:
        print(f"error (left out): {d['name']}: {results[d['path']]['error']}")
    print()
    names = list(subsets)
    print("| topic | CUAD category | " + " | ".join(f"{n}: pos P R F1" for n in names) + " |")
    print("|---|---|" + "---|" * len(names))
    macro: dict[str, list[float]] = {n: [] for n in names}
    for t, cat, pos in topics:
        cells = []
        for n in names:
            c = score(subsets[n], results, t, cat, pos)[0]
            cells.append(f"{c.tp + c.fn} {c.precision:.2f} {c.recall:.2f} {c.f1:.2f}")
            if t in kept:
                macro[n].append(c.f1)
        print(f"| {t}{'' if t in kept else ' *'} | {cat} | " + " | ".join(cells) + " |")
    print()
    for n in names:
        f1s = macro[n]
        print(f"{n:22s} macro F1 {sum(f1s) / len(f1s):.3f} over {len(f1s)} topics, lowest {min(f1s):.2f}")
    print(f"(* = fewer than {args.min_positives} labelled positives among all {len(everyone)}, left out of the macro F1)")
    if args.folds:
        for f in sorted({d["fold"] for d in docs}):
            sub = [d for d in docs if d["fold"] == f]
            f1s = [score(sub, results, t, cat, pos)[0].f1 for t, cat, pos in topics if t in kept]
            print(f"fold {f} ({len(sub)}): macro F1 {sum(f1s) / len(f1s):.3f}")

    if args.errors:
        spans = {}
        for _, folder, _ in CORPORA:
            spans.update(read_spans(folder / "cuad_spans.jsonl"))
        tuning = subsets["tuning (folds 0-3)"]
        for t, cat, pos in topics:
            if args.topic and t != args.topic:
                continue
            _, fps, fns = score(tuning, results, t, cat, pos)
            for doc, _ in fps:
                status, quote, clause = results[doc["path"]]["topics"][t]
                print(f"\nFP {t} [{doc['fold']}] {doc['name'][:70]}\n   {status} clause {clause}: {quote[:400]}")
            for doc, status in fns:
                print(f"\nFN {t} [{doc['fold']}] {doc['name'][:70]} (status {status})")
                for s in spans.get((doc["name"], cat), [])[:3]:
                    print(f"   gold: {s[:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
