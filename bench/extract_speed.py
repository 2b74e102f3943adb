"""Extraction speed: PDF pages per second against poppler's pdftotext, DOCX ms per page.

For every PDF of the shared real corpus, bpolint's extraction (in process, best of
``--repeat`` runs) is timed against ``pdftotext FILE -`` on the same file (a new
process per file, as it is used; best of the same number of runs). For every DOCX,
the time per page, with pages taken from docProps/app.xml or, failing that, from
the word count at 500 words a page.

    python bench/extract_speed.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
sys.path.insert(0, str(ROOT))

WORDS_PER_PAGE = 500


def best_time(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def pdf_pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def docx_pages(path: Path, text: str) -> tuple[float, str]:
    """Pages as Word last counted them (app.xml), else estimated from the words."""
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as package:
        if "docProps/app.xml" in package.namelist():
            found = re.search(rb"<Pages>(\d+)</Pages>", package.read("docProps/app.xml"))
            if found and int(found.group(1)) > 0:
                return float(found.group(1)), "app.xml"
    return max(len(text.split()) / WORDS_PER_PAGE, 1.0), "words/500"


def bench_pdf(repeat: int) -> None:
    from bpolint.extract import extract

    pdftotext = shutil.which("pdftotext")
    files = sorted(p for p in REAL.rglob("*") if p.suffix.lower() == ".pdf")
    print(f"PDF ({len(files)} files; pdftotext: {pdftotext or 'not installed'})")
    print(f"{'pages':>5} {'bpolint ms':>10} {'pdftotext ms':>12} {'ratio':>6}  file")
    total_pages, total_ours, total_theirs = 0, 0.0, 0.0
    for path in files:
        pages = pdf_pages(path)
        ours = best_time(lambda: extract(path), repeat)
        theirs = None
        if pdftotext:
            command = [pdftotext, str(path), "-"]
            theirs = best_time(lambda: subprocess.run(command, capture_output=True, check=True), repeat)
            total_theirs += theirs
        total_pages += pages
        total_ours += ours
        ratio = f"{ours / theirs:6.2f}" if theirs else "     -"
        theirs_ms = f"{theirs * 1000:12.1f}" if theirs else f"{'-':>12}"
        print(f"{pages:5} {ours * 1000:10.1f} {theirs_ms} {ratio}  {path.name[:60]}")
    print(f"bpolint:   {total_pages} pages in {total_ours:.2f} s = {total_pages / total_ours:.0f} pages/s")
    if total_theirs:
        print(f"pdftotext: {total_pages} pages in {total_theirs:.2f} s = {total_pages / total_theirs:.0f} pages/s")
        print(f"time ratio bpolint/pdftotext: {total_ours / total_theirs:.2f}")


def bench_docx(repeat: int) -> None:
    from bpolint.extract import extract

    files = sorted(REAL.rglob("*.docx"))
    print(f"\nDOCX ({len(files)} files)")
    print(f"{'pages':>6} {'source':>9} {'ms':>7} {'ms/page':>8}  file")
    total_pages, total_time = 0.0, 0.0
    for path in files:
        text = extract(path).text
        pages, source = docx_pages(path, text)
        elapsed = best_time(lambda: extract(path), repeat)
        total_pages += pages
        total_time += elapsed
        print(f"{pages:6.1f} {source:>9} {elapsed * 1000:7.1f} {elapsed * 1000 / pages:8.2f}  {path.name[:60]}")
    if files:
        print(f"DOCX: {total_time * 1000 / total_pages:.2f} ms per page over {total_pages:.0f} pages")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per file; the best is kept")
    args = ap.parse_args()
    if not REAL.is_dir():
        print("skipped: the shared real corpus is not available")
        return 0
    bench_pdf(args.repeat)
    bench_docx(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
