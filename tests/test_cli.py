"""The CLI contract: exit codes, one-line errors naming the file, outputs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO

SAMPLE = """MASTER SERVICES AGREEMENT

1. TERM
1.1 This Agreement starts on the Effective Date and continues for an initial term of thirty-six (36) months.

2. GOVERNING LAW
2.1 This Agreement is governed by the laws of England and Wales.

3. SERVICES
3.1 The Supplier shall promptly respond to all enquiries.
"""


@pytest.fixture
def sample(tmp_path) -> Path:
    p = tmp_path / "draft.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    return p


def test_check_text_output_is_compiler_style(cli, sample):
    code, out, err = cli("check", str(sample), "--service", "customer-support", "--no-color")
    assert code == 1, err
    line = next(l for l in out.splitlines() if " WD01 " in l)
    # file:line:col: clause N: severity RULE [topic] message
    assert line.startswith(f"{sample}:10:")
    assert "clause 3.1:" in line and "[wording.vague]" in line
    assert "suggestion:" in out


def test_fail_on_never_exits_zero(cli, sample):
    code, _, _ = cli("check", str(sample), "--fail-on", "never")
    assert code == 0


def test_json_output_validates_against_schema(cli, sample):
    jsonschema = pytest.importorskip("jsonschema")
    code, out, _ = cli("check", str(sample), "--format", "json", "--service", "it-services")
    data = json.loads(out)
    schema = json.loads((REPO / "bpolint" / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(data, schema)
    f = data["files"][0]
    assert f["service_types"] == ["it-services"] and f["service_type_source"] == "declared"
    topics = {t["topic"]: t["status"] for t in f["topics"]}
    assert topics["legal.governing-law"] == "present"
    assert topics["term.duration"] == "present"


def test_output_file_written(cli, sample, tmp_path):
    out_file = tmp_path / "out" / "report.json"
    code, out, _ = cli("check", str(sample), "--format", "json", "-o", str(out_file), "--fail-on", "never")
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text())["files"][0]["file"] == str(sample)


def test_input_is_never_modified(cli, sample):
    before = sample.read_bytes()
    cli("check", str(sample))
    assert sample.read_bytes() == before


@pytest.mark.parametrize("setup,needle", [
    (lambda d: str(d / "nope.txt"), "[E101]"),
    (lambda d: str(d), "[E102]"),
    (lambda d: _write(d / "bin.txt", b"\x00\x01\x02PK\x03\x04" * 200), "[E302]"),
    (lambda d: _write(d / "empty.txt", b"   \n"), "[E303]"),
    (lambda d: _write(d / "old.doc", b"\xd0\xcf\x11\xe0junk"), "[E301]"),
])
def test_bad_input_is_one_line_and_exit_2(cli, tmp_path, setup, needle):
    target = setup(tmp_path)
    code, out, err = cli("check", target)
    assert code == 2
    lines = [l for l in err.splitlines() if l.strip()]
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in err
    assert str(Path(target).name) in lines[0] or str(tmp_path) in lines[0]


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_unreadable_file_does_not_stop_the_others(cli, tmp_path, sample):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 100)
    code, out, err = cli("check", str(bad), str(sample), "--format", "json")
    data = json.loads(out)
    assert code == 2
    assert data["files"][0]["error"] and data["files"][1]["error"] is None
    assert data["files"][1]["findings"]


def test_unknown_service_is_usage_error(cli, sample):
    code, _, err = cli("check", str(sample), "--service", "catering")
    assert code == 2 and "[E103]" in err and "catering" in err and "Traceback" not in err


def test_rule_file_with_unknown_key(cli, tmp_path, sample):
    rules = tmp_path / "myrules" / "common"
    rules.mkdir(parents=True)
    (rules / "bad.yaml").write_text(
        "rules:\n  - id: XX01\n    name: x.y\n    topic: legal.governing-law\n    title: t\n    check: required\n"
        "    detect: {phrases: [governing law]}\n    message: m\n    colour: red\n"
        "    tests: {fail_a: x, pass_b: governing law}\n")
    code, _, err = cli("check", str(sample), "--rules", str(tmp_path / "myrules"))
    assert code == 2
    assert err.strip().count("\n") == 0
    assert "bad.yaml:9" in err and "[E202]" in err and "colour" in err


@pytest.mark.parametrize("body,code_", [
    ("rules:\n  - id: XX01\n    name: x.y\n    topic: legal.governing-law\n    title: t\n    check: required\n"
     "    detect: {regex: ['(unclosed']}\n    message: m\n    tests: {fail_a: x, pass_b: y}\n", "[E205]"),
    ("rules:\n  - id: XX01\n    name: x.y\n    topic: legal.governing-law\n    title: t\n    check: required\n"
     "    detect: {patterns: [[{POS: NOUN}]]}\n    message: m\n    tests: {fail_a: x, pass_b: y}\n", "[E206]"),
    ("rules:\n  - id: XX01\n    name: x.y\n    topic: no.such-topic\n    title: t\n    check: required\n"
     "    detect: {phrases: [a]}\n    message: m\n    tests: {fail_a: x, pass_b: y}\n", "[E207]"),
    ("rules:\n  - id: XX01\n    name: x.y\n    topic: legal.governing-law\n    title: t\n    check: required\n"
     "    detect: {phrases: a b}\n    message: m\n    tests: [x]\n", "[E203]"),
    ("rules: [\n", "[E201]"),
])
def test_invalid_rule_files(cli, tmp_path, sample, body, code_):
    d = tmp_path / "r" / "common"
    d.mkdir(parents=True)
    (d / "x.yaml").write_text(body)
    code, _, err = cli("rules", "list", "--rules", str(tmp_path / "r"))
    assert code == 2 and code_ in err and "x.yaml" in err and "Traceback" not in err


def test_rules_list_and_topics(cli):
    code, out, _ = cli("rules", "list")
    assert code == 0 and "TM01" in out and "term.duration" in out
    code, out, _ = cli("rules", "list", "--topics")
    assert code == 0 and "topics covered" in out


def test_extract_prints_locations(cli, sample):
    code, out, _ = cli("extract", str(sample))
    assert code == 0
    assert "[10:1 | body | para" in out and "3.1 The Supplier shall promptly" in out


def test_directory_input_finds_contracts(cli, tmp_path, sample):
    (tmp_path / "notes.bin").write_bytes(b"x")
    code, out, _ = cli("check", str(tmp_path), "--format", "json", "--fail-on", "never")
    assert code == 0
    assert [f["file"] for f in json.loads(out)["files"]] == [str(sample)]


def test_shipped_sample_runs(cli):
    samples = sorted((REPO / "corpora").rglob("*.md")) + sorted((REPO / "corpora").rglob("*.txt"))
    if not samples:
        pytest.skip("no sample drafts yet")
    code, out, err = cli("check", str(samples[0]), "--fail-on", "never")
    assert code == 0, err


def test_config_file_sets_service_and_waivers(cli, tmp_path, sample, monkeypatch):
    (tmp_path / ".bpolint.yaml").write_text(
        "service: [it-services]\nfail-on: never\nwaivers:\n"
        "  - rule: WD01\n    files: '*.txt'\n    reason: house style accepted by legal\n"
        "  - rule: HY01\n    files: 'other/*'\n    reason: stale\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("check", str(sample), "--format", "json")
    report = json.loads(out)
    data = report["files"][0]
    assert code == 0
    assert data["service_types"] == ["it-services"] and data["service_type_source"] == "declared"
    assert not [f for f in data["findings"] if f["rule"] == "WD01"]
    [notice] = report["notices"]
    assert notice["code"] == "W101" and notice["line"] == 7 and "waiver for HY01" in notice["message"]


@pytest.mark.parametrize("body,needle", [
    ("colour: red\n", "unknown key 'colour'"),
    ("waivers:\n  - rule: WD01\n", "needs a reason"),
    ("fail-on: sometimes\n", "fail-on"),
    ("service: [\n", "[E104]"),
])
def test_bad_config_is_one_line_exit_2(cli, tmp_path, sample, body, needle):
    cfg = tmp_path / "conf.yaml"
    cfg.write_text(body)
    code, _, err = cli("check", str(sample), "--config", str(cfg))
    assert code == 2 and needle in err and "conf.yaml" in err and err.strip().count("\n") == 0


def test_sarif_output_validates(cli, sample):
    jsonschema = pytest.importorskip("jsonschema")
    from conftest import SHARED

    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip("the SARIF schema is not available")
    code, out, _ = cli("check", str(sample), "--format", "sarif", "--service", "customer-support")
    data = json.loads(out)
    jsonschema.validate(data, json.loads(schema_path.read_text()))
    results = data["runs"][0]["results"]
    assert results and all(r["ruleId"] == data["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] for r in results)
    wd = next(r for r in results if r["ruleId"] == "WD01")
    assert wd["locations"][0]["physicalLocation"]["region"]["startLine"] == 10


def test_huge_file_is_refused_with_one_line(cli, sample):
    code, _, err = cli("check", str(sample), "--max-size", "0.0001")
    assert code == 2 and "[E304]" in err and "file too large" in err and err.strip().count("\n") == 0


def test_huge_text_is_refused_before_segmentation(monkeypatch, sample):
    import bpolint.api as api
    import bpolint.pipeline as pipeline
    from bpolint.errors import BpolintError

    monkeypatch.setattr(pipeline, "MAX_TEXT_CHARS", 100)
    with pytest.raises(BpolintError) as exc:
        api.lint_file(sample)
    assert exc.value.code == "E401"


def _pdf_cases(tmp_path):
    from pdfbuild import text_pdf
    from test_extract_pdf import FIXTURES

    scanned = tmp_path / "scanned.pdf"
    scanned.write_bytes(text_pdf([[], []], drawings={0: "0 0 m 500 700 l S", 1: "0 0 m 100 100 l S"}))
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nnot really a pdf")
    bad_docx = tmp_path / "broken.docx"
    bad_docx.write_bytes(b"PK\x03\x04 not a zip at all")
    return [(scanned, "[E307]"), (FIXTURES / "encrypted-password.pdf", "[E306]"), (corrupt, "[E317]"),
            (bad_docx, "[E313]")]


def test_scanned_encrypted_and_corrupt_documents_exit_2(cli, tmp_path):
    for path, code_ in _pdf_cases(tmp_path):
        before = path.read_bytes()
        code, out, err = cli("check", str(path))
        lines = [l for l in err.splitlines() if l.strip()]
        assert code == 2, path
        assert len(lines) == 1 and code_ in lines[0] and str(path) in lines[0] and "Traceback" not in err
        assert path.read_bytes() == before


def test_inline_disable_comment_in_markdown(cli, tmp_path):
    md = tmp_path / "d.md"
    md.write_text("<!-- bpolint: disable=WD01 -->\n\n# Terms\n\n1. The Supplier shall promptly respond to all enquiries.\n")
    code, out, _ = cli("check", str(md), "--format", "json", "--fail-on", "never")
    rules = {f["rule"] for f in json.loads(out)["files"][0]["findings"]}
    assert "WD01" not in rules
    md.write_text("# Terms\n\n1. The Supplier shall promptly respond to all enquiries.\n")
    code, out, _ = cli("check", str(md), "--format", "json", "--fail-on", "never")
    assert "WD01" in {f["rule"] for f in json.loads(out)["files"][0]["findings"]}
