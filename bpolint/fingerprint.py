"""Stable identities for findings, shared by baselines, SARIF and draft-to-draft diffs.

A fingerprint is built from what a reader would call "the same finding": the rule, the
topic, the evidence (its sentence, where the evidence is only the defective words) with its
whitespace, case and numbering folded, and the heading of
the clause it sits in. It never uses line numbers or clause numbers, so it survives
paragraphs inserted above it and clauses renumbered around it. When one document has
the same finding twice (the same words in the same clause), the second gets ``:2``.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Iterable

from .model import Finding

SCHEME = "bpolint/v1"
_LABEL = re.compile(r"^\W*(?:\(?[0-9]{1,3}(?:\.[0-9]{1,3})*[.)]?|\(?[a-z]{1,3}\)|\([ivxlc]{1,6}\))\s+", re.I)
_SPACE = re.compile(r"\s+")
_ELLIPSIS = "\u2026"


# Quotes keep the document's own characters; compared, they fold as the clean text does.
_FOLD = str.maketrans({**{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032"}, **{c: '"' for c in "\u201c\u201d\u201e\u2033"},
                       **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"}, _ELLIPSIS: " "})


def normalise(text: str) -> str:
    """Evidence as compared: no leading clause label, folded case, quotes, dashes and spaces."""
    t = text.translate(_FOLD)
    t = _LABEL.sub("", t.strip())
    return _SPACE.sub(" ", t).strip().lower()


def base_fingerprint(f: Finding) -> str:
    heading = normalise(f.location.heading or "")
    key = "\x1f".join((f.rule, f.topic, normalise(f.quoted), heading))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def fingerprint_all(findings: Iterable[Finding]) -> list[Finding]:
    """Give each finding its fingerprint, numbering repeats in document order."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        fp = base_fingerprint(f)
        seen[fp] = seen.get(fp, 0) + 1
        out.append(replace(f, fingerprint=fp if seen[fp] == 1 else f"{fp}:{seen[fp]}"))
    return out
