"""What a file's result depends on, as stable hashes: its bytes, the rule set, the settings.

A portfolio run records them beside each result (the Parquet output), so that a resumed
run can tell which results still hold: the same bytes linted by the same rule files with
the same bpolint and the same settings give the same findings.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .config import Settings
from .paths import rules_root
from .version import __version__


def content_hash(data: bytes) -> str:
    """sha256 of a file's bytes, in hex (as in ``FileReport.content_hash``)."""
    return hashlib.sha256(data).hexdigest()


def file_hash(path: str) -> str | None:
    """sha256 of the file at ``path``, read in chunks; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def ruleset_hash(rules_dirs: tuple[str, ...] = ()) -> str:
    """bpolint's version and every YAML file of the shipped rules and of each extra rule set, in order.

    Paths enter relative to their rule set's folder, so the same rules installed elsewhere (on
    another machine) hash the same. A rule set that is not there hashes as missing. (The rule
    cache's key in ``ruleset/cache.py`` also hashes absolute paths and module times: right for a
    local cache, but a client and its workers, or a run and its resumption after a reinstall,
    must agree on the same rules wherever they are installed.)
    """
    digest = hashlib.sha256(f"bpolint {__version__}\n".encode())
    for root in (str(rules_root()), *rules_dirs):
        folder = Path(root)
        digest.update(b"\0root\0")
        if not folder.is_dir():
            digest.update(b"missing")
            continue
        for path in sorted(folder.rglob("*.yaml")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def settings_hash(settings: Settings) -> str:
    """The settings that change what is reported for a file, beyond the rule files themselves.

    Limits and the fail-on level are left out: they change whether a file finishes, or the
    exit code, not its findings (a file that hit a limit is linted again on resume anyway).
    """
    what = {
        "service": list(settings.service),
        "disable": sorted(settings.disable),
        "severity": sorted(map(list, settings.severity)),
        "waivers": [[w.rule, w.topic, w.files, w.contains] for w in settings.waivers],
        "changes": settings.changes,
    }
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:16]
