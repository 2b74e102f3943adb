"""What proves each topic status on the real contracts: an operative clause, or only a
definition or a heading.

    python bench/evidence_kinds.py [FOLDER...]

Lints the real contracts (default: the CUAD txt files and the open standard agreements
under ../shared/corpora/real) with ``bpolint check --format json`` and counts, for
every topic found present, not measurable or vague, the kind of its first evidence.
Lists the topics shown only by a definition or a heading, which the gap report marks as
such and coverage does not count. Skips cleanly when the shared corpus is absent.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "corpora" / "real"
DEFAULT = [REAL / "cuad" / "txt", REAL / "standard"]


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or DEFAULT
    if not all(f.exists() for f in folders):
        print(f"skipped: {', '.join(str(f) for f in folders if not f.exists())} not found")
        return 0
    run = subprocess.run([sys.executable, "-m", "bpolint", "check", *map(str, folders), "--format", "json",
                          "--fail-on", "never", "--no-config"], capture_output=True, text=True)
    data = json.loads(run.stdout)
    kinds: Counter[str] = Counter()
    weak = []
    files = [f for f in data["files"] if not f["error"]]
    for f in files:
        for t in f["topics"]:
            if t["status"] not in ("present", "unquantified", "vague") or not t["evidence"]:
                continue
            kind = t["evidence"][0]["kind"]
            kinds[kind] += 1
            if kind != "operative":
                weak.append((Path(f["file"]).name, t["topic"], t["status"], kind, t["evidence"][0]["quote"]))
    total = sum(kinds.values())
    print(f"{len(files)} contracts, {total} topics present, not measurable or vague")
    for kind in ("operative", "definition", "heading"):
        print(f"  {kind:10} {kinds[kind]:5}  ({kinds[kind] / total:.1%})" if total else f"  {kind:10} 0")
    if weak:
        print("\nshown only by a definition or a heading:")
        for name, topic, status, kind, quote in weak:
            print(f"  {name[:40]:40} {topic:32} {status:12} {kind:10} {quote[:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
