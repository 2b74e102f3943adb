"""Property-based fuzzing: no input ends in an uncaught exception.

Random contracts (assembled from clause numbers, headings, definitions, quantities,
vague wording, brackets, quotes and odd white space) and real contracts cut and damaged
go through extraction, the segmenter and every check kind; mutated DOCX and PDF bytes
and XML go through the extractors. A BpolintError is a correct answer, anything else a
bug. Example counts are small and the examples fixed (derandomized) so that the suite
stays fast and repeatable; ``bench/fuzz.py`` explores at random for minutes.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpolint.config import Settings
from bpolint.errors import BpolintError
from bpolint.extract import ExtractOptions
from bpolint.extract import docx as docx_extract
from bpolint.extract import markdown as md_extract
from bpolint.extract import pdf as pdf_extract
from bpolint.extract import plain
from bpolint.pipeline import lint_document
from bpolint.ruleset import load_ruleset
from bpolint.ruleset.model import CHECK_KINDS, HYGIENE_DETECTORS
from bpolint.ruleset.regex_safety import backtracking_problem

from test_hostile import CONTRACT, docx_bytes, pdf_pages, rezip

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora" / "real"
SERVICES = ("customer-support", "it-services", "finance-accounting", "back-office")
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

LABELS = ["1.", "1.1", "1.1.1", "2.", "2.3(a)", "(a)", "(b)", "(i)", "(iv)", "(A)", "a)", "i.", "A.", "IV.",
          "Section 4.2", "SECTION 5", "Article III", "ARTICLE 7", "Clause 9", "Schedule 2", "Annex A", "Exhibit B",
          "10.", "1.1.1.1.1.1", "(xiv)", "(1)", "1)", "\u2022", "-"]
WORDS = ["The", "Supplier", "Customer", "shall", "will", "may", "not", "promptly", "commercially reasonable efforts",
         "at its sole discretion", "then-current rates", "Services", "Service Level", "99.9%", "within",
         "24 hours", "thirty (30) days", "$1,000,000", "per cent", "Business Days", "terminate", "audit",
         "breach", "notify", "liability", "subcontract", "prior written consent", "means", '"Services"',
         "\u201cCharges\u201d", "[\u25cf]", "[insert date]", "TBD", "as set out in Section 12.4", "clause 3.1(b)",
         "e.g.", "Inc.", "No. 5", "U.S.", "etc.", "and/or"]
MARKS = list(".,;:!?\"'()[]-/&%$") + ["\u201c", "\u201d", "\u2019", "\u2013", "\u2014", "\u2024", "..."]
SPACES = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\u00a0", "\u200b", "\f", "\u2028"]
ODD = ["\u0301", "\u202e", "\ufeff", "\ufffd", "\U0001f600", "\x00", "\x1b", "\u00ad", "\u0660", "\u00b2",
       "\u2163", "\u2460", "\u4e2d"]

fragments = st.one_of(
    st.sampled_from(LABELS).map(lambda label: "\n" + label + " "),
    st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(SPACES), st.sampled_from(ODD),
    st.text(max_size=6),
)
contracts = st.lists(st.tuples(fragments, st.sampled_from(["", " "])), max_size=120).map(
    lambda parts: "".join(a + b for a, b in parts))


def _samples() -> list[str]:
    paths = sorted(ROOT.glob("corpora/**/*.md")) + sorted(ROOT.glob("corpora/**/*.txt"))
    return [p.read_text(encoding="utf-8")[:2500] for p in paths]


SAMPLES = _samples()
edits = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 300), st.sampled_from(["cut", "repeat", "insert", "upper"]),
                           st.sampled_from(LABELS + WORDS + MARKS + SPACES + ODD)), min_size=1, max_size=10)


def damaged(text: str, changes) -> str:
    for where, length, op, piece in changes:
        i = int(where * len(text))
        j = min(len(text), i + length)
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "repeat":
            text = text[:i] + text[i:j] * 3 + text[j:]
        elif op == "insert":
            text = text[:i] + piece + text[i:]
        else:
            text = text[:i] + text[i:j].upper() + text[j:]
    return text


def lint(text: str, name: str, services: tuple[str, ...]) -> None:
    """Extract as text or Markdown, segment, match and run every check; errors must be coded."""
    module = md_extract if name.endswith(".md") else plain
    try:
        document = module.extract(name, text.encode("utf-8", errors="surrogatepass"), ExtractOptions())
    except BpolintError:
        return
    if document.blocks:
        lint_document(document, Settings(service=services))  # segments it too


def test_the_fuzzed_rules_cover_every_check_kind() -> None:
    rules = load_ruleset(()).for_services(SERVICES)
    assert {r.check for r in rules} == set(CHECK_KINDS)
    assert {r.detector for r in rules if r.check == "hygiene"} == set(HYGIENE_DETECTORS)


@FUZZ
@given(contracts, st.sampled_from(["draft.txt", "draft.md"]))
def test_random_contracts_segment_and_check(text: str, name: str) -> None:
    lint(text, name, SERVICES)


@settings(FUZZ, max_examples=20)
@given(st.sampled_from(SAMPLES), edits, st.sampled_from(["draft.txt", "draft.md"]),
       st.lists(st.sampled_from(SERVICES), max_size=4, unique=True))
def test_damaged_real_contracts_segment_and_check(text: str, changes, name: str, services: list[str]) -> None:
    lint(damaged(text, changes), name, tuple(services) or ("auto",))


# ------------------------------------------------------------------ bytes

bit_edits = st.lists(st.tuples(st.floats(0, 1), st.sampled_from(["flip", "cut", "repeat", "truncate"]),
                               st.integers(0, 7)), min_size=1, max_size=6)


def mutated(data: bytes, changes) -> bytes:
    out = bytearray(data)
    for where, op, n in changes:
        i = min(int(where * len(out)), max(len(out) - 1, 0))
        if not out:
            break
        if op == "flip":
            out[i] ^= 1 << n
        elif op == "cut":
            del out[i:i + 16 * (n + 1)]
        elif op == "repeat":
            out[i:i] = out[i:i + 16 * (n + 1)]
        else:
            del out[i:]
    return bytes(out)


def _real(pattern: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(SHARED.glob(pattern))[:2]] if SHARED.is_dir() else []


DOCX_BASES = [docx_bytes(CONTRACT * 3)] + _real("standard/**/*.docx")
PDF_BASES = [pdf_pages(2)] + _real("cuad/pdf/*.[pP][dD][fF]")


def read_docx(data: bytes) -> None:
    try:
        docx_extract.extract("fuzz.docx", data, ExtractOptions())
    except BpolintError:
        pass


@settings(FUZZ, max_examples=80)
@given(st.sampled_from(DOCX_BASES), bit_edits)
def test_mutated_docx_bytes_never_crash_the_extractor(base: bytes, changes) -> None:
    read_docx(mutated(base, changes))


@FUZZ
@given(st.sampled_from(DOCX_BASES[:1]), st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1),
                                                           st.sampled_from(["drop", "copy", "nest"])),
                                                 min_size=1, max_size=6))
def test_mutated_docx_xml_never_crashes_the_extractor(base: bytes, changes) -> None:
    xml = zipfile.ZipFile(io.BytesIO(base)).read("word/document.xml")
    for a, b, op in changes:
        tags = [m.span() for m in re.finditer(rb"<[^<>]+>", xml)]
        if not tags:
            break
        s, e = tags[int(a * (len(tags) - 1))]
        if op == "drop":
            xml = xml[:s] + xml[e:]
        elif op == "copy":
            c, d = tags[int(b * (len(tags) - 1))]
            xml = xml[:s] + xml[c:d] + xml[s:]
        else:
            xml = xml[:s] + b"<w:tbl><w:tr><w:tc>" * int(1 + b * 30) + xml[s:]
    read_docx(rezip(base, {"word/document.xml": xml}))


@settings(FUZZ, max_examples=80)
@given(st.sampled_from(PDF_BASES), bit_edits, st.booleans())
def test_mutated_pdf_bytes_never_crash_the_extractor(base: bytes, changes, end_marker: bool) -> None:
    data = mutated(base, changes)
    if end_marker:
        data += b"\n%%EOF\n"  # past the truncation check, into PDFium
    try:
        pdf_extract.extract("fuzz.pdf", data, ExtractOptions())
    except BpolintError:
        pass


ATOMS = ["a", "b", "ab", "\\w", "\\s", "\\d", ".", "[a-c]", "[^.]", ",", " ", "x"]
QUANTIFIERS = ["", "", "*", "+", "?", "{0,3}", "{2,}", "{1,5}", "*?"]
quantified = st.tuples(st.sampled_from(ATOMS), st.sampled_from(QUANTIFIERS)).map("".join)
patterns = st.recursive(quantified, lambda inner: st.one_of(
    st.tuples(st.lists(inner, min_size=1, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
              st.sampled_from(QUANTIFIERS)).map("".join),
    st.lists(inner, min_size=1, max_size=3).map("".join)), max_leaves=10)


@FUZZ
@given(patterns)
def test_the_backtracking_check_judges_a_repetition_wherever_it_stands(pattern: str) -> None:
    verdict = backtracking_problem(pattern)
    assert verdict is None or verdict.startswith(("a repetition", "the iterations"))
    for context in ("(?:{})", "x(?:{})y", "(?=z)(?:{})\\b"):
        assert (backtracking_problem(context.format(pattern)) is None) == (verdict is None), context
