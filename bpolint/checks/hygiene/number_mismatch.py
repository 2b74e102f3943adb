"""Numbers written in words that disagree with the digits beside them ("thirty (45) days")."""
from __future__ import annotations

import re

from ...match import Hit
from ...quantities import words_to_number
from ...ruleset.model import Rule
from ..base import CheckContext
from .common import block_hits, hygiene_hit

_WORDS_DIGITS = re.compile(
    r"\b(?P<words>(?:[a-z]+[\s-]){0,5}[a-z]+)\s*\(\s*(?P<digits>\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s*(?P<pct>%)?\s*\)", re.I)
_SCALE_WORDS = {"hundred", "thousand", "million", "billion"}


def number_mismatches(rule: Rule, ctx: CheckContext) -> list[tuple[Hit, dict]]:
    found = []
    for bi, m in block_hits(ctx, _WORDS_DIGITS):
        words = m.group("words").lower().split()
        while words and words[-1] in ("percent", "cent", "per"):  # "ten percent (10%)", "ten per cent (10%)"
            words.pop()
        # the longest tail of the words that reads as a number: "within thirty" -> "thirty"
        value = None
        start_word = 0
        for i in range(len(words)):
            tail_words = words[i:]
            if tail_words[0] in ("a", "an") and (len(tail_words) == 1 or tail_words[1] not in _SCALE_WORDS):
                continue  # "for a one (1) year period": the article is not part of the number
            v = words_to_number(" ".join(tail_words))
            if v is not None:
                value = v
                start_word = i
                break
        if value is None:
            continue
        digits = float(m.group("digits").replace(",", ""))
        if abs(value - digits) > 1e-9:
            found.append((hygiene_hit(rule, bi, m.start(), m.end()),
                          {"words": " ".join(words[start_word:]), "digits": m.group("digits") + (m.group("pct") or "")}))
    return found
