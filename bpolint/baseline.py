"""Baselines: adopt bpolint on a repository that already has findings.

``check --write-baseline FILE`` records the fingerprint of every current finding;
``check --baseline FILE`` then reports only findings that are not in it, and lists the
entries that no longer match anything (fixed, or reworded) so the baseline can be
refreshed. Files are keyed by their path relative to the baseline file's folder, so a
baseline committed at the root of a repository works from any working directory.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import BpolintError, warning_text
from .model import FileReport, Notice, Report

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    rule: str
    topic: str
    evidence: str


@dataclass(frozen=True)
class Baseline:
    path: str
    files: dict[str, tuple[Entry, ...]]

    def key(self, file: str) -> str:
        return _key(file, Path(self.path).resolve().parent)


def _key(file: str, base: Path) -> str:
    try:
        return Path(os.path.abspath(file)).relative_to(base).as_posix()
    except ValueError:
        return Path(os.path.abspath(file)).as_posix()


def render(report: Report, path: str) -> str:
    """The baseline file for the findings in ``report``."""
    base = Path(path).resolve().parent
    files = {}
    for fr in report.files:
        if fr.error:
            continue
        files[_key(fr.file, base)] = [{"fingerprint": f.fingerprint, "rule": f.rule, "topic": f.topic,
                                       "evidence": " ".join(f.quoted.split())[:120]} for f in fr.findings]
    return json.dumps({"version": FORMAT_VERSION, "tool": "bpolint", "files": dict(sorted(files.items()))},
                      indent=2, ensure_ascii=False) + "\n"


def load(path: str) -> Baseline:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BpolintError("E101", path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BpolintError("E110", path, None, {"detail": str(exc)}) from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("files"), dict):
        raise BpolintError("E110", path, None, {"detail": f"not a bpolint baseline (version {FORMAT_VERSION})"})
    files: dict[str, tuple[Entry, ...]] = {}
    for name, entries in data["files"].items():
        if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                                                    for e in entries):
            raise BpolintError("E110", path, None, {"detail": f"entries for {name!r} are malformed"})
        files[name] = tuple(Entry(e["fingerprint"], str(e.get("rule", "")), str(e.get("topic", "")),
                                  str(e.get("evidence", ""))) for e in entries)
    return Baseline(path, files)


def apply(report: Report, baseline: Baseline) -> Report:
    """Drop the findings the baseline records; report its stale entries as notices."""
    files = []
    stale: list[Notice] = []
    for fr in report.files:
        entries = baseline.files.get(baseline.key(fr.file))
        if fr.error or not entries:
            files.append(fr)
            continue
        known = {e.fingerprint for e in entries}
        kept = [f for f in fr.findings if f.fingerprint not in known]
        present = {f.fingerprint for f in fr.findings}
        for e in entries:
            if e.fingerprint not in present:
                text = warning_text("W103", rule=e.rule, evidence=repr(e.evidence[:60])).split("] ", 1)[1]
                stale.append(Notice("W103", baseline.path, None, f"{fr.file}: {text}"))
        files.append(_with(fr, kept))
    return replace(report, files=tuple(files), notices=report.notices + tuple(stale))


def _with(fr: FileReport, kept: list) -> FileReport:
    return replace(fr, findings=tuple(kept), suppressed=fr.suppressed + len(fr.findings) - len(kept))
