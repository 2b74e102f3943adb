"""Check kinds: a small fixed set in code, with the rules as data.

The registry is explicit so that a rule's ``check:`` names exactly one function.
"""
from __future__ import annotations

from typing import Callable

from ..ruleset.model import Rule
from .base import CheckContext, Outcome
from .hygiene import check_hygiene
from .presence import check_conditional, check_forbidden, check_required
from .quantified import check_quantified
from .vague import check_vague

CheckFn = Callable[[Rule, CheckContext], Outcome]

REGISTRY: dict[str, CheckFn] = {
    "required": check_required,
    "quantified": check_quantified,
    "vague": check_vague,
    "forbidden": check_forbidden,
    "conditional": check_conditional,
    "hygiene": check_hygiene,
}


def run_check(rule: Rule, ctx: CheckContext) -> Outcome:
    return REGISTRY[rule.check](rule, ctx)


__all__ = ["CheckContext", "Outcome", "REGISTRY", "run_check"]
