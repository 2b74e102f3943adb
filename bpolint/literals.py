"""Required words of a regex, and an index of the words in a document, so that a regex
runs only on the blocks that could hold a match.

For a regex such as ``notif(?:y|ication)[^.]{0,80}breach`` every match contains
"notif" and "breach", so a block whose words contain neither cannot match and is
skipped. :func:`requirement` reads the parsed regex and returns such needs as a
conjunction of clauses, each a set of alternative lower-case literals (a
``(?:terminate|expire)`` group gives one clause of two). It is sound, never exact:
when in doubt a part of the regex requires nothing, so the regex runs on more
blocks, never on fewer. Literals are taken only from word characters, which is
what the :class:`WordIndex` records.

Case: rules compile with ``re.I``, under which an ASCII letter also matches exactly
four other characters (dotted and dotless I, long S and the Kelvin sign); the index
folds those before lower-casing, so a literal found by ``re.I`` is always in it.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

Requirement = tuple[frozenset[str], ...]  # every clause must be met; a clause by any of its literals

MIN_LITERAL = 3  # shorter literals select nothing and cost a lookup
MAX_CLAUSES = 3
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_WORDS = re.compile(r"\w+")


def fold_case(text: str) -> str:
    """Lower case as ``re.I`` sees ASCII letters; same length as ``text``."""
    return text.translate(_FOLD).lower()


@lru_cache(maxsize=4096)
def requirement(source: str, flags: int = re.I) -> Requirement:
    """What every match of ``source`` must contain; ``()`` when nothing can be said."""
    try:
        parsed = _p.parse(source, flags)
    except (re.error, RecursionError, TypeError, ValueError):
        return ()
    try:
        clauses = _sequence(list(parsed))
    except (RecursionError, TypeError, ValueError, AttributeError):
        return ()
    clauses = [c for c in clauses if c and all(len(lit) >= MIN_LITERAL for lit in c)]
    # the most selective first: fewest alternatives, then the shortest alternative longest
    clauses.sort(key=lambda c: (len(c), -min(len(lit) for lit in c)))
    out: list[frozenset[str]] = []
    for c in clauses:
        if c not in out:
            out.append(c)
    return tuple(out[:MAX_CLAUSES])


def _sequence(items: list) -> list[frozenset[str]]:
    """Clauses met by every match of the concatenation ``items``."""
    clauses: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            clauses.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            ch = chr(av).lower()
            if ch in _WORD:
                run.append(ch)
                continue
            flush()
        elif op is _c.SUBPATTERN:
            body = list(av[-1])
            inner = _sequence(body)
            whole = _literal_word(body)
            if whole is not None:
                run.append(whole)  # "(?:service)" reads on as part of the word
                continue
            flush()
            clauses.extend(inner)
        elif op is _c.BRANCH:
            flush()
            alts = _alternatives(av[1])
            if alts is not None:
                clauses.append(alts)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
            flush()
            low, _high, body = av
            if low >= 1:
                clauses.extend(_sequence(list(body)))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            flush()
            clauses.extend(_sequence(list(av)))
        else:
            flush()  # classes, anchors, lookarounds, backreferences: no requirement
    flush()
    return clauses


def _literal_word(items: list) -> str | None:
    """The word a group spells out literally ("(?:level)"), or None."""
    out = []
    for op, av in items:
        if op is not _c.LITERAL:
            return None
        ch = chr(av).lower()
        if ch not in _WORD:
            return None
        out.append(ch)
    return "".join(out) if out else None


def _alternatives(branches) -> frozenset[str] | None:
    """One clause for an alternation: each branch must contribute a literal, else None."""
    found: set[str] = set()
    for branch in branches:
        clauses = [c for c in _sequence(list(branch)) if all(len(lit) >= MIN_LITERAL for lit in c)]
        if not clauses:
            return None
        found.update(min(clauses, key=lambda c: (len(c), -min(len(lit) for lit in c))))
    return frozenset(found)


class WordIndex:
    """The blocks in which each literal occurs inside a word, for one document.

    Words are runs of ``\\w`` in the case-folded text (a case-sensitive match is
    found too: folding both sides keeps it). A literal is looked up once,
    by searching the document's distinct words joined in one string, so the cost
    grows with the vocabulary rather than with the text. Sets of blocks are kept as
    bit masks (bit i: block i), so that joining and intersecting them for the few
    hundred regexes of a rule set costs an integer operation each.
    """

    def __init__(self, texts: list[str]) -> None:
        masks: dict[str, int] = {}
        for bi, text in enumerate(texts):
            bit = 1 << bi
            for word in set(_WORDS.findall(fold_case(text))):
                masks[word] = masks.get(word, 0) | bit
        self._words = list(masks)
        self._masks = list(masks.values())
        self._joined = "\n".join(self._words)
        self._starts: list[int] = []
        pos = 0
        for w in self._words:
            self._starts.append(pos)
            pos += len(w) + 1
        self._memo: dict[str, int] = {}
        self._count = len(texts)
        self.all_blocks = frozenset(range(len(texts)))

    def mask(self, literal: str) -> int:
        """The blocks holding ``literal`` inside a word, as a bit mask."""
        found = self._memo.get(literal)
        if found is not None:
            return found
        hits = 0
        joined, starts, find = self._joined, self._starts, self._joined.find
        pos = find(literal)
        while pos >= 0:
            w = bisect.bisect_right(starts, pos) - 1
            hits |= self._masks[w]
            nxt = starts[w + 1] if w + 1 < len(starts) else len(joined)
            pos = find(literal, nxt)  # the next word: one hit per word is enough
        self._memo[literal] = hits
        return hits

    def candidate_list(self, need: Requirement) -> list[int]:
        """Blocks that meet every clause of ``need``, in order (all blocks when it is empty)."""
        out = -1
        mask = self.mask
        for clause in need:
            met = 0
            for lit in clause:
                met |= mask(lit)
            out &= met
            if not out:
                return []
        return list(range(self._count)) if out == -1 else _bits(out)

    def candidates(self, need: Requirement) -> frozenset[int]:
        """Blocks that meet every clause of ``need`` (all blocks when it is empty)."""
        return frozenset(self.candidate_list(need))


def _bits(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


# ------------------------------------------------------------------------------------------------------------
# prefixes: where a match can start


_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
MAX_PREFIXES = 64


@lru_cache(maxsize=4096)
def prefixes(source: str, flags: int = re.I) -> frozenset[str] | None:
    """Case-folded strings one of which every match starts with, or None.

    ``(?<![\\w-])(?:call|contact)[\\s-]cent...`` starts with "call" or "contact": a match
    can only start where the folded text has one of them. Leading lookarounds and
    anchors are zero-width and skipped. Only ASCII literals qualify: under ``re.I`` an
    ASCII character matches exactly the characters that fold to it.
    """
    try:
        parsed = _p.parse(source, flags)
        found = _prefix(list(parsed))
    except (re.error, RecursionError, TypeError, ValueError, AttributeError):
        return None
    return found if found and all(found) else None


def _prefix(items: list) -> frozenset[str] | None:
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    if i == len(items):
        return None
    op, av = items[i]
    if op is _c.LITERAL:
        run = []
        j = i
        while j < len(items) and items[j][0] is _c.LITERAL and items[j][1] <= 127:
            run.append(fold_case(chr(items[j][1])))
            j += 1
        if not run:
            return None
        head = "".join(run)
        if j < len(items) and items[j][0] in (_c.SUBPATTERN, _c.BRANCH):
            # "p(?:rovided|erformed)": the parser factors out the common letter; read on into the group
            more = _prefix(items[j:j + 1])
            if more and len(more) <= MAX_PREFIXES:
                return frozenset(head + m for m in more)
        return frozenset([head])
    if op is _c.SUBPATTERN:
        return _prefix(list(av[-1]))
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            p = _prefix(list(branch))
            if not p:
                return None
            out.update(p)
        return frozenset(out)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
        return _prefix(list(av[2]))
    return None


def finditer_from(rx: re.Pattern, text: str, folded: str, starts: frozenset[str]):
    """The matches of ``rx.finditer(text)``, trying the regex only where one of ``starts``
    (see :func:`prefixes`) occurs in ``folded`` (``fold_case(text)``)."""
    at: set[int] = set()
    for s in starts:
        find = folded.find
        pos = find(s)
        while pos >= 0:
            at.add(pos)
            pos = find(s, pos + 1)
    end = 0
    for q in sorted(at):
        if q < end:
            continue
        m = rx.match(text, q)
        if m is not None:
            yield m
            end = m.end() if m.end() > q else q + 1


LONG_TEXT = 0  # measured: anchoring pays even on short blocks; kept as the one knob


class BlockScanner:
    """Runs regexes over a document's blocks, only on the blocks that hold a match's required
    words, and in long blocks only from where a match can start. Gives exactly the matches of
    ``rx.finditer(text)`` on every block, in block order."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.words = WordIndex(texts)
        self._folded: dict[int, str] = {}

    def _matches(self, bi: int, rx: re.Pattern, starts: frozenset[str] | None):
        """``rx.finditer`` over block ``bi``, tried only where one of ``starts`` stands when they are known."""
        text = self.texts[bi]
        if starts is None or len(text) < LONG_TEXT:
            return rx.finditer(text)
        folded = self._folded.get(bi)
        if folded is None:
            folded = self._folded[bi] = fold_case(text)
        return finditer_from(rx, text, folded, starts)

    def finditer(self, rx: re.Pattern, need: Requirement = (), starts: frozenset[str] | None = None,
                 guard: re.Pattern | None = None):
        """``guard``: a pattern that every match of ``rx`` contains; blocks without it are skipped."""
        texts = self.texts
        for bi in self.words.candidate_list(need):
            if guard is not None and guard.search(texts[bi]) is None:
                continue
            for m in self._matches(bi, rx, starts):
                yield bi, m

    def spans(self, rx: re.Pattern, need: Requirement = (), starts: frozenset[str] | None = None
              ) -> list[tuple[int, int, int]]:
        """(block, start, end) of every non-empty match :meth:`finditer` gives, as one list: rule
        matching needs only the spans, and a generator's yield per match costs more than the match."""
        out: list[tuple[int, int, int]] = []
        append = out.append
        for bi in self.words.candidate_list(need):
            for m in self._matches(bi, rx, starts):
                s, e = m.span()
                if e > s:
                    append((bi, s, e))
        return out


class Anchors:
    """Counts and finds a regex's matches in one text by trying it only where a match can
    start (:func:`prefixes`); the places of each prefix are looked up once per text."""

    def __init__(self, text: str, folded: str | None = None) -> None:
        self.text = text
        self.folded = fold_case(text) if folded is None else folded
        self._places: dict[str, list[int]] = {}

    def _at(self, starts: frozenset[str]) -> list[int]:
        out: set[int] = set()
        for s in starts:
            places = self._places.get(s)
            if places is None:
                places, find = [], self.folded.find
                pos = find(s)
                while pos >= 0:
                    places.append(pos)
                    pos = find(s, pos + 1)
                self._places[s] = places
            out.update(places)
        return sorted(out)

    def finditer(self, rx: re.Pattern):
        starts = prefixes(rx.pattern, rx.flags)
        if not starts:
            yield from rx.finditer(self.text)
            return
        end = 0
        for q in self._at(starts):
            if q < end:
                continue
            m = rx.match(self.text, q)
            if m is not None:
                yield m
                end = m.end() if m.end() > q else q + 1

    def count(self, rx: re.Pattern) -> int:
        return sum(1 for _ in self.finditer(rx))
