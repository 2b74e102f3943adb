"""Throughput on a generated portfolio: the local worker pool against a local Dask cluster of the same size.

    python bench/portfolio_throughput.py                 # 5,000 drafts, one worker per core
    python bench/portfolio_throughput.py --drafts 500 --jobs 2 --send-files

Drafts are generated into a temporary folder from the sample drafts in ``corpora/`` (party
names, figures, clause selection, numbering and format varied per draft), then each
executor lints the whole folder cold, as a user runs it:

    bpolint check DIR --format parquet -o OUT --fail-on never -j N [--executor dask]

The script prints the wall time, files per second and CPU time (the process and every worker
it reaped) of each, the Dask overhead against the pool in wall and CPU time, the fixed cost of
starting a cluster (from a run over a handful of drafts), an estimate for 100,000 drafts, and
checks that both wrote the same findings. On a shared machine the CPU figures are the steadier
ones: wall time stretches with whatever else is running.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(p for p in (REPO / "corpora").rglob("*") if p.suffix in (".md", ".txt") and p.name != "README.md")

CUSTOMERS = ["Harwell County Council", "Northgate Mutual plc", "Brightwater Health Inc.", "Acme Freight LLC",
             "Kestrel Retail Group Limited", "Oakridge Community Bank", "Lumen Energy Corp.", "Saltmarsh University"]
SUPPLIERS = ["Corvid Outsourcing Ltd", "Meridian Business Services LLC", "Tessaract IT Solutions Inc.",
             "Bluefin Contact Centres Limited", "Quarry Lane Finance Partners LLP", "Nimbus Hosting Corp."]
UK_US = [("organisation", "organization"), ("authorise", "authorize"), ("licence", "license"),
         ("endeavours", "efforts"), ("programme", "program")]


def _sections(text: str) -> list[str]:
    """Top-level sections: split before each heading line (Markdown '#' or a numbered capitalised line)."""
    parts = re.split(r"(?m)^(?=#{1,3} |\d{1,2}\.\s+[A-Z][A-Z \-&]{3,}$)", text)
    return [p for p in parts if p.strip()]


def draft(i: int, rng: random.Random) -> tuple[str, str]:
    """The text of draft ``i`` and its suffix."""
    template = TEMPLATES[i % len(TEMPLATES)]
    text = template.read_text(encoding="utf-8")
    sections = _sections(text)
    if len(sections) > 4:  # keep the opening and the definitions; keep about 40% of the later sections
        keep = sections[:2] + [s for s in sections[2:] if rng.random() < 0.4]
        text = "".join(keep)
    text = re.sub(r"\b\d{2}(\.\d)?%", lambda m: f"{rng.choice([95, 97, 98, 99, 99.5, 99.9])}%", text)
    text = re.sub(r"\bwithin (\d+) (Business Days|days|hours)",
                  lambda m: f"within {rng.randint(1, 30)} {m.group(2)}", text)
    for a, b in UK_US:
        if rng.random() < 0.5:
            text = text.replace(a, b)
    customer, supplier = rng.choice(CUSTOMERS), rng.choice(SUPPLIERS)
    text = text.replace("Customer", "Customer" if rng.random() < 0.7 else "Client")
    text = f"{text}\n\nSigned for {customer} (the Customer) and for {supplier} (the Supplier). Reference {i:06d}.\n"
    suffix = template.suffix if rng.random() < 0.8 else (".txt" if template.suffix == ".md" else ".md")
    return text, suffix


def generate(folder: Path, n: int, seed: int = 7) -> int:
    """``n`` drafts in ``folder`` (100 per subfolder, as a contract-management export); returns their bytes."""
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        text, suffix = draft(i, rng)
        sub = folder / f"batch-{i // 100:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (sub / f"agreement-{i:06d}{suffix}").write_bytes(data)
        total += len(data)
    return total


def bpolint() -> list[str]:
    exe = Path(sys.executable).with_name("bpolint")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "bpolint"]


def timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the process and every worker it reaped, as ``/usr/bin/time``) of one run."""
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a long run's messages never block it
        started = time.monotonic()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            sys.exit(f"{' '.join(args)} failed ({code}): {err.read().decode(errors='replace').strip()[-400:]}")
    return seconds, usage.ru_utime + usage.ru_stime


def same_findings(a: Path, b: Path) -> bool:
    from bpolint.report.parquet import decode

    return [e.report.to_dict() for e in decode(a.read_bytes(), str(a))] == \
        [e.report.to_dict() for e in decode(b.read_bytes(), str(b))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--drafts", type=int, default=5000)
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--send-files", action="store_true", help="Dask run: the client sends each file's bytes")
    ap.add_argument("--keep", type=Path, default=None, help="generate into (and keep) this folder")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bpolint-portfolio-"))
    folder = args.keep or work / "drafts"
    try:
        started = time.monotonic()
        size = generate(folder, args.drafts)
        print(f"generated {args.drafts} drafts ({size / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s")
        small = work / "small"
        generate(small, 2 * args.jobs)
        common = ["check", "--format", "parquet", "--fail-on", "never", "-j", str(args.jobs)]
        dask = ["--executor", "dask"] + (["--send-files"] if args.send_files else [])
        (start_local, start_local_cpu) = timed(bpolint() + common + ["-o", str(work / "s1.parquet"), str(small)])
        (start_dask, start_dask_cpu) = timed(bpolint() + common + dask + ["-o", str(work / "s2.parquet"), str(small)])
        (local, local_cpu) = timed(bpolint() + common + ["-o", str(work / "local.parquet"), str(folder)])
        (cluster, cluster_cpu) = timed(bpolint() + common + dask + ["-o", str(work / "dask.parquet"), str(folder)])
        n, w = args.drafts, args.jobs
        label = f"dask, {w} workers" + (", sent" if args.send_files else "")
        print(f"{'executor':<26}{'wall s':>9}{'files/s':>10}{'CPU s':>9}{'CPU ms/file':>13}")
        for name, wall, cpu in ((f"local pool, {w} workers", local, local_cpu), (label, cluster, cluster_cpu)):
            print(f"{name:<26}{wall:>9.1f}{n / wall:>10.2f}{cpu:>9.1f}{1000 * cpu / n:>13.1f}")
        print(f"start-up (a run over {2 * w} drafts): pool {start_local:.1f} s wall, {start_local_cpu:.1f} s CPU; "
              f"dask {start_dask:.1f} s wall, {start_dask_cpu:.1f} s CPU")
        print(f"dask overhead, wall: {100 * (cluster - local) / local:+.1f}% ({cluster - local:+.1f} s), of which "
              f"start-up {start_dask - start_local:+.1f} s; per file beyond it "
              f"{1000 * (cluster - local - (start_dask - start_local)) / n:+.1f} ms")
        print(f"dask overhead, CPU: {100 * (cluster_cpu - local_cpu) / local_cpu:+.1f}% "
              f"({cluster_cpu - local_cpu:+.1f} s), of which start-up {start_dask_cpu - start_local_cpu:+.1f} s; "
              f"per file beyond it {1000 * (cluster_cpu - local_cpu - (start_dask_cpu - start_local_cpu)) / n:+.1f} ms")
        per_file_cpu = (cluster_cpu - start_dask_cpu) / n  # what each further file costs a dask worker
        steady = max(cluster - start_dask, 1e-6)
        print(f"dask steady state: {n / steady / w:.2f} files/s per worker on this machine's share of a core "
              f"({per_file_cpu:.3f} CPU s per file: {1 / per_file_cpu:.2f} files/s per worker with a whole core)")
        for workers in (2, 16, 64):
            minutes = (start_dask + 100_000 * per_file_cpu / workers) / 60
            print(f"  100,000 such drafts on {workers} workers of a core each: about {minutes:.0f} min")
        print("same findings:", same_findings(work / "local.parquet", work / "dask.parquet"))
        print("load average during the run (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
