"""Compiled regexes that can be stored and loaded without compiling them again.

``pickle`` stores an ``re.Pattern`` as its source and compiles it again on load,
which for a rule set's regexes costs most of a second in every process. The
pickler here stores the compiled program instead (what ``re`` hands to ``_sre``),
and loading rebuilds the pattern from it directly. The program format belongs to
the Python version, so stored programs are only ever read by the same version (the
rule cache key includes it); a program that cannot be loaded is compiled from its
source instead.
"""
from __future__ import annotations

import copyreg
import io
import pickle
import re
from typing import Any

try:  # Python 3.11+
    from re import _compiler as _comp, _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _comp  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

import _sre


def program(source: str, flags: int) -> tuple:
    """The arguments ``re`` passes to ``_sre.compile`` for this pattern."""
    parsed = _p.parse(source, flags)
    code = _comp._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (source, flags | parsed.state.flags, [int(c) for c in code], parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def from_program(args: tuple) -> re.Pattern:
    try:
        return _sre.compile(*args)
    except Exception:  # noqa: BLE001 - another interpreter's program: compile the source
        return re.compile(args[0], args[1])


def _reduce_pattern(pattern: re.Pattern) -> tuple:
    try:
        return from_program, (program(pattern.pattern, pattern.flags),)
    except Exception:  # noqa: BLE001 - fall back to pickle's own form
        return re.compile, (pattern.pattern, pattern.flags)


def dumps(obj: Any) -> bytes:
    """Pickle ``obj``, storing every compiled regex inside it as its program."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[re.Pattern] = _reduce_pattern
    pickler.dump(obj)
    return buf.getvalue()
