"""Peak memory of ``bpolint check`` over portfolios of growing size: the parent and its workers apart.

``bpolint check --jobs 2 --format json -o FILE`` over the first N generated drafts
(the portfolio of ``perf_drafts.py``, in the user cache directory), for each N. The
command runs in a process of its own whose exit hook reads ``getrusage``:
``RUSAGE_SELF`` is the parent (discovery, the pool, the report and its output),
``RUSAGE_CHILDREN`` the largest of the workers it reaped. The growth per 100 files
says whether memory grows with the number of files.

    python bench/perf_memory.py [--drafts 100 250 500] [--jobs 2] [--format json] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from perf_common import bpolint_env, load_note
from perf_drafts import portfolio

# Runs the CLI as `bpolint` does, then writes the peaks where the bench reads them.
_PROBE = """
import atexit, json, os, resource, sys
def _peaks():
    with open(os.environ["BPOLINT_BENCH_PEAKS"], "w") as fh:
        json.dump({"parent": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   "workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, fh)
atexit.register(_peaks)
from bpolint.cli import main
sys.argv[0] = "bpolint"
main(sys.argv[1:])
"""


def measure(paths: list[str], jobs: int, fmt: str, keep: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="bpolint-mem-") as tmp:
        peaks, out = Path(tmp) / "peaks.json", Path(tmp) / f"out.{fmt}"
        env = bpolint_env(str(Path(tmp) / "cache"))
        env["BPOLINT_BENCH_PEAKS"] = str(peaks)
        cmd = [sys.executable, "-c", _PROBE, "check", *paths, "--format", fmt, "--fail-on", "never",
               "--jobs", str(jobs), "-o", str(out)]
        start = time.perf_counter()
        code = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        wall = time.perf_counter() - start
        got = json.loads(peaks.read_text())
        if keep and out.exists():  # to compare the output of two checkouts byte for byte
            keep.mkdir(parents=True, exist_ok=True)
            out.replace(keep / f"{len(paths)}.{fmt}")
            out = keep / f"{len(paths)}.{fmt}"
        return {"files": len(paths), "code": code, "wall": wall, "parent_mb": got["parent"] / 1024,
                "workers_mb": got["workers"] / 1024, "output_mb": out.stat().st_size / 1e6 if out.exists() else 0.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, nargs="+", default=[100, 250, 500])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--format", default="json", choices=["json", "sarif", "text", "github"])
    ap.add_argument("--keep", type=Path, help="keep each output here, as N.FORMAT")
    args = ap.parse_args()
    drafts = sorted(args.drafts)
    # the first N drafts of one portfolio (the one perf_portfolio.py uses, unless more are asked for)
    every = [str(p) for p in portfolio(max(500, *drafts))]
    print(f"bpolint check --jobs {args.jobs} --format {args.format} -o FILE over generated drafts; {load_note()}\n", flush=True)
    header = ("files", "parent peak MB", "largest worker MB", "output MB", "wall s", "exit")
    print("  ".join(header), flush=True)
    results = []
    for n in drafts:  # a row as each size is done: the large ones take a while
        m = measure(every[:n], args.jobs, args.format, args.keep)
        results.append(m)
        row = (str(m["files"]), f"{m['parent_mb']:.0f}", f"{m['workers_mb']:.0f}", f"{m['output_mb']:.1f}",
               f"{m['wall']:.0f}", str(m["code"]))
        print("  ".join(v.rjust(len(h)) for v, h in zip(row, header)), flush=True)
    if len(results) > 1:
        a, b = results[0], results[-1]
        per = 100 / (b["files"] - a["files"])
        print(f"\ngrowth per 100 files ({a['files']} -> {b['files']}): parent "
              f"{(b['parent_mb'] - a['parent_mb']) * per:+.1f} MB, largest worker {(b['workers_mb'] - a['workers_mb']) * per:+.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
