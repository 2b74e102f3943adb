"""The playbook: default positions per service type, the company's own over them, and the
comparison of a draft's figures with each position.

A playbook states one side's positions (``party:``, the customer's by default) and is used
only when negotiating for that side. The shipped defaults are the customer's; a supplier
sets its own with ``party: supplier``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..config import Playbook, PlaybookTerm, parse_playbook
from ..model import Measure, TopicResult
from ..quantities import Amount, best, comparable, duration_unit, falls_short, find_quantities, meets
from ..yamlio import load_yaml

DEFAULTS_DIR = Path(__file__).resolve().parent / "playbooks"
_FAR = 10_000  # distance of a figure to a term that names no words to look for
# "2% of the monthly Charges": a share of the price (a service credit), not a service level
_SHARE_OF_PRICE = re.compile(r"^\s*\)?\s*of\s+(?:the\s+|that\s+|each\s+)?(?:[\w-]+\s+){0,3}"
                             r"(?:charges?|fees?|prices?|invoices?|revenue|contract\s+value|amounts?\s+invoiced)\b", re.I)


@dataclass(frozen=True)
class Verdict:
    """A draft's figure against one position."""

    term: PlaybookTerm
    measure: Measure | None  # the figure compared (the best of those the term is about)
    amount: Amount | None
    result: str  # meets | between | below | not compared
    note: str | None = None


@lru_cache(maxsize=None)
def _default_file(name: str) -> Playbook | None:
    path = DEFAULTS_DIR / f"{name}.yaml"
    return parse_playbook(load_yaml(path, code="E104"), str(path)) if path.is_file() else None


def default_playbook(service_types: tuple[str, ...]) -> Playbook:
    """The shipped positions for these service types: the common ones, then each type's own."""
    out = Playbook(terms=())
    for name in ("common", *service_types):
        own = _default_file(name)
        if own is not None:
            out = Playbook(own.party, True, out.terms + own.terms, out.files + own.files)
    return out


def facing(playbook: Playbook, party: str) -> tuple[PlaybookTerm, ...]:
    """The playbook's terms when negotiating for ``party``: a playbook states one side's
    positions, and the other side's targets are not ours."""
    return playbook.terms if playbook.party == party else ()


def terms_for(company: Playbook | None, service_types: tuple[str, ...], party: str) -> tuple[PlaybookTerm, ...]:
    """The positions that apply: the company's over the defaults (unless it turns them off)."""
    defaults = default_playbook(service_types)
    if company is None:
        return facing(defaults, party)
    own = facing(company, party)
    if not company.defaults:
        return own
    mine = {t.topic for t in own}
    return tuple(t for t in facing(defaults, party) if t.topic not in mine) + own


def describe(company: Playbook | None, service_types: tuple[str, ...]) -> str:
    types = ", ".join(service_types) or "common terms only"
    if company is None:
        return f"bpolint's default playbook ({types})"
    files = ", ".join(dict.fromkeys(Path(f).name for f in company.files))
    return f"{files}" + (f" over bpolint's default playbook ({types})" if company.defaults else "")


def compare(topic: TopicResult, terms: tuple[PlaybookTerm, ...]) -> list[Verdict]:
    """Each measurable position on the topic against the best figure the draft states for it.

    A figure belongs to the position whose words (``near``) stand nearest to it in its
    sentence; a position with no words takes any figure of its kind. A share of the price
    ("2% of the monthly Charges") is never a service level.
    """
    own = [t for t in terms if t.topic == topic.topic and t.measurable]
    if not own:
        return []
    figures: dict[int, list[tuple[Measure, Amount]]] = {i: [] for i in range(len(own))}
    for m in topic.measures:
        if m.kind == "percent" and _SHARE_OF_PRICE.match(m.sentence[m.at[1]:]):
            continue
        amount = Amount(m.kind, m.value, m.unit)
        distances = [(_distance(m, t) if t.target.kind == m.kind else None) for t in own]
        close = [d for d in distances if d is not None]
        if not close:
            continue
        for i, d in enumerate(distances):
            if d is not None and d == min(close):
                figures[i].append((m, amount))
    out = []
    for i, term in enumerate(own):
        found = figures[i]
        if not found:
            continue  # the draft states nothing this position is about
        usable = [(m, a) for m, a in found if comparable(a, term.target) is None]
        if not usable:
            m, a = found[0]
            out.append(Verdict(term, m, a, "not compared", comparable(a, term.target)))
            continue
        chosen = best([a for _, a in usable], term.better or "higher")
        measure = next(m for m, a in usable if a is chosen)
        if meets(chosen, term.target, term.better):
            result = "meets"
        elif falls_short(chosen, term.walk_away, term.better):
            result = "below"
        else:
            result = "between"
        out.append(Verdict(term, measure, chosen, result))
    return out


def _distance(m: Measure, term: PlaybookTerm) -> int | None:
    """How far the figure stands from the nearest of the term's words in its sentence, in
    characters. Words before a figure introduce it ("an RTO of 4 hours") and bind more
    closely than words after it, which count double."""
    if not term.near:
        return _FAR
    start, end = m.at
    best_gap = None
    for pattern in term.near:
        for hit in re.finditer(pattern, m.sentence, re.I):
            gap = max(start - hit.end(), 0) if hit.start() < start else 2 * max(hit.start() - end, 0) + 1
            best_gap = gap if best_gap is None else min(best_gap, gap)
    return best_gap


# --- filling a figure into wording ---------------------------------------------------

_BRACKET = re.compile(r"\[([^\[\]]{1,24})\]((?:\s*%|[ \u00a0-]+[A-Za-z][A-Za-z]*(?:[ -][A-Za-z]+)?)?)")
_ORDINAL = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$", re.I)


def fill(wording: str, term: PlaybookTerm, amount: Amount) -> str | None:
    """``wording`` with the bracketed figure the term is about replaced by ``amount``
    ("within [24] hours" -> "within 72 hours"), or None when it has no such figure.

    The figure chosen is the first of the right kind whose lead-in (the words since the
    previous such figure in its sentence) names the term: in "a recovery time objective of
    [4] hours with a recovery point objective of [1] hour" the recovery point is the second.
    Failing that, the first whose following words name it ("by the [5th] Business Day ...
    deliver a report").
    """
    slots = []  # (start, end, inner, unit text)
    for m in _BRACKET.finditer(wording):
        inner, rest = m.group(1).strip(), m.group(2)
        qs = [q for q in find_quantities(inner + rest) if q.start == 0]
        if not qs or qs[0].kind != amount.kind or qs[0].end < len(inner):
            continue
        unit_text = rest[:max(qs[0].end - len(inner), 0)]
        slots.append((m.start(), m.start() + len(m.group(1)) + 2 + len(unit_text), inner, unit_text))
    if not slots:
        return None

    def names_term(text: str) -> bool:
        return not term.near or any(re.search(p, text, re.I) for p in term.near)

    def sentence_bounds(at: int) -> tuple[int, int]:
        stop = wording.find(". ", at)
        return max(wording.rfind(". ", 0, at) + 2, 0), stop if stop >= 0 else len(wording)

    chosen = None
    for i, (start, end, _, _) in enumerate(slots):
        lo, _ = sentence_bounds(start)
        if names_term(wording[max(slots[i - 1][1] if i else 0, lo):start]):
            chosen = slots[i]
            break
    if chosen is None:
        for i, (start, end, _, _) in enumerate(slots):
            _, hi = sentence_bounds(end)
            if names_term(wording[end:min(slots[i + 1][0] if i + 1 < len(slots) else hi, hi)]):
                chosen = slots[i]
                break
    if chosen is None:
        return None
    start, end, inner, unit_text = chosen
    return wording[:start] + _written(amount, inner, unit_text) + wording[end:]


def _written(amount: Amount, inner: str, unit_text: str) -> str:
    """The amount in the wording's own form: "[5th] Business Day" stays an ordinal, "[1]
    Business Day" keeps its capitals."""
    if amount.kind == "percent":
        return str(amount)
    if amount.kind != "duration" or duration_unit(unit_text.strip()) != amount.unit:
        return str(amount)
    number = str(amount).split(" ", 1)[0]
    words = unit_text.rstrip()
    if _ORDINAL.match(inner) and amount.value == amount.value.to_integral_value():
        return _ordinal(int(amount.value)) + re.sub(r"s$", "", words)
    singular = re.sub(r"s$", "", words)
    return number + (singular if amount.value == 1 else singular + "s")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
