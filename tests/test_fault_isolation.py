"""One file's failure costs only that file: internal errors, dead workers, time and memory limits.

Faults are injected into the segmentation stage for files that carry a marker; forked
workers inherit the patch, so the same cases run in-process and in the pool.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bpolint.api as api
import bpolint.pipeline as pipeline
from conftest import REPO

GOOD = "1. TERM\n1.1 This Agreement runs for thirty-six (36) months.\n2. LAW\n2.1 It is governed by the laws of England.\n"
PARENT = os.getpid()


@pytest.fixture
def faulty(monkeypatch):
    real = pipeline.segment

    def segment(document):
        text = document.text
        if "CRASH-HERE" in text:
            raise RuntimeError("segmenter bug")
        if "DIE-HERE" in text and os.getpid() != PARENT:
            os.kill(os.getpid(), signal.SIGKILL)  # a crash in native code, or the OOM killer
        if "SLOW-HERE" in text:
            time.sleep(30)
        if "HANG-HERE" in text:
            signal.signal(signal.SIGALRM, signal.SIG_IGN)  # stuck where the time limit cannot reach
            time.sleep(30)
        if "HOG-HERE" in text:
            hog = bytearray(6 * 1024 ** 3)  # noqa: F841
        return real(document)

    monkeypatch.setattr(pipeline, "segment", segment)


def _folder(tmp_path: Path, marker: str) -> Path:
    for name, text in (("a.txt", GOOD), ("b.txt", GOOD + f"\n3. NOTE\n3.1 {marker}\n"), ("c.txt", GOOD)):
        (tmp_path / name).write_text(text)
    return tmp_path


def _entries(out: str) -> dict[str, dict]:
    return {Path(f["file"]).name: f for f in json.loads(out)["files"]}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_internal_error_is_an_entry_for_that_file_only(cli, tmp_path, faulty, jobs):
    folder = _folder(tmp_path, "CRASH-HERE")
    code, out, err = cli("check", str(folder), "--format", "json", "--jobs", jobs, "--fail-on", "never")
    files = _entries(out)
    assert code == 2
    assert files["b.txt"]["error"].startswith(f"{folder / 'b.txt'}: [E900] internal error in segmentation: "
                                              "RuntimeError: segmenter bug; please report it")
    assert files["a.txt"]["error"] is None and files["a.txt"]["topics"]
    assert files["c.txt"]["error"] is None and files["c.txt"]["topics"]
    assert [l for l in err.splitlines() if l.strip()] == [f"bpolint: {files['b.txt']['error']}"]


def test_debug_prints_the_traceback(cli, tmp_path, faulty):
    folder = _folder(tmp_path, "CRASH-HERE")
    code, _, err = cli("check", str(folder), "--jobs", "2", "--debug")
    assert code == 2 and "Traceback (most recent call last)" in err and "RuntimeError: segmenter bug" in err


def test_every_format_reports_the_failed_file_and_the_others(cli, tmp_path, faulty):
    folder = _folder(tmp_path, "CRASH-HERE")
    code, out, _ = cli("check", str(folder), "--format", "sarif", "--jobs", "1")
    run = json.loads(out)["runs"][0]
    assert code == 2 and not run["invocations"][0]["executionSuccessful"]
    assert [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]][0].find("[E900]") > 0
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == {
        (folder / "a.txt").as_posix(), (folder / "c.txt").as_posix()}
    code, out, _ = cli("check", str(folder), "--format", "github", "--jobs", "1")
    assert f"::error file={folder / 'b.txt'},title=bpolint::" in out
    code, out, _ = cli("check", str(folder), "--jobs", "1", "--no-color")
    assert out.rstrip().splitlines()[-1].startswith("3 files checked:") and "1 not linted" in out


def test_a_worker_that_dies_costs_only_its_file(cli, tmp_path, faulty):
    folder = _folder(tmp_path, "DIE-HERE")
    (folder / "d.txt").write_text(GOOD)
    code, out, _ = cli("check", str(folder), "--format", "json", "--jobs", "2", "--fail-on", "never")
    files = _entries(out)
    assert code == 2 and "[E903]" in files["b.txt"]["error"] and "SIGKILL" in files["b.txt"]["error"]
    assert all(files[n]["error"] is None and files[n]["topics"] for n in ("a.txt", "c.txt", "d.txt"))


def test_time_limit_in_process(cli, tmp_path, faulty):
    folder = _folder(tmp_path, "SLOW-HERE")
    started = time.monotonic()
    code, out, _ = cli("check", str(folder), "--format", "json", "--jobs", "1", "--time-limit", "1")
    files = _entries(out)
    assert code == 2 and "[E901]" in files["b.txt"]["error"] and "time limit of 1 s" in files["b.txt"]["error"]
    assert files["a.txt"]["error"] is None and files["c.txt"]["error"] is None
    assert time.monotonic() - started < 25


def test_a_worker_stuck_beyond_the_time_limit_is_killed(cli, tmp_path, faulty, monkeypatch):
    monkeypatch.setattr(api, "_hard_limit", lambda task: task.settings.time_limit_s + 0.5)
    folder = _folder(tmp_path, "HANG-HERE")
    started = time.monotonic()
    code, out, _ = cli("check", str(folder), "--format", "json", "--jobs", "2", "--time-limit", "1")
    files = _entries(out)
    assert code == 2 and "[E901]" in files["b.txt"]["error"]
    assert files["a.txt"]["error"] is None and files["c.txt"]["error"] is None
    assert time.monotonic() - started < 25


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_memory_ceiling(cli, tmp_path, faulty, jobs):
    folder = _folder(tmp_path, "HOG-HERE")
    code, out, _ = cli("check", str(folder), "--format", "json", "--jobs", jobs, "--memory-limit", "1024")
    files = _entries(out)
    assert code == 2 and "[E902]" in files["b.txt"]["error"], files["b.txt"]["error"]
    assert files["a.txt"]["error"] is None and files["c.txt"]["error"] is None


def test_output_is_byte_identical_whatever_the_hash_seed_locale_and_jobs(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    for name in ("customer-support/weak.txt", "it-services/weak.md", "back-office/strong.txt"):
        (folder / name.replace("/", "-")).write_bytes((REPO / "corpora" / name).read_bytes())
    outputs = []
    for seed, locale, jobs in (("0", "C.UTF-8", "1"), ("12345", "POSIX", "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": locale, "LANG": locale}
        done = subprocess.run([sys.executable, "-m", "bpolint", "check", str(folder), "--format", "json",
                               "--fail-on", "never", "--jobs", jobs], capture_output=True, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
