"""Where the shipped rule sets live: ``rules/`` in a checkout, ``bpolint/rules`` in a wheel."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def rules_root() -> Path:
    here = Path(__file__).resolve().parent
    checkout = here.parent / "rules"
    if (checkout / "taxonomy.yaml").is_file():
        return checkout
    try:
        from importlib.resources import files

        packaged = Path(str(files("bpolint.rules")))
        if (packaged / "taxonomy.yaml").is_file():
            return packaged
    except (ModuleNotFoundError, TypeError):
        pass
    return checkout
