"""Discovering and loading rule sets: ``common/``, one folder per service type, ``vocab/``.

A loaded rule set is kept in the rule cache (:mod:`.cache`): a warm run reads one
file instead of parsing and validating YAML. The matcher stores the rules' compiled
patterns beside it, under the same key (:attr:`RuleSet.cache_key`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..errors import BpolintError
from ..paths import rules_root
from ..taxonomy import Taxonomy, parse_taxonomy
from ..yamlio import load_yaml
from . import cache
from .model import Rule, Vocabulary


@dataclass(frozen=True)
class RuleSet:
    taxonomy: Taxonomy
    rules: tuple[Rule, ...]
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    cache_key: str | None = field(default=None, compare=False)  # its rule-cache key, when it went through the cache

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id or r.name == rule_id), None)

    def for_services(self, service_types: tuple[str, ...]) -> list[Rule]:
        return [r for r in self.rules if r.applies_to(service_types)]

    def covered_topics(self) -> set[str]:
        return {r.topic for r in self.rules}


def _token_pattern_problem(pattern: list) -> str | None:
    from ..segment.nlp import make_nlp

    vocab = make_nlp().vocab  # imports spaCy the pipeline's way, before its submodules below
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher

    matcher = Matcher(vocab, validate=True)
    try:
        matcher.add("check", [pattern])
    except (MatchPatternError, ValueError, TypeError) as exc:
        return " ".join(str(exc).split())[:200]
    return None


def _files(root: Path, folder: str) -> list[Path]:
    d = root / folder
    return sorted(p for p in d.glob("*.yaml") if p.is_file()) if d.is_dir() else []


def _load_root(root: Path, taxonomy: Taxonomy, rules: dict[str, Rule], vocabs: dict[str, Vocabulary],
               replace: bool) -> None:
    from .validate import Ctx, parse_rule, parse_vocab

    seen_here: dict[str, str] = {}
    folders = ["common", *taxonomy.service_types]
    loose = sorted(p for p in root.glob("*.yaml") if p.name != "taxonomy.yaml") if replace else []
    for path in _files(root, "vocab"):
        raw = load_yaml(path)
        v = parse_vocab(raw, Ctx(str(path)), taxonomy, _token_pattern_problem)
        vocabs[v.name] = v
    batches = [(folder, _files(root, folder)) for folder in folders] + [("common", loose)]
    for folder, paths in batches:
        for path in paths:
            raw = load_yaml(path)
            ctx = Ctx(str(path))
            if raw is None:
                continue
            if not isinstance(raw, dict) or set(raw) - {"rules"}:
                bad = next(iter(set(raw) - {"rules"}), "rules") if isinstance(raw, dict) else "rules"
                raise BpolintError("E202" if isinstance(raw, dict) else "E203", str(path),
                                   raw.line_of(bad) if hasattr(raw, "line_of") else 1,
                                   {"key": bad, "expected": "a mapping with a 'rules' list", "where": ""})
            items = raw.get("rules") or []
            if not isinstance(items, list):
                raise ctx.fail("E203", raw, "rules", key="rules", expected="a list of rules")
            for item in items:
                ctx = Ctx(str(path))
                rule = parse_rule(item, ctx, taxonomy, folder, _token_pattern_problem)
                if rule.id in seen_here:
                    raise BpolintError("E208", str(path), rule.line, {"rule": rule.id, "other": seen_here[rule.id]})
                seen_here[rule.id] = str(path)
                rules[rule.id] = rule  # a later root replaces a shipped rule with the same id


def load_ruleset(extra: tuple[str, ...] = (), root: str | None = None, use_cache: bool | None = None) -> RuleSet:
    """Shipped rules, then each ``--rules DIR`` on top (same id replaces).

    Read from the rule cache when it holds these files (never with ``use_cache=False``
    or ``BPOLINT_NO_CACHE=1``).
    """
    return _load_cached(tuple(str(Path(e).resolve()) for e in extra), root,
                        cache.enabled() if use_cache is None else use_cache)


@lru_cache(maxsize=8)
def _load_cached(extra: tuple[str, ...], root: str | None, use_cache: bool) -> RuleSet:
    base = Path(root) if root else rules_root()
    if not (base / "taxonomy.yaml").is_file():
        raise BpolintError("E212", str(base))
    for e in extra:
        if not Path(e).is_dir():
            raise BpolintError("E212", e)
    ruleset = None
    key = None
    if use_cache:
        try:
            key = cache.key_for("rules", [base.resolve(), *map(Path, extra)])
        except OSError:
            key = None
        ruleset = cache.load("rules", key) if key else None
    if not isinstance(ruleset, RuleSet):
        ruleset = _read(base, extra)
        if key:
            ruleset = replace(ruleset, cache_key=key)
            cache.store("rules", key, ruleset)
    if len(_LOADED) > 50_000:
        _LOADED.clear()
    for rule in ruleset.rules:
        _LOADED[id(rule)] = (rule, ruleset)
    return ruleset


# Rules of the rule sets loaded in this process -> their rule set, so that the matcher can
# find the compiled patterns stored for a whole set when it is handed some of its rules.
_LOADED: dict[int, tuple[Rule, RuleSet]] = {}


def loaded_from(rule: Rule) -> RuleSet | None:
    """The loaded rule set this rule object belongs to, if any."""
    found = _LOADED.get(id(rule))
    return found[1] if found is not None and found[0] is rule else None


def _read(base: Path, extra: tuple[str, ...]) -> RuleSet:
    taxonomy = parse_taxonomy(base / "taxonomy.yaml")
    rules: dict[str, Rule] = {}
    vocabs: dict[str, Vocabulary] = {}
    _load_root(base, taxonomy, rules, vocabs, replace=False)
    for e in extra:
        p = Path(e)
        if not p.is_dir():
            raise BpolintError("E212", e)
        _load_root(p, taxonomy, rules, vocabs, replace=True)
    names: dict[str, Rule] = {}
    for rule in rules.values():
        if rule.detect and rule.detect.vocab and rule.detect.vocab not in vocabs:
            raise BpolintError("E211", rule.file, rule.line, {"value": rule.detect.vocab})
        other = names.setdefault(rule.name, rule)
        if other is not rule:
            raise BpolintError("E214", rule.file, rule.line, {"name": rule.name, "other": f"{other.id} in {other.file}"})
    ordered = tuple(sorted(rules.values(), key=lambda r: r.id))
    return RuleSet(taxonomy, ordered, vocabs, (str(base), *extra))
