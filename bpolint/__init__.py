"""bpolint: a rules engine that lints outsourcing (BPO) contracts."""
from __future__ import annotations

from .version import __version__

__all__ = ["__version__", "lint_file", "lint_paths", "lint_text", "list_rules"]


def __getattr__(name: str):
    # Importing spaCy costs over a second: load the API only when it is used.
    if name in ("lint_file", "lint_paths", "lint_text", "list_rules"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
