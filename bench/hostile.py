"""Each hostile input of tests/test_hostile.py in its own bpolint process: code, exit, time, peak memory.

The test suite checks every case in-process and the peak memory of one run over all of
them; this prints the figures case by case, as a user running ``bpolint check FILE``
would see them (wall time of the process; peak RSS as the process itself reports it,
its own high-water mark or its largest worker's).

    python bench/hostile.py [--only NAME,NAME]
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_hostile import HOSTILE, MEASURED_CLI  # noqa: E402


def run(path: Path) -> tuple[int, str, float, int]:
    """(exit code, stderr, wall seconds, peak RSS in bytes) of ``bpolint check path``."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", MEASURED_CLI, "check", str(path), "--no-config"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=path.parent, timeout=600)
    seconds = time.monotonic() - started
    lines = done.stderr.splitlines()
    peak = next((int(l.split()[1]) for l in lines if l.startswith("PEAK-RSS-KB")), 0) * 1024
    return done.returncode, "\n".join(l for l in lines if not l.startswith("PEAK-RSS-KB")), seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated case names")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    cases = [h for h in HOSTILE if not only or h.name in only]
    wrong = 0
    peak_all = 0
    slowest = 0.0
    print(f"{'case':28} {'expected':8} {'got':6} {'exit':>4} {'seconds':>7} {'peak MB':>7}")
    with tempfile.TemporaryDirectory(prefix="bpolint-hostile-") as tmp:
        for case in cases:
            folder = Path(tmp, case.name + ".d")
            folder.mkdir()
            path = case.build(folder)
            code, err, seconds, peak = run(path)
            got = re.search(r"\[(E\d{3})\]", err)
            ok = code == 2 and got is not None and got.group(1) == case.code and "Traceback" not in err
            wrong += not ok
            peak_all = max(peak_all, peak)
            slowest = max(slowest, seconds)
            print(f"{case.name:28} {case.code:8} {got.group(1) if got else '-':6} {code:4} {seconds:7.2f} "
                  f"{peak / 2**20:7.0f}{'' if ok else '  WRONG'}", flush=True)
    print(f"{len(cases)} cases, {len(cases) - wrong} with their coded error and exit 2; "
          f"slowest {slowest:.2f} s, highest peak RSS {peak_all / 2**20:.0f} MB")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
