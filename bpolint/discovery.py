"""Which files a run lints: the contracts named, and those found in the folders named.

Folders are searched recursively for the formats bpolint reads; hidden folders and
files (``.git``, ``.venv``) are skipped, and each file's own configuration may narrow
the search with ``include``/``exclude`` globs. The order is sorted and stable, and a
file named twice is linted once.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .config import Settings
from .errors import BpolintError
from .extract import FORMATS, supported_formats


@dataclass(frozen=True)
class Discovered:
    files: list[tuple[str, Settings]]  # each file with the settings that govern it
    errors: list[BpolintError]  # paths that are missing or hold no contract


def discover(paths: Iterable[str], settings_for: Callable[[Path], Settings]) -> Discovered:
    files: list[tuple[str, Settings]] = []
    errors: list[BpolintError] = []
    seen: set[str] = set()

    def add(path: Path, shown: str) -> None:
        key = os.path.realpath(path)
        if key in seen:
            return
        seen.add(key)
        files.append((shown, settings_for(path)))

    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = [f for f in contract_files(path) if not settings_for(f).excludes(f)]
            if not found:
                errors.append(BpolintError("E102", p, None, {"formats": supported_formats()}))
            for f in found:
                add(f, str(f))
        elif not path.exists() and not path.is_symlink():
            errors.append(BpolintError("E101", p))
        elif not settings_for(path).excludes(path):
            add(path, p)  # a file named on the command line is linted whatever its suffix (and may be refused)
    return Discovered(files, errors)


def contract_files(root: Path) -> list[Path]:
    """Contract files under ``root``, sorted; hidden entries skipped; symlinked folders not followed."""
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith(".") or Path(name).suffix.lower() not in FORMATS:
                continue
            f = Path(folder, name)
            if f.is_file():
                out.append(f)
    return sorted(out, key=lambda f: f.as_posix())
