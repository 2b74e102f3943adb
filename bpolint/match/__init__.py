"""Rules' patterns -> hits on the segmented document.

Phrases match on folded words (``token.norm_``) through one dictionary keyed on a
phrase's first word; token patterns go into one spaCy ``Matcher``; regexes run on
each block's clean text, but only on the blocks whose words contain what every
match of the regex must contain (:mod:`.literals`), so a document costs about one
pass over its words plus the regexes that can match. Every hit is keyed by
(rule id, role, entry): role is ``detect``, ``not-inside``, ``unless``,
``companion``, ``vocab`` or ``vocab-unless``.

The patterns of each rule are prepared once (:mod:`.plan`) and usually come from the
rule cache with the rule set, already compiled.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ..ruleset.model import Rule, Vocabulary
from ..literals import BlockScanner
from ..ruleset.loader import loaded_from
from .plan import MACROS, Key, RegexEntry, RulePlan, plan_rules, plan_ruleset, plan_vague_mentions, vague_key

if TYPE_CHECKING:
    from ..segment import Segmentation

__all__ = ["CompiledRules", "Hit", "HitIndex", "MACROS", "expand_macros", "regex_view", "vague_key"]


class Hit(NamedTuple):
    """Where a rule's phrase or pattern matched. A named tuple, not a dataclass: a long draft
    has tens of thousands, built, hashed and sorted on every run."""

    rule: str
    role: str
    entry: int  # vocabulary entry index, else -1
    block: int
    start: int  # clean offsets in the block
    end: int


def expand_macros(rx: str, names: dict[str, list[str]]) -> str:
    for macro in MACROS:
        if macro in rx:
            alts = "|".join(re.escape(n) for n in names[macro[1:-1]])
            rx = rx.replace(macro, f"(?:{alts})")
    return rx


# Periods inside these abbreviations do not end anything: in the text regexes see they
# become U+2024 (one dot leader), so bounded gaps such as "[^.]{0,80}" run over
# "XYZ Corp." or "e.g." as they would over any word. Country abbreviations ("U.S.")
# keep their periods because rules spell them out.
INNER_ABBREVIATIONS = frozenset("""
inc. corp. ltd. co. cos. l.l.c. l.p. l.l.p. n.a. n.v. b.v. s.a. a.g. p.c. pty. plc. no. nos. sec. secs. art. arts.
para. sch. cl. e.g. i.e. viz. cf. vs. v. approx. incl. mr. mrs. ms. dr. st. jr. sr. dept. div. ex. exh. fig. vol.
""".split())
_DOT_LEADER = "\u2024"


# A token that is one of these abbreviations starts after a character that is not a letter
# (a space, a bracket, an infix), so a text without such an occurrence needs no token walk.
_ABBREVIATION_HINT = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(re.escape(a) for a in sorted(INNER_ABBREVIATIONS, key=len, reverse=True)) + ")",
    re.I)


def regex_view(doc, text: str | None = None) -> str:
    """The block text that regexes run on: same length, abbreviation periods masked.

    ``text`` is ``doc.text`` where the caller has it (joining the tokens again is slow)."""
    text = doc.text if text is None else text
    if "." not in text or not _ABBREVIATION_HINT.search(text):
        return text
    chars: list[str] | None = None
    n = len(doc)
    for tok in doc:
        t = tok.text
        if not t.endswith(".") or t.lower() not in INNER_ABBREVIATIONS:
            continue
        if tok.i + 1 >= n or doc[tok.i + 1].is_sent_start:
            continue  # the period also ends the sentence
        if chars is None:
            chars = list(text)
        for j in range(tok.idx, tok.idx + len(t)):
            if chars[j] == ".":
                chars[j] = _DOT_LEADER
    return "".join(chars) if chars is not None else text


@lru_cache(maxsize=512)
def _compile_expanded(rx: str, customer: tuple[str, ...], provider: tuple[str, ...]) -> re.Pattern:
    return re.compile(expand_macros(rx, {"customer": list(customer), "provider": list(provider)}), re.I)


# Plans by rule object (and by vocabulary object for vague-mention vocabularies): a rule is
# prepared once per process whatever selection of rules it is run in (service types,
# disabled rules, one rule's own test cases). Values hold the object, so an id is never
# reused while listed.
_PLANS: dict[int, tuple[Rule, RulePlan]] = {}
_VOCAB_PLANS: dict[int, tuple[Vocabulary, RulePlan]] = {}


def _register(ruleset, plans: list[RulePlan]) -> None:
    if len(_PLANS) > 50_000:
        _PLANS.clear()
        _VOCAB_PLANS.clear()
    by_owner = {p.owner: p for p in plans}
    for rule in ruleset.rules:
        if rule.id in by_owner:
            _PLANS[id(rule)] = (rule, by_owner[rule.id])
    for name, vocab in ruleset.vocabularies.items():
        if vague_key(name) in by_owner:
            _VOCAB_PLANS[id(vocab)] = (vocab, by_owner[vague_key(name)])


def _prepare_ruleset(ruleset) -> None:
    """Every plan of a loaded rule set: from the rule cache, beside the rule set, or built and stored."""
    from ..ruleset import cache

    key = ruleset.cache_key
    plans = cache.load("plans", key) if key else None
    if not isinstance(plans, list):
        plans = plan_ruleset(ruleset.rules, ruleset.vocabularies)
        if key:
            cache.store("plans", key, plans)
    _register(ruleset, plans)


def _plan_of(rule: Rule) -> RulePlan | None:
    found = _PLANS.get(id(rule))
    return found[1] if found is not None and found[0] is rule else None


def _plans_for(rules: list[Rule], vocabularies: dict[str, Vocabulary]) -> list[RulePlan]:
    missing = [r for r in rules if _plan_of(r) is None]
    owners = {id(o): o for o in (loaded_from(r) for r in missing) if o is not None}
    for owner in owners.values():
        _prepare_ruleset(owner)  # a rule of a loaded set: prepare (or read) the whole set once
    missing = [r for r in rules if _plan_of(r) is None]
    if missing:  # rules built by hand: prepared one by one
        for rule, plan in zip(missing, plan_rules(missing, vocabularies)):
            _PLANS[id(rule)] = (rule, plan)
    return [_plan_of(r) for r in rules]


def _vague_mention_plans(vocabularies: dict[str, Vocabulary]) -> list[RulePlan]:
    """Plans of the vocabularies whose words mark a mention as vague (for every rule that asks)."""
    out = []
    for name, vocab in sorted(vocabularies.items()):
        if not vocab.marks_vague_mentions:
            continue
        found = _VOCAB_PLANS.get(id(vocab))
        if found is None or found[0] is not vocab or found[1].owner != vague_key(name):
            found = (vocab, plan_vague_mentions(name, vocab))
            _VOCAB_PLANS[id(vocab)] = found
        out.append(found[1])
    return out


class CompiledRules:
    """The patterns of a selection of rules, ready to run on segmented documents."""

    def __init__(self, rules: list[Rule], vocabularies: dict[str, Vocabulary]) -> None:
        # every rule that asks whether a mention is vague reads the marking vocabularies' hits
        # (CheckContext.vague_between), so they run whichever rules are selected
        plans = _plans_for(list(rules), vocabularies) + _vague_mention_plans(vocabularies)
        # phrases as a trie of folded words; a node's END entry lists the keys of the phrases ending there
        self._trie: dict = {}
        for p in plans:
            for key, norms in p.phrases:
                node = self._trie
                for w in norms:
                    node = node.setdefault(w, {})
                keys = node.setdefault(_END, [])
                if key not in keys:
                    keys.append(key)
        self._ids = None  # the same, as string ids of one vocabulary
        self._token_patterns = [(key, tp) for p in plans for key, tp in p.tokens]
        self._matcher = None
        self.regexes: list[RegexEntry] = [e for p in plans for e in p.regexes if e.compiled is not None]
        self.templates: list[RegexEntry] = [e for p in plans for e in p.regexes if e.compiled is None]
        # one regex often serves several keys (a vocabulary's exceptions, for each rule using it): run it once
        self._distinct: dict[str, tuple[RegexEntry, list[Key]]] = {}
        for e in self.regexes:
            first, keys = self._distinct.setdefault(e.source, (e, []))
            if e.key not in keys:
                keys.append(e.key)

    def _token_matcher(self, vocab):
        if self._matcher is None:
            from spacy.matcher import Matcher

            self._matcher = Matcher(vocab)
            self._token_keys: dict[str, Key] = {}
            for key, tp in self._token_patterns:
                name = f"{key[0]}|{key[1]}|{key[2]}"
                self._token_keys[name] = key
                self._matcher.add(name, [list(tp)])
        return self._matcher

    def run(self, seg: "Segmentation") -> "HitIndex":
        index = HitIndex()
        add = index.add_span
        docs = seg.docs
        if self._trie:
            self._run_phrases(docs, add)
        if self._token_patterns and docs:
            matcher = self._token_matcher(docs[0].vocab)
            strings = docs[0].vocab.strings
            for bi, doc in enumerate(docs):
                for match_id, s, e in matcher(doc):
                    key = self._token_keys[strings[match_id]]
                    add(key, bi, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text))
        entries = [(keys, e.compiled, e.need, e.starts) for e, keys in self._distinct.values()]
        if self.templates:
            from ..segment.parties import names_for

            customer, provider = tuple(names_for(seg, "customer")), tuple(names_for(seg, "provider"))
            entries += [([e.key], _compile_expanded(e.source, customer, provider), e.need, None)
                        for e in self.templates]
        if entries:
            blocks = seg.document.blocks
            scanner = BlockScanner([regex_view(doc, blocks[bi].text) for bi, doc in enumerate(docs)])
            for keys, rx, need, starts in entries:
                for bi, s, e in scanner.spans(rx, need, starts):
                    for key in keys:
                        add(key, bi, s, e)
        index.finish()
        return index

    def _run_phrases(self, docs, add) -> None:
        """Every phrase at every token, walking the trie on the tokens' norm ids (``doc.to_array(NORM)``)."""
        from spacy.attrs import NORM

        root = self._trie_ids(docs[0].vocab.strings) if docs else {}
        for bi, doc in enumerate(docs):
            n = len(doc)
            if not n:
                continue
            norms = doc.to_array(NORM).tolist()
            for i, w in enumerate(norms):
                node = root.get(w)
                j = i
                while node is not None:
                    keys = node.get(_END)
                    if keys:
                        last = doc[j]
                        start = doc[i].idx
                        for key in keys:
                            add(key, bi, start, last.idx + len(last.text))
                    j += 1
                    node = node.get(norms[j]) if j < n else None

    def _trie_ids(self, strings) -> dict:
        """The trie keyed by string ids of one vocabulary (what ``to_array(NORM)`` gives)."""
        if self._ids is None or self._ids[0] is not strings:
            def convert(node: dict) -> dict:
                return {(k if k is _END else strings.add(k)): (v if k is _END else convert(v)) for k, v in node.items()}

            self._ids = (strings, convert(self._trie))
        return self._ids[1]


_END = None  # the trie key under which a node lists the phrases that end at it


class HitIndex:
    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], list[Hit]] = defaultdict(list)

    def add(self, hit: Hit) -> None:
        self._by_key[(hit.rule, hit.role)].append(hit)

    def add_span(self, key: Key, block: int, start: int, end: int) -> None:
        self._by_key[(key[0], key[1])].append(Hit(key[0], key[1], key[2], block, start, end))

    def finish(self) -> None:
        # Overlapping hits are kept: exceptions (not-inside, unless) must see each one
        # before the checks merge what survives (see checks.base.merge_overlapping).
        for key, hits in self._by_key.items():
            self._by_key[key] = sorted(set(hits), key=lambda h: (h.block, h.start, -h.end, h.entry))

    def get(self, rule: str, role: str) -> list[Hit]:
        return self._by_key.get((rule, role), [])
