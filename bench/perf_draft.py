"""One large draft end to end: a generated 60-page outsourcing agreement as DOCX, PDF and text.

For each format, ``bpolint check FILE --format json`` as a user runs it (a new
process, the rule cache warm), against the floors measured in the same run:
``python -c "import spacy"``, spaCy's tokenizer and sentencizer over the same
paragraphs, and ``pdftotext`` for ``bpolint extract`` on the PDF. Also the peak
memory of the process, and ``bpolint check`` with a cold rule cache.

    python bench/perf_draft.py [--runs 5] [--pages 60]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile

from perf_common import (bpolint, bpolint_env, bytecode_note, load_note, paragraphs_of, pdftotext, ratio, show,
                         spacy_import, timed, tokenise_seconds)
from perf_drafts import large_draft


def measure(runs: int, pages: int) -> dict:
    files = large_draft(pages)
    cache = tempfile.mkdtemp(prefix="bpolint-cache-")
    env = bpolint_env(cache)
    out: dict = {"files": files}
    try:
        floor = spacy_import(runs)
        out["import"] = floor
        text = files["txt"].read_text(encoding="utf-8")
        out["words"] = len(text.split())
        out["tokenise"] = tokenise_seconds(paragraphs_of(text))
        for fmt, path in files.items():
            out[fmt] = timed([*bpolint(), "check", str(path), "--format", "json", "--fail-on", "never"], runs, env)
        cold_env = bpolint_env(tempfile.mkdtemp(prefix="bpolint-cold-"))
        cold = [*bpolint(), "check", str(files["txt"]), "--format", "json", "--fail-on", "never"]
        out["cold"] = timed(cold, max(1, runs // 2), cold_env | {"BPOLINT_NO_CACHE": "1"}, warmup=0)
        if "pdf" in files and pdftotext():
            out["extract_pdf"] = timed([*bpolint(), "extract", str(files["pdf"])], runs, env)
            out["pdftotext"] = timed([pdftotext(), str(files["pdf"]), "-"], runs)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return out


def report(m: dict) -> None:
    floor, floor_cpu = m["import"].wall, m["import"].cpu
    print(f"Generated agreement: {m['words']} words; files in {m['files']['txt'].parent}; {load_note()}; "
          f"{bytecode_note()}")
    print(f"floor: python -c 'import spacy' {floor:.3f} s wall, {floor_cpu:.3f} s CPU; spaCy tokenizer + sentencizer "
          f"alone {m['tokenise']:.3f} s ({m['words'] / m['tokenise'] / 1000:.0f}k words/s)\n")
    rows = []
    for name, t in [(f"bpolint check .{f}", m[f]) for f in ("docx", "pdf", "txt") if f in m] + \
                   [("check .txt, no rule cache", m["cold"])]:
        own = t.wall - floor
        if t.failed:
            name += f" (FAILED: exit {t.failed})"
        rows.append((name, f"{t.wall:.3f}", ratio(t.wall, floor), f"{own:+.3f}", f"{own / floor:.0%}",
                     f"{t.cpu:.3f}", ratio(t.cpu, floor_cpu), f"{t.peak_mb:.0f}"))
    show(rows, ("command", "wall s", "x import", "beyond import s", "of import", "cpu s", "cpu x import", "peak MB"))
    if "pdf" not in m["files"]:
        print("\nNo PDF rows: the PDF of the draft is made from its DOCX by LibreOffice, which is not installed here.")
    if "extract_pdf" in m:
        e, p = m["extract_pdf"], m["pdftotext"]
        print(f"\nbpolint extract .pdf {e.wall:.3f} s wall, {e.cpu:.3f} s CPU; pdftotext {p.wall:.3f} s wall, "
              f"{p.cpu:.3f} s CPU: {ratio(e.wall, p.wall)} wall, {ratio(e.cpu, p.cpu)} CPU")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pages", type=int, default=60)
    args = ap.parse_args()
    report(measure(args.runs, args.pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
