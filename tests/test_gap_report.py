from __future__ import annotations


DRAFT = """SERVICES AGREEMENT

1. TERM. This Agreement continues for an initial term of twelve (12) months.
2. SERVICE LEVELS. The Supplier shall respond to enquiries promptly.
3. FEES. Extra work is billed at the Supplier's then-current rates.
"""


def test_markdown_gap_report_lists_topics_with_status(cli, tmp_path):
    src = tmp_path / "d.txt"
    src.write_text(DRAFT)
    code, out, err = cli("report", str(src), "--service", "customer-support")
    assert code == 0, err
    assert out.startswith("# Contract gap report")
    row = next(l for l in out.splitlines() if "`term.duration`" in l)
    assert "| Covered |" in row and "clause 1" in row
    row = next(l for l in out.splitlines() if "`commercial.hidden-fees`" in l)
    assert "| Flagged |" in row and "then-current rates" in row
    assert any("| Missing |" in l for l in out.splitlines())


def test_html_gap_report_is_written_atomically(cli, tmp_path):
    src = tmp_path / "d.txt"
    src.write_text(DRAFT)
    target = tmp_path / "gap.html"
    code, out, err = cli("report", str(src), "--format", "html", "-o", str(target))
    assert code == 0 and out == ""
    html = target.read_text()
    assert html.startswith("<!doctype html>") and "then-current rates" in html
    assert not list(tmp_path.glob(".gap.html.*"))  # no temporary file left behind


def test_report_bad_input_exit_2(cli, tmp_path):
    code, _, err = cli("report", str(tmp_path / "missing.docx"))
    assert code == 2 and "[E101]" in err
