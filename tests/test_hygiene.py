"""Hygiene detectors on the shapes real filings take after PDF conversion.

Each case is a pattern seen in the shared real-contract corpus (redactions, signature
blanks, nested lists without indentation, tables of contents, statute references),
rewritten in a few lines.
"""
from __future__ import annotations

import pytest

from bpolint.engine import evaluate
from bpolint.extract import ExtractOptions
from bpolint.extract import docx as docx_extract
from bpolint.extract import markdown as markdown_extract
from bpolint.extract.plain import document_from_text
from bpolint.model import Document, Severity
from bpolint.ruleset import RuleSet, load_ruleset
from bpolint.segment import segment
from test_extract_docx import LEGAL_LIST, build, p

RULESET = load_ruleset()


def document_findings(rule_id: str, document: Document):
    rule = next(r for r in RULESET.rules if r.id == rule_id)
    single = RuleSet(RULESET.taxonomy, (rule,), RULESET.vocabularies)
    result = evaluate(segment(document), single, ())
    return [f for f in result.findings if f.rule == rule_id]


def findings(rule_id: str, text: str):
    return document_findings(rule_id, document_from_text(text, "case.txt"))


def md_findings(rule_id: str, text: str):
    return document_findings(rule_id, markdown_extract.extract("case.md", text.encode(), ExtractOptions()))


def docx_findings(rule_id: str, data: bytes):
    return document_findings(rule_id, docx_extract.extract("case.docx", data, ExtractOptions()))


def evidence(found) -> list[str]:
    return [f.evidence for f in found]


def points_at(text: str, f) -> bool:
    """The finding's column points at its evidence in a one-line text."""
    return text[f.location.column - 1:].startswith(f.evidence)


# --- placeholders (HY01) -------------------------------------------------------------

LEGEND = "Confidential treatment requested: omissions are marked [*]. "


@pytest.mark.parametrize("text", [
    LEGEND + "The monthly fee is [*****] per agent hour and the cap is $[*].",
    "By: ______________________ Name: ____________________ Title: ____________________",
    "_____________________________________ (Print Name)",
    "____________________________________ *Minimum order of 1,000 Units",
    "\u25cf The Contractor shall prepare Bi-Weekly Project Status Reports.",
    "- [ ] Continues until terminated in accordance with the terms of the MNDA.",
    LEGEND + "ANNUAL FEE. [ ] Technical Support Hours Maximum: [*] per year.",
    "Notices delivered by courier are deemed delivered one (1) day after delivery. 4 ____ ____",
    "Signed by ..................................\nDirector\nDate: ............................",
    "12. [Reserved]",
    "[Remainder of page intentionally left blank]",
    "[COMPANY LOGO] Master Services Agreement",
    "The charges appear below. <PAGE> The Customer shall pay them.",
    "Clause 20 of the Framework Agreement applies. ARTICLE XIX Notices. ARTICLE XX Law. English law governs.",
    # runs of X in a filed copy whose legend says portions were left out as confidential
    "CONFIDENTIAL TREATMENT REQUESTED: CERTAIN PORTIONS HAVE BEEN REDACTED. The term ends when Excite has "
    "delivered XXXXXXX clickthroughs.",
    "Portions of this exhibit marked [XX] have been omitted and filed separately with the Commission. "
    "The fee is $[XX] per unit.",
    # captions of cited clauses, in a list
    "Impresse shall pay the fees set forth in Sections 4.2 [SLOTTING FEES], 4.3 [BANNER PURCHASE COMMITMENT] "
    "and 4.4 [HOSTING FEE] as an aggregate.",
    # words in another script that the copy does not reproduce
    "Name of Joint Venture Company in Chinese characters: [VALENCE IN CHINESE]",
    # bullets between the items of a list run into one line
    "Milestones: Vitamin D Submission 5/22 \u25cf Testosterone Clearance 12/22 \u25cf Vitamin D Clearance 5/19 "
    "\u25cf Testosterone CE Mark 8/18",
    "Reports due: Weekly 2 \u2022 Monthly Service Report 10 \u2022 Annual Review Pack 30",
])
def test_placeholder_not_reported(text):
    assert findings("HY01", text) == []


@pytest.mark.parametrize("text, blank", [
    ("The Customer shall pay a fee of $[***] for each Claim closed.", "[***]"),
    ("Customer shall pay Provider a monthly fee of $*** for each managed device.", "***"),
    ("The site is Leeds. [DN: Supplier to confirm whether Saturday cover is required.]",
     "[DN: Supplier to confirm whether Saturday cover is required.]"),
    ("[Note to draft: Customer to confirm opening hours.] The Supplier shall open at 08:00.",
     "[Note to draft: Customer to confirm opening hours.]"),
    ("The Contractor's Contract Manager is [CONTRACTOR TO CONFIRM].", "[CONTRACTOR TO CONFIRM]"),
    ("The relationship manager for the transition is <NAME OF CONTACT>.", "<NAME OF CONTACT>"),
    ("This Agreement is entered into as of {{effective_date}}.", "{{effective_date}}"),
    ("The Customer's Contract Manager is {Customer Contract Manager}.", "{Customer Contract Manager}"),
    ("Vendor shall achieve an accuracy rate of at least XX% on all payments.", "XX%"),
    ("The Supplier shall return all Customer Data within XX days of termination.", "XX days"),
    ("Post delivered after XX:XX on a Working Day is received on the next Working Day.", "XX:XX"),
    ("Vendor shall complete the transition within __ days after the Effective Date.", "__ days"),
    ("Pinnacle Project Manager: [ ]", "[ ]"),
    ("Go-Live Date: TBC", "TBC"),
    ("This Agreement is dated 1 March 20XX.", "20XX"),
])
def test_placeholder_evidence_is_the_blank_and_the_column_points_at_it(text, blank):
    found = findings("HY01", text)
    assert evidence(found) == [blank]
    assert points_at(text, found[0])


@pytest.mark.parametrize("text", [
    "This Agreement is entered into as of [Date] in Beijing.",
    "The Service Fee shall be RMB \u25cf per quarter.",
    "For a period of not less than ____ months, the Supplier will provide one programmer.",
    "Quality standards are specified in the Performance Work Statement, Sections XX and YY.",
    "Governing Law: [Fill in state]",
    # no legend: a run of X in a draft is a figure or a name still to come
    "The term ends when the Supplier has delivered XXXXXXX clickthroughs.",
    # "redacted" in a clause is no filing legend: the blank is still the draft's
    "Each copy may be redacted to protect confidential information. The Distributor is XXXXXXXXXX of Miami.",
    # a bracketed prompt after a list of plain numbers, not after a cited clause
    "The fee for items 4, 5 and 6 is [AMOUNT TO BE AGREED].",
    # one bullet before words is no list: a value left blank
    "The Service Fee shall be RMB \u25cf Renminbi per quarter.",
])
def test_placeholder_reported(text):
    assert len(findings("HY01", text)) == 1


def test_labelled_bullets_are_blanks_even_beside_a_list():
    text = "Milestones: Go-Live 5/22 \u25cf Exit Plan 12/22 \u25cf Review 5/19. Notices: Attn: \u25cf Tel: \u25cf"
    assert evidence(findings("HY01", text)) == ["\u25cf", "\u25cf"]


def test_date_line_of_an_execution_block_is_not_a_placeholder():
    execution = ("IN WITNESS WHEREOF, the Parties have caused this Agreement to be executed.\n\n"
                 "Rise Consulting Co., Ltd.\n\n(Corporate Seal)\n\nDate:\n\n[\u2022]\n\nBy: [\u2022]\n")
    assert findings("HY01", execution) == []
    body = "Party B: [\u2022] (\"Service Recipient\")\n\nDate:\n\n[\u2022]\n"
    assert evidence(findings("HY01", body)) == ["[\u2022]", "[\u2022]"]


def test_each_placeholder_in_a_sentence_is_reported_where_it_stands():
    text = "The fee for the [\u2022] quarter of 20[\u2022] shall be RMB [\u2022]."
    found = findings("HY01", text)
    assert evidence(found) == ["[\u2022]", "20[\u2022]", "[\u2022]"]
    assert all(points_at(text, f) for f in found)


def test_markdown_keeps_asterisk_blanks_and_angle_prompts():
    text = ("# Agreement\n\n**Fees.** The fee is $[***] per claim, payable within __ days, to "
            "<NAME OF CONTACT>. The *Services* are **described** in <span>Exhibit A</span>.\n")
    found = md_findings("HY01", text)
    assert evidence(found) == ["[***]", "__ days", "<NAME OF CONTACT>"]
    assert all(text.splitlines()[f.location.line - 1][f.location.column - 1:].startswith(f.evidence) for f in found)


def test_markdown_rule_is_not_a_placeholder():
    assert md_findings("HY01", "# Agreement\n\nThe Supplier shall perform the Services.\n\n***\n\n## Schedule 1\n") == []


def test_placeholder_in_a_docx_header():
    data = build(p("The Supplier shall perform the Services."), header=p("DRAFT [\u25cf] - subject to contract"))
    found = docx_findings("HY01", data)
    assert evidence(found) == ["[\u25cf]"] and found[0].location.part == "header"


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


def test_an_index_of_defined_terms_with_section_pointers_is_no_numbering():
    body = "10. Payment\n" + "".join(f"10.{n} The Customer shall pay item {n}.\n" for n in range(1, 6))
    index = "Index of Defined Terms\n10.5 10.4 18.11 Government Official 15.1(f) Subject Party 11.4(a) Indemnitee\n"
    assert findings("HY05", body + index) == []
    assert len(findings("HY05", body + "10.5 The Customer shall pay item 6.\n")) == 1  # a real repeat


@pytest.mark.parametrize("marker", ["REDACTED", "[Redacted]", "Intentionally omitted."])
def test_clause_left_out_of_a_filed_copy_is_not_a_gap(marker):
    text = ("11. Termination\n11.1 For Convenience. The Customer may terminate on notice.\n"
            "11.2 For Cause. Either party may terminate for breach.\n" + marker + "\n"
            "11.4 Termination Assistance. The Supplier shall assist the Customer.")
    assert findings("HY05", text) == []
    assert len(findings("HY05", text.replace(marker + "\n", ""))) == 1


def test_label_glued_to_previous_paragraph_is_not_a_gap():
    text = ("1. Services\nThe Supplier shall perform the Services.\n"
            "2. Charges\nThe Customer shall pay the Charges. Attention: Finance 3. Dispute Resolution\n"
            "The parties shall negotiate.\n4. Term\nThis Agreement runs for three years.")
    assert findings("HY05", text) == []


def test_letter_i_after_h_is_a_letter():
    text = "1. Duties\nThe Supplier shall:\n" + "\n".join(
        f"({c}) perform task {c};" for c in "abcdefghijk")
    assert findings("HY05", text) == []


def test_a_lettered_part_is_read_as_a_letter():
    # "Part C" read as the roman numeral 100 would hide a missing Part B, and invent a gap after Part D
    parts = "SCHEDULE 1\nTHE SERVICES\n" + "".join(
        f"Part {p} - Heading {p}\n1. The Contractor shall perform part {p}.\n" for p in "ABCD")
    assert findings("HY05", parts) == []
    found = findings("HY05", parts.replace("Part B - Heading B\n1. The Contractor shall perform part B.\n", ""))
    assert [f.evidence for f in found] == ["Part C"] and "skips from 1 to 3" in found[0].message


# --- cross-references (HY04) ---------------------------------------------------------

BODY = "\n".join(f"{n}. Heading {n}\n{n}.1 The parties agree to clause {n}.1." for n in range(1, 8))


@pytest.mark.parametrize("reference", [
    "records required by Section 31(a) of the 1940 Act",
    "under the authority of Section 761(a) of the Internal Revenue Code",
    "the criteria of Section 508 unless exempt",
    "as described in Section 7 of the Statement of Work",
    "the rights in Sections 8.3.1 and 8.3.3 of that certain Manufacturing Agreement dated 1 May 2019",
    "the drug exemptions of 21 U.S.C. Sections 351-352",
    "the practices of 21 C.F.R. Sections 210 and 211",
    "the Supply Agreement, unless it is terminated pursuant to Articles 15.4, 15.7 or 15.8 thereof",
])
def test_reference_to_another_instrument_is_not_broken(reference):
    assert findings("HY04", BODY + f"\nThe Supplier shall keep {reference}.") == []


def test_nested_numbers_resolve():
    text = NESTED + "4. Survival\n1. Survival. Section 2.2 and Section 3.1 survive termination.\n5. Other\n1. Notices. None."
    assert findings("HY04", text) == []


def test_a_clause_citing_three_sections_is_not_a_table_of_contents():
    text = (NESTED.replace("2. Customer Materials. The Supplier may use Customer Materials.\n",
                           "2. Customer Materials. The Supplier may use Customer Materials.\n3. Feedback. None.\n"
                           "4. Reservation of Rights. Except for (a) the Deliverables under Section 2.1 "
                           "(Deliverables); (b) use in Section 2.2 (Customer Materials); and (c) Section 2.3 "
                           "(Feedback), no rights pass.\n")
            + "4. Survival\n1. Survival. Section 2.4 survives termination.\n"
            "5. Other\n1. Notices. None.")
    assert findings("HY04", text) == []


CONFIRMATION = ('This Confirmation supplements, forms part of, and is subject to, the ISDA Master Agreement dated as '
                'of 1 May 2020 between the parties (the "Agreement").\n' + BODY + '\n')


def test_sections_of_the_master_form_a_confirmation_forms_part_of_are_not_broken():
    head = ('Until we execute that agreement, this Confirmation shall supplement, form a part of, and be subject to an '
            'agreement in the form of the ISDA Form (hereinafter the "Agreement").\n')
    refs = "\nThe representation relies on any document delivered under Section 9.4(a) of this Agreement."
    assert findings("HY04", head + BODY + refs) == []
    # an agreement's own "of this Agreement" is checked, and so is a confirmation's unqualified reference
    assert len(findings("HY04", BODY + refs)) == 1
    assert len(findings("HY04", head + BODY + "\nThe Customer may terminate under Section 11(g).")) == 1


def test_a_section_number_the_sentence_ties_to_a_statute_is_the_statute_s():
    text = (BODY + "\nThe Notes may not be offered in Singapore other than to a relevant person pursuant to "
            "Section 275(1), or any person pursuant to Section 275(1A), and in accordance with the conditions "
            "specified in Section 275 of the SFA.")
    assert findings("HY04", text) == []
    assert len(findings("HY04", BODY + "\nThe Notes may be offered in Singapore pursuant to Section 11(1).")) == 1


def test_section_of_the_master_agreement_in_a_confirmation_is_not_broken():
    assert findings("HY04", CONFIRMATION + "The parties agree that Section 10(c) of the Agreement applies.") == []


@pytest.mark.parametrize("text", [
    # the confirmation's own missing clause is still reported
    CONFIRMATION + "The Customer may terminate under Section 11(g).",
    # an agreement that calls itself "the Agreement" cites its own clauses
    'This Services Agreement (this "Agreement") is made on 1 May 2020.\n' + BODY
    + "\nThe Customer may terminate under Section 11(g) of the Agreement.",
    # "hereof" is this document
    BODY + "\nThe Customer may terminate under Section 11(g) hereof.",
])
def test_missing_clause_beside_other_instruments_is_reported(text):
    assert len(findings("HY04", text)) == 1


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


# --- numbering as printed (HY05) -----------------------------------------------------

def test_markdown_list_item_clauses_keep_their_gaps():
    text = "# Agreement\n\n1. **Services.** The Supplier shall perform.\n2. **Fees.** The Customer shall pay.\n" \
           "4. **Term.** Three years.\n"
    found = md_findings("HY05", text)
    assert evidence(found) == ["4."] and "skips from 2 to 4" in found[0].message


def test_markdown_list_numbered_one_throughout_is_not_a_gap():
    text = "# Agreement\n\n1. The Supplier shall perform.\n1. The Customer shall pay.\n1. Three years.\n"
    assert md_findings("HY05", text) == []


def test_schedule_paragraphs_restart_their_numbering():
    text = ("1. Services\n1.1 The Supplier shall perform.\n2. Charges\n2.1 The Customer shall pay.\n"
            "SCHEDULE 1\nTHE SERVICES\n1. Handling calls.\n2. Handling e-mails.\n"
            "SCHEDULE 2\nCHARGES\n1. A monthly fee.\n2. A fee per call.\n3. Expenses.")
    assert findings("HY05", text) == []


# --- cross-references (HY04), resolved as printed --------------------------------------

def test_docx_automatic_numbers_resolve_references():
    body = "".join(p(f"Heading {n}", num=1, ilvl=0) + p("Text.", num=1, ilvl=1) + p("More text.", num=1, ilvl=1)
                   for n in range(1, 7))
    body += p("Nothing in clauses 3 to 5 limits clause 4.2, and clause 6.5 applies to the fees.", num=1, ilvl=1)
    found = docx_findings("HY04", build(body, numbering=LEGAL_LIST))
    assert evidence(found) == ["clause 6.5"]


def test_markdown_headings_resolve_references():
    text = "# Agreement\n\n" + "".join(f"## {n}. Heading {n}\n\n### {n}.1 Scope\n\nText.\n\n### {n}.2 More\n\nText.\n\n"
                                       for n in range(1, 7))
    text += "### 6.3 Survival\n\nClause 2.2 and clause 5.1 survive; clause 6.4 applies on exit.\n"
    assert evidence(md_findings("HY04", text)) == ["clause 6.4"]


DEED = ("DEED OF VARIATION\n\n(1) Acme Limited (\"Acme\") and (2) Beta Limited (\"Beta\") are parties to a services "
        "agreement dated 1 July 2022 (the \"Services Agreement\").\n\n"
        + "\n".join(f"{n} HEADING {n}\n{n}.1 The parties agree as set out in this deed." for n in range(1, 6))
        + "\n6 VARIATIONS\n6.1 clause 14.3 of the Services Agreement is deleted.\n"
          "6.2 the following new paragraph 7 is inserted in Schedule 2 to the Services Agreement.\n"
          "6.3 This deed is governed by English law.")


def test_references_into_the_varied_agreement_are_not_broken():
    assert findings("HY04", DEED) == []


SOW = ("STATEMENT OF WORK NO. 3\n\nThis Statement of Work (this \"SOW\") is issued under the Master Services "
       "Agreement dated 1 June 2024 (the \"Agreement\").\n\n"
       + "\n".join(f"Section {n}. Heading {n}\n{n}.1 CoreAxis will do task {n}." for n in range(1, 6))
       + "\nInvoices are payable under Section 8.2 of the Agreement. Extra volume is priced under Section 6 of this SOW.")


def test_statement_of_work_knows_the_agreement_is_another_document():
    found = findings("HY04", SOW)
    assert evidence(found) == ["Section 6"]


def test_paragraph_of_a_schedule_resolves_against_that_schedule():
    text = ("\n".join(f"{n}. Heading {n}\n{n}.1 The parties agree to clause {n}.1." for n in range(1, 6))
            + "\nSCHEDULE 3\nCHARGES\n1. A monthly fee.\n2. A fee per call.\n3. Service Credits are payable under "
              "paragraph 2 of Schedule 3, and interest under paragraph 4 of Schedule 3.")
    assert evidence(findings("HY04", text)) == ["paragraph 4 of Schedule 3"]


# --- defined terms (HY02, HY08, HY09) --------------------------------------------------

TERMS = ('"Incident" means a failure of the Services. "Services" means the services in Schedule 1. '
         '"Charges" means the fees in Schedule 2. "Claim" means a claim under a policy. ')


@pytest.mark.parametrize("sentence, term", [
    ("The Supplier shall report any Critical Incident to the Customer.", "Critical Incident"),
    ("The Supplier shall not engage any Sub-Processor without consent.", "Sub-Processor"),
    ("The Supplier shall co-operate in accordance with the Exit Plan.", "Exit Plan"),
    ("The Supplier shall continue the Services during the Run-Off Period.", "Run-Off Period"),
    ("Vendor shall process each Priority Claim within four hours.", "Priority Claim"),
])
def test_one_use_of_a_telling_term_is_enough(sentence, term):
    found = findings("HY02", TERMS + sentence)
    assert evidence(found) == [term]


def test_names_set_out_without_a_definition_are_not_undefined():
    text = (TERMS + "A dispute arising out of this agreement (Dispute) goes to the Board. The Dispute is heard within "
            "a week. Each Dispute is final. The Supplier is Datec (PNG) LTD (Datec). \"Help Desk\" means the desk of "
            "Datec. Calls go to the Datec Help Desk. The Datec Personnel staff it. The Supplier shall keep a Single Point of Contact.\n\n"
            "Abbreviations\n\nSingle Point of Contact   SPOC\n\nThe Client Data is held under the Prospectus and "
            "Subscription Agreement. Prospectus. The offering document. Subscription Agreement. The form an investor "
            "signs. Payments reduce the Convertible Note (\"Note\") issued to the Lender. The Convertible Note bears "
            "interest.")
    assert findings("HY02", text) == []


@pytest.mark.parametrize("definition, use", [
    # unquoted after a colon, UK style
    ("11.1 For purposes of this Clause: Authorised Sites means the sites listed in Schedule 3.",
     "A Party may send data to any Authorised Sites. The Authorised Sites keep it secret."),
    # the full stop inside the quotes
    ('Sites approved in writing are collectively termed "Approved Locations."',
     "The Supplier may work from any Approved Locations. The Approved Locations are audited."),
    # a plural form in the defined term itself
    ('"Partner Site(s)" shall mean the premises of a Party\'s subcontractors.',
     "The Supplier may work from any Partner Sites. The Partner Sites are audited."),
])
def test_other_forms_of_definition_are_read(definition, use):
    assert findings("HY02", TERMS + definition + " " + use) == []
    assert len(findings("HY02", TERMS + use)) == 1  # the same use without the definition is reported


def test_part_of_a_longer_defined_term_is_not_a_term():
    text = (TERMS + '"Change in Control" means a change of the owner of a party. After a Change in Control either '
            "party may terminate. A Change in Control is notified at once. No Change in Control may occur in Year 1.")
    assert findings("HY02", text) == []


def test_unused_definition_quotes_the_term_without_its_comma():
    text = ('"Services" means the services. "Charges" means the fees. The Supplier shall perform the Services for '
            'the Charges and defend the Customer against any \u201cIndemnified Claim,\u201d meaning a claim of a third party.')
    found = findings("HY03", text)
    assert evidence(found) == ["Indemnified Claim"] and points_at(text, found[0])


def test_a_term_used_in_the_possessive_form_is_used():
    text = ('"Client Intellectual Property" means the designs of the Client. "Services" means the services. '
            '"Charges" means the fees. The Supplier shall perform the Services for the Charges and shall not use '
            "Client's Intellectual Property for any other purpose.")
    assert findings("HY03", text) == []
    assert evidence(findings("HY03", text.replace("Client's Intellectual Property", "the designs"))) == [
        "Client Intellectual Property"]


@pytest.mark.parametrize("sentence", [
    "The Supplier shall keep the Asset Register (Schedule A) and insure each Service Unit (Schedule A).",
    "The Supplier shall meet the Service Level Agreement as detailed in Schedule B. The reports under the Service "
    "Level Agreement are monthly. The Service Level Agreement binds the Supplier.",
    "Shares are bought for each Separate Account set forth on such Schedule A and sold to the Separate Accounts.",
])
def test_a_thing_an_attachment_sets_out_is_not_undefined(sentence):
    assert findings("HY02", TERMS + sentence) == []


@pytest.mark.parametrize("sentence", [
    "Disputes go to mediation under the Model Mediation Procedure of the Centre for Effective Dispute Resolution.",
    "Section 2.4 of the Master Agreement dated 5 January 2021 does not apply to the Services.",
    "Each Adviser shall hold a basic disclosure from the Disclosure and Barring Service.",
    "Mediation is administered by the American Arbitration Association under its Commercial Mediation Procedures.",
    "The Charges rise each year with the Consumer Prices Index.",
    "Twin Cities Power Holdings, LLC, a Minnesota limited liability company, shall pay the Charges.",
    "Each Party shall comply with the Anti-Kickback Statute and the Stark Statute, as amended.",
])
def test_proper_names_and_other_documents_are_not_terms(sentence):
    assert findings("HY02", TERMS + sentence) == []


def test_definitions_incorporated_from_another_agreement():
    text = ("Capitalized terms used but not defined in this SOW have the meanings given in the Agreement. "
            + TERMS + "The Supplier shall report each Critical Incident and follow the Exit Plan.")
    assert findings("HY02", text) == []


def test_unquoted_party_names_in_the_parties_block_are_defined():
    text = ("# Agreement\n\n1. **Ridgeway Housing Association**, whose registered office is at 8 Fore Street "
            "(the **Customer**); and\n2. **CLARION DOCUMENT SERVICES LTD**, a company registered in England "
            "(the **Contractor**).\n\n**Document** means any item of post;\n\n**Image** means a scan of a "
            "Document;\n\n**Working Day** means a weekday.\n\nThe Contractor shall scan each Document for the "
            "Customer within one Working Day and keep each Image.\n")
    assert md_findings("HY02", text) == [] and md_findings("HY03", text) == []


def test_term_defined_twice_points_at_the_second_definition():
    text = TERMS + 'In consideration of the Services the Customer shall pay the fees in Schedule 2 (the "Charges").'
    found = findings("HY08", text)
    assert evidence(found) == ["Charges"] and points_at(text, found[0])


def test_quoted_term_pointing_to_its_definition_is_not_a_second_definition():
    text = TERMS + 'The Supplier shall determine whether a "Claim" as defined exists.'
    assert findings("HY08", text) == []


@pytest.mark.parametrize("later", [
    # a glossary entry that points to the clause defining the term
    '"Claim" is as set out in Section 15.',
    # quoted back inside another definition
    'The Supplier shall notify new models of the Services (collectively with "Claim", "Improved Claims").',
    # the verb form of a defined noun
    'When used as a verb, to "Claim" means to make a Claim.',
    # an amendment restating the clause
    'Section 1.2 is hereby replaced in its entirety with the following: 1.2 "Claim" means a demand under a policy.',
    # a party's label under its signature, and before its address
    'By: ____________ Title: ____________ ("Charges")',
    'Fruit of Life Productions LLC ("Incident") Address: 16 High Street, Miami.',
])
def test_what_repeats_a_term_without_defining_it_again(later):
    assert findings("HY08", TERMS + later) == []


@pytest.mark.parametrize("text, reported", [
    # one sentence, two exclusive cases: not a competing definition
    ('A paper copy takes effect when both parties sign it (the "Effective Date"); a copy signed online takes '
     'effect when the platform records both signatures (the "Effective Date"). The term starts on the Effective '
     'Date.', []),
    ('As used herein, Sutro\'s "Senior Management" means its CEO, and SutroVax\'s "Senior Management" means its '
     'CEO. Senior Management shall meet.', []),
    # a second sentence that defines it again is still reported, and so is a clause reference that defines afresh
    ('A paper copy takes effect when both parties sign it (the "Effective Date"). A copy signed online takes '
     'effect when the platform records both signatures (the "Effective Date").', ["Effective Date"]),
    (TERMS + '"Claim" means the claims specified in Schedule 3 and any appeal.', ["Claim"]),
])
def test_term_defined_again_in_one_sentence(text, reported):
    assert evidence(findings("HY08", text)) == reported


def test_party_named_again_in_a_notice_block_is_not_a_second_definition():
    text = ('This Agreement is between Acme Limited (the "Supplier") and Beta plc (the "Customer"). ' + TERMS
            + 'The Supplier shall perform the Services. Notices: Acme Limited (the "Supplier"), 1 High Street.')
    assert findings("HY08", text) == []


@pytest.mark.parametrize("text, reported", [
    ('"Confidential Information" means secret data. Each party shall protect the Confidential Information. '
     'The Supplier shall return all confidential information of the Customer.', ["confidential information"]),
    ('"Working Day" means a weekday. The Supplier shall scan each post item within one Working Day and return '
     'it within two working days of scanning.', ["working days"]),
    ('"Effective Date" means 1 May 2026. This Agreement starts on the Effective Date. Termination takes effect '
     'on the effective date of termination stated in the notice.', []),
    ('"Confidential Information" means secret data. Each party shall protect the Confidential Information with '
     'no less care than it uses for its confidential information.', []),
    ('"Business Hours" means 08:00 to 18:00. The Supplier shall staff the desk during Business Hours and keep '
     'its normal business hours for other work.', []),
    # the lower-case words used again and again: ordinary English on purpose, not a slip
    ('"Common Stock" means the common stock of Acme Inc. The Investor buys Common Stock. The Company may buy '
     'its common stock in the market. No other holder of its common stock has a right of first refusal.', []),
    # once in lower case beside the capitalised term: the slip is kept
    ('"Common Stock" means the common stock of Acme Inc. The Investor buys Common Stock. The Company may buy '
     'back the common stock only with consent.', ["common stock"]),
    # quoted speech in a press release is someone's words, not the drafting
    ('"New Directors" means the persons named in Annex A. The Board shall appoint the New Directors. Mr. Gray '
     'commented: "The Board is pleased to put the vote behind us and looks forward to working with the new '
     'directors and with all our shareholders over the coming year."', []),
])
def test_defined_term_in_lower_case(text, reported):
    found = findings("HY09", text)
    assert evidence(found) == reported and all(f.severity == Severity.INFO for f in found)


# --- party names (HY07) ------------------------------------------------------------------

PARTIES = ('(1) VELMONT CONTACT SERVICES LIMITED, incorporated in England (the "Supplier"); and (2) HARROWGATE '
           'HOME INSURANCE PLC, incorporated in England (the "Customer").\n')


@pytest.mark.parametrize("later, reported", [
    ("Notices to the Supplier go to the company secretary of Velmont Contact Solutions Limited.",
     ["Velmont Contact Solutions Limited"]),
    ("Signed for and on behalf of VELMONT CONTACT SERVICES LIMITED by its director.", []),
    ("Notices to the Supplier go to Velmont Contact Services Ltd at its registered office.", []),
    ("Velmont Contact Holdings Limited, the parent company of the Supplier, guarantees its obligations.", []),
])
def test_company_name_that_is_not_the_party(later, reported):
    assert evidence(findings("HY07", PARTIES + later)) == reported


# --- numbers and dates (HY06, HY10) -------------------------------------------------------

@pytest.mark.parametrize("text, reported", [
    ("Fees shall not exceed Two Hundred Thousand Dollars ($250,000) in any year.",
     ["Two Hundred Thousand Dollars ($250,000)"]),
    ("The monthly fee is two thousand five hundred pounds (\u00a32,750) per month.",
     ["two thousand five hundred pounds (\u00a32,750)"]),
    ("The day rate is $1,450 (one thousand four hundred fifty dollars).", []),
    ("The day rate is $1,540 (one thousand four hundred fifty dollars).",
     ["$1,540 (one thousand four hundred fifty dollars)"]),
    ("The Customer shall pay a minimum fee of Four and One-Half Million Dollars ($4,500,000).", []),
    ("Service Credits shall not in aggregate exceed ten per cent (12%) of the Charges.", ["ten per cent (12%)"]),
    ("Seller will not consider claims for shortages of less than one half of one percent (0.5%) of the weight.", []),
    ("The Shares will constitute a forty-four hundredths of one percent (0.44%) interest in the company.", []),
    # number words in comma groups are one number; a comma elsewhere ends it
    ("Company shall pay ONE MILLION, SEVEN HUNDRED THIRTY FOUR THOUSAND, THREE HUNDRED NINETY FIVE DOLLARS "
     "($1,734,395) at execution.", []),
    ("Drilling Costs will be approximately FOURTEEN MILLION, EIGHT HUNDRED SIXTY TWO THOUSAND DOLLARS ($14,862,000).", []),
    ("The fee is one million, two hundred thousand pounds (\u00a31,300,000).",
     ["one million, two hundred thousand pounds (\u00a31,300,000)"]),
    ("The day rate is $1,200,000 (one million, two hundred thousand dollars).", []),
    ("The Supplier provides items one, two (2) and three of the list.", []),
    # "of" after an ordinary noun is no fraction: the mismatch stays
    ("The Supplier shall give notice within a period of thirty (45) days.", ["thirty (45)"]),
])
def test_number_in_words_against_the_figure(text, reported):
    found = findings("HY06", text)
    assert evidence(found) == reported and all(points_at(text, f) for f in found)


@pytest.mark.parametrize("text, reported", [
    ("The fees are reviewed on 31 June 2027 and on 1 July 2028.", ["31 June 2027"]),
    ("The controls meet ISO/IEC 27001:2022 and version 2.10.2026 of the standard.", []),
    ("The Agreement starts on 1 October 2026 and expires on 30 September 2026.", ["30 September 2026"]),
    ("Prices are fixed until 02/30/2027.", ["02/30/2027"]),
])
def test_dates(text, reported):
    assert evidence(findings("HY10", text)) == reported


# --- wording (WD01, WD03): the evidence is the wording ---------------------------------------

@pytest.mark.parametrize("rule, text, reported", [
    ("WD01", "The Supplier shall promptly notify the Customer of any other Incident.", ["promptly"]),
    ("WD01", "The Supplier shall notify the Customer promptly, and in any event within 5 Business Days.", []),
    ("WD01", "The Supplier shall carry out appropriate  checks on each Adviser.", ["appropriate checks"]),
    ("WD01", "The Supplier shall implement appropriate technical and organisational measures to protect the data.",
     ["appropriate technical and organisational measures"]),
    ("WD01", "The Supplier shall give reasonable assistance with each audit, not exceeding 3 person-days per audit.", []),
    ("WD01", "The Customer shall reimburse the Supplier's reasonable costs of any reconciliation it requests.",
     ["reasonable costs"]),
    ("WD03", "Outside these hours the Supplier shall provide such staffing levels as may be decided by the Supplier.",
     ["as may be decided by"]),
])
def test_wording_evidence_is_the_phrase(rule, text, reported):
    found = findings(rule, text)
    assert evidence(found) == reported and all(points_at(" ".join(text.split()), f) or "  " in text for f in found)


@pytest.mark.parametrize("text, reported", [
    # the same company given the same short name in the preamble and again in the parties clause
    ('THIS AGREEMENT is made between NORTHGATE SYSTEMS, LLC, a Nevada Limited Liability Company located at 1 Main '
     'Street, Reno (hereinafter "NORTHGATE"), and the Customer. ' + TERMS + '1. PARTIES: a) NORTHGATE SYSTEMS, LLC '
     '("NORTHGATE"); and b) the Customer.', []),
    # an abbreviation of the same company in a recital and a definition
    ('Array and Pierre Fabre Medicament SAS ("PFM") have a prior agreement. ' + TERMS
     + '"Third Party Partner" means Pierre Fabre Medicament SAS ("PFM") and its successors.', []),
    # two companies given one short name: the second definition is reported
    ('This Agreement is between NORTHGATE SYSTEMS, LLC ("NORTHGATE") and the Customer. ' + TERMS
     + 'Services are subcontracted to NORTHGATE HOLDINGS, LLC ("NORTHGATE").', ["NORTHGATE"]),
])
def test_a_company_given_its_short_name_twice(text, reported):
    assert evidence(findings("HY08", text)) == reported
