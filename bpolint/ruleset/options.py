"""The options each check kind accepts, with their types and defaults.

A rule's ``options:`` mapping is checked against its check kind's table at load time
(the hygiene kind adds its detector's own options), and the defaults are filled in,
so a check reads ``rule.options[name]`` and never guesses. An unknown or mistyped key
is a load error naming the file, line and rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    kind: str  # bool | int | str | str-list | regex-list | choice
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None

    def describe(self) -> str:
        return {"bool": "true or false", "int": "a whole number", "str": "a string",
                "str-list": "a list of strings", "regex-list": "a list of regular expressions",
                "choice": "one of " + ", ".join(self.choices)}[self.kind]


CHECK_OPTIONS: dict[str, dict[str, Option]] = {
    "required": {
        "vague-status": Option("bool", False, "report the topic as vague when every mention that states something "
                                              "is governed by vague or weak wording"),
    },
    "quantified": {
        "measures": Option("regex-list", (), "patterns that count as the measure where it is not a number "
                                              "(a named standard such as ISO 27001)"),
        "near": Option("regex-list", (), "a figure counts only when its sentence also matches one of these"),
    },
    "vague": {
        "require-obligation": Option("bool", True, "only sentences that impose a duty"),
        "holder": Option("choice", None, "only discretion held by this party (or either party)",
                         choices=("provider", "customer")),
        "provider-held": Option("str-list", (), "vocabulary entries that count only when the provider holds them"),
        "duty-bound": Option("str-list", (), "vocabulary entries that count only in a sentence that imposes a duty"),
        "one-per-sentence": Option("bool", False, "at most one finding of the rule per sentence"),
        "defer": Option("str-list", (), "vocabulary entries not reported in a sentence where another entry of the "
                                        "rule is (the other names the matter more precisely)"),
        "change-subject": Option("bool", True, "flag discretion over price, scope or services whoever holds it"),
        "about": Option("regex-list", (), "a finding counts only when its clause (the sentence up to the nearest "
                                          "semicolons) also matches one of these: what the discretion is over"),
        "not-under": Option("regex-list", (), "no finding in a clause whose heading, or the heading of a clause it "
                                              "sits in, matches one of these (boilerplate such as force majeure)"),
        "not-in-definitions": Option("bool", False, "no finding in a sentence that defines a term"),
        "unless-after": Option("regex-list", (), "no finding when the rest of its paragraph, after its sentence, "
                                                 "matches one of these (a fallback for talks that fail to agree)"),
    },
    "forbidden": {},
    "conditional": {},
    "hygiene": {
        "max-findings": Option("int", 50, "at most this many findings per document", minimum=1),
    },
}

# Hygiene detectors live in code (bpolint.checks.hygiene); their names and own options are
# declared here so that rule validation needs nothing from the checks.
DETECTOR_OPTIONS: dict[str, dict[str, Option]] = {
    "placeholder": {},
    "undefined-term": {
        "min-definitions": Option("int", 3, "skip documents that define fewer terms than this", minimum=0),
        "min-uses": Option("int", 2, "uses of an undefined multi-word term before it is reported", minimum=1),
        "term-heads": Option("str-list", (), "last words that make one use of a capitalised phrase enough "
                                             "(\"the Exit Plan\", \"the Run-Off Period\")"),
    },
    "unused-definition": {},
    "duplicate-definition": {},
    "defined-term-case": {},
    "broken-reference": {
        "min-clauses": Option("int", 5, "skip documents with fewer numbered clauses than this", minimum=0),
    },
    "numbering": {},
    "number-mismatch": {},
    "party-name": {},
    "date": {},
}


def options_for(check: str, detector: str | None) -> dict[str, Option]:
    table = dict(CHECK_OPTIONS.get(check, {}))
    if check == "hygiene" and detector:
        table.update(DETECTOR_OPTIONS.get(detector, {}))
    return table
