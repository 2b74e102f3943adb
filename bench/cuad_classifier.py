"""Does a learned second opinion beat the rules on CUAD folds nobody tuned on?

A linear text classifier (spaCy ``textcat_multilabel`` with the bag-of-words
architecture, no pretrained vectors, no download) scores each paragraph of a
contract for each CUAD category; the document score of a topic is its best
paragraph. Paragraph labels come from CUAD's annotated spans
(``cuad_spans.jsonl`` of the 22 shared contracts and of ``cuad-dev``): a paragraph
is positive for a category when an annotated span of that category overlaps it.

Folds are those of ``bench/cuad_cv.py`` (filer-grouped; 0-3 tuning, 4-5 held out).
Protocol, so that the held-out folds stay unseen:

1. Inner cross-validation on the tuning folds: for each tuning fold, train on the
   other three and score it. From these out-of-fold scores choose, per topic, how
   the classifier and the rules combine (rules alone; rules OR score >= t;
   rules AND score >= t; (rules AND score >= lo) OR score >= hi), keeping the rules
   alone unless a combination gains at least ``--margin`` F1.
2. Train on all tuning folds, score the held-out folds once, and apply the chosen
   combinations: per-topic P/R/F1 of the rules alone and of the combination.

Each contract is linted once (rules' topic statuses and paragraph texts together)
in a process pool; ``--cache`` keeps those results between runs.

    python bench/cuad_classifier.py [--jobs 2] [--cache blocks.pkl] [--epochs 6]
"""
from __future__ import annotations

import argparse
import os
import pickle
import random
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import cuad_cv as cv  # noqa: E402
from bpolint.metrics import Counts  # noqa: E402

MIN_BLOCK_CHARS = 25
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u00a0": " "})


def fold_text(text: str) -> str:
    """Lower case, straight quotes, single spaces: how paragraphs and spans are compared and classified."""
    return " ".join(text.translate(_QUOTES).lower().split())


def _lint_blocks(path: str) -> tuple[str, dict | None, list[str] | None, str | None]:
    """Rule statuses and paragraph texts of one contract, from one pass through the pipeline."""
    from bpolint.extract import extract
    from bpolint.pipeline import engine_for, resolve_services
    from bpolint.segment import segment

    try:
        document = extract(path)
        engine = engine_for(())
        detection = resolve_services(" ".join(b.text for b in document.blocks), ("auto",), engine.ruleset)
        seg = segment(document)
        result = engine.evaluate(seg, detection.service_types)
    except Exception as exc:  # noqa: BLE001 - a bench records the failure and goes on
        return path, None, None, f"{type(exc).__name__}: {exc}"
    statuses = {t.topic: str(t.status.value if hasattr(t.status, "value") else t.status) for t in result.topics}
    return path, statuses, [b.text for b in document.blocks], None


def block_labels(blocks: list[str], spans: dict[str, list[str]]) -> list[set[str]]:
    """Categories whose annotated spans overlap each paragraph."""
    folded = [fold_text(b) for b in blocks]
    starts, pos = [], 0
    for f in folded:
        starts.append(pos)
        pos += len(f) + 1
    joined = " ".join(folded)
    labels: list[set[str]] = [set() for _ in blocks]
    for category, texts in spans.items():
        for text in texts:
            for piece in text.split("<omitted>"):
                p = fold_text(piece)
                if len(p) < 12:
                    continue
                at = joined.find(p)
                if at < 0:
                    at = joined.find(p[:80])
                    p = p[:80]
                if at < 0:
                    continue
                end = at + len(p)
                for i, s in enumerate(starts):
                    if s < end and at < s + len(folded[i]):
                        labels[i].add(category)
    return labels


def load_corpus(jobs: int, cache: str | None) -> list[dict]:
    if cache and Path(cache).is_file():
        return pickle.loads(Path(cache).read_bytes())
    docs = cv.contracts()
    spans: dict[tuple[str, str], list[str]] = {}
    for _, folder, _ in cv.CORPORA:
        spans.update(cv.read_spans(folder / "cuad_spans.jsonl"))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        linted = {p: (s, b, e) for p, s, b, e in pool.map(_lint_blocks, [d["path"] for d in docs], chunksize=1)}
    out = []
    for d in docs:
        statuses, blocks, error = linted[d["path"]]
        if error:
            print(f"error (left out): {d['name']}: {error}")
            continue
        mine = {c: t for (n, c), t in spans.items() if n == d["name"]}
        out.append({**d, "statuses": statuses, "blocks": blocks, "block_labels": block_labels(blocks, mine)})
    if cache:
        Path(cache).write_bytes(pickle.dumps(out))
    return out


def train(docs: list[dict], categories: list[str], epochs: int, seed: int = 0, ngram: int = 2, length: int = 2 ** 16,
          dropout: float = 0.0):
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": ngram,
        "no_output_layer": False, "length": length}})
    for c in categories:
        textcat.add_label(c)
    examples = []
    for d in docs:
        for text, labels in zip(d["blocks"], d["block_labels"]):
            if len(text) < MIN_BLOCK_CHARS:
                continue
            cats = {c: float(c in labels) for c in categories}
            examples.append(Example.from_dict(nlp.make_doc(fold_text(text)), {"cats": cats}))
    optimizer = nlp.initialize(lambda: examples[:2000])
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=64):
            nlp.update(batch, sgd=optimizer, drop=dropout)
    return nlp


def doc_scores(nlp, docs: list[dict], categories: list[str]) -> dict[str, dict[str, tuple[float, int]]]:
    """Per document and category: the best paragraph's score and its index."""
    out = {}
    for d in docs:
        idx = [i for i, t in enumerate(d["blocks"]) if len(t) >= MIN_BLOCK_CHARS]
        best = {c: (0.0, -1) for c in categories}
        for i, doc in zip(idx, nlp.pipe((fold_text(d["blocks"][i]) for i in idx), batch_size=256)):
            for c in categories:
                s = doc.cats.get(c, 0.0)
                if s > best[c][0]:
                    best[c] = (s, i)
        out[d["path"]] = best
    return out


THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]


def decide(policy: tuple, rule: bool, score: float) -> bool:
    kind = policy[0]
    if kind == "rules":
        return rule
    if kind == "or":
        return rule or score >= policy[1]
    if kind == "and":
        return rule and score >= policy[1]
    if kind == "vote":
        return (rule and score >= policy[1]) or score >= policy[2]
    if kind == "model":
        return score >= policy[1]
    raise ValueError(kind)


def f1_of(rows: list[tuple[bool, bool, float]], policy: tuple) -> Counts:
    c = Counts()
    for actual, rule, score in rows:
        p = decide(policy, rule, score)
        c.tp += p and actual
        c.fp += p and not actual
        c.fn += (not p) and actual
    return c


def choose(rows: list[tuple[bool, bool, float]], margin: float) -> tuple[tuple, float, float]:
    base = f1_of(rows, ("rules",)).f1
    best, best_f1 = ("rules",), base
    candidates = [("or", t) for t in THRESHOLDS] + [("and", t) for t in THRESHOLDS]
    candidates += [("vote", lo, hi) for lo in THRESHOLDS for hi in THRESHOLDS if hi > lo]
    for pol in candidates:
        f = f1_of(rows, pol).f1
        if f > best_f1 + 1e-9:
            best, best_f1 = pol, f
    if best_f1 < base + margin:
        return ("rules",), base, base
    return best, base, best_f1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--cache", help="pickle of linted contracts (statuses and paragraphs), reused if present")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--ngram", type=int, default=2, help="longest word n-gram the model reads")
    ap.add_argument("--length", type=int, default=2 ** 16, help="hashed feature table size (model size)")
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--margin", type=float, default=0.02, help="F1 a combination must gain over the rules")
    ap.add_argument("--min-positives", type=int, default=20)
    ap.add_argument("--tuning-only", action="store_true", help="stop after the inner cross-validation")
    args = ap.parse_args(argv)
    if not all((folder / "cuad_labels.csv").is_file() for _, folder, _ in cv.CORPORA):
        print("skipped: the labelled CUAD corpora are not in ../shared/corpora/real")
        return 0

    start = time.perf_counter()
    docs = load_corpus(args.jobs, args.cache)
    topics = cv.cuad_topics()
    categories = sorted({cat for _, cat, _ in topics})
    everyone = cv.contracts()
    kept = {t for t, cat, _ in topics if sum(d["labels"].get(cat, 0) for d in everyone) >= args.min_positives}
    tuning = [d for d in docs if d["fold"] in cv.TUNING_FOLDS]
    held = [d for d in docs if d["fold"] in cv.HELD_OUT_FOLDS]
    print(f"{len(docs)} contracts linted in {time.perf_counter() - start:.0f} s; "
          f"{sum(len(d['blocks']) for d in docs)} paragraphs, "
          f"{sum(bool(l) for d in docs for l in d['block_labels'])} with an annotated span")

    # 1. out-of-fold scores on the tuning folds
    oof: dict[str, dict] = {}
    for f in cv.TUNING_FOLDS:
        t0 = time.perf_counter()
        model = train([d for d in tuning if d["fold"] != f], categories, args.epochs, 0, args.ngram, args.length, args.dropout)
        oof.update(doc_scores(model, [d for d in tuning if d["fold"] == f], categories))
        print(f"inner fold {f}: trained and scored in {time.perf_counter() - t0:.0f} s")

    def rows(subset, scores, topic, cat, pos):
        return [(d["labels"][cat] == 1, d["statuses"].get(topic, "not-reported") in pos, scores[d["path"]][cat][0])
                for d in subset if cat in d["labels"]]

    policies = {}
    print("\nchosen on the tuning folds (out-of-fold scores):")
    for t, cat, pos in topics:
        r = rows(tuning, oof, t, cat, pos)
        pol, base, best = choose(r, args.margin)
        policies[t] = pol
        alone = max((f1_of(r, ("model", th)).f1, th) for th in THRESHOLDS)
        print(f"  {t:34s} rules {base:.2f} -> {best:.2f}  {str(pol):22s} model alone {alone[0]:.2f} at {alone[1]}")

    if args.tuning_only:
        return 0
    # 2. train on all tuning folds, score the held-out folds once
    model = train(tuning, categories, args.epochs, 0, args.ngram, args.length, args.dropout)
    held_scores = doc_scores(model, held, categories)
    print("\nheld-out folds 4-5:")
    print("| topic | pos | rules P R F1 | rules + classifier P R F1 | model alone (0.5) F1 |")
    print("|---|---|---|---|---|")
    macro_r, macro_c = [], []
    for t, cat, pos in topics:
        r = rows(held, held_scores, t, cat, pos)
        a, b, m = f1_of(r, ("rules",)), f1_of(r, policies[t]), f1_of(r, ("model", 0.5))
        star = "" if t in kept else " *"
        print(f"| {t}{star} | {a.tp + a.fn} | {a.precision:.2f} {a.recall:.2f} {a.f1:.2f} | "
              f"{b.precision:.2f} {b.recall:.2f} {b.f1:.2f} | {m.f1:.2f} |")
        if t in kept:
            macro_r.append(a.f1)
            macro_c.append(b.f1)
    print(f"\nheld-out macro F1 over {len(macro_r)} topics: rules {sum(macro_r) / len(macro_r):.3f}, "
          f"rules + classifier {sum(macro_c) / len(macro_c):.3f}; total {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
