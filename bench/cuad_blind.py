"""Blind clause-level check of the topics mapped to CUAD categories.

Reads ``tests/data/cuad_blind.yaml`` (positive and hard-negative snippets per
topic, written before the rules were read) and lints each snippet on its own as
an it-services contract. A snippet counts as detected when the topic's status is
the CUAD-positive one: present / unquantified / vague for requirement topics,
flagged for risk topics, and only present for ``legal.warranty`` (CUAD labels only
warranties with a duration) -- the taxonomy's ``cuad-positive`` decides.

Prints per topic the positives detected, the negatives wrongly detected and the
accuracy, then every miss with its snippet.

    python bench/cuad_blind.py [--data tests/data/cuad_blind.yaml] [--topic ID] [-q]

A miss on a lone snippet is not always a miss on a whole contract (a snippet has
no headings, no definitions and no neighbouring clauses), so each miss needs a
judgement before it becomes a rule change.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpolint.api import lint_text  # noqa: E402

REQUIREMENT_POSITIVE = {"present", "unquantified", "vague"}


def load_taxonomy() -> dict:
    for path in (ROOT / "rules" / "taxonomy.yaml", ROOT.parent / "shared" / "taxonomy.yaml"):
        if path.exists():
            return (yaml.safe_load(path.read_text()) or {}).get("topics", {})
    return {}


def positive_statuses(topic: str, taxonomy: dict) -> set[str]:
    meta = taxonomy.get(topic, {}) or {}
    if meta.get("cuad-positive"):
        return set(meta["cuad-positive"])
    if meta.get("kind") == "risk":
        return {"flagged"}
    if topic == "legal.warranty":
        return {"present"}
    return REQUIREMENT_POSITIVE


def status_of(snippet: str, topic: str) -> str:
    report = lint_text(snippet, ["it-services"])
    for t in report.topics:
        if t.topic == topic:
            return t.status
    return "(absent)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "tests" / "data" / "cuad_blind.yaml"))
    ap.add_argument("--topic", help="only this topic id")
    ap.add_argument("-q", "--quiet", action="store_true", help="no list of misses")
    args = ap.parse_args(argv)

    data = yaml.safe_load(Path(args.data).read_text())
    taxonomy = load_taxonomy()
    misses: list[tuple[str, str, str, str]] = []
    rows = []
    tot = {"tp": 0, "pos": 0, "fp": 0, "neg": 0}
    for topic, cases in data.items():
        if args.topic and topic != args.topic:
            continue
        ok = positive_statuses(topic, taxonomy)
        tp = fp = 0
        pos, neg = cases.get("positive", []), cases.get("negative", [])
        for s in pos:
            st = status_of(s, topic)
            if st in ok:
                tp += 1
            else:
                misses.append((topic, "missed positive", st, s))
        for s in neg:
            st = status_of(s, topic)
            if st in ok:
                fp += 1
                misses.append((topic, "false positive", st, s))
        acc = (tp + len(neg) - fp) / max(1, len(pos) + len(neg))
        rows.append((topic, tp, len(pos), fp, len(neg), acc))
        tot["tp"] += tp
        tot["pos"] += len(pos)
        tot["fp"] += fp
        tot["neg"] += len(neg)

    print(f"{'TOPIC':34} {'POS hit':>8} {'NEG fp':>8} {'ACC':>6}")
    for topic, tp, np_, fp, nn, acc in rows:
        print(f"{topic:34} {f'{tp}/{np_}':>8} {f'{fp}/{nn}':>8} {acc:6.2f}")
    n = tot["pos"] + tot["neg"]
    acc = (tot["tp"] + tot["neg"] - tot["fp"]) / max(1, n)
    print(f"{'TOTAL':34} {str(tot['tp']) + '/' + str(tot['pos']):>8} "
          f"{str(tot['fp']) + '/' + str(tot['neg']):>8} {acc:6.2f}")
    print(f"recall {tot['tp'] / max(1, tot['pos']):.3f}  false-positive rate {tot['fp'] / max(1, tot['neg']):.3f}")
    if not args.quiet and misses:
        print(f"\n{len(misses)} misses:")
        for topic, kind, st, s in misses:
            print(f"- [{topic}] {kind} (status {st}): {s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
