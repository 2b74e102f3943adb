"""Rules' patterns -> hits on the segmented document.

All phrases of all rules go into one PhraseMatcher on folded words (``token.norm_``),
all token patterns into one Matcher, and regexes run on each block's clean text.
Every hit is keyed by (rule id, role, entry): role is ``detect``, ``not-inside``,
``unless``, ``companion`` or ``vocab``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher, PhraseMatcher

from ..ruleset.model import Pattern, Rule, Vocabulary
from ..segment import Segmentation
from ..segment.nlp import _norm_component, make_nlp


@dataclass(frozen=True)
class Hit:
    rule: str
    role: str
    entry: int  # vocabulary entry index, else -1
    block: int
    start: int  # clean offsets in the block
    end: int


Key = tuple[str, str, int]


def vague_key(vocabulary: str) -> str:
    """The pseudo rule id under which a vague-mention vocabulary's hits are indexed."""
    return f"@vague:{vocabulary}"

# Regex macros filled per document with the parties' names for a role, so that a rule can
# say "{customer} shall provide" and match "BSP shall provide" where BSP is the customer.
MACROS = ("{customer}", "{provider}")


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


def regex_view(doc) -> str:
    """The block text that regexes run on: same length, abbreviation periods masked."""
    chars: list[str] | None = None
    n = len(doc)
    for tok in doc:
        t = tok.text
        if not t.endswith(".") or t.lower() not in INNER_ABBREVIATIONS:
            continue
        if tok.i + 1 >= n or doc[tok.i + 1].is_sent_start:
            continue  # the period also ends the sentence
        if chars is None:
            chars = list(doc.text)
        for j in range(tok.idx, tok.idx + len(t)):
            if chars[j] == ".":
                chars[j] = _DOT_LEADER
    return "".join(chars) if chars is not None else doc.text


@lru_cache(maxsize=512)
def _compile_expanded(rx: str, customer: tuple[str, ...], provider: tuple[str, ...]) -> re.Pattern:
    return re.compile(expand_macros(rx, {"customer": list(customer), "provider": list(provider)}), re.I)


class CompiledRules:
    def __init__(self, rules: list[Rule], vocabularies: dict[str, Vocabulary]) -> None:
        self.nlp = make_nlp()
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self.tokens = Matcher(self.nlp.vocab)
        self.regexes: list[tuple[Key, re.Pattern]] = []
        self.templates: list[tuple[Key, str]] = []  # regexes with party macros, compiled per document
        self._keys: dict[str, Key] = {}
        for rule in rules:
            if rule.detect:
                self._add(rule.id, "detect", -1, rule.detect.match)
                self._add(rule.id, "not-inside", -1, rule.detect.not_inside)
                self._add(rule.id, "unless", -1, rule.detect.unless)
                vocab = vocabularies.get(rule.detect.vocab) if rule.detect.vocab else None
                if vocab:
                    for i, entry in enumerate(vocab.entries):
                        if entry.report:
                            self._add(rule.id, "vocab", i, Pattern(phrases=(entry.phrase, *entry.variants)))
                            self._add(rule.id, "vocab-unless", i, entry.unless)
            if rule.companion:
                self._add(rule.id, "companion", -1, rule.companion.match)
        # every rule that asks whether a mention is vague reads these hits (CheckContext.vague_between)
        for name, vocab in sorted(vocabularies.items()):
            if vocab.marks_vague_mentions:
                for i, entry in enumerate(vocab.entries):
                    self._add(vague_key(name), "vocab", i, Pattern(phrases=(entry.phrase, *entry.variants)))
                    self._add(vague_key(name), "vocab-unless", i, entry.unless)

    def _name(self, key: Key) -> str:
        name = f"{key[0]}|{key[1]}|{key[2]}"
        self._keys[name] = key
        return name

    def _add(self, rule_id: str, role: str, entry: int, pattern: Pattern) -> None:
        if not pattern:
            return
        key = (rule_id, role, entry)
        name = self._name(key)
        if pattern.phrases:
            docs = [_norm_component(self.nlp.make_doc(p)) for p in pattern.phrases]
            self.phrases.add(name, docs)
        if pattern.patterns:
            self.tokens.add(name, [list(p) for p in pattern.patterns])
        for rx in pattern.regex:
            if any(m in rx for m in MACROS):
                self.templates.append((key, rx))
            else:
                self.regexes.append((key, re.compile(rx, re.I)))

    def run(self, seg: Segmentation) -> "HitIndex":
        index = HitIndex()
        strings = self.nlp.vocab.strings
        regexes = list(self.regexes)
        if self.templates:
            from ..segment.parties import names_for

            customer, provider = tuple(names_for(seg, "customer")), tuple(names_for(seg, "provider"))
            regexes += [(key, _compile_expanded(rx, customer, provider)) for key, rx in self.templates]
        for bi, doc in enumerate(seg.docs):
            for match_id, s, e in (self.phrases(doc) if len(self.phrases) else ()):
                key = self._keys[strings[match_id]]
                index.add(Hit(key[0], key[1], key[2], bi, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))
            for match_id, s, e in (self.tokens(doc) if len(self.tokens) else ()):
                key = self._keys[strings[match_id]]
                index.add(Hit(key[0], key[1], key[2], bi, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))
            text = regex_view(doc)
            for key, rx in regexes:
                for m in rx.finditer(text):
                    if m.end() > m.start():
                        index.add(Hit(key[0], key[1], key[2], bi, m.start(), m.end()))
        index.finish()
        return index


class HitIndex:
    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], list[Hit]] = defaultdict(list)

    def add(self, hit: Hit) -> None:
        self._by_key[(hit.rule, hit.role)].append(hit)

    def finish(self) -> None:
        # Overlapping hits are kept: exceptions (not-inside, unless) must see each one
        # before the checks merge what survives (see checks.base.merge_overlapping).
        for key, hits in self._by_key.items():
            self._by_key[key] = sorted(set(hits), key=lambda h: (h.block, h.start, -h.end, h.entry))

    def get(self, rule: str, role: str) -> list[Hit]:
        return self._by_key.get((rule, role), [])
