"""What the speed benches share: timing whole processes from the outside, and the floors.

Every figure is the median of several runs of a whole process, timed as
``/usr/bin/time`` does: wall time with ``time.perf_counter`` around the process,
CPU time and peak memory from ``os.wait4`` (the process and the workers it waited
for). Floors are measured in the same run, so ratios compare like with like:

* ``python -c "import spacy"``: the start-up every spaCy program pays;
* spaCy's tokenizer with a sentence splitter (``spacy.blank("en")`` plus
  ``sentencizer``) over the same paragraphs, in one process;
* ``pdftotext FILE -`` (poppler) on the same PDF;
* ``contract-lint`` (a stdlib-only contract linter from PyPI) on the same files,
  installed into a throwaway virtual environment in a temporary directory.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
sys.path.insert(0, str(ROOT / "bench"))


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds, the process and its reaped workers
    peak_mb: float  # largest resident set of the process or one of its workers
    code: int


@dataclass(frozen=True)
class Timing:
    runs: tuple[Run, ...]

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.peak_mb for r in self.runs)

    @property
    def failed(self) -> int:
        """The exit code of the first run that failed (exit 2 or worse), else 0: its time is no measurement."""
        return next((r.code for r in self.runs if r.code not in (0, 1)), 0)


def run_once(cmd: list[str], env: dict | None = None, cwd: str | None = None, stdin=None) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=stdin or subprocess.DEVNULL,
                            env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def timed(cmd: list[str], runs: int = 5, env: dict | None = None, warmup: int = 1, cwd: str | None = None) -> Timing:
    """Median of ``runs`` runs of ``cmd`` after ``warmup`` runs (file cache, rule cache)."""
    for _ in range(warmup):
        run_once(cmd, env, cwd)
    return Timing(tuple(run_once(cmd, env, cwd) for _ in range(runs)))


def bpolint() -> list[str]:
    """The ``bpolint`` command of this interpreter's environment."""
    script = Path(sys.executable).with_name("bpolint")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from bpolint.cli import main; main()"]


def bpolint_env(cache_dir: str | None = None) -> dict:
    env = dict(os.environ)
    if cache_dir:
        env["BPOLINT_CACHE_DIR"] = cache_dir
    return env


def has_jobs_option() -> bool:
    """Whether ``bpolint check`` offers ``--jobs`` (the parallel lint path)."""
    out = subprocess.run([*bpolint(), "check", "--help"], capture_output=True, text=True)
    return "--jobs" in out.stdout


def spacy_import(runs: int = 5) -> Timing:
    return timed([sys.executable, "-c", "import spacy"], runs)


def tokenise_seconds(paragraphs: list[str], repeat: int = 5) -> float:
    """Best in-process time of spaCy's tokenizer and sentencizer over ``paragraphs``."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    list(nlp.pipe(paragraphs[:50]))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in nlp.pipe(paragraphs, batch_size=64):
            for _sent in doc.sents:
                pass
        best = min(best, time.perf_counter() - start)
    return best


def paragraphs_of(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def pdftotext() -> str | None:
    return shutil.which("pdftotext")


class ContractLint:
    """``contract-lint`` from PyPI in a throwaway virtual environment (removed by ``close``)."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="contract-lint-")
        venv = Path(self.dir) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "contract-lint[pdf,docx]"]
        done = subprocess.run(pip, capture_output=True, text=True)
        exe = venv / "bin" / "contract-lint"
        self.command = [str(exe)] if done.returncode == 0 and exe.is_file() else None
        self.error = None if self.command else (done.stderr.strip().splitlines() or ["pip failed"])[-1]

    def lint(self, files: list[str]) -> list[str]:
        # every rule on: two of its rules are off by default
        return [*self.command, "lint", "--no-color", "--enable", "undefined-term", "--enable", "signature-block",
                "--fail-on", "none", "-q", *files]

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def load_note() -> str:
    """The machine's load while measuring: wall times on a shared machine stretch with it, CPU times less."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


def bytecode_note() -> str:
    """Whether the bpolint this interpreter imports starts from compiled bytecode. pip compiles
    an installed package (the README's install); an editable install run with
    PYTHONDONTWRITEBYTECODE set never writes any, so every start compiles bpolint's modules
    again (about 0.2 s of CPU for all of them) and the figures come out slower than a user's."""
    # asked from a neutral directory, as the ``bpolint`` script imports it (not from bench/ or the checkout)
    probe = subprocess.run([sys.executable, "-c", "import importlib.util as u; print(u.find_spec('bpolint').origin)"],
                           capture_output=True, text=True, cwd=tempfile.gettempdir())
    origin = probe.stdout.strip()
    package = Path(origin).parent if probe.returncode == 0 and origin else ROOT / "bpolint"
    tag = sys.implementation.cache_tag
    cached = (package / "__pycache__" / f"cli.{tag}.pyc").is_file()
    where = "installed" if "site-packages" in package.parts else "from the checkout"
    unset = "" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "un"
    return f"bpolint {where}, bytecode {'cached' if cached else 'not cached'} (PYTHONDONTWRITEBYTECODE {unset}set)"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def show(rows: list[tuple], header: tuple) -> None:
    rows = [tuple(str(c) for c in header), *[tuple(str(c) for c in r) for r in rows]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
