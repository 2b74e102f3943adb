"""Generate the DOCX drafts of the hygiene bench from the texts in this file.

The drafts are kept as source, not binaries: python-docx writes body, tables,
headers and footers; raw WordprocessingML adds what it cannot (automatic
multi-level numbering, footnotes, tracked insertions and deletions).

    python bench/hygiene/make_docx.py OUT_DIR             # set 1 (the first round)
    python bench/hygiene/make_docx.py OUT_DIR --set 2     # set 2 (the second blind round)
    python bench/hygiene/make_docx.py OUT_DIR --set 3     # set 3 (the third blind round)

Inline markup in the texts below:
    **bold**        a bold run (definitions)
    [[fn:N]]        a reference to footnote N of the draft
    [[del:text]]    a tracked deletion (w:del), not part of the accepted text
    [[ins:text]]    a tracked insertion (w:ins)
"""
from __future__ import annotations

import copy
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
REVISION = 'w:author="R. Ellison" w:date="2026-04-02T10:00:00Z"'
MARKUP = re.compile(r"\*\*(.+?)\*\*|\[\[(fn|del|ins):(.*?)\]\](?!\])")


@dataclass
class Draft:
    name: str
    header: str
    footer: str
    body: list[tuple]
    footnotes: dict[int, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- #
# UK payroll agreement: Word automatic numbering (1. / 1.1 / (a)), typed
# numbering in the schedules, a header, footnotes, tables and tracked changes.
# Items: ("title", text) ("p", text) ("def", text) ("n0", heading) ("n1", text)
#        ("h", heading) ("table", rows) ("typed", text)
# --------------------------------------------------------------------------- #
UK_PAYROLL = Draft(
    name="uk_payroll_services.docx",
    header="Kestrel / Paystream \u2013 Payroll Services Agreement \u2013 DRAFT [\u25cf] \u2013 Subject to contract",
    footer="Confidential",
    footnotes={
        1: "[DN: Paystream to confirm whether the migration will use the Customer's existing BACS service user number.]",
        2: "Compare section 230 of the Employment Rights Act 1996.",
        3: "See clause 19.3 for the exclusions that apply to this cap.",
    },
    body=[
        ("title", "PAYROLL SERVICES AGREEMENT"),
        ("p", "This Agreement is dated 6 May 2026."),
        ("h", "PARTIES"),
        ("p", "(1)\tKESTREL RETAIL GROUP LIMITED, a company incorporated in Scotland (company number SC402211) "
              "whose registered office is at 21 Harbour Road, Leith, Edinburgh EH6 6LU (the \u201cCustomer\u201d); and"),
        ("p", "(2)\tPAYSTREAM OUTSOURCING LIMITED, a company incorporated in England and Wales (company number "
              "07311984) whose registered office is at 5 Temple Quay, Bristol BS1 6EA (the \u201cProvider\u201d)."),
        ("h", "AGREED TERMS"),
        ("n0", "DEFINITIONS AND INTERPRETATION"),
        ("n1", "In this Agreement the following words have the following meanings:"),
        ("def", "\u201c**BACS**\u201d means the Bankers\u2019 Automated Clearing Services scheme operated by Bacs "
                "Payment Schemes Limited;"),
        ("def", "\u201c**Business Day**\u201d means a day other than a Saturday, Sunday or public holiday in Scotland "
                "or England;"),
        ("def", "\u201c**Charges**\u201d means the charges set out in Schedule 3;"),
        ("def", "\u201c**Employee**\u201d means each employee of the Customer whose pay is processed under this "
                "Agreement;"),
        ("def", "\u201c**Good Industry Practice**\u201d means the standards of the Payroll Assurance Scheme of the "
                "Chartered Institute of Payroll Professionals, as in force from time to time;"),
        ("def", "\u201c**Go-Live Date**\u201d means 1 September 2026;"),
        ("def", "\u201c**Pay Date**\u201d means the last Business Day of each calendar month;"),
        ("def", "\u201c**Payroll Data**\u201d means all data relating to Employees that the Customer provides to the "
                "Provider or that the Provider generates in performing the Services;"),
        ("def", "\u201c**Payroll Error**\u201d means any incorrect payment, deduction or filing made by the Provider;"),
        ("def", "\u201c**Pension Scheme**\u201d means the Kestrel Group Personal Pension Plan;"),
        ("def", "\u201c**Services**\u201d means the payroll services described in Schedule 1; and"),
        ("def", "\u201c**Service Levels**\u201d means the service levels set out in Schedule 2."),
        ("n1", "A reference to a statute is a reference to it as amended or re-enacted."),
        ("n0", "SERVICES"),
        ("n1", "The Provider shall provide the Services from the Go-Live Date in accordance with Good Industry "
               "Practice and shall meet the Service Levels."),
        ("n1", "The Provider shall run each monthly payroll so that net pay reaches the bank account of each "
               "Employee by BACS on the Pay Date."),
        ("n1", "The Provider shall process starters, leavers and changes received before the Payroll Cut-Off Time "
               "in the same month\u2019s payroll."),
        ("n1", "The Provider shall update the Customer from time to time on the progress of the data "
               "migration.[[fn:1]]"),
        ("n0", "MIGRATION"),
        ("n1", "The Customer shall deliver the Payroll Data for all Employees no later than 10 Business Days "
               "before the Go-Live Date."),
        ("n1", "The parties shall complete two parallel payroll runs before the Go-Live Date. The final parallel "
               "run shall be signed off by both parties by 30/13/2026."),
        ("n0", "EMPLOYEES"),
        ("n1", "The Customer shall ensure that each person on the payroll (each an \u201c**Employee**\u201d) has "
               "been properly engaged and has a valid National Insurance number."),
        ("n1", "The parties do not intend that any employee of the Customer will transfer to the Provider under "
               "the Transfer of Undertakings (Protection of Employment) Regulations 2006."),
        ("n1", "The Provider shall not disclose payroll data to any third party except HM Revenue & Customs, "
               "the pension providers of the Employees, or as required by law."),
        ("n0", "SERVICE LEVELS AND PAYROLL ERRORS"),
        ("n1", "The Provider shall meet the Service Levels."),
        ("n1", "The Provider shall correct any Payroll Error within 1 Business Day of discovering it, at its own "
               "cost."),
        ("n1", "The Provider shall notify the Customer of any Critical Payroll Error by telephone and by e-mail."),
        ("n1", "The Provider shall notify the Customer promptly, and in any event within 2 Business Days, of any "
               "change to the filing requirements of HM Revenue & Customs that affects the Services."),
        ("n1", "Nothing in clauses 3 to 5 relieves the Customer of its obligations as employer, including those "
               "described in clause 4.2."),
        ("n0", "CHARGES"),
        ("n1", "The Customer shall pay the Charges."),
        ("n1", "The Provider shall invoice monthly in arrears and the Customer shall pay each valid invoice within "
               "[[del:thirty (45)]][[ins:thirty (30)]] days of receipt."),
        ("n1", "The Customer shall reimburse the Provider\u2019s reasonable costs of any year-end reconciliation "
               "that the Customer requests."),
        ("n1", "The Charges are fixed until 29 February 2027 and are then subject to clause 6.5."),
        ("n1", "The Provider may increase the Charges once in each year, on 3 months\u2019 notice, by no more than "
               "the increase in the Retail Prices Index over the preceding 12 months."),
        ("n0", "DATA PROTECTION"),
        ("n1", "The Provider shall process Payroll Data only on the documented instructions of the Customer and in "
               "accordance with Schedule 4."),
        ("n1", "The Provider shall ensure that all of its personnel who have access to Payroll Data are subject "
               "to a duty of confidence.[[fn:2]]"),
        ("n0", "LIABILITY"),
        ("n1", "The total liability of the Provider in each year shall not exceed two hundred per cent (200%) of "
               "the Charges paid in that year.[[fn:3]]"),
        ("n1", "Clause 8.1 does not limit liability for fraud, or for death or personal injury caused by "
               "negligence."),
        ("n0", "TERM AND TERMINATION"),
        ("n1", "This Agreement continues for three years from the Go-Live Date."),
        ("n1", "Either party may terminate this Agreement on 6 months\u2019 notice expiring after the first "
               "anniversary of the Go-Live Date."),
        ("n1", "The Provider may suspend the Services as it sees fit if any invoice is unpaid."),
        ("n1", "On termination the Provider shall provide the exit assistance in clause 10[[del: and clause 27.4]]."),
        ("n0", "EXIT"),
        ("n1", "The Provider shall return all Payroll Data to the Customer in CSV format within 10 Business Days "
               "after termination."),
        ("n1", "The Provider shall give the new payroll provider of the Customer the year-to-date figures for "
               "every Employee, including P45 data, as at the last Pay Date."),
        ("n1", "The exit assistance in clause 12.4 is charged at the day rate in Schedule 3."),
        ("n0", "NOTICES"),
        ("n1", "Notices to the Provider shall be sent to Paystream Outsourcing Services Limited at its registered "
               "office, marked for the attention of the finance director."),
        ("n1", "Notices to the Customer shall be sent to its registered office, marked for the attention of the "
               "head of people. The payroll contact of the Customer is [[ins:[TBC]]]."),
        ("n0", "GENERAL"),
        ("n1", "This Agreement is governed by the law of Scotland, and the parties submit to the exclusive "
               "jurisdiction of the Scottish courts."),
        ("n1", "No variation of this Agreement is effective unless it is in writing and signed by both parties."),
        ("n1", "This Agreement may be executed in counterparts.[[del: The Provider shall give the Customer [\u25cf] "
               "days\u2019 notice of any change to its bureau number.]]"),
        ("h", "SCHEDULE 1 \u2013 SERVICES"),
        ("typed", "1.\tMonthly payroll for approximately 2,400 Employees."),
        ("typed", "2.\tReal Time Information submissions to HM Revenue & Customs."),
        ("typed", "4.\tPension auto-enrolment assessments and contribution files."),
        ("typed", "5.\tYear-end processing, including P60s."),
        ("h", "SCHEDULE 2 \u2013 SERVICE LEVELS"),
        ("table", [
            ["Service Level", "Target", "Service Credit"],
            ["Payroll accuracy", "99.9% of payslips without a Payroll Error", "5% of monthly Charges"],
            ["Net pay on the Pay Date", "100% of Employees", "XX% of monthly Charges"],
            ["Query response", "95% within 1 Business Day", "TBD"],
            ["Real Time Information filing", "On or before each Pay Date", "2% of monthly Charges"],
        ]),
        ("h", "SCHEDULE 3 \u2013 CHARGES"),
        ("table", [
            ["Item", "Charge"],
            ["Monthly service fee", "two thousand five hundred pounds (\u00a32,750) per month"],
            ["Per payslip", "\u00a31.85"],
            ["Year-end processing", "one thousand two hundred pounds (\u00a31,200)"],
            ["Exit assistance day rate", "\u00a3[***] per day"],
        ]),
        ("p", "This Agreement has been entered into on the date stated at the beginning of it."),
        ("table", [
            ["Signed for and on behalf of KESTREL RETAIL GROUP LIMITED",
             "Signed for and on behalf of PAYSTREAM OUTSOURCING LIMITED"],
            ["Signature: ..............................", "Signature: .............................."],
            ["Name: ..............................", "Name: .............................."],
            ["Date: ..............................", "Date: .............................."],
        ]),
    ],
)

# --------------------------------------------------------------------------- #
# US IT managed services agreement: typed Article/Section numbering under
# Heading styles, exhibits as tables, a header, footnotes, a tracked deletion.
# --------------------------------------------------------------------------- #
US_IT = Draft(
    name="us_it_managed_services.docx",
    header="Ardent / Northwind IT Managed Services Agreement \u2013 Version <VERSION NO.>",
    footer="Ardent Confidential",
    footnotes={
        1: "Pricing assumes TBD managed devices at go-live.",
        2: "References to Section 2.4 of the Master Agreement are to the Master Agreement dated January 5, 2021 "
           "between Provider and the parent company of Customer.",
    },
    body=[
        ("title", "IT MANAGED SERVICES AGREEMENT"),
        ("p", "This IT Managed Services Agreement (this \u201c**Agreement**\u201d) is made and entered into as of "
              "March 2, 2026 (the \u201c**Effective Date**\u201d) by and between NORTHWIND LOGISTICS, INC., a Delaware "
              "corporation (\u201c**Customer**\u201d), and Ardent Systems Corp., a Minnesota corporation "
              "(\u201c**Provider**\u201d)."),
        ("p", "WHEREAS, Customer operates distribution centers in Delaware, Pennsylvania and New Jersey and wishes "
              "to outsource the operation of its information technology environment; and"),
        ("p", "WHEREAS, Provider is in the business of providing managed IT services;"),
        ("p", "NOW, THEREFORE, the parties agree as follows:"),
        ("h1", "ARTICLE 1 DEFINITIONS"),
        ("p", "1.1\t\u201c**Change Request**\u201d means a written request by either party to change the Services "
              "under Section 3.3."),
        ("p", "1.2\t\u201c**Deliverables**\u201d means all documents, software configurations and reports that "
              "Provider delivers under this Agreement."),
        ("p", "1.3\t\u201c**Disaster Recovery Plan**\u201d means the plan of Provider for restoring the Services "
              "after a disaster, as approved by Customer."),
        ("p", "1.4\t\u201c**Incident**\u201d means any event that is not part of the standard operation of the "
              "Services and that causes, or may cause, an interruption to or a reduction in their quality."),
        ("p", "1.5\t\u201c**Managed Environment**\u201d means the servers, network devices, end-user devices and "
              "cloud tenancies listed in Exhibit A."),
        ("p", "1.6\t\u201c**Service Credits**\u201d means the credits set out in Exhibit B."),
        ("p", "1.7\t\u201c**Service Desk**\u201d means the help desk of Provider that receives and records "
              "Incidents and requests."),
        ("p", "1.8\t\u201c**Services**\u201d means the managed services described in Exhibit A."),
        ("p", "1.9\t\u201c**Deliverables**\u201d includes all runbooks and network diagrams that Provider prepares."),
        ("h1", "ARTICLE 2 TERM"),
        ("p", "2.1\tThis Agreement begins on the Effective Date and continues for an initial term of thirty-six "
              "(36) months."),
        ("p", "2.2\tThereafter it renews for successive one-year periods unless either party gives notice of "
              "non-renewal at least ninety (90) days before the end of the then-current term."),
        ("h1", "ARTICLE 3 SERVICES"),
        ("p", "3.1\tProvider shall provide the Services for the Managed Environment 24 hours a day, 7 days a week, "
              "through the Service Desk."),
        ("p", "3.2\tProvider shall promptly escalate each Incident that it cannot resolve at the first line to its "
              "second-line engineers."),
        ("p", "3.2\tProvider shall maintain the Managed Environment using industry standard security practices."),
        ("p", "3.3\tEither party may submit a Change Request. No change to the Services is binding unless it is "
              "set out in a Change Order signed by both parties."),
        ("p", "3.4\tProvider shall deliver a Root-Cause Report for each Incident affecting more than 50 users "
              "within [ ] days after the Incident is resolved."),
        ("p", "[Note to draft: Provider to confirm the list of Deliverables for the transition phase.]"),
        ("h1", "ARTICLE 4 CUSTOMER RESPONSIBILITIES"),
        ("p", "4.1\tCustomer shall give Provider remote access to the Managed Environment and shall appoint a "
              "single point of contact for the Services."),
        ("p", "4.2\tCustomer shall maintain the software licenses listed in Exhibit A."),
        ("h1", "ARTICLE 5 SERVICE LEVELS"),
        ("p", "5.1\tProvider shall meet the service levels in Exhibit B. If it fails to meet one, Customer shall "
              "receive the applicable Service Credits."),
        ("p", "5.2\tProvider shall notify Customer promptly, and in any event within thirty (30) minutes, of any "
              "Incident that affects the shipping systems of a distribution center."),
        ("p", "5.3\tService Credits shall not exceed five percent (6%) of the monthly fees."),
        ("p", "5.4\tProvider shall use commercially reasonable efforts to meet the targets in Exhibit B that are "
              "marked as objectives."),
        ("h1", "ARTICLE 6 FEES"),
        ("p", "6.1\tCustomer shall pay Provider a monthly fee of $*** for each managed device.[[fn:1]]"),
        ("p", "6.2\tProvider shall invoice monthly and Customer shall pay each invoice within fifteen (50) days "
              "after the invoice date."),
        ("p", "6.3\tProvider may modify the Services at any time by notice to Customer."),
        ("p", "6.4\tThe fees in Exhibit C are fixed until 02/30/2027."),
        ("h1", "ARTICLE 7 CONFIDENTIALITY AND SECURITY"),
        ("p", "7.1\tEach party shall protect the confidential information of the other party with at least the "
              "care it uses for its own."),
        ("p", "7.2\tProvider shall comply with the Computer Fraud and Abuse Act, 18 U.S.C. \u00a7 1030, and shall "
              "notify Customer of any unauthorized access to the Managed Environment within twenty-four (24) "
              "hours."),
        ("p", "7.3\tProvider shall keep the Deliverables and all data of Customer in the United States."),
        ("h1", "ARTICLE 9 LIABILITY"),
        ("p", "9.1\tNeither party is liable to the other for indirect or consequential damages."),
        ("p", "9.2\tThe aggregate liability of each party is capped at the fees paid in the preceding twelve (12) "
              "months, except for breaches of Article 7."),
        ("p", "9.3\tThe cap in Section 9.2 does not apply to the obligations of Provider under Section 9.6."),
        ("p", "9.4\tAny claim must be brought within two (2) years after the cause of action arises."),
        ("h1", "ARTICLE 10 GENERAL"),
        ("p", "10.1\tNotices to Customer shall be sent to Northwind Logistics Holdings, Inc., 1800 Harbor Drive, "
              "Wilmington, Delaware 19801, Attention: Chief Information Officer."),
        ("p", "10.2\tThis Agreement is governed by the laws of the State of Minnesota."),
        ("p", "10.3\tExhibit A (Services and Managed Environment), Exhibit B (Service Levels) and Exhibit C (Fees) "
              "form part of this Agreement[[del:, and so does Exhibit F (Transition Plan) [TBD]]]. Exhibit E "
              "(Security Requirements) applies to all Deliverables."),
        ("p", "10.4\tAny dispute that the parties cannot resolve will be settled under Article 11."),
        ("p", "10.5\tSection 2.4 of the Master Agreement does not apply to the Managed Environment.[[fn:2]]"),
        ("h1", "EXHIBIT A \u2013 SERVICES AND MANAGED ENVIRONMENT"),
        ("table", [
            ["Component", "Quantity", "Service"],
            ["Windows and Linux servers", "64", "Monitoring, patching, backup"],
            ["Warehouse network switches", "120", "Monitoring, configuration management"],
            ["End-user devices", "1,850", "Service Desk, imaging, patching"],
            ["Microsoft 365 tenancy", "1", "Administration"],
        ]),
        ("h1", "EXHIBIT B \u2013 SERVICE LEVELS"),
        ("table", [
            ["Service level", "Target", "Credit"],
            ["Service Desk answer time", "90% of calls within 60 seconds", "2%"],
            ["Restoration of a site outage", "within 4 hours", "5%"],
            ["Critical patches (objective)", "within 14 days of release", "none"],
            ["Backup success", "99% of scheduled jobs", "2%"],
        ]),
        ("h1", "EXHIBIT C \u2013 FEES"),
        ("table", [
            ["Item", "Fee"],
            ["Monthly fee per managed server", "$185"],
            ["Monthly fee per end-user device", "$42"],
            ["Project work day rate", "$1,450 (one thousand four hundred fifty dollars)"],
        ]),
        ("p", "IN WITNESS WHEREOF, the parties have executed this Agreement as of the Effective Date."),
        ("table", [
            ["NORTHWIND LOGISTICS, INC.", "ARDENT SYSTEMS CORP."],
            ["By: ____________________________", "By: ____________________________"],
            ["Name: __________________________", "Name: __________________________"],
            ["Title: ___________________________", "Title: ___________________________"],
            ["Date: ___________________________", "Date: ___________________________"],
        ]),
    ],
)

DRAFTS = [UK_PAYROLL, US_IT]

# --------------------------------------------------------------------------- #
# Set 2. Australian customer-support agreement: Word automatic numbering,
# definitions in bold without quotation marks, typed numbering in a schedule,
# schedules as tables, a header, a footer, footnotes and tracked changes.
# --------------------------------------------------------------------------- #
AU_SUPPORT = Draft(
    name="au_customer_support.docx",
    header="Wattle / Southern Cross \u2013 Customer Support Services Agreement \u2013 DRAFT [insert date] "
           "\u2013 Subject to contract",
    footer="Southern Cross Contact Centres Pty Ltd \u2013 Commercial in confidence",
    footnotes={
        1: "See clause 15.4 for the exclusions that apply to this cap.",
        2: "The Provider will update the Knowledge Base in a timely manner after each tariff change.",
        3: "Compare Australian Privacy Principle 11 (security of personal information).",
    },
    body=[
        ("title", "CUSTOMER SUPPORT SERVICES AGREEMENT"),
        ("h", "Details"),
        ("p", "Date: 18 May 2026"),
        ("p", "Parties: Wattle Energy Retail Pty Ltd (ABN 41 604 221 913) of Level 9, 120 Collins Street, "
              "Melbourne VIC 3000 (**Customer**) and Southern Cross Contact Pty Ltd (ACN 612 345 678) of "
              "44 Hindmarsh Square, Adelaide SA 5000 (**Provider**)."),
        ("h", "Background"),
        ("p", "A.\tThe Customer is an authorised retailer of electricity and gas in Victoria, New South Wales and "
              "South Australia."),
        ("p", "B.\tThe Provider operates contact centres in Adelaide and Hobart and has agreed to provide "
              "customer support services to the Customer on the terms of this Agreement."),
        ("h", "Agreed terms"),
        ("n0", "Definitions and interpretation"),
        ("n1", "In this Agreement:"),
        ("def", "**Business Day** means a day that is not a Saturday, Sunday or public holiday in Melbourne;"),
        ("def", "**Business Hours** means 8.00 am to 8.00 pm (Melbourne time) on each Business Day;"),
        ("def", "**Commencement Date** means 1 July 2026;"),
        ("def", "**Complaint** means an expression of dissatisfaction made to the Provider about the Customer, "
                "its products or services, where a response or resolution is expected;"),
        ("def", "**Customer Data** means all information about the customers of the Customer that the Provider "
                "collects, accesses or creates in providing the Services;"),
        ("def", "**Escalation Matrix** means the escalation contacts agreed by the parties in writing;"),
        ("def", "**Fees** means the fees set out in Schedule 3;"),
        ("def", "**Forecast** means the monthly forecast of contact volumes given by the Customer under "
                "Schedule 1;"),
        ("def", "**Service Credits** means the amounts calculated under Schedule 2;"),
        ("def", "**Service Levels** means the service levels set out in Schedule 2;"),
        ("def", "**Services** means the customer support services described in Schedule 1; and"),
        ("def", "**Term** means the period described in clause 2.1."),
        ("n1", "In this Agreement a reference to a statute includes any regulations made under it and is a "
               "reference to it as amended from time to time."),
        ("n0", "Term"),
        ("n1", "This Agreement commences on the Commencement Date and continues for three years."),
        ("n1", "The Customer may extend the Term once, by up to 12 months, by giving the Provider at least "
               "3 months\u2019 notice."),
        ("n0", "Services"),
        ("n1", "The Provider must provide the Services in accordance with Schedule 1 and must meet the Service "
               "Levels."),
        ("n1", "The Provider must handle each Complaint in accordance with the Complaint Handling Procedure and "
               "the National Energy Retail Rules."),
        ("n1", "The Provider must ensure that its staff receive appropriate training before they handle calls "
               "for the Customer."),
        ("n1", "The Provider must maintain the Knowledge Base for the Services.[[fn:2]]"),
        ("n1", "The Provider must answer calls from customers of the Customer during business hours and must "
               "operate an emergency line 24 hours a day for reports of gas leaks and supply faults."),
        ("n0", "Transition"),
        ("n1", "The Provider must perform the transition services between 3 August 2026 and 20 July 2026 so that "
               "it is ready to take calls on the Commencement Date."),
        ("n1", "The Provider must notify the Customer promptly, and in any event within 2 Business Days, of any "
               "risk to the readiness of the Services."),
        ("n0", "Service Levels"),
        ("n1", "The Provider must meet the Service Levels from the end of the first full month after the "
               "Commencement Date."),
        ("n1", "If the Provider fails to meet a Service Level, the Service Credits apply."),
        ("n1", "The Service Credits do not limit the right of the Customer to terminate under clause 10.1."),
        ("n1", "The Provider must resolve each Complaint escalated to it by the Customer as soon as possible."),
        ("n0", "Customer Data and privacy"),
        ("n1", "The Provider must comply with the Privacy Act 1988 (Cth) and the Australian Privacy Principles in "
               "relation to Customer Data.[[fn:3]]"),
        ("n1", "In this clause 6, **Customer Data** means the personal information of customers of the "
               "Customer held in the call recordings and chat transcripts of the Provider."),
        ("n1", "The Provider must notify the Customer of any eligible data breach as soon as practicable, and in "
               "any event within 1 hour, after becoming aware of it."),
        ("n0", "Personnel"),
        ("n1", "The Provider must employ its staff in accordance with the Fair Work Act 2009 (Cth) and the "
               "applicable modern award."),
        ("n1", "The Provider may change the rosters of its staff as the Provider sees fit."),
        ("n1", "The Provider must ensure that its staff perform the Services to a professional standard."),
        ("n0", "Fees and invoicing"),
        ("n1", "The Customer must pay the Fees, plus GST, in accordance with Schedule 3."),
        ("n1", "The Provider must invoice monthly in arrears, and each correctly rendered invoice is payable "
               "within fourteen (40) days after receipt."),
        ("n1", "The Fees cover the Forecast plus a reasonable number of additional contacts, being no more than "
               "10% above the Forecast in any month."),
        ("n1", "Work outside the Services is charged at a reasonable additional fee."),
        ("n1", "The Fees are fixed until 31 September 2027."),
        ("n1", "After that date, the Provider may vary the Fees in its discretion on 30 days\u2019 notice"
               "[[del: at any time by up to [TBD]% under clause 27]]."),
        ("n0", "Liability"),
        ("n1", "The total liability of each party under this Agreement is capped at A$2,400,000 (two million "
               "four hundred thousand Australian dollars).[[fn:1]]"),
        ("n1", "Clause 9.1 does not apply to a breach of clause 6."),
        ("n0", "Termination"),
        ("n1", "Either party may terminate this Agreement by notice if the other party commits a material breach "
               "and does not remedy it within fifteen (15) Business Days after notice."),
        ("n1", "On termination the Provider must provide exit services for a reasonable time."),
        ("n1", "Subject to clause 9.4, termination does not affect accrued rights."),
        ("n0", "General"),
        ("n1", "Notices to the Customer must be sent to Wattle Energy Pty Ltd at its address in the Details."),
        ("n1", "This Agreement is governed by the laws of Victoria."),
        ("n1", "Nothing in this Agreement excludes any right under Schedule 2 of the Competition and Consumer Act "
               "2010 (Cth) that cannot lawfully be excluded."),
        ("n1", "Schedule 4 (Reporting) forms part of this Agreement."),
        ("n1", "The escalation contact of the Provider is [[ins:[TBC]]]."),
        ("h", "Schedule 1 \u2013 Services"),
        ("typed", "1.\tInbound calls for sales, billing, moves and payment arrangements."),
        ("typed", "2.\tEmail and web chat, answered within Business Hours."),
        ("typed", "3.\tHardship programme enquiries, handled by a dedicated team."),
        ("typed", "5.\tOutbound welcome calls to new customers."),
        ("typed", "6.\tReporting of Complaints to the Customer each week."),
        ("typed", "6.\tThe Customer will provide the Forecast by the 15th day of each month."),
        ("h", "Schedule 2 \u2013 Service Levels"),
        ("table", [
            ["Service Level", "Target", "Service Credit"],
            ["Grade of service", "80% of calls answered within 30 seconds", "5% of monthly Fees"],
            ["Abandonment rate", "less than 5% of calls", "ten per cent (15%) of monthly Fees"],
            ["Quality score", "at least 85% under the Quality Framework", "TBA"],
            ["First contact resolution", "70% of contacts", "2% of monthly Fees"],
            ["First review of targets", "31/11/2026", "not applicable"],
        ]),
        ("h", "Schedule 3 \u2013 Fees"),
        ("table", [
            ["Item", "Fee (excluding GST)"],
            ["Inbound call handling", "A$4.85 per call"],
            ["Email and web chat", "A$3.10 per contact"],
            ["Transition fee", "A$180,000 (one hundred and eighty thousand Australian dollars)"],
        ]),
        ("p", "Executed as an agreement."),
        ("table", [
            ["Executed by WATTLE ENERGY RETAIL PTY LTD in accordance with section 127 of the Corporations Act "
             "2001 (Cth)",
             "Executed by SOUTHERN CROSS CONTACT PTY LTD in accordance with section 127 of the Corporations Act "
             "2001 (Cth)"],
            ["Signature of director: ____________________", "Signature of director: ____________________"],
            ["Signature of director/company secretary: ____________________",
             "Signature of director/company secretary: ____________________"],
            ["Name (print): ____________________", "Name (print): ____________________"],
        ]),
    ],
)

DRAFTS2 = [AU_SUPPORT]

# --------------------------------------------------------------------------- #
# Set 3. South African contact-centre services agreement: Word automatic
# numbering, definitions in quotation marks with bold, typed numbering in the
# annexures, annexures as tables, a header, a footer, footnotes and tracked
# changes.
# --------------------------------------------------------------------------- #
ZA_CONTACT = Draft(
    name="za_contact_centre.docx",
    header="Ubuntu Telecoms / Karoo Contact \u2013 Contact Centre Services Agreement \u2013 Draft of <<date>> "
           "\u2013 Without prejudice",
    footer="Karoo Contact Solutions (Pty) Ltd \u2013 Confidential",
    footnotes={
        1: "The exclusions from this limit are set out in clause 14.3.",
        2: "The Service Provider will update the scripts timeously after each tariff change.",
        3: "Compare section 22 of the Protection of Personal Information Act 4 of 2013 (notification of "
           "security compromises).",
    },
    body=[
        ("title", "CONTACT CENTRE SERVICES AGREEMENT"),
        ("p", "between"),
        ("p", "UBUNTU TELECOMS LIMITED (registration number 1998/004512/06), a public company incorporated in the "
              "Republic of South Africa, of 16 Rivonia Road, Sandton, Johannesburg 2196 (the \u201c**Customer**\u201d)"),
        ("p", "and"),
        ("p", "KAROO CONTACT CENTRES (PTY) LTD (registration number 2011/118734/07), a private company "
              "incorporated in the Republic of South Africa, of 3 Dock Road, V&A Waterfront, Cape Town 8001 "
              "(the \u201c**Service Provider**\u201d)."),
        ("h", "Introduction"),
        ("p", "A.\tThe Customer provides mobile and fibre services to about 2.6 million subscribers."),
        ("p", "B.\tThe Service Provider operates contact centres in Cape Town and Durban and has agreed to handle "
              "calls, e-mails and chats from the subscribers of the Customer on the terms of this Agreement."),
        ("n0", "Definitions and interpretation"),
        ("n1", "In this Agreement, unless the context indicates otherwise:"),
        ("def", "\u201c**Business Day**\u201d means any day other than a Saturday, a Sunday or an official public "
                "holiday in the Republic of South Africa;"),
        ("def", "\u201c**Calls**\u201d means the inbound voice calls, e-mails and web chats from Subscribers that the "
                "Customer routes to the Service Provider;"),
        ("def", "\u201c**Commencement Date**\u201d means 1 March 2027;"),
        ("def", "\u201c**Fees**\u201d means the fees set out in Annexure C;"),
        ("def", "\u201c**Interaction Records**\u201d means the call recordings, chat transcripts and case notes "
                "that the Service Provider creates in handling Calls;"),
        ("def", "\u201c**Peak Period**\u201d means the period from 15 November to 15 January in each year;"),
        ("def", "\u201c**POPIA**\u201d means the Protection of Personal Information Act 4 of 2013;"),
        ("def", "\u201c**Service Levels**\u201d means the service levels set out in Annexure B;"),
        ("def", "\u201c**Services**\u201d means the contact centre services described in Annexure A; and"),
        ("def", "\u201c**Subscribers**\u201d means the customers of the Customer who use its mobile or fibre "
                "services."),
        ("n1", "A reference to a statute is to that statute as amended or re-enacted from time to time, and "
               "includes any regulations made under it."),
        ("n0", "Duration"),
        ("n1", "This Agreement commences on the Commencement Date and, unless terminated earlier under clause 10, "
               "endures for a period of three (3) years."),
        ("n1", "The Customer may, in its sole discretion, extend this Agreement once, for a further twelve (12) "
               "months, by notice given at least ninety (90) days before it would otherwise expire."),
        ("n0", "Services"),
        ("n1", "The Service Provider shall provide the Services from the Commencement Date and shall meet the "
               "Service Levels."),
        ("n1", "The Service Provider shall handle each Call in accordance with the scripts approved by the "
               "Customer and shall score a sample of Calls each week on the Quality Monitoring Form.[[fn:2]]"),
        ("n1", "The Service Provider shall staff the Services with competent agents who are fluent in English "
               "and in at least one of isiZulu, isiXhosa and Afrikaans."),
        ("n1", "For the purposes of this clause 3.4, \u201c**Calls**\u201d includes outbound calls that the "
               "Service Provider makes to Subscribers at the request of the Customer."),
        ("n1", "The Service Provider may elect which of its contact centres handles each queue of Calls."),
        ("n0", "Transition"),
        ("n1", "The Service Provider shall carry out the transition of the Services from 1 March 2027 until "
               "28 February 2026, including the training of its agents on the systems of the Customer."),
        ("n1", "The Service Provider shall notify the Customer as a matter of urgency of any risk to the "
               "readiness of the Services."),
        ("n0", "Service Levels"),
        ("n1", "The Service Provider shall meet the Service Levels from the first day of the second month after "
               "the Commencement Date."),
        ("n1", "If the Service Provider fails to meet a Service Level in any month, the service credit set out "
               "against that Service Level in Annexure B shall be deducted from the Fees for that month."),
        ("n1", "The Service Provider shall resolve each complaint escalated to it by the Customer speedily."),
        ("n1", "The Service Provider shall notify the Customer promptly, and in any event within two (2) hours, "
               "of any outage of its telephony platform."),
        ("n0", "Protection of personal information"),
        ("n1", "The Service Provider shall process the personal information of Subscribers only as an operator "
               "of the Customer within the meaning of POPIA, and shall comply with section 19 of POPIA."),
        ("n1", "The Service Provider shall notify the Customer of any security compromise affecting personal "
               "information of Subscribers within forty-eight (84) hours after becoming aware of it.[[fn:3]]"),
        ("n1", "The Service Provider shall keep the interaction records for ninety (90) days and shall then "
               "transfer them to the Customer."),
        ("n1", "The Service Provider shall not transfer any Interaction Records outside the Republic of South "
               "Africa."),
        ("n0", "Personnel"),
        ("n1", "The Service Provider shall comply with the Labour Relations Act 66 of 1995 and the Basic "
               "Conditions of Employment Act 75 of 1997 in relation to its agents."),
        ("n1", "The parties record that section 197 of the Labour Relations Act 66 of 1995 does not apply to "
               "the commencement of the Services."),
        ("n1", "The Service Provider shall take all reasonable steps to retain the agents trained on the "
               "Services."),
        ("n1", "The Service Provider shall ensure that its agents maintain a satisfactory standard of courtesy "
               "on every Call."),
        ("n0", "Fees and payment"),
        ("n1", "The Customer shall pay the Fees, plus value-added tax under the Value-Added Tax Act 89 of 1991, "
               "in accordance with Annexure C."),
        ("n1", "The Service Provider shall invoice monthly in arrears, and the Customer shall pay each correct "
               "invoice within thirty (30) days after receipt."),
        ("n1", "Calls handled on public holidays shall be charged at the reasonable overtime rates of the "
               "Service Provider."),
        ("n1", "The Fees are fixed until 2027/02/30."),
        ("n1", "Thereafter the Service Provider may adjust the Fees as the Service Provider may in its "
               "discretion decide[[del:, by up to [TBC]% under clause 18]], on sixty (60) days\u2019 notice."),
        ("n0", "Liability"),
        ("n1", "The total liability of each party under this Agreement in any year shall not exceed ZAR one "
               "hundred thousand (ZAR 10,000).[[fn:1]]"),
        ("n1", "The limit in clause 9.1 does not apply to a breach of clause 6 or to fraud."),
        ("n1", "Neither party is liable for any indirect or consequential loss, save as provided in clause 9.5."),
        ("n0", "Termination"),
        ("n1", "Either party may terminate this Agreement by written notice if the other party commits a "
               "material breach and fails to remedy it within twenty (20) Business Days after notice."),
        ("n1", "On termination the Service Provider shall deliver all Interaction Records to the Customer and "
               "shall provide the exit services described in Annexure D."),
        ("n0", "General"),
        ("n1", "Notices to the Customer shall be delivered to Ubuntu Telecom Limited at 16 Rivonia Road, "
               "Sandton, for the attention of the Chief Operating Officer."),
        ("n1", "This Agreement is governed by the law of the Republic of South Africa."),
        ("n1", "The parties choose the addresses set out above as their domicilia citandi et executandi."),
        ("n1", "The escalation manager of the Service Provider is [[ins:[insert name of escalation manager]]]."),
        ("n1", "The Service Provider shall maintain its level 2 status under the Broad-Based Black Economic "
               "Empowerment Act 53 of 2003 throughout the term of this Agreement[[del: and shall report it "
               "in good time]]."),
        ("h", "Annexure A \u2013 Services"),
        ("typed", "1.\tInbound calls for sales, billing queries, SIM swaps and porting requests."),
        ("typed", "2.\tE-mail and web chat support from 07:00 to 21:00 on every day of the year."),
        ("typed", "3.\tRetention calls to Subscribers who ask to cancel their contracts."),
        ("typed", "5.\tFirst-line technical support for fibre connections."),
        ("typed", "6.\tWeekly reporting of complaints referred to the Independent Communications Authority of "
                  "South Africa."),
        ("h", "Annexure B \u2013 Service Levels"),
        ("table", [
            ["Service Level", "Target", "Service credit"],
            ["Grade of service", "80% of Calls answered within 20 seconds", "4% of monthly Fees"],
            ["Abandoned Calls", "less than 4% of Calls", "3% of monthly Fees"],
            ["Staffing", "in line with the Workforce Management Plan", "2% of monthly Fees"],
            ["Quality", "at least 88% on the weekly sample", "3% of monthly Fees"],
            ["First review", "31 June 2027", "not applicable"],
        ]),
        ("typed", "1.\tEach Service Level is measured over a calendar month."),
        ("typed", "2.\tThe service credits in any month shall not exceed twelve per cent (12%) of the Fees for "
                  "that month."),
        ("typed", "2.\tService credits are the Customer\u2019s sole financial remedy for a missed Service "
                  "Level, but do not limit its right to terminate under clause 10.1."),
        ("h", "Annexure C \u2013 Fees"),
        ("table", [
            ["Item", "Fee (excluding VAT)"],
            ["Inbound Call, per minute handled", "R9.40"],
            ["E-mail or web chat", "R21.50 per contact"],
            ["Transition fee", "R850,000 (eight hundred and fifty thousand rand)"],
            ["Additional training day", "R[amount] per agent"],
        ]),
        ("p", "Signed by the parties on the dates and at the places set out below."),
        ("table", [
            ["For UBUNTU TELECOMS LIMITED", "For KAROO CONTACT CENTRES (PTY) LTD"],
            ["Signature: ______________________", "Signature: ______________________"],
            ["Name: ______________________", "Name: ______________________"],
            ["Who warrants that he or she is duly authorised", "Who warrants that he or she is duly authorised"],
            ["Date: ______________________", "Date: ______________________"],
            ["Place: Sandton", "Place: Cape Town"],
        ]),
    ],
)

DRAFTS3 = [ZA_CONTACT]
SETS = {"1": DRAFTS, "2": DRAFTS2, "3": DRAFTS3}

# Legal numbering: 1. / 1.1 / (a), each level restarting under its parent.
NUMBERING_XML = f"""
<w:abstractNum {nsdecls('w')} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="720"/></w:pPr></w:lvl>
</w:abstractNum>
"""
NUM_XML = f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run_xml(text: str, bold: bool = False, deleted: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    parts = text.split("\t")
    tag = "w:delText" if deleted else "w:t"
    inner = "<w:tab/>".join(f'<{tag} xml:space="preserve">{_escape(p)}</{tag}>' for p in parts)
    return f"<w:r>{rpr}{inner}</w:r>"


class Builder:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.doc = docx.Document()
        self.revision = 100
        style = self.doc.styles["Normal"]
        style.font.name = "Calibri"
        style.font.size = Pt(11)

    # -- inline content ------------------------------------------------------
    def fill(self, paragraph, text: str) -> None:
        """Append the runs of marked-up text to a paragraph."""
        p = paragraph._p
        pos = 0
        for m in MARKUP.finditer(text):
            if m.start() > pos:
                p.append(parse_xml(f"<w:wrap {nsdecls('w')}>{_run_xml(text[pos:m.start()])}</w:wrap>")[0])
            if m.group(1) is not None:
                p.append(parse_xml(f"<w:wrap {nsdecls('w')}>{_run_xml(m.group(1), bold=True)}</w:wrap>")[0])
            elif m.group(2) == "fn":
                p.append(parse_xml(
                    f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                    f'<w:footnoteReference w:id="{int(m.group(3))}"/></w:r>'))
            else:
                self.revision += 1
                kind = m.group(2)
                run = _run_xml(m.group(3), deleted=kind == "del")
                p.append(parse_xml(f'<w:{kind} {nsdecls("w")} w:id="{self.revision}" {REVISION}>{run}</w:{kind}>'))
            pos = m.end()
        if pos < len(text):
            p.append(parse_xml(f"<w:wrap {nsdecls('w')}>{_run_xml(text[pos:])}</w:wrap>")[0])

    def numbered(self, text: str, level: int):
        paragraph = self.doc.add_paragraph()
        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert(0, parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
        if level == 0:
            paragraph.paragraph_format.keep_with_next = True
            self.fill(paragraph, f"**{text}**")
        else:
            self.fill(paragraph, text)
        return paragraph

    # -- parts ---------------------------------------------------------------
    def add_numbering(self) -> None:
        numbering = self.doc.part.numbering_part.element
        first_num = numbering.find(qn("w:num"))
        abstract = parse_xml(NUMBERING_XML)
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(parse_xml(NUM_XML))

    def add_footnotes(self) -> None:
        notes = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/>'
            f'</w:r><w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:footnote>'
            for n, text in sorted(self.draft.footnotes.items()))
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
            '</w:p></w:footnote>' + notes + "</w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode("utf-8"), self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)

    def build(self) -> docx.document.Document:
        self.add_numbering()
        section = self.doc.sections[0]
        section.header.paragraphs[0].text = self.draft.header
        section.footer.paragraphs[0].text = self.draft.footer
        for item in self.draft.body:
            kind, content = item[0], item[1]
            if kind == "title":
                self.doc.add_heading(content, level=0)
            elif kind == "h":
                self.fill(self.doc.add_paragraph(), f"**{content}**")
            elif kind == "h1":
                self.doc.add_heading(content, level=1)
            elif kind in ("p", "typed"):
                self.fill(self.doc.add_paragraph(), content)
            elif kind == "def":
                paragraph = self.doc.add_paragraph()
                paragraph.paragraph_format.left_indent = Pt(36)
                self.fill(paragraph, content)
            elif kind == "n0":
                self.numbered(content, 0)
            elif kind == "n1":
                self.numbered(content, 1)
            elif kind == "table":
                rows = content
                table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
                table.style = "Table Grid"
                for r, row in enumerate(rows):
                    for c, cell_text in enumerate(row):
                        cell = table.cell(r, c)
                        cell.paragraphs[0].text = ""
                        self.fill(cell.paragraphs[0], f"**{cell_text}**" if r == 0 else cell_text)
            else:
                raise ValueError(f"unknown item kind {kind!r}")
        if self.draft.footnotes:
            self.add_footnotes()
        core = self.doc.core_properties
        core.author = "Drafting team"
        core.title = self.draft.name
        return self.doc


def main(argv: list[str]) -> int:
    drafts = DRAFTS
    if len(argv) == 3 and argv[1] == "--set" and argv[2] in SETS:
        drafts = SETS[argv[2]]
        argv = argv[:1]
    if len(argv) != 1:
        print("usage: make_docx.py OUT_DIR [--set 1|2|3]", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for draft in drafts:
        Builder(draft).build().save(str(out / draft.name))
        print(out / draft.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
