"""What every check kind shares: the context it reads and the outcome it returns."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..match import Hit, HitIndex, vague_key
from ..model import Evidence, Finding, Location, Measure, Severity, Status
from ..quantities import find_quantities
from ..ruleset.model import Rule, Vocabulary
from ..segment import Segmentation, Sentence
from ..segment.segmenter import is_within
from ..taxonomy import Taxonomy

EVIDENCE_CHARS = 240
# A sentence that states something (a duty, a term, a meaning): a caption or a table
# header has no modal verb or copula.
STATEMENT = re.compile(r"\b(?:shall|will|must|may|agrees?|is|are|be|been|means|has|have|should|can)\b", re.I)
# What may stand before a defined term that opens its sentence: a clause label, quotes, brackets.
_DEFINITION_LEAD = re.compile(r"[\W_]*(?:\w{1,4}(?:\.\w{1,3})*[.)]?\s+)?[\"'(\[\s]*")
HEADING_SUBSTITUTE_BLOCKS = 4  # blocks under a heading searched for its first operative sentence
# Two or more table-of-contents entries in a row: "19.1 Notice 37 19.2 Escalation 37".
_CONTENTS_LINE = re.compile(r"(?:\b\d{1,2}(?:\.\d{1,2})*\.?\s+(?:[A-Z][\w,&'/-]*\s+){1,8}?\.*\s*\d{1,3}\b\s*){2,}")


_LABEL = re.compile(r"^\W*(?:\w{1,4}(?:\.\w{1,3})*[.)]\s+)?")
_MEASURES = {"percent", "duration", "money", "coverage", "period", "time", "time-range", "score"}


def _caption(block) -> bool:
    """A short capitalised line outside a table that states nothing and carries no figure:
    a title, a running head, a caption ("7.3 Security Breaches")."""
    text = block.text
    if block.kind == "table-row" or len(text) >= 100 or STATEMENT.search(text) or text.endswith((";", ",", ":")):
        return False
    if text.endswith(".") and len(text.split()) > 6:
        return False
    body = text[_LABEL.match(text).end():]
    return body[:1].isupper() and not any(q.kind in _MEASURES for q in find_quantities(text))


@dataclass
class CheckContext:
    seg: Segmentation
    hits: HitIndex
    taxonomy: Taxonomy
    service_types: tuple[str, ...]
    vocabularies: dict[str, Vocabulary]
    _sentences: dict[int, list[Sentence]] = field(default_factory=dict)
    _definitions: dict[int, list[int]] | None = None  # block -> start offsets of strong definitions
    _sentence_starts: dict[int, list[int]] = field(default_factory=dict, repr=False)
    # values a check derives from the whole document once, for every rule that asks (see ``memo``)
    _memo: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for s in self.seg.sentences:
            self._sentences.setdefault(s.block, []).append(s)
        self._sentence_starts = {b: [s.start for s in sents] for b, sents in self._sentences.items()}

    def memo(self, key, compute):
        """``compute()`` once per document for ``key``: what several rules derive alike."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def level(self, rule: Rule) -> str | None:
        return self.taxonomy.topics[rule.topic].level_for(self.service_types)

    def sentence(self, block: int, offset: int) -> Sentence:
        sents = self._sentences.get(block)
        if not sents:
            return Sentence(block, 0, len(self.seg.document.blocks[block].text), None)
        i = bisect.bisect_right(self._sentence_starts[block], offset) - 1
        return sents[max(i, 0)]

    def sentence_text(self, block: int, offset: int) -> str:
        s = self.sentence(block, offset)
        return self.seg.document.blocks[block].text[s.start:s.end]

    def clause_text(self, block: int, offset: int) -> str:
        """Text of the clause holding the hit, including its sub-clauses (capped)."""
        clause = self.seg.clause_at(block, offset)
        blocks = self.seg.document.blocks
        if clause is None:
            return blocks[block].text
        key = ("clause-text", clause.index)
        if key not in self._memo:
            parts, size = [], 0
            for b in blocks[clause.first_block:clause.last_block + 1]:
                parts.append(b.text)
                size += len(b.text) + 1
                if size > CLAUSE_TEXT_CHARS:
                    break  # enough for the cap: a top-level clause may run over the whole document
            self._memo[key] = " ".join(parts)[:CLAUSE_TEXT_CHARS]
        return self._memo[key]

    def vague_between(self, block: int, start: int, end: int) -> bool:
        """Whether a vague or weak qualifier (a vocabulary marked ``marks-vague-mentions``) stands in
        ``[start, end)`` of ``block``: its entry's own exceptions applied within its sentence, and not
        as part of a term the contract defines."""
        for name, vocab in self.vocabularies.items():
            if not vocab.marks_vague_mentions:
                continue
            key = vague_key(name)
            for h in _grouped(self, key, "vocab").in_block(block):
                if not start <= h.start < end:
                    continue
                if defined_term_at(self, h):
                    continue  # part of a term the contract defines ("Normal Working Hours")
                sent = self.sentence(block, h.start)
                if not any(u.entry == h.entry and sent.start <= u.start < sent.end
                           for u in _grouped(self, key, "vocab-unless").in_block(block)):
                    return True
        return False

    def is_heading(self, block: int) -> bool:
        b = self.seg.document.blocks[block]
        return b.kind in ("heading", "title") or (len(b.text) < 80 and b.text.isupper())

    def mention_kind(self, block: int, offset: int) -> str:
        """What the sentence at ``offset`` is: ``heading`` (a heading or a bare caption),
        ``definition`` (a defined term opens it) or ``operative``."""
        b = self.seg.document.blocks[block]
        if self.is_heading(block) or _caption(b) or _CONTENTS_LINE.search(self.sentence_text(block, offset)):
            return "heading"
        if self.opens_with_definition(block, offset):
            return "definition"
        return "operative"

    def opens_with_definition(self, block: int, offset: int) -> bool:
        """The sentence at ``offset`` defines a term ("1.1 "Personal Data Breach" has the meaning ...")."""
        if self._definitions is None:
            self._definitions = {}
            for d in self.seg.definitions:
                if d.strong:
                    self._definitions.setdefault(d.block, []).append(d.start)
        sent = self.sentence(block, offset)
        text = self.seg.document.blocks[block].text
        return any(sent.start <= start < sent.end and _DEFINITION_LEAD.fullmatch(text[sent.start:start])
                   for start in self._definitions.get(block, ()))


CLAUSE_TEXT_CHARS = 6000


@dataclass
class Outcome:
    rule: Rule
    status: Status | None = None  # None: the rule had nothing to say (a conditional rule with no trigger)
    findings: list[Finding] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)  # figures a quantified rule accepted


_CAPS_LEFT = re.compile(r"(?:[A-Z][\w-]*\s+)+$")
_CAPS_RIGHT = re.compile(r"^(?:\s+[A-Z][\w-]*)+")
_ACRONYM = re.compile(r"(?:\s+[a-z]+){0,2}\s*\(\s*(?:the\s+)?[\"\u201c]?[A-Z][A-Za-z]*[A-Z][\"\u201d]?\s*\)")

def defined_term_at(ctx: CheckContext, hit: Hit) -> bool:
    """The hit is part of a capitalised term that the contract defines."""
    text = ctx.seg.document.blocks[hit.block].text
    if not text[hit.start:hit.start + 1].isupper():
        return False
    left = _CAPS_LEFT.search(text[max(0, hit.start - 60):hit.start])
    right = _CAPS_RIGHT.match(text[hit.end:hit.end + 60])
    phrase = ((left.group(0) if left else "") + text[hit.start:hit.end] + (right.group(0) if right else "")).lower()
    core = text[hit.start:hit.end].lower()
    if right is None and _ACRONYM.match(text[hit.end:hit.end + 20]) or right and _ACRONYM.match(text[hit.end + right.end():][:20]):
        return True  # defined in place: "Acceptable Quality Level (AQL)"
    terms = ctx.memo("primary-terms", lambda: [d.term.lower() for d in ctx.seg.definitions if d.primary])
    return any(term in phrase or core in term for term in terms)


def overlaps(a: Hit, b: Hit) -> bool:
    return a.block == b.block and a.start < b.end and b.start < a.end


def merge_overlapping(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits (same block), in document order."""
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.block, h.start, -h.end)):
        if kept and kept[-1].block == h.block and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept


class HitsByBlock:
    """Hits grouped by block, for the "is there one of these near this hit" questions that
    would otherwise compare every hit with every other."""

    def __init__(self, hits: list[Hit]) -> None:
        self.by_block: dict[int, list[Hit]] = {}
        for h in hits:
            self.by_block.setdefault(h.block, []).append(h)
        self.blocks = sorted(self.by_block)

    def __bool__(self) -> bool:
        return bool(self.by_block)

    def add(self, hit: Hit) -> None:
        if hit.block not in self.by_block:
            bisect.insort(self.blocks, hit.block)
        self.by_block.setdefault(hit.block, []).append(hit)

    def in_block(self, block: int) -> list[Hit]:
        return self.by_block.get(block, [])

    def starting_in(self, block: int, start: int, end: int) -> bool:
        """A hit in ``block`` that starts in [start, end)."""
        return any(start <= c.start < end for c in self.by_block.get(block, ()))

    def overlapping(self, hit: Hit) -> bool:
        return any(overlaps(hit, b) for b in self.by_block.get(hit.block, ()))

    def between(self, first: int, last: int) -> list[Hit]:
        """Hits in blocks first..last (inclusive), in block order."""
        lo = bisect.bisect_left(self.blocks, first)
        hi = bisect.bisect_right(self.blocks, last)
        return [h for b in self.blocks[lo:hi] for h in self.by_block[b]]


def _grouped(ctx: CheckContext, rule: str, role: str) -> HitsByBlock:
    return ctx.memo(("hits-by-block", rule, role), lambda: HitsByBlock(ctx.hits.get(rule, role)))


def companion_in_scope(ctx: CheckContext, hit: Hit, companions: list[Hit] | HitsByBlock, scope: str) -> bool:
    """Is one of ``companions`` in the same sentence, clause or document as ``hit``?"""
    if not companions:
        return False
    if scope == "document":
        return True
    near = companions if isinstance(companions, HitsByBlock) else HitsByBlock(companions)
    if scope == "sentence":
        sent = ctx.sentence(hit.block, hit.start)
        return near.starting_in(hit.block, sent.start, sent.end)
    clause = ctx.seg.clause_at(hit.block, hit.start)
    if clause is None:
        return bool(near.in_block(hit.block))
    for c in near.between(clause.first_block, clause.last_block):
        home = ctx.seg.clause_at(c.block, c.start)
        if home is not None and is_within(ctx.seg.clauses, home.index, clause.index):
            return True
    return False


def detect_hits(rule: Rule, ctx: CheckContext, role: str = "detect") -> list[Hit]:
    """Hits of a rule's detect patterns, after its exceptions, merged to the longest.

    Exceptions: a hit overlapping a ``not-inside`` match, or in a sentence with an
    ``unless`` match, is dropped. For checks other than ``conditional``, a
    ``companion`` is a requirement: a hit counts only with its companion in scope.
    """
    hits = ctx.hits.get(rule.id, role)
    if not hits or rule.detect is None:
        return hits
    blockers = _grouped(ctx, rule.id, "not-inside")
    unless = _grouped(ctx, rule.id, "unless")
    need = rule.companion if rule.companion and rule.check != "conditional" else None
    companions = _grouped(ctx, rule.id, "companion") if need else HitsByBlock([])
    blocks = ctx.seg.document.blocks
    out = []
    for h in hits:
        if need and not companion_in_scope(ctx, h, companions, need.scope):
            continue
        if blockers.overlapping(h):
            continue
        if unless:
            sent = ctx.sentence(h.block, h.start)
            if unless.starting_in(h.block, sent.start, sent.end):
                continue
        if not rule.detect.headings and ctx.is_heading(h.block):
            continue
        if rule.detect.parts and blocks[h.block].part not in rule.detect.parts:
            continue
        out.append(h)
    return merge_overlapping(out)


@dataclass(frozen=True)
class Quote:
    """A quote in the document's own characters and the canonical span of its characters."""

    text: str
    span: tuple[int, int]


def quote(ctx: CheckContext, hit: Hit) -> str:
    """The sentence around a hit, trimmed around the hit to a readable length."""
    return quote_at(ctx, hit.block, hit.start, hit.end).text


def quote_at(ctx: CheckContext, block: int, start: int, end: int) -> Quote:
    """The sentence around [start, end) in ``block``, trimmed to a readable length.

    The range is chosen on the clean text; the characters are the document's own, so
    the quote can be found again in the original (curly quotes, en dashes).
    """
    sent = ctx.sentence(block, start)
    b = ctx.seg.document.blocks[block]
    text = b.text
    s, e = sent.start, max(sent.end, end)
    if e - s < 60 and e < len(text):
        # a heading-like sentence ("4.2 Minimum Commitment."): quote the sentence that follows too
        e = ctx.sentence(block, e + 1).end if e + 1 < len(text) else len(text)
    lead = trail = ""
    if e - s > EVIDENCE_CHARS:
        left = max(s, start - EVIDENCE_CHARS // 2)
        right = min(e, left + EVIDENCE_CHARS)
        left = max(s, right - EVIDENCE_CHARS)
        trimmed_left, trimmed_right = left > s, right < e
        while left < right and text[left] == " ":
            left += 1
        while right > left and text[right - 1] == " ":
            right -= 1
        if trimmed_left:
            cut = text.find(" ", left, right)  # start on a whole word
            left, lead = (cut + 1 if cut >= 0 else left), "\u2026"
        if trimmed_right:
            cut = text.rfind(" ", left, right)  # end on a whole word
            right, trail = (cut if cut > left else right), "\u2026"
        s, e = left, right
    while s < e and text[s] == " ":
        s += 1
    while e > s and text[e - 1] == " ":
        e -= 1
    return Quote(lead + ctx.seg.document.original(b, s, e) + trail, b.canonical_span(s, e))


def location(ctx: CheckContext, hit: Hit) -> Location:
    return ctx.seg.location(hit.block, hit.start, hit.end)


def default_severity(rule: Rule, status: Status | None, level: str | None) -> Severity:
    if rule.severity:
        return Severity(rule.severity)
    if status in (Status.MISSING, Status.UNQUANTIFIED, Status.VAGUE) and rule.check in ("required", "quantified"):
        return Severity.ERROR if level == "required" else Severity.WARNING
    return Severity.WARNING


_FIELD = re.compile(r"\{(\w+)\}")


def render(template: str, **values: object) -> str:
    return _FIELD.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def make_finding(rule: Rule, ctx: CheckContext, status: Status, *, hit: Hit | None = None,
                 loc: Location | None = None, evidence: str = "", suggestion: str | None = None,
                 severity: Severity | None = None, message_key: str | None = None, **values: object) -> Finding:
    """A finding of ``rule`` supporting topic ``status``; the message is the rule's message for
    ``message_key`` (default: the status), filled with ``values``."""
    level = ctx.level(rule)
    span = None
    if hit is not None:
        loc = location(ctx, hit)
        if not evidence:
            q = quote_at(ctx, hit.block, hit.start, hit.end)
            evidence, span = q.text, q.span
        values.setdefault("match", ctx.seg.document.blocks[hit.block].text[hit.start:hit.end])
    topic = ctx.taxonomy.topics[rule.topic]
    values.setdefault("evidence", evidence)
    values.setdefault("topic", topic.title)
    values.setdefault("services", ", ".join(ctx.service_types) or "outsourcing")
    message = render(rule.message_for(message_key or status.value), **values)
    why = rule.why_for(ctx.service_types)
    if why:
        message = f"{message} {render(why, **values)}"
    return Finding(
        rule=rule.id, topic=rule.topic, severity=severity or default_severity(rule, status, level),
        message=message, suggestion=suggestion if suggestion is not None else rule.suggestion,
        evidence=evidence, location=loc or ctx.seg.document_start(), rule_name=rule.name, status=status,
        evidence_span=span,
    )


def evidence_for(ctx: CheckContext, hit: Hit, kind: str | None = None) -> Evidence:
    return evidence_at(ctx, hit.block, hit.start, hit.end, kind)


def evidence_at(ctx: CheckContext, block: int, start: int, end: int, kind: str | None = None) -> Evidence:
    q = quote_at(ctx, block, start, end)
    return Evidence(q.text, ctx.seg.location(block, start, end), kind or ctx.mention_kind(block, start), q.span)


def choose_evidence(ctx: CheckContext, hits: list[Hit], limit: int = 3) -> list[Evidence]:
    """Evidence for a topic status: operative sentences, never a definition or a heading alone.

    A heading stands for the clause it opens, so its first operative sentence is quoted
    instead. Definitions and bare headings are kept, marked by their ``kind``, only when
    nothing else mentions the topic: the report then says so.
    """
    operative: list[Evidence] = []
    weak: list[Evidence] = []
    for h in hits:
        kind = ctx.mention_kind(h.block, h.start)
        if kind == "heading":
            body = heading_body(ctx, h.block)
            if body is not None:
                operative.append(evidence_at(ctx, body[0], body[1], body[1], "operative"))
                continue
        (operative if kind == "operative" else weak).append(evidence_for(ctx, h, kind))
    return distinct(operative or weak)[:limit]


def operative_first(ctx: CheckContext, hits: list[Hit]) -> Hit:
    """The first hit in an operative sentence, else the first hit: the one a finding quotes."""
    return next((h for h in hits if ctx.mention_kind(h.block, h.start) == "operative"), hits[0])


def heading_body(ctx: CheckContext, block: int) -> tuple[int, int] | None:
    """(block, offset) of the first operative sentence in the clause a heading opens."""
    blocks = ctx.seg.document.blocks
    clause = ctx.seg.clause_at(block, len(blocks[block].text))
    last = clause.last_block if clause is not None else len(blocks) - 1
    for b in range(block + 1, min(last, block + HEADING_SUBSTITUTE_BLOCKS) + 1):
        if ctx.is_heading(b):
            if clause is None:
                return None  # the next heading: this one opens nothing
            continue  # a sub-heading inside the clause
        sent = ctx.sentence(b, 0)
        sentence = blocks[b].text[sent.start:sent.end]
        if STATEMENT.search(sentence) and ctx.mention_kind(b, sent.start) == "operative":
            return b, sent.start
    return None


def distinct(evidence: list[Evidence]) -> list[Evidence]:
    seen: set = set()
    out = []
    for e in evidence:
        key = e.span or (e.quote, e.location.line)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
