"""A rule's patterns in the form matching runs on, built once and storable.

* phrases become tuples of folded words (``token.norm_`` of the phrase as the
  pipeline tokenises it), matched by a dictionary on the first word;
* regexes are compiled, with the words every match must contain
  (:func:`.literals.requirement`) so that they run only on blocks that hold them;
  a regex with a party macro is kept as source and filled per document;
* token patterns stay as written, for spaCy's ``Matcher``.

Nothing here holds a spaCy object, so a plan pickles, and loading one needs
neither spaCy nor the regex compiler (see :mod:`.regexes`). Building one needs the
tokenizer, for the phrases.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ruleset.model import Pattern, Rule, Vocabulary
from ..literals import Requirement, prefixes, requirement

Key = tuple[str, str, int]  # (rule id, role, vocabulary entry or -1)

# Regex macros filled per document with the parties' names for a role, so that a rule can
# say "{customer} shall provide" and match "BSP shall provide" where BSP is the customer.
MACROS = ("{customer}", "{provider}")


@dataclass(frozen=True)
class RegexEntry:
    key: Key
    source: str
    need: Requirement
    compiled: re.Pattern | None  # None for a template with macros
    starts: frozenset[str] | None = None  # what every match starts with (see .literals.prefixes)


def vague_key(vocabulary: str) -> str:
    """The pseudo rule id under which a vague-mention vocabulary's hits are indexed."""
    return f"@vague:{vocabulary}"


@dataclass
class RulePlan:
    """Everything the matcher runs for one rule (with its vocabulary, if any), or for one
    vocabulary that marks vague mentions. ``owner`` is the rule id, or the vocabulary's
    :func:`vague_key`; plans name their rule and vocabulary rather than hold them, so that
    they can be stored apart from the rule set."""

    owner: str
    vocabulary: str | None  # the vocabulary's name
    phrases: list[tuple[Key, tuple[str, ...]]] = field(default_factory=list)
    tokens: list[tuple[Key, tuple[dict, ...]]] = field(default_factory=list)
    regexes: list[RegexEntry] = field(default_factory=list)


def _template_need(rx: str) -> Requirement:
    neutral = rx
    for macro in MACROS:
        neutral = neutral.replace(macro, "(?:)")  # a name: requires nothing
    return requirement(neutral, re.I)


def _adder(plan: RulePlan, owner: str, phrase_norms):
    def add(role: str, entry: int, pattern: Pattern) -> None:
        if not pattern:
            return
        key = (owner, role, entry)
        for p in pattern.phrases:
            norms = tuple(phrase_norms(p))
            if norms:
                plan.phrases.append((key, norms))
        for tp in pattern.patterns:
            plan.tokens.append((key, tuple(tp)))
        for rx in pattern.regex:
            if any(m in rx for m in MACROS):
                plan.regexes.append(RegexEntry(key, rx, _template_need(rx), None))
            else:
                plan.regexes.append(RegexEntry(key, rx, requirement(rx, re.I), re.compile(rx, re.I),
                                               prefixes(rx, re.I)))

    return add


def plan_rule(rule: Rule, vocabularies: dict[str, Vocabulary], phrase_norms) -> RulePlan:
    """``phrase_norms(text)`` -> the folded words of a phrase as the pipeline tokenises it."""
    vocab = vocabularies.get(rule.detect.vocab) if rule.detect and rule.detect.vocab else None
    plan = RulePlan(rule.id, rule.detect.vocab if vocab else None)
    add = _adder(plan, rule.id, phrase_norms)
    if rule.detect:
        add("detect", -1, rule.detect.match)
        add("not-inside", -1, rule.detect.not_inside)
        add("unless", -1, rule.detect.unless)
        if vocab:
            for i, entry in enumerate(vocab.entries):
                if entry.report:  # entries that only mark a mention vague are never findings
                    add("vocab", i, Pattern(phrases=(entry.phrase, *entry.variants)))
                    add("vocab-unless", i, entry.unless)
    if rule.companion:
        add("companion", -1, rule.companion.match)
    return plan


def plan_vague_mentions(name: str, vocab: Vocabulary, phrase_norms=None) -> RulePlan:
    """A vocabulary whose words mark a mention as vague: every entry, under :func:`vague_key`."""
    plan = RulePlan(vague_key(name), name)
    add = _adder(plan, vague_key(name), phrase_norms or default_phrase_norms())
    for i, entry in enumerate(vocab.entries):
        add("vocab", i, Pattern(phrases=(entry.phrase, *entry.variants)))
        add("vocab-unless", i, entry.unless)
    return plan


def default_phrase_norms():
    """The phrase tokeniser of the default pipeline (imports spaCy)."""
    from ..segment.nlp import fold, make_nlp

    nlp = make_nlp()
    return lambda text: [fold(t.text) for t in nlp.make_doc(text)]


def plan_rules(rules, vocabularies: dict[str, Vocabulary]) -> list[RulePlan]:
    norms = default_phrase_norms()
    return [plan_rule(r, vocabularies, norms) for r in rules]


def plan_ruleset(rules, vocabularies: dict[str, Vocabulary]) -> list[RulePlan]:
    """Every rule's plan and every vague-mention vocabulary's: what the rule cache stores."""
    norms = default_phrase_norms()
    return [plan_rule(r, vocabularies, norms) for r in rules] + [
        plan_vague_mentions(name, v, norms) for name, v in sorted(vocabularies.items()) if v.marks_vague_mentions]
