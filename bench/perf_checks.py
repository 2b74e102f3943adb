"""CPU time of matching and of each rule's check on one contract, in a warm process.

Segments and evaluates the contract ``--runs`` times after one warm-up (rule cache,
pipeline and compiled patterns built, as in a worker) and prints the CPU time per
document of the match stage, of each check kind, and of the costliest rules. A
check that fills a per-document cache shared with others (the block scanner, the
definitions) is charged with it, as it would be in a real run.

    python bench/perf_checks.py FILE [--runs 5] [--top 15]
"""
from __future__ import annotations

import argparse
import collections
import sys
import time

from perf_common import ROOT, load_note

sys.path.insert(0, str(ROOT))


def measure(path: str, runs: int) -> collections.Counter:
    from bpolint.checks import CheckContext, run_check
    from bpolint.extract import extract
    from bpolint.pipeline import engine_for, resolve_services
    from bpolint.segment import segment

    engine = engine_for(())
    doc = extract(path)
    services = resolve_services(" ".join(b.text for b in doc.blocks), ("auto",), engine.ruleset).service_types
    engine.evaluate(segment(doc), services)  # warm
    rules = engine.rules_for(services)
    spent: collections.Counter = collections.Counter()
    clock = time.process_time
    for _ in range(runs):
        seg = segment(doc)
        start = clock()
        hits = engine.compiled(rules).run(seg)
        spent[("match", "")] += clock() - start
        ctx = CheckContext(seg, hits, engine.ruleset.taxonomy, services, engine.ruleset.vocabularies)
        for rule in rules:
            start = clock()
            run_check(rule, ctx)
            spent[(rule.check, rule.id)] += clock() - start
    return collections.Counter({k: v / runs for k, v in spent.items()})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    spent = measure(args.file, args.runs)
    kinds: collections.Counter = collections.Counter()
    for (kind, _), t in spent.items():
        kinds[kind] += t
    print(f"{args.file}: CPU per document, mean of {args.runs}; {load_note()}")
    print(f"  total {sum(kinds.values()) * 1000:.0f} ms: " + ", ".join(f"{k} {t * 1000:.0f} ms" for k, t in kinds.most_common()))
    for (kind, rule), t in spent.most_common(args.top):
        print(f"  {t * 1000:7.1f} ms  {kind} {rule}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
