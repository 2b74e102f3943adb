"""Strict validation of rule and vocabulary files: unknown keys, wrong types, bad
regexes and invalid token patterns are coded errors naming the file and line."""
from __future__ import annotations

import re
from typing import Any, Callable

from ..errors import BpolintError
from ..taxonomy import Taxonomy
from ..yamlio import line_of
from ..quantities import parse_threshold
from .model import (CHECK_KINDS, HYGIENE_DETECTORS, Companion, Detect, Pattern, Quantify, Rule, RuleCase,
                    VocabEntry, Vocabulary)
from .options import Option, options_for
from .regex_safety import backtracking_problem

RULE_KEYS = {"id", "name", "topic", "title", "check", "service-types", "severity", "detect", "quantify",
             "companion", "message", "suggestion", "why", "detector", "options", "tests"}
REQUIRED_RULE_KEYS = ("id", "name", "topic", "title", "check", "message", "tests")
PATTERN_KEYS = {"phrases", "patterns", "regex"}
DETECT_KEYS = PATTERN_KEYS | {"vocab", "not-inside", "unless", "headings", "parts"}
QUANTIFY_KEYS = {"kinds", "window", "compare", "period", "scope"}
COMPANION_KEYS = PATTERN_KEYS | {"scope"}
QUANTITY_KINDS = {"percent", "duration", "money", "coverage", "date", "time", "time-range", "period", "score", "count"}
SEVERITIES = ("error", "warning", "info")
MESSAGE_KEYS = {"default", "missing", "unquantified", "vague", "threshold", "flagged"}
# Token attributes the blank pipeline can fill (no tagger or parser).
TOKEN_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER",
               "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_SENT_START", "LIKE_NUM",
               "LIKE_URL", "LIKE_EMAIL", "SHAPE", "PREFIX", "SUFFIX", "OP"}
ID_RE = re.compile(r"^[A-Z]{2,4}\d{2,3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$")


class Ctx:
    """Where we are in a file, for error messages."""

    def __init__(self, file: str, rule: str | None = None) -> None:
        self.file = file
        self.rule = rule

    def where(self) -> str:
        return f" in rule {self.rule}" if self.rule else ""

    def fail(self, code: str, node: Any, at: str | None = None, **detail: Any) -> BpolintError:
        """An error at ``node`` (or at its key ``at``), with ``detail`` for the message."""
        detail.setdefault("where", self.where())
        if code == "E202":
            detail.setdefault("key", at)
        return BpolintError(code, self.file, line_of(node, at), detail)


_NAMES = r"(?:\w+(?:\s+\w+)*)"


def check_backtracking(ctx: Ctx, pattern: str, line: int | None, shown: str | None = None) -> None:
    """A pattern that can backtrack exponentially is a load error, never a hang at run time."""
    problem = backtracking_problem(pattern)
    if problem:
        raise BpolintError("E213", ctx.file, line, {"pattern": shown or pattern, "detail": problem,
                                                    "where": ctx.where()})


def check_keys(ctx: Ctx, node: Any, allowed: set[str], what: str) -> None:
    if not isinstance(node, dict):
        raise ctx.fail("E203", node, key=what, expected="a mapping")
    for key in node:
        if key not in allowed:
            raise ctx.fail("E202", node, key)


def typed(ctx: Ctx, node: dict, key: str, kind: type | tuple, expected: str, default: Any = None) -> Any:
    if key not in node:
        return default
    value = node[key]
    if kind is bool and not isinstance(value, bool) or not isinstance(value, kind):
        raise ctx.fail("E203", node, key, key=key, expected=expected)
    return value


def str_list(ctx: Ctx, node: dict, key: str) -> tuple[str, ...]:
    value = node.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ctx.fail("E203", node, key, key=key, expected="a list of non-empty strings")
    return tuple(value)


def parse_pattern(ctx: Ctx, node: dict, validator: Callable[[list], str | None]) -> Pattern:
    phrases = str_list(ctx, node, "phrases")
    regexes = str_list(ctx, node, "regex")
    lines = getattr(node.get("regex"), "item_lines", None)
    for i, rx in enumerate(regexes):
        line = lines[i] if lines else line_of(node, "regex")
        try:
            re.compile(rx.replace("{customer}", "(?:customer)").replace("{provider}", "(?:supplier)"))
        except re.error as exc:
            raise BpolintError("E205", ctx.file, line, {"pattern": rx, "detail": str(exc)}) from None
        # A party macro becomes the document's names: model them as any run of words.
        check_backtracking(ctx, rx.replace("{customer}", _NAMES).replace("{provider}", _NAMES), line, rx)
    patterns = node.get("patterns", [])
    if not isinstance(patterns, list):
        raise ctx.fail("E203", node, "patterns", key="patterns", expected="a list of token patterns")
    out = []
    for i, pat in enumerate(patterns):
        lines = getattr(patterns, "item_lines", None)
        line = lines[i] if lines else line_of(node, "patterns")
        if not isinstance(pat, list) or not pat or not all(isinstance(t, dict) for t in pat):
            raise BpolintError("E206", ctx.file, line, {"detail": "a token pattern is a non-empty list of mappings"})
        for tok in pat:
            bad = [k for k in tok if k not in TOKEN_ATTRS]
            if bad:
                raise BpolintError("E206", ctx.file, line, {"detail": f"attribute {bad[0]!r} is not available in the default pipeline"})
            for rx in _token_regexes(tok):
                check_backtracking(ctx, rx, line)
        problem = validator([dict(t) for t in pat])
        if problem:
            raise BpolintError("E206", ctx.file, line, {"detail": problem})
        out.append(tuple(dict(t) for t in pat))
    return Pattern(phrases=phrases, patterns=tuple(out), regex=regexes)


def _token_regexes(node: Any) -> list[str]:
    """The ``{"REGEX": ...}`` predicates of a token pattern (``{"LOWER": {"REGEX": "..."}}``)."""
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k == "REGEX" and isinstance(v, str)]
        return found + [rx for k, v in node.items() if k != "REGEX" for rx in _token_regexes(v)]
    if isinstance(node, list):
        return [rx for v in node for rx in _token_regexes(v)]
    return []


def sub_pattern(ctx: Ctx, node: dict, key: str, validator) -> Pattern:
    """`not-inside:` / `unless:` take a list of phrases or a pattern mapping."""
    if key not in node:
        return Pattern()
    value = node[key]
    if isinstance(value, (list, str)):
        return Pattern(phrases=str_list(ctx, node, key))
    check_keys(ctx, value, PATTERN_KEYS, key)
    return parse_pattern(ctx, value, validator)


def parse_rule(raw: Any, ctx: Ctx, taxonomy: Taxonomy, ruleset: str, validator) -> Rule:
    """One rule mapping -> :class:`Rule`, section by section; the first problem is an error."""
    check_keys(ctx, raw, RULE_KEYS, "rule")
    for key in REQUIRED_RULE_KEYS:
        if key not in raw:
            raise ctx.fail("E204", raw, None, key=key)
    rid, name, topic, check = _identity(ctx, raw, taxonomy)
    detector = _detector(ctx, raw, check)
    return Rule(
        id=rid, name=name, topic=topic, title=typed(ctx, raw, "title", str, "a string"), check=check,
        service_types=_service_types(ctx, raw, taxonomy, ruleset), severity=_severity(ctx, raw),
        detect=_detect(ctx, raw, check, validator), message=_messages(ctx, raw),
        suggestion=typed(ctx, raw, "suggestion", str, "a string"), why=_why(ctx, raw),
        quantify=_quantify(ctx, raw, check), companion=_companion(ctx, raw, check, validator), detector=detector,
        options=parse_options(ctx, raw, check, detector), tests=parse_tests(ctx, raw, taxonomy),
        file=ctx.file, line=line_of(raw) or 0, ruleset=ruleset,
    )


def _identity(ctx: Ctx, raw: dict, taxonomy: Taxonomy) -> tuple[str, str, str, str]:
    rid = typed(ctx, raw, "id", str, "a string like SL01")
    ctx.rule = rid
    if not ID_RE.match(rid):
        raise ctx.fail("E210", raw, "id", value=rid, key="id", detail="use 2-4 capitals and 2-3 digits, e.g. SL01")
    name = typed(ctx, raw, "name", str, "a string")
    if not NAME_RE.match(name):
        raise ctx.fail("E210", raw, "name", value=name, key="name", detail="use lower-case words joined by '.' or '-'")
    topic = typed(ctx, raw, "topic", str, "a topic id")
    if topic not in taxonomy.topics:
        raise ctx.fail("E207", raw, "topic", topic=topic)
    check = typed(ctx, raw, "check", str, "a check kind")
    if check not in CHECK_KINDS:
        raise ctx.fail("E209", raw, "check", value=check, choices=", ".join(CHECK_KINDS))
    return rid, name, topic, check


def _service_types(ctx: Ctx, raw: dict, taxonomy: Taxonomy, ruleset: str) -> tuple[str, ...]:
    services = str_list(ctx, raw, "service-types") or (("all",) if ruleset == "common" else (ruleset,))
    for s in services:
        if s != "all" and s not in taxonomy.service_types:
            raise ctx.fail("E210", raw, "service-types", value=s, key="service-types",
                           detail="choose from all, " + ", ".join(taxonomy.service_types))
    return services


def _severity(ctx: Ctx, raw: dict) -> str | None:
    severity = typed(ctx, raw, "severity", str, "error, warning or info")
    if severity is not None and severity not in SEVERITIES:
        raise ctx.fail("E210", raw, "severity", value=severity, key="severity", detail="choose from error, warning, info")
    return severity


def _detect(ctx: Ctx, raw: dict, check: str, validator) -> Detect | None:
    if "detect" not in raw:
        if check != "hygiene":
            raise ctx.fail("E204", raw, None, key="detect")
        return None
    d = raw["detect"]
    check_keys(ctx, d, DETECT_KEYS, "detect")
    vocab = typed(ctx, d, "vocab", str, "a vocabulary name")
    detect = Detect(match=parse_pattern(ctx, d, validator), vocab=vocab,
                    not_inside=sub_pattern(ctx, d, "not-inside", validator),
                    unless=sub_pattern(ctx, d, "unless", validator),
                    headings=typed(ctx, d, "headings", bool, "true or false", True), parts=str_list(ctx, d, "parts"))
    if not detect.match and not vocab:
        raise ctx.fail("E204", d, None, key="phrases, patterns, regex or vocab")
    return detect


def _quantify(ctx: Ctx, raw: dict, check: str) -> Quantify | None:
    if check != "quantified":
        if "quantify" in raw:
            raise ctx.fail("E210", raw, "quantify", value="quantify", key="check", detail="only quantified rules take quantify")
        return None
    q = raw.get("quantify")
    if q is None:
        raise ctx.fail("E204", raw, None, key="quantify")
    check_keys(ctx, q, QUANTIFY_KEYS, "quantify")
    kinds = str_list(ctx, q, "kinds")
    for k in kinds:
        if k not in QUANTITY_KINDS:
            raise ctx.fail("E210", q, "kinds", value=k, key="kinds", detail="choose from " + ", ".join(sorted(QUANTITY_KINDS)))
    if not kinds:
        raise ctx.fail("E204", q, None, key="kinds")
    compare = typed(ctx, q, "compare", str, "a threshold such as \"<= 24 hours\"")
    if compare:
        try:
            parse_threshold(compare)
        except ValueError as exc:
            raise ctx.fail("E210", q, "compare", value=compare, key="compare", detail=str(exc)) from None
    scope = typed(ctx, q, "scope", str, "window, sentence or clause", "window")
    if scope not in ("window", "sentence", "clause"):
        raise ctx.fail("E210", q, "scope", value=scope, key="scope", detail="choose from window, sentence, clause")
    window = typed(ctx, q, "window", int, "a number of tokens", 25)
    return Quantify(kinds=kinds, window=window, compare=compare,
                    period=typed(ctx, q, "period", bool, "true or false", False), scope=scope)


def _companion(ctx: Ctx, raw: dict, check: str, validator) -> Companion | None:
    # conditional: the companion must accompany each hit; required/quantified/forbidden: a hit counts only with it
    if not (check == "conditional" or ("companion" in raw and check in ("required", "quantified", "forbidden"))):
        if "companion" in raw:
            raise ctx.fail("E210", raw, "companion", value="companion", key="check",
                           detail="only conditional, required, quantified and forbidden rules take a companion")
        return None
    c = raw.get("companion")
    if c is None:
        raise ctx.fail("E204", raw, None, key="companion")
    check_keys(ctx, c, COMPANION_KEYS, "companion")
    scope = typed(ctx, c, "scope", str, "sentence, clause or document", "sentence")
    if scope not in ("sentence", "clause", "document"):
        raise ctx.fail("E210", c, "scope", value=scope, key="scope", detail="choose from sentence, clause, document")
    companion = Companion(parse_pattern(ctx, c, validator), scope)
    if not companion.match:
        raise ctx.fail("E204", c, None, key="phrases, patterns or regex")
    return companion


def _detector(ctx: Ctx, raw: dict, check: str) -> str | None:
    detector = typed(ctx, raw, "detector", str, "a hygiene detector name")
    if check == "hygiene" and detector not in HYGIENE_DETECTORS:
        raise ctx.fail("E210", raw, "detector", value=detector, key="detector",
                       detail="choose from " + ", ".join(sorted(HYGIENE_DETECTORS)))
    if check != "hygiene" and detector is not None:
        raise ctx.fail("E210", raw, "detector", value=detector, key="check", detail="only hygiene rules take a detector")
    return detector


def parse_options(ctx: Ctx, raw: dict, check: str, detector: str | None) -> dict[str, Any]:
    """``options:`` checked against the check kind's table, with every default filled in."""
    table = options_for(check, detector)
    given = typed(ctx, raw, "options", dict, "a mapping", {}) or {}
    for key in given:
        if key not in table:
            allowed = ", ".join(sorted(table)) or "none"
            raise ctx.fail("E210", given, key, value=key, key="options",
                           detail=f"unknown option for a {check} rule (allowed: {allowed})")
    out: dict[str, Any] = {}
    for key, spec in table.items():
        out[key] = _option_value(ctx, given, key, spec) if key in given else spec.default
    return out


def _option_value(ctx: Ctx, node: dict, key: str, spec: Option) -> Any:
    value = node[key]
    bad = ctx.fail("E203", node, key, key=f"options.{key}", expected=spec.describe())
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise bad
        return value
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or spec.minimum is not None and value < spec.minimum:
            raise bad
        return value
    if spec.kind == "choice":
        if value not in spec.choices:
            raise bad
        return value
    if spec.kind == "str":
        if not isinstance(value, str):
            raise bad
        return value
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
        raise bad
    if spec.kind == "regex-list":
        lines = getattr(value, "item_lines", None) if isinstance(value, list) else None
        for i, rx in enumerate(items):
            line = lines[i] if lines else line_of(node, key)
            try:
                re.compile(rx)
            except re.error as exc:
                raise BpolintError("E205", ctx.file, line, {"pattern": rx, "detail": str(exc)}) from None
            check_backtracking(ctx, rx, line)
    return tuple(items)


def _why(ctx: Ctx, raw: dict) -> dict[str, str]:
    why = raw.get("why", {})
    if isinstance(why, str):
        why = {"all": why}
    if not isinstance(why, dict) or not all(isinstance(v, str) for v in why.values()):
        raise ctx.fail("E203", raw, "why", key="why", expected="a string or a mapping of service type to string")
    return dict(why)


def _messages(ctx: Ctx, raw: dict) -> dict[str, str]:
    message = raw["message"]
    if isinstance(message, str):
        message = {"default": message}
    if not isinstance(message, dict) or not message or not all(isinstance(v, str) for v in message.values()):
        raise ctx.fail("E203", raw, "message", key="message", expected="a string or a mapping of status to string")
    for k in message:
        if k not in MESSAGE_KEYS:
            raise ctx.fail("E202", message, k)
    return dict(message)


def parse_tests(ctx: Ctx, raw: dict, taxonomy: Taxonomy) -> tuple[RuleCase, ...]:
    tests = raw["tests"]
    if not isinstance(tests, dict):
        raise ctx.fail("E203", raw, "tests", key="tests", expected="a mapping of fail_/pass_/todo_ cases")
    cases = []
    for name, value in tests.items():
        if not re.match(r"^(fail|pass|todo)_[a-z0-9_]+$", str(name)):
            raise ctx.fail("E210", tests, name, value=name, key="tests", detail="case names start with fail_, pass_ or todo_")
        services: tuple[str, ...] = ()
        count = None
        if isinstance(value, dict):
            check_keys(ctx, value, {"text", "service-types", "count"}, name)
            text = typed(ctx, value, "text", str, "a string")
            services = str_list(ctx, value, "service-types")
            count = typed(ctx, value, "count", int, "a number")
        elif isinstance(value, str):
            text = value
        else:
            raise ctx.fail("E203", tests, name, key=name, expected="a string or a mapping with text")
        if not text or not text.strip():
            raise ctx.fail("E203", tests, name, key=name, expected="non-empty text")
        cases.append(RuleCase(name, text, services, count))
    return tuple(cases)


VOCAB_KEYS = {"vocab", "topic", "description", "entries", "marks-vague-mentions"}
ENTRY_KEYS = {"phrase", "variants", "suggestion", "unless", "note", "report"}


def parse_vocab(raw: Any, ctx: Ctx, taxonomy: Taxonomy, validator) -> Vocabulary:
    check_keys(ctx, raw, VOCAB_KEYS, "vocabulary")
    for key in ("vocab", "topic", "entries"):
        if key not in raw:
            raise ctx.fail("E204", raw, None, key=key)
    topic = raw["topic"]
    if topic not in taxonomy.topics:
        raise ctx.fail("E207", raw, "topic", topic=topic)
    entries = []
    if not isinstance(raw["entries"], list):
        raise ctx.fail("E203", raw, "entries", key="entries", expected="a list")
    for e in raw["entries"]:
        check_keys(ctx, e, ENTRY_KEYS, "entry")
        report = typed(ctx, e, "report", bool, "true or false", True)
        for key in ("phrase", "suggestion") if report else ("phrase",):
            if key not in e:
                raise ctx.fail("E204", e, None, key=key)
        entries.append(VocabEntry(
            phrase=typed(ctx, e, "phrase", str, "a string"), variants=str_list(ctx, e, "variants"),
            suggestion=typed(ctx, e, "suggestion", str, "a string", ""), topic=topic,
            unless=sub_pattern(ctx, e, "unless", validator), note=typed(ctx, e, "note", str, "a string"),
            report=report,
        ))
    return Vocabulary(raw["vocab"], topic, tuple(entries), ctx.file,
                      typed(ctx, raw, "marks-vague-mentions", bool, "true or false", False))
