"""Plain-text and Markdown extraction: encodings, structure, and exact source locations."""
from __future__ import annotations

import codecs

import pytest

from bpolint.extract import extract

TEXT = "1. TERM\n\nThe Agreement runs for twelve (12) months \u2013 from the \u201cEffective Date\u201d.\n"


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8),
                                          ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_unicode_encodings_read_without_warning(tmp_path, encoding, bom):
    p = tmp_path / "c.txt"
    p.write_bytes(bom + TEXT.encode(encoding))
    doc = extract(p)
    assert doc.warnings == ()
    assert [b.text for b in doc.blocks] == ["1. TERM", 'The Agreement runs for twelve (12) months - from the "Effective Date".']


def test_cp1252_falls_back_with_a_warning(tmp_path):
    p = tmp_path / "c.txt"
    p.write_bytes(TEXT.replace("\u2013", "-").encode("cp1252") + "caf\u00e9 \u20ac5".encode("cp1252"))
    doc = extract(p)
    assert doc.warnings and "W301" in doc.warnings[0]
    assert doc.blocks[-1].text.endswith("caf\u00e9 \u20ac5")


def test_hard_wrapped_paragraphs_are_joined_and_locations_point_into_the_file(tmp_path):
    src = ("SERVICES AGREEMENT\n\n2.1 The Supplier shall provide the help desk\nservices described in Schedule 1 to the\n"
           "Customer.\n2.2 The Customer shall pay.\n")
    p = tmp_path / "c.txt"
    p.write_text(src)
    doc = extract(p)
    texts = [b.text for b in doc.blocks]
    assert texts[1] == "2.1 The Supplier shall provide the help desk services described in Schedule 1 to the Customer."
    assert texts[2] == "2.2 The Customer shall pay."
    b = doc.blocks[1]
    i = b.text.index("Schedule 1")
    assert doc.line_col(b.canonical(i)) == (4, 23)
    assert src.splitlines()[3][22:32] == "Schedule 1"


def test_page_numbers_dropped_and_split_paragraph_rejoined(tmp_path):
    src = "1.1 The Supplier shall maintain the\n\n7\n\nsystems at all times.\n"
    p = tmp_path / "c.txt"
    p.write_text(src)
    assert [b.text for b in extract(p).blocks] == ["1.1 The Supplier shall maintain the systems at all times."]


def test_a_word_broken_at_a_line_end_is_joined_and_its_location_is_its_first_half(tmp_path):
    src = ("9.4 The Supplier shall pay any Service Credits within thirty (30) days, and shall prompt-\n"
           "ly credit any duplicate payment recovered from a vendor.\n")
    p = tmp_path / "c.txt"
    p.write_text(src)
    b = extract(p).blocks[0]
    assert "shall promptly credit any duplicate" in b.text
    doc = extract(p)
    assert doc.line_col(b.canonical(b.text.index("promptly"))) == (1, src.index("prompt-") + 1)


@pytest.mark.parametrize("src,joined", [
    ("The Supplier may engage a third-\nparty auditor to review the records.", "a third-party auditor"),
    ("The Customer shall pay the set-\nup fee in Schedule 3, and no other set-up charge.", "the set-up fee"),
    ("Pre- and post-\nclosing covenants survive. The pre-\nand post-closing periods are set out below.",
     "The pre- and post-closing"),
])
def test_a_hyphen_that_belongs_to_the_word_stays(tmp_path, src, joined):
    p = tmp_path / "c.txt"
    p.write_text(src + "\n")
    assert joined in extract(p).blocks[0].text


@pytest.mark.parametrize("src,joined", [
    ("4.01 The Transition shall begin on\n1 March 2027 and shall be completed by 15 April 2027.\n",
     "begin on 1 March 2027 and"),
    ("9.04 The costs of any audit under this Section\n9.04 shall be borne by the Customer.\n", "this Section 9.04 shall"),
    ("11.2 The breach must be remedied within twenty\n(20) Business Days after notice.\n", "twenty (20) Business Days"),
])
def test_a_number_wrapped_to_the_start_of_a_line_stays_in_its_sentence(tmp_path, src, joined):
    p = tmp_path / "c.txt"
    p.write_text(src)
    blocks = extract(p).blocks
    assert len(blocks) == 1 and joined in blocks[0].text


def test_a_clause_number_after_a_finished_sentence_starts_a_clause(tmp_path):
    p = tmp_path / "c.txt"
    p.write_text("9.03 The Supplier shall report within 5 days.\n9.04 The Customer may audit the Services on\n"
                 "10 Business Days' notice.\n9.05 Each Party bears its own costs.\n")
    assert [b.text[:4] for b in extract(p).blocks] == ["9.03", "9.04", "9.05"]


def test_markdown_structure(tmp_path):
    src = ("# Services Agreement\n\n## 1. Term\n\n1. **Initial term.** The term is\n   twelve months.\n"
           "    1. Nested item with <span class=\"x\">markup</span> and a [link](https://e.x).\n\n"
           "| Service | Target |\n| --- | --- |\n| Availability | 99.9% |\n")
    p = tmp_path / "c.md"
    p.write_text(src)
    doc = extract(p)
    kinds = [(b.kind, b.level, b.label, b.text) for b in doc.blocks]
    assert kinds[0] == ("heading", 1, None, "Services Agreement")
    assert kinds[1] == ("heading", 2, None, "1. Term")
    assert kinds[2] == ("list-item", 1, "1.", "1. Initial term. The term is twelve months.")
    assert kinds[3] == ("list-item", 2, "1.", "1. Nested item with markup and a link.")
    assert [k[3] for k in kinds[4:]] == ["Service | Target", "Availability | 99.9%"] and kinds[5][0] == "table-row"
    b = doc.blocks[3]
    assert src[b.canonical(b.text.index("markup")):][:6] == "markup"  # masked markup keeps offsets exact


def test_a_line_of_20000_blanks_is_read_in_linear_time(tmp_path):
    # The page-footer pattern starts only where a run of blanks starts: tried at every position of a long run, it
    # once backtracked quadratically, and a line of 20,000 blanks did not finish.
    p = tmp_path / "c.txt"
    p.write_text("The Supplier shall provide the Services.\n\n" + " " * 20000 + "x\n")
    assert [b.text for b in extract(p).blocks] == ["The Supplier shall provide the Services.", "x"]
