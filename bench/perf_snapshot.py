"""Before/after check for speed work: every report, dumped as sorted JSON, one file per input.

Lints every contract under ``../shared/corpora/real`` and ``corpora/`` (and any
``--extra`` folders, such as generated drafts) through :func:`bpolint.api.lint_file`
and writes ``report.to_dict()`` (or the error) per file. A later run with
``--compare`` diffs against an earlier dump: an optimisation must leave every
report identical.

    python bench/perf_snapshot.py OUT_DIR [--extra DIR ...] [--compare OLD_DIR] [--jobs 2]
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
sys.path.insert(0, str(ROOT))

SUFFIXES = {".txt", ".md", ".docx", ".pdf"}


def inputs(extra: list[str]) -> list[tuple[str, Path]]:
    """(dump name, path) of every contract; the name depends on the path within its folder only,
    so that two checkouts compare."""
    roots = [REAL, ROOT / "corpora", *map(Path, extra)]
    out: list[tuple[str, Path]] = []
    for n, root in enumerate(roots):
        if root.is_dir():
            for p in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
                digest = hashlib.sha1(f"{n}/{p.relative_to(root)}".encode()).hexdigest()[:10]
                out.append((f"{p.stem[:60]}.{p.suffix.lstrip('.')}.{digest}.json", p))
    return out


def lint_one(path: str) -> tuple[str, str]:
    from bpolint.api import lint_file
    from bpolint.errors import BpolintError

    try:
        data = lint_file(path).to_dict()
        data["file"] = Path(path).name  # the same contract in two checkouts compares equal
    except BpolintError as exc:
        data = {"file": path, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - a crash is a result to compare too
        data = {"file": path, "crash": f"{type(exc).__name__}: {exc}"}
    return path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="folder for the dumps (created)")
    ap.add_argument("--extra", action="append", default=[], help="another folder of contracts to include")
    ap.add_argument("--compare", help="an earlier dump folder to diff against")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    named = inputs(args.extra)
    files = [str(p) for _, p in named]
    names = dict(zip(files, (n for n, _ in named)))
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for path, text in pool.map(lint_one, files, chunksize=4):
            (out / names[path]).write_text(text, encoding="utf-8")
    print(f"{len(files)} reports written to {out}")
    if not args.compare:
        return 0
    old = Path(args.compare)
    changed = 0
    for path in files:
        name = names[path]
        before = (old / name).read_text(encoding="utf-8") if (old / name).is_file() else ""
        after = (out / name).read_text(encoding="utf-8")
        if before != after:
            changed += 1
            diff = difflib.unified_diff(before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=1)
            print(f"--- {path}")
            print("\n".join(list(diff)[:40]))
    print(f"{changed} of {len(files)} reports differ")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
