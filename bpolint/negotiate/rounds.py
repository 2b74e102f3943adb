"""Round trips: the issues list of a new draft against the list of the previous one.

A row is *still open* when a finding behind it is still in the new draft (matched on
fingerprints with :func:`bpolint.diff.compare`, the same matching as ``bpolint diff`` and
the baseline), or when it is the same point on the same topic (a missing term that is now
there but not measurable is still the point being negotiated). Rows of the old list that
match nothing in the new one are listed as *resolved*, after the open rows.
"""
from __future__ import annotations

from dataclasses import replace

from ..diff import compare
from ..model import FileReport
from .model import Round, Row
from .rows import number

_PER_TOPIC = ("term", "playbook", "drafting")  # one row per topic: the topic is the point


def mark_rounds(new_rows: list[Row], old_rows: list[Row], new: FileReport, old: FileReport) -> list[Row]:
    c = compare(old, new)
    introduced = {f.fingerprint for f in c.introduced}
    gone = {f.fingerprint for f in c.resolved}
    old_points = {r.key for r in old_rows if r.kind in _PER_TOPIC}
    new_points = {r.key for r in new_rows if r.kind in _PER_TOPIC}
    current = []
    for r in new_rows:
        kept = any(fp not in introduced for fp in r.fingerprints)
        same_point = r.kind in _PER_TOPIC and r.key in old_points
        current.append(replace(r, round=Round.OPEN if kept or same_point else Round.NEW))
    resolved = [replace(r, round=Round.RESOLVED) for r in old_rows
                if not any(fp not in gone for fp in r.fingerprints)
                and not (r.kind in _PER_TOPIC and r.key in new_points)]
    current = number(current)
    return current + [replace(r, number=len(current) + i) for i, r in enumerate(number(resolved), start=1)]
