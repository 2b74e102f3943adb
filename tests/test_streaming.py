"""check writes its report file by file: the same bytes as rendering the whole report, kept atomic."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import REPO
from bpolint import pool
from bpolint.api import RunOptions, lint_paths
from bpolint.model import Notice, Report
from bpolint.output import streamed_output
from bpolint.report import github, json_report, sarif, text


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """Three sample drafts in two folders, one of them with a waiver that matches nothing, and an empty file."""
    root = tmp_path_factory.mktemp("portfolio")
    (root / "a").mkdir()
    (root / "b").mkdir()
    shutil.copy(REPO / "corpora" / "customer-support" / "weak.txt", root / "a" / "weak.txt")
    shutil.copy(REPO / "corpora" / "back-office" / "strong.txt", root / "a" / "strong.txt")
    shutil.copy(REPO / "corpora" / "finance-accounting" / "strong.md", root / "b" / "strong.md")
    (root / "b" / "empty.txt").write_text("")
    (root / "b" / ".bpolint.yaml").write_text(
        "waivers:\n  - rule: CM01\n    files: \"legacy-*.docx\"\n    reason: kept for the test\n")
    return root


@pytest.fixture(scope="module")
def whole(portfolio):
    return lint_paths([str(portfolio)], RunOptions(jobs=1)).report


@pytest.mark.parametrize("fmt", ["json", "text", "github", "sarif"])
def test_streamed_output_is_the_whole_report_rendered(cli, portfolio, whole, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    code, _, err = cli("check", str(portfolio), "--format", fmt, "--jobs", "2", "--no-color", "-o", str(out))
    assert code == 2, err  # the empty file
    assert "empty.txt" in err
    got = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert got == json.dumps(whole.to_dict(), indent=2, ensure_ascii=False) + "\n"
        assert len(whole.files) == 4 and whole.notices  # several files, an error entry, a run-level notice
    elif fmt == "sarif":  # the results spooled and copied in: laid out as json.dumps lays out the whole log
        log = json.loads(got)
        assert got == json.dumps(log, indent=2, ensure_ascii=False) + "\n"
        run = log["runs"][0]
        assert len(run["results"]) == sum(len(fr.findings) for fr in whole.files) > 0
        assert [a["location"]["uri"] for a in run["artifacts"]] == [fr.file for fr in whole.files]
        assert run["invocations"][0]["executionSuccessful"] is False
    elif fmt == "github":
        assert got == github.render(whole)
    else:  # all but the time in the summary line
        assert re.sub(r" in [0-9.]+ s\n$", "\n", got) == text.render(whole)
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no temporary file left


def test_sarif_of_no_results_is_laid_out_as_json_dumps():
    from bpolint.pipeline import engine_for

    got = sarif.render(Report("1.0", ()), engine_for(()).ruleset)
    log = json.loads(got)
    assert log["runs"][0]["results"] == [] and got == json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def test_json_stream_of_no_files_is_the_rendered_report():
    notices = (Notice("W101", "cfg/.bpolint.yaml", 3, "a waiver \u00e9 that matched nothing"),)
    for report in (Report("1.0", (), ()), Report("1.0", (), notices)):
        parts: list[str] = []
        stream = json_report.JsonStream(parts.append, report.version)
        stream.finish(report.notices)
        assert "".join(parts) == json_report.render(report)


def test_a_failed_stream_leaves_the_old_output_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old\n")
    with pytest.raises(KeyboardInterrupt):
        with streamed_output(target) as write:
            write("new, half written")
            raise KeyboardInterrupt
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    with streamed_output(target) as write:
        write("one, ")
        write("two\n")
    assert target.read_text() == "one, two\n"


def test_results_are_handed_on_in_input_order_as_soon_as_they_can_be():
    seen: list[tuple[int, str]] = []
    arrived = pool.in_order(lambda i, r: seen.append((i, r)))
    arrived(2, "c")
    arrived(1, "b")
    assert seen == []
    arrived(0, "a")
    assert seen == [(0, "a"), (1, "b"), (2, "c")]
    arrived(3, "d")
    assert seen[-1] == (3, "d")
