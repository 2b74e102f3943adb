"""What a contract repository needs: scoped suppressions, baselines, GitHub annotations,
SARIF fingerprints, `bpolint init` and draft-to-draft diffs."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SHARED

MD = """# Services agreement

## 1. Support

1.1 The Supplier shall promptly respond to all enquiries.

1.2 The Supplier shall promptly escalate complaints.

## 2. Reports

2.1 The Supplier shall promptly send reports.
"""


def _findings(out: str) -> list[dict]:
    return json.loads(out)["files"][0]["findings"]


def _wd01_lines(out: str) -> list[int]:
    return [f["location"]["line"] for f in _findings(out) if f["rule"] == "WD01"]


def _check(cli, path, *extra):
    code, out, err = cli("check", str(path), "--format", "json", "--fail-on", "never", "--service", "customer-support",
                         *extra)
    assert code in (0, 1), err
    return out


@pytest.fixture
def draft(tmp_path) -> Path:
    p = tmp_path / "d.md"
    p.write_text(MD)
    return p


# --- scoped suppressions ----------------------------------------------------------------


def test_disable_lasts_until_the_end_of_the_enclosing_clause(cli, draft):
    assert _wd01_lines(_check(cli, draft)) == [5, 7, 11]
    draft.write_text(MD.replace("1.1 The Supplier", "<!-- bpolint: disable=WD01 -->\n1.1 The Supplier"))
    out = _check(cli, draft)
    assert _wd01_lines(out) == [12]  # clauses 1.1 and 1.2 sit inside clause 1; clause 2 is not covered
    assert json.loads(out)["files"][0]["notices"] == []


def test_enable_ends_a_disable(cli, draft):
    text = MD.replace("1.1 The Supplier", "<!-- bpolint: disable=WD01 -->\n1.1 The Supplier").replace(
        "1.2 The Supplier", "<!-- bpolint: enable=WD01 -->\n1.2 The Supplier")
    draft.write_text(text)
    assert _wd01_lines(_check(cli, draft)) == [9, 13]


def test_disable_next_covers_one_paragraph(cli, draft):
    draft.write_text(MD.replace("1.2 The Supplier", "<!-- bpolint: disable-next=wording.vague-standard -->\n1.2 The Supplier"))
    assert _wd01_lines(_check(cli, draft)) == [5, 12]  # by rule name as well as id


def test_disable_file_covers_everything_including_missing_terms(cli, draft):
    out = _check(cli, draft)
    assert any(f["rule"] == "LG01" for f in _findings(out))  # governing law is missing
    draft.write_text("<!-- bpolint: disable-file=WD01,LG01 (legacy template) -->\n" + MD)
    rules = {f["rule"] for f in _findings(_check(cli, draft))}
    assert "WD01" not in rules and "LG01" not in rules


def test_plain_text_takes_the_same_words_without_comment_markers(cli, tmp_path):
    p = tmp_path / "d.txt"
    p.write_text("1. SUPPORT\nbpolint: disable=WD01 accepted wording\n1.1 The Supplier shall promptly respond.\n"
                 "1.2 The Supplier shall promptly escalate.\n2. REPORTS\n2.1 The Supplier shall promptly report.\n")
    assert _wd01_lines(_check(cli, p)) == [6]
    # inside clause 1.1 it lasts to the end of 1.1 only
    p.write_text("1. SUPPORT\n1.1 The Supplier shall promptly respond. bpolint: disable=WD01\n"
                 "The Supplier shall promptly confirm.\n1.2 The Supplier shall promptly escalate.\n")
    assert _wd01_lines(_check(cli, p)) == [2, 4]


def test_unknown_rule_in_a_suppression_is_an_error_naming_the_line(cli, draft):
    draft.write_text(MD.replace("1.2 The Supplier", "<!-- bpolint: disable=NOSUCH -->\n1.2 The Supplier"))
    code, out, err = cli("check", str(draft), "--format", "json")
    assert code == 2 and f"{draft}:7:" in err and "[E111]" in err and "NOSUCH" in err
    assert json.loads(out)["files"][0]["error"]


def test_a_suppression_that_suppresses_nothing_is_reported_in_every_format(cli, draft):
    draft.write_text(MD.replace("## 2. Reports", "<!-- bpolint: disable=HY01 -->\n## 2. Reports"))
    [notice] = json.loads(_check(cli, draft))["files"][0]["notices"]
    assert notice["code"] == "W102" and notice["line"] == 9 and "HY01" in notice["message"]
    code, out, _ = cli("check", str(draft), "--fail-on", "never", "--no-color")
    assert f"{draft}:9: warning: [W102]" in out
    code, out, _ = cli("check", str(draft), "--fail-on", "never", "--format", "github")
    assert f"::warning file={draft},line=9,title=bpolint W102::" in out
    code, out, _ = cli("check", str(draft), "--fail-on", "never", "--format", "sarif")
    notes = json.loads(out)["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["W102"]


# --- baselines and fingerprints ----------------------------------------------------------


def test_baseline_survives_a_paragraph_inserted_above_and_reports_only_new_findings(cli, draft, tmp_path):
    base = tmp_path / "bpolint-baseline.json"
    code, _, err = cli("check", str(draft), "--service", "customer-support", "--write-baseline", str(base))
    assert code == 0, err
    recorded = json.loads(base.read_text())["files"]["d.md"]
    assert len(recorded) == len(_findings(_check(cli, draft)))
    # a paragraph inserted above every finding, and a new finding below
    draft.write_text(MD.replace("## 1. Support", "Signed copies are kept by the legal team.\n\n## 1. Support")
                     + "\n2.2 The Supplier shall use commercially reasonable efforts to archive reports.\n")
    code, out, err = cli("check", str(draft), "--service", "customer-support", "--format", "json",
                         "--baseline", str(base), "--fail-on", "warning")
    assert code == 1  # only the new finding counts
    new = _findings(out)
    assert [(f["rule"], f["location"]["line"]) for f in new] == [("WD01", 15)]
    assert json.loads(out)["notices"] == []
    # the finding fixed in the draft shows up as a stale baseline entry
    draft.write_text(MD.replace("2.1 The Supplier shall promptly send reports.", "2.1 The Supplier shall send reports monthly."))
    code, out, err = cli("check", str(draft), "--service", "customer-support", "--format", "json", "--baseline", str(base))
    stale = json.loads(out)["notices"]
    assert code == 0 and {n["code"] for n in stale} == {"W103"}
    assert any("WD01" in n["message"] and "promptly send reports" in n["message"] for n in stale)
    assert all("promptly send reports" in n["message"] for n in stale)  # nothing else went stale


def test_fingerprints_ignore_line_and_clause_numbers_but_not_repeats(cli, tmp_path):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(MD)
    b.write_text("Preamble.\n\n" + MD.replace("1.1 ", "1.4 ").replace("1.2 ", "1.5 "))
    fa = [f["fingerprint"] for f in _findings(_check(cli, a)) if f["rule"] == "WD01"]
    fb = [f["fingerprint"] for f in _findings(_check(cli, b)) if f["rule"] == "WD01"]
    assert fa == fb and len(set(fa)) == 3


def test_sarif_has_fingerprints_from_the_baseline_scheme_and_validates(cli, draft):
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    code, out, _ = cli("check", str(draft), "--format", "sarif", "--service", "customer-support")
    data = json.loads(out)
    if schema_path.is_file():
        jsonschema.validate(data, json.loads(schema_path.read_text()))
    fingerprints = [f["fingerprint"] for f in _findings(_check(cli, draft))]
    assert [r["partialFingerprints"]["bpolint/v1"] for r in data["runs"][0]["results"]] == fingerprints


def test_bad_baseline_is_one_line_exit_2(cli, draft, tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text('{"version": 7}')
    code, _, err = cli("check", str(draft), "--baseline", str(bad))
    assert code == 2 and "[E110]" in err and err.strip().count("\n") == 0


# --- GitHub annotations -------------------------------------------------------------------


def test_github_format_is_one_workflow_command_per_finding(cli, draft):
    code, out, _ = cli("check", str(draft), "--format", "github", "--service", "customer-support")
    lines = out.splitlines()
    n = len(_findings(_check(cli, draft)))
    assert code == 1 and len(lines) == n
    wd = next(l for l in lines if "WD01" in l)
    assert wd.startswith(f"::warning file={draft},line=5,col=") and "title=WD01 [wording.vague]::" in wd
    assert all(l.startswith(("::error ", "::warning ", "::notice ")) for l in lines)
    assert all("\n" not in l for l in lines)  # multi-line messages are escaped


# --- init ---------------------------------------------------------------------------------


def test_init_writes_a_starter_that_loads_and_refuses_to_overwrite(cli, tmp_path):
    code, out, err = cli("init", str(tmp_path), "--service", "it-services", "--extends", "strict")
    target = tmp_path / ".bpolint.yaml"
    assert code == 0 and target.is_file(), err
    from bpolint.config import load_config

    config = load_config(target)
    assert config.service == ("it-services",) and config.fail_on == "warning"
    assert target.stat().st_mode & 0o044  # readable by others, as a normally created file
    code, _, err = cli("init", str(tmp_path))
    assert code == 2 and "[E108]" in err
    code, _, _ = cli("init", str(tmp_path), "--force")
    assert code == 0 and load_config(target).service is None


# --- diff ---------------------------------------------------------------------------------


def test_diff_reports_introduced_resolved_and_status_changes_across_formats(cli, tmp_path):
    old = tmp_path / "ours.md"
    new = tmp_path / "theirs.txt"
    old.write_text(MD)
    new.write_text(MD.replace("## ", "").replace("1.2 The Supplier shall promptly escalate complaints.",
                                                 "1.2 The Supplier shall escalate complaints within 2 hours.")
                   + "\n3. LAW\n3.1 This Agreement is governed by the laws of England.\n"
                   + "3.2 The Supplier may at its sole discretion increase the Charges.\n")
    code, out, err = cli("diff", str(old), str(new), "--format", "json", "--service", "customer-support")
    data = json.loads(out)
    assert code == 0, err  # the new draft introduces warnings, no errors
    assert sorted((f["rule"], f["evidence"], f["location"]["line"]) for f in data["resolved"]) == [
        ("LG01", "", 1), ("WD01", "promptly", 7)]  # governing law added, one vague duty (1.2) fixed
    assert not [f for f in data["introduced"] if f["rule"] == "WD01"]  # the other two match across formats
    assert {f["rule"] for f in data["introduced"]} >= {"WD03"}
    assert {"topic": "legal.governing-law", "before": "missing", "after": "present"} in data["topics"]
    code, text, _ = cli("diff", str(old), str(new), "--service", "customer-support")
    assert text.startswith(f"{old} -> {new}: ") and "\n- " in text and "\n+ " in text and "\n~ legal.governing-law" in text
    code, md, _ = cli("diff", str(old), str(new), "--format", "md", "--service", "customer-support")
    assert "| `legal.governing-law` | missing | present |" in md
    # the other way round the revision introduces an error (governing law goes missing)
    code, _, _ = cli("diff", str(new), str(old), "--service", "customer-support")
    assert code == 1


def test_diff_of_a_folder_is_a_usage_error(cli, tmp_path, draft):
    code, _, err = cli("diff", str(tmp_path), str(draft))
    assert code == 2 and "[E109]" in err


# --- pre-commit -----------------------------------------------------------------------------


def _head(repo: Path) -> str | None:
    done = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_hook_fails_on_a_weak_draft_and_passes_on_a_strong_one(tmp_path):
    """Real pre-commit installs this checkout's hook (.pre-commit-hooks.yaml at HEAD) and runs it."""
    pre_commit = Path(sys.executable).with_name("pre-commit")
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed (it is in the test extra)")
    head = _head(REPO)
    if head is None:
        pytest.skip("this checkout is not a git repository")
    repo = tmp_path / "templates"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Legal", "GIT_AUTHOR_EMAIL": "legal@example.com",
           "GIT_COMMITTER_NAME": "Legal", "GIT_COMMITTER_EMAIL": "legal@example.com"}

    def run(*args):
        return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    run("git", "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {head}\n    hooks:\n      - id: bpolint\n"
        "        args: [--service, customer-support]\n")
    shutil.copy(REPO / "corpora" / "customer-support" / "weak.txt", repo / "weak.txt")
    shutil.copy(REPO / "corpora" / "customer-support" / "strong.md", repo / "strong.md")
    run("git", "add", ".")
    weak = run(str(pre_commit), "run", "--files", "weak.txt")
    assert weak.returncode == 1 and " error " in weak.stdout, weak.stdout + weak.stderr
    strong = run(str(pre_commit), "run", "--files", "strong.md")
    assert strong.returncode == 0, strong.stdout + strong.stderr
