"""From a draft's findings to the rows of an issues list.

One row per point to raise:

* a required or recommended term that is missing, not measurable or vague (one row per
  topic, from the finding behind its status);
* a figure that falls short of the playbook (below the walk-away: must-have; between the
  walk-away and the target: important);
* each risky, one-sided or vague clause (one row per rule and clause, however many
  times the rule fired there);
* drafting defects, one row per class (placeholders, broken references ...), listing
  every clause they occur in.

Only findings make rows, so a waiver or an inline suppression also keeps a point off the
list. Priorities come from the topic's level for the draft's service types and the
finding's severity; the list is sorted must-haves first, then in the draft's order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..checks.base import render
from ..config import PlaybookTerm
from ..model import FileReport, Finding, Location, Severity, Status, TopicResult
from ..ruleset import RuleSet
from ..taxonomy import LEVEL_RANK
from .asks import side_for
from .model import ClauseRef, Comparison, Priority, Row
from ..quantities import span_of
from .playbook import Verdict, compare, fill, terms_for

QUOTE_CHARS = 160
STATUS_FINDINGS = (Status.MISSING, Status.UNQUANTIFIED, Status.VAGUE)
_LEADING_LABEL = re.compile(r"^\s*(?:\(?[0-9]{1,3}(?:\.[0-9]{1,3})*[.)]?|\([a-z]{1,3}\)|\([ivxlc]{1,6}\))\s+", re.I)
_OTHER = {"customer": "supplier", "supplier": "customer"}


@dataclass(frozen=True)
class Context:
    """What every row needs: the draft's report, its rules and taxonomy, the side and its positions."""

    report: FileReport
    ruleset: RuleSet
    party: str
    terms: tuple[PlaybookTerm, ...]

    @property
    def services(self) -> tuple[str, ...]:
        return self.report.detection.service_types


def build_rows(report: FileReport, ruleset: RuleSet, party: str, company_playbook=None) -> list[Row]:
    """The issues list's rows for one draft, sorted and numbered."""
    ctx = Context(report, ruleset, party, terms_for(company_playbook, report.detection.service_types, party))
    by_topic: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_topic.setdefault(f.topic, []).append(f)
    rows: list[Row] = []
    used: set[int] = set()  # ids of findings already behind a row
    for t in report.topics:
        if ctx.ruleset.taxonomy.topics[t.topic].kind != "requirement":
            continue
        findings = by_topic.get(t.topic, [])
        status_finding = next((f for f in findings if f.status is t.status and t.status in STATUS_FINDINGS
                               and _check(ctx, f) in ("required", "quantified")), None)
        if status_finding is not None:
            others = [f for f in findings if f is not status_finding and f.status is t.status
                      and _check(ctx, f) in ("required", "quantified")]
            rows.append(_term_row(ctx, t, status_finding, others))
            used.update(id(f) for f in [status_finding, *others])
        elif t.status is Status.PRESENT:
            limits = [f for f in findings if f.status is Status.PRESENT and _check(ctx, f) == "quantified"]
            for verdict in compare(t, ctx.terms):
                if verdict.result != "meets":
                    rows.append(_playbook_row(ctx, t, verdict, limits))
                    used.update(id(f) for f in limits)
    rest = [f for f in report.findings if id(f) not in used]
    rest = _merge_wording(ctx, rows, rest)
    rows.extend(_drafting_rows(ctx, [f for f in rest if _kind(ctx, f) == "hygiene"]))
    rows.extend(_clause_rows(ctx, [f for f in rest if _kind(ctx, f) != "hygiene"]))
    return number(rows)


def number(rows: list[Row]) -> list[Row]:
    """Must-haves first, then important, then nice-to-have; within each, in the draft's order,
    new clauses last in the taxonomy's order."""
    def order(r: Row) -> tuple:
        first = r.clauses[0].line if r.clauses else 10**9
        return (r.priority.rank, first, r.topic, r.rules)
    return [replace(r, number=i) for i, r in enumerate(sorted(rows, key=order), start=1)]


# --- rows of each kind ---------------------------------------------------------------


def _term_row(ctx: Context, t: TopicResult, f: Finding, others: list[Finding]) -> Row:
    """A term the draft lacks, cannot measure or leaves vague; ``others`` are further findings
    of the same gap (a second rule for the topic), whose wording joins the ask."""
    topic = ctx.ruleset.taxonomy.topics[t.topic]
    terms = [x for x in ctx.terms if x.topic == t.topic]
    clauses = () if f.status is Status.MISSING else (clause_ref(f.location),)
    ask, fallback = _ask_and_fallback(ctx, f, terms)
    extra = [a for a in dict.fromkeys(_ask_and_fallback(ctx, g, terms)[0] for g in others) if a != ask]
    if extra:
        ask = " ".join([ask, *extra])
    findings = [f, *others]
    return Row(0, "term", t.topic, topic.title, clauses, issue_sentence(ctx, f), _why(ctx, f), ask, fallback,
               priority_of(t.level, max((g.severity for g in findings), key=lambda s: s.rank)),
               tuple(dict.fromkeys(g.rule for g in findings)), tuple(g.fingerprint for g in findings))


def _playbook_row(ctx: Context, t: TopicResult, v: Verdict, limits: list[Finding]) -> Row:
    topic = ctx.ruleset.taxonomy.topics[t.topic]
    term = v.term
    m, amount = v.measure, v.amount
    assert m is not None and amount is not None and term.target is not None and term.walk_away is not None
    name = term.name or topic.title
    shown = str(span_of(amount))  # what the figure can stand for: 3 business days are 72 to 120 hours
    written = " ".join(m.text.split())
    as_range = "" if shown == str(amount) else f" ({shown})"
    if v.result == "not compared":
        issue = (f"{name}: the draft's {written} was not compared with the playbook's {term.target} "
                 f"({v.note}); check it by hand.")
        priority = Priority.IMPORTANT
    elif v.result == "below":
        issue = (f"{name}: the draft's {written}{as_range} is worse than the least we can accept "
                 f"({term.walk_away}; our target is {term.target}).")
        priority = Priority.MUST
    else:
        issue = (f"{name}: the draft's {written}{as_range} falls short of our target of {term.target} "
                 f"(the least we can accept is {term.walk_away}).")
        priority = Priority.IMPORTANT
    rule = _quantified_rule(ctx, t.topic)
    suggestion = rule.suggestion if rule else None
    ask = term.preferred or (fill(suggestion, term, term.target) if suggestion else None) or \
        f"{name}: {term.target}."
    relaxed = suggestion and not term.preferred and fill(suggestion, term, term.target) is not None \
        and str(term.walk_away) != str(term.target)
    fallback = term.fallback or (relaxed_ask(ctx, t.topic, [term]) if relaxed else None) or \
        f"{name}: no worse than {term.walk_away}."
    why = _playbook_why(ctx, t.topic, rule, term)
    comparison = Comparison(name, written, shown, str(term.target), str(term.walk_away), v.result, v.note,
                            term.source)
    return Row(0, "playbook", t.topic, topic.title, (clause_ref(m.location),), issue, why, ask, fallback, priority,
               tuple(dict.fromkeys(f.rule for f in limits)) or ((rule.id,) if rule else ()),
               tuple(f.fingerprint for f in limits), comparison)


def _merge_wording(ctx: Context, rows: list[Row], findings: list[Finding]) -> list[Finding]:
    """A vague or weak word in the very sentence a term row is about joins that row: the ask
    rewrites the sentence anyway, and the reviewer fixes the clause once."""
    by_sentence = {}
    for i, r in enumerate(rows):
        for f in ctx.report.findings:
            if r.kind == "term" and f.fingerprint in r.fingerprints and f.status is not Status.MISSING:
                by_sentence.setdefault((f.location.line, " ".join(f.evidence.split())), i)
    rest = []
    for f in findings:
        i = by_sentence.get((f.location.line, " ".join(f.evidence.split()))) if _kind(ctx, f) == "wording" else None
        if i is None:
            rest.append(f)
        else:
            rows[i] = replace(rows[i], rules=tuple(dict.fromkeys((*rows[i].rules, f.rule))),
                              fingerprints=(*rows[i].fingerprints, f.fingerprint))
    return rest


def _clause_rows(ctx: Context, findings: list[Finding]) -> list[Row]:
    """Risky, one-sided and vague clauses: one row per rule and clause."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule, _clause_key(f.location)), []).append(f)
    rows = []
    for group in groups.values():
        f = group[0]
        topic = ctx.ruleset.taxonomy.topics[f.topic]
        kind = "wording" if topic.kind == "wording" else "clause"
        clauses = () if f.status is Status.MISSING and f.location.line == 1 and not f.location.clause \
            else (clause_ref(f.location),)
        if len(group) == 1:
            issue = issue_sentence(ctx, f)
            ask, fallback = _ask_and_fallback(ctx, f)
        else:
            heads = list(dict.fromkeys(_head(ctx, g) for g in group))
            issue = f"{_head(ctx, f) if len(heads) == 1 else '; '.join(heads[:4])} ({len(group)} times in this clause)."
            asks = list(dict.fromkeys(_ask_and_fallback(ctx, g)[0] for g in group))
            ask = " ".join(asks[:4])
            fallback = _ask_and_fallback(ctx, f)[1]
        level = ctx.ruleset.taxonomy.topics[f.topic].level_for(ctx.services) or "recommended"
        severity = max((g.severity for g in group), key=lambda s: s.rank)
        rows.append(Row(0, kind, f.topic, topic.title, clauses, issue, _why(ctx, f), ask, fallback,
                        priority_of(level, severity), (f.rule,), tuple(g.fingerprint for g in group)))
    return rows


def _drafting_rows(ctx: Context, findings: list[Finding]) -> list[Row]:
    """Drafting defects grouped into one row per class, with every clause they occur in."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.topic, []).append(f)
    rows = []
    for topic_id, group in groups.items():
        topic = ctx.ruleset.taxonomy.topics[topic_id]
        refs = list(dict.fromkeys(clause_ref(f.location) for f in group))
        heads = _without_common_start(list(dict.fromkeys(_head(ctx, f) for f in group)))
        shown = "; ".join(heads[:4]) + ("; ..." if len(heads) > 4 else "")
        issue = f"{topic.title} ({len(group)} in the draft): {shown}."
        f = group[0]
        side = side_for(topic_id, ctx.party)
        rule = ctx.ruleset.rule(f.rule)
        ask = (side.ask if ctx.party == "supplier" and side.ask else None) or (rule.suggestion if rule else None) \
            or f.suggestion or "Correct each occurrence before signature."
        fallback = side.fallback or "Correct each occurrence before signature."
        level = topic.level_for(ctx.services) or "recommended"
        severity = max((g.severity for g in group), key=lambda s: s.rank)
        rows.append(Row(0, "drafting", topic_id, topic.title, tuple(refs), issue, _why(ctx, f),
                        " ".join(ask.split()), fallback, priority_of(level, severity),
                        tuple(dict.fromkeys(g.rule for g in group)), tuple(g.fingerprint for g in group)))
    return rows


# --- the words of a row ----------------------------------------------------------------


def priority_of(level: str, severity: Severity) -> Priority:
    """Required terms reported as errors are must-haves; required-and-warning or
    recommended-and-error are important; the rest (and anything informational) nice-to-have."""
    score = LEVEL_RANK.get(level, 1) + severity.rank
    return Priority.MUST if score >= 5 else Priority.IMPORTANT if score == 4 else Priority.NICE


def clause_ref(loc: Location) -> ClauseRef:
    # a text or Markdown draft's lines are the file's own; a DOCX or PDF's are bpolint's canonical text
    return ClauseRef(loc.clause, loc.heading, loc.line, loc.page, loc.file.lower().endswith((".txt", ".md")))


def _clause_key(loc: Location) -> tuple:
    return (loc.clause, loc.heading) if loc.clause or loc.heading else ("line", loc.line)


def _check(ctx: Context, f: Finding) -> str | None:
    rule = ctx.ruleset.rule(f.rule)
    return rule.check if rule else None


def _kind(ctx: Context, f: Finding) -> str:
    return ctx.ruleset.taxonomy.topics[f.topic].kind


def _rule_why(ctx: Context, f: Finding) -> str | None:
    rule = ctx.ruleset.rule(f.rule)
    why = rule.why_for(ctx.services) if rule else None
    if not why:
        return None
    topic = ctx.ruleset.taxonomy.topics[f.topic]
    return " ".join(render(why, topic=topic.title, services=", ".join(ctx.services) or "outsourcing").split())


def _why(ctx: Context, f: Finding) -> str:
    if ctx.party == "supplier":
        side = side_for(f.topic, "supplier")
        if side.why:
            return side.why
    return _rule_why(ctx, f) or ctx.ruleset.taxonomy.topics[f.topic].title + "."


def _playbook_why(ctx: Context, topic_id: str, rule, term: PlaybookTerm) -> str:
    base = None
    if ctx.party == "supplier":
        base = side_for(topic_id, "supplier").why
    elif rule is not None:
        why = rule.why_for(ctx.services)
        base = " ".join(why.split()) if why and "{" not in why else None
    source = f" Source of the figures: {term.source}" if term.source else ""
    return (base or ctx.ruleset.taxonomy.topics[topic_id].title + ".") + source


def _quantified_rule(ctx: Context, topic_id: str):
    return next((r for r in ctx.ruleset.for_services(ctx.services) if r.topic == topic_id
                 and r.check == "quantified"), None)


def _ask_and_fallback(ctx: Context, f: Finding, terms: list[PlaybookTerm] | None = None) -> tuple[str, str]:
    """Our ask (ready to paste) and the least we would accept, for ``ctx.party``.

    The playbook's wording wins; otherwise the rule's suggestion (the customer's) or the
    supplier's ask, with each measurable position's target filled into the bracketed
    figure it is about, and its walk-away into the same wording for the fallback.
    """
    terms = terms or []
    side = side_for(f.topic, ctx.party)
    suggestion = for_services(" ".join((f.suggestion or "").split()), ctx.services) or None
    preferred = next((t.preferred for t in terms if t.preferred), None)
    base = (side.ask or suggestion) if ctx.party == "supplier" else (suggestion or side.ask)
    ask = preferred or base
    fallback = next((t.fallback for t in terms if t.fallback), None)
    measurable = [t for t in terms if t.measurable]
    if measurable and base:
        filled, relaxed = base, []
        for t in measurable:
            done = fill(filled, t, t.target)
            if done is not None:
                filled = done
                if str(t.walk_away) != str(t.target):
                    relaxed.append(t)
        if not preferred:
            ask = filled
        if fallback is None and relaxed and filled != base:
            fallback = relaxed_ask(ctx, f.topic, relaxed)
    fallback = fallback or side.fallback or _generic_fallback(ctx, f)
    return ask or _generic_fallback(ctx, f), fallback


def relaxed_ask(ctx: Context, topic_id: str, terms: list[PlaybookTerm]) -> str:
    """The fallback where the ask carries playbook figures: the same wording at the walk-away."""
    title = ctx.ruleset.taxonomy.topics[topic_id].title
    parts = [f"{_lower(t.name or title)} of {t.walk_away} instead of {t.target}" for t in terms]
    return "Our ask, but with " + (", and ".join(parts) if len(parts) < 3 else ", ".join(parts)) + "."


def _lower(name: str) -> str:
    """ "Recovery time objective" -> "recovery time objective"; acronyms keep their capitals."""
    first = name.split(" ", 1)[0]
    return name if first.isupper() and len(first) > 1 else name[:1].lower() + name[1:]


# Suggested wording with variants per kind of service: 'Contact centre: "..." IT: "..."'.
_VARIANT_LABELS = {"contact centre": "customer-support", "contact center": "customer-support",
                   "it": "it-services", "finance": "finance-accounting", "back office": "back-office"}
_VARIANT = re.compile(r'(?:^|(?<=[.!?"”])\s+)(' + "|".join(map(re.escape, _VARIANT_LABELS)) + r'):\s+(?=["“])',
                      re.I)


def for_services(wording: str, services: tuple[str, ...]) -> str:
    """Only the variants of the wording that fit the draft's service types (all of them when none fits)."""
    marks = list(_VARIANT.finditer(wording))
    if len(marks) < 2:
        return wording
    parts = [(_VARIANT_LABELS[m.group(1).lower()], wording[m.end():(marks[i + 1].start() if i + 1 < len(marks)
                                                                     else len(wording))].strip())
             for i, m in enumerate(marks)]
    chosen = [text for service, text in parts if service in services]
    return " ".join(chosen) if chosen else wording


def _generic_fallback(ctx: Context, f: Finding) -> str:
    topic = ctx.ruleset.taxonomy.topics[f.topic]
    return f"A clause on {topic.title[:1].lower() + topic.title[1:]} with the figure left open, to be fixed by a stated date."


def issue_sentence(ctx: Context, f: Finding) -> str:
    """The finding's message as one plain sentence: without the rule's reason (the row has its
    own column for that), with the draft's words quoted short and without their clause number."""
    text = " ".join(f.message.split())
    why = _rule_why(ctx, f)
    if why and text.endswith(why):
        text = text[: -len(why)].rstrip()
    evidence = " ".join(f.evidence.split())
    if evidence and evidence in text:
        text = text.replace(evidence, short_quote(evidence))
    return text if text.endswith((".", "?", "!", '"', "\u201d")) else text + "."


def _head(ctx: Context, f: Finding) -> str:
    """The message up to its quote of the draft: 'Unfilled placeholder "[insert date]"'."""
    text = issue_sentence(ctx, f)
    evidence = short_quote(" ".join(f.evidence.split()))
    for form in (f': "{evidence}"', f' "{evidence}"', f": \u201c{evidence}\u201d"):
        if form in text:
            text = text.replace(form, "")
    return text.rstrip(".")


def _without_common_start(heads: list[str]) -> list[str]:
    """ 'Unfilled placeholder "TBD"', 'Unfilled placeholder "[date]"' -> '"TBD"', '"[date]"': the
    words every item starts with, up to its first quote, are the row's title already."""
    first = heads[0].split('"', 1)[0] if heads and '"' in heads[0] else ""
    if first and all(h.startswith(first) for h in heads):
        return [h[len(first):] for h in heads]
    return heads


def short_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The draft's words as a row quotes them: no clause number, no closing full stop, short."""
    t = _LEADING_LABEL.sub("", text.strip()).strip().rstrip(".;:,")
    if len(t) <= limit:
        return t
    cut = t[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "\u2026"


def other_party(party: str) -> str:
    return _OTHER[party]


__all__ = ["build_rows", "clause_ref", "issue_sentence", "other_party", "priority_of", "short_quote"]
