"""Hygiene detectors on the shapes real filings take after PDF conversion.

Each case is a pattern seen in the shared real-contract corpus (redactions, signature
blanks, nested lists without indentation, tables of contents, statute references),
rewritten in a few lines.
"""
from __future__ import annotations

import pytest

from bpolint.engine import evaluate
from bpolint.extract.plain import document_from_text
from bpolint.model import Severity
from bpolint.ruleset import RuleSet, load_ruleset
from bpolint.segment import segment

RULESET = load_ruleset()


def findings(rule_id: str, text: str):
    rule = next(r for r in RULESET.rules if r.id == rule_id)
    single = RuleSet(RULESET.taxonomy, (rule,), RULESET.vocabularies)
    result = evaluate(segment(document_from_text(text, "case.txt")), single, ())
    return [f for f in result.findings if f.rule == rule_id]


# --- placeholders (HY01) -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The monthly fee is [*****] per agent hour and the cap is $[*].",
    "By: ______________________ Name: ____________________ Title: ____________________",
    "_____________________________________ (Print Name)",
    "\u25cf The Contractor shall prepare Bi-Weekly Project Status Reports.",
    "- [ ] Continues until terminated in accordance with the terms of the MNDA.",
    "ANNUAL FEE. [ ] Technical Support Hours Maximum: [*] per year.",
    "Notices delivered by courier are deemed delivered one (1) day after delivery. 4 ____ ____",
])
def test_placeholder_not_reported(text):
    assert findings("HY01", text) == []


@pytest.mark.parametrize("text", [
    "This Agreement is entered into as of [Date] in Beijing.",
    "The Service Fee shall be RMB \u25cf per quarter.",
    "For a period of not less than ____ months, the Supplier will provide one programmer.",
    "Quality standards are specified in the Performance Work Statement, Sections XX and YY.",
    "Governing Law: [Fill in state]",
])
def test_placeholder_reported(text):
    assert len(findings("HY01", text)) == 1


def test_placeholders_in_one_sentence_are_one_finding():
    found = findings("HY01", "The fee for the [\u2022] quarter of 20[\u2022] shall be RMB [\u2022].")
    assert len(found) == 1
    assert "2 more" in found[0].message


def test_blank_in_a_form_exhibit_is_info():
    text = ("The Supplier shall perform the Services.\n\n"
            "EXHIBIT D FORM OF STATEMENT OF WORK\n\n"
            "This Statement of Work #XXXX is made under the Agreement.")
    found = findings("HY01", text)
    assert [f.severity for f in found] == [Severity.INFO]


# --- numbering (HY05) ----------------------------------------------------------------

NESTED = """1. Services
1. Providing Services. The Supplier will perform the Services.
2. Cooperation. The Customer will cooperate.
2. Intellectual Property
1. Deliverables. The Supplier assigns the Deliverables.
2. Customer Materials. The Supplier may use Customer Materials.
3. Payment
1. Fees. The Customer will pay the Fees.
"""


def test_nested_lists_without_indentation_are_not_gaps():
    assert findings("HY05", NESTED) == []


def test_gap_is_reported():
    text = "1. Services\nThe Supplier shall perform.\n2. Charges\nThe Customer shall pay.\n4. Term\nThree years."
    found = findings("HY05", text)
    assert len(found) == 1 and "skips from 2 to 4" in found[0].message


def test_label_glued_to_previous_paragraph_is_not_a_gap():
    text = ("1. Services\nThe Supplier shall perform the Services.\n"
            "2. Charges\nThe Customer shall pay the Charges. Attention: Finance 3. Dispute Resolution\n"
            "The parties shall negotiate.\n4. Term\nThis Agreement runs for three years.")
    assert findings("HY05", text) == []


def test_letter_i_after_h_is_a_letter():
    text = "1. Duties\nThe Supplier shall:\n" + "\n".join(
        f"({c}) perform task {c};" for c in "abcdefghijk")
    assert findings("HY05", text) == []


# --- cross-references (HY04) ---------------------------------------------------------

BODY = "\n".join(f"{n}. Heading {n}\n{n}.1 The parties agree to clause {n}.1." for n in range(1, 8))


@pytest.mark.parametrize("reference", [
    "records required by Section 31(a) of the 1940 Act",
    "under the authority of Section 761(a) of the Internal Revenue Code",
    "the criteria of Section 508 unless exempt",
    "as described in Section 7 of the Statement of Work",
])
def test_reference_to_another_instrument_is_not_broken(reference):
    assert findings("HY04", BODY + f"\nThe Supplier shall keep {reference}.") == []


def test_nested_numbers_resolve():
    text = NESTED + "4. Survival\n1. Survival. Section 2.2 and Section 3.1 survive termination.\n5. Other\n1. Notices. None."
    assert findings("HY04", text) == []


def test_missing_clause_is_reported():
    found = findings("HY04", BODY + "\nThe Customer may terminate under Section 11(g).")
    assert len(found) == 1 and "Section 11(g)" in found[0].message


# --- numbers in words and digits (HY06) ----------------------------------------------

def test_article_is_not_part_of_the_number():
    assert findings("HY06", "This Agreement continues for a one (1) year period, then for sixty (60) days.") == []


def test_mismatch_and_percent():
    assert len(findings("HY06", "Invoices are payable within thirty (60) days.")) == 1
    assert len(findings("HY06", "The credit is ten percent (15%) of the Charges.")) == 1


# --- defined terms (HY02, HY03) ------------------------------------------------------

DEFS = '"Services" means the services. "Charges" means the fees. "Term" means three years. '


def test_proper_names_are_not_undefined_terms():
    text = DEFS + ("This Agreement is governed by the laws of the State of New York. Disputes go to the "
                   "American Arbitration Association. The State of New York courts decide. The American "
                   "Arbitration Association rules apply.")
    assert findings("HY02", text) == []


def test_glossary_entries_define_terms():
    text = DEFS + ("Registrar. The person keeping the note register. The Registrar shall keep the register. "
                   "The Registrar shall report monthly. The Registrar may appoint agents.")
    assert findings("HY02", text) == []


def test_quoted_section_title_is_not_a_definition():
    text = DEFS + ('The Supplier shall perform the Services for the Term and invoice the Charges. '
                   'Section 12.3 ("Effect of Termination") applies on expiry.')
    assert findings("HY03", text) == []


# --- party names (HY07) --------------------------------------------------------------

def test_role_word_in_a_title_is_not_a_party():
    text = ('This Agreement is between Acme Limited (the "Company") and Jane Roe (the "Consultant"). '
            'The Consultant shall advise the Company. Article 8 (Independent Contractor Relationship) survives.')
    assert findings("HY07", text) == []
