"""PDF extraction: small PDFs are written by hand (Helvetica text at given positions).

The two encrypted fixtures were made once from such a PDF with qpdf:
``qpdf --encrypt secret owner-pass 256 -- in.pdf encrypted-password.pdf`` and
``qpdf --encrypt "" owner-pass 256 -- in.pdf encrypted-owner-only.pdf``.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bpolint.errors import BpolintError
from bpolint.extract import ExtractOptions, extract
from bpolint.extract import pdf as pdf_extract
from bpolint.extract.builder import normalize
from pdfbuild import Text, text_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CUAD_PDF = SHARED / "corpora" / "real" / "cuad" / "pdf"



# ------------------------------------------------------------------ builder


def lines(text: str, x: float = 72, top: float = 700, width: int = 85, leading: float = 14) -> list[Text]:
    """Wrap ``text`` to ``width`` characters; blank lines in it leave a paragraph gap."""
    out: list[Text] = []
    y = top
    for para in text.strip().split("\n\n"):
        for row in textwrap.wrap(" ".join(para.split()), width):
            out.append((x, y, row))
            y -= leading
        y -= leading
    return out


def read(data: bytes):
    return pdf_extract.extract("t.pdf", data, ExtractOptions())


def body(doc) -> list[tuple[int | None, str]]:
    return [(b.page, b.text) for b in doc.blocks if b.part == "body"]


# ----------------------------------------------------------------- layout

CLAUSES = [
    "1. The Supplier shall provide the Services from the Effective Date in accordance with the Service "
    "Levels set out in Schedule 2 and shall report on its performance every month.",
    "2. The Customer shall pay each undisputed invoice within thirty days of receipt.",
    "3. Either party may terminate this Agreement on ninety days written notice to the other party.",
]


def _page(number: int, content: list[Text]) -> list[Text]:
    head = [(72, 760, "ACME SERVICES LTD - MASTER SERVICES AGREEMENT")]
    foot = [(72, 40, "Commercial in confidence"), (290, 40, f"Page {number} of 3")]
    return head + content + foot


def test_running_heads_and_page_numbers_removed_and_pages_kept() -> None:
    doc = read(text_pdf([
        _page(1, lines(CLAUSES[0] + "\n\n" + CLAUSES[1])),
        _page(2, lines(CLAUSES[2])),
        _page(3, [(72, 700, "Signed for the Supplier")]),
    ]))
    assert body(doc) == [(1, CLAUSES[0]), (1, CLAUSES[1]), (2, CLAUSES[2]), (3, "Signed for the Supplier")]
    furniture = [(b.part, b.page, b.text) for b in doc.blocks if b.part != "body"]
    assert furniture == [
        ("header", 1, "ACME SERVICES LTD - MASTER SERVICES AGREEMENT"),
        ("footer", 1, "Commercial in confidence Page 1 of 3"),  # one printed line, as on page 1
    ]
    assert "Page 2" not in doc.text and [b.paragraph for b in doc.blocks[:4]] == [0, 1, 2, 3]


def test_paragraph_continues_across_a_page_break() -> None:
    first = "4. The Supplier shall maintain a business continuity plan and shall test"
    doc = read(text_pdf([
        _page(1, [(72, 700, first)]),
        _page(2, [(72, 740, "it at least once a year."), (72, 712, "5. Notices must be in writing.")]),
        _page(3, [(72, 700, "Schedule 1")]),
    ]))
    assert body(doc)[:2] == [(1, first + " it at least once a year."), (2, "5. Notices must be in writing.")]


def test_end_of_line_hyphenation_joined_but_real_hyphens_kept() -> None:
    doc = read(text_pdf([[
        (72, 700, "The Supplier shall provide the manage-"),
        (72, 686, "ment services and may use any third-"),
        (72, 672, "party software on a non-"),
        (72, 658, "exclusive basis, with set-up costs and a set-"),
        (72, 644, "up fee paid by the Customer."),
    ]]))
    assert body(doc) == [(1, "The Supplier shall provide the management services and may use any third-party "
                             "software on a non-exclusive basis, with set-up costs and a set-up fee paid by the Customer.")]


def test_clause_number_drawn_apart_stays_with_its_text() -> None:
    doc = read(text_pdf([[
        (108, 700, "Term. This Agreement starts on the Effective Date."),
        (72, 700, "1.1"),
        (108, 672, "Fees. The Customer shall pay the Charges."),
        (72, 672, "1.2"),
    ]]))
    assert body(doc) == [(1, "1.1 Term. This Agreement starts on the Effective Date."),
                         (1, "1.2 Fees. The Customer shall pay the Charges.")]


def test_paragraph_breaks_from_gaps_short_lines_and_labels() -> None:
    doc = read(text_pdf([[
        (72, 700, "SCHEDULE 2 - SERVICE LEVELS"),
        (72, 672, "The Supplier shall meet the following targets, measured each calendar month by the"),
        (72, 658, "Supplier's monitoring tools:"),
        (90, 644, "(a) availability of 99.9% for the hosted platform; and"),
        (90, 630, "(b) first response to Priority 1 incidents within fifteen minutes."),
        (72, 602, "Service credits apply where a target is missed."),
    ]]))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "SCHEDULE 2 - SERVICE LEVELS"),
        ("paragraph", "The Supplier shall meet the following targets, measured each calendar month by the "
                      "Supplier's monitoring tools:"),
        ("paragraph", "(a) availability of 99.9% for the hosted platform; and"),
        ("paragraph", "(b) first response to Priority 1 incidents within fifteen minutes."),
        ("paragraph", "Service credits apply where a target is missed."),
    ]


def test_clause_label_run_into_its_first_word_gets_a_space() -> None:
    doc = read(text_pdf([[
        (72, 700, "(d)Fund Reimbursement Policies. The Trust shall reimburse the Administrator."),
        (72, 672, "12.Termination. This Agreement shall terminate on ninety days written notice."),
        (90, 644, "(iii)it is not required to be registered as a broker-dealer; and"),
        (90, 630, "(i)a monthly fee for each active account."),
        (72, 602, "1.5% of the annual Charges is withheld until acceptance."),
        (72, 540, "Employee(s)shall mean the staff of the Supplier."),
    ]]))
    assert [text for _, text in body(doc)] == [
        "(d) Fund Reimbursement Policies. The Trust shall reimburse the Administrator.",
        "12. Termination. This Agreement shall terminate on ninety days written notice.",
        "(iii) it is not required to be registered as a broker-dealer; and",
        "(i) a monthly fee for each active account.",
        "1.5% of the annual Charges is withheld until acceptance.",
        "Employee(s)shall mean the staff of the Supplier.",
    ]


def test_semicolon_read_as_greek_question_mark_is_a_semicolon() -> None:
    # Many fonts map ";" to U+037E, which is canonically the same character.
    assert pdf_extract._word_text("Services\u037e") == "Services;"
    assert pdf_extract._word_text("Supplier\u2019s") == "Supplier\u2019s"


def _rows(texts: list[str], x: float = 72, top: float = 700, leading: float = 14) -> list[Text]:
    return [(x, top - leading * i, t) for i, t in enumerate(texts)]


def test_line_ends_early_because_the_next_word_is_wide() -> None:
    # Line 3 stops about 75 pt short of the margin: an average-width word would have
    # fitted, but "MANAGEMENT" (79 pt in 11 pt Helvetica) would not.
    texts = [
        "The Supplier shall keep a full and accurate list of all staff it uses to fulfil its duties under",
        "this Agreement, and shall fill each vacancy with skilled and vetted staff within ten days",
        "of the vacancy arising, in line with the staffing limits set in the Supplier's",
        "MANAGEMENT PLAN approved by the Customer. The Supplier shall notify each change to",
        "the Customer in writing and shall ensure that each member of staff holds the security",
        "clearances required by the Customer for access to its premises and systems.",
        "The Customer shall pay each undisputed invoice within thirty days.",
    ]
    doc = read(text_pdf([_rows(texts)]))
    assert [t for _, t in body(doc)] == [" ".join(texts[:6]), texts[6]]


def test_margin_is_not_set_by_one_long_line() -> None:
    # The second line runs past the others (an address that cannot be broken); the
    # margin stays where the other lines end, so "Customer" would not have fitted
    # after line 3.
    texts = [
        "The Supplier shall report on its performance against each Service Level every month and",
        "shall include in each report the figures set out at https://portal.example.com/reports/monthly/sla-report",
        "for the month, together with an explanation of each Service Level that the Supplier's",
        "Customer Manager considers to have been missed and of the remedial steps that the",
        "Supplier intends to take, and shall attend a review meeting with the Customer when asked.",
    ]
    doc = read(text_pdf([_rows(texts)]))
    assert [t for _, t in body(doc)] == [" ".join(texts)]


def test_forced_line_break_in_mid_sentence_is_joined() -> None:
    doc = read(text_pdf([_rows([
        "(d) Fund Reimbursement Policies. The Trust agrees to treat the",
        "Administrator's customers no less favourably than the Trust treats other shareholders of the",
        "Fund, or of any other fund of the Trust, in applying the provisions of paragraphs (b) and (c).",
        "(e) Notices. Each notice shall be given by hand or",
        "(f) by electronic mail to the address notified by the other party.",
    ], x=90)]))
    assert [t for _, t in body(doc)] == [
        "(d) Fund Reimbursement Policies. The Trust agrees to treat the Administrator's customers no less "
        "favourably than the Trust treats other shareholders of the Fund, or of any other fund of the Trust, "
        "in applying the provisions of paragraphs (b) and (c).",
        "(e) Notices. Each notice shall be given by hand or",  # a new item follows
        "(f) by electronic mail to the address notified by the other party.",
    ]


def test_lead_in_stopping_in_mid_sentence_runs_on_into_its_first_item() -> None:
    doc = read(text_pdf([[
        (72, 700, "12. Termination. This Agreement shall terminate"),
        (108, 686, "(a) at the option of any party, upon 90 days' written notice to the other parties; or"),
        (108, 672, "(b) in the event of a material breach not cured within ten days of notice."),
        (72, 658, "13. Scope. The Supplier shall provide the following:"),
        (108, 644, "(a) hosting of the platform; and"),
        (108, 630, "(b) support during business hours."),
    ]]))
    assert [t for _, t in body(doc)] == [
        "12. Termination. This Agreement shall terminate (a) at the option of any party, upon 90 days' "
        "written notice to the other parties; or",
        "(b) in the event of a material breach not cured within ten days of notice.",
        "13. Scope. The Supplier shall provide the following:",
        "(a) hosting of the platform; and",
        "(b) support during business hours.",
    ]


def test_page_number_printed_inside_a_page_is_dropped_and_the_sentence_goes_on() -> None:
    # A filing printed as one stream: its own page number "7" sits mid-page, set apart
    # by blank lines, and the sentence runs on after it.
    doc = read(text_pdf([[
        (72, 700, "The Supplier shall prepare a proposal for each request for Professional Services"),
        (72, 686, "and may respond to"),
        (290, 644, "7"),
        (72, 602, "several requests in a single proposal, provided that it itemises each of them."),
        (72, 560, "The Customer shall accept or reject each proposal within ten days."),
    ]]))
    assert [t for _, t in body(doc)] == [
        "The Supplier shall prepare a proposal for each request for Professional Services and may respond "
        "to several requests in a single proposal, provided that it itemises each of them.",
        "The Customer shall accept or reject each proposal within ten days.",
    ]


def test_footnote_number_set_apart_is_not_a_table_cell_and_rules_stand_apart() -> None:
    doc = read(text_pdf([[
        (72, 700, "Each Banking Application is available from 6:00 a.m. to midnight on business days."),
        (72, 686, "_____________________"),
        (72, 672, "1"),
        (100, 672, "The Supplier aims to provide availability around the clock for these"),
        (72, 658, "systems, but needs regular windows for technical maintenance."),
    ]]))
    assert [t for _, t in body(doc)] == [
        "Each Banking Application is available from 6:00 a.m. to midnight on business days.",
        "_____________________",
        "1 The Supplier aims to provide availability around the clock for these systems, but needs regular "
        "windows for technical maintenance.",
    ]


def test_paragraph_in_capitals_is_one_block_and_headings_stand_alone() -> None:
    doc = read(text_pdf([[
        (160, 740, "MASTER SERVICES AGREEMENT"),
        (250, 726, "BETWEEN"),
        (72, 698, "12. LIMITATION OF LIABILITY"),
        (90, 684, "(a) EXCEPT FOR LIABILITY FOR DEATH OR PERSONAL INJURY, NEITHER PARTY SHALL BE"),
        (108, 670, "LIABLE FOR ANY INDIRECT OR CONSEQUENTIAL LOSS, AND EACH PARTY'S TOTAL LIABILITY"),
        (108, 656, "SHALL NOT EXCEED THE CHARGES PAID IN THE TWELVE MONTHS BEFORE THE CLAIM."),
        (90, 642, "(b) Nothing in this Agreement limits liability for fraud."),
    ]]))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "MASTER SERVICES AGREEMENT"),
        ("heading", "BETWEEN"),
        ("heading", "12. LIMITATION OF LIABILITY"),
        ("paragraph", "(a) EXCEPT FOR LIABILITY FOR DEATH OR PERSONAL INJURY, NEITHER PARTY SHALL BE LIABLE FOR "
                      "ANY INDIRECT OR CONSEQUENTIAL LOSS, AND EACH PARTY'S TOTAL LIABILITY SHALL NOT EXCEED "
                      "THE CHARGES PAID IN THE TWELVE MONTHS BEFORE THE CLAIM."),
        ("paragraph", "(b) Nothing in this Agreement limits liability for fraud."),
    ]


def test_contents_entries_with_dot_leaders_stand_alone() -> None:
    entries = ["1. Definitions" + "." * 60 + "3", "2. Term of Agreement" + "." * 54 + "4",
               "3. Services" + "." * 63 + "4", "4. Charges" + "." * 64 + "5"]
    doc = read(text_pdf([[(72, 740, "TABLE OF CONTENTS")] + _rows(entries, top=712, leading=16)], font="Courier", size=9))
    assert [t for _, t in body(doc)] == ["TABLE OF CONTENTS"] + entries


def test_typed_filing_wraps_an_indented_paragraph_earlier() -> None:
    # Courier text wrapped by character count: the body at 80 columns, a paragraph
    # indented by 5 at 71, so that its lines end a few characters short of the page's
    # margin: "reason" / "to" is a wrap there, not a paragraph end.
    body_lines = [
        "The Customer shall give the Supplier access to its premises, systems and data as",
        "reasonably required for the Services, shall make each decision requested by the",
        "Supplier's account manager within five working days of the request, and shall",
        "act reasonably and in good faith in all its dealings with the Supplier.",
    ]
    indented = ("Each party agrees to maintain in confidence what it knows or has reason to know is "
                "regarded as confidential by the other party, and will not disclose it to any person "
                "except its employees or consultants to whom it is necessary to disclose it for such "
                "purposes, who are bound by written terms at least as protective as these.")
    wrapped = textwrap.wrap(indented, 71)
    rows = _rows(body_lines, x=36, leading=10) + _rows(wrapped, x=36 + 5 * 4.8, top=660, leading=10)
    doc = read(text_pdf([rows], font="Courier", size=8))
    assert [t for _, t in body(doc)] == [" ".join(body_lines), indented]


LEFT = ("The Supplier shall provide the Services with reasonable skill and care, in accordance with "
        "Good Industry Practice and all applicable laws, and shall ensure that its personnel are suitably "
        "qualified, experienced and vetted before they are given access to the Customer's premises or data.")
RIGHT = ("The Customer shall provide the Supplier with access to its premises, systems and information as "
         "reasonably required for the performance of the Services, and shall respond to requests for "
         "decisions within five working days of receiving them from the Supplier's account manager.")


def test_two_column_page_is_read_column_by_column() -> None:
    left = lines(LEFT, x=60, top=660, width=42)
    right = lines(RIGHT, x=320, top=660, width=42)
    rows = [item for pair in zip(left, right) for item in pair]  # drawn row by row across the page
    rows += left[len(right):] + right[len(left):]
    doc = read(text_pdf([[(60, 720, "SERVICE OBLIGATIONS OF BOTH PARTIES")] + rows]))
    assert body(doc) == [(1, "SERVICE OBLIGATIONS OF BOTH PARTIES"), (1, LEFT), (1, RIGHT)]


def test_table_rows_are_not_taken_for_columns() -> None:
    rows = [(60, 700 - 14 * i, f"Service level {i}") for i in range(14)]
    rows += [(330, 700 - 14 * i, f"{90 + i / 10:.1f}% monthly") for i in range(14)]
    rows.sort(key=lambda t: (-t[1], t[0]))
    doc = read(text_pdf([rows]))
    assert body(doc)[:2] == [(1, "Service level 0 90.0% monthly"), (1, "Service level 1 90.1% monthly")]


# ------------------------------------------------------------ text layer


def test_page_without_text_layer_warns() -> None:
    scan = "0 0 m 500 700 l S 100 100 400 500 re f"  # drawn, not text: as a scanned page
    doc = read(text_pdf([[(72, 700, "Page one text.")], []], drawings={1: scan}))
    assert doc.warnings == ("[W302] page 2 has no text layer",)
    assert body(doc) == [(1, "Page one text.")]


def test_pdf_without_any_text_needs_ocr() -> None:
    with pytest.raises(BpolintError) as info:
        read(text_pdf([[], []], drawings={0: "0 0 m 500 700 l S", 1: "0 0 m 100 100 l S"}))
    assert info.value.code == "E307"


# ----------------------------------------------------------------- errors


def test_encrypted_pdf_needs_a_password() -> None:
    with pytest.raises(BpolintError) as info:
        extract(FIXTURES / "encrypted-password.pdf")
    assert info.value.code == "E306"


def test_encrypted_pdf_with_empty_user_password_opens() -> None:
    doc = extract(FIXTURES / "encrypted-owner-only.pdf")
    assert doc.text == "Encrypted test contract. The Supplier shall keep records."


@pytest.mark.parametrize("data, code", [
    (b"%PDF-1.4\nnot really a pdf", "E317"),
    (b"\x00\x01\x02garbage bytes", "E305"),
    (text_pdf([[(72, 700, "Hello")]])[:150], "E317"),
    (b"%PDF-1.4\nnot really a pdf\n%%EOF\n", "E305"),
])
def test_corrupt_pdf_is_e305_and_truncated_e317(data: bytes, code: str) -> None:
    with pytest.raises(BpolintError) as info:
        read(data)
    assert info.value.code == code
    assert "\n" not in str(info.value)


def test_registry_reads_pdf_file(tmp_path: Path) -> None:
    path = tmp_path / "contract.pdf"
    path.write_bytes(text_pdf([[(72, 700, "Hello contract.")]]))
    doc = extract(path)
    assert doc.format == "pdf" and body(doc) == [(1, "Hello contract.")]


# ------------------------------------------------------------- real corpus

REAL = ["DRIVENDELIVERIES", "ELANDIAINTERNATIONAL", "VitalibisInc"]


@pytest.mark.skipif(not CUAD_PDF.is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("stem", REAL)
def test_real_pdf_pages_and_furniture(stem: str) -> None:
    path = next(CUAD_PDF.glob(f"{stem}*"))
    doc = extract(path)
    pages = [b.page for b in doc.blocks if b.part == "body"]
    assert pages == sorted(pages) and pages[0] == 1
    assert all(b.text == normalize(doc.text[b.start:b.end])[0] for b in doc.blocks)
    assert not any(pdf_extract._PAGE_NUMBER.match(b.text) for b in doc.blocks)
    assert any(b.part == "footer" for b in doc.blocks)
