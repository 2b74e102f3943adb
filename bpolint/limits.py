"""Per-file limits: a wall-clock limit and a memory ceiling.

In the process that lints the file, the time limit is an interval timer that raises
:class:`TimeLimitExceeded` in the main thread (off the main thread, as in a Dask
worker's task thread, a timer thread raises it there instead), and the memory ceiling is the
address-space limit, so an allocation beyond it raises ``MemoryError``; both become an
error entry for that file and the run goes on. Code that never returns to Python (a
regular expression stuck in C) cannot be interrupted this way: in worker processes the
pool also kills a worker that overruns (see :mod:`bpolint.pool`), and rule files are
checked for catastrophic patterns when they are loaded.
"""
from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from typing import Iterator

try:
    import resource
except ImportError:  # not on every platform
    resource = None  # type: ignore[assignment]


class TimeLimitExceeded(Exception):
    """The file took longer than its wall-clock limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` after ``seconds`` (0: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with _thread_time_limit(seconds):
            yield
        return

    def _expired(signum, frame):  # noqa: ARG001
        raise TimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _thread_time_limit(seconds: float) -> Iterator[None]:
    """The same limit for a thread that cannot take signals: a timer raises the exception in it.

    Like the signal, it arrives when the thread next runs Python code. The lock makes sure
    it is never raised after the block has ended.
    """
    target = ctypes.c_ulong(threading.get_ident())
    raise_in = ctypes.pythonapi.PyThreadState_SetAsyncExc
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def _expired() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                raise_in(target, ctypes.py_object(TimeLimitExceeded))

    timer = threading.Timer(seconds, _expired)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["active"] = False
            if state["fired"]:
                raise_in(target, None)  # not delivered yet: withdraw it
        if state["fired"]:
            raise TimeLimitExceeded()


@contextlib.contextmanager
def memory_ceiling(megabytes: float) -> Iterator[None]:
    """Cap this process's address space at ``megabytes`` (0: no cap) and restore it afterwards.

    Only the soft limit moves, and never upwards past an existing limit.
    """
    if not megabytes or megabytes <= 0 or resource is None or not hasattr(resource, "RLIMIT_AS"):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    # never below what the process already holds: the ceiling bounds what one file adds
    cap = max(int(megabytes * 1024 * 1024), _address_space() + HEADROOM)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # already at or below the ceiling
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        yield  # below what the process already uses: leave it alone
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


HEADROOM = 256 * 1024 * 1024


def _address_space() -> int:
    """Bytes of address space this process holds now (0 where the platform does not say)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            pages = int(fh.read().split()[0])
        return pages * resource.getpagesize()
    except (OSError, ValueError, IndexError, AttributeError):
        return 0
