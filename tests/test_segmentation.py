"""Clause segmentation against the hand-checked gold set in tests/data/segmentation.

The gold files mark every clause start with ``⟦`` (optionally ``{number|heading|parent}``)
and, in some files, every sentence start with ``‖``; the conventions are in that
folder's README. The markers are stripped and the real pipeline runs on the text
(extract from a file with the same suffix, then segment); boundaries are compared by
canonical offset. ``python bench/segmentation_accuracy.py --details`` prints the
same figures per file and style, with every miss.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from bpolint.extract.plain import document_from_text
from bpolint.segment import segment
from bpolint.segment.nlp import find_definitions, make_nlp
from conftest import REPO

GOLD = REPO / "tests" / "data" / "segmentation"


def _bench():
    spec = importlib.util.spec_from_file_location("segmentation_accuracy", REPO / "bench" / "segmentation_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


bench = _bench()


@pytest.fixture(scope="module")
def summary():
    return bench.evaluate_all()


def _seg(text: str):
    return segment(document_from_text(text, "t.txt"))


def _outline(text: str) -> list[tuple]:
    seg = _seg(text)
    return [(c.number, c.heading) for c in seg.clauses]


def _numbers(text: str) -> list:
    return [c.number for c in _seg(text).clauses]


# -- the gold set -----------------------------------------------------------------------------------------------


def test_gold_set_is_large_and_varied():
    golds = bench.load_gold()
    assert sum(len(g.clauses) for g in golds) >= 300
    assert any(g.path.suffix == ".md" for g in golds)
    assert any(g.sentences for g in golds)
    styles = {bench.style_of(c, g.text) for g in golds for c in g.clauses}
    for style in ("1.", "1.1", "1.1.1", "(a)", "(i) roman", "1)", "article", "section", "clause",
                  "schedule/annex/exhibit", "heading", "a.", "A."):
        assert style in styles, style


def test_boundary_f1(summary):
    b = summary.boundaries
    detail = "\n".join(e for r in summary.files for e in r.errors if not e.startswith(("number", "heading", "parent")))
    assert b.f1 >= 0.98, f"P={b.precision:.3f} R={b.recall:.3f} F1={b.f1:.3f}\n{detail}"


def test_each_file_segments_well(summary):
    weak = {r.name: round(r.boundaries.f1, 3) for r in summary.files if r.boundaries.f1 < 0.9}
    assert not weak


@pytest.mark.parametrize("attribute", ["number", "heading", "parent"])
def test_annotated_attributes(summary, attribute):
    ok, total = summary.attributes[attribute]
    errors = [e for r in summary.files for e in r.errors if e.startswith(attribute)]
    assert total > 100
    assert ok / total >= 0.97, "\n".join(errors)


def test_sentence_f1(summary):
    s = summary.sentences
    errors = [e for r in summary.files for e in r.errors if e.startswith("sentence")]
    assert s.tp + s.fn >= 30
    assert s.f1 >= 0.97, "\n".join(errors)


def test_gold_set_runs_fast(summary):
    assert summary.seconds < 5


def test_definitions_in_gold_files():
    expected = json.loads((GOLD / "definitions.json").read_text())
    for name, terms in expected.items():
        gold = bench.parse_gold((GOLD / name).read_text(encoding="utf-8"), GOLD / name)
        seg, _ = bench.run_pipeline(gold.text, Path(name).suffix)
        assert sorted({d.term for d in seg.definitions if d.primary}) == sorted(terms), name


# -- focused cases ----------------------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s.text for s in make_nlp()(text).sents]


@pytest.mark.parametrize("text,count", [
    ("Payment is due in U.S. dollars within 30 days. Late amounts bear interest.", 2),
    ("Acme Holdings, Inc. shall pay the fees. The Supplier shall invoice monthly.", 2),
    ("The Supplier is Northgate Co. of Texas and shall perform the Services.", 1),
    ("Fees are set out in Sec. 4.2 of the Manual, e.g. per-item fees, i.e. not hourly.", 1),
    ("Registered under No. 4471902 in Delaware. It is a U.K. Ltd. company.", 2),
    ("Work received by 3:00 p.m. Eastern Time is done the same day.", 1),
    ("Inspections run from 9 a.m. to 5 p.m. Redwood bears its own costs.", 2),
    ("Services include hosting, backups, etc. The Customer pays monthly.", 2),
    ("Late fees apply as provided in Section 3.2. Section 3.2 does not apply to disputes.", 2),
    ("The parties are listed in Schedule 1. (a) The Supplier shall comply.", 2),
])
def test_sentences_respect_legal_abbreviations(text, count):
    assert len(_sentences(text)) == count, _sentences(text)


def test_roman_versus_letter():
    text = "\n".join([
        "1. Duties. The Supplier shall:",
        "(g) keep records;", "(h) answer calls;", "(i) handle appeals; and", "(j) report monthly.",
        "2. Standards. The Supplier shall comply with:",
        "(a) the law, including:", "(i) privacy law;", "(ii) consumer law;", "(iii) tax law;", "(iv) labour law; and",
        "(v) any other law; and", "(b) the policies.",
    ])
    assert _numbers(text) == ["1", "1(g)", "1(h)", "1(i)", "1(j)", "2", "2(a)", "2(a)(i)", "2(a)(ii)", "2(a)(iii)",
                              "2(a)(iv)", "2(a)(v)", "2(b)"]


def test_dotted_romans_under_dotted_letters():
    text = "\n\n".join([
        "5.      REPORTS.",
        "        a.      Monthly. A claims report;",
        "        b.      Quarterly. An appeals report, showing:",
        "                i.      appeals received;",
        "                ii.     appeals decided; and",
        "        c.      Annual. A performance summary.",
    ])
    assert _numbers(text) == ["5", "5(a)", "5(b)", "5(b)(i)", "5(b)(ii)", "5(c)"]


def test_pdf_spacing_and_wide_gaps():
    text = ("2.1 General Statements\n\nKestrel will:\n\n  (a) provide support;    (b) install Equipment; and"
            "    (c) keep the register.   2.2 Service Desk\n\n2.2.1 Kestrel will run a service desk.")
    assert _outline(text) == [("2.1", "General Statements"), ("2.1(a)", None), ("2.1(b)", None), ("2.1(c)", None),
                              ("2.2", "Service Desk"), ("2.2.1", None)]


def test_one_line_pdf_page():
    text = ('Exhibit 10.9 CONSULTING AGREEMENT This Agreement is made by Acme, Inc. ("Company"). The Parties agree as '
            'follows: 1. Services. 1.1. Scope. Consultant shall perform the Services. 1.2. Reports. Consultant shall '
            'report monthly. 2. Fees. Company shall pay $5,000.00 per month under Section 2.1 of the Order. '
            'Consultant shall: (a) keep records; (b) invoice monthly; and (c) pay taxes.')
    assert _outline(text) == [(None, "CONSULTING AGREEMENT"), ("1", "Services"), ("1.1", "Scope"), ("1.2", "Reports"),
                              ("2", "Fees"), ("2(a)", None), ("2(b)", None), ("2(c)", None)]


def test_page_numbers_and_running_headers_are_not_clauses():
    page = "Hosting Agreement   Confidential   Page {n}   May 2004"
    text = "\n\n".join([
        "1. SERVICES. The Host shall keep the site available, including loss of power, loss of network",
        "-2-", "connectivity and environmental alarms.",
        "Acme Hosting Agreement", "2. FEES. The Customer shall pay monthly.", "Page 3 of 9",
        "Acme Hosting Agreement", "3. TERM. One year." + "   " + page.format(n=4),
        "Acme Hosting Agreement", "4. LAW. New York.",
    ])
    seg = _seg(text)
    assert [(c.number, c.heading) for c in seg.clauses] == [
        ("1", "SERVICES"), (None, "Acme Hosting Agreement"), ("2", "FEES"), ("3", "TERM"), ("4", "LAW")]
    first = seg.document.blocks[0].text
    assert first.endswith("loss of network connectivity and environmental alarms.")  # re-joined across the page
    assert all("Page" not in b.text for b in seg.document.blocks)


def test_references_are_not_clauses():
    text = "\n\n".join([
        "Section 5.2 of this Agreement controls over any conflicting term.",
        "Section 3.1 Fees. The Customer shall pay the fees. Section 3.2 applies to disputes. See Sec. 3.03 and "
        "clause 11.2(a), (b) and (c).",
        "Exhibit A attached hereto describes the Services.",
        "3.2 Disputes. The Customer shall (a) notify the Supplier and (b) pay the rest within 30 days of 1.5% "
        "interest.",
    ])
    assert _outline(text) == [("3.1", "Fees"), ("3.2", "Disputes")]


def test_article_heading_on_next_line_and_sections_under_it():
    text = "\n\n".join(["ARTICLE IV", "SERVICE LEVELS", "Section 4.01 Performance. Provider shall perform.",
                        "Section 4.02 Credits. Provider shall credit Client.", "ARTICLE V", "TERM",
                        "Section 5.01 Term. One year."])
    seg = _seg(text)
    assert [(c.number, c.heading) for c in seg.clauses] == [
        ("Article IV", "SERVICE LEVELS"), ("4.01", "Performance"), ("4.02", "Credits"), ("Article V", "TERM"),
        ("5.01", "Term")]
    assert [seg.clauses[c.parent].number if c.parent is not None else None for c in seg.clauses] == [
        None, "Article IV", "Article IV", None, "Article V"]


def test_uk_schedules_and_annexes():
    text = "\n\n".join(["1. SERVICES", "1.1 The Supplier shall provide the Services.", "Schedule 2 – Service Levels",
                        "1. Availability", "1.1 The system shall be available 99.9% of the time.",
                        "ANNEX A – REPORT FORMAT", "The report lists each Service Level."])
    assert _outline(text) == [("1", "SERVICES"), ("1.1", None), ("Schedule 2", "Service Levels"),
                              ("Schedule 2 para 1", "Availability"), ("Schedule 2 para 1.1", None),
                              ("Annex A", "REPORT FORMAT")]


def test_numbered_paren_lists():
    text = "\n".join(["1.   Services. Vendor shall:", "1)   answer calls;", "2)   log contacts.",
                      "APPENDIX 1 - SERVICE LEVELS", "1)   Speed of answer: 45 seconds."])
    assert _numbers(text) == ["1", "1(1)", "1(2)", "Appendix 1", "Appendix 1 para 1"]


def test_signature_blocks_and_party_names_are_not_headings():
    text = "\n\n".join(["9. LAW. This Agreement is governed by the laws of Florida.",
                        "IN WITNESS WHEREOF, the parties have signed this Agreement.",
                        "TIDEWATER OUTFITTERS, INC.            LUMEN WEB SERVICES, INC.",
                        "ACME HOLDINGS LLC", "By: /s/ Carla Diaz", "Title: President"])
    assert _numbers(text) == ["9"]


def test_title_case_headings():
    text = "\n\n".join(["Fees and Payment", "The Customer shall pay a monthly fee of $295.00 in advance each month.",
                        "Governing Law", "This Agreement shall be governed by the laws of the State of Florida.",
                        "Marcus Vail", "Title: CEO"])
    assert _outline(text) == [(None, "Fees and Payment"), (None, "Governing Law")]


def test_table_of_contents_entries_are_not_clauses():
    text = "\n\n".join([
        "TABLE OF CONTENTS",
        "ARTICLE I DEFINITIONS    1            Section 1.01 Defined Terms    1   Section 1.02 Interpretation    2",
        "ARTICLE II SERVICES    3            Section 2.01 Scope    3",
        "ARTICLE I", "DEFINITIONS",
        "Section 1.01 Defined Terms. Capitalized terms used in this Agreement have the meanings given below, and "
        "other terms have their ordinary meaning.",
        "ARTICLE II SERVICES", "Section 2.01 Scope. Provider shall perform the services in Exhibit A, as amended "
        "from time to time by the parties."])
    assert _outline(text) == [(None, "TABLE OF CONTENTS"), ("Article I", "DEFINITIONS"), ("1.01", "Defined Terms"),
                              ("Article II", "SERVICES"), ("2.01", "Scope")]


def test_edgar_exhibit_tag_is_not_a_schedule():
    seg = _seg("EXHIBIT 10.7\n\nMASTER SERVICES AGREEMENT\n\n1. Services. The Supplier shall perform the Services.")
    assert [(c.number, c.heading) for c in seg.clauses] == [(None, "EXHIBIT 10.7"), (None, "MASTER SERVICES AGREEMENT"),
                                                            ("1", "Services")]
    assert seg.clauses[2].parent is not None and seg.clauses[seg.clauses[2].parent].number is None


def test_markdown_nested_lists(tmp_path):
    from bpolint.extract import extract

    path = tmp_path / "a.md"
    path.write_text("# Terms\n\n1. **Fees**\n    1. **Payment.** Customer pays in 30 days.\n"
                    "        a. Late amounts bear interest.\n    2. **Taxes.** Fees exclude taxes.\n2. **Term**\n",
                    encoding="utf-8")
    seg = segment(extract(path))
    assert [(c.number, c.heading) for c in seg.clauses] == [
        (None, "Terms"), ("1", "Fees"), ("1.1", "Payment"), ("1.1(a)", None), ("1.2", "Taxes"), ("2", "Term")]


def test_headings_are_not_taken_from_sentences():
    text = "\n".join(["3.2 In providing the Services, the Supplier shall:", "(a) comply with industry standards; and",
                      "(b) Assignment. Neither party may assign this Agreement.",
                      "(c) Ashdown Payroll Solutions Ltd. incorporated in England shall act as agent.",
                      "(d) Severity 1: the system is down."])
    assert [h for _, h in _outline(text)] == [None, None, "Assignment", None, None]


def test_clause_spans_and_locations():
    text = "1. Services. The Supplier shall:\n(a) host; and\n(b) support.\n2. Fees. Monthly."
    seg = _seg(text)
    one, a, b, two = seg.clauses
    assert (one.start, one.end) == (0, text.index("2. Fees"))
    assert a.parent == one.index and b.parent == one.index and two.parent is None
    assert seg.document.text[b.start:b.end].startswith("(b) support.")
    block = next(i for i, blk in enumerate(seg.document.blocks) if blk.text.startswith("(b)"))
    loc = seg.location(block, 4)
    assert (loc.clause, loc.heading, loc.line) == ("1(b)", "Services", 3)
    assert seg.clause_at(block, 0).number == "1(b)"


@pytest.mark.parametrize("text,terms", [
    ('"Services" means the services in Schedule 1.', ["Services"]),
    ('Acme Ltd (the "Supplier") and Beta plc (the "Customer") agree.', ["Customer", "Supplier"]),
    ('The term "Uptime" shall mean available minutes.', ["Uptime"]),
    ('The words "include" and "including" are not limiting.', []),
])
def test_definitions(text, terms):
    assert sorted(t for t, _, _ in find_definitions(text)) == terms


@pytest.mark.parametrize("text,term", [
    ("Business Day: a day other than a Saturday, Sunday or bank holiday in England.", "Business Day"),
    ("1.1 Service Credit means the amount calculated under Schedule 2.", "Service Credit"),
    ("(a) Charges: the fees payable under Schedule 3.", "Charges"),
    ("Customer Data has the meaning given in clause 5.", "Customer Data"),
])
def test_unquoted_uk_definitions(text, term):
    from bpolint.segment.nlp import find_definitions

    assert [d[0] for d in find_definitions(text)] == [term]


@pytest.mark.parametrize("text", ["Address: [to be confirmed]", "Note: the Supplier shall report monthly.",
                                  "The Supplier means to comply.", "TERM: the period of the Agreement"])
def test_not_unquoted_definitions(text):
    from bpolint.segment.nlp import find_definitions

    assert find_definitions(text) == []


def test_label_after_an_opening_quote_does_not_crash() -> None:
    # '"(a) ...': nothing but a quote before the label; the label starts the block
    from bpolint.extract.plain import document_from_text
    from bpolint.segment import segment

    seg = segment(document_from_text('"(a) The Supplier shall host the Systems. (b) The Customer shall pay.', "q.txt"))
    assert [c.label for c in seg.clauses] == ["(a)", "(b)"]
