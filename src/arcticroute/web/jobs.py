"""Background jobs of the web server: long scans run apart from the interactive solves.

A season scan judges 50–70 departures (2–6 s with the year's fields in
memory, longer for a year first asked), too long to hold a request open
behind the quick solves. ``POST /api/season`` queues it in a :class:`JobPool`
and answers at once with a job id; ``GET /api/jobs/{id}`` gives the job's
state, its progress and, when done, its result.

A :class:`JobPool`

* runs jobs in its own threads (``Limits.job_workers``), so the interactive
  solve pool (:class:`~arcticroute.web.limits.SolvePool`) keeps all of its;
* refuses a new job with :class:`~arcticroute.web.limits.Busy` (HTTP 503) when
  ``max_jobs`` are queued or running, or the client asking has
  ``max_jobs_per_client`` of them;
* gives a request for a query already queued, running or done the job that
  answers it (one scan per question);
* stops a job that runs longer than ``job_timeout_s`` or is cancelled at its
  next progress report: a job's work reports after each step, and the report
  raises when the job must stop. Python threads cannot be killed; this is how
  a thread's work is bounded. Shutdown stops every job the same way;
* keeps a finished job ``job_keep_s`` seconds, at most ``max_jobs_kept`` of
  them (the oldest go first).

All the numbers are in :class:`~arcticroute.web.limits.Limits`, with their reasons.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from arcticroute.web.limits import Busy, Limits, SolveTimeout

__all__ = ["JOB_ID_PATTERN", "Job", "JobCancelled", "JobPool", "JobTimeout", "Progress"]

JOB_ID_PATTERN = r"^[A-Za-z0-9_-]{16}$"
"""A job id: 16 URL-safe characters (96 random bits, :func:`secrets.token_urlsafe`)."""

Progress = Callable[[int, int], None]
"""A job's progress report: ``(done, planned)`` steps; it raises when the job must stop."""

FINAL_STATES = ("done", "failed", "cancelled")


class JobTimeout(SolveTimeout):
    """A job ran longer than ``Limits.job_timeout_s`` and was stopped."""


class JobCancelled(Exception):
    """A job was cancelled (``DELETE /api/jobs/{id}`` or the server stopping)."""


@dataclass
class Job:
    """One background job: what it answers, where it stands, its result or error."""

    id: str
    key: Hashable
    client: str
    query: dict[str, Any]
    created_s: float = field(default_factory=time.time)
    state: str = "queued"
    done_steps: int = 0
    planned_steps: int = 0
    started_s: float | None = None
    finished_s: float | None = None
    result: Any = None
    error: BaseException | None = None
    stop: threading.Event = field(default_factory=threading.Event, repr=False)
    future: Future | None = field(default=None, repr=False)

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    def to_dict(self, describe: Callable[[BaseException], dict[str, Any]]) -> dict[str, Any]:
        """The job as ``GET /api/jobs/{id}`` shows it; ``describe`` turns an error into a body."""
        planned = max(self.planned_steps, self.done_steps)
        fraction = 1.0 if self.state == "done" else (self.done_steps / planned if planned else 0.0)
        end = self.finished_s or time.time()
        return {
            "id": self.id,
            "state": self.state,
            "progress": {
                "done": self.done_steps,
                "planned": planned,
                "fraction": round(fraction, 3),
            },
            "query": self.query,
            "created": _iso(self.created_s),
            "started": None if self.started_s is None else _iso(self.started_s),
            "finished": None if self.finished_s is None else _iso(self.finished_s),
            "elapsed_s": None if self.started_s is None else round(end - self.started_s, 2),
            "result": self.result if self.state == "done" else None,
            "error": None if self.error is None else describe(self.error),
            "links": {"self": f"/api/jobs/{self.id}"},
        }


def _iso(epoch_s: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch_s))


class JobPool:
    """Background jobs in their own threads, bounded in number, time and memory.

    ``submit`` and ``get`` run on the event loop; jobs update their records
    from the pool's threads, under one lock.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._by_key: dict[Hashable, str] = {}
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self.stats = {"submitted": 0, "joined": 0, "busy": 0, "timeouts": 0, "cancelled": 0}

    def submit(
        self,
        key: Hashable,
        work: Callable[[Progress], Any],
        query: dict[str, Any],
        client: str = "",
    ) -> Job:
        """The job answering ``key``: one queued, running or done already, else a new one
        running ``work(report)`` in the pool.

        Raises
        ------
        Busy
            ``max_jobs`` jobs are queued or running, or ``max_jobs_per_client``
            of this client's.
        """
        with self._lock:
            self._forget_old()
            known = self._jobs.get(self._by_key.get(key, ""))
            if known is not None and known.state in ("queued", "running", "done"):
                self.stats["joined"] += 1
                return known
            self._check_room(client)
            job = Job(id=secrets.token_urlsafe(12), key=key, client=client, query=query)
            self._jobs[job.id] = job
            self._by_key[key] = job.id
            self.stats["submitted"] += 1
        job.future = self.executor.submit(self._run, job, work)
        return job

    def _check_room(self, client: str) -> None:
        lim = self.limits
        live = [j for j in self._jobs.values() if not j.final]
        mine = sum(1 for j in live if j.client == client)
        if len(live) >= lim.max_jobs:
            self.stats["busy"] += 1
            raise Busy(
                f"the server is busy: {len(live)} background jobs are queued or running "
                f"(limit {lim.max_jobs}); retry in a minute"
            )
        if mine >= lim.max_jobs_per_client:
            self.stats["busy"] += 1
            raise Busy(
                f"you already have {mine} background jobs queued or running (limit "
                f"{lim.max_jobs_per_client} per client); wait for them or cancel one"
            )

    def _run(self, job: Job, work: Callable[[Progress], Any]) -> None:
        """A job in a pool thread: its work with a report that stops it when it must."""
        timeout = self.limits.job_timeout_s
        with self._lock:
            if job.stop.is_set():
                self._finish(job, "cancelled", error=JobCancelled("the job was cancelled"))
                return
            job.state, job.started_s = "running", time.time()
        deadline = time.monotonic() + timeout

        def report(done: int, planned: int) -> None:
            with self._lock:
                job.done_steps, job.planned_steps = done, planned
            if job.stop.is_set():
                raise JobCancelled("the job was cancelled")
            if time.monotonic() > deadline:
                raise JobTimeout(
                    f"the job ran longer than {timeout:g} s and was stopped; "
                    "ask for a shorter scan or retry when the server is less busy"
                )

        try:
            result = work(report)
        except JobCancelled as exc:
            with self._lock:
                self._finish(job, "cancelled", error=exc)
        except BaseException as exc:  # the job's error is its answer, shown on polling
            with self._lock:
                self.stats["timeouts"] += isinstance(exc, JobTimeout)
                self._finish(job, "failed", error=exc)
        else:
            with self._lock:
                self._finish(job, "done", result=result)

    def _finish(self, job: Job, state: str, result: Any = None, error: Any = None) -> None:
        job.state, job.result, job.error = state, result, error
        job.finished_s = time.time()
        self.stats["cancelled"] += state == "cancelled"

    def get(self, job_id: str) -> Job | None:
        """The job of this id, or None (never made, or forgotten after ``job_keep_s``)."""
        with self._lock:
            self._forget_old()
            return self._jobs.get(job_id)

    def cancel(self, job_id: str) -> Job | None:
        """Ask a job to stop (a queued one never starts); None for an unknown id."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.final:
                return job
            job.stop.set()
            if job.state == "queued" and job.future is not None and job.future.cancel():
                self._finish(job, "cancelled", error=JobCancelled("the job was cancelled"))
            return job

    async def wait(self, job: Job, timeout_s: float) -> Job:
        """Wait up to ``timeout_s`` for ``job`` to end (it goes on if it does not)."""
        end = time.monotonic() + timeout_s
        while not job.final and time.monotonic() < end:
            await asyncio.sleep(min(0.05, max(0.0, end - time.monotonic())))
        return job

    def _forget_old(self) -> None:
        """Drop finished jobs older than ``job_keep_s``, and beyond ``max_jobs_kept``."""
        now = time.time()
        done = [j for j in self._jobs.values() if j.final]
        old = [j for j in done if now - (j.finished_s or now) > self.limits.job_keep_s]
        extra = len(done) - len(old) - self.limits.max_jobs_kept
        if extra > 0:
            old += [j for j in done if j not in old][:extra]
        for j in old:
            del self._jobs[j.id]
            if self._by_key.get(j.key) == j.id:
                del self._by_key[j.key]

    def info(self) -> dict[str, Any]:
        """Counters for ``/api/health``."""
        with self._lock:
            states = [j.state for j in self._jobs.values()]
        return {
            **self.stats,
            "queued": states.count("queued"),
            "running": states.count("running"),
            "kept": sum(s in FINAL_STATES for s in states),
            "max_jobs": self.limits.max_jobs,
            "job_workers": self.limits.job_workers,
        }

    @property
    def executor(self) -> ThreadPoolExecutor:
        """The job threads (started on first use, again after :meth:`shutdown`)."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=self.limits.job_workers, thread_name_prefix="arcticroute-job"
            )
        return self._executor

    def shutdown(self) -> None:
        """Stop every job: queued ones never start, running ones stop at their next report."""
        with self._lock:
            live = [j for j in self._jobs.values() if not j.final]
        for job in live:
            self.cancel(job.id)
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
