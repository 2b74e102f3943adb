"""The on-disk cache of compiled rule sets.

Parsing and validating the YAML rule files, tokenising their phrases and compiling
their regexes costs seconds; the result depends only on the files and on the code
that reads them. So it is stored once, in the user cache directory
(``$BPOLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/bpolint``, else ``~/.cache/bpolint``),
under a key that hashes

* the path and contents of every YAML file in each rule root (and its folders),
* bpolint's version and the size and modification time of each of its own
  modules (a changed check or loader invalidates the cache without a version bump),
* the Python version (stored regex programs belong to it) and spaCy's version
  (phrases are stored as the tokenizer split them).

A missing, stale or unreadable entry is rebuilt without a word; an entry is
written to a temporary file and renamed, so concurrent workers never read half of
one. ``BPOLINT_NO_CACHE=1`` (``--no-cache`` on the command line) bypasses the
cache. The cache only ever holds what bpolint wrote there itself; like any user
cache it is trusted as much as the user's own home directory.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

from ..version import __version__

FORMAT = 1
KEEP_ENTRIES = 16  # per kind; older entries (other versions, edited rules) are removed
_PACKAGE = Path(__file__).resolve().parents[1]


def enabled() -> bool:
    return os.environ.get("BPOLINT_NO_CACHE", "").strip().lower() not in ("1", "true", "yes", "on")


def cache_dir() -> Path:
    explicit = os.environ.get("BPOLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bpolint"


_code_digest: str | None = None


def _code_fingerprint() -> str:
    """bpolint's own modules, Python's and spaCy's versions: what turns rule files into a cache entry."""
    global _code_digest
    if _code_digest is None:
        h = hashlib.sha256()
        h.update(f"{FORMAT}|{__version__}|{sys.version}|{sys.implementation.cache_tag}".encode())
        for path in sorted(_PACKAGE.rglob("*.py")):
            st = path.stat()  # size and time of change: an edited module is a new key, without reading them all
            h.update(f"{path.relative_to(_PACKAGE)}|{st.st_size}|{st.st_mtime_ns}".encode())
        spec = importlib.util.find_spec("spacy")  # finds the package without importing it
        if spec is not None and spec.origin:
            about = Path(spec.origin).with_name("about.py")
            h.update(about.read_bytes() if about.is_file() else spec.origin.encode())
        _code_digest = h.hexdigest()
    return _code_digest


def key_for(kind: str, roots: Iterable[Path], files: Iterable[Path] = ()) -> str:
    """A hash of the YAML files in ``roots`` (and their folders), of ``files``, and of the code."""
    h = hashlib.sha256()
    h.update(f"{kind}|{_code_fingerprint()}".encode())
    for root in roots:
        h.update(f"\0root\0{root}".encode())
        if root.is_dir():
            for path in sorted([*root.glob("*.yaml"), *root.glob("*/*.yaml")]):
                if path.is_file():
                    h.update(f"\0{path.relative_to(root)}\0".encode())
                    h.update(path.read_bytes())
    for path in files:
        h.update(f"\0file\0{path}\0".encode())
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()[:40]


def _entry(kind: str, key: str) -> Path:
    return cache_dir() / f"{kind}-{key}.pickle"


def load(kind: str, key: str) -> Any | None:
    """The stored value, or None when there is none or it cannot be read."""
    try:
        with open(_entry(kind, key), "rb") as fh:
            stored = pickle.load(fh)
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or from other code: rebuild
        return None
    if not isinstance(stored, tuple) or len(stored) != 3 or stored[:2] != (FORMAT, key):
        return None
    return stored[2]


def store(kind: str, key: str, value: Any) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    from ..regex_programs import dumps

    folder = cache_dir()
    try:
        data = dumps((FORMAT, key, value))
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=str(folder))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, _entry(kind, key))
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        _prune(folder, kind)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        try:
            old.unlink()
        except OSError:
            pass


def cached(kind: str, roots: Iterable[Path], build: Callable[[], Any], files: Iterable[Path] = (),
           use_cache: bool | None = None) -> Any:
    """``build()``, or what an earlier ``build()`` with the same inputs stored."""
    if use_cache is False or use_cache is None and not enabled():
        return build()
    roots, files = list(roots), list(files)
    try:
        key = key_for(kind, roots, files)
    except OSError:
        return build()
    value = load(kind, key)
    if value is None:
        value = build()
        store(kind, key, value)
    return value
