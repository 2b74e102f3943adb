"""The Dask executor on a real local cluster: the same results as --jobs 1, and a worker killed mid-run.

One scheduler and two worker processes serve every test here (started once); the runs
connect to it by address, as to a scheduler someone else runs.
"""
from __future__ import annotations

import importlib.util
import os
import signal
import threading
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from bpolint.api import RunOptions, lint_paths  # noqa: E402
from bpolint.identity import ruleset_hash, settings_hash  # noqa: E402
from bpolint.report import json_report, parquet  # noqa: E402

from conftest import REAL, REPO  # noqa: E402

CUAD_TXT = REAL / "cuad" / "txt"


def _generator():
    spec = importlib.util.spec_from_file_location("portfolio_throughput", REPO / "bench" / "portfolio_throughput.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as c:
        yield c


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> list[str]:
    """Generated drafts, two files that cannot be linted, and the CUAD contracts when they are here."""
    folder = tmp_path_factory.mktemp("portfolio")
    _generator()(folder / "drafts", 6)
    (folder / "drafts" / "empty.txt").write_text("   \n")
    (folder / "drafts" / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    paths = [str(folder / "drafts")]
    if CUAD_TXT.is_dir():
        paths.append(str(CUAD_TXT))
    return paths


@pytest.fixture(scope="module")
def in_process(portfolio):
    return lint_paths(portfolio, RunOptions(jobs=1))


@pytest.fixture(scope="module")
def drafts_in_process(portfolio):
    return lint_paths(portfolio[:1], RunOptions(jobs=1))


def _parquet(run) -> bytes:
    return parquet.encode(parquet.entries_of(run.report, run.settings, ruleset_hash, settings_hash))


def test_dask_gives_the_same_results_as_jobs_1_in_json_and_parquet(cluster, portfolio, in_process):
    run = lint_paths(portfolio, RunOptions(jobs=2, executor="dask", scheduler=cluster.scheduler_address))
    assert [f.file for f in run.report.files] == [f.file for f in in_process.report.files]
    assert json_report.render(run.report) == json_report.render(in_process.report)
    assert _parquet(run) == _parquet(in_process)
    errors = {Path(f.file).name: f.error_code for f in run.report.files if f.error}
    assert errors == {"empty.txt": "E303", "binary.txt": "E302"}
    assert all(f.content_hash for f in run.report.files if f.error_code != "E303")


def test_files_sent_as_bytes_are_reported_under_the_clients_path(cluster, portfolio, drafts_in_process):
    drafts = portfolio[:1]
    expected = drafts_in_process
    run = lint_paths(drafts, RunOptions(executor="dask", scheduler=cluster.scheduler_address, send_files=True))
    assert json_report.render(run.report) == json_report.render(expected.report)
    assert all(f.file.startswith(drafts[0]) for f in run.report.files)


def test_a_worker_killed_mid_run_costs_only_a_retry(cluster, portfolio, drafts_in_process):
    client = distributed.Client(cluster.scheduler_address, set_as_default=False)
    killed: list[int] = []
    seen: list[str] = []

    def kill_a_busy_worker(task, result) -> None:
        seen.append(task.path)
        if len(seen) >= 2 and not killed:
            busy = [w for w, keys in client.processing().items() if keys]
            if busy:  # a worker with a file in hand (otherwise: at the next result)
                pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    try:
        run = lint_paths(portfolio[:1], RunOptions(jobs=2, executor="dask", scheduler=cluster.scheduler_address,
                                                   on_result=kill_a_busy_worker))
        client.wait_for_workers(2, timeout=60)  # the nanny brought the killed one back
    finally:
        client.close()
    assert killed
    files = [f.file for f in run.report.files]
    assert sorted(seen) == sorted(set(seen)) and len(files) == len(set(files))  # each file exactly once
    assert json_report.render(run.report) == json_report.render(drafts_in_process.report)


def test_a_file_that_kills_every_worker_becomes_its_error_entry():
    """What the cluster could not finish is that file's error entry (E903); the others are not affected."""
    from bpolint import distributed as executor
    from bpolint.config import Settings
    from bpolint.pipeline import FileResult, FileTask, lost_report

    class Killed(Exception):
        pass

    class Future:
        def __init__(self, exc):
            self.exc = exc

        def result(self):
            raise self.exc

    task = FileTask("x.txt", Settings())
    lost = lambda t, code, detail: lost_report(t.path, code, detail=detail)  # noqa: E731
    fake = type("dd", (), {"KilledWorker": Killed})
    result = executor._result_of(fake, Future(Killed("3 workers")), task, lost)
    assert isinstance(result, FileResult) and result.report.error_code == "E903"
    assert "stopped every worker" in result.report.error


def test_without_dask_the_executor_is_a_one_line_error_naming_the_extra(tmp_path, cli, monkeypatch):
    import sys

    draft = tmp_path / "a.txt"
    draft.write_text("The Supplier shall provide the Services.\n")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    code, out, err = cli("check", str(draft), "--executor", "dask")
    assert code == 2 and "[E120]" in err and 'pip install "bpolint[dask]"' in err and "Traceback" not in err


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path, cli, monkeypatch):
    from bpolint import distributed as executor

    monkeypatch.setattr(executor, "CONNECT_TIMEOUT_S", "1s")
    draft = tmp_path / "a.txt"
    draft.write_text("The Supplier shall provide the Services.\n")
    code, out, err = cli("check", str(draft), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and "[E121]" in err and "tcp://127.0.0.1:9" in err and "Traceback" not in err


def test_the_cli_on_a_cluster_writes_what_jobs_1_writes(cluster, portfolio, tmp_path, cli):
    drafts = portfolio[:1]
    code1, _, _ = cli("check", *drafts, "-j", "1", "--format", "parquet", "-o", str(tmp_path / "a.parquet"))
    code2, _, _ = cli("check", *drafts, "--executor", "dask", "--scheduler", cluster.scheduler_address,
                      "--format", "parquet", "-o", str(tmp_path / "b.parquet"))
    assert code1 == code2 == 2  # the two unreadable files
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_time_limit_holds_off_the_main_thread():
    from bpolint.limits import TimeLimitExceeded, time_limit

    outcome: list[str] = []

    def spin() -> None:
        try:
            with time_limit(0.2):
                while True:
                    sum(range(1000))
        except TimeLimitExceeded:
            outcome.append("stopped")

    worker = threading.Thread(target=spin)
    worker.start()
    worker.join(10)
    assert outcome == ["stopped"]
