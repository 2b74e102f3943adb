"""Service-type detection: score the text for each service type from weighted terms.

The terms live in ``rules/service-types.yaml`` (data, like every rule). A contract
may cover several types; each detected type reports the terms that decided it.

Each term counts with diminishing returns (``weight * log2(1 + uses)``), and once
more when it appears in the document's opening lines, where the title says what
the contract is for ("Web Site Hosting Agreement", "Payroll Services Agreement").
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import BpolintError
from ..literals import Requirement, finditer_from, fold_case, prefixes, requirement
from ..model import ServiceDetection
from ..paths import rules_root
from ..yamlio import line_of, load_yaml
from . import cache
from .regex_safety import backtracking_problem


@dataclass(frozen=True)
class ServiceProfile:
    name: str
    threshold: float
    terms: tuple[tuple[str, float, re.Pattern], ...]
    needs: tuple[Requirement, ...] = ()  # per term: words a match must contain (see match.literals)
    starts: tuple[frozenset[str] | None, ...] = ()  # per term: what a match starts with, if known


@lru_cache(maxsize=4)
def load_profiles(path: str | None = None) -> tuple[ServiceProfile, ...]:
    p = Path(path) if path else rules_root() / "service-types.yaml"
    return cache.cached("services", [], lambda: _read_profiles(p), files=[p.resolve()])


def _read_profiles(p: Path) -> tuple[ServiceProfile, ...]:
    raw = load_yaml(p)
    profiles = []
    if not isinstance(raw, dict):
        raise BpolintError("E203", str(p), 1, {"key": "service-types", "expected": "a mapping", "where": ""})
    for name, spec in raw.items():
        terms = []
        term_lines = spec.get("terms") if isinstance(spec.get("terms"), dict) else {}
        for term, weight in (spec.get("terms") or {}).items():
            line = line_of(term_lines, term)
            pattern = r"(?<![\w-])(?:" + term + r")(?![\w-])"
            try:
                rx = re.compile(pattern, re.I)
            except re.error as exc:
                raise BpolintError("E205", str(p), line, {"pattern": term, "detail": str(exc)}) from None
            problem = backtracking_problem(pattern)
            if problem:
                raise BpolintError("E213", str(p), line, {"pattern": term, "detail": problem,
                                                          "where": f" in service type {name}"})
            terms.append((term, float(weight), rx))
        needs = tuple(requirement(rx.pattern, rx.flags) for _, _, rx in terms)
        starts = tuple(prefixes(rx.pattern, rx.flags) for _, _, rx in terms)
        profiles.append(ServiceProfile(name, float(spec.get("threshold", 6)), tuple(terms), needs, starts))
    return tuple(profiles)


TITLE_CHARS = 300


def score_services(text: str) -> dict[str, tuple[float, list[tuple[str, float]]]]:
    """Score per service type with each term's contribution (diminishing with repeats)."""
    out = {}
    title = text[:TITLE_CHARS]
    folded = fold_case(text)
    for profile in load_profiles():
        contributions = []
        for i, (term, weight, rx) in enumerate(profile.terms):
            need = profile.needs[i] if profile.needs else ()
            if need and not all(any(lit in folded for lit in clause) for clause in need):
                continue  # a word every match needs is not in the text
            start = profile.starts[i] if profile.starts else None
            found = finditer_from(rx, text, folded, start) if start else rx.finditer(text)
            matches = [m.group(0) for m in found]
            if matches:
                bonus = weight if rx.search(title) else 0.0
                contributions.append((matches[0].lower(), weight * math.log2(1 + len(matches)) + bonus))
        contributions.sort(key=lambda c: -c[1])
        out[profile.name] = (sum(c for _, c in contributions), contributions)
    return out


def detect_services(text: str) -> ServiceDetection:
    scores = score_services(text)
    profiles = {p.name: p for p in load_profiles()}
    top = max((s for s, _ in scores.values()), default=0.0)
    chosen = [name for name, (s, _) in scores.items()
              if s >= profiles[name].threshold and s >= 0.45 * top]
    chosen.sort(key=lambda n: -scores[n][0])
    reasons = {n: tuple(t for t, _ in scores[n][1][:5]) for n in chosen}
    rounded = {n: round(s, 1) for n, (s, _) in scores.items()}
    if not chosen:
        return ServiceDetection((), "default", rounded, {})
    return ServiceDetection(tuple(chosen), "detected", rounded, reasons)
