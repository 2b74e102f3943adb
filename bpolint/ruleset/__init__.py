"""Rule files -> validated :class:`Rule` objects, and service-type detection."""
from .loader import RuleSet, load_ruleset
from .model import Rule

__all__ = ["Rule", "RuleSet", "load_ruleset"]
