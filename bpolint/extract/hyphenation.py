"""End-of-line hyphenation: whether a hyphen that ends a line belongs to the word.

Shared by the PDF extractor (which joins its lines itself) and the plain-text one (which
reads hard-wrapped text, such as a scanned-and-converted draft, where "prompt-\\nly" is one
word and "third-\\nparty" keeps its hyphen)."""
from __future__ import annotations

import re

# Words that keep their hyphen at a line end when the document does not tell.
HYPHEN_PREFIXES = frozenset({
    "non", "self", "third", "co", "cross", "multi", "pre", "post", "anti", "inter", "semi", "well",
    "full", "part", "long", "short", "high", "low", "first", "second", "one", "two", "three", "four",
    "five", "six", "seven", "eight", "nine", "ten", "mid", "ex", "vice", "quasi", "sub", "end",
    "e", "off", "on", "out", "over", "under", "counter", "opt", "follow", "start", "cut",
    # compound numbers: "thirty-/six (36) months"
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
})
# A word, hyphenated compounds whole.
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*(?:[-\u2010][A-Za-z]+)*")


def keeps_hyphen(head: str, tail: str, vocabulary: set[str]) -> bool:
    """Whether the hyphen between ``head`` (before the line end) and ``tail`` (after it) stays.

    It stays when the second part is capitalised ("Anglo-\\nAmerican"), when the document spells
    the word with it elsewhere, when the first part is a prefix that takes one ("non-", "third-")
    or when the second part is a word of the document ("set-up"); it goes when the joined word is
    in the document or the second part is only a fragment ("manage-ment"). ``vocabulary`` holds
    the document's words in lower case."""
    first, second = head.lower(), tail.lower()
    if not tail[:1].islower():
        return True
    if f"{first}{second}" in vocabulary:
        return False
    return f"{first}-{second}" in vocabulary or first in HYPHEN_PREFIXES or second in vocabulary
