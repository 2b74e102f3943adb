"""A static check that a regular expression cannot backtrack exponentially.

Python's ``re`` backtracks. A repetition whose body can match the same text in more
than one way (``(a+)+``, ``(a|a)*``, ``(\\w+\\s?)+``) makes the number of ways to
split a failing line grow exponentially with its length, and a 40-character line
hangs the run. The check works on the parsed pattern (``re._parser``), not on its
spelling:

1. Build the position automaton (Glushkov) of every repetition that may run more
   than once: one state per character-set atom, one edge per way of going from one
   atom to the next (inside the body, or round the loop to the next iteration). An
   inner loop and the outer loop give *two* edges between the same atoms, which is
   exactly the choice a backtracking matcher tries both ways.
2. Pair the automaton with itself: two runs that read the same characters. If two
   runs can leave one state by different edges and meet again at a common state
   (the pair graph has a cycle through a diagonal state and a diverging edge), the
   ambiguity repeats with every iteration: exponential backtracking. Otherwise the
   repetition is unambiguous and safe, as ``(?:\\w+\\s+)*`` is (a word run cannot
   be split, because the next iteration must start after white space).

Character sets are compared on a sample alphabet (ASCII, the pattern's own literals
and range ends, and representative non-ASCII letters, digits and spaces), matching
case-insensitively as rules are matched. Word boundaries (``\\b``, ``\\B``) between two
atoms prune edges they make impossible. Lookarounds are checked as patterns of their
own; atomic groups and possessive repeats never backtrack into their body.
Polynomial blow-ups (``\\d+\\d+``) are not the target: they stay bounded on a line.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT}
_POSSESSIVE = getattr(C, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(C, "ATOMIC_GROUP", None)
_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
}
# Beyond ASCII: letters with case, a dotless i, long s, Kelvin sign (all fold into ASCII
# under IGNORECASE), digits, spaces, quotes, dashes and the dot leader rules match.
_SAMPLES = ("\u00a0\u00e9\u00c9\u00df\u0131\u017f\u212a\u0660\u0966\u2009\u2028\u3000\u2018\u2019"
            "\u201c\u201d\u2013\u2014\u2024\u2026\u00a7\u00b6\u00b7\u00a3\u20ac\u03a3\u4e2d\ufffd")
_MAX_STEPS = 2_000_000  # steps of search per repetition (about a second); beyond, the pattern is refused
_LONG_LOOP = 10  # a repetition allowed more iterations than this is checked as unbounded


Entry = tuple[int, tuple[int, ...]]  # (atom, word-boundary assertions crossed on the way)


@dataclass
class _Frag:
    """A sub-pattern's entry and exit atoms and how many ways (0, 1, 2 = more than one) it
    matches the empty string. An entry reached through a part that matches empty in two
    ways is listed twice: the two become parallel edges, a choice the matcher tries both
    ways. (Python factors ``a|a`` into ``a(?:|)``: only the empty ways show it.)"""

    first: list[Entry] = field(default_factory=list)
    last: list[Entry] = field(default_factory=list)
    ways: int = 1
    between: tuple[int, ...] = ()  # assertions crossed when the fragment matches empty


def _times(entries: list[Entry], ways: int, prefix: tuple[int, ...] = (), suffix: tuple[int, ...] = ()) -> list[Entry]:
    return [(p, prefix + a + suffix) for p, a in entries] * min(ways, 2)


class _Automaton:
    def __init__(self) -> None:
        self.atoms: list[str] = []  # a one-character regex per position
        self.edges: list[tuple[int, int, tuple[int, ...]]] = []  # (from, to, assertions crossed)
        self.back: set[int] = set()  # edges round the outermost repetition to its next iteration
        self.nested: list[str] = []  # problems found in lookarounds, checked on their own
        self._depth = 0

    def atom(self, source: str) -> _Frag:
        self.atoms.append(source)
        pos = len(self.atoms) - 1
        return _Frag([(pos, ())], [(pos, ())], 0)

    def link(self, tails: list[Entry], heads: list[Entry]) -> None:
        for p, a in tails:
            for q, b in heads:
                self.edges.append((p, q, a + b))

    # ---- the parse tree
    def sequence(self, items) -> _Frag:
        frag = _Frag()
        for op, av in items:
            frag = self.concat(frag, self.node(op, av))
        return frag

    def concat(self, f: _Frag, g: _Frag) -> _Frag:
        self.link(f.last, g.first)
        first = f.first + _times(g.first, f.ways, prefix=f.between)
        last = g.last + _times(f.last, g.ways, suffix=g.between)
        return _Frag(first, last, min(f.ways * g.ways, 2), f.between + g.between)

    def node(self, op, av) -> _Frag:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return self.atom(_atom_source(op, av))
        if op == C.SUBPATTERN:
            return self.sequence(av[-1])
        if op == C.BRANCH:
            return self.alternatives([self.sequence(b) for b in av[1]])
        if op in _REPEATS:
            return self.repeat(*av)
        if op == C.AT:
            if av in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY):
                return _Frag(between=(1 if av == C.AT_BOUNDARY else -1,))
            return _Frag()
        if op in (C.ASSERT, C.ASSERT_NOT):
            problem = _problem(av[1])
            if problem:
                self.nested.append(problem)
            return _Frag()
        if op == C.GROUPREF:
            return self.atom("(?s:.)")  # the text of a group: stands for any character
        if op == C.GROUPREF_EXISTS:
            _, yes, no = av
            return self.alternatives([self.sequence(yes), self.sequence(no) if no else _Frag()])
        if op == _ATOMIC:
            return self.opaque(av, None)
        if op == _POSSESSIVE:
            return self.opaque(av[2], av[0] == 0)
        return _Frag()  # anything else is zero-width

    def alternatives(self, frags: list[_Frag]) -> _Frag:
        out = _Frag(ways=0)
        for f in frags:
            out.first += f.first
            out.last += f.last
            out.ways = min(out.ways + f.ways, 2)
            out.between = out.between or f.between
        return out

    def repeat(self, low: int, high: int, body) -> _Frag:
        skip = 1 if low == 0 else 0  # zero iterations: one more way to match empty
        if high <= 1:  # x? or x{1}: no loop
            inner = self.sequence(body)
            inner.ways = min(inner.ways + skip, 2)
            return inner
        self._depth += 1
        inner = self.sequence(body)
        self._depth -= 1
        before = len(self.edges)
        self.link(inner.last, inner.first)  # round the loop to the next iteration
        if self._depth == 0:
            self.back = set(range(before, len(self.edges)))
        return _Frag(inner.first, inner.last, min(inner.ways + skip, 2), inner.between)

    def opaque(self, body, nullable: bool | None) -> _Frag:
        """An atomic group or possessive repeat: matched once and never re-split, so it
        stands for one atom (the characters it can start with)."""
        problem = _problem(body)
        if problem:
            self.nested.append(problem)
        scratch = _Automaton()
        inner = scratch.sequence(body)
        starts = sorted({scratch.atoms[p] for p, _ in inner.first})
        frag = self.atom("|".join(starts) or "(?s:.)")
        frag.ways = 1 if inner.ways or nullable else 0  # matched once: one way at most
        return frag


def _atom_source(op, av) -> str:
    if op == C.LITERAL:
        return "[" + _class_char(av) + "]"
    if op == C.NOT_LITERAL:
        return "[^" + _class_char(av) + "]"
    if op == C.ANY:
        return "(?s:.)"
    parts = []
    negate = ""
    for item_op, item in av:
        if item_op == C.NEGATE:
            negate = "^"
        elif item_op == C.LITERAL:
            parts.append(_class_char(item))
        elif item_op == C.RANGE:
            parts.append(_class_char(item[0]) + "-" + _class_char(item[1]))
        elif item_op == C.CATEGORY:
            parts.append(_CATEGORIES.get(item, r"\s\S"))
    return "[" + negate + "".join(parts) + "]" if parts else "(?s:.)"


def _class_char(code: int) -> str:
    return f"\\U{code:08x}"


_BASE = "".join(sorted({chr(c) for c in range(128)} | set(_SAMPLES)))
_BASE_SET = frozenset(_BASE)
# A group followed by a quantifier: the only way to repeat more than one atom. A pattern
# without one (and not in verbose mode, where space may come between) needs no parsing.
_GROUP_LOOP = re.compile(r"\)[*+{]")
_VERBOSE = re.compile(r"\(\?[aiLmsu-]*x")


@lru_cache(maxsize=8192)
def _base_mask(source: str) -> int:
    rx = re.compile(source, re.I)
    return sum(1 << i for i, ch in enumerate(_BASE) if rx.fullmatch(ch))


@lru_cache(maxsize=8192)
def _mentioned(source: str) -> frozenset[str]:
    """Characters an atom names (literals, range ends), their neighbours and other cases."""
    chars: set[str] = set()
    for m in re.finditer(r"\\U([0-9a-f]{8})", source):
        code = int(m.group(1), 16)
        for c in (code - 1, code, code + 1):
            if 0 <= c <= 0x10FFFF and not 0xD800 <= c <= 0xDFFF:
                ch = chr(c)
                chars.update(v for v in (ch, ch.lower(), ch.upper()) if len(v) == 1)
    return frozenset(chars)


def _masks(atoms: list[str]) -> tuple[list[int], str]:
    """Each atom's characters as a bit mask over the sample alphabet (ASCII, the samples,
    and whatever else the atoms name), and that alphabet."""
    extras = sorted(set().union(*map(_mentioned, atoms)) - _BASE_SET) if atoms else []
    masks = []
    for source in atoms:
        mask = _base_mask(source)
        if extras:
            rx = re.compile(source, re.I)
            mask |= sum(1 << (len(_BASE) + i) for i, ch in enumerate(extras) if rx.fullmatch(ch))
        masks.append(mask)
    return masks, _BASE + "".join(extras)


@lru_cache(maxsize=4096)
def backtracking_problem(pattern: str) -> str | None:
    """None when ``pattern`` cannot backtrack exponentially; else what goes wrong, in words,
    with a piece of text it can read in more than one way."""
    if not _GROUP_LOOP.search(pattern) and not _VERBOSE.search(pattern):
        return None
    try:
        parsed = sre_parse.parse(pattern, re.I)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None  # not a valid pattern: re.compile reports it
    return _problem(parsed)


def _problem(parsed) -> str | None:
    """The first problem in a parsed pattern: each repetition of more than one atom is
    checked on its own automaton; lookarounds and atomic groups as patterns of their own."""
    for kind, av in _risky_parts(parsed):
        if kind == "pattern":
            problem = _problem(av)
            if problem:
                return problem
            continue
        low, high, body = av
        auto = _Automaton()
        entry = auto.repeat(low, high, body).first
        if auto.nested:
            return auto.nested[0]
        graph = _Graph(auto, [p for p, _ in entry])
        try:
            witness = graph.ambiguous_iterations() if high > _LONG_LOOP else None
            if witness:
                return (f"a repetition can match {witness!r} in more than one way; make each iteration "
                        f"start with what the previous one cannot end with, e.g. (?:\\w+\\s+)* instead of "
                        f"(\\w+\\s?)*")
            witness = graph.divisible_run()
        except _Budget:
            return "a repetition too complex to check; split the pattern or simplify the repetition"
        if witness:
            return (f"the iterations of a repetition can divide {witness!r} at any point; make each iteration "
                    f"end with what the next cannot start with, e.g. (?:\\w+\\s+){{0,5}} instead of "
                    f"(?:\\w+\\s*){{0,5}}")
    return None


def _risky_parts(items):
    """Outermost repetitions (more than once) of more than one atom, and sub-patterns that
    must be checked on their own (lookarounds, atomic groups, possessive repeats)."""
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            if high > 1 and not _single_atom(body):
                yield "loop", av
            else:
                yield from _risky_parts(body)
        elif op == C.SUBPATTERN:
            yield from _risky_parts(av[-1])
        elif op == C.BRANCH:
            for branch in av[1]:
                yield from _risky_parts(branch)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            yield "pattern", av[1]
        elif op == _ATOMIC:
            yield "pattern", av
        elif op == _POSSESSIVE:
            yield "pattern", av[2]
        elif op == C.GROUPREF_EXISTS:
            yield from _risky_parts(av[1])
            if av[2]:
                yield from _risky_parts(av[2])


def _single_atom(body) -> bool:
    items = list(body)
    while len(items) == 1 and items[0][0] == C.SUBPATTERN:
        items = list(items[0][1][-1])
    return len(items) == 1 and items[0][0] in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)


class _Budget(Exception):
    """The search went beyond its step budget."""


class _Graph:
    """The automaton of one repetition with character masks, ready to be paired with itself.
    Both searches share one budget of steps, so that no pattern takes long to check."""

    def __init__(self, auto: _Automaton, entry: list[int]) -> None:
        self.masks, self.alphabet = _masks(auto.atoms)
        self.steps = _MAX_STEPS
        extra = self.alphabet[len(_BASE):]
        word = _base_mask(r"\w") | sum(1 << (len(_BASE) + i) for i, ch in enumerate(extra) if ch.isalnum() or ch == "_")
        # out[p]: (edge id, next atom, round the loop?) for every edge the assertions allow,
        # between atoms a match can reach from the repetition's start. Two parallel edges
        # are a choice; a third adds nothing, so at most two are kept.
        edges: list[list[tuple[int, int, bool]]] = [[] for _ in auto.atoms]
        copies: dict[tuple[int, int], int] = {}
        for i, (p, q, asserts) in enumerate(auto.edges):
            if self.masks[q] and copies.get((p, q), 0) < 2 and _possible(self.masks, word, p, q, asserts):
                copies[(p, q)] = copies.get((p, q), 0) + 1
                edges[p].append((i, q, i in auto.back))
        reached = {p for p in entry if self.masks[p]}
        todo = list(reached)
        while todo:
            for _, q, _ in edges[todo.pop()]:
                if q not in reached:
                    reached.add(q)
                    todo.append(q)
        self.out = [out if p in reached else [] for p, out in enumerate(edges)]
        self.reached = reached

    def spend(self, n: int = 1) -> None:
        self.steps -= n
        if self.steps < 0:
            raise _Budget()

    def ambiguous_iterations(self) -> str | None:
        """Two runs that read the same text, part at some atom by different edges and meet
        again, on a cycle: each iteration doubles the ways (exponential ambiguity)."""
        graph: dict[tuple, list[tuple[tuple, bool, int]]] = {}
        todo = [(p, p) for p in self.reached]
        seen = set(todo)
        while todo:
            state = todo.pop()
            steps = []
            out1, out2 = self.out[state[0]], self.out[state[1]]
            self.spend(len(out1) * len(out2) + 1)
            for e1, p2, _ in out1:
                for e2, q2, _ in out2:
                    common = self.masks[p2] & self.masks[q2]
                    if common:
                        nxt = (p2, q2)
                        steps.append((nxt, e1 != e2, common))
                        if nxt not in seen:
                            seen.add(nxt)
                            todo.append(nxt)
            graph[state] = steps
        component = _components(graph)
        diagonal = {component[s] for s in graph if s[0] == s[1]}
        for state, steps in graph.items():
            for nxt, diverges, common in steps:
                if diverges and component[state] == component[nxt] and component[state] in diagonal:
                    comp = component[state]
                    inside = {s for s in graph if component[s] == comp}
                    shared = {s for s in inside if s[0] == s[1]}
                    there = _path(graph, shared, {state}, inside) or [(state, 0)]
                    back = _path(graph, {nxt}, shared, inside) or [(nxt, 0)]
                    masks = [self.masks[there[0][0][0]]] + [m for _, m in there[1:]] + [common] + [m for _, m in back[1:]]
                    return self._text(masks)
        return None

    def divisible_run(self) -> str | None:
        """Text that one iteration can read while staying at an atom p, that can also take
        the loop from p to an atom q, and that q can read staying put: the iterations can
        then divide a run of it at any point (polynomial ambiguity, of the degree of the
        number of iterations: a hang on a long line even when the count is bounded)."""
        inner = [sorted({q for _, q, back in out if not back}) for out in self.out]
        anywhere = [sorted({(q, back) for _, q, back in out}) for out in self.out]
        for p, q in self._on_one_cycle(inner):
            start = (p, p, q, False)
            parents: dict[tuple, tuple | None] = {start: None}
            queue = deque([start])
            while queue:
                a, b, c, used = state = queue.popleft()
                self.spend(len(inner[a]) * len(anywhere[b]) * len(inner[c]) + 1)
                for a2 in inner[a]:
                    for b2, back in anywhere[b]:
                        ab = self.masks[a2] & self.masks[b2]
                        if not ab:
                            continue
                        for c2 in inner[c]:
                            common = ab & self.masks[c2]
                            nxt = (a2, b2, c2, used or back)
                            if not common or nxt in parents:
                                continue
                            parents[nxt] = (state, common)
                            if nxt == (p, q, q, True):
                                return self._text(_masks_back(parents, nxt)) * 3
                            queue.append(nxt)
        return None

    def _on_one_cycle(self, inner: list[list[int]]) -> list[tuple[int, int]]:
        """Pairs of atoms (p, q) that can both go round a cycle of one iteration reading
        the same text: the only candidates for a run the iterations can divide."""
        looping = {p for p in _cyclic(inner) if p in self.reached}
        graph: dict[tuple, list] = {}
        for a in looping:
            for b in looping:
                self.spend(len(inner[a]) * len(inner[b]) + 1)
                graph[(a, b)] = [((a2, b2), False, 0) for a2 in inner[a] if a2 in looping
                                 for b2 in inner[b] if b2 in looping and self.masks[a2] & self.masks[b2]]
        component = _components(graph)
        sizes: dict = {}
        for state, comp in component.items():
            sizes[comp] = sizes.get(comp, 0) + 1
        return [s for s in graph if sizes[component[s]] > 1 or any(n == s for n, _, _ in graph[s])]

    def _text(self, masks: list[int]) -> str:
        return "".join(_pick(m, self.alphabet) for m in masks)


def _cyclic(edges: list[list[int]]) -> list[int]:
    """Atoms on a cycle of ``edges``."""
    graph = {p: [(q, False, 0) for q in qs] for p, qs in enumerate(edges)}
    component = _components(graph)
    sizes: dict = {}
    for p, c in component.items():
        sizes[c] = sizes.get(c, 0) + 1
    return [p for p, qs in enumerate(edges) if p in qs or sizes[component[p]] > 1]


def _masks_back(parents: dict, state: tuple) -> list[int]:
    out = []
    while parents[state] is not None:
        state, mask = parents[state]
        out.append(mask)
    return out[::-1]


def _possible(masks: list[int], word: int, p: int, q: int, asserts: tuple[int, ...]) -> bool:
    """Whether an edge p -> q survives the word-boundary assertions it crosses."""
    for a in asserts:
        p_word, q_word = masks[p] & ~word == 0, masks[q] & ~word == 0
        p_other, q_other = masks[p] & word == 0, masks[q] & word == 0
        if a == 1 and (p_word and q_word or p_other and q_other):
            return False  # \b between two word characters, or two others
        if a == -1 and (p_word and q_other or p_other and q_word):
            return False  # \B between a word character and another
    return True


def _components(graph) -> dict:
    """Strongly connected components (iterative Tarjan): state -> component id."""
    index: dict = {}
    low: dict = {}
    comp: dict = {}
    stack: list = []
    on_stack: set = set()
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            steps = graph[node]
            if i < len(steps):
                work.append((node, i + 1))
                nxt = steps[i][0]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    comp[member] = node
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return comp


def _path(graph, sources: set, targets: set, inside: set) -> list | None:
    """A shortest path from ``sources`` to ``targets``: [(first state, 0), (state, mask read), ...]."""
    queue = deque([(s, 0)] for s in sources)
    seen = set(sources)
    while queue:
        path = queue.popleft()
        if path[-1][0] in targets:
            return path
        for nxt, _, common in graph.get(path[-1][0], ()):
            if nxt in inside and nxt not in seen:
                seen.add(nxt)
                queue.append(path + [(nxt, common)])
    return None


def _pick(mask: int, alphabet: str) -> str:
    chars = [alphabet[i] for i in range(len(alphabet)) if mask >> i & 1]
    for ok in (str.isalpha, str.isdigit, lambda c: c == " ", str.isprintable):
        good = [c for c in chars if ok(c) and c.isascii()]
        if good:
            return good[0].lower() if good[0].isalpha() else good[0]
    return chars[0] if chars else "?"
