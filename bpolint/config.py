"""Project configuration: ``.bpolint.yaml`` (or ``[tool.bpolint]`` in pyproject.toml).

Each contract is governed by the nearest configuration file found by walking up from
its own folder, so a repository can keep one configuration per client folder;
``--config FILE`` names one file for every contract instead. A file may ``extends:``
built-in presets (``bpolint:strict``) and other files. Command-line flags win over
everything (:class:`Overrides`).

Unknown keys and wrong values are errors that name the file and the line. Paths in a
configuration (``rules:``, ``extends:``, ``playbook:``) are relative, and may not leave the project
(the folder holding ``.git``, else the configuration's own folder): a file that lands in
a repository cannot make bpolint read files elsewhere on the machine.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import BpolintError
from .model import Severity
from .quantities import Amount, order, parse_amount, span_of
from .yamlio import line_of, load_yaml

FILENAMES = (".bpolint.yaml", ".bpolint.yml")
PRESETS_DIR = Path(__file__).resolve().parent / "presets"
FAIL_ON = ("error", "warning", "info", "never")
CHANGES = ("accepted", "original")
WAIVER_KEYS = {"rule", "files", "topic", "reason", "contains"}
LIMIT_KEYS = {"max-size-mb", "time-limit-s", "memory-limit-mb"}
KEYS = {"extends", "service", "fail-on", "rules", "disable", "severity", "waivers", "changes", "include", "exclude",
        "limits", "playbook"}
PLAYBOOK_KEYS = {"party", "defaults", "topics"}
TERM_KEYS = {"name", "target", "walk-away", "better", "near", "preferred", "fallback", "source"}
PARTIES = ("customer", "supplier")

# Defaults of the limits that keep one hostile file from costing the run (see README, "Limits").
DEFAULT_MAX_SIZE_MB = 64
DEFAULT_TIME_LIMIT_S = 120
DEFAULT_MEMORY_LIMIT_MB = 2048


@dataclass(frozen=True)
class Waiver:
    """An accepted deviation: findings of ``rule`` (or ``topic``) in ``files`` are not reported."""

    rule: str | None
    topic: str | None
    files: str  # glob, matched against the path relative to the configuration's folder, the path as given, the name
    reason: str
    contains: str | None  # only findings whose evidence contains this text
    config: str  # the file that declares it
    line: int
    base: str = ""  # the configuration's folder

    @property
    def key(self) -> tuple[str, int]:
        return (self.config, self.line)

    def matches(self, finding, path: str) -> bool:
        if self.rule and self.rule not in (finding.rule, finding.rule_name):
            return False
        if self.topic and self.topic != finding.topic:
            return False
        if not self._path_matches(path):
            return False
        return not self.contains or self.contains.lower() in finding.quoted.lower()

    def _path_matches(self, path: str) -> bool:
        candidates = [path, Path(path).name]
        if self.base:
            try:
                candidates.append(Path(path).resolve().relative_to(self.base).as_posix())
            except ValueError:
                pass
        return any(fnmatch.fnmatch(c, self.files) for c in candidates)

    def describe(self) -> str:
        return f"waiver for {self.rule or self.topic} on {self.files!r}"


@dataclass(frozen=True)
class PlaybookTerm:
    """One negotiating position on a topic: what we aim for, the least we accept, and wording.

    ``target`` and ``walk_away`` are exact amounts ("99.9%", "24 hours"); ``better`` says
    which way is better (read from the pair, or stated where they are equal). ``near``
    picks the draft's figures the term is about ("recovery time" rather than "recovery
    point" in one business continuity clause). A term may give wording only.
    """

    topic: str
    name: str | None = None
    target: Amount | None = None
    walk_away: Amount | None = None
    better: str | None = None  # higher | lower
    near: tuple[str, ...] = ()
    preferred: str | None = None  # wording we ask for
    fallback: str | None = None  # wording we would accept
    source: str | None = None  # where the figures come from
    file: str = ""
    line: int | None = None

    @property
    def measurable(self) -> bool:
        return self.target is not None


@dataclass(frozen=True)
class Playbook:
    """A company's negotiating positions, per topic, for ``party`` (the side they are written for)."""

    party: str = "customer"
    defaults: bool = True  # start from the shipped defaults for the draft's service types
    terms: tuple[PlaybookTerm, ...] = ()
    files: tuple[str, ...] = ()  # where it was read from

    def over(self, base: "Playbook") -> "Playbook":
        """This playbook over ``base``: a topic this one sets replaces all of base's terms for it."""
        mine = {t.topic for t in self.terms}
        return Playbook(self.party, self.defaults, tuple(t for t in base.terms if t.topic not in mine) + self.terms,
                        base.files + self.files)


@dataclass(frozen=True)
class Config:
    """What one configuration file (with what it extends) says; ``None`` = not set."""

    path: str | None = None
    service: tuple[str, ...] | None = None
    fail_on: str | None = None
    rules: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    waivers: tuple[Waiver, ...] = ()
    changes: str | None = None
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    max_size_mb: float | None = None
    time_limit_s: float | None = None
    memory_limit_mb: float | None = None
    playbook: Playbook | None = None

    def over(self, base: "Config") -> "Config":
        """This configuration layered over ``base``: scalars replace, lists add up, severities merge."""
        return Config(
            path=self.path or base.path,
            service=self.service if self.service is not None else base.service,
            fail_on=self.fail_on or base.fail_on,
            rules=base.rules + self.rules,
            disable=base.disable + self.disable,
            severity=tuple({**dict(base.severity), **dict(self.severity)}.items()),
            waivers=base.waivers + self.waivers,
            changes=self.changes or base.changes,
            include=self.include if self.include is not None else base.include,
            exclude=base.exclude + self.exclude,
            max_size_mb=_first(self.max_size_mb, base.max_size_mb),
            time_limit_s=_first(self.time_limit_s, base.time_limit_s),
            memory_limit_mb=_first(self.memory_limit_mb, base.memory_limit_mb),
            playbook=self.playbook.over(base.playbook) if self.playbook and base.playbook else
            self.playbook or base.playbook,
        )


def _first(*values):
    return next((v for v in values if v is not None), None)


@dataclass(frozen=True)
class Overrides:
    """Command-line flags: ``None`` (or empty) means the flag was not given."""

    service: tuple[str, ...] = ()
    fail_on: str | None = None
    rules: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    changes: str | None = None
    max_size_mb: float | None = None
    time_limit_s: float | None = None
    memory_limit_mb: float | None = None
    config: str | None = None  # --config FILE: one file for every contract
    use_config: bool = True  # --no-config: none at all


@dataclass(frozen=True)
class Settings:
    """Everything that decides how one contract is linted, after all layers."""

    service: tuple[str, ...] = ("auto",)
    fail_on: str = "error"
    rules: tuple[str, ...] = ()
    disable: frozenset[str] = frozenset()
    severity: tuple[tuple[str, str], ...] = ()
    waivers: tuple[Waiver, ...] = ()
    changes: str = "accepted"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    exclude_base: str = ""  # folder the include/exclude globs are relative to
    max_bytes: int = DEFAULT_MAX_SIZE_MB * 1024 * 1024
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    memory_limit_mb: float = DEFAULT_MEMORY_LIMIT_MB
    config_path: str | None = None
    playbook: Playbook | None = None  # the company's negotiating positions (None: the shipped defaults)

    @property
    def fail_rank(self) -> int:
        return 99 if self.fail_on == "never" else Severity(self.fail_on).rank

    def excludes(self, path: Path) -> bool:
        """Whether include/exclude globs leave ``path`` out (relative to the configuration's folder)."""
        rel = _relative(path, self.exclude_base)
        if any(_glob(rel, g) for g in self.exclude):
            return True
        return bool(self.include) and not any(_glob(rel, g) for g in self.include)


def _relative(path: Path, base: str) -> str:
    try:
        return path.resolve().relative_to(base).as_posix() if base else path.as_posix()
    except ValueError:
        return path.as_posix()


def _glob(rel: str, pattern: str) -> bool:
    """gitignore-like: a pattern without "/" matches any path component; "**" spans folders."""
    if "/" not in pattern.rstrip("/"):
        return any(fnmatch.fnmatch(part, pattern.rstrip("/")) for part in rel.split("/"))
    return fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.replace("**/", ""))


def settings_for(config: Config, overrides: Overrides) -> Settings:
    """Layer command-line flags over a configuration over the defaults."""
    base = str(Path(config.path).resolve().parent) if config.path and not config.path.startswith("bpolint:") else ""
    size = _first(overrides.max_size_mb, config.max_size_mb, DEFAULT_MAX_SIZE_MB)
    return Settings(
        service=overrides.service or config.service or ("auto",),
        fail_on=overrides.fail_on or config.fail_on or "error",
        rules=tuple(config.rules) + tuple(str(Path(r).resolve()) for r in overrides.rules),
        disable=frozenset(config.disable) | frozenset(overrides.disable),
        severity=config.severity,
        waivers=config.waivers,
        changes=overrides.changes or config.changes or "accepted",
        include=config.include or (),
        exclude=config.exclude,
        exclude_base=base,
        max_bytes=int(size * 1024 * 1024),
        time_limit_s=float(_first(overrides.time_limit_s, config.time_limit_s, DEFAULT_TIME_LIMIT_S)),
        memory_limit_mb=float(_first(overrides.memory_limit_mb, config.memory_limit_mb, DEFAULT_MEMORY_LIMIT_MB)),
        config_path=config.path,
        playbook=config.playbook,
    )


# --- finding configuration files ----------------------------------------------------


def find_config(start: Path | None = None) -> Path | None:
    """The nearest configuration file in ``start`` (a folder) or above it."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        for name in FILENAMES:
            if (d / name).is_file():
                return d / name
        py = d / "pyproject.toml"
        if py.is_file() and _has_tool_table(py):
            return py
    return None


def _has_tool_table(py: Path) -> bool:
    try:
        return re.search(r"^\s*\[tool\.bpolint(?:\.[\w-]+)?\]", py.read_text(encoding="utf-8", errors="replace"),
                         re.M) is not None
    except OSError:
        return False


def config_for_file(path: str | Path, overrides: Overrides) -> Config:
    """The configuration that governs one contract."""
    if not overrides.use_config:
        return Config()
    if overrides.config:
        return load_config(overrides.config)
    p = Path(path)
    found = find_config(p if p.is_dir() else p.parent)
    return load_config(found) if found else Config()


# --- loading ------------------------------------------------------------------------


def load_config(path: str | Path) -> Config:
    """Load a configuration file (or ``bpolint:NAME`` preset) with everything it extends."""
    return _load(str(path), ())


def _load(name: str, chain: tuple[str, ...]) -> Config:
    # cached on the file's size and modification time, so an edited file is read again
    return _load_cached(name, _signature(name), chain)


def _signature(name: str) -> tuple[int, int]:
    try:
        st = Path(name).stat() if not name.startswith("bpolint:") else None
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size) if st else (0, 0)


@lru_cache(maxsize=256)
def _load_cached(name: str, signature: tuple[int, int], chain: tuple[str, ...]) -> Config:
    if name.startswith("bpolint:"):
        preset = PRESETS_DIR / f"{name.split(':', 1)[1]}.yaml"
        if not preset.is_file():
            raise BpolintError("E104", chain[-1] if chain else name, None,
                               {"detail": f"unknown preset {name!r} (built in: {', '.join(preset_names())})"})
        data, lines = load_yaml(preset, code="E104"), None
        shown = name
    else:
        p = Path(name)
        if not p.is_file():
            raise BpolintError("E101", name)
        shown = name
        if p.name == "pyproject.toml":
            data, lines = _from_pyproject(p)
        else:
            data, lines = load_yaml(p, code="E104"), None
    if data is None:
        return Config(path=shown)
    if not isinstance(data, dict):
        raise BpolintError("E104", shown, None, {"detail": "the configuration must be a mapping"})
    parser = _Parser(shown, data, lines, None if name.startswith("bpolint:") else Path(name).resolve().parent)
    own = parser.parse()
    base = Config()
    for parent in parser.extends:
        if parent in chain or parent == name:
            raise parser.fail("extends", f"extends itself through {parent!r}")
        base = _load(parent, chain + (name,)).over(base)
    return replace(own.over(base), path=shown)


def preset_names() -> list[str]:
    return sorted(f"bpolint:{p.stem}" for p in PRESETS_DIR.glob("*.yaml"))


class _Parser:
    """Reads one configuration mapping, naming the file and line of every problem."""

    def __init__(self, name: str, data: dict, lines: dict[str, int] | None, folder: Path | None) -> None:
        self.name, self.data, self.lines, self.folder = name, data, lines, folder
        self.extends: list[str] = []

    def line(self, node: Any, key: str | None = None) -> int | None:
        if self.lines is not None:
            return self.lines.get(key or "", None)
        return line_of(node, key) if node is not None else None

    def fail(self, key: str | None, detail: str, node: Any = None) -> BpolintError:
        return BpolintError("E104", self.name, self.line(node if node is not None else self.data, key),
                            {"detail": detail})

    def str_list(self, key: str) -> tuple[str, ...]:
        v = self.data.get(key, [])
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            raise self.fail(key, f"{key!r} must be a string or a list of strings")
        return tuple(v)

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        v = self.data.get(key)
        if v is not None and v not in choices:
            raise self.fail(key, f"{key!r} must be {', '.join(choices[:-1])} or {choices[-1]}, not {v!r}")
        return v

    def path(self, key: str, value: str) -> Path:
        """A relative path inside the project (see the module docstring)."""
        p = Path(value).expanduser()
        if p.is_absolute() or value.startswith("~"):
            raise self.fail(key, f"{key!r} takes paths relative to the configuration, not {value!r}")
        assert self.folder is not None
        resolved = (self.folder / p).resolve()
        root = _project_root(self.folder)
        if resolved != root and root not in resolved.parents:
            raise self.fail(key, f"{value!r} is outside the project ({root})")
        return resolved

    def parse(self) -> Config:
        d = self.data
        for key in d:
            if key not in KEYS:
                raise self.fail(key, f"unknown key {key!r} (allowed: {', '.join(sorted(KEYS))})")
        for parent in self.str_list("extends"):
            if parent.startswith("bpolint:"):
                if not (PRESETS_DIR / f"{parent.split(':', 1)[1]}.yaml").is_file():
                    raise self.fail("extends", f"unknown preset {parent!r} (built in: {', '.join(preset_names())})")
                self.extends.append(parent)
            elif self.folder is None:
                raise self.fail("extends", "a built-in preset can only extend other presets")
            else:
                self.extends.append(str(self.path("extends", parent)))
        service = self.str_list("service") if "service" in d else None
        rules = tuple(str(self.path("rules", r)) for r in self.str_list("rules")) if self.folder else ()
        severity = d.get("severity", {}) or {}
        if not isinstance(severity, dict) or not all(isinstance(k, str) and v in ("error", "warning", "info")
                                                     for k, v in severity.items()):
            raise self.fail("severity", "'severity' maps rule ids or names to error, warning or info")
        limits = self.limits()
        return Config(
            path=self.name, service=service, fail_on=self.choice("fail-on", FAIL_ON), rules=rules,
            disable=self.str_list("disable"), severity=tuple(severity.items()), waivers=self.waivers(),
            changes=self.choice("changes", CHANGES),
            include=self.str_list("include") if "include" in d else None, exclude=self.str_list("exclude"),
            max_size_mb=limits.get("max-size-mb"), time_limit_s=limits.get("time-limit-s"),
            memory_limit_mb=limits.get("memory-limit-mb"), playbook=self.playbook(),
        )

    def playbook(self) -> Playbook | None:
        """``playbook:`` inline, or the name of a separate file (relative, inside the project)."""
        if "playbook" not in self.data or self.data["playbook"] is None:
            return None
        value = self.data["playbook"]
        if isinstance(value, str):
            if self.folder is None:
                raise self.fail("playbook", "a built-in preset cannot name a playbook file")
            path = self.path("playbook", value)
            if not path.is_file():
                raise self.fail("playbook", f"playbook file {value!r} not found")
            return parse_playbook(load_yaml(path, code="E104"), str(path))
        if not isinstance(value, dict):
            raise self.fail("playbook", "'playbook' is a mapping (party, defaults, topics) or the name of a file")
        return parse_playbook(value, self.name, (lambda node, key: self.lines.get("playbook"))
                              if self.lines is not None else None)

    def limits(self) -> dict[str, float]:
        raw = self.data.get("limits", {}) or {}
        if not isinstance(raw, dict):
            raise self.fail("limits", f"'limits' is a mapping of {', '.join(sorted(LIMIT_KEYS))}")
        for key, value in raw.items():
            if key not in LIMIT_KEYS:
                raise self.fail("limits", f"unknown limit {key!r} (allowed: {', '.join(sorted(LIMIT_KEYS))})", raw)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise self.fail("limits", f"limit {key!r} must be a number of at least 0 (0 = no limit)", raw)
        return dict(raw)

    def waivers(self) -> tuple[Waiver, ...]:
        raw = self.data.get("waivers", []) or []
        if not isinstance(raw, list):
            raise self.fail("waivers", "'waivers' must be a list")
        out = []
        for i, w in enumerate(raw):
            line = (getattr(raw, "item_lines", None) or [None] * len(raw))[i] or self.line(self.data, "waivers")
            if not isinstance(w, dict):
                raise BpolintError("E104", self.name, line,
                                   {"detail": "each waiver is a mapping with rule or topic, files and reason"})
            for key in w:
                if key not in WAIVER_KEYS:
                    raise BpolintError("E104", self.name, line_of(w, key) or line, {
                        "detail": f"unknown waiver key {key!r} (allowed: {', '.join(sorted(WAIVER_KEYS))})"})
            reason = w.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                raise BpolintError("E104", self.name, line, {"detail": "every waiver needs a reason"})
            if not w.get("rule") and not w.get("topic"):
                raise BpolintError("E104", self.name, line, {"detail": "a waiver names a rule or a topic"})
            out.append(Waiver(w.get("rule"), w.get("topic"), str(w.get("files", "*")), reason, w.get("contains"),
                              self.name, line or 0, str(self.folder) if self.folder else ""))
        return tuple(out)


# --- the playbook ---------------------------------------------------------------------


def parse_playbook(data: Any, name: str, line=None) -> Playbook:
    """Read a playbook mapping (``party``, ``defaults``, ``topics``), naming file and line of every problem.

    ``line(node, key)`` finds the line of a key; by default the YAML loader's own lines.
    Used for the ``playbook:`` key, a file it names, and the shipped default playbooks.
    """
    return _PlaybookParser(name, line or line_of).parse(data)


class _PlaybookParser:
    def __init__(self, name: str, line) -> None:
        self.name, self.line = name, line

    def fail(self, node: Any, key: str | None, detail: str) -> BpolintError:
        return BpolintError("E104", self.name, self.line(node, key), {"detail": f"playbook: {detail}"})

    def parse(self, data: Any) -> Playbook:
        if data is None:
            return Playbook(files=(self.name,))
        if not isinstance(data, dict):
            raise self.fail(data, None, "the playbook is a mapping of party, defaults and topics")
        for key in data:
            if key not in PLAYBOOK_KEYS:
                raise self.fail(data, key, f"unknown key {key!r} (allowed: {', '.join(sorted(PLAYBOOK_KEYS))})")
        party = data.get("party", "customer")
        if party not in PARTIES:
            raise self.fail(data, "party", f"'party' is customer or supplier, not {party!r}")
        defaults = data.get("defaults", True)
        if not isinstance(defaults, bool):
            raise self.fail(data, "defaults", "'defaults' is true or false")
        topics = data.get("topics", {}) or {}
        if not isinstance(topics, dict):
            raise self.fail(data, "topics", "'topics' maps topic ids to positions")
        from .taxonomy import load_taxonomy

        known = load_taxonomy().topics
        terms: list[PlaybookTerm] = []
        for topic, value in topics.items():
            if topic not in known:
                raise self.fail(topics, topic, f"unknown topic {topic!r} (see `bpolint rules list --topics`)")
            items = value if isinstance(value, list) else [value]
            if not items or not all(isinstance(i, dict) for i in items):
                raise self.fail(topics, topic, f"{topic}: a position is a mapping (target, walk-away, preferred, "
                                               "fallback ...) or a list of them")
            if len(items) > 1 and not all(i.get("name") for i in items):
                raise self.fail(topics, topic, f"{topic}: several positions on one topic each need a 'name'")
            terms.extend(self.term(topic, item, topics) for item in items)
        return Playbook(party, defaults, tuple(terms), (self.name,))

    def term(self, topic: str, d: dict, parent: dict) -> PlaybookTerm:
        where = f"{topic}{': ' + str(d['name']) if d.get('name') else ''}"
        line = self.line(d, None) or self.line(parent, topic)
        for key in d:
            if key not in TERM_KEYS:
                raise self.fail(d, key, f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(TERM_KEYS))})")
        for key in ("name", "preferred", "fallback", "source"):
            if key in d and not (isinstance(d[key], str) and d[key].strip()):
                raise self.fail(d, key, f"{where}: {key!r} must be text")
        if ("target" in d) != ("walk-away" in d):
            raise self.fail(d, "target" if "target" in d else "walk-away",
                            f"{where}: a position with figures needs both 'target' and 'walk-away'")
        if "target" not in d and not (d.get("preferred") or d.get("fallback")):
            raise self.fail(d, None, f"{where}: give 'target' and 'walk-away', or 'preferred' or 'fallback' wording")
        target = self.amount(d, "target", where)
        walk_away = self.amount(d, "walk-away", where)
        better = d.get("better")
        if better is not None and better not in ("higher", "lower"):
            raise self.fail(d, "better", f"{where}: 'better' is higher or lower, not {better!r}")
        if target is not None and walk_away is not None:
            better = self.direction(d, where, target, walk_away, better)
        near = d.get("near", [])
        near = [near] if isinstance(near, str) else near
        if not isinstance(near, list) or not all(isinstance(n, str) and n for n in near):
            raise self.fail(d, "near", f"{where}: 'near' is a regular expression or a list of them")
        for pattern in near:
            try:
                re.compile(pattern, re.I)
            except re.error as exc:
                raise self.fail(d, "near", f"{where}: invalid regular expression {pattern!r}: {exc}") from None
        return PlaybookTerm(topic, d.get("name"), target, walk_away, better, tuple(near), _text(d.get("preferred")),
                            _text(d.get("fallback")), _text(d.get("source")), self.name, line)

    def amount(self, d: dict, key: str, where: str) -> Amount | None:
        if key not in d:
            return None
        value = d[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(d, key, f"{where}: {key!r} is a quantity such as 99.9%, 24 hours or USD 50,000")
        try:
            return parse_amount(str(value))
        except ValueError as exc:
            raise self.fail(d, key, f"{where}: {key!r}: {exc}") from None

    def direction(self, d: dict, where: str, target: Amount, walk_away: Amount, better: str | None) -> str:
        """Which way is better: read from the pair (a target above its walk-away means higher)."""
        if target.kind != walk_away.kind:
            raise self.fail(d, "walk-away", f"{where}: target ({target.kind}) and walk-away ({walk_away.kind}) "
                                            "must be the same kind of quantity")
        if target.kind == "money" and target.unit != walk_away.unit:
            raise self.fail(d, "walk-away", f"{where}: target and walk-away must be in one currency")
        relation = order(target, walk_away)
        implied = {">": "higher", "<": "lower"}.get(relation or "")
        if implied is None:
            if better is None:
                detail = "target equals walk-away" if relation == "=" else \
                    f"target and walk-away overlap ({span_of(target)} and {span_of(walk_away)})"
                raise self.fail(d, "target" if relation == "=" else "walk-away",
                                f"{where}: {detail}; add better: higher or lower")
            return better
        if better is not None and better != implied:
            raise self.fail(d, "better", f"{where}: better: {better} contradicts a target "
                                         f"{'above' if implied == 'higher' else 'below'} the walk-away")
        return implied


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if value else None


def _project_root(folder: Path) -> Path:
    for d in (folder, *folder.parents):
        if (d / ".git").exists():
            return d
    return folder


def _from_pyproject(p: Path) -> tuple[Any, dict[str, int]]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        raise BpolintError("E104", str(p), None, {"detail": "[tool.bpolint] needs Python 3.11+; use .bpolint.yaml"}) from None
    try:
        text = p.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise BpolintError("E104", str(p), None, {"detail": str(exc)}) from None
    return data.get("tool", {}).get("bpolint"), _toml_key_lines(text)


def _toml_key_lines(text: str) -> dict[str, int]:
    """Line of each key of ``[tool.bpolint]`` (and of its sub-tables' names), for error messages."""
    lines: dict[str, int] = {}
    inside = False
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        table = re.match(r"^\[\s*([\w.\-\"]+)\s*\]", line)
        if table:
            name = table.group(1)
            inside = name == "tool.bpolint" or name.startswith("tool.bpolint.")
            if name.startswith("tool.bpolint."):
                lines.setdefault(name.split(".", 2)[2], n)
            if name == "tool.bpolint":
                lines.setdefault("", n)
            continue
        if line.startswith("[["):
            m = re.match(r"^\[\[\s*tool\.bpolint\.([\w-]+)\s*\]\]", line)
            inside = bool(m)
            if m:
                lines.setdefault(m.group(1), n)
            continue
        m = re.match(r"^([\w\-\"]+)\s*=", line)
        if inside and m:
            lines.setdefault(m.group(1).strip('"'), n)
    return lines


def apply_waivers(findings: list, path: str, waivers: tuple[Waiver, ...]) -> tuple[list, set[tuple[str, int]]]:
    """The findings no waiver covers, and the keys of the waivers that covered something."""
    kept, used = [], set()
    for f in findings:
        hit = next((w for w in waivers if w.matches(f, path)), None)
        if hit is None:
            kept.append(f)
        else:
            used.add(hit.key)
    return kept, used
