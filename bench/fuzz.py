"""Long fuzz run: random and mutated contracts through every stage; no uncaught exception.

Five targets, round-robin, until the time is up:

* ``text``: contracts assembled at random from contract fragments (clause numbers in
  every style, headings, definitions, quantities, vague and one-sided wording, quotes,
  brackets, odd white space) and real contracts mutated (cut, spliced, characters
  dropped, doubled or replaced), linted as text and as Markdown with every service
  type: segmentation, matching and every check kind (one case in ten is a 20,000-character
  block of one repeated piece, where quadratic code would show);
* ``docx``: a DOCX built from a contract, with its XML mutated (tags cut, nested,
  duplicated) or its bytes flipped and truncated;
* ``pdf``: a PDF written from a contract, with its content streams and bytes mutated;
* ``regex``: random patterns through the backtracking check; every one it passes is
  run against adversarial text under a time limit;
* ``rules``: every shipped pattern against 20,000-character blocks of one repeated piece
  (brackets, dots, a word), under a time limit: polynomial blow-ups show here.

A coded error (BpolintError) is a correct answer; anything else is a failure, printed
with the seed and case number that reproduce it (``--seed S --case N``).

    python bench/fuzz.py [--minutes 5] [--seed 1] [--targets text,docx,pdf,regex,rules] [--case N]
"""
from __future__ import annotations

import argparse
import faulthandler
import io
import random
import re
import signal
import sys
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpora" / "real"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the PDF writer the extractor tests use

from bpolint.config import Settings  # noqa: E402
from bpolint.errors import BpolintError  # noqa: E402
from bpolint.extract import ExtractOptions  # noqa: E402
from bpolint.extract import docx as docx_extract  # noqa: E402
from bpolint.extract import markdown as md_extract  # noqa: E402
from bpolint.extract import pdf as pdf_extract  # noqa: E402
from bpolint.extract import plain  # noqa: E402
from bpolint.pipeline import lint_document  # noqa: E402
from bpolint.ruleset import load_ruleset  # noqa: E402
from bpolint.ruleset.regex_safety import backtracking_problem  # noqa: E402
from pdfbuild import text_pdf  # noqa: E402

SERVICES = ("customer-support", "it-services", "finance-accounting", "back-office")

LABELS = ["1.", "1.1", "1.1.1", "2.", "2.3(a)", "(a)", "(b)", "(i)", "(iv)", "(A)", "a)", "i.", "A.", "IV.",
          "Section 4.2", "SECTION 5", "Article III", "ARTICLE 7", "Clause 9", "Schedule 2", "Annex A", "Exhibit B",
          "Part 1", "10.", "99.", "1.1.1.1.1.1", "(aa)", "(xiv)", "(1)", "1)", "\u2022", "-", "*", "\u25cf"]
WORDS = ["The", "Supplier", "Customer", "shall", "will", "may", "must", "not", "promptly", "reasonable",
         "commercially reasonable efforts", "at its sole discretion", "then-current rates", "Services",
         "Service Level", "availability", "99.9%", "within", "24 hours", "thirty (30) days", "$1,000,000",
         "GBP 500", "per cent", "Business Days", "terminate", "for convenience", "audit", "breach", "notify",
         "liability", "indemnify", "exit assistance", "subcontract", "prior written consent", "means",
         '"Confidential Information"', "\u201cServices\u201d", "[\u25cf]", "[insert date]", "TBD", "___",
         "including", "without limitation", "as set out in Section 12.4", "clause 3.1(b)", "Schedule 4",
         "e.g.", "i.e.", "Inc.", "Corp.", "No. 5", "U.S.", "etc.", "and/or", "hereunder", "pursuant to"]
PUNCT = [".", ",", ";", ":", "!", "?", '"', "'", "(", ")", "[", "]", "\u201c", "\u201d", "\u2019", "-", "\u2013",
         "\u2014", "/", "&", "%", "$", "\u00a7", "\u2024", "..."]
SPACE = [" ", " ", " ", "  ", "   ", "\t", "\n", "\n", "\n\n", "\n\n\n", "\r\n", "\u00a0", "\u2009", "\u200b",
         "\u3000", "\f", "\v", "\u2028"]
ODD = ["\u0301", "\u200f", "\u202e", "\ufeff", "\ufffd", "\U0001f600", "\u0000", "\x1b", "\u00ad", "\u2010",
       "\uff0e", "\u0660", "\u4e2d", "\u00e9", "\u00df"]


def sample_texts() -> list[str]:
    paths = sorted(ROOT.glob("corpora/**/*.md")) + sorted(ROOT.glob("corpora/**/*.txt"))
    paths += sorted((REAL / "cuad" / "txt").glob("*.txt"))[:10]
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def soup(rng: random.Random) -> str:
    """A contract assembled from fragments: labels, words, punctuation, white space."""
    out = []
    for _ in range(rng.randint(0, 400)):
        roll = rng.random()
        if roll < 0.12:
            out.append(rng.choice(["\n", "\n\n", ""]) + rng.choice(LABELS) + rng.choice([" ", "  ", "\t", ""]))
        elif roll < 0.6:
            out.append(rng.choice(WORDS))
        elif roll < 0.8:
            out.append(rng.choice(PUNCT))
        elif roll < 0.97:
            out.append(rng.choice(SPACE))
        else:
            out.append(rng.choice(ODD))
        if rng.random() < 0.6:
            out.append(" ")
    return "".join(out)


def mutate_text(rng: random.Random, text: str) -> str:
    """Cut, splice and damage a real contract."""
    if len(text) > 20000:
        start = rng.randrange(len(text) - 20000)
        text = text[start:start + 20000]
    for _ in range(rng.randint(1, 12)):
        if not text:
            break
        i = rng.randrange(len(text))
        j = min(len(text), i + rng.randint(0, 400))
        op = rng.random()
        if op < 0.25:
            text = text[:i] + text[j:]  # delete
        elif op < 0.45:
            text = text[:i] + text[i:j] * rng.randint(2, 4) + text[j:]  # repeat
        elif op < 0.65:
            text = text[:i] + rng.choice(LABELS + PUNCT + SPACE + ODD + WORDS) + text[i:]  # insert
        elif op < 0.8:
            text = text[:i] + "".join(rng.choice(PUNCT + SPACE) for _ in range(rng.randint(1, 20))) + text[j:]
        elif op < 0.9:
            text = text[:i]  # truncate
        else:
            text = text[i:j].upper() + text[j:] if rng.random() < 0.5 else text[:i] + text[i:j].lower()
    return text


def lint_as(name: str, text: str, services: tuple[str, ...]) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    module = md_extract if name.endswith(".md") else plain
    try:
        document = module.extract(name, data, ExtractOptions())
    except BpolintError:
        return
    if document.blocks:
        lint_document(document, Settings(service=services))


def text_case(rng: random.Random, texts: list[str]) -> str:
    roll = rng.random()
    if roll < 0.1:  # one long block of a repeated piece: where quadratic code shows
        text = adversarial_block(rng)
    else:
        text = soup(rng) if roll < 0.55 else mutate_text(rng, rng.choice(texts))
    services = tuple(rng.sample(SERVICES, rng.randint(0, 4))) or ("auto",)
    name = "fuzz.md" if rng.random() < 0.3 else "fuzz.txt"
    lint_as(name, text, services)
    return "linted as Markdown" if name.endswith(".md") else "linted as text"


# ---------------------------------------------------------------------- DOCX


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for i, para in enumerate(paragraphs):
        style = "List Number" if i % 7 == 3 else "Heading 1" if i % 11 == 0 else None
        document.add_paragraph(_xml_safe(para), style=style)
        if i % 13 == 5:
            table = document.add_table(rows=2, cols=2)
            table.cell(0, 0).text = _xml_safe(para[:40])
            table.cell(1, 1).text = "99.9%"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xml_safe(text: str) -> str:
    return "".join(c for c in text if c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd")


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        i = rng.randrange(len(data)) if data else 0
        if op < 0.4 and data:
            data[i] ^= 1 << rng.randrange(8)
        elif op < 0.6:
            del data[i:i + rng.randint(1, 200)]
        elif op < 0.8:
            data[i:i] = data[i:i + rng.randint(1, 200)]
        else:
            data = data[:i]
    return bytes(data)


def mutate_xml(rng: random.Random, xml: bytes) -> bytes:
    tags = [m.span() for m in re.finditer(rb"<[^<>]+>", xml)]
    for _ in range(rng.randint(1, 10)):
        if not tags:
            break
        a, b = rng.choice(tags)
        op = rng.random()
        if op < 0.3:
            xml = xml[:a] + xml[b:]  # drop a tag (usually ill-formed)
        elif op < 0.6:
            c, d = rng.choice(tags)
            xml = xml[:a] + xml[c:d] + xml[a:]  # move a tag copy
        elif op < 0.8:
            lo, hi = sorted((a, rng.choice(tags)[1]))
            xml = xml[:hi] + xml[lo:hi] + xml[hi:]  # duplicate a stretch (well-formed if balanced)
        else:
            xml = xml[:a] + b"<w:tbl><w:tr><w:tc>" * rng.randint(1, 40) + xml[a:]
        tags = [m.span() for m in re.finditer(rb"<[^<>]+>", xml)]
    return xml


def docx_case(rng: random.Random, texts: list[str], base: list[bytes]) -> str:
    if base and rng.random() < 0.3:
        data = rng.choice(base)
    else:
        text = mutate_text(rng, rng.choice(texts))
        data = docx_bytes([p for p in text.split("\n\n") if p.strip()][:200])
    if rng.random() < 0.5:
        data = mutate_bytes(rng, data)
        kind = "bytes"
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = [n for n in z.namelist() if n.endswith(".xml")]
            name = "word/document.xml" if rng.random() < 0.6 else rng.choice(parts)
            data = rezip(data, {name: mutate_xml(rng, z.read(name))})
        kind = "xml"
    try:
        document = docx_extract.extract("fuzz.docx", data, ExtractOptions(changes=rng.choice(["accepted", "original"])))
    except BpolintError:
        return f"{kind} mutated, coded error"
    if document.blocks:
        lint_document(document, Settings())
    return f"{kind} mutated, read and linted"


# ----------------------------------------------------------------------- PDF


def pdf_bytes(lines: list[str]) -> bytes:
    """The lines as 50-line pages of 11 pt Helvetica, each cut to 90 characters."""
    pages = [[(72, 740 - 14 * i, t[:90]) for i, t in enumerate(lines[start:start + 50])]
             for start in range(0, max(len(lines), 1), 50)]
    return text_pdf(pages)


def pdf_case(rng: random.Random, texts: list[str], base: list[bytes]) -> str:
    if base and rng.random() < 0.3:
        data = rng.choice(base)
    else:
        text = mutate_text(rng, rng.choice(texts))
        data = pdf_bytes([l for l in text.splitlines() if l.strip()][:400])
    data = mutate_bytes(rng, data)
    if rng.random() < 0.7 and b"%%EOF" not in data[-1024:]:
        data += b"\n%%EOF\n"  # past the truncation check, into PDFium
    try:
        document = pdf_extract.extract("fuzz.pdf", data, ExtractOptions())
    except BpolintError:
        return "coded error"
    if document.blocks:
        lint_document(document, Settings())
    return "read and linted"


# --------------------------------------------------------------------- regex

REGEX_ATOMS = ["a", "b", "ab", "\\w", "\\s", "\\d", ".", "[a-c]", "[^.]", ",", " ", "x", "\\b", "(?!a)", "(?=b)"]
REGEX_QUANTIFIERS = ["", "", "*", "+", "?", "{0,3}", "{2,}", "{1,5}", "*?", "+?"]


def random_regex(rng: random.Random, depth: int = 0) -> str:
    """A pattern from a small grammar: sequences of atoms and groups (alternations),
    each maybe quantified, so that nested repetitions are common."""
    parts = []
    for _ in range(rng.randint(1, 4)):
        if depth < 3 and rng.random() < 0.4:
            branches = [random_regex(rng, depth + 1) for _ in range(rng.choice([1, 1, 2, 3]))]
            part = "(?:" + "|".join(branches) + ")"
        else:
            part = rng.choice(REGEX_ATOMS)
        quantifier = rng.choice(REGEX_QUANTIFIERS)
        if quantifier and part in ("\\b", "(?!a)", "(?=b)"):
            quantifier = ""
        parts.append(part + quantifier)
    return "".join(parts)


class _Timeout(Exception):
    pass


def regex_case(rng: random.Random) -> str:
    pattern = random_regex(rng)
    try:
        rx = re.compile(pattern, re.I)
    except (re.error, OverflowError, RecursionError):
        return "invalid"
    problem = backtracking_problem(pattern)
    if problem:
        return "refused"
    unit = "".join(rng.choice("ab ,x1.") for _ in range(rng.randint(1, 3)))
    subject = unit * rng.randint(8, 28) + rng.choice(["!", "\n", "", "c"])
    signal.setitimer(signal.ITIMER_REAL, 2.0)  # replaces the case's own limit: this case ends here
    try:
        rx.search(subject)
        rx.fullmatch(subject)
    except _Timeout:
        raise AssertionError(f"pattern {pattern!r} passed the check but took over 2 s on {subject!r}") from None
    return "passed the check, ran in time"


def shipped_patterns(ruleset) -> list[tuple[str, re.Pattern]]:
    """Every regex of the shipped rules and vocabularies, party macros filled with names."""
    from bpolint.match import expand_macros

    names = {"customer": ["customer", "the Customer", "ABC Corp."], "provider": ["supplier", "XYZ Inc", "XYZ"]}
    found = []
    for rule in ruleset.rules:
        patterns = [rule.detect.match, rule.detect.not_inside, rule.detect.unless] if rule.detect else []
        patterns += [rule.companion.match] if rule.companion else []
        found += [(rule.id, rx) for p in patterns for rx in p.regex]
        found += [(rule.id, rx) for key in ("measures", "near") for rx in rule.options.get(key) or ()]
    for vocab in ruleset.vocabularies.values():
        found += [(vocab.name, rx) for entry in vocab.entries for rx in entry.unless.regex]
    return [(rid, re.compile(expand_macros(rx, names), re.I)) for rid, rx in found]


def adversarial_block(rng: random.Random) -> str:
    """A long block (one paragraph, as the rules see it) made of one repeated piece: a run of
    brackets, dots or dashes, a repeated word or phrase, or a piece of a contract."""
    piece = rng.choice(PUNCT + ["a", "the ", "Supplier ", "shall ", "(a) ", "1.", "_", "availability ",
                                "service level ", "99.9% "] + WORDS)
    return (piece * (20000 // len(piece) + 1))[:20000]


def rules_case(rng: random.Random, patterns: list) -> str:
    """A shipped pattern against a 20,000-character adversarial block: finditer must stay fast
    (a failure here is a polynomial blow-up the static check does not look for)."""
    rid, rx = rng.choice(patterns)
    block = adversarial_block(rng)
    signal.setitimer(signal.ITIMER_REAL, 2.0)  # replaces the case's own limit: this case ends here
    try:
        sum(1 for _ in rx.finditer(block))
    except _Timeout:
        raise AssertionError(f"{rid} pattern {rx.pattern[:120]!r} took over 2 s on {block[:40]!r}...") from None
    return "ran in time"


def _alarm(signum, frame):
    raise _Timeout()


# ----------------------------------------------------------------------- run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--targets", default="text,docx,pdf,regex,rules")
    parser.add_argument("--case", type=int, default=None, help="run only this case number (to reproduce a failure)")
    parser.add_argument("--case-seconds", type=float, default=30.0, help="a case running longer is a failure (a hang)")
    args = parser.parse_args()
    faulthandler.enable()
    signal.signal(signal.SIGALRM, _alarm)
    targets = args.targets.split(",")
    ruleset = load_ruleset(())
    texts = sample_texts()
    real_docx = [p.read_bytes() for p in sorted(REAL.glob("standard/**/*.docx"))[:4]]
    real_pdf = [p.read_bytes() for p in sorted(REAL.glob("cuad/pdf/*.[pP][dD][fF]"))[:4]]
    patterns = shipped_patterns(ruleset)
    runners = {
        "text": lambda rng: text_case(rng, texts),
        "docx": lambda rng: docx_case(rng, texts, real_docx),
        "pdf": lambda rng: pdf_case(rng, texts, real_pdf),
        "regex": lambda rng: regex_case(rng),
        "rules": lambda rng: rules_case(rng, patterns),
    }
    print(f"fuzz: seed {args.seed}, {args.minutes:g} min, targets {', '.join(targets)}; "
          f"{len(texts)} sample texts, {len(real_docx)} real DOCX, {len(real_pdf)} real PDF", flush=True)
    counts: dict[str, dict[str, int]] = {t: {} for t in targets}
    slowest: dict[str, tuple[float, int]] = {}
    failures = 0
    started = time.monotonic()
    cases = [args.case] if args.case is not None else range(10**9)
    ran = 0
    for case in cases:
        if time.monotonic() - started > args.minutes * 60:
            break
        target = targets[case % len(targets)]
        rng = random.Random(f"{args.seed}:{case}")
        ran += 1
        signal.setitimer(signal.ITIMER_REAL, args.case_seconds)
        began = time.monotonic()
        try:
            outcome = runners[target](rng)
            counts[target][outcome] = counts[target].get(outcome, 0) + 1
            took = time.monotonic() - began
            if took > slowest.get(target, (0.0, 0))[0]:
                slowest[target] = (took, case)
        except _Timeout:
            failures += 1
            print(f"HANG {target} case {case}: over {args.case_seconds:g} s (reproduce: --seed {args.seed} "
                  f"--targets {args.targets} --case {case})", flush=True)
            traceback.print_exc(limit=-4, file=sys.stdout)
            sys.stdout.flush()
        except Exception:  # noqa: BLE001 - this is what the run looks for
            failures += 1
            print(f"FAIL {target} case {case} (reproduce: --seed {args.seed} --targets {args.targets} "
                  f"--case {case})", flush=True)
            traceback.print_exc(limit=-4, file=sys.stdout)
            sys.stdout.flush()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    for target, outcomes in counts.items():
        total = sum(outcomes.values())
        detail = ", ".join(f"{v} {k}" for k, v in sorted(outcomes.items()))
        took, case = slowest.get(target, (0.0, 0))
        print(f"{target:6} {total:6} cases, slowest {took:.1f} s (case {case})  ({detail})")
    print(f"{ran} cases in {(time.monotonic() - started) / 60:.1f} min, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
