"""Where segmentation and evaluation spend their time on one contract, by sampling.

cProfile's per-call overhead distorts this code badly (generators and many small
calls: it put half a second into a function that takes 3 ms), so this samples the
stack instead: a profiling timer interrupts every millisecond of CPU time and the
frames on the stack are counted. Shares are of the samples taken while segmenting
and evaluating the contract ``--runs`` times in a warm process (imports, rule cache
and pipeline already built, as in a worker): "inclusive" counts a function whenever
it is on the stack, "own" only when it is running itself (C code it calls, such as
a regex search, counts as its own).

    python bench/perf_profile.py FILE [--runs 3] [--top 40]
"""
from __future__ import annotations

import argparse
import collections
import signal
import sys
import time

from perf_common import ROOT, load_note

sys.path.insert(0, str(ROOT))


def sample(path: str, runs: int, interval: float = 0.001) -> tuple[collections.Counter, collections.Counter, int, float]:
    from bpolint.extract import extract
    from bpolint.pipeline import engine_for, resolve_services
    from bpolint.segment import segment

    engine = engine_for(())
    doc = extract(path)
    services = resolve_services(" ".join(b.text for b in doc.blocks), ("auto",), engine.ruleset).service_types
    engine.evaluate(segment(doc), services)  # warm: compiled rules, caches of the first document
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    taken = [0]

    def on_tick(signum, frame) -> None:
        taken[0] += 1
        seen = set()
        first = True
        while frame is not None:
            code = frame.f_code
            key = f"{_short(code.co_filename)}:{code.co_name}"
            if first:
                own[key] += 1
                first = False
            if key not in seen:
                inclusive[key] += 1
                seen.add(key)
            frame = frame.f_back

    previous = signal.signal(signal.SIGPROF, on_tick)
    start = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, interval, interval)
    try:
        for _ in range(runs):
            engine.evaluate(segment(doc), services)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous)
    return inclusive, own, taken[0], (time.process_time() - start) / runs


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename.rsplit("/", 1)[-1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    inclusive, own, n, per_run = sample(args.file, args.runs)
    print(f"{args.file}: segmentation and evaluation {per_run:.3f} s CPU per run, {n} samples; {load_note()}")
    print("\ninclusive (bpolint's own functions and spaCy's)")
    for key, count in inclusive.most_common():
        if key.startswith(("bpolint/", "spacy/")) and count / n >= 0.01:
            print(f"  {count / n:6.1%}  {key}")
    print(f"\nown time, top {args.top}")
    for key, count in own.most_common(args.top):
        print(f"  {count / n:6.1%}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
