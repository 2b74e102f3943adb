"""The rules reference, generated from the rule files (``bpolint rules doc``)."""
from __future__ import annotations

from .ruleset import RuleSet

CHECK_TEXT = {
    "required": "Fires when the topic is found nowhere in the contract.",
    "quantified": "Fires when the topic is missing, or mentioned without a number and unit ({kinds}) near it.",
    "vague": "Fires on each vague or weak expression that governs an obligation (vocabulary: {vocab}).",
    "forbidden": "Fires on each risky expression found.",
    "conditional": "Fires where the wording is present but its companion safeguard is not (in the same {scope}).",
    "hygiene": "Drafting check in code: {detector}.",
}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quote(text: str) -> str:
    return "> " + _one_line(text).replace("|", "\\|")


def rules_reference(rs: RuleSet) -> str:
    out = ["# bpolint rules reference", "",
           "Generated from the rule files by `bpolint rules doc`; do not edit by hand.", "",
           f"{len(rs.rules)} rules over {len(rs.covered_topics())} of {len(rs.taxonomy.topics)} taxonomy topics.", ""]
    by_topic: dict[str, list] = {}
    for r in rs.rules:
        by_topic.setdefault(r.topic, []).append(r)
    out += ["| rule | topic | check | service types | title |", "| --- | --- | --- | --- | --- |"]
    for r in rs.rules:
        out.append(f"| [{r.id}](#{r.id.lower()}) | {r.topic} | {r.check} | {', '.join(r.service_types)} | {r.title} |")
    out.append("")
    for topic in rs.taxonomy.topics.values():
        rules = by_topic.get(topic.id)
        if not rules:
            continue
        out += [f"## {topic.id}: {topic.title}", ""]
        levels = ", ".join(f"{k}: {v}" for k, v in topic.levels.items())
        out.append(f"Kind: {topic.kind}. Levels: {levels}." + (f" Quantified means: {topic.measure}." if topic.measure else ""))
        out.append("")
        for r in rules:
            out += [f"### {r.id}", "", f"**{r.title}** (`{r.name}`, {r.check}, service types: {', '.join(r.service_types)}, "
                    f"severity: {r.severity or 'by topic level'})", ""]
            what = CHECK_TEXT[r.check].format(
                kinds=", ".join(r.quantify.kinds) if r.quantify else "",
                vocab=r.detect.vocab if r.detect else "", scope=r.companion.scope if r.companion else "",
                detector=r.detector or "")
            out.append(what)
            if r.detect and r.detect.match.phrases:
                shown = ", ".join(f"“{p}”" for p in r.detect.match.phrases[:8])
                more = f" and {len(r.detect.match.phrases) - 8} more" if len(r.detect.match.phrases) > 8 else ""
                out.append(f"Looks for: {shown}{more}.")
            out.append("")
            why = r.why_for(()) or next(iter(r.why.values()), None)
            if why:
                out += [f"Why it matters: {_one_line(why)}", ""]
            fail = next((c for c in r.tests if c.expect == "fail"), None)
            ok = next((c for c in r.tests if c.expect == "pass"), None)
            if fail:
                out += ["Fails:", "", _quote(fail.text), ""]
            if ok:
                out += ["Passes:", "", _quote(ok.text), ""]
            if r.suggestion:
                out += [f"Suggested wording: {_one_line(r.suggestion)}", ""]
    vocab_lines = []
    for v in rs.vocabularies.values():
        reported = [e for e in v.entries if e.report]
        line = f"- `{v.name}` ({v.topic}): {len(reported)} expressions"
        if len(reported) < len(v.entries):
            line += f", and {len(v.entries) - len(reported)} more that only make a measurable term vague"
        if v.marks_vague_mentions:
            line += "; a measurable term stated with any of them is reported as vague"
        vocab_lines.append(line)
    if vocab_lines:
        out += ["## Vocabularies", ""] + vocab_lines + [""]
    return "\n".join(out)
