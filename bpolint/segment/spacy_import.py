"""Import spaCy without its command line.

spaCy's package ``__init__`` imports ``spacy.cli.info`` so that ``spacy.info()``
exists, and with it the whole command line: typer, weasel, httpx, jinja2 and about
360 modules, a third of ``import spacy`` (200 ms on the 2-core bench machine).
bpolint never runs spaCy's command line. So while spaCy's ``__init__`` runs,
``spacy.cli.info`` is a stand-in whose ``info`` imports the real one on first call,
and the stand-in is removed as soon as spaCy is in: a later ``import spacy.cli``
(a user's plugin, ``spacy.info()``) loads the real command line as usual.
"""
from __future__ import annotations

import sys
import types
from typing import Any

_CLI_INFO = "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, loading spaCy's command line only when it is called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """``spacy``, imported once per process."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    stand_in = None
    if _CLI_INFO not in sys.modules:
        stand_in = types.ModuleType(_CLI_INFO, "stands in for spaCy's CLI while spaCy is imported")
        stand_in.info = _info  # type: ignore[attr-defined]
        sys.modules[_CLI_INFO] = stand_in
    try:
        import spacy
    finally:
        if stand_in is not None and sys.modules.get(_CLI_INFO) is stand_in:
            del sys.modules[_CLI_INFO]
    return spacy
