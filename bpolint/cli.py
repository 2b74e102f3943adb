"""Command line: parses arguments, picks a reporter, holds no linting logic.

Exit codes: 0 nothing reached --fail-on; 1 a finding did; 2 usage, config,
rule-file or input error (one line on stderr naming the file and the problem).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .version import __version__
from .errors import BpolintError

FAIL_ON = {"error": 3, "warning": 2, "info": 1, "never": 99}


class ExitWith(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _err(message: str) -> None:
    click.echo(f"bpolint: {message}", err=True)


def write_atomic(path: str, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename: readers never see half a file."""
    import tempfile

    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        raise BpolintError("E105", path, None, {"detail": exc.strerror or str(exc)}) from None


def emit(text: str, output: str | None) -> None:
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def _max_bytes(max_size_mb: float | None) -> int:
    from .extract import MAX_BYTES

    if max_size_mb is None:
        return MAX_BYTES
    if max_size_mb <= 0:
        raise click.BadParameter("must be a positive number of megabytes", param_hint="--max-size")
    return int(max_size_mb * 1024 * 1024)


def collect_inputs(paths: tuple[str, ...]) -> tuple[list[str], list[BpolintError]]:
    """Expand directories to the contract files inside them; report what cannot be used."""
    from .extract import FORMATS, supported_formats

    files: list[str] = []
    errors: list[BpolintError] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                str(f) for f in path.rglob("*")
                if f.is_file() and f.suffix.lower() in FORMATS
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            if not found:
                errors.append(BpolintError("E102", p, None, {"formats": supported_formats()}))
            files.extend(found)
        else:
            files.append(p)
    return files, errors


def lint_paths(paths, options, ruleset, max_bytes: int, post=None) -> list:
    """Lint every contract under ``paths``; an unreadable file becomes an entry with ``error``.

    ``post(report, path)`` may transform each report (waivers). Errors are printed as they occur.
    """
    from .api import lint_document
    from .extract import ExtractOptions, extract
    from .model import FileReport, ServiceDetection

    files, input_errors = collect_inputs(paths)
    reports = []
    for e in input_errors:
        _err(str(e))
        reports.append(FileReport(file=e.file or "", detection=ServiceDetection((), "default"), error=str(e)))
    for f in files:
        try:
            report = lint_document(extract(f, ExtractOptions(changes=options.changes, max_bytes=max_bytes)), options, ruleset)
            reports.append(post(report, f) if post else report)
        except BpolintError as e:
            e.file = e.file or f
            _err(str(e))
            reports.append(FileReport(file=f, detection=ServiceDetection((), "default"), error=str(e)))
    return reports


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bpolint")
def cli() -> None:
    """Lint outsourcing (BPO) contracts: missing, unmeasurable and vague terms."""


SERVICE_HELP = "Service type: auto (default), customer-support, it-services, finance-accounting, back-office. Repeatable."


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--service", "services", multiple=True, help=SERVICE_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(), help="Extra or replacement rule sets (a directory). Repeatable.")
@click.option("--changes", type=click.Choice(["accepted", "original"]), default=None,
              help="DOCX tracked changes: lint as if accepted (default), or the original text.")
@click.option("--disable", multiple=True, help="Rule id or name to switch off. Repeatable.")
@click.option("--max-size", type=float, default=None, help="Largest input file to read, in MB (default 64).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: the nearest .bpolint.yaml or [tool.bpolint] above the current directory).")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file (atomically).")
@click.option("--no-suggestions", is_flag=True, help="Text format: omit suggested wording.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when on a terminal).")
def check(paths, services, fmt, fail_on, rules_dirs, changes, disable, max_size, config_path, no_config, output,
          no_suggestions, color):
    """Lint contract files or directories (DOCX, PDF, text, Markdown)."""
    from dataclasses import replace

    from .api import LintOptions, make_report, resolve_services
    from .config import Config, apply_waivers, find_config, load_config
    from .report import json_report, text as text_report
    from .ruleset import load_ruleset

    config = Config()
    if not no_config:
        found = Path(config_path) if config_path else find_config()
        if found is not None:
            config = load_config(found)
    services = tuple(services) or config.service or ("auto",)
    fail_on = fail_on or config.fail_on or "error"
    changes = changes or config.changes or "accepted"
    rules_dirs = tuple(config.rules) + tuple(rules_dirs)
    ruleset = load_ruleset(rules_dirs)
    resolve_services("", services, ruleset)  # validates --service before any file is read
    options = LintOptions(services, rules_dirs, changes, frozenset(disable) | frozenset(config.disable),
                          dict(config.severity))
    used_waivers: set[int] = set()

    def waive(report, path):
        if not config.waivers:
            return report
        return replace(report, findings=tuple(apply_waivers(list(report.findings), path, config.waivers, used_waivers)))

    reports = lint_paths(paths, options, ruleset, _max_bytes(max_size), waive)
    had_error = any(r.error for r in reports)
    for i, w in enumerate(config.waivers):
        if i not in used_waivers:
            _err(f"{config.path}:{w.line}: warning: waiver for {w.rule or w.topic} on {w.files!r} suppressed nothing")
    report = make_report(reports)
    if fmt == "json":
        emit(json_report.render(report), output)
    elif fmt == "sarif":
        from .report import sarif

        emit(sarif.render(report, ruleset), output)
    else:
        colour = color if color is not None else (output is None and sys.stdout.isatty())
        emit(text_report.render(report, colour, not no_suggestions), output)
    if had_error:
        raise ExitWith(2)
    threshold = FAIL_ON[fail_on]
    worst = max((f.severity.rank for r in reports for f in r.findings), default=0)
    raise ExitWith(1 if worst >= threshold else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--service", "services", multiple=True, default=("auto",), help=SERVICE_HELP)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
@click.option("--changes", type=click.Choice(["accepted", "original"]), default="accepted", show_default=True)
@click.option("--max-size", type=float, default=None, help="Largest input file to read, in MB (default 64).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file (atomically).")
def report(paths, services, fmt, rules_dirs, changes, max_size, output):
    """Gap report for the business: what is covered, weak or missing, per contract."""
    from .api import LintOptions, make_report, resolve_services
    from .report.gap import render_html, render_markdown
    from .ruleset import load_ruleset

    ruleset = load_ruleset(tuple(rules_dirs))
    resolve_services("", services, ruleset)
    options = LintOptions(tuple(services), tuple(rules_dirs), changes)
    reports = lint_paths(paths, options, ruleset, _max_bytes(max_size))
    rendered = make_report(reports)
    render = render_html if fmt == "html" else render_markdown
    emit(render(rendered, ruleset.taxonomy), output)
    raise ExitWith(2 if any(r.error for r in reports) else 0)


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--changes", type=click.Choice(["accepted", "original"]), default="accepted", show_default=True)
@click.option("--max-size", type=float, default=None, help="Largest input file to read, in MB (default 64).")
@click.option("-o", "--output", type=click.Path(dir_okay=False))
def extract(path, fmt, changes, max_size, output):
    """Print the canonical text that finding lines and columns point into, block by block."""
    import json

    from .extract import ExtractOptions, extract as do_extract

    doc = do_extract(path, ExtractOptions(changes=changes, max_bytes=_max_bytes(max_size)))
    if fmt == "json":
        blocks = []
        for i, b in enumerate(doc.blocks):
            line, col = doc.line_col(b.start)
            blocks.append({"index": i, "text": b.text, "kind": b.kind, "part": b.part, "page": b.page,
                           "paragraph": b.paragraph, "label": b.label, "level": b.level, "line": line, "column": col,
                           "inserted": [list(r) for r in b.inserted]})
        emit(json.dumps({"file": doc.path, "format": doc.format, "warnings": list(doc.warnings),
                         "text": doc.text, "blocks": blocks}, indent=2, ensure_ascii=False) + "\n", output)
        return
    lines = []
    starts = doc.line_starts
    for b in doc.blocks:
        line, col = doc.line_col(b.start, starts)
        meta = [f"{line}:{col}", b.part]
        if b.page:
            meta.append(f"page {b.page}")
        meta.append(f"para {b.paragraph}")
        if b.label:
            meta.append(f"label {b.label}")
        if b.kind != "paragraph":
            meta.append(b.kind)
        if b.inserted:
            meta.append("tracked insertion")
        lines.append(f"[{' | '.join(meta)}] {b.text}")
    for w in doc.warnings:
        _err(f"{doc.path}: warning: {w}")
    emit("\n".join(lines) + "\n", output)


@cli.group()
def rules() -> None:
    """List, show, validate and test rule sets."""


@rules.command("list")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
@click.option("--topics", is_flag=True, help="Show taxonomy topics and the rules that cover them.")
@click.option("--service", "service", default=None, help="Only rules that apply to this service type.")
def rules_list(rules_dirs, topics, service):
    """Show id, topic, check kind, service types and severity of every rule."""
    from .ruleset import load_ruleset

    rs = load_ruleset(tuple(rules_dirs))
    if topics:
        covered: dict[str, list[str]] = {}
        for r in rs.rules:
            covered.setdefault(r.topic, []).append(r.id)
        rows = [("TOPIC", "KIND", "LEVELS", "RULES")]
        for t in rs.taxonomy.topics.values():
            levels = ", ".join(f"{k}={v}" for k, v in t.levels.items())
            rows.append((t.id, t.kind, levels, ", ".join(covered.get(t.id, [])) or "(not covered)"))
        click.echo(_table(rows))
        n = sum(1 for t in rs.taxonomy.topics if t in covered)
        click.echo(f"{n} of {len(rs.taxonomy.topics)} topics covered")
        return
    rows = [("ID", "TOPIC", "CHECK", "SERVICE TYPES", "SEVERITY", "TITLE")]
    for r in rs.rules:
        if service and not r.applies_to((service,)):
            continue
        rows.append((r.id, r.topic, r.check, ",".join(r.service_types), r.severity or "by level", r.title))
    click.echo(_table(rows))
    click.echo(f"{len(rows) - 1} rules")


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r[:-1], widths)) + "  " + r[-1] for r in rows)


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
def rules_show(rule_id, rules_dirs):
    """Show one rule: what it detects, its messages and its test cases."""
    from .ruleset import load_ruleset

    rs = load_ruleset(tuple(rules_dirs))
    r = rs.rule(rule_id)
    if r is None:
        raise BpolintError("E210", None, None, {"value": rule_id, "key": "rule", "detail": "no such rule"})
    click.echo(f"{r.id} {r.name}  ({r.file}:{r.line})\n  topic: {r.topic}\n  check: {r.check}\n"
               f"  service types: {', '.join(r.service_types)}\n  severity: {r.severity or 'by topic level'}\n"
               f"  title: {r.title}")
    for k, v in r.message.items():
        click.echo(f"  message ({k}): {v}")
    if r.suggestion:
        click.echo(f"  suggestion: {' '.join(r.suggestion.split())}")
    for c in r.tests:
        click.echo(f"  {c.name}: {c.text[:160]}")


@rules.command("validate")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
def rules_validate(rules_dirs):
    """Load and validate every rule file; exit 2 on the first error."""
    from .ruleset import load_ruleset
    from .ruletest import missing_cases

    rs = load_ruleset(tuple(rules_dirs))
    problems = missing_cases(rs)
    for p in problems:
        click.echo(p, err=True)
    click.echo(f"{len(rs.rules)} rules, {len(rs.vocabularies)} vocabularies: "
               + ("ok" if not problems else f"{len(problems)} problems"))
    raise ExitWith(2 if problems else 0)


@rules.command("test")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
@click.option("--rule", "only", default=None, help="Only this rule id or name.")
@click.option("-v", "--verbose", is_flag=True)
def rules_test(rules_dirs, only, verbose):
    """Run every rule's pass/fail/todo cases."""
    from .ruleset import load_ruleset
    from .ruletest import missing_cases, run_all

    rs = load_ruleset(tuple(rules_dirs))
    results = run_all(rs, only)
    failed = [r for r in results if not r.ok and r.case.expect != "todo"]
    todo = [r for r in results if r.case.expect == "todo"]
    for r in results:
        if r.case.expect == "todo":
            if verbose or r.ok:
                click.echo(f"TODO {r.id}" + (" (now passes: promote it)" if r.ok else ""))
        elif not r.ok:
            click.echo(f"FAIL {r.id}: {r.detail}  ({r.rule.file})")
        elif verbose:
            click.echo(f"ok   {r.id}")
    gaps = [] if only else missing_cases(rs)
    for g in gaps:
        click.echo(g)
    passed = len(results) - len(failed) - len(todo)
    click.echo(f"{passed} passed, {len(failed)} failed, {len(todo)} todo")
    raise ExitWith(1 if failed or gaps else 0)


@rules.command("doc")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file (atomically).")
def rules_doc(rules_dirs, output):
    """Generate the rules reference (Markdown) from the rule files."""
    from .docs import rules_reference
    from .ruleset import load_ruleset

    emit(rules_reference(load_ruleset(tuple(rules_dirs))) + "\n", output)


@cli.command("eval")
@click.argument("folder", type=click.Path())
@click.option("--labels", "labels_path", required=True, type=click.Path(), help="Labels CSV in the CUAD format.")
@click.option("--service", "services", multiple=True, default=("auto",), help=SERVICE_HELP)
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
@click.option("--jobs", "-j", type=int, default=None, help="Files in parallel (default: CPU count).")
@click.option("--min-positives", type=int, default=3, show_default=True,
              help="Topics with fewer labelled positives are left out of the macro F1.")
@click.option("--errors/--no-errors", "show_errors", default=True, help="List false positives and negatives.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def eval_cmd(folder, labels_path, services, rules_dirs, jobs, min_positives, show_errors, fmt):
    """Precision, recall and F1 per topic against CUAD-style document labels."""
    import json

    from .scoring import lint_all, macro_f1, match_files, read_labels, score, workers
    from .ruleset import load_ruleset

    if not Path(folder).is_dir():
        raise BpolintError("E101", folder)
    if not Path(labels_path).is_file():
        raise BpolintError("E101", labels_path)
    ruleset = load_ruleset(tuple(rules_dirs))
    from .api import resolve_services

    resolve_services("", services, ruleset)
    labels = read_labels(labels_path)
    pairs, missing = match_files(folder, labels)
    if not pairs:
        raise BpolintError("E102", folder, None, {"formats": "files named as in " + labels_path})
    results = lint_all([p for p, _ in pairs], tuple(services), tuple(rules_dirs), workers(jobs))
    errors = {p: e for p, (t, e) in results.items() if e}
    scores = score(ruleset.taxonomy, labels, pairs, results)
    macro, kept = macro_f1(scores, min_positives)
    if fmt == "json":
        click.echo(json.dumps({
            "files": len(pairs), "unmatched_labels": missing, "errors": errors,
            "macro_f1": round(macro, 4), "topics_in_macro": kept, "min_positives": min_positives,
            "topics": [{"topic": s.topic, "category": s.category, "tp": s.tp, "fp": s.fp, "fn": s.fn, "tn": s.tn,
                        "precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                        "false_positives": s.false_positives, "false_negatives": s.false_negatives} for s in scores],
        }, indent=2))
    else:
        rows = [("TOPIC", "CUAD CATEGORY", "POS", "TP", "FP", "FN", "P", "R", "F1")]
        for s in scores:
            rows.append((s.topic, s.category, str(s.positives), str(s.tp), str(s.fp), str(s.fn),
                         f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}" + ("" if s.positives >= min_positives else " *")))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for r in rows:
            click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        click.echo(f"\nmacro F1 {macro:.3f} over {kept} topics with >= {min_positives} positives "
                   f"(* = fewer positives, left out); {len(pairs)} files")
        for name in missing:
            click.echo(f"not found: {name}", err=True)
        for p, e in errors.items():
            click.echo(f"error: {e}", err=True)
        if show_errors:
            for s in scores:
                for f, ev in s.false_positives:
                    click.echo(f"FP {s.topic} {f}: {ev[:300]}")
                for f, st in s.false_negatives:
                    click.echo(f"FN {s.topic} {f}: status {st}")
    raise ExitWith(2 if errors else 0)


def main(argv: list[str] | None = None) -> None:
    code = 0
    try:
        cli.main(args=argv, prog_name="bpolint", standalone_mode=False)
    except ExitWith as e:
        code = e.code
    except BpolintError as e:
        _err(str(e))
        code = 2
    except click.exceptions.Abort:
        _err("aborted")
        code = 2
    except click.ClickException as e:
        _err(e.format_message())
        code = 2
    except KeyboardInterrupt:
        code = 130
    except Exception as e:  # noqa: BLE001 - never a traceback for the user
        if os.environ.get("BPOLINT_DEBUG"):
            raise
        _err(f"internal error: {type(e).__name__}: {e} (set BPOLINT_DEBUG=1 for details)")
        code = 2
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    if argv is None:
        os._exit(code)  # skip interpreter teardown: spaCy makes it slow
    raise SystemExit(code)
