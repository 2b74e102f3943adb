"""Start-up: commands that lint nothing must not pay for spaCy.

Times ``bpolint --version``, ``--help``, ``rules list`` with a warm rule cache,
``rules list`` with none, and a configuration error, each as a new process
(median of ``--runs``), against ``python -c pass`` and ``python -c "import
spacy"``; and says whether each imported spaCy.

    python bench/perf_startup.py [--runs 7]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from perf_common import bpolint, bpolint_env, load_note, show, spacy_import, timed

_IMPORTS_SPACY = r"""
import sys
from bpolint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.__stdout__.write("\nSPACY=%s\n" % ("spacy" in sys.modules))
"""


def imports_spacy(args: list[str], env: dict, cwd: str) -> bool:
    out = subprocess.run([sys.executable, "-c", _IMPORTS_SPACY, *args], capture_output=True, text=True, env=env,
                         cwd=cwd)
    return "SPACY=True" in out.stdout


def measure(runs: int) -> dict:
    cache = tempfile.mkdtemp(prefix="bpolint-cache-")
    work = tempfile.mkdtemp(prefix="bpolint-config-")
    Path(work, ".bpolint.yaml").write_text("fail-on: sometimes\n", encoding="utf-8")
    env = bpolint_env(cache)
    cases = {
        "bpolint --version": (["--version"], env, None, 1),
        "bpolint --help": (["--help"], env, None, 1),
        "bpolint rules list (warm cache)": (["rules", "list"], env, None, 1),
        "bpolint rules list (no cache)": (["rules", "list"], env | {"BPOLINT_NO_CACHE": "1"}, None, 0),
        "bpolint check (config error)": (["check", "x.txt"], env, work, 1),
    }
    out: dict = {"python": timed([sys.executable, "-c", "pass"], runs), "import spacy": spacy_import(runs)}
    try:
        subprocess.run([*bpolint(), "rules", "list"], env=env, capture_output=True)  # fills the cache
        for name, (args, e, cwd, warm) in cases.items():
            out[name] = (timed([*bpolint(), *args], runs, e, warmup=warm, cwd=cwd), imports_spacy(args, e, cwd or "."))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return out


def report(m: dict) -> None:
    print(f"python -c pass {m['python'].wall:.3f} s; python -c 'import spacy' {m['import spacy'].wall:.3f} s; "
          f"{load_note()}\n")
    rows = [(name, f"{t.wall:.3f}", "yes" if spacy else "no") for name, v in m.items() if isinstance(v, tuple)
            for t, spacy in [v]]
    show(rows, ("command", "wall s", "imports spaCy"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    report(measure(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
