"""Drafting hygiene and vague wording: bpolint against the open peer contract-lint.

Both tools lint the same drafts (bench/hygiene/drafts plus the DOCX drafts that
make_docx.py generates). Each finding is mapped to a defect class and matched to the
planted defects and the negative controls of bench/hygiene/manifest.yaml:

* a finding matches a defect when its class agrees and it points into the defect's
  text (same line span; the column inside the span where the tool gives one; else
  the quoted text overlaps);
* an unmatched finding on a negative control, or anywhere in a negative file, is a
  false positive;
* anything else is reported as "other" for a reader to judge (the drafts were written
  to hold no other defect, but the tools may find one).

contract-lint is installed from PyPI into a throwaway virtual environment under a
temporary directory (python -m venv, pip). Its undefined-term rule, off by default, is
switched on: the drafts draft with definitions clauses, which is when its README says
to use it. Its lines are those of its own reading of each file (for DOCX, one line per
body paragraph, without headers and footnotes), so each defect is located again in
that text.

    python bench/hygiene/run_bench.py                    # both tools, tables on stdout
    python bench/hygiene/run_bench.py -o bench/hygiene/results.md
    python bench/hygiene/run_bench.py --skip-peer        # bpolint only
    python bench/hygiene/run_bench.py --set 2            # the second blind round (drafts2/, manifest2.yaml)
    python bench/hygiene/run_bench.py --set 3            # the third blind round (drafts3/, manifest3.yaml)

Set 1 is the first round (drafts/, manifest.yaml and the set-1 DOCX drafts of make_docx.py); set 2 is the
second round, written blind in the same way (drafts2/, manifest2.yaml, make_docx.py --set 2); set 3 is the
third blind round (drafts3/, manifest3.yaml, make_docx.py --set 3). --manifest
and --drafts point at any other manifest and directory of drafts.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DRAFTS = os.path.join(HERE, "drafts")
MANIFEST = os.path.join(HERE, "manifest.yaml")
# bench set -> (drafts directory, manifest); the DOCX drafts of each set come from make_docx.py --set N
SETS = {"1": (DRAFTS, MANIFEST),
        "2": (os.path.join(HERE, "drafts2"), os.path.join(HERE, "manifest2.yaml")),
        "3": (os.path.join(HERE, "drafts3"), os.path.join(HERE, "manifest3.yaml"))}
PEER = "contract-lint"
PEER_VERSION = "0.2.6"

# defect class -> the group a tool's finding class must fall in
GROUP = {
    "placeholder": "placeholder", "undefined-term": "undefined-term", "unused-definition": "unused-definition",
    "duplicate-definition": "duplicate-definition", "lowercase-term": "lowercase-term",
    "broken-reference": "broken-reference", "numbering-gap": "numbering", "numbering-duplicate": "numbering",
    "number-mismatch": "number-mismatch", "party-name": "party-name", "impossible-date": "date",
    "date-order": "date", "vague-timing": "vague", "vague-quality": "vague", "vague-reasonable": "vague",
    "one-sided-discretion": "discretion",
}
CLASS_ORDER = list(GROUP)

# bpolint: rule topic -> group (hygiene and wording topics only; other topics are not drafting defects)
BPOLINT_TOPICS = {
    "hygiene.placeholder": "placeholder", "hygiene.undefined-term": "undefined-term",
    "hygiene.unused-definition": "unused-definition", "hygiene.duplicate-definition": "duplicate-definition",
    "hygiene.defined-term-case": "lowercase-term", "hygiene.broken-reference": "broken-reference",
    "hygiene.numbering": "numbering", "hygiene.number-mismatch": "number-mismatch",
    "hygiene.party-name": "party-name", "hygiene.date": "date", "wording.vague": "vague",
    "wording.unilateral-discretion": "discretion", "wording.weak-obligation": "weak-obligation",
}
# contract-lint: rule id -> group
PEER_RULES = {
    "placeholder": "placeholder", "broken-xref": "broken-reference", "undefined-term": "undefined-term",
    "unused-definition": "unused-definition", "double-definition": "duplicate-definition",
    "numbering": "numbering", "party-consistency": "party-name", "date-sanity": "date",
    "number-consistency": "number-mismatch", "duplicate-heading": "duplicate-heading",
    "signature-block": "signature-block",
}

_FOLD = str.maketrans({"\u2013": "-", "\u2014": "-", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                       "\f": " ", "\u00a0": " ", "\t": " "})


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").translate(_FOLD)).strip().lower()


def fold_map(text: str) -> tuple[str, list[int]]:
    """Whitespace-folded lower-case text and, per folded character, its offset in ``text``."""
    out: list[str] = []
    idx: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if space:
                continue
            space = True
            out.append(" ")
        else:
            space = False
            out.append(ch.lower())
        idx.append(i)
    return "".join(out), idx


@dataclass
class Span:
    line: int  # 1-based, first line of the text
    col: int  # 1-based column of its first character
    end_line: int
    end_col: int  # column of its last character

    def holds(self, line: int, col: int | None) -> bool:
        if not self.line <= line <= self.end_line:
            return False
        if col is None:
            return True
        if line == self.line and col < self.col:
            return False
        return not (line == self.end_line and col > self.end_col + 1)


def _line_col(text: str):
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_col(pos: int) -> tuple[int, int]:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, pos - line_starts[lo] + 1
    return line_col


def locate_all(text: str, entry: dict) -> list[Span]:
    """Where ``entry``'s text stands in ``text``: found through its context, which must be
    unique unless the entry covers ``all`` occurrences; ``through`` extends it to a region."""
    folded, idx = fold_map(text)
    ctx = fold(entry.get("context") or entry["text"])
    starts, at = [], folded.find(ctx)
    while at >= 0:
        starts.append(at)
        at = folded.find(ctx, at + 1)
    if not starts or len(starts) > 1 and not entry.get("all"):
        return []
    line_col = _line_col(text)
    inner = fold(entry["text"])
    spans = []
    for at in starts:
        off = ctx.find(inner) if not entry.get("deleted") else -1
        if off < 0:
            start, end = at, at + len(ctx) - 1  # a deleted text: the paragraph it was deleted from
        else:
            start, end = at + off, at + off + len(inner) - 1
        if entry.get("through"):
            stop = folded.find(fold(entry["through"]), start)
            if stop < 0:
                return []
            end = stop + len(fold(entry["through"])) - 1
        (l0, c0), (l1, c1) = line_col(idx[start]), line_col(idx[end])
        spans.append(Span(l0, c0, l1, c1))
    return spans


def locate(text: str, entry: dict) -> Span | None:
    spans = locate_all(text, entry)
    return spans[0] if spans else None


@dataclass
class Hit:
    tool: str
    file: str
    group: str
    line: int
    col: int | None
    evidence: str  # the text the tool quotes as the defect, if any
    rule: str
    message: str
    matched: str | None = None  # defect id
    control: str | None = None  # control id it falsely flags

    def overlaps(self, text: str) -> bool:
        a, b = fold(self.evidence), fold(text)
        return bool(a and b) and (a in b or b in a)


@dataclass
class ToolRun:
    name: str
    hits: list[Hit] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # file -> the text its lines point into
    unread: dict[str, str] = field(default_factory=dict)  # file -> error


# --------------------------------------------------------------------------------------------- inputs

def prepare_drafts(work: str, drafts: str = DRAFTS, docx_set: str = "1") -> list[str]:
    out = os.path.join(work, "drafts")
    os.makedirs(out)
    for name in sorted(os.listdir(drafts)):
        shutil.copy(os.path.join(drafts, name), out)
    make = [sys.executable, os.path.join(HERE, "make_docx.py"), out]
    if docx_set != "1":
        make += ["--set", docx_set]
    subprocess.run(make, check=True, capture_output=True)
    return sorted(os.path.join(out, n) for n in os.listdir(out))


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


# --------------------------------------------------------------------------------------------- bpolint

_QUOTED = re.compile(r'"([^"]+)"')


def run_bpolint(files: list[str]) -> ToolRun:
    tool = ToolRun("bpolint")
    proc = run([sys.executable, "-m", "bpolint", "check", "--format", "json", "--fail-on", "never", "--no-config",
                *files], cwd=REPO)
    if proc.returncode not in (0, 1):
        sys.exit(f"bpolint failed ({proc.returncode}): {proc.stderr.strip()[:400]}")
    report = json.loads(proc.stdout)
    for f in report["files"]:
        name = os.path.basename(f["file"])
        if f.get("error"):
            tool.unread[name] = f["error"]
            continue
        for x in f["findings"]:
            group = BPOLINT_TOPICS.get(x["topic"])
            if group is None:
                continue
            loc = x["location"]
            tool.hits.append(Hit("bpolint", name, group, loc["line"], loc["column"], x["evidence"], x["rule"],
                                 x["message"]))
    for path in files:
        name = os.path.basename(path)
        if path.endswith(".docx"):
            ex = run([sys.executable, "-m", "bpolint", "extract", "--format", "json", path], cwd=REPO)
            tool.texts[name] = json.loads(ex.stdout)["text"] if ex.returncode == 0 else ""
        else:
            with open(path, encoding="utf-8") as fh:
                tool.texts[name] = fh.read()
    return tool


# --------------------------------------------------------------------------------------------- contract-lint

_PEER_TEXT = "import sys, contract_lint_cli as c; sys.stdout.write(c.read_document(sys.argv[1])[0])"
_PEER_QUOTE = re.compile(r"'([^']+)'|\"([^\"]+)\"")
_PEER_XREF = re.compile(r"cross-reference to (\w+ \S+) which")
_PEER_NUMBER = re.compile(r"duplicate \w+ number (\S+)|jumps from \S+ to (\S+)")


def install_peer(work: str, version: str) -> str:
    venv = os.path.join(work, "peer-venv")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    py = os.path.join(venv, "bin", "python")
    proc = run([py, "-m", "pip", "install", "--quiet", f"{PEER}=={version}"])
    if proc.returncode:
        sys.exit(f"could not install {PEER}=={version}: {proc.stderr.strip()[-400:]}")
    return py


def _peer_evidence(rule: str, message: str) -> str:
    if rule == "broken-xref":
        m = _PEER_XREF.search(message)
        return m.group(1) if m else ""
    if rule == "numbering":
        m = _PEER_NUMBER.search(message)
        return (m.group(1) or m.group(2)) if m else ""
    if rule == "date-sanity" and "precedes" in message:
        return ""  # names the dates in ISO form, not as printed
    if rule == "number-consistency":
        return ""  # quotes only the words, not the figure
    m = _PEER_QUOTE.search(message)
    return (m.group(1) or m.group(2)) if m else ""


def run_peer(py: str, files: list[str], work: str) -> ToolRun:
    tool = ToolRun(PEER)
    cli = os.path.join(os.path.dirname(py), "contract-lint")
    env = dict(os.environ, HOME=work, NO_COLOR="1")  # no user or suite configuration
    for path in files:
        name = os.path.basename(path)
        proc = run([cli, "lint", path, "--json", "--enable", "undefined-term", "--fail-on", "none"], env=env)
        if proc.returncode not in (0, 1):
            tool.unread[name] = proc.stderr.strip()[:200]
            continue
        for x in json.loads(proc.stdout)["findings"]:
            group = PEER_RULES.get(x["rule"], x["rule"])
            tool.hits.append(Hit(PEER, name, group, x["line"], x.get("column"),
                                 _peer_evidence(x["rule"], x["message"]), x["rule"], x["message"]))
        text = run([py, "-c", _PEER_TEXT, path], env=env)
        tool.texts[name] = text.stdout if text.returncode == 0 else ""
    return tool


# --------------------------------------------------------------------------------------------- scoring

def _points_into(h: Hit, span: Span, text: str) -> bool:
    """The finding points into the text: its column inside the span, or (on the span's
    lines) it quotes the text, as a tool that starts its match a few words early does."""
    if span.holds(h.line, h.col):
        return h.col is not None or not h.evidence or h.overlaps(text)
    return span.holds(h.line, None) and h.overlaps(text)


def score(tool: ToolRun, manifest: dict) -> dict:
    defects, controls = manifest["defects"], manifest["controls"]
    negative_files = set(manifest.get("negative-files") or ())
    spans = {e["id"]: locate(tool.texts.get(e["file"], ""), e) for e in defects}
    control_spans = {c["id"]: locate_all(tool.texts.get(c["file"], ""), c) for c in controls}
    found: dict[str, Hit] = {}
    by_file: dict[str, list[Hit]] = defaultdict(list)
    for h in tool.hits:
        by_file[h.file].append(h)
    # defects: a finding of the right class pointing into the defect's text
    for d in defects:
        span = spans[d["id"]]
        if span is None:
            continue  # the tool's reading of the file does not hold the text (a header it does not read)
        for h in by_file[d["file"]]:
            if h.matched or h.group != GROUP[d["class"]] or not _points_into(h, span, d["text"]):
                continue
            h.matched = d["id"]
            found[d["id"]] = h
            break
    # the same defect reported twice is not a false positive
    for h in tool.hits:
        if h.matched is None:
            for d in defects:
                span = spans[d["id"]]
                if d["id"] in found and d["file"] == h.file and span and GROUP[d["class"]] == h.group \
                        and _points_into(h, span, d["text"]):
                    h.matched = d["id"]
                    break
    # controls and negative files
    false_pos: list[Hit] = []
    other: list[Hit] = []
    for h in tool.hits:
        if h.matched:
            continue
        if h.file in negative_files:
            h.control = h.file
            false_pos.append(h)
            continue
        for c in controls:
            if c["file"] != h.file or c.get("only") and h.group not in c["only"]:
                continue
            for span in control_spans[c["id"]]:
                if c.get("deleted"):
                    hit = h.line == span.line or bool(h.evidence) and fold(c["text"]) in fold(h.evidence)
                elif c.get("through"):
                    hit = span.holds(h.line, h.col)
                else:
                    hit = _points_into(h, span, c["text"])
                if hit:
                    h.control = c["id"]
                    break
            if h.control:
                break
        (false_pos if h.control else other).append(h)
    spans.update({k: (v[0] if v else None) for k, v in control_spans.items()})
    return {"found": found, "false_pos": false_pos, "other": other, "spans": spans}


def exact(h: Hit, d: dict, span) -> bool:
    """The finding quotes exactly the defective text, and its column points at it."""
    return fold(h.evidence) == fold(d["text"]) and (h.col is None or (h.line, h.col) == (span.line, span.col))


# --------------------------------------------------------------------------------------------- report

def tables(manifest: dict, runs: list[ToolRun], results: dict) -> str:
    defects, controls = manifest["defects"], manifest["controls"]
    names = [t.name for t in runs]
    out: list[str] = []
    total = len(defects)
    out.append("## Summary\n")
    out.append("| tool | defects found | recall | exact evidence | false positives on controls | other findings |")
    out.append("| --- | --- | --- | --- | --- | --- |")
    for t in runs:
        r = results[t.name]
        ex = sum(1 for d in defects if d["id"] in r["found"] and exact(r["found"][d["id"]], d, r["spans"][d["id"]]))
        out.append(f"| {t.name} | {len(r['found'])}/{total} | {len(r['found']) / total:.2f} | {ex} | "
                   f"{len(r['false_pos'])} | {len(r['other'])} |")
    if len(runs) == 2:
        a, b = (results[n]["found"] for n in names)
        only_b = sorted(set(b) - set(a))
        out.append(f"\nFound by {names[1]} but not by {names[0]}: {', '.join(only_b) or 'none'}. "
                   f"Found by {names[0]} but not by {names[1]}: {len(set(a) - set(b))}.")
    out.append(f"\n{len(controls)} negative controls; negative files: {', '.join(manifest.get('negative-files') or [])}.")
    out.append("\n## Recall by class\n")
    out.append("| class | planted | " + " | ".join(names) + " |")
    out.append("| --- | --- | " + " | ".join("---" for _ in names) + " |")
    per_class = Counter(d["class"] for d in defects)
    for cls in CLASS_ORDER:
        if not per_class[cls]:
            continue
        cells = []
        for t in runs:
            n = sum(1 for d in defects if d["class"] == cls and d["id"] in results[t.name]["found"])
            cells.append(f"{n}/{per_class[cls]}")
        out.append(f"| {cls} | {per_class[cls]} | " + " | ".join(cells) + " |")
    out.append("\n## False positives on negative controls\n")
    out.append("| class | controls | " + " | ".join(names) + " |")
    out.append("| --- | --- | " + " | ".join("---" for _ in names) + " |")
    ctl_class = {c["id"]: c["class"] for c in controls}
    per_ctl = Counter(c["class"] for c in controls)
    for cls in sorted(per_ctl):
        cells = [str(sum(1 for h in results[t.name]["false_pos"] if ctl_class.get(h.control) == cls)) for t in runs]
        out.append(f"| {cls} | {per_ctl[cls]} | " + " | ".join(cells) + " |")
    cells = [str(sum(1 for h in results[t.name]["false_pos"] if h.control not in ctl_class)) for t in runs]
    out.append("| any finding in a negative file | - | " + " | ".join(cells) + " |")
    out.append("\n## Defect by defect\n")
    out.append("Y: found (Y*: evidence is exactly the defective text and the column points at it); "
               "-: missed; n/a: the tool's reading of the file does not contain the text.\n")
    out.append("| id | file | part | class | defective text | " + " | ".join(names) + " |")
    out.append("| --- | --- | --- | --- | --- | " + " | ".join("---" for _ in names) + " |")
    for d in defects:
        cells = []
        for t in runs:
            r = results[t.name]
            h = r["found"].get(d["id"])
            if h:
                cells.append("Y*" if exact(h, d, r["spans"][d["id"]]) else "Y")
            else:
                cells.append("n/a" if r["spans"][d["id"]] is None else "-")
        text = d["text"] if len(d["text"]) <= 50 else d["text"][:47] + "..."
        out.append(f"| {d['id']} | {d['file']} | {d['part']} | {d['class']} | `{text}` | " + " | ".join(cells) + " |")
    for t in runs:
        r = results[t.name]
        out.append(f"\n## {t.name}: false positives\n")
        if not r["false_pos"]:
            out.append("none")
        for h in r["false_pos"]:
            out.append(f"- {h.file}:{h.line}: {h.rule} [{h.group}] on {h.control}: {h.message[:160]}")
        out.append(f"\n## {t.name}: other findings (not planted, not on a control)\n")
        if not r["other"]:
            out.append("none")
        for h in r["other"]:
            out.append(f"- {h.file}:{h.line}: {h.rule} [{h.group}]: {h.message[:160]}")
        if t.unread:
            out.append(f"\nFiles {t.name} could not read: " + "; ".join(f"{k}: {v}" for k, v in t.unread.items()))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", help="also write the tables to this Markdown file")
    ap.add_argument("--skip-peer", action="store_true", help=f"run bpolint only (no {PEER} install)")
    ap.add_argument("--peer-version", default=PEER_VERSION, help=f"{PEER} version to install (default {PEER_VERSION})")
    ap.add_argument("--set", default="1", choices=sorted(SETS), dest="bench_set",
                    help="which set of drafts: 1, the first round (default); 2, the second blind round; "
                         "3, the third blind round")
    ap.add_argument("--manifest", help="manifest to score against (default: the set's)")
    ap.add_argument("--drafts", help="directory of drafts (default: the set's)")
    args = ap.parse_args(argv)
    drafts_dir, manifest_path = SETS[args.bench_set]
    drafts_dir, manifest_path = args.drafts or drafts_dir, args.manifest or manifest_path
    with open(manifest_path, encoding="utf-8") as fh:
        manifest = yaml.safe_load(fh)
    work = tempfile.mkdtemp(prefix="hygiene-bench-")
    try:
        files = prepare_drafts(work, drafts_dir, args.bench_set)
        runs = [run_bpolint(files)]
        if not args.skip_peer:
            runs.append(run_peer(install_peer(work, args.peer_version), files, work))
        results = {t.name: score(t, manifest) for t in runs}
        missing = [e["id"] for e in manifest["defects"] + manifest["controls"]
                   if results["bpolint"]["spans"][e["id"]] is None and not e.get("deleted")]
        if missing:
            print(f"warning: not located in bpolint's text: {', '.join(missing)}", file=sys.stderr)
        set_flag = f" --set {args.bench_set}" if args.bench_set != "1" else ""
        versions = f"bpolint (this checkout), {PEER} {args.peer_version}" if not args.skip_peer else "bpolint"
        head = (f"# Hygiene bench results\n\nTools: {versions}. Drafts: {len(files)} files, "
                f"{len(manifest['defects'])} planted defects, {len(manifest['controls'])} negative controls.\n"
                f"Command: `python bench/hygiene/run_bench.py{set_flag}{' --skip-peer' if args.skip_peer else ''}`\n\n")
        text = head + tables(manifest, runs, results)
        print(text)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
