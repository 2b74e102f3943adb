"""Project configuration: ``.bpolint.yaml`` (or ``[tool.bpolint]`` in pyproject.toml).

Precedence: command-line flags, then ``--config FILE``, then the nearest config file
walking up from the current directory. Unknown keys and wrong types are errors that
name the file and line. Waivers must give a reason; a waiver that suppresses nothing
is reported, so stale ones do not pile up.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BpolintError
from .yamlio import line_of, load_yaml

KEYS = {"service", "fail-on", "rules", "disable", "severity", "waivers", "changes"}
WAIVER_KEYS = {"rule", "files", "topic", "reason", "contains"}
FILENAMES = (".bpolint.yaml", ".bpolint.yml")


@dataclass(frozen=True)
class Waiver:
    rule: str | None
    topic: str | None
    files: str  # glob matched against the path as given and its name
    reason: str
    contains: str | None  # only findings whose evidence contains this text
    line: int

    def matches(self, finding, path: str) -> bool:
        if self.rule and self.rule not in (finding.rule, finding.rule_name):
            return False
        if self.topic and self.topic != finding.topic:
            return False
        if not (fnmatch.fnmatch(path, self.files) or fnmatch.fnmatch(Path(path).name, self.files)):
            return False
        return not self.contains or self.contains.lower() in finding.evidence.lower()


@dataclass(frozen=True)
class Config:
    path: str | None = None
    service: tuple[str, ...] = ()
    fail_on: str | None = None
    rules: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    waivers: tuple[Waiver, ...] = ()
    changes: str | None = None


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        for name in FILENAMES:
            if (d / name).is_file():
                return d / name
        py = d / "pyproject.toml"
        if py.is_file() and "[tool.bpolint]" in py.read_text(encoding="utf-8", errors="replace"):
            return py
    return None


def _fail(path: str, node: Any, key: str | None, detail: str) -> BpolintError:
    return BpolintError("E104", path, line_of(node, key) if node is not None else None, {"detail": detail})


def _str_list(path: str, node: dict, key: str) -> tuple[str, ...]:
    v = node.get(key, [])
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise _fail(path, node, key, f"{key!r} must be a string or a list of strings")
    return tuple(v)


def load_config(path: str | Path) -> Config:
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise BpolintError("E101", name)
    if p.name == "pyproject.toml":
        data = _from_pyproject(p)
    else:
        data = load_yaml(p, code="E104")
    if data is None:
        return Config(path=name)
    if not isinstance(data, dict):
        raise _fail(name, None, None, "the configuration must be a mapping")
    for key in data:
        if key not in KEYS:
            raise _fail(name, data, key, f"unknown key {key!r} (allowed: {', '.join(sorted(KEYS))})")
    fail_on = data.get("fail-on")
    if fail_on is not None and fail_on not in ("error", "warning", "info", "never"):
        raise _fail(name, data, "fail-on", "'fail-on' must be error, warning, info or never")
    changes = data.get("changes")
    if changes is not None and changes not in ("accepted", "original"):
        raise _fail(name, data, "changes", "'changes' must be accepted or original")
    severity = data.get("severity", {}) or {}
    if not isinstance(severity, dict) or not all(v in ("error", "warning", "info") for v in severity.values()):
        raise _fail(name, data, "severity", "'severity' maps rule ids or names to error, warning or info")
    base = p.parent
    rules = tuple(str((base / r).resolve()) for r in _str_list(name, data, "rules"))
    waivers = []
    raw_waivers = data.get("waivers", []) or []
    if not isinstance(raw_waivers, list):
        raise _fail(name, data, "waivers", "'waivers' must be a list")
    for w in raw_waivers:
        if not isinstance(w, dict):
            raise _fail(name, raw_waivers, None, "each waiver is a mapping with rule/topic, files and reason")
        for key in w:
            if key not in WAIVER_KEYS:
                raise _fail(name, w, key, f"unknown waiver key {key!r} (allowed: {', '.join(sorted(WAIVER_KEYS))})")
        reason = w.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise _fail(name, w, None, "every waiver needs a reason")
        if not w.get("rule") and not w.get("topic"):
            raise _fail(name, w, None, "a waiver names a rule or a topic")
        waivers.append(Waiver(w.get("rule"), w.get("topic"), str(w.get("files", "*")), reason,
                              w.get("contains"), line_of(w) or 0))
    return Config(name, _str_list(name, data, "service"), fail_on, rules, _str_list(name, data, "disable"),
                  dict(severity), tuple(waivers), changes)


def _from_pyproject(p: Path) -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        raise BpolintError("E104", str(p), None, {"detail": "[tool.bpolint] needs Python 3.11+; use .bpolint.yaml"}) from None
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BpolintError("E104", str(p), None, {"detail": str(exc)}) from None
    return data.get("tool", {}).get("bpolint")


def apply_waivers(findings: list, path: str, waivers: tuple[Waiver, ...], used: set[int]) -> list:
    kept = []
    for f in findings:
        hit = next((i for i, w in enumerate(waivers) if w.matches(f, path)), None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit)
    return kept
