"""``bpolint report``: the gap report in Markdown, HTML and JSON, and the portfolio matrix."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from bpolint.api import lint_text
from bpolint.report import gap, render
from bpolint.ruleset import load_ruleset

DRAFT = """SERVICES AGREEMENT

1. TERM. This Agreement continues for an initial term of twelve (12) months.
2. SERVICE LEVELS. The Supplier shall respond to enquiries promptly.
3. FEES. Extra work is billed at the Supplier's then-current rates.
"""

# A definition and a bare heading are the only mentions of two duties; the term clause
# quotes an en dash and curly quotes; contract text carries markup that must stay text.
HOSTILE = """MANAGED SERVICES AGREEMENT

1. DEFINITIONS
1.1 \u201cPersonal Data Breach\u201d has the meaning given in the GDPR.
2. TERM
2.1 This Agreement continues for an initial term of twelve (12) months \u2013 the \u201cInitial Term\u201d.
3. FEES
3.1 Extra work is billed at the Supplier's then-current rates <script>alert(1)</script> | *bold* _x_ [link](http://x).
4. REGULATORY COMPLIANCE
5. GENERAL
5.1 This Agreement is governed by the laws of England and Wales.
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _json(cli, *args):
    code, out, err = cli("report", *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


# ---------------------------------------------------------------- content


def test_every_topic_row_with_status_and_evidence(cli, tmp_path):
    """The report shows each topic the linter checked, with the same status and evidence as
    ``check --format json``; every row is in its area; evidence carries clause and line."""
    src = _write(tmp_path, "d.txt", DRAFT)
    code, out, err = cli("check", str(src), "--service", "customer-support", "--format", "json", "--fail-on", "never")
    checked = json.loads(out)["files"][0]
    report = _json(cli, str(src), "--service", "customer-support")["contracts"][0]
    rows = {r["topic"]: r for area in report["areas"] for r in area["rows"]}
    taxonomy = load_ruleset().taxonomy
    expected = {t["topic"]: t for t in checked["topics"] if taxonomy.topics[t["topic"]].kind in ("requirement", "risk")}
    assert set(rows) == set(expected)
    for topic, t in expected.items():
        row = rows[topic]
        assert row["status"] == t["status"] and row["status_text"] == gap.STATUS_TEXT[t["status"]]
        assert [q["text"] for q in row["evidence"]] == [e["quote"] for e in t["evidence"]]
        assert [q["line"] for q in row["evidence"]] == [e["location"]["line"] for e in t["evidence"]]
        if row["status"] == "missing":
            assert not row["evidence"] and row["suggestion"], topic  # what to ask for
    for area in report["areas"]:
        assert all(gap.AREAS[r["topic"].split(".")[0]] == area["name"] for r in area["rows"])
    assert rows["term.duration"]["status"] == "present" and rows["term.duration"]["evidence"][0]["clause"] == "1"
    assert rows["commercial.hidden-fees"]["status"] == "flagged"
    assert "then-current rates" in rows["commercial.hidden-fees"]["evidence"][0]["text"]
    assert rows["sla.response-time"]["status"] == "vague" and rows["sla.response-time"]["why"]
    # the wording findings are listed apart, grouped by topic
    assert [g["topic"] for g in report["wording"]] == ["wording.vague"]
    assert report["wording"][0]["findings"][0]["where"].startswith("clause 2")


def test_markdown_rows_match_the_content(cli, tmp_path):
    src = _write(tmp_path, "d.txt", DRAFT)
    code, out, err = cli("report", str(src), "--service", "customer-support")
    assert code == 0, err
    assert out.startswith("# Contract gap report") and "\n## d.txt\n" in out
    content = _json(cli, str(src), "--service", "customer-support")["contracts"][0]
    lines = out.splitlines()
    for area in content["areas"]:
        assert f"### {area['name']}" in lines
        for row in area["rows"]:
            line = next(l for l in lines if l.startswith(f"| {row['title']} ("))
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            assert len(cells) == 4, line
            assert cells[1].strip() == row["status_text"]
            for q in row["evidence"]:
                assert q["where"] in cells[2]
    row = next(l for l in lines if l.startswith("| Term of the agreement ("))
    assert "| Covered |" in row and "clause 1" in row


def test_coverage_score_defined_explained_and_in_json(cli, tmp_path):
    src = _write(tmp_path, "d.txt", DRAFT)
    code, out, _ = cli("check", str(src), "--service", "customer-support", "--format", "json", "--fail-on", "never")
    checked = json.loads(out)["files"][0]
    required = [t for t in checked["topics"] if t["level"] == "required" and t["status"] in gap.STATUS_RANK
                and t["status"] not in ("flagged", "clear")]
    covered = [t for t in required if t["status"] == "present"]
    assert checked["coverage"] == {"covered": len(covered), "required": len(required),
                                   "score": round(len(covered) / len(required), 4)}
    content = _json(cli, str(src), "--service", "customer-support")["contracts"][0]
    assert content["coverage"]["covered"] == len(covered) and content["coverage"]["required"] == len(required)
    assert "present and measurable" in content["coverage"]["explanation"]
    _, md, _ = cli("report", str(src), "--service", "customer-support")
    percent = f"{round(100 * len(covered) / len(required))}%"
    assert f"**Coverage: {percent}** ({len(covered)} of {len(required)} required terms covered; coverage is the share" in md


def test_summary_names_top_risks_and_terms_to_negotiate(cli, tmp_path):
    src = _write(tmp_path, "d.txt", DRAFT)
    content = _json(cli, str(src), "--service", "customer-support")["contracts"][0]
    risks, asks = content["top_risks"], content["negotiate_first"]
    assert risks[0]["topic"] == "commercial.hidden-fees" and "then-current rates" in risks[0]["detail"]
    assert 1 <= len(risks) <= gap.TOP_RISKS and 1 <= len(asks) <= gap.NEGOTIATE_FIRST
    # required gaps first, missing before not measurable before vague
    ranks = [(a["level"] != "required", gap.STATUS_RANK[a["status"]]) for a in asks]
    assert ranks == sorted(ranks) and all(a["level"] == "required" for a in asks)
    assert all(a["detail"] for a in asks)
    rows = {r["anchor"] for area in content["areas"] for r in area["rows"]}
    assert all(a["anchor"] in rows for a in risks + asks)  # each links to its row


def test_evidence_is_operative_or_says_it_is_not(cli, tmp_path):
    src = _write(tmp_path, "msa.txt", HOSTILE)
    code, out, _ = cli("check", str(src), "--service", "it-services", "--format", "json", "--fail-on", "never")
    topics = {t["topic"]: t for t in json.loads(out)["files"][0]["topics"]}
    content = _json(cli, str(src), "--service", "it-services")["contracts"][0]
    rows = {r["topic"]: r for area in content["areas"] for r in area["rows"]}
    breach = rows["security.breach-notification"]
    assert breach["evidence"] and all(q["kind"] == "definition" for q in breach["evidence"])
    assert breach["note"] == gap.NOTE["definition"]
    assert [e["kind"] for e in topics["security.breach-notification"]["evidence"]] == ["definition"]  # JSON agrees
    for topic, row in rows.items():
        kinds = {q["kind"] for q in row["evidence"]}
        assert "operative" in kinds or not kinds or row["note"], topic
        assert row["note"] is None or "operative" not in kinds
    # a covered topic shown only by a definition does not count as covered
    data_protection = topics["security.data-protection"]
    if data_protection["status"] == "present" and data_protection["evidence"][0]["kind"] != "operative":
        covered = [t for t in topics.values() if t["level"] == "required" and t["status"] == "present"]
        assert content["coverage"]["covered"] < len(covered)


def test_quotes_keep_the_documents_own_characters(cli, tmp_path):
    src = _write(tmp_path, "msa.txt", HOSTILE)
    content = _json(cli, str(src), "--service", "it-services")["contracts"][0]
    term = next(r for a in content["areas"] for r in a["rows"] if r["topic"] == "term.duration")
    quote = term["evidence"][0]["text"]
    assert "\u2013" in quote and "\u201cInitial Term\u201d" in quote
    assert quote in HOSTILE  # found again in the original


def test_markdown_escapes_contract_text(cli, tmp_path):
    src = _write(tmp_path, "msa.txt", HOSTILE)
    code, md, _ = cli("report", str(src), "--service", "it-services")
    assert code == 0
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "[link](" not in md and r"\[link\](http://x)" in md
    assert r"\*bold\*" in md and r"\_x\_" in md
    for line in md.splitlines():
        if line.startswith("| Open-ended or hidden charges"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 5, line  # the contract's pipe is escaped
            break
    else:
        pytest.fail("no row for hidden fees")


def test_markdown_escape_function():
    assert render.md_escape("a|b <i>x</i> *y* `z` [q](r) #1 ~s~\nnext") == (
        r"a\|b &lt;i&gt;x&lt;/i&gt; \*y\* \`z\` \[q\](r) \#1 \~s\~ next")
    assert render.md_escape(render.Raw("**kept**")) == "**kept**"
    assert render.md_escape(3) == 3


# ---------------------------------------------------------------- HTML


class _Page(HTMLParser):
    """The structure the tests look at: elements with attributes, text per element id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.script: list[str] = []
        self.tables: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag not in ("meta", "br", "col", "link", "img", "input"):
            self.stack.append((tag, a))
        if tag == "table":
            self.tables.append({"attrs": a, "captions": [], "thead": False, "th": [], "rows": []})
        elif tag == "thead" and self.tables:
            self.tables[-1]["thead"] = True
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        if tag in ("td", "th") and self.tables:
            if tag == "th":
                self.tables[-1]["th"].append(a)
            if self.tables[-1]["rows"]:
                self.tables[-1]["rows"][-1].append([])

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        tags = [t for t, _ in self.stack]
        if "script" in tags:
            self.script.append(data)
        if self.tables and ("td" in tags or "th" in tags) and self.tables[-1]["rows"] and self.tables[-1]["rows"][-1]:
            self.tables[-1]["rows"][-1][-1].append(data)
        if "caption" in tags and self.tables:
            self.tables[-1]["captions"].append(data)


def _page(cli, tmp_path, *files, service="it-services"):
    target = tmp_path / "gap.html"
    code, out, err = cli("report", *map(str, files), "--service", service, "--format", "html", "-o", str(target))
    assert code == 0 and out == "", err
    html = target.read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    return html, page


def test_html_is_one_self_contained_page(cli, tmp_path):
    src = _write(tmp_path, "msa.txt", HOSTILE)
    html, page = _page(cli, tmp_path, src)
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html
    assert [t for t, _ in page.elements].count("style") == 1
    for tag, attrs in page.elements:
        assert tag not in ("link", "img", "iframe", "object")
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not value or value.startswith("#"), (tag, attrs)  # only links inside the page
    assert "url(" not in html and "@import" not in html
    assert not page.script  # one contract: no portfolio, no script
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "@media print" in html and "@page" in html


def test_html_topic_tables_are_semantic(cli, tmp_path):
    src = _write(tmp_path, "msa.txt", HOSTILE)
    _, page = _page(cli, tmp_path, src)
    topic_tables = [t for t in page.tables if t["attrs"].get("class") == "topics"]
    assert topic_tables and all(t["thead"] and t["captions"] for t in topic_tables)
    assert all(th.get("scope") in ("col", "row") for t in topic_tables for th in t["th"])
    captions = ["".join(t["captions"]) for t in topic_tables]
    assert captions[0] == "Service levels" and "Legal terms" in captions
    text = " ".join(page.text)
    assert "Only a definition mentions this" in text
    # status is written out, not only coloured
    statuses = {attrs["class"].split()[-1] for tag, attrs in page.elements
                if tag == "span" and "badge" in attrs.get("class", "")}
    assert {"s-present", "s-missing", "s-flagged"} <= statuses
    assert all(word in text for word in ("Covered", "Missing", "Flagged"))


def test_portfolio_matrix(cli, tmp_path):
    one = _write(tmp_path, "supplier-a/draft.txt", DRAFT)
    two = _write(tmp_path, "supplier-b/draft.txt", HOSTILE)
    three = _write(tmp_path, "supplier-b/msa.txt", HOSTILE)
    html, page = _page(cli, tmp_path, one, two, three)
    matrix = next(t for t in page.tables if "data-sortable" in t["attrs"])
    matrix["rows"] = [["".join(cell).strip() for cell in row] for row in matrix["rows"]]
    ids = {a.get("id") for _, a in page.elements if a.get("id")}
    links = [a["href"] for tag, a in page.elements if tag == "a" and a.get("href", "").startswith("#c")]
    assert len(links) >= 3 and all(href[1:] in ids for href in links)  # each contract links to its section
    body_rows = [r for r in matrix["rows"] if r and r[0] in ("supplier-a/draft.txt", "supplier-b/draft.txt", "msa.txt")]
    assert [r[0] for r in body_rows] == ["supplier-a/draft.txt", "supplier-b/draft.txt", "msa.txt"]  # short, unique titles
    marks = "".join(render.MARKS.values())
    for row in body_rows:
        assert re.fullmatch(r"\d+%", row[1])  # coverage score
        words = [w.lstrip(marks) for w in row[2:]]  # each cell: its mark, then the status in words
        assert words and set(words) <= set(gap.STATUS_TEXT.values()) | {"Not checked"}
        assert all(w[:1] in marks for w in row[2:])
    assert any(a.get("data-sort") == "number" for a in matrix["th"])
    cells = [a for tag, a in page.elements if tag == "td" and "cell" in a.get("class", "")]
    assert cells and all(a.get("data-value") is not None and a.get("title") for a in cells)
    assert "aria-sort" in "".join(page.script)  # sorting is added by the script; the table reads without it
    assert html.count('class="contract"') >= 3


def test_portfolio_markdown_and_json(cli, tmp_path):
    one = _write(tmp_path, "a/draft.txt", DRAFT)
    two = _write(tmp_path, "b/draft.txt", HOSTILE)
    content = _json(cli, str(one), str(two), "--service", "it-services")
    assert [c["title"] for c in content["contracts"]] == ["a/draft.txt", "b/draft.txt"]
    portfolio = content["portfolio"]
    assert [r["title"] for r in portfolio["rows"]] == ["a/draft.txt", "b/draft.txt"]
    assert all(len(r["cells"]) == len(portfolio["topics"]) for r in portfolio["rows"])
    _, md, _ = cli("report", str(one), str(two), "--service", "it-services")
    assert "## Portfolio" in md and "| **Coverage** |" in md


def test_contract_titles():
    assert gap.contract_titles(["/x/y/draft.docx"]) == ["draft.docx"]
    assert gap.contract_titles(["/x/a/one.docx", "/y/b/two.docx"]) == ["one.docx", "two.docx"]
    assert gap.contract_titles(["/x/a/draft.docx", "/x/b/draft.docx"]) == ["a/draft.docx", "b/draft.docx"]


def _luminance(colour: str) -> float:
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("status", sorted(render.STATUS_COLOURS))
def test_status_colours_meet_wcag_aa(status):
    bg, fg = render.STATUS_COLOURS[status]
    light, dark = sorted((_luminance(bg), _luminance(fg)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_html_gap_report_is_written_atomically(cli, tmp_path):
    src = _write(tmp_path, "d.txt", DRAFT)
    target = tmp_path / "gap.html"
    code, out, err = cli("report", str(src), "--format", "html", "-o", str(target))
    assert code == 0 and out == ""
    assert "then-current rates" in target.read_text()
    assert not list(tmp_path.glob(".gap.html.*"))  # no temporary file left behind


def test_report_bad_input_exit_2(cli, tmp_path):
    code, _, err = cli("report", str(tmp_path / "missing.docx"))
    assert code == 2 and "[E101]" in err


def test_unreadable_contract_is_a_row_not_a_crash(cli, tmp_path):
    good = _write(tmp_path, "d.txt", DRAFT)
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    target = tmp_path / "gap.html"
    code, _, err = cli("report", str(good), str(bad), "--format", "html", "-o", str(target))
    assert code == 2 and "[E314]" in err
    html = target.read_text()
    assert "Could not be read" in html and "d.txt" in html


def test_api_content_model_is_typed_records():
    from bpolint.model import Report

    fr = lint_text(DRAFT, ["customer-support"], name="d.txt")
    content = gap.build(Report("test", (fr,)), load_ruleset())
    assert content.portfolio is None and content.contracts[0].title == "d.txt"
    assert content.contracts[0].coverage.required > 0


def test_markdown_line_start_escapes_show_no_backslash():
    """A backslash only escapes punctuation: "3.2" at the start of a value is written "3\\.2"."""
    assert render.md_escape("3.2 The Supplier") == "3\\.2 The Supplier"
    assert render.md_escape("- item") == "\\- item"
