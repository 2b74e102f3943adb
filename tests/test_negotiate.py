"""bpolint negotiate: rows, priorities, the playbook, round trips, renderers and the CLI."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest

from bpolint import lint_file, lint_text
from bpolint.config import Overrides, Playbook, Settings, load_config, parse_playbook, settings_for
from bpolint.errors import BpolintError
from bpolint.model import Status
from bpolint.negotiate import Priority, Round, issues_list
from bpolint.negotiate.playbook import default_playbook, fill, terms_for
from bpolint.negotiate.render import check_template_dir, render_html, render_json, render_letter, render_markdown
from bpolint.negotiate.word import render_docx, render_letter_docx
from bpolint.quantities import parse_amount
from conftest import REPO

CORPORA = REPO / "corpora"
SERVICES = ("customer-support", "it-services", "finance-accounting", "back-office")
SCHEMA = REPO / "bpolint" / "negotiate" / "issues.schema.json"


def draft(service: str, strength: str) -> Path:
    return next(p for p in (CORPORA / service).glob(f"{strength}.*") if p.suffix in (".md", ".txt"))


@lru_cache(maxsize=None)
def report_of(service: str, strength: str):
    return lint_file(draft(service, strength), service_types=[service], overrides=Overrides(use_config=False))


def text_report(text: str, services=("it-services",)):
    return lint_text(text, service_types=services)


# --- rows for the sample drafts --------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_every_missing_or_unquantified_required_topic_has_a_row_with_ask_and_fallback(service):
    report = report_of(service, "weak")
    issues = issues_list(report, party="customer")
    rows = {r.topic: r for r in issues.rows if r.kind == "term"}
    gaps = [t for t in report.topics if t.level == "required" and t.status in (Status.MISSING, Status.UNQUANTIFIED)]
    assert gaps, "the weak draft should have required gaps"
    for t in gaps:
        row = rows.get(t.topic)
        assert row is not None, t.topic
        assert row.ask.strip() and row.fallback.strip() and row.why.strip() and row.issue.strip(), t.topic
        assert row.priority is Priority.MUST, t.topic
        assert (row.clause_text == "new clause") == (t.status is Status.MISSING), t.topic
    # the supplier gets the same gaps, with its own asks and reasons
    supplier = {r.topic: r for r in issues_list(report, party="supplier").rows if r.kind == "term"}
    assert set(supplier) == set(rows)
    assert any(supplier[t].ask != rows[t].ask for t in rows) and any(supplier[t].why != rows[t].why for t in rows)


@pytest.mark.parametrize("service", SERVICES)
def test_a_strong_draft_yields_no_must_have_rows(service):
    for party in ("customer", "supplier"):
        issues = issues_list(report_of(service, "strong"), party=party)
        assert not issues.must_haves, [(r.topic, r.issue) for r in issues.must_haves]


def test_rows_are_sorted_must_haves_first_and_numbered():
    issues = issues_list(report_of("it-services", "weak"))
    ranks = [r.priority.rank for r in issues.rows]
    assert ranks == sorted(ranks) and ranks[0] == 0
    assert [r.number for r in issues.rows] == list(range(1, len(issues.rows) + 1))


def test_drafting_defects_are_one_row_per_class_and_risks_one_per_clause():
    report = report_of("it-services", "weak")
    issues = issues_list(report)
    placeholders = [r for r in issues.rows if r.topic == "hygiene.placeholder"]
    assert len(placeholders) == 1
    assert len(placeholders[0].fingerprints) == sum(1 for f in report.findings if f.topic == "hygiene.placeholder")
    hidden = [r for r in issues.rows if r.topic == "commercial.hidden-fees"]
    assert len(hidden) == len({(f.location.clause, f.location.heading) for f in report.findings
                               if f.topic == "commercial.hidden-fees"}) > 1
    # every finding is behind exactly one row
    behind = [fp for r in issues.rows for fp in r.fingerprints]
    assert sorted(behind) == sorted(f.fingerprint for f in report.findings)


def test_every_clause_reference_names_a_clause_of_the_draft():
    from bpolint.extract import extract
    from bpolint.segment import segment

    path = draft("finance-accounting", "weak")
    seg = segment(extract(str(path)))
    known = {(c.number, seg.heading_for(c)) for c in seg.clauses}
    issues = issues_list(report_of("finance-accounting", "weak"))
    refs = [ref for r in issues.rows for ref in r.clauses]
    assert refs and all((ref.number, ref.heading) in known for ref in refs)


# --- the playbook -----------------------------------------------------------------------


BREACH = "The Supplier shall notify the Customer of any Security Incident within {} after discovering it."


@pytest.mark.parametrize("deadline,priority", [
    ("twenty-four (24) hours", None),  # meets the 24-hour target: no row
    ("seventy-two (72) hours", Priority.IMPORTANT),  # at the walk-away: between
    ("three (3) Business Days", Priority.IMPORTANT),  # 72 to 120 hours: at best the walk-away, so between
    ("four (4) Business Days", Priority.MUST),  # at least 96 hours: worse than the walk-away
    ("one (1) month", Priority.MUST),
])
def test_breach_notice_against_the_default_playbook(deadline, priority):
    issues = issues_list(text_report(BREACH.format(deadline)))
    rows = [r for r in issues.rows if r.topic == "security.breach-notification"]
    if priority is None:
        assert rows == []
    else:
        assert [r.priority for r in rows] == [priority] and rows[0].kind == "playbook"
        assert rows[0].comparison.verdict == ("below" if priority is Priority.MUST else "between")
        assert rows[0].clauses and "72 hours" in rows[0].issue


def company(**topics) -> Settings:
    pb = parse_playbook({"topics": topics}, "playbook.yaml")
    return Settings(playbook=pb)


def test_a_company_playbook_in_business_days_against_a_draft_in_hours():
    settings = company(**{"security.breach-notification": {"target": "1 business day", "walk-away": "3 business days"}})
    # 72 hours is never longer than the shortest 3 business days: not below the walk-away
    issues = issues_list(text_report(BREACH.format("72 hours")), settings)
    row = next(r for r in issues.rows if r.topic == "security.breach-notification")
    assert row.priority is Priority.IMPORTANT and row.comparison.walk_away == "3 business days"
    issues = issues_list(text_report(BREACH.format("24 hours")), settings)
    assert not [r for r in issues.rows if r.topic == "security.breach-notification"]


AVAILABILITY = "The Hosted Platform shall be available {} of the time in each calendar month."


@pytest.mark.parametrize("figure,verdict", [("99.50%", "between"), ("99.5%", "between"), ("99.49%", "below"),
                                            ("99.9%", None), ("99.90%", None)])
def test_availability_at_the_boundaries(figure, verdict):
    issues = issues_list(text_report(AVAILABILITY.format(figure)))
    rows = [r for r in issues.rows if r.topic == "sla.availability"]
    assert [r.comparison.verdict for r in rows] == ([verdict] if verdict else [])


def test_money_in_another_currency_is_not_compared_and_says_so():
    settings = company(**{"legal.insurance": {"target": "USD 5,000,000", "walk-away": "USD 2,000,000",
                                              "near": "professional indemnity"}})
    text = ("The Supplier shall maintain professional indemnity insurance of at least £3,000,000 per claim "
            "throughout the Term.")
    row = next(r for r in issues_list(text_report(text), settings).rows if r.topic == "legal.insurance")
    assert row.comparison.verdict == "not compared" and "GBP" in row.issue and "USD" in row.issue


def test_a_playbook_speaks_for_one_side():
    # the shipped positions are the customer's: the supplier's list compares no figures with them
    assert terms_for(None, ("it-services",), "customer") and not terms_for(None, ("it-services",), "supplier")
    issues = issues_list(text_report(AVAILABILITY.format("99.0%")), party="supplier")
    assert not [r for r in issues.rows if r.kind == "playbook"]
    # a supplier's own playbook: committing to more than it can deliver is the point to raise
    settings = Settings(playbook=parse_playbook({"party": "supplier", "topics": {"sla.availability": {
        "target": "99.5%", "walk-away": "99.9%"}}}, "supplier.yaml"))
    issues = issues_list(text_report(AVAILABILITY.format("99.99%")), settings, party="supplier")
    row = next(r for r in issues.rows if r.topic == "sla.availability")
    assert row.priority is Priority.MUST and "99.5%" in row.ask and row.comparison.target == "99.5%"
    # a missing term gets the supplier's own wording with its target filled in
    issues = issues_list(text_report("The Supplier shall host the Customer's applications."), settings,
                         party="supplier")
    row = next(r for r in issues.rows if r.topic == "sla.availability")
    assert row.clause_text == "new clause" and "99.5%" in row.ask and "99.9%" in row.fallback


def test_every_default_figure_names_its_source():
    pb = default_playbook(SERVICES)
    assert pb.terms and all(t.source and t.measurable and t.near for t in pb.terms)
    assert {t.topic for t in pb.terms} >= {"security.breach-notification", "sla.availability",
                                           "sla.customer-satisfaction", "accuracy.error-rate", "turnaround.time"}


def test_the_target_fills_the_rule_wording():
    terms = {t.name: t for t in default_playbook(("it-services",)).terms}
    wording = "a recovery time objective of [4] hours with a recovery point objective of [1] hour"
    assert fill(wording, terms["Recovery point objective"], parse_amount("24 hours")).endswith("objective of 24 hours")
    assert fill(wording, terms["Recovery time objective"], parse_amount("2 hours")).startswith(
        "a recovery time objective of 2 hours with")
    assert fill("By the [5th] Business Day of each month deliver a report", default_playbook(
        ("finance-accounting",)).terms[-1], parse_amount("10 business days")).startswith("By the 10th Business Day")


# --- the playbook in the configuration ----------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_playbook_key_and_a_separate_file(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "negotiation" / "playbook.yaml", "party: supplier\ntopics:\n  sla.availability:\n"
          "    target: 99.5%\n    walk-away: 99.9%\n    preferred: \"Availability of 99.5% a month.\"\n")
    cfg = write(tmp_path / ".bpolint.yaml", "playbook: negotiation/playbook.yaml\n")
    pb = settings_for(load_config(cfg), Overrides()).playbook
    assert pb.party == "supplier" and pb.terms[0].better == "lower" and pb.terms[0].preferred
    inline = write(tmp_path / "inline" / ".bpolint.yaml",
                   "playbook:\n  defaults: false\n  topics:\n    legal.governing-law:\n"
                   "      preferred: \"This Agreement is governed by the laws of England and Wales.\"\n")
    pb = load_config(inline).playbook
    assert not pb.defaults and not pb.terms[0].measurable


@pytest.mark.parametrize("body,line,words", [
    ("playbook:\n  topics:\n    sla.availability:\n      target: 99.9%\n      walk-away: lots\n", 5, "walk-away"),
    ("playbook:\n  topics:\n    sla.nothing:\n      target: 99.9%\n      walk-away: 99.5%\n", 3, "unknown topic"),
    ("playbook:\n  topics:\n    sla.availability:\n      target: 99.9%\n      walk-away: 4 hours\n", 5, "same kind"),
    ("playbook:\n  topics:\n    sla.availability:\n      target: 99.9%\n      walk-away: 99.9%\n", 4, "better"),
    ("playbook:\n  topics:\n    sla.availability:\n      target: 99.9%\n      walk-away: 99.5%\n"
     "      better: lower\n", 6, "contradicts"),
    ("playbook:\n  topics:\n    sla.availability:\n      target: 99.9%\n", 4, "both"),
    ("playbook:\n  topics:\n    sla.availability:\n      target: 99.9%\n      walk-away: 99.5%\n"
     "      near: '('\n", 6, "regular expression"),
    ("playbook:\n  party: vendor\n", 2, "customer or supplier"),
    ("playbook:\n  colour: blue\n", 2, "unknown key"),
    ("playbook: ../outside.yaml\n", 1, "outside the project"),
    ("playbook: missing.yaml\n", 1, "not found"),
])
def test_playbook_errors_name_the_file_and_line(tmp_path, body, line, words):
    (tmp_path / ".git").mkdir()
    cfg = write(tmp_path / ".bpolint.yaml", body)
    with pytest.raises(BpolintError) as exc:
        load_config(cfg)
    assert exc.value.code == "E104" and exc.value.line == line and words in str(exc.value)
    assert str(cfg) in str(exc.value)


def test_extends_layers_playbooks_per_topic(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "base.yaml", "playbook:\n  topics:\n    sla.availability: {target: 99.9%, walk-away: 99.5%}\n"
          "    commercial.payment-terms: {target: 45 days, walk-away: 30 days}\n")
    cfg = write(tmp_path / ".bpolint.yaml", "extends: base.yaml\nplaybook:\n  topics:\n"
                "    sla.availability: {target: 99.95%, walk-away: 99.9%}\n")
    pb = load_config(cfg).playbook
    assert {t.topic: str(t.target) for t in pb.terms} == {"commercial.payment-terms": "45 days",
                                                          "sla.availability": "99.95%"}


# --- round trips ----------------------------------------------------------------------------


def test_against_the_previous_draft_marks_rows_new_open_and_resolved(tmp_path):
    old_text = draft("it-services", "weak").read_text(encoding="utf-8")
    old = write(tmp_path / "round1.md", old_text)
    fixed = old_text.replace("8.2 Where the Supplier procures software", "8.2 Where the Supplier procures software")
    fixed = fixed.replace("The Supplier may subcontract any of its obligations under this Agreement.",
                          "The Supplier may subcontract any of its obligations under this Agreement with the "
                          "Customer's prior written consent, and remains responsible for its subcontractors.")
    fixed += ("\n\n17. SECURITY INCIDENTS\n\n17.1 The Supplier shall notify the Customer of any Security Incident "
              "within twenty-four (24) hours after discovering it, and may charge for the investigation at its "
              "sole discretion.\n")
    new = write(tmp_path / "round2.md", fixed)
    overrides = Overrides(use_config=False, service=("it-services",))
    before, after = lint_file(old, overrides=overrides), lint_file(new, overrides=overrides)
    issues = issues_list(after, against=before)
    by_round = {r: [row for row in issues.rows if row.round is r] for r in Round}
    resolved = {row.topic for row in by_round[Round.RESOLVED]}
    assert {"security.breach-notification", "legal.subcontracting"} <= resolved
    assert any("17.1" in (ref.number or "") for row in by_round[Round.NEW] for ref in row.clauses)  # the new charge
    assert len(by_round[Round.OPEN]) > 20
    assert all(row.round is not None for row in issues.rows)
    assert [r.number for r in issues.rows] == list(range(1, len(issues.rows) + 1))
    assert issues.rows[-1].round is Round.RESOLVED  # resolved rows come last
    # the same draft twice: everything still open
    same = issues_list(before, against=before)
    assert {r.round for r in same.rows} == {Round.OPEN}


# --- renderers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def weak_list():
    import datetime as dt

    return issues_list(report_of("it-services", "weak"), date=dt.date(2025, 3, 14))


def test_json_validates_against_its_schema(weak_list):
    jsonschema = pytest.importorskip("jsonschema")
    data = json.loads(render_json(weak_list))
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert data["date"] == "2025-03-14" and data["counts"]["must-have"] == len(weak_list.must_haves)
    assert any(r["clause"] == "new clause" and r["clauses"] == [] for r in data["rows"])


def test_markdown_is_one_table_with_every_row_and_escapes_the_draft(weak_list):
    md = render_markdown(weak_list)
    table = [ln for ln in md.splitlines() if ln.startswith("| ")]
    assert len(table) == 2 + len(weak_list.rows)  # the header, its rule and one line per row
    assert all(ln.count(" | ") == table[0].count(" | ") for ln in table)  # no cell breaks the table
    assert "14 March 2025" in md and "Supplier response" in md
    hostile = issues_list(text_report("The Supplier shall use reasonable efforts | <script>alert(1)</script> "
                                      "to keep the system available."))
    out = render_markdown(hostile)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<script>" not in render_html(hostile)


def test_docx_is_a_landscape_table_with_a_header_naming_the_draft_and_the_date(weak_list):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    doc = Document(io.BytesIO(render_docx(weak_list)))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    header = " ".join(p.text for p in section.header.paragraphs)
    assert "weak.md" in header and "14 March 2025" in header
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["No.", "Clause", "Issue", "Why it matters to the customer",
                                                      "Our ask", "Fallback", "Priority", "Supplier response"]
    assert len(table.rows) == len(weak_list.rows) + 1
    assert table.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") \
        is not None  # the header row repeats on every page
    assert all(row.cells[-1].text == "" for row in table.rows[1:])
    assert table.rows[1].cells[1].text == weak_list.rows[0].clause_text


def test_docx_bytes_are_reproducible_for_one_date(weak_list):
    assert render_docx(weak_list) == render_docx(weak_list)
    with zipfile.ZipFile(io.BytesIO(render_docx(weak_list))) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2025, 3, 14)}


def test_the_letter_lists_the_must_haves_with_their_asks(weak_list):
    from docx import Document

    letter = render_letter(weak_list)
    for row in weak_list.must_haves:
        assert f"row {row.number})" in letter
    assert "Supplier response" in letter and "14 March 2025" in letter
    doc = Document(io.BytesIO(render_letter_docx(weak_list, render_letter(weak_list, for_word=True))))
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == len(weak_list.must_haves)
    assert any(r.bold for r in numbered[0].runs) and "\\" not in "".join(p.text for p in doc.paragraphs)


def test_libreoffice_opens_the_word_files(tmp_path, weak_list):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    (tmp_path / "issues.docx").write_bytes(render_docx(weak_list))
    (tmp_path / "letter.docx").write_bytes(render_letter_docx(weak_list, render_letter(weak_list, for_word=True)))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "issues.docx"), str(tmp_path / "letter.docx")],
                   check=True, capture_output=True, timeout=180)
    for name in ("issues.pdf", "letter.pdf"):
        assert (tmp_path / name).read_bytes()[:5] == b"%PDF-"


# --- templates and the CLI -------------------------------------------------------------------


def test_a_company_template_replaces_the_shipped_one(tmp_path, cli):
    write(tmp_path / "tpl" / "letter.md.j2", "To {{ other }}: {{ must_haves|length }} must-haves, "
                                             "{{ issues.rows|length }} rows.\n")
    src, out = write(tmp_path / "draft.md", SMALL), tmp_path / "issues.md"
    code, _, err = cli("negotiate", str(src), "--no-config", "-o", str(out), "--letter",
                       "--template", str(tmp_path / "tpl"))
    assert code == 0, err
    letter = (tmp_path / "issues-letter.md").read_text()
    assert letter.startswith("To supplier: ") and "must-haves" in letter
    assert out.read_text().startswith("# Issues list: draft.md")  # the list keeps the shipped template


def test_a_broken_template_is_one_coded_line_naming_file_and_line(tmp_path, cli):
    write(tmp_path / "tpl" / "issues.md.j2", "line one\n{% for row in issues.rows %}\n")
    code, out, err = cli("negotiate", str(draft("it-services", "weak")), "--template", str(tmp_path / "tpl"))
    assert code == 2 and "[E113]" in err and "issues.md.j2" in err and err.strip().count("\n") == 0
    check_template_dir(None)


@pytest.mark.parametrize("args,words", [
    (["--letter"], "give -o PATH"),
    (["--party", "vendor"], "vendor"),
    (["--against", "no-such-draft.docx"], "no-such-draft.docx"),
])
def test_usage_errors_are_one_line(cli, args, words):
    code, out, err = cli("negotiate", str(draft("it-services", "weak")), "--no-config", *args)
    assert code == 2 and words in err and err.strip().count("\n") == 0 and not out


SMALL = ("1. SERVICES\n\n1.1 The Supplier shall provide the help desk services promptly.\n\n"
         "1.2 The Customer shall pay each invoice within fourteen (14) days.\n")


def test_source_date_epoch_sets_the_date(tmp_path, cli, monkeypatch):
    src = write(tmp_path / "draft.md", SMALL)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    code, out, err = cli("negotiate", str(src), "--format", "json", "--no-config")
    assert code == 0, err
    assert json.loads(out)["date"] == "2023-11-14"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, out, err = cli("negotiate", str(src), "--no-config")
    assert code == 2 and "[E112]" in err and not out


def test_the_cli_writes_docx_and_letter_and_never_over_the_input(tmp_path, cli):
    src = write(tmp_path / "draft.md", SMALL)
    code, _, err = cli("negotiate", str(src), "--no-config", "--format", "docx", "-o", str(tmp_path / "out.docx"),
                       "--letter", "--party", "supplier")
    assert code == 0, err
    assert zipfile.is_zipfile(tmp_path / "out.docx") and zipfile.is_zipfile(tmp_path / "out-letter.docx")
    assert "for the supplier" in err
    before = src.read_bytes()
    code, _, err = cli("negotiate", str(src), "--no-config", "-o", str(src))
    assert code == 2 and "[E107]" in err and src.read_bytes() == before


def test_a_company_playbook_from_the_drafts_configuration(tmp_path, cli):
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".bpolint.yaml", "service: [it-services]\nplaybook:\n  topics:\n    sla.availability:\n"
          "      target: 99.99%\n      walk-away: 99.95%\n      fallback: \"Availability of 99.95% a month.\"\n")
    src = write(tmp_path / "draft.md", "1. SERVICE LEVELS\n\n1.1 The Hosted Platform shall be available 99.9% "
                "of the time in each calendar month.\n")
    code, out, err = cli("negotiate", str(src), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    row = next(r for r in data["rows"] if r["topic"] == "sla.availability")
    assert row["priority"] == "must-have" and row["fallback"] == "Availability of 99.95% a month."
    assert row["clause"] == "clause 1.1, SERVICE LEVELS" and ".bpolint.yaml" in data["playbook"]


def test_default_playbook_terms_parse_as_shipped():
    # the shipped files go through the same parser as a company's; a bad one would raise here
    for name in ("common", *SERVICES):
        assert isinstance(default_playbook((name,)), Playbook)


def test_the_docs_list_every_default_position_with_its_figures():
    doc = (REPO / "docs" / "negotiate.md").read_text(encoding="utf-8")
    rows = [ln for ln in doc.splitlines() if ln.startswith("| ")]
    for name in ("common", *SERVICES):
        for t in default_playbook((name,)).terms if name == "common" else _own_terms(name):
            service = "all" if name == "common" else name
            assert any(ln.startswith(f"| {service} | {t.name} | {t.target} | {t.walk_away} |") for ln in rows), t.name


def _own_terms(name):
    common = {(t.topic, t.name) for t in default_playbook(()).terms}
    return [t for t in default_playbook((name,)).terms if (t.topic, t.name) not in common]


def test_every_topic_has_a_fallback_and_the_suppliers_reasons():
    from bpolint.negotiate.asks import load_asks
    from bpolint.taxonomy import load_taxonomy

    asks = load_asks()
    for topic in load_taxonomy().topics:
        assert asks[topic]["customer"].fallback, topic
        assert asks[topic]["supplier"].why and asks[topic]["supplier"].fallback, topic


def test_the_html_list_shares_the_gap_reports_look(weak_list):
    from bpolint.report.render import STATUS_COLOURS

    page = render_html(weak_list)
    shared = (REPO / "bpolint" / "report" / "templates" / "look-page.css.j2").read_text(encoding="utf-8")
    assert shared.split("-#}\n", 1)[1].strip() in page
    assert STATUS_COLOURS["missing"][0] in page  # must-haves in the colours of a missing term
