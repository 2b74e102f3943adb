"""Clause-boundary accuracy of the segmenter on the hand-checked gold set.

Usage: python bench/segmentation_accuracy.py [--details] [FILE ...]

The gold files live in tests/data/segmentation (conventions in its README.md):
``⟦`` marks a clause start, optionally followed by ``{number|heading|parent}``;
``‖`` marks a sentence start. The markers are stripped, the text is run through
the real pipeline (extract -> segment) and predicted clause starts are compared
with the gold ones by canonical offset. Prints precision/recall/F1 per file,
per numbering style and overall, plus numbering, heading, parent and sentence
scores.
"""
from __future__ import annotations

import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bpolint.metrics import Counts  # noqa: E402  (after the path is set)

GOLD_DIR = ROOT / "tests" / "data" / "segmentation"
CLAUSE_MARK = "\u27e6"  # ⟦
SENTENCE_MARK = "\u2016"  # ‖
_MARKER = re.compile("\u27e6(?:\\{([^{}]*)\\})?|\u2016")
UNCHECKED = object()


@dataclass
class GoldClause:
    offset: int
    number: object = UNCHECKED  # str | None | UNCHECKED
    heading: object = UNCHECKED
    parent: object = UNCHECKED


@dataclass
class Gold:
    path: Path
    text: str
    clauses: list[GoldClause]
    sentences: list[int] | None  # None: the file has no sentence annotation


def _field(value: str | None):
    if value is None or value == "":
        return UNCHECKED
    return None if value == "-" else value


def parse_gold(source: str, path: Path = Path("<string>")) -> Gold:
    out: list[str] = []
    clauses: list[GoldClause] = []
    sentences: list[int] = []
    pos = 0
    length = 0
    for m in _MARKER.finditer(source):
        out.append(source[pos:m.start()])
        length += m.start() - pos
        pos = m.end()
        if m.group(0) == SENTENCE_MARK:
            sentences.append(length)
            continue
        fields = (m.group(1).split("|") if m.group(1) is not None else []) + [None, None, None]
        clauses.append(GoldClause(length, _field(fields[0]), _field(fields[1]), _field(fields[2])))
    out.append(source[pos:])
    return Gold(path, "".join(out), clauses, sentences if SENTENCE_MARK in source else None)


def load_gold(paths: list[Path] | None = None) -> list[Gold]:
    if not paths:
        paths = sorted(p for p in GOLD_DIR.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
    return [parse_gold(p.read_text(encoding="utf-8"), p) for p in paths]


def run_pipeline(text: str, suffix: str):
    from bpolint.extract import extract
    from bpolint.segment import segment

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"gold{suffix}"
        path.write_text(text, encoding="utf-8")
        doc = extract(path)
    started = time.perf_counter()
    seg = segment(doc)
    return seg, time.perf_counter() - started


def numbered_ancestor(seg, clause):
    p = clause.parent
    while p is not None:
        c = seg.clauses[p]
        if c.number:
            return c.number
        p = c.parent
    return None


def _norm_heading(h: str | None) -> str | None:
    if h is None:
        return None
    return re.sub(r"\s+", " ", h).strip().rstrip(".:;,").strip() or None


def style_of(gold: GoldClause, text: str) -> str:
    """Numbering style of a gold clause, from its printed label (for the per-style table)."""
    head = text[gold.offset:gold.offset + 40]
    checks = [
        ("article", r"(?i)article\s"), ("section", r"(?i)section\s"), ("clause", r"(?i)clause\s"),
        ("schedule/annex/exhibit", r"(?i)(schedule|annex|exhibit|appendix|attachment)\s"),
        ("1.1.1", r"\d+\.\d+\.\d+"), ("1.1", r"\d+\.\d+"), ("1.", r"\d+\.(\s|$)"), ("1)", r"\d+\)"),
        ("(1)", r"\(\d+\)"), ("(i) roman", r"\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)"),
        ("(a)", r"\([a-z]{1,2}\)"), ("(A)", r"\([A-Z]\)"), ("i. roman", r"(?:i|ii|iii|iv|v|vi)\.\s"),
        ("a.", r"[a-z][.)]\s"), ("A.", r"[A-Z]\.\s"),
    ]
    for name, pattern in checks:
        if re.match(pattern, head):
            if name == "(i) roman" and gold.number not in (UNCHECKED, None) and not re.search(
                    r"\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)$", str(gold.number)):
                return "(a)"  # "(i)" after "(h)" is a letter
            return name
    return "heading"


@dataclass
class Score(Counts):
    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class FileResult:
    name: str
    boundaries: Score
    sentences: Score | None
    attributes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))  # field -> [ok, total]
    styles: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def evaluate(gold: Gold) -> FileResult:
    seg, seconds = run_pipeline(gold.text, gold.path.suffix)
    text = seg.document.text
    predicted = {c.start: c for c in seg.clauses}
    gold_at = {g.offset: g for g in gold.clauses}
    result = FileResult(gold.path.name, Score(), None, seconds=seconds)
    for off, g in gold_at.items():
        style = style_of(g, text)
        c = predicted.get(off)
        line = text.count("\n", 0, off) + 1
        if c is None:
            result.boundaries.fn += 1
            result.styles[style].fn += 1
            result.errors.append(f"missed   line {line}: {text[off:off + 50]!r}")
            continue
        result.boundaries.tp += 1
        result.styles[style].tp += 1
        for name, want, got in (("number", g.number, c.number), ("heading", g.heading, _norm_heading(c.heading)),
                                ("parent", g.parent, numbered_ancestor(seg, c))):
            if want is UNCHECKED:
                continue
            if name == "heading":
                want = _norm_heading(want)
            ok = want == got
            result.attributes[name][0] += ok
            result.attributes[name][1] += 1
            if not ok:
                result.errors.append(f"{name:<8} line {line}: want {want!r} got {got!r} at {text[off:off + 40]!r}")
    for off, c in predicted.items():
        if off not in gold_at:
            result.boundaries.fp += 1
            line = text.count("\n", 0, off) + 1
            result.styles[style_of(GoldClause(off), text)].fp += 1
            result.errors.append(f"spurious line {line}: {c.number!r} {text[off:off + 50]!r}")
    if gold.sentences is not None:
        blocks = seg.document.blocks
        pred = {blocks[s.block].canonical(s.start) for s in seg.sentences}
        want = set(gold.sentences)
        result.sentences = Score(len(pred & want), len(pred - want), len(want - pred))
        for off in sorted(want - pred):
            result.errors.append(f"sentence missed   line {text.count(chr(10), 0, off) + 1}: {text[off:off + 40]!r}")
        for off in sorted(pred - want):
            result.errors.append(f"sentence spurious line {text.count(chr(10), 0, off) + 1}: {text[off:off + 40]!r}")
    return result


@dataclass
class Summary:
    files: list[FileResult]
    boundaries: Score
    sentences: Score
    styles: dict[str, Score]
    attributes: dict[str, list[int]]
    seconds: float


def evaluate_all(golds: list[Gold] | None = None) -> Summary:
    golds = golds if golds is not None else load_gold()
    files = [evaluate(g) for g in golds]
    total, sentences = Score(), Score()
    styles: dict[str, Score] = defaultdict(Score)
    attributes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in files:
        total.add(r.boundaries)
        if r.sentences:
            sentences.add(r.sentences)
        for k, v in r.styles.items():
            styles[k].add(v)
        for k, (ok, n) in r.attributes.items():
            attributes[k][0] += ok
            attributes[k][1] += n
    return Summary(files, total, sentences, dict(styles), dict(attributes), sum(r.seconds for r in files))


def _row(name: str, s: Score) -> str:
    return f"{name:<28} {s.tp + s.fn:>5} {s.precision:>7.3f} {s.recall:>7.3f} {s.f1:>7.3f}"


def main(argv: list[str]) -> int:
    details = "--details" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")]
    summary = evaluate_all(load_gold(paths or None))
    head = f"{'':<28} {'gold':>5} {'prec':>7} {'recall':>7} {'F1':>7}"
    print("Clause boundaries per file")
    print(head)
    for r in summary.files:
        print(_row(r.name, r.boundaries))
    print(_row("OVERALL", summary.boundaries))
    print("\nClause boundaries per numbering style")
    print(head)
    for name in sorted(summary.styles):
        print(_row(name, summary.styles[name]))
    print("\nAttributes of matched clauses (where annotated)")
    for name, (ok, n) in sorted(summary.attributes.items()):
        print(f"{name:<28} {ok:>5}/{n:<5} {ok / n if n else 1:.3f}")
    print("\nSentence boundaries (files with sentence marks)")
    print(head)
    for r in summary.files:
        if r.sentences:
            print(_row(r.name, r.sentences))
    print(_row("OVERALL", summary.sentences))
    print(f"\nsegment() time over the gold set: {summary.seconds:.3f} s")
    if details:
        for r in summary.files:
            if r.errors:
                print(f"\n== {r.name}")
                for e in r.errors:
                    print("  " + e)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
