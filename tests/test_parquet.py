"""Findings to Parquet: the versioned schema, rendering a portfolio from it, resuming an interrupted run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from bpolint import api  # noqa: E402
from bpolint.api import RunOptions, lint_paths  # noqa: E402
from bpolint.output import write_output  # noqa: E402
from bpolint.errors import BpolintError  # noqa: E402
from bpolint.identity import ruleset_hash, settings_hash  # noqa: E402
from bpolint.report import parquet  # noqa: E402
from bpolint.report.resume import ResumableOutput, read_findings  # noqa: E402

from conftest import REPO  # noqa: E402

CORPORA = REPO / "corpora"


@pytest.fixture
def drafts(tmp_path) -> Path:
    """The sample drafts, and one file that cannot be linted."""
    folder = tmp_path / "drafts"
    for name in ("sample-msa.md", "it-services/weak.md", "customer-support/weak.txt", "back-office/weak.md"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPORA / name, folder / name)
    (folder / "empty.md").write_text("\n")
    return folder


def _entries(run):
    return parquet.entries_of(run.report, run.settings, ruleset_hash, settings_hash)


def _dicts(entries):
    return [(e.report.to_dict(), e.report.content_hash, e.report.suppressed, e.key) for e in entries]


def test_the_records_come_back_as_they_were_written(drafts):
    run = lint_paths([str(drafts)], RunOptions(jobs=1))
    entries = _entries(run)
    back = parquet.decode(parquet.encode(entries), "f.parquet")
    assert [e.report for e in back] == list(run.report.files)  # detection, topics, findings, notices, hashes
    assert _dicts(back) == _dicts(entries)


def test_rows_are_self_describing_and_the_schema_is_versioned(drafts):
    run = lint_paths([str(drafts)], RunOptions(jobs=1))
    table = pq.read_table(pa.BufferReader(parquet.encode(_entries(run))))
    meta = table.schema.metadata
    assert meta[b"bpolint.schema"] == b"bpolint-findings" and meta[b"bpolint.schema_version"] == b"1"
    rows = table.to_pylist()
    kinds = [r["record"] for r in rows]
    assert kinds.count("file") == len(run.report.files)
    assert kinds.count("finding") == sum(len(f.findings) for f in run.report.files)
    assert kinds.count("topic") == sum(len(f.topics) for f in run.report.files)
    finding = next(r for r in rows if r["record"] == "finding" and r["evidence"])
    for column in ("file", "content_hash", "ruleset_hash", "service_types", "rule", "topic", "severity", "line",
                   "evidence"):
        assert finding[column] not in (None, ""), column
    error = next(r for r in rows if r["record"] == "file" and r["error"])
    assert error["error_code"] == "E303" and error["file"].endswith("empty.md")


def test_a_newer_schema_or_another_file_is_a_coded_error(drafts, tmp_path):
    run = lint_paths([str(drafts / "sample-msa.md")], RunOptions(jobs=1))
    table = pq.read_table(pa.BufferReader(parquet.encode(_entries(run))))
    newer = table.replace_schema_metadata({**table.schema.metadata, b"bpolint.schema_version": b"2"})
    sink = pa.BufferOutputStream()
    pq.write_table(newer, sink)
    with pytest.raises(BpolintError) as exc:
        parquet.decode(sink.getvalue().to_pybytes(), "new.parquet")
    assert exc.value.code == "E122" and "schema version 2" in str(exc.value) and "new.parquet" in str(exc.value)
    with pytest.raises(BpolintError) as exc:
        parquet.decode(b"not parquet at all", "x.parquet")
    assert exc.value.code == "E122"


def test_report_from_parquet_renders_what_report_renders_from_the_contracts(drafts, tmp_path, cli):
    out = tmp_path / "findings.parquet"
    code, _, err = cli("check", str(drafts), "-j", "1", "--format", "parquet", "-o", str(out))
    assert code == 2 and "empty.md" in err and out.is_file()
    for fmt in ("html", "md"):
        code, direct, _ = cli("report", str(drafts), "-j", "1", "--format", fmt)
        code2, from_file, _ = cli("report", "--from", str(out), "--format", fmt)
        assert code2 == 0 and from_file == direct
    code, _, err = cli("report", "--from", str(tmp_path / "missing.parquet"))
    assert code == 2 and "[E101]" in err


def test_parquet_needs_an_output_file_and_resume_needs_parquet(drafts, cli, tmp_path):
    code, _, err = cli("check", str(drafts), "--format", "parquet")
    assert code == 2 and "-o findings.parquet" in err
    code, _, err = cli("check", str(drafts), "--format", "json", "--resume", str(tmp_path / "f.parquet"))
    assert code == 2 and "--format parquet" in err


class Interrupted(Exception):
    pass


def _interrupted_run(paths, out: Path, after: int, batch: int = 2) -> ResumableOutput:
    """A run stopped after ``after`` files, as by Ctrl-C: the CLI keeps what finished in part files."""
    store = ResumableOutput(str(out), write_output, resume=out.exists(), batch=batch)
    count = []

    def on_result(task, result):
        store.on_result(task, result)
        count.append(task.path)
        if len(count) == after:
            raise Interrupted()

    with pytest.raises(Interrupted):
        try:
            lint_paths(paths, RunOptions(jobs=1, skip=store.skip, on_result=on_result))
        finally:
            store.flush()
    return store


def _linted(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = api.lint_one

    def counting(task):
        seen.append(task.path)
        return real(task)

    monkeypatch.setattr(api, "lint_one", counting)
    return seen


def test_an_interrupted_run_resumes_where_it_stopped(drafts, tmp_path, cli, monkeypatch):
    out = tmp_path / "findings.parquet"
    full = tmp_path / "full.parquet"
    assert cli("check", str(drafts), "-j", "1", "--format", "parquet", "-o", str(full))[0] == 2
    total = len(read_findings(str(full)))

    _interrupted_run([str(drafts)], out, after=3)
    assert not out.exists()  # nothing is written over the output until a run finishes
    parts = sorted((tmp_path / ".findings.parquet.parts").glob("part-*.parquet"))
    assert len(parts) == 2  # batches of 2, the last one partial

    linted = _linted(monkeypatch)
    code, _, _ = cli("check", str(drafts), "-j", "1", "--resume", str(out))
    assert code == 2  # the empty draft, as in the full run
    assert str(drafts / "empty.md") in linted  # among the first three, and tried again: it has no content hash
    assert len(linted) == total - 3 + 1 and len(set(linted)) == len(linted)
    assert _dicts(read_findings(str(out))) == _dicts(read_findings(str(full)))  # nothing lost or counted twice
    assert not (tmp_path / ".findings.parquet.parts").exists()


def test_resume_relints_changed_files_and_changed_settings_and_a_crash_keeps_the_previous_file(
        drafts, tmp_path, cli, monkeypatch):
    out = tmp_path / "findings.parquet"
    assert cli("check", str(drafts), "-j", "1", "--resume", str(out))[0] == 2
    before = out.read_bytes()
    linted = _linted(monkeypatch)

    assert cli("check", str(drafts), "-j", "1", "--resume", str(out))[0] == 2
    assert linted == [str(drafts / "empty.md")]  # every stored result holds; the unreadable file is tried again

    changed = drafts / "it-services" / "weak.md"
    changed.write_text(changed.read_text() + "\nThe Supplier shall respond promptly.\n")
    linted.clear()
    assert cli("check", str(drafts), "-j", "1", "--resume", str(out))[0] == 2
    assert sorted(linted) == sorted([str(changed), str(drafts / "empty.md")])
    files = [e.report.file for e in read_findings(str(out))]
    assert len(files) == len(set(files)) == len(read_findings(str(out)))

    linted.clear()
    stored = out.read_bytes()
    _interrupted_run([str(drafts)], out, after=1, batch=100)
    assert out.read_bytes() == stored != before  # a run that stops never touches the previous file

    linted.clear()
    assert cli("check", str(drafts), "-j", "1", "--disable", "WD01", "--resume", str(out))[0] == 2
    assert len(linted) == len(files)  # other settings: no stored result holds


def test_part_files_never_follow_a_link(drafts, tmp_path, cli):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "part-000001.parquet").write_bytes(b"not ours")
    (tmp_path / ".findings.parquet.parts").symlink_to(elsewhere)
    code, _, err = cli("check", str(drafts), "-j", "1", "--format", "parquet", "-o", str(tmp_path / "findings.parquet"))
    assert code == 2 and "[E105]" in err and ".findings.parquet.parts" in err and "Traceback" not in err
    assert (elsewhere / "part-000001.parquet").read_bytes() == b"not ours"
    assert not (tmp_path / "findings.parquet").exists()
