"""The one lint path: configuration per file, extends, include/exclude, and the same
settings through check, report, eval and the Python API."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bpolint.api import RunOptions, lint_file, lint_paths
from bpolint.config import Overrides, load_config
from bpolint.errors import BpolintError

DRAFT = ("1. SERVICES\n1.1 The Supplier shall promptly respond to all enquiries.\n"
         "1.2 The Supplier will endeavour to answer calls.\n\n"
         "2. FEES\n2.1 The fee is [TBD].\n\n"
         "3. LAW\n3.1 This Agreement is governed by the laws of England.\n")

CONFIG = ("service: [it-services]\nfail-on: never\ndisable: [WD01, LG01]\nseverity: {WD02: info}\n"
          "waivers:\n  - rule: HY01\n    files: '*.txt'\n    reason: fees are set in the order form\n")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the project root
    (tmp_path / ".bpolint.yaml").write_text(CONFIG)
    (tmp_path / "draft.txt").write_text(DRAFT)
    return tmp_path


def _keys(findings) -> set[tuple]:
    out = set()
    for f in findings:
        if isinstance(f, dict):
            loc = f["location"]
            out.add((f["topic"], f["rule"], loc["line"], loc["column"], f["severity"]))
        else:
            out.add((f.topic, f.rule, f.location.line, f.location.column, f.severity.value))
    return out


def test_config_applies_the_same_through_check_report_eval_and_the_api(project, cli, monkeypatch):
    monkeypatch.chdir(project.parent)  # the configuration is found from the file, not the working folder
    draft = project / "draft.txt"
    code, out, _ = cli("check", str(draft), "--format", "json")
    checked = json.loads(out)["files"][0]
    assert code == 0  # fail-on: never
    assert checked["service_types"] == ["it-services"] and checked["service_type_source"] == "declared"
    rules = {f["rule"] for f in checked["findings"]}
    assert "WD01" not in rules and "HY01" not in rules  # disabled, waived
    assert {f["severity"] for f in checked["findings"] if f["rule"] == "WD02"} == {"info"}
    assert "legal.governing-law" not in {t["topic"] for t in checked["topics"]}  # its only rule is disabled

    api = lint_file(draft)
    assert _keys(api.findings) == _keys(checked["findings"])
    run = lint_paths([str(draft)], RunOptions(jobs=1))
    assert _keys(run.report.files[0].findings) == _keys(checked["findings"])

    code, out, _ = cli("report", str(draft))
    assert code == 0 and "it-services (declared)" in out and "Governing law" not in out

    labels = project / "labels.csv"
    labels.write_text("contract,Governing Law\ndraft.txt,1\n")
    code, out, _ = cli("eval", str(project), "--labels", str(labels), "--format", "json", "--min-positives", "1")
    law = next(t for t in json.loads(out)["topics"] if t["topic"] == "legal.governing-law")
    assert (law["tp"], law["fn"]) == (0, 1)  # disabled in the configuration, so not found
    code, out, _ = cli("eval", str(project), "--labels", str(labels), "--format", "json", "--no-config")
    law = next(t for t in json.loads(out)["topics"] if t["topic"] == "legal.governing-law")
    assert (law["tp"], law["fn"]) == (1, 0)


def test_each_file_is_governed_by_its_nearest_configuration(tmp_path, cli):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".bpolint.yaml").write_text("service: [customer-support]\n")
    client = tmp_path / "clients" / "acme"
    client.mkdir(parents=True)
    (client / ".bpolint.yaml").write_text("service: [finance-accounting]\ndisable: [WD01]\n")
    (tmp_path / "a.txt").write_text(DRAFT)
    (client / "b.txt").write_text(DRAFT)
    code, out, _ = cli("check", str(tmp_path), "--format", "json")
    files = {Path(f["file"]).name: f for f in json.loads(out)["files"]}
    assert files["a.txt"]["service_types"] == ["customer-support"]
    assert files["b.txt"]["service_types"] == ["finance-accounting"]
    assert "WD01" in {f["rule"] for f in files["a.txt"]["findings"]}
    assert "WD01" not in {f["rule"] for f in files["b.txt"]["findings"]}
    # --config names one file for every contract instead
    code, out, _ = cli("check", str(tmp_path), "--format", "json", "--config", str(tmp_path / ".bpolint.yaml"))
    assert {f["service_types"][0] for f in json.loads(out)["files"]} == {"customer-support"}


def test_fail_on_is_decided_per_file(tmp_path, cli):
    (tmp_path / ".git").mkdir()
    strict, lax = tmp_path / "strict", tmp_path / "lax"
    strict.mkdir()
    lax.mkdir()
    (strict / ".bpolint.yaml").write_text("extends: bpolint:strict\nservice: [customer-support]\n")
    (lax / ".bpolint.yaml").write_text("fail-on: never\n")
    (lax / "d.txt").write_text(DRAFT)
    code, _, _ = cli("check", str(lax))
    assert code == 0
    (strict / "d.txt").write_text("1. LAW\n1.1 This Agreement is governed by the laws of England.\n"
                                  "1.2 The Supplier will endeavour to answer calls.\n")
    code, out, _ = cli("check", str(strict), "--format", "json")
    severities = {f["severity"] for f in json.loads(out)["files"][0]["findings"]}
    assert code == 1 and "warning" in severities


def test_extends_presets_and_files(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "base.yaml").write_text("extends: bpolint:strict\ndisable: [WD02]\nseverity: {HY03: error}\n")
    sub = tmp_path / "team"
    sub.mkdir()
    (sub / ".bpolint.yaml").write_text("extends: ../base.yaml\ndisable: [WD03]\nservice: [back-office]\n")
    config = load_config(sub / ".bpolint.yaml")
    assert config.fail_on == "warning"  # from the preset, two levels up
    assert set(config.disable) == {"WD02", "WD03"}  # lists add up
    assert dict(config.severity) == {"HY03": "error", "HY05": "warning"}  # the file wins over the preset
    assert config.service == ("back-office",)


@pytest.mark.parametrize("body,needle", [
    ("extends: bpolint:nonesuch\n", "unknown preset 'bpolint:nonesuch'"),
    ("extends: /etc/bpolint.yaml\n", "relative"),
    ("extends: ../../outside.yaml\n", "outside the project"),
    ("rules: [../../elsewhere]\n", "outside the project"),
    ("extends: loop.yaml\n", "extends itself"),
    ("limits: {time-limit-s: fast}\n", "must be a number"),
    ("limits: {cpu: 3}\n", "unknown limit 'cpu'"),
])
def test_bad_extends_and_paths_are_errors_naming_the_file(tmp_path, body, needle):
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "loop.yaml").write_text(body if "loop" in body else "")
    cfg = root / "loop.yaml" if "loop" in body else root / ".bpolint.yaml"
    cfg.write_text(body)
    with pytest.raises(BpolintError) as exc:
        load_config(cfg)
    assert exc.value.code == "E104" and needle in str(exc.value) and cfg.name in str(exc.value)
    assert exc.value.line == 1


def test_pyproject_unknown_key_names_its_line(tmp_path, cli):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.bpolint]\nfail-on = "warning"\ncolour = "red"\n')
    (tmp_path / "d.txt").write_text(DRAFT)
    code, _, err = cli("check", str(tmp_path / "d.txt"))
    assert code == 2 and "pyproject.toml:6:" in err and "unknown key 'colour'" in err


def test_include_and_exclude_narrow_directory_discovery(tmp_path, cli):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".bpolint.yaml").write_text("include: ['templates/**']\nexclude: ['*-old.txt']\nfail-on: never\n")
    for name in ("templates/msa.txt", "templates/msa-old.txt", "notes/todo.txt", ".hidden/x.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(DRAFT)
    code, out, _ = cli("check", str(tmp_path), "--format", "json")
    assert [Path(f["file"]).relative_to(tmp_path).as_posix() for f in json.loads(out)["files"]] == ["templates/msa.txt"]


def test_unknown_service_type_stops_the_run_before_reading(tmp_path, cli):
    (tmp_path / ".bpolint.yaml").write_text("service: [catering]\n")
    (tmp_path / "d.txt").write_text(DRAFT)
    code, _, err = cli("check", str(tmp_path / "d.txt"))
    assert code == 2 and "[E103]" in err and "catering" in err


def test_api_overrides_win_over_the_configuration(project):
    report = lint_file(project / "draft.txt", overrides=Overrides(service=("back-office",), disable=("WD02",)))
    assert report.detection.service_types == ("back-office",)
    assert "WD02" not in {f.rule for f in report.findings} and "WD01" not in {f.rule for f in report.findings}
