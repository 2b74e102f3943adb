"""Worker processes for many files, where one file can cost only itself.

Each worker is a forked process that has the pipeline built before the fork, so no
worker loads spaCy or the rule set again. A worker lints one file at a time and sends
the result back; results are put back in input order, so the output is the same
whatever the number of workers. A worker that dies (a crash in native code, the
kernel's OOM killer) or overruns its file's hard time limit is replaced, and that file
gets an error entry through ``lost``; the other files are not affected.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Callable, Generic, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

POLL_S = 0.5  # how often deadlines are checked when nothing arrives


@dataclass
class _Worker(Generic[T]):
    process: mp.process.BaseProcess
    conn: Connection
    task: tuple[int, T] | None = None
    started: float = 0.0


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _context():
    # fork keeps what the parent built (spaCy, rule sets): workers start at once and share it
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _worker_main(conn: Connection, work: Callable) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        result = work(task)
        try:
            conn.send((index, result))
        except (BrokenPipeError, OSError):
            return


def run(tasks: Sequence[T], work: Callable[[T], R], jobs: int, *,
        lost: Callable[[T, str, str], R],
        hard_limit: Callable[[T], float | None] = lambda task: None,
        progress: Callable[[int, int], None] | None = None,
        on_result: Callable[[int, R], None] | None = None, keep: bool = True) -> list[R]:
    """``work`` over ``tasks`` in ``jobs`` worker processes; results in input order.

    ``on_result(index, result)`` is called as each task finishes, in the order they finish.
    With ``keep=False`` the results go only to ``on_result`` (the list returned is empty),
    so that the parent holds none of them.

    ``lost(task, code, detail)`` makes the result of a task whose worker died (code
    ``E903``) or overran ``hard_limit(task)`` seconds (code ``E901``).
    """
    n = len(tasks)
    results: list[R | None] = [None] * n
    if n == 0:
        return []
    ctx = _context()
    queue = deque(enumerate(tasks))
    workers: list[_Worker] = []
    done = 0

    def spawn() -> _Worker:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker_main, args=(child, work), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def retire(w: _Worker, kill: bool) -> None:
        if kill and w.process.is_alive():
            w.process.kill()
        w.process.join(timeout=5)
        w.conn.close()

    def finish(index: int, result: R) -> None:
        nonlocal done
        if keep:
            results[index] = result
        done += 1
        if on_result:
            on_result(index, result)
        if progress:
            progress(done, n)

    try:
        workers = [spawn() for _ in range(min(jobs, n))]
        while done < n:
            for w in workers:
                if w.task is None and queue:
                    w.task = queue.popleft()
                    w.started = time.monotonic()
                    w.conn.send(w.task)
            busy = [w for w in workers if w.task is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=_timeout(busy, hard_limit)))
            for i, w in enumerate(workers):
                if w.task is None:
                    continue
                index, task = w.task
                if w.conn in ready:
                    try:
                        got, result = w.conn.recv()
                    except (EOFError, OSError):
                        got = None
                    if got == index:
                        w.task = None
                        finish(index, result)
                        continue
                if w.process.sentinel in ready or not w.process.is_alive():
                    finish(index, lost(task, "E903", _how_it_ended(w.process)))
                    retire(w, kill=True)
                    workers[i] = spawn()
                    continue
                limit = hard_limit(task)
                if limit is not None and time.monotonic() - w.started > limit:
                    finish(index, lost(task, "E901", f"{limit:g}"))
                    retire(w, kill=True)
                    workers[i] = spawn()
        return results if keep else []  # type: ignore[return-value]
    finally:
        for w in workers:
            try:
                w.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for w in workers:
            retire(w, kill=False)
            if w.process.is_alive():
                w.process.kill()


def in_order(emit: Callable[[int, R], None]) -> Callable[[int, R], None]:
    """An ``on_result`` that hands results to ``emit`` in input order: each waits only
    until those before it have finished, so few are held at once."""
    waiting: dict[int, R] = {}
    next_index = 0

    def arrived(index: int, result: R) -> None:
        nonlocal next_index
        waiting[index] = result
        while next_index in waiting:
            emit(next_index, waiting.pop(next_index))
            next_index += 1

    return arrived


def _timeout(busy: list[_Worker], hard_limit: Callable) -> float:
    now = time.monotonic()
    left = [w.started + limit - now for w in busy if w.task is not None
            and (limit := hard_limit(w.task[1])) is not None]
    return max(0.01, min([POLL_S, *left]))


def _how_it_ended(process: mp.process.BaseProcess) -> str:
    process.join(timeout=1)
    code = process.exitcode
    if code is None:
        return "no answer"
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
