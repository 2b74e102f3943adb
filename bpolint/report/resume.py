"""A Parquet findings file that a run can stop and resume (``--resume findings.parquet``).

While the run goes on, finished files are written in batches to part files in a hidden
folder beside the output (``.findings.parquet.parts/part-000001.parquet``, each written
atomically), so an interrupted run of 100,000 files keeps what it finished. At the end the
output is written once, atomically, from the previous results and this run's, and the
part files are removed: a crash at any point leaves the previous output as it was.

Resuming reads the output and any part files left by an interrupted run. A file is
skipped when its stored result was computed from the same bytes (sha256), the same rule
files and bpolint version, and the same settings; a file whose result was lost to the
run itself (a time limit, a worker that died: E9xx) is linted again. A file linted again
replaces its stored rows, so nothing is counted twice; stored files that this run does
not name are kept.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import BpolintError
from ..identity import file_hash, ruleset_hash, settings_hash
from ..pipeline import FileResult, FileTask
from . import parquet
from .parquet import Entry

BATCH = 500  # files per part file
PART_GLOB = "part-*.parquet"

Writer = Callable[[str, bytes], None]  # writes bytes to a path atomically (the CLI's safe output)


class ResumableOutput:
    """Collects a run's results for ``path``: skip decisions, part files, the final file."""

    def __init__(self, path: str, write: Writer, resume: bool, batch: int = BATCH) -> None:
        self.path = path
        self.write = write
        self.batch = batch
        self.parts = Path(path).parent / f".{Path(path).name}.parts"
        self.stored: dict[str, Entry] = {}  # file -> its stored entry, in stored order
        self.order: list[str] = []  # files of this run that reached linting, in run order
        self.skipped: set[str] = set()
        self.buffer: list[Entry] = []
        self.part_number = 0
        self._ruleset_hashes: dict[tuple[str, ...], str] = {}
        # a link would send the part files (and their removal) elsewhere: only a real folder of ours
        if self.parts.is_symlink() or (self.parts.exists() and not self.parts.is_dir()):
            raise BpolintError("E105", str(self.parts), None, {"detail": "it is in the way of the part files"})
        if resume:
            self._load()
        else:
            self._clear_parts()  # left by an interrupted run that is not being resumed

    # --- before the run ---------------------------------------------------------------

    def _load(self) -> None:
        if Path(self.path).exists():
            for e in read_findings(self.path):
                self.stored[e.report.file] = e
        for part in self._part_files():
            for e in parquet.decode(_read(str(part)), str(part)):
                self.stored.pop(e.report.file, None)  # the later result wins, and moves to the end
                self.stored[e.report.file] = e
            self.part_number = max(self.part_number, _number(part))

    def skip(self, task: FileTask) -> bool:
        """Whether ``task``'s stored result still holds (called for every file, in run order)."""
        self.order.append(task.path)
        stored = self.stored.get(task.path)
        if stored is None or stored.report.content_hash is None or _lost_to_the_run(stored):
            return False
        key = (file_hash(task.path), self.ruleset_hash(task.settings.rules), settings_hash(task.settings))
        if key != stored.key:
            return False
        self.skipped.add(task.path)
        return True

    def ruleset_hash(self, rules: tuple[str, ...]) -> str:
        if rules not in self._ruleset_hashes:
            self._ruleset_hashes[rules] = ruleset_hash(rules)
        return self._ruleset_hashes[rules]

    # --- during the run ---------------------------------------------------------------

    def on_result(self, task: FileTask, result: FileResult) -> None:
        self.buffer.append(Entry(result.report, self.ruleset_hash(task.settings.rules), settings_hash(task.settings)))
        if len(self.buffer) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """This run's unsaved results to a new part file."""
        if not self.buffer:
            return
        self.part_number += 1
        self.parts.mkdir(exist_ok=True)
        self.write(str(self.parts / f"part-{self.part_number:06d}.parquet"), parquet.encode(self.buffer))
        self.buffer = []

    # --- after the run ----------------------------------------------------------------

    def combined(self, run_entries: list[Entry]) -> list[Entry]:
        """Every file once: this run's files in run order (a skipped one with its stored result),
        then the stored files this run did not name, in their stored order."""
        fresh = {e.report.file: e for e in run_entries}
        out: list[Entry] = [e for e in run_entries if e.report.file not in self.order]  # named but not found
        named = set()
        for file in self.order:
            entry = self.stored[file] if file in self.skipped else fresh.get(file)
            if entry is not None and file not in named:
                out.append(entry)
                named.add(file)
        named |= {e.report.file for e in out}
        out += [e for file, e in self.stored.items() if file not in named]
        return out

    def finish(self, run_entries: list[Entry], emit: Callable[[bytes], None]) -> list[Entry]:
        """Write the combined file with ``emit`` (atomically), then drop the part files."""
        entries = self.combined(run_entries)
        emit(parquet.encode(entries))
        self._clear_parts()
        return entries

    def _part_files(self) -> list[Path]:
        return sorted(self.parts.glob(PART_GLOB)) if self.parts.is_dir() else []

    def _clear_parts(self) -> None:
        for part in self._part_files():
            part.unlink(missing_ok=True)
        if self.parts.is_dir():
            try:
                self.parts.rmdir()  # only when nothing else is in it
            except OSError:
                pass


def read_findings(path: str) -> list[Entry]:
    """The entries of a findings file (E101 when it is not there, E122 when it is not one)."""
    target = Path(path)
    if not target.exists():
        raise BpolintError("E101", path)
    if not target.is_file():
        raise BpolintError("E122", path, None, {"detail": "not a regular file"})
    return parquet.decode(_read(path), path)


def _lost_to_the_run(entry: Entry) -> bool:
    code = entry.report.error_code or ""
    return code.startswith("E9")


def _number(part: Path) -> int:
    try:
        return int(part.stem.split("-", 1)[1])
    except (IndexError, ValueError):
        return 0


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise BpolintError("E122", path, None, {"detail": exc.strerror or str(exc)}) from None


__all__ = ["BATCH", "ResumableOutput", "read_findings"]
