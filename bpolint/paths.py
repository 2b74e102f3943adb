"""Where the shipped rule sets live: ``rules/`` in a checkout, ``bpolint/rules`` in a wheel."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def rules_root() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):  # installed wheel, then checkout
        if (candidate / "taxonomy.yaml").is_file():
            return candidate
    return here / "rules"
