"""Command line: parses arguments, calls the one lint path, renders; holds no linting logic.

Exit codes: 0 nothing reached --fail-on; 1 a finding did; 2 usage, config,
rule-file or input error (one line on stderr naming the file and the problem).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from .errors import BpolintError
from .output import write_output
from .version import __version__

FAIL_ON = ("error", "warning", "info", "never")
SERVICE_HELP = "Service type: auto (default), customer-support, it-services, finance-accounting, back-office. Repeatable."


def _bypass_rule_cache(ctx, param, value) -> None:
    if value:
        os.environ["BPOLINT_NO_CACHE"] = "1"  # the same switch as the variable; workers inherit it


# Rule sets are compiled once and cached (see bpolint.ruleset.cache); this reads the rule files afresh.
NO_CACHE = click.option("--no-cache", is_flag=True, expose_value=False, callback=_bypass_rule_cache,
                        help="Compile the rule files afresh instead of using the rule cache.")


class ExitWith(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _err(message: str) -> None:
    click.echo(f"bpolint: {message}", err=True)


# --- options shared by the commands that lint ---------------------------------------------


def lint_options(f):
    """--service, --rules, --changes, --disable, --config/--no-config, limits, --jobs, --debug."""
    options = [
        click.option("--service", "services", multiple=True, help=SERVICE_HELP),
        click.option("--rules", "rules_dirs", multiple=True, type=click.Path(),
                     help="Extra or replacement rule sets (a directory). Repeatable."),
        click.option("--changes", type=click.Choice(["accepted", "original"]), default=None,
                     help="DOCX tracked changes: lint as if accepted (default), or the original text."),
        click.option("--disable", multiple=True, help="Rule id or name to switch off. Repeatable."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                     help="Configuration file for every contract (default: the nearest .bpolint.yaml or "
                          "[tool.bpolint] above each contract)."),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
        click.option("--max-size", type=float, default=None, help="Largest input file to read, in MB (default 64)."),
        click.option("--time-limit", type=float, default=None,
                     help="Seconds one file may take before it is given up (default 120; 0 = none)."),
        click.option("--memory-limit", type=float, default=None,
                     help="Memory ceiling per file, in MB (default 2048; 0 = none)."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Files in parallel (default: one per core; 1 = in this process)."),
        click.option("--debug", is_flag=True, help="Print the traceback of an internal error."),
        NO_CACHE,
    ]
    for option in reversed(options):
        f = option(f)
    return f


def executor_options(f):
    """--executor, --scheduler, --send-files: where the files are linted (see docs/portfolios.md)."""
    options = [
        click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="local: worker processes on this machine (--jobs); dask: a Dask cluster "
                          "(pip install \"bpolint[dask]\")."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="Dask: a running scheduler, e.g. tcp://scheduler:8786 (default: a local cluster of "
                          "--jobs workers)."),
        click.option("--send-files", is_flag=True,
                     help="Dask: read each file here and send its bytes (workers that do not share the files)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _with_executor(options, executor: str, scheduler: str | None, send_files: bool):
    from dataclasses import replace

    if executor != "dask" and (scheduler or send_files):
        raise click.BadParameter("needs --executor dask", param_hint="--scheduler" if scheduler else "--send-files")
    return replace(options, executor=executor, scheduler=scheduler, send_files=send_files)


def _run_options(services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit, memory_limit,
                 jobs, debug, fail_on=None, progress=None):
    from .api import RunOptions
    from .config import Overrides

    if max_size is not None and max_size <= 0:
        raise click.BadParameter("must be a positive number of megabytes", param_hint="--max-size")
    for value, hint in ((time_limit, "--time-limit"), (memory_limit, "--memory-limit")):
        if value is not None and value < 0:
            raise click.BadParameter("must be 0 (no limit) or more", param_hint=hint)
    overrides = Overrides(service=tuple(services), fail_on=fail_on, rules=tuple(rules_dirs), disable=tuple(disable),
                          changes=changes, max_size_mb=max_size, time_limit_s=time_limit,
                          memory_limit_mb=memory_limit, config=config_path, use_config=not no_config)
    return RunOptions(overrides, jobs=jobs, debug=debug or bool(os.environ.get("BPOLINT_DEBUG")), progress=progress)


def _report_errors(run) -> None:
    """Each file that could not be linted: its one line on stderr (and its traceback with --debug)."""
    tracebacks = dict(run.tracebacks)
    for fr in run.report.files:
        if fr.error:
            _err(fr.error)
            if fr.file in tracebacks:
                click.echo(tracebacks[fr.file].rstrip(), err=True)


class _Progress:
    """A progress line on a terminal when more than a few files are linted: files done, rate, time left."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 3:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.2:  # a redraw per result would slow a fast run
            return
        self.last = now
        width = 30
        filled = int(width * done / total)
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        left = f", {_duration((total - done) / rate)} left" if done and done < total else ""
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files, {rate:.1f}/s{left}"
        sys.stderr.write(line.ljust(78))
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 78 + "\r")
            sys.stderr.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bpolint")
def cli() -> None:
    """Lint outsourcing (BPO) contracts: missing, unmeasurable and vague terms."""


def _parquet_output(fmt: str | None, output: str | None, resume_path: str | None):
    """The format and output of ``check``, and the resumable store when the output is Parquet."""
    if resume_path:
        if fmt not in (None, "parquet"):
            raise click.BadParameter("--resume continues a Parquet findings file; use --format parquet",
                                     param_hint="--format")
        if output and os.path.abspath(output) != os.path.abspath(resume_path):
            raise click.BadParameter("--resume FILE is also the output; leave -o out or name the same file",
                                     param_hint="-o")
        fmt, output = "parquet", resume_path
    fmt = fmt or "text"
    if fmt != "parquet":
        return fmt, output, None
    if not output or output == "-":
        raise click.BadParameter("the Parquet format needs an output file: -o findings.parquet", param_hint="-o")
    from .report.resume import ResumableOutput

    return fmt, output, ResumableOutput(output, write_output, resume=bool(resume_path))


def _write_parquet(store, run, output: str, inputs: tuple[str, ...]) -> None:
    from .identity import settings_hash
    from .report import parquet

    entries = parquet.entries_of(run.report, run.settings, store.ruleset_hash, settings_hash)
    store.finish(entries, lambda data: write_output(output, data, inputs))


def _streamed_formats() -> tuple[str, ...]:
    from .report.stream import STREAMED

    return STREAMED


def _check_streamed(paths, options, fmt: str, output: str | None, base, colour: bool, suggestions: bool,
                    started: float) -> tuple[bool, bool]:
    """``check`` writing each file's part of the report as soon as it and the files before it are done,
    keeping no reports: (a finding reached its fail-on level, a file could not be linted)."""
    from contextlib import ExitStack

    from . import baseline as baselines
    from .api import stream_paths
    from .model import Report
    from .output import streamed_output
    from .report import stream
    from .report.text import Tally, summary_of

    tally = Tally()
    errors: list[tuple[str, str]] = []
    stale: list = []  # baseline entries that matched nothing (run-level notices, after the waivers')
    writer: stream.ReportWriter | None = None
    failed = False
    with ExitStack() as outputs:
        def start(files: tuple[str, ...]) -> None:
            nonlocal writer
            write = outputs.enter_context(streamed_output(output, files))  # E107 when an input is the output
            writer = stream.writer(fmt, write, __version__, colour, suggestions)

        def emit(fr, settings) -> None:
            nonlocal failed
            if base is not None:
                applied = baselines.apply(Report(__version__, (fr,)), base)
                fr = applied.files[0]
                stale.extend(applied.notices)
            tally.add(fr)
            if fr.error:
                errors.append((fr.file, fr.error))
            failed = failed or any(f.severity.rank >= settings.fail_rank for f in fr.findings)
            writer.file(fr)

        end = stream_paths(paths, emit, options, on_start=start)
        tracebacks = dict(end.tracebacks)
        for file, error in errors:
            _err(error)
            if file in tracebacks:
                click.echo(tracebacks[file].rstrip(), err=True)
        seconds = time.monotonic() - started
        writer.finish(end.notices + tuple(stale), summary_of(tally, seconds))
    if fmt != "text" and sys.stderr.isatty():
        click.echo(summary_of(tally, seconds), err=True)
    return failed, bool(errors)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@lint_options
@executor_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "parquet"]), default=None,
              help="Output format (default text); parquet: a findings table for a portfolio (needs -o).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False), default=None,
              help="Record the current findings in this baseline file (and exit 0).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file (atomically).")
@click.option("--no-suggestions", is_flag=True, help="Text format: omit suggested wording.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when on a terminal).")
@click.option("--resume", "resume_path", type=click.Path(dir_okay=False), default=None,
              help="Parquet findings file to continue: files whose result it holds are skipped, the rest added.")
def check(paths, services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit, memory_limit,
          jobs, debug, executor, scheduler, send_files, fmt, fail_on, baseline_path, write_baseline, output,
          no_suggestions, color, resume_path):
    """Lint contract files or directories (DOCX, PDF, text, Markdown)."""
    from dataclasses import replace

    from . import baseline as baselines
    from .api import lint_paths

    started = time.monotonic()
    progress = _Progress(sys.stderr.isatty())
    options = _run_options(services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit,
                           memory_limit, jobs, debug, fail_on, progress)
    options = _with_executor(options, executor, scheduler, send_files)
    fmt, output, store = _parquet_output(fmt, output, resume_path)
    if store is not None:
        options = replace(options, skip=store.skip, on_result=store.on_result)
    base = baselines.load(baseline_path) if baseline_path else None
    if store is None and not write_baseline and fmt in _streamed_formats():
        colour = color if color is not None else (output is None and sys.stdout.isatty())
        try:
            failed, had_errors = _check_streamed(paths, options, fmt, output, base, colour, not no_suggestions,
                                                 started)
        finally:
            progress.close()
        raise ExitWith(2 if had_errors else 1 if failed else 0)
    try:
        run = lint_paths(paths, options)
    finally:
        progress.close()
        if store is not None:
            store.flush()  # what finished is kept, even when the run is interrupted
    if write_baseline:
        write_output(write_baseline, baselines.render(run.report, write_baseline), tuple(f.file for f in run.report.files))
    if base is not None:
        run = type(run)(baselines.apply(run.report, base), run.settings, run.tracebacks)
    _report_errors(run)
    report = run.report
    seconds = time.monotonic() - started
    inputs = tuple(f.file for f in report.files)
    if store is not None:
        _write_parquet(store, run, output, inputs)
    elif fmt == "json":
        from .report import json_report

        write_output(output, json_report.render(report), inputs)
    elif fmt == "sarif":
        from .pipeline import engine_for
        from .report import sarif

        write_output(output, sarif.render(report, engine_for(()).ruleset), inputs)
    elif fmt == "github":
        from .report import github

        write_output(output, github.render(report), inputs)
    else:
        from .report import text as text_report

        colour = color if color is not None else (output is None and sys.stdout.isatty())
        write_output(output, text_report.render(report, colour, not no_suggestions, seconds), inputs)
    if fmt != "text" and sys.stderr.isatty():
        from .report.text import summary

        click.echo(summary(report, seconds), err=True)
    if run.had_errors():
        raise ExitWith(2)
    raise ExitWith(0 if write_baseline else 1 if run.failed() else 0)


@cli.command()
@click.argument("paths", nargs=-1)
@lint_options
@executor_options
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True,
              help="Markdown, one self-contained HTML page, or the same content as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file (atomically).")
@click.option("--from", "from_path", type=click.Path(dir_okay=False), default=None,
              help="Render a Parquet findings file (from check --format parquet) instead of linting PATHS.")
def report(paths, services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit, memory_limit,
           jobs, debug, executor, scheduler, send_files, fmt, output, from_path):
    """Gap report for the business: coverage, top risks, what to negotiate first and every
    topic's status per contract; with several contracts, a portfolio matrix."""
    from .api import lint_paths
    from .pipeline import engine_for
    from .report import gap, render as gap_render

    render = {"html": gap_render.render_html, "json": gap_render.render_json, "md": gap_render.render_markdown}[fmt]
    if from_path:
        if paths:
            raise click.BadParameter("give contract PATHS or --from FILE, not both", param_hint="--from")
        from .report import parquet
        from .report.resume import read_findings

        portfolio = parquet.report_of(read_findings(from_path))
        write_output(output, render(gap.build(portfolio, engine_for(()).ruleset)), (from_path,))
        raise ExitWith(0)
    if not paths:
        raise click.UsageError("give contract PATHS, or --from findings.parquet")
    options = _run_options(services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit,
                           memory_limit, jobs, debug)
    run = lint_paths(paths, _with_executor(options, executor, scheduler, send_files))
    _report_errors(run)
    ruleset = engine_for(run.settings[0].rules if run.settings else ()).ruleset  # for each rule's "why it matters"
    write_output(output, render(gap.build(run.report, ruleset)), tuple(f.file for f in run.report.files))
    raise ExitWith(2 if run.had_errors() else 0)


@cli.command()
@click.argument("old")
@click.argument("new")
@lint_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the comparison to a file (atomically).")
def diff(old, new, services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit,
         memory_limit, jobs, debug, fmt, output):
    """Compare two drafts of one contract: findings introduced and resolved, topics whose status changed.

    Works across formats (our DOCX against their PDF). Exit 1 when NEW introduces errors.
    """
    from .api import lint_paths
    from .diff import compare, render_json, render_markdown, render_text

    options = _run_options(services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit,
                           memory_limit, jobs, debug)
    for p in (old, new):
        if Path(p).is_dir():
            raise BpolintError("E109", p, None, {"command": "diff"})
    run = lint_paths([old, new], options)
    _report_errors(run)
    if run.had_errors():
        raise ExitWith(2)
    before, after = run.report.files
    result = compare(before, after)
    render = {"json": render_json, "md": render_markdown}.get(fmt, render_text)
    write_output(output, render(result), (old, new))
    raise ExitWith(1 if result.introduces_errors() else 0)


@cli.command()
@click.argument("path")
@lint_options
@click.option("--format", "fmt", type=click.Choice(["md", "docx", "json", "html"]), default="md", show_default=True,
              help="Markdown, a Word table (landscape, ready to send), JSON, or one self-contained HTML page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the issues list to a file (atomically).")
@click.option("--party", type=click.Choice(["customer", "supplier"]), default="customer", show_default=True,
              help="The side the list is written for.")
@click.option("--letter", is_flag=True,
              help="Also write a covering letter beside the list: NAME-letter.docx with --format docx, else NAME-letter.md.")
@click.option("--template", "template_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of Jinja2 templates replacing the shipped ones (issues.md.j2, issues.html.j2, letter.md.j2).")
@click.option("--against", "old", type=click.Path(dir_okay=False), default=None,
              help="The previous draft: mark each row new, still open or resolved.")
def negotiate(path, services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit, memory_limit,
              jobs, debug, fmt, output, party, letter, template_dir, old):
    """The issues list for negotiating one draft: a row per point, with the clause, the issue, why
    it matters, our ask, the fallback and the priority, under the draft's playbook."""
    from .api import lint_paths
    from .negotiate import issues_list, today
    from .negotiate import render as negotiate_render

    negotiate_render.check_template_dir(template_dir)
    date = today()  # a bad SOURCE_DATE_EPOCH is a usage error before anything is linted
    if letter and (not output or output == "-"):
        raise click.UsageError("--letter writes a file beside the list: give -o PATH")
    for p in (path, old):
        if p and Path(p).is_dir():
            raise BpolintError("E109", p, None, {"command": "negotiate"})
    options = _run_options(services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit,
                           memory_limit, jobs, debug)
    run = lint_paths([path] + ([old] if old else []), options)
    _report_errors(run)
    if run.had_errors():
        raise ExitWith(2)
    reports = run.report.files
    issues = issues_list(reports[0], run.settings[0], party, against=reports[1] if old else None, date=date)
    inputs = tuple(fr.file for fr in reports)
    if fmt == "docx":
        from .negotiate.word import render_docx

        write_output(output, render_docx(issues), inputs)
    else:
        render = {"md": negotiate_render.render_markdown, "html": negotiate_render.render_html}.get(fmt)
        write_output(output, render(issues, template_dir) if render else negotiate_render.render_json(issues), inputs)
    written = [output] if output and output != "-" else []
    if letter:
        target = Path(output)
        letter_path = str(target.with_name(f"{target.stem}-letter{'.docx' if fmt == 'docx' else '.md'}"))
        if fmt == "docx":
            from .negotiate.word import render_letter_docx

            body: str | bytes = render_letter_docx(issues, negotiate_render.render_letter(issues, template_dir, True))
        else:
            body = negotiate_render.render_letter(issues, template_dir)
        write_output(letter_path, body, inputs + (output,))
        written.append(letter_path)
    if written:
        n = len(issues.open_rows)
        click.echo(f"{', '.join(written)}: {n} point{'' if n == 1 else 's'} ({len(issues.must_haves)} must-have) "
                   f"for the {party}", err=True)
    raise ExitWith(0)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False), default=".")
@click.option("--service", "services", multiple=True, help=SERVICE_HELP)
@click.option("--extends", "preset", type=click.Choice(["default", "strict", "relaxed"]), default="default",
              show_default=True, help="Built-in preset the configuration starts from.")
@click.option("--force", is_flag=True, help="Replace an existing .bpolint.yaml.")
def init(folder, services, preset, force):
    """Write a commented starter configuration (.bpolint.yaml) in FOLDER."""
    from .starter import starter_config

    target = Path(folder) / ".bpolint.yaml"
    if target.exists() and not force:
        raise BpolintError("E108", str(target), None, {"what": "a configuration"})
    text = starter_config(tuple(services), preset)
    write_output(str(target), text)
    click.echo(f"wrote {target}")


@cli.command()
@click.argument("path")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Where to write the commented copy.")
@click.option("--author", default="bpolint", show_default=True, help="Author name on the comments.")
@lint_options
def annotate(path, output, author, services, rules_dirs, changes, disable, config_path, no_config, max_size,
             time_limit, memory_limit, jobs, debug):
    """Write a copy of a DOCX draft with one Word comment per finding, anchored on the words
    of its evidence, and a summary comment at the start. The input is never changed."""
    from .api import settings_for_path
    from .pipeline import engine_for, lint_file_within_limits
    from .report.annotate import annotate_file

    options = _run_options(services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit,
                           memory_limit, jobs, debug)
    settings = settings_for_path(path, options.overrides)

    result = annotate_file(path, output, lambda source: lint_file_within_limits(source, settings), engine_for(settings.rules).ruleset.taxonomy, author, settings.changes)
    click.echo(f"{output}: {result.comments} comments: {result.exact} on the words of their evidence, "
               f"{result.paragraph} on their paragraph, {result.start} and the summary at the start")


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--changes", type=click.Choice(["accepted", "original"]), default="accepted", show_default=True)
@click.option("--max-size", type=float, default=None, help="Largest input file to read, in MB (default 64).")
@click.option("-o", "--output", type=click.Path(dir_okay=False))
def extract(path, fmt, changes, max_size, output):
    """Print the canonical text that finding lines and columns point into, block by block."""
    from .extract import MAX_BYTES, ExtractOptions, extract as do_extract  # not the configuration: it costs the start-up

    if max_size is not None and max_size <= 0:
        raise click.BadParameter("must be a positive number of megabytes", param_hint="--max-size")
    doc = do_extract(path, ExtractOptions(changes=changes, max_bytes=int(max_size * 1024 * 1024) if max_size else MAX_BYTES))
    starts = doc.line_starts  # once: each call scans the whole text
    if fmt == "json":
        import json

        blocks = []
        for i, b in enumerate(doc.blocks):
            line, col = doc.line_col(b.start, starts)
            blocks.append({"index": i, "text": b.text, "kind": b.kind, "part": b.part, "page": b.page,
                           "paragraph": b.paragraph, "label": b.label, "level": b.level, "line": line, "column": col,
                           "inserted": [list(r) for r in b.inserted]})
        write_output(output, json.dumps({"file": doc.path, "format": doc.format, "warnings": list(doc.warnings),
                         "text": doc.text, "blocks": blocks}, indent=2, ensure_ascii=False) + "\n", (path,))
        return
    lines = []
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
    write_output(output, "\n".join(lines) + "\n", (path,))


@cli.group()
def rules() -> None:
    """List, show, validate and test rule sets."""


@rules.command("list")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
@click.option("--topics", is_flag=True, help="Show taxonomy topics and the rules that cover them.")
@click.option("--service", "service", default=None, help="Only rules that apply to this service type.")
@NO_CACHE
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
@NO_CACHE
def rules_show(rule_id, rules_dirs):
    """Show one rule: what it detects, its messages, options and test cases."""
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
    for k, v in r.options.items():
        click.echo(f"  option {k}: {v!r}")
    for c in r.tests:
        click.echo(f"  {c.name}: {c.text[:160]}")


@rules.command("validate")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
@NO_CACHE
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
@NO_CACHE
def rules_test(rules_dirs, only, verbose):
    """Run every rule's pass/fail/todo cases."""
    from .ruleset import load_ruleset
    from .ruletest import missing_cases, run_all

    rs = load_ruleset(tuple(rules_dirs))
    results = run_all(rs, only)
    failed = [r for r in results if not r.ok and r.case.expect != "todo"]
    todo = [r for r in results if r.case.expect == "todo"]
    promoted = [r for r in todo if r.ok]
    for r in results:
        if r.case.expect == "todo":
            if verbose or r.ok:
                click.echo(f"TODO {r.id}" + (" now passes: rename it to fail_/pass_" if r.ok else ""))
        elif not r.ok:
            click.echo(f"FAIL {r.id}: {r.detail}  ({r.rule.file})")
        elif verbose:
            click.echo(f"ok   {r.id}")
    gaps = [] if only else missing_cases(rs)
    for g in gaps:
        click.echo(g)
    passed = len(results) - len(failed) - len(todo)
    click.echo(f"{passed} passed, {len(failed)} failed, {len(todo)} todo")
    raise ExitWith(1 if failed or gaps or promoted else 0)


@rules.command("doc")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file (atomically).")
@NO_CACHE
def rules_doc(rules_dirs, output):
    """Generate the rules reference (Markdown) from the rule files."""
    from .docs import rules_reference
    from .ruleset import load_ruleset

    write_output(output, rules_reference(load_ruleset(tuple(rules_dirs))) + "\n")


@cli.command("eval")
@click.argument("folder", type=click.Path())
@click.option("--labels", "labels_path", required=True, type=click.Path(), help="Labels CSV in the CUAD format.")
@lint_options
@click.option("--min-positives", type=int, default=3, show_default=True,
              help="Topics with fewer labelled positives are left out of the macro F1.")
@click.option("--errors/--no-errors", "show_errors", default=True, help="List false positives and negatives.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def eval_cmd(folder, labels_path, services, rules_dirs, changes, disable, config_path, no_config, max_size, time_limit,
             memory_limit, jobs, debug, min_positives, show_errors, fmt):
    """Precision, recall and F1 per topic against CUAD-style document labels."""
    import json

    from .api import lint_paths
    from .pipeline import engine_for
    from .scoring import macro_f1, match_files, read_labels, score

    if not Path(folder).is_dir():
        raise BpolintError("E101", folder)
    if not Path(labels_path).is_file():
        raise BpolintError("E101", labels_path)
    labels = read_labels(labels_path)
    pairs, missing = match_files(folder, labels)
    if not pairs:
        raise BpolintError("E102", folder, None, {"formats": "files named as in " + labels_path})
    run = lint_paths([p for p, _ in pairs], _run_options(services, rules_dirs, changes, disable, config_path,
                                                         no_config, max_size, time_limit, memory_limit, jobs, debug))
    by_path = {fr.file: fr for fr in run.report.files}
    errors = {fr.file: fr.error for fr in run.report.files if fr.error}
    scores = score(engine_for(()).ruleset.taxonomy, labels, pairs, by_path)
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


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but this machine needs a token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file for every upload (default: none).")
@click.option("--token", default=None, envvar="BPOLINT_TOKEN",
              help="Require this token on every request (generated when --host is not local; or $BPOLINT_TOKEN, "
                   "which other users cannot read in the process list).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Uploads linted at once, each in its own process.")
@click.option("--max-upload", type=click.FloatRange(min=0, min_open=True), default=50.0, show_default=True,
              help="Largest upload, in MB (all its files together).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=120.0, show_default=True,
              help="Seconds one request may take.")
def serve(host, port, config_path, token, workers, max_upload, time_limit):
    """A local web page and HTTP API: drop a draft, get the gap report, the annotated draft
    and the issues list. Needs the web extra: pip install "bpolint[web]"."""
    from .web.options import WebOptions
    from .web.serve import serve as run_server

    if config_path is not None:
        from .api import settings_for_path
        from .config import Overrides

        config_path = os.path.abspath(config_path)  # workers read it from their own folders
        settings_for_path(config_path, Overrides(config=config_path))  # a bad file stops here, exit 2
    options = WebOptions(host=host, port=port, token=token, config=config_path, workers=workers,
                         max_upload_mb=max_upload, time_limit_s=time_limit)
    run_server(options, lambda url: click.echo(f"bpolint serving on {url}  (Ctrl-C to stop)"))


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
        if os.environ.get("BPOLINT_DEBUG") or "--debug" in (argv if argv is not None else sys.argv):
            raise
        _err(f"internal error: {type(e).__name__}: {e} (run with --debug for details)")
        code = 2
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    if argv is None:
        os._exit(code)  # skip interpreter teardown: spaCy makes it slow
    raise SystemExit(code)
