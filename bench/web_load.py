"""Concurrent uploads to `bpolint serve`: time per request and the server's memory.

    python bench/web_load.py [--uploads 20] [--workers 2] [--endpoint /api/check]

Starts ``bpolint serve --port 0 --workers N`` cold, sends every upload at once (the
sample drafts of ``corpora/``, in turn), and prints the wall time, the median and
slowest answer, and the resident memory of the server process (before, peak, after)
and of the server with its worker processes at their peak. Linux only (reads /proc).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (REPO / "corpora").glob("*/*") if p.suffix in (".md", ".txt"))


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    """The worker processes: forked from the server's threads, so listed under each of its tasks."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--endpoint", default="/api/check")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "BPOLINT_TOKEN"}
    server = subprocess.Popen([sys.executable, "-m", "bpolint", "serve", "--port", "0", "--workers", str(args.workers)],
                              cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = server.stdout.readline().split()[3].rstrip("/")
    try:
        before = rss_mb(server.pid)
        uploads = [SAMPLES[i % len(SAMPLES)] for i in range(args.uploads)]

        def post(sample: Path) -> tuple[int, float]:
            started = time.monotonic()
            with httpx.Client(timeout=300) as c:
                answer = c.post(url + args.endpoint, files={"file": (sample.name, sample.read_bytes())})
            return answer.status_code, time.monotonic() - started

        peak = peak_all = before
        started = time.monotonic()
        with ThreadPoolExecutor(args.uploads) as pool:
            futures = [pool.submit(post, s) for s in uploads]
            while not all(f.done() for f in futures):
                server_rss = rss_mb(server.pid)
                peak = max(peak, server_rss)
                peak_all = max(peak_all, server_rss + sum(rss_mb(c) for c in children(server.pid)))
                time.sleep(0.02)
        wall = time.monotonic() - started
        results = [f.result() for f in futures]
        after = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(20)
    seconds = sorted(s for _, s in results)
    statuses = sorted({code for code, _ in results})
    print(f"{args.uploads} uploads to {args.endpoint}, {args.workers} workers: {wall:.1f} s wall, "
          f"answer median {statistics.median(seconds):.2f} s, slowest {seconds[-1]:.2f} s, statuses {statuses}")
    print(f"server RSS: {before:.0f} MB before, {peak:.0f} MB peak, {after:.0f} MB after; "
          f"with its workers at the peak: {peak_all:.0f} MB (forked pages are shared, so this overstates)")
    return 0 if statuses == [200] else 1


if __name__ == "__main__":
    sys.exit(main())
