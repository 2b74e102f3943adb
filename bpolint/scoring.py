"""Document-level evaluation against CUAD-style labels (``bpolint eval``).

A labels CSV has one row per contract (column ``contract`` = file name) and one 0/1
column per CUAD category. The taxonomy maps topics to categories: label 1 means the
topic's status is present, unquantified or vague (requirement topics) or flagged
(risk topics); ``cuad-positive`` narrows the statuses that count.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .discovery import contract_files
from .errors import BpolintError
from .model import FileReport
from .metrics import Counts
from .taxonomy import Taxonomy

POSITIVE = {"requirement": ("present", "unquantified", "vague"), "risk": ("flagged",)}


@dataclass
class TopicScore(Counts):
    topic: str = ""
    category: str = ""
    tn: int = 0
    false_positives: list[tuple[str, str]] = field(default_factory=list)  # (file, evidence)
    false_negatives: list[tuple[str, str]] = field(default_factory=list)  # (file, status)

    @property
    def positives(self) -> int:
        return self.tp + self.fn


def read_labels(path: str) -> dict[str, dict[str, int]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BpolintError("E106", path, None, {"detail": str(exc)}) from None
    if not rows:
        raise BpolintError("E106", path, None, {"detail": "no rows"})
    key = "contract" if "contract" in rows[0] else next(iter(rows[0]))
    labels: dict[str, dict[str, int]] = {}
    for i, row in enumerate(rows, start=2):
        name = row.pop(key)
        values = {}
        for cat, v in row.items():
            v = (v or "").strip()
            if v in ("0", "1"):
                values[cat] = int(v)
            elif v:
                try:
                    values[cat] = 1 if float(v) > 0 else 0
                except ValueError:
                    raise BpolintError("E106", path, i, {"detail": f"column {cat!r} must be 0 or 1, got {v!r}"}) from None
        labels[name] = values
    return labels


def match_files(folder: str, labels: dict[str, dict[str, int]]) -> tuple[list[tuple[str, str]], list[str]]:
    """(file path, label row name) for each labelled contract found in the folder, and the names not found."""
    by_name: dict[str, str] = {}
    for p in contract_files(Path(folder)):
        by_name.setdefault(p.name, str(p))
        by_name.setdefault(p.stem, str(p))
    pairs, missing = [], []
    for name in labels:
        path = by_name.get(name) or by_name.get(Path(name).stem)
        if path:
            pairs.append((path, name))
        else:
            missing.append(name)
    return pairs, missing


def score(taxonomy: Taxonomy, labels: dict[str, dict[str, int]], pairs: list[tuple[str, str]],
          reports: dict[str, FileReport]) -> list[TopicScore]:
    """Per-topic counts over the labelled contracts; a file that could not be linted is left out."""
    scores = []
    for topic in taxonomy.topics.values():
        if not topic.cuad:
            continue
        positive = topic.cuad_positive or POSITIVE.get(topic.kind, ())
        s = TopicScore(topic=topic.id, category=topic.cuad)
        for path, name in pairs:
            fr = reports.get(path)
            if fr is None or fr.error or topic.cuad not in labels[name]:
                continue
            result = next((t for t in fr.topics if t.topic == topic.id), None)
            status = result.status.value if result else "not-reported"
            evidence = result.evidence[0].quote if result and result.evidence else ""
            predicted = status in positive
            actual = labels[name][topic.cuad] == 1
            fname = Path(path).name
            if predicted and actual:
                s.tp += 1
            elif predicted:
                s.fp += 1
                s.false_positives.append((fname, f"{status}: {evidence}"))
            elif actual:
                s.fn += 1
                s.false_negatives.append((fname, status))
            else:
                s.tn += 1
        scores.append(s)
    return scores


def macro_f1(scores: list[TopicScore], min_positives: int) -> tuple[float, int]:
    kept = [s for s in scores if s.positives >= min_positives]
    return (sum(s.f1 for s in kept) / len(kept) if kept else 0.0), len(kept)
