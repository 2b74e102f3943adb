"""Which annotated CUAD passages of the tuning folds do the rules reach?

A contract can be right at document level while its rules catch only one of the
ways it words a topic; the passages they miss show how else contracts say it,
which is what the rules must learn to generalise. Only the tuning folds of
``bench/cuad_cv.py`` (0-3) are read; the held-out folds never are.

For every mapped topic: how many annotated passages (CUAD span pieces) the topic's
rules hit, after their exceptions, in some paragraph the passage overlaps.
``--missed TOPIC`` prints the passages no rule reaches; ``--stray TOPIC`` prints the
paragraphs the rules hit that no annotated passage overlaps (in contracts labelled
negative, these make false positives; in the others, near misses of precision).

    python bench/cuad_passages.py [--jobs 2] [--missed TOPIC ...] [--stray TOPIC ...] [--fold N]
"""
from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import cuad_cv as cv  # noqa: E402

MIN_PIECE_CHARS = 12
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u00a0": " "})


def fold_text(text: str) -> str:
    """Lower case, straight quotes, single spaces: how paragraphs and spans are compared."""
    return " ".join(text.translate(_QUOTES).lower().split())


def piece_blocks(blocks: list[str], piece: str) -> list[int]:
    """Indexes of the paragraphs an annotated piece overlaps (empty if it cannot be placed)."""
    folded = [fold_text(b) for b in blocks]
    starts, pos = [], 0
    for f in folded:
        starts.append(pos)
        pos += len(f) + 1
    joined = " ".join(folded)
    p = fold_text(piece)
    at = joined.find(p)
    if at < 0:  # the text layer split a word differently: place the piece by its opening
        p = p[:80]
        at = joined.find(p)
    if at < 0:
        return []
    end = at + len(p)
    return [i for i, s in enumerate(starts) if s < end and at < s + len(folded[i])]


def _topic_hits(path: str) -> tuple[str, list[str] | None, dict[str, list[int]] | None, str | None]:
    """Paragraph texts of one contract and, per topic, the paragraphs its rules hit."""
    from bpolint.checks import CheckContext
    from bpolint.checks.base import detect_hits
    from bpolint.extract import extract
    from bpolint.pipeline import engine_for, resolve_services
    from bpolint.segment import segment

    try:
        document = extract(path)
        engine = engine_for(())
        detection = resolve_services(" ".join(b.text for b in document.blocks), ("auto",), engine.ruleset)
        seg = segment(document)
        rules = engine.rules_for(detection.service_types)
        hits = engine.compiled(rules).run(seg)
        ctx = CheckContext(seg, hits, engine.ruleset.taxonomy, detection.service_types, engine.ruleset.vocabularies)
        by_topic: dict[str, set[int]] = {}
        for rule in rules:
            for h in detect_hits(rule, ctx):
                by_topic.setdefault(rule.topic, set()).add(h.block)
    except Exception as exc:  # noqa: BLE001 - a bench records the failure and goes on
        return path, None, None, f"{type(exc).__name__}: {exc}"
    return path, [b.text for b in document.blocks], {t: sorted(b) for t, b in by_topic.items()}, None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--missed", metavar="TOPIC", action="append", default=[],
                    help="print the passages of TOPIC that no rule reaches (repeatable)")
    ap.add_argument("--stray", metavar="TOPIC", action="append", default=[],
                    help="print TOPIC's hits outside every annotated passage (repeatable)")
    ap.add_argument("--fold", type=int, choices=cv.TUNING_FOLDS, help="only this tuning fold")
    args = ap.parse_args(argv)
    if not all((folder / "cuad_labels.csv").is_file() for _, folder, _ in cv.CORPORA):
        print("skipped: the labelled CUAD corpora are not in ../shared/corpora/real")
        return 0

    docs = [d for d in cv.contracts() if d["fold"] in cv.TUNING_FOLDS and args.fold in (None, d["fold"])]
    spans: dict[tuple[str, str], list[str]] = {}
    for _, folder, _ in cv.CORPORA:
        spans.update(cv.read_spans(folder / "cuad_spans.jsonl"))
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        linted = {p: (b, h, e) for p, b, h, e in pool.map(_topic_hits, [d["path"] for d in docs], chunksize=1)}

    print(f"{len(docs)} contracts of tuning folds {sorted({d['fold'] for d in docs})}\n")
    print("| topic | CUAD category | passages | reached | share |")
    print("|---|---|---|---|---|")
    for topic, category, _ in cv.cuad_topics():
        total = reached = 0
        for d in docs:
            blocks, hits, error = linted[d["path"]]
            if error:
                continue
            hit_blocks = set(hits.get(topic, ()))
            gold_blocks: set[int] = set()
            for text in spans.get((d["name"], category), []):
                for piece in text.split("<omitted>"):
                    if len(piece.strip()) < MIN_PIECE_CHARS:
                        continue
                    where = piece_blocks(blocks, piece)
                    if not where:
                        continue
                    gold_blocks.update(where)
                    total += 1
                    if hit_blocks.intersection(where):
                        reached += 1
                    elif topic in args.missed:
                        known = "document found" if hit_blocks else "document missed"
                        print(f"\n  MISSED [{d['fold']}] {d['name'][:60]} ({known})\n    {' '.join(piece.split())[:600]}")
            if topic in args.stray:
                label = "labelled negative" if d["labels"].get(category) == 0 else "labelled positive"
                for b in sorted(hit_blocks - gold_blocks):
                    print(f"\n  STRAY [{d['fold']}] {d['name'][:60]} ({label})\n    {blocks[b][:600]}")
        share = f"{reached / total:.2f}" if total else "-"
        print(f"| {topic} | {category} | {total} | {reached} | {share} |")
    for d in docs:
        if linted[d["path"]][2]:
            print(f"error (left out): {d['name']}: {linted[d['path']][2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
