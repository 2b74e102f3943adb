"""The same per-file lint on a Dask cluster (``--executor dask``; the ``dask`` extra).

Beside :mod:`bpolint.pool`, another way to run :func:`bpolint.pipeline.lint_one` over
the tasks that :func:`bpolint.api.lint_paths` planned: discovery, configuration per file
and the order of the results stay where they are, so the report is the same as with
``--jobs 1``.

- No scheduler address: a local cluster of ``jobs`` single-threaded worker processes.
  With one, the client connects to a running scheduler (started by ``dask scheduler``,
  dask-kubernetes, dask-jobqueue, dask-yarn ...).
- Each worker builds the pipeline once (a worker plugin; :func:`pipeline.engine_for`
  keeps it for the life of the process). Before any file is sent, every worker must
  run the client's bpolint version with the same rule files.
- Workers read the files from a shared path (the client's absolute path), or, with
  ``send_files``, the client reads each file and sends its bytes. Either way the report
  names the file as the client named it.
- A bounded window of files is in flight, so a portfolio of 100,000 files (and their
  bytes) is never all in memory at once.
- A worker that dies costs a retry of its tasks on another worker (the scheduler's
  ``allowed-failures``); a file that kills every worker it meets, or a task that fails
  outright, becomes that file's error entry (E903) and the run goes on.
"""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import uuid
import warnings
from dataclasses import replace
from typing import Callable, Iterator, Sequence

from .errors import BpolintError
from .extract import ExtractOptions, read_contract
from .identity import ruleset_hash
from .pipeline import FileResult, FileTask, engine_for, error_report, lint_one
from .version import __version__

try:
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # without the dask extra, run() says which extra to install
    _WorkerPlugin = object  # type: ignore[assignment,misc]

RETRIES = 2  # a task that raises (not a file's own error, which is a result) is tried again this often
ALLOWED_FAILURES = 2  # local cluster: deaths of a worker running a file before the file is given up
WORKER_WAIT_S = 60.0  # how long a run waits for a running scheduler to have a worker
CONNECT_TIMEOUT_S = "20s"


def run(tasks: Sequence[FileTask], jobs: int, *, scheduler: str | None = None, send_files: bool = False,
        lost: Callable[[FileTask, str, str], FileResult],
        hard_limit: Callable[[FileTask], float | None] = lambda task: None,
        progress: Callable[[int, int], None] | None = None,
        on_result: Callable[[FileTask, FileResult], None] | None = None) -> list[FileResult]:
    """Lint ``tasks`` on a Dask cluster; results in input order, one per task.

    ``lost(task, code, detail)`` makes the result of a file the cluster could not finish.
    Raises :class:`BpolintError` (E120) without the dask extra, and E121 when the
    scheduler cannot be reached or its workers do not run the same bpolint.
    """
    dd = _import_distributed()
    n = len(tasks)
    if n == 0:
        return []
    results: list[FileResult | None] = [None] * n
    done = 0

    def finish(index: int, result: FileResult) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if on_result:
            on_result(tasks[index], result)
        if progress:
            progress(done, n)

    with _quiet(), _client(dd, scheduler, jobs) as client:
        _check_workers(client, scheduler or "(local)", {t.settings.rules for t in tasks})
        client.register_plugin(PipelineReady(), name=PipelineReady.name)
        run_id = uuid.uuid4().hex[:8]
        pending = iter(range(n))
        in_flight: dict[str, int] = {}

        def submit_next():
            """The next file that needs a worker, submitted; None when every file is out."""
            for index in pending:
                task, where, failed = _prepare(tasks[index], send_files)
                if failed is not None:  # could not be read on the client: its error entry, as in-process
                    finish(index, failed)
                    continue
                future = client.submit(lint_on_worker, task, where, hard_limit(task), key=f"bpolint-{run_id}-{index}",
                                       pure=False, retries=RETRIES)
                in_flight[future.key] = index
                return future
            return None

        first = [f for f in (submit_next() for _ in range(_window(client))) if f is not None]
        if first:
            completed = dd.as_completed(first, loop=client.loop)
            for future in completed:
                index = in_flight.pop(future.key)
                finish(index, _result_of(dd, future, tasks[index], lost))
                future.release()
                more = submit_next()
                if more is not None:
                    completed.add(more)
    return results  # type: ignore[return-value]


def _result_of(dd, future, task: FileTask, lost) -> FileResult:
    try:
        result = future.result()
    except dd.KilledWorker:
        return lost(task, "E903", "it stopped every worker that tried this file")
    except Exception as exc:  # noqa: BLE001 - the cluster's failure costs this file only
        return lost(task, "E903", f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
    return result


def _prepare(task: FileTask, send_files: bool) -> tuple[FileTask, str | None, FileResult | None]:
    """What goes to the worker: the file's bytes, or where the worker reads it (an absolute path)."""
    if not send_files:
        where = os.path.abspath(task.path)
        return task, (where if where != task.path else None), None
    settings = task.settings
    try:
        data = read_contract(task.path, ExtractOptions(changes=settings.changes, max_bytes=settings.max_bytes))
    except BpolintError as e:
        return task, None, FileResult(error_report(task.path, e))
    return replace(task, data=data), None, None


def lint_on_worker(task: FileTask, where: str | None, hard_limit: float | None) -> FileResult:
    """On a worker: read the file where the client said (if it did), then lint it as in-process."""
    if where is not None and task.data is None:
        settings = task.settings
        try:
            data = read_contract(where, ExtractOptions(changes=settings.changes, max_bytes=settings.max_bytes))
        except BpolintError as e:  # name the file as the client did
            return FileResult(error_report(task.path, BpolintError(e.code, task.path, e.line, e.detail)))
        task = replace(task, data=data)
    with _killed_after(hard_limit):
        return lint_one(task)


@contextlib.contextmanager
def _killed_after(seconds: float | None) -> Iterator[None]:
    """Code stuck in C ignores the time limit: past the hard limit the worker process is ended,
    as the local pool ends its worker; the scheduler then gives the file to another worker or up."""
    if not seconds:
        yield
        return
    timer = threading.Timer(seconds, lambda: os.kill(os.getpid(), signal.SIGKILL))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


class PipelineReady(_WorkerPlugin):
    """Worker plugin: spaCy and the shipped rule set are built when the worker starts, once."""

    name = "bpolint-pipeline"
    idempotent = True

    def setup(self, worker) -> None:  # noqa: ARG002 - the plugin interface
        from .segment.nlp import make_nlp

        make_nlp()
        engine_for(())


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise BpolintError("E120", None, None, {"what": "--executor dask", "extra": "dask"}) from None
    return distributed


@contextlib.contextmanager
def _client(dd, scheduler: str | None, jobs: int):
    if scheduler:
        try:
            client = dd.Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise BpolintError("E121", None, None, {"address": scheduler,
                                                    "detail": f"cannot connect ({_one_line(exc)})"}) from None
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        cluster = dd.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.CRITICAL)
        client = dd.Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
            cluster.close()


def _check_workers(client, address: str, rule_sets: set[tuple[str, ...]]) -> None:
    """Every worker runs this bpolint with the same rule files, before any file is sent."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except (TimeoutError, OSError):
        raise BpolintError("E121", None, None, {"address": address,
                                                "detail": f"no worker joined within {WORKER_WAIT_S:g} s"}) from None
    ordered = sorted(rule_sets)
    expected = (__version__, [ruleset_hash(r) for r in ordered])
    for worker, (version, hashes) in sorted(client.run(worker_identity, ordered).items()):
        if version != __version__:
            raise BpolintError("E121", None, None, {"address": address, "detail": (
                f"worker {worker} runs bpolint {version}, this client {__version__}; install the same version")})
        for rules, mine, theirs in zip(ordered, expected[1], hashes):
            if mine != theirs:
                which = ", ".join(rules) if rules else "the shipped rules"
                raise BpolintError("E121", None, None, {"address": address, "detail": (
                    f"worker {worker} has different rule files for {which}; every worker needs the same rule "
                    "sets at the same paths")})


def worker_identity(rule_sets: list[tuple[str, ...]]) -> tuple[str, list[str]]:
    """On a worker: its bpolint version and the hash of each rule set as that worker sees it."""
    return __version__, [ruleset_hash(r) for r in rule_sets]


def _window(client) -> int:
    """Files in flight: enough to keep every worker thread busy, few enough to bound memory."""
    try:
        threads = sum(client.nthreads().values())
    except Exception:  # noqa: BLE001
        threads = 1
    return max(16, 4 * threads)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The cluster's own chatter (a worker restarted, a large task) is not the user's business:
    each file's outcome is in the report."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        finally:
            logger.setLevel(level)


def _one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
