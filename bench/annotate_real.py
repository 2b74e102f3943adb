"""Annotate every real DOCX in ../shared/corpora/real and check each output opens.

    python bench/annotate_real.py [--keep DIR]

For each draft: ``bpolint annotate`` as a user runs it; the output opened with
python-docx; its comments counted; the input's hash compared before and after; every
part other than the comment parts, the body, the content types and the relationships
compared byte for byte; and a LibreOffice conversion to PDF, counting the comment
annotations LibreOffice placed (every comment should be there). Prints one row per file.
Skips cleanly when the shared corpus is absent.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docx_render import notes, soffice, to_pdf  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "corpora" / "real"
CHANGED = {"word/document.xml", "word/comments.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the annotated copies and PDFs in this folder")
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"skipped: {REAL} not found")
        return 0
    drafts = sorted(REAL.rglob("*.docx"))
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(drafts, args.keep)
    with tempfile.TemporaryDirectory(prefix="bpolint-annotate-") as tmp:
        return run(drafts, Path(tmp))


def run(drafts: list[Path], out_dir: Path) -> int:
    import docx

    print(f"{len(drafts)} DOCX files under {REAL.relative_to(REPO.parent)}\n")
    print(f"{'file':55} {'findings':>8} {'comments':>8} {'exact':>5} {'para':>4} {'start':>5} {'opens':>5} "
          f"{'same':>4} {'LO notes':>8} {'seconds':>7}")
    failures = 0
    for src in drafts:
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        target = out_dir / (src.stem.strip().replace(" ", "-") + "-reviewed.docx")
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "bpolint", "annotate", str(src), "-o", str(target)],
                             capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if run.returncode != 0:
            failures += 1
            print(f"{src.name[:55]:55} annotate failed: {run.stderr.strip()}")
            continue
        m = re.search(r"(\d+) comments: (\d+) on the words.*?, (\d+) on their paragraph, (\d+) and the summary", run.stdout)
        total, exact, para, start = (int(g) for g in m.groups())
        docx.Document(str(target))  # opens
        before, after = _parts(src.read_bytes()), _parts(target.read_bytes())
        ours = re.findall(rb'<w:comment [^>]*w:author="bpolint"', after.get("word/comments.xml", b""))
        same = all(after.get(n) == before[n] for n in before if n not in CHANGED)
        unchanged = hashlib.sha256(src.read_bytes()).hexdigest() == digest
        lo = "n/a"
        if soffice():
            pdf = to_pdf(target, out_dir)
            lo = str(len(notes(pdf)))
        ok = len(ours) == total and same and unchanged and (lo == "n/a" or int(lo) >= total)
        failures += not ok
        print(f"{src.name[:55]:55} {total - 1:>8} {total:>8} {exact:>5} {para:>4} {start:>5} "
              f"{'yes' if len(ours) == total else 'NO':>5} {'yes' if same and unchanged else 'NO':>4} {lo:>8} {seconds:>7.1f}")
    print(f"\n{len(drafts) - failures} of {len(drafts)} annotated, opened and intact")
    return 1 if failures else 0


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


if __name__ == "__main__":
    raise SystemExit(main())
