"""A portfolio: the shared CUAD contracts (txt and PDF) plus generated drafts, in one command.

``bpolint check`` over all the files (with ``--jobs 2`` where ``bpolint check``
offers it; otherwise the one process it has), against ``contract-lint`` (every rule
switched on, serially, as it runs) over the same files, in the same run. Also the
peak memory of the largest process (each worker holds one pipeline).

    python bench/perf_portfolio.py [--drafts 500] [--runs 3] [--jobs 2]
"""
from __future__ import annotations

import argparse
import sys
import tempfile

from perf_common import REAL, ContractLint, bpolint, bpolint_env, has_jobs_option, load_note, ratio, show, timed
from perf_drafts import portfolio


def files(drafts: int) -> list[str]:
    real = sorted(str(p) for sub in ("txt", "pdf") for p in (REAL / "cuad" / sub).glob("*.*")) if REAL.is_dir() else []
    return real + [str(p) for p in portfolio(drafts)]


def measure(drafts: int, runs: int, jobs: int) -> dict:
    paths = files(drafts)
    out: dict = {"files": len(paths), "real": sum(1 for p in paths if str(REAL) in p)}
    cmd = [*bpolint(), "check", *paths, "--format", "json", "--fail-on", "never"]
    out["jobs"] = jobs if has_jobs_option() else None
    if out["jobs"]:
        cmd += ["--jobs", str(jobs)]
    out["bpolint"] = timed(cmd, runs, bpolint_env(tempfile.mkdtemp(prefix="bpolint-cache-")))
    peer = ContractLint()
    try:
        if peer.command:
            out["contract-lint"] = timed(peer.lint(paths), runs)
        else:
            out["contract-lint-error"] = peer.error
    finally:
        peer.close()
    return out


def report(m: dict) -> None:
    jobs = f"--jobs {m['jobs']}" if m["jobs"] else "one process (this bpolint has no --jobs)"
    print(f"{m['files']} files ({m['real']} shared CUAD txt and PDF, the rest generated); bpolint check {jobs}; "
          f"{load_note()}\n")
    b = m["bpolint"]
    rows = [("bpolint check", f"{b.wall:.2f}", f"{b.cpu:.2f}", f"{b.peak_mb:.0f}", f"{b.wall * 1000 / m['files']:.0f}")]
    c = m.get("contract-lint")
    if c:
        rows.append(("contract-lint (all rules)", f"{c.wall:.2f}", f"{c.cpu:.2f}", f"{c.peak_mb:.0f}",
                     f"{c.wall * 1000 / m['files']:.0f}"))
    show(rows, ("command", "wall s", "cpu s", "peak MB", "ms/file"))
    if c:
        print(f"\nbpolint / contract-lint: {ratio(b.wall, c.wall)} wall, {ratio(b.cpu, c.cpu)} CPU")
    else:
        print(f"\ncontract-lint not available: {m.get('contract-lint-error')}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    report(measure(args.drafts, args.runs, args.jobs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
