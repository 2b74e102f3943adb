"""Linting off the event loop: each request's job in its own worker process, a few at a time.

A job runs through :func:`bpolint.pool.run` in a process forked from the server, which
built spaCy and the rule sets before it started serving, so every worker starts warm and
ends with its request: memory a contract took is given back, and nothing of one request
is left in a process that serves the next. A job that crashes its process costs that
request only (E903); one that overruns the request's time limit is killed (E901). At most
``count`` jobs run at once, the others wait their turn, and beyond ``max_waiting`` waiting
requests the server answers that it is busy (E158).
"""
from __future__ import annotations

import anyio
import anyio.to_thread

from .. import pool
from ..errors import BpolintError
from .jobs import Failure, Job, Outcome, run_job

GRACE_S = 2.0  # past the time limit, before the worker is killed: the worker's own timer goes first


class Workers:
    def __init__(self, count: int, time_limit_s: float, max_waiting: int = 64) -> None:
        self.count = count
        self.time_limit_s = time_limit_s
        self.max_waiting = max_waiting
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def limiter(self) -> anyio.CapacityLimiter:
        if self._limiter is None:  # made in the event loop that uses it
            self._limiter = anyio.CapacityLimiter(self.count)
        return self._limiter

    @property
    def waiting(self) -> int:
        return self.limiter.statistics().tasks_waiting

    @property
    def busy(self) -> int:
        return self.limiter.borrowed_tokens

    async def run(self, job: Job) -> Outcome:
        """The job's outcome. The slot is held until its worker is gone, even if the client
        goes away meanwhile (threads are not abandoned on cancellation)."""
        if self.waiting >= self.max_waiting:
            raise BpolintError("E158", None, None, {"waiting": self.waiting})
        return await anyio.to_thread.run_sync(self._run, job, limiter=self.limiter)

    def _run(self, job: Job) -> Outcome:
        return pool.run([job], run_job, 1, lost=self._lost, hard_limit=lambda _: self.time_limit_s + GRACE_S)[0]

    def _lost(self, job: Job, code: str, detail: str) -> Outcome:
        name = job.files[0] if len(job.files) == 1 else None
        fields = {"limit": f"{self.time_limit_s:g}"} if code == "E901" else {"detail": detail}
        return Outcome(failure=Failure.of(BpolintError(code, name, None, fields)))
