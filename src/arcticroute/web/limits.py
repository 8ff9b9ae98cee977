"""Limits of the web server: request size, read time, connections, solves, answer cache.

The server keeps serving whatever a client sends: connections are guarded
before any header is parsed (:mod:`arcticroute.web.connections`: header and
body read timeouts, connections per client), requests are size-checked
before routing (:class:`RequestSizeLimit`), and every solve (a route, a
comparison, a season scan) runs in a small thread pool behind
:class:`SolvePool`, which

* answers from an LRU cache keyed by the validated request, so a repeated
  question costs no solve (cached answers are the very bytes the first solve
  produced); in front of it, :class:`AnswerCache` answers a GET whose exact
  parameters were answered before without routing or validating it again
  (a repeated parameter never gets this far: see :mod:`arcticroute.web.guards`);
* joins a request to a solve of the same key already running (single flight);
* refuses a new solve with :class:`Busy` (HTTP 503) when ``max_pending``
  solves are running or queued, or when the client asking already has
  ``max_pending_per_client`` of them;
* queues solves per client and starts them round-robin, at most
  ``workers - 1`` (at least 1) at once for one client, so one client never
  holds every solve thread (clients are told apart by address);
* gives up waiting after ``solve_timeout_s`` with :class:`SolveTimeout`
  (HTTP 503). Python threads cannot be killed: the solve goes on in the
  background, holds its slot (and its client's) until it ends, and its
  answer is cached, so the same request a little later is answered at once.

All the numbers are in :class:`Limits`, with their reasons.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from arcticroute.web.i18n import send_error

__all__ = [
    "AnswerCache",
    "Busy",
    "Limits",
    "Payload",
    "RequestSizeLimit",
    "SolvePool",
    "SolveTimeout",
    "raw_key",
]


@dataclass(frozen=True)
class Limits:
    """Server limits (``arcticroute serve`` options override them).

    Attributes
    ----------
    max_query_bytes : int
        Longest query string accepted, bytes (longer: 414). Every GET
        parameter here is a port name, a date or a short option; 2 KiB is ten
        times what the page sends.
    max_body_bytes : int
        Largest request body, bytes (larger: 413). Only the batch endpoint
        takes a body.
    max_batch : int
        Most comparisons in one batch request (more: 422).
    workers : int
        Threads that run solves. The solver is numpy/scipy code that holds the
        GIL for much of its time, so more threads than cores buys nothing.
    max_pending : int
        Solves running or queued at once; one more gets 503 at once instead of
        waiting behind them.
    solve_timeout_s : float
        How long a request waits for its solve, seconds (then 503). A cold
        ice-aware comparison takes 0.5–4 s, a season scan 2–6 s.
    cache_entries : int
        Answers kept in the LRU cache (0 disables it). A comparison is about
        90 kB of JSON, so 512 entries stay under ~50 MB.
    max_pending_per_client : int
        Solves one client address may have running or queued; one more gets
        503. A browser sends at most 6 requests at once to one host (its
        connection limit, below), so a page is never refused; the page itself
        asks for at most four (ice, comparison, season, a port search).
    header_timeout_s, body_timeout_s : float
        Seconds to receive a request's line and headers, then its body (then
        408 and close). Apache httpd 2.4 mod_reqtimeout's defaults
        (``RequestReadTimeout header=20-40,MinRate=500 body=20,MinRate=500``):
        20 s each, the lower bound without the rate extension.
    max_connections_per_client : int
        Open connections one client address may hold (one more: 503 and
        close). Browsers open at most 6 per host (Chromium's and Firefox's
        ``max-persistent-connections-per-server``); 16 leaves room for a few
        tabs and a script. Assumption, overridable.
    max_connections : int
        Open connections in all, uvicorn's ``limit_concurrency`` (beyond:
        uvicorn's own plain-text 503). nginx's default ``worker_connections
        512``: an idle connection costs a few kB, and 200 slow sockets from
        many addresses (each cut off after ``header_timeout_s``) leave room
        for everyone else.
    job_workers : int
        Threads that run background jobs (season scans, :mod:`arcticroute.web.jobs`),
        apart from the ``workers`` of the interactive solves. One: a scan is
        50–70 voyages on the same numpy/scipy code, so a second thread on a
        2-core machine would take a core from the interactive solves.
    max_jobs : int
        Background jobs queued or running at once (one more: 503). The page
        runs at most two per comparison (the year asked and, when the route
        is closed for the rest of it, the next year).
    max_jobs_per_client : int
        Background jobs one client address may have queued or running.
    job_timeout_s : float
        A job running longer is stopped at its next departure (it reports
        after each). A season scan takes 2–6 s with its fields in memory and
        20–40 s for a year first read from the observed cube on 2 cores;
        120 s is three times the slowest measured. Assumption, overridable.
    job_keep_s : float
        Seconds a finished job (and its result, ~15 kB) stays to be polled
        and reused by the same query.
    max_jobs_kept : int
        Finished jobs kept at most (the oldest go first): 64 × ~15 kB ≈ 1 MB.
    """

    max_query_bytes: int = 2048
    max_body_bytes: int = 16_384
    max_batch: int = 8
    workers: int = 2
    max_pending: int = 8
    solve_timeout_s: float = 30.0
    cache_entries: int = 512
    max_pending_per_client: int = 6
    header_timeout_s: float = 20.0
    body_timeout_s: float = 20.0
    max_connections_per_client: int = 16
    max_connections: int = 512
    job_workers: int = 1
    max_jobs: int = 4
    max_jobs_per_client: int = 2
    job_timeout_s: float = 120.0
    job_keep_s: float = 3600.0
    max_jobs_kept: int = 64

    def __post_init__(self) -> None:
        counts = (
            "max_query_bytes",
            "max_body_bytes",
            "max_batch",
            "workers",
            "max_pending",
            "max_pending_per_client",
            "max_connections_per_client",
            "max_connections",
            "job_workers",
            "max_jobs",
            "max_jobs_per_client",
            "max_jobs_kept",
        )
        for name in counts:
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in (
            "solve_timeout_s",
            "header_timeout_s",
            "body_timeout_s",
            "job_timeout_s",
            "job_keep_s",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0 s, got {getattr(self, name)}")
        if self.cache_entries < 0:
            raise ValueError(f"cache_entries must be >= 0, got {self.cache_entries}")

    @property
    def max_running_per_client(self) -> int:
        """Solves of one client running at once: all threads but one (at least 1)."""
        return max(1, self.workers - 1)


class Busy(Exception):
    """Every solve slot is taken (HTTP 503)."""


class SolveTimeout(Exception):
    """A solve took longer than the limit (HTTP 503); it finishes in the background."""


@dataclass
class Payload:
    """A JSON answer as bytes, with its gzip form made once on first use."""

    body: bytes
    _gz: bytes | None = field(default=None, repr=False)

    @classmethod
    def of(cls, doc: Any) -> Payload:
        """Serialize ``doc``; a NaN or infinity (not JSON) is a ValueError (HTTP 422)."""
        try:
            text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        except ValueError:
            raise ValueError(
                "the answer holds a number that is not finite; check the inputs for values "
                "at the edge of their range"
            ) from None
        return cls(text.encode())

    def gzipped(self) -> bytes:
        if self._gz is None:
            self._gz = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gz


class _Lru:
    """A small thread-safe LRU mapping."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._d: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            if key not in self._d:
                return None
            self._d.move_to_end(key)
            return self._d[key]

    def put(self, key: Hashable, value: Any) -> None:
        if self.size == 0:
            return
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)

    def __len__(self) -> int:
        return len(self._d)


class SolvePool:
    """Fair thread pool with pending limits, a per-request timeout and an answer cache.

    Solves wait in one queue per client and start round-robin across clients,
    at most :attr:`Limits.max_running_per_client` at once for one client. Use
    from the event loop only (the bookkeeping is not locked: it runs on the
    loop's thread, the solves on the pool's).
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cache = _Lru(limits.cache_entries)
        self.raw = _Lru(limits.cache_entries)
        self._executor: ThreadPoolExecutor | None = None
        self._inflight: dict[Hashable, asyncio.Future] = {}
        self._queues: OrderedDict[str, deque] = OrderedDict()
        self._pending_by_client: Counter[str] = Counter()
        self._running_by_client: Counter[str] = Counter()
        self.pending = 0
        self.running = 0
        self.stats = {
            "raw_hits": 0,
            "hits": 0,
            "misses": 0,
            "joined": 0,
            "busy": 0,
            "busy_client": 0,
            "timeouts": 0,
        }

    async def run(
        self,
        key: Hashable,
        solve: Callable[[], Payload],
        timeout_s: float | None = None,
        client: str = "",
        light: bool = False,
    ) -> Payload:
        """The cached answer for ``key``, or ``solve()`` run in the pool for ``client``.

        A ``light`` solve (a catalogue look-up or a shipped map layer, bounded
        in milliseconds) may start beyond the client's running limit, so a
        client's own slow solve does not hold up its page.

        Raises
        ------
        Busy
            ``max_pending`` solves are already running or queued, or
            ``max_pending_per_client`` of this client's.
        SolveTimeout
            The answer did not come within ``timeout_s`` (default the limit).
        Exception
            Whatever ``solve`` raised (not cached).
        """
        hit = self.cache.get(key)
        if hit is not None:
            self.stats["hits"] += 1
            return hit
        fut = self._inflight.get(key)
        if fut is None:
            fut = self._enqueue(key, solve, client, light)
        else:
            self.stats["joined"] += 1
        wait = self.limits.solve_timeout_s if timeout_s is None else timeout_s
        try:
            return await asyncio.wait_for(asyncio.shield(fut), wait)
        except TimeoutError:
            self.stats["timeouts"] += 1
            raise SolveTimeout(
                f"the answer took longer than {wait:g} s; it is still being computed and "
                "will be cached: retry in a minute"
            ) from None

    def _enqueue(
        self, key: Hashable, solve: Callable[[], Payload], client: str, light: bool
    ) -> asyncio.Future:
        lim = self.limits
        if self.pending >= lim.max_pending:
            self.stats["busy"] += 1
            raise Busy(
                f"the server is busy: {self.pending} solves are running or queued "
                f"(limit {lim.max_pending}); retry in a few seconds"
            )
        if self._pending_by_client[client] >= lim.max_pending_per_client:
            self.stats["busy_client"] += 1
            raise Busy(
                f"you already have {self._pending_by_client[client]} solves running or queued "
                f"(limit {lim.max_pending_per_client} per client); retry when they are answered"
            )
        self.stats["misses"] += 1
        fut = asyncio.get_running_loop().create_future()
        self.pending += 1
        self._pending_by_client[client] += 1
        self._inflight[key] = fut
        self._queues.setdefault(client, deque()).append((key, solve, fut, light))
        self._dispatch()
        return fut

    def _next_job(self) -> tuple[str, tuple] | None:
        """The next solve to start: clients in round-robin order, each in its own order.

        A client's first queued solve starts when the client has a free
        running slot; its first light one starts regardless.
        """
        for client, queue in self._queues.items():
            room = self._running_by_client[client] < self.limits.max_running_per_client
            for job in queue:
                if room or job[3]:
                    queue.remove(job)
                    return client, job
        return None

    def _dispatch(self) -> None:
        """Start queued solves while threads are free, one client after another."""
        while self.running < self.limits.workers:
            picked = self._next_job()
            if picked is None:
                return
            client, (key, solve, fut, _) = picked
            self._queues.move_to_end(client)  # round-robin: this client goes last
            if not self._queues[client]:
                del self._queues[client]
            self.running += 1
            self._running_by_client[client] += 1
            job = asyncio.wrap_future(self.executor.submit(solve))
            job.add_done_callback(lambda j, k=key, f=fut, c=client: self._done(k, f, c, j))

    def _done(self, key: Hashable, fut: asyncio.Future, client: str, job: asyncio.Future) -> None:
        self.running -= 1
        self.pending -= 1
        for count in (self._running_by_client, self._pending_by_client):
            count[client] -= 1
            if count[client] <= 0:
                del count[client]
        self._inflight.pop(key, None)
        failed = job.cancelled() or job.exception() is not None
        if not failed:
            self.cache.put(key, job.result())
        if fut.done():
            pass
        elif job.cancelled():
            fut.cancel()
        elif failed:
            fut.set_exception(job.exception())
            fut.exception()  # retrieved: a failure nobody waits for any more is not logged
        else:
            fut.set_result(job.result())
        self._dispatch()

    def info(self) -> dict[str, Any]:
        """Counters for ``/api/health``."""
        return {
            **self.stats,
            "pending": self.pending,
            "running": self.running,
            "clients_waiting": len(self._pending_by_client),
            "max_pending": self.limits.max_pending,
            "max_pending_per_client": self.limits.max_pending_per_client,
            "workers": self.limits.workers,
            "cached": len(self.cache),
            "cache_entries": self.limits.cache_entries,
        }

    @property
    def executor(self) -> ThreadPoolExecutor:
        """The solve threads (started on first use, again after :meth:`shutdown`)."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=self.limits.workers, thread_name_prefix="arcticroute-solve"
            )
        return self._executor

    def shutdown(self) -> None:
        """Stop taking solves; running ones finish in their threads, queued ones are dropped."""
        for queue in self._queues.values():
            for job in queue:
                job[2].cancel()
        self._queues.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


class RequestSizeLimit:
    """ASGI middleware: refuse long query strings (414) and large bodies (413).

    A body is read in full (it is at most ``max_body_bytes``) before the app
    sees it, whether announced by ``content-length`` or sent chunked.
    """

    def __init__(self, app, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lim = self.limits
        if len(scope.get("query_string", b"")) > lim.max_query_bytes:
            await send_error(
                send,
                scope,
                414,
                "query_too_long",
                f"the query string is longer than {lim.max_query_bytes} bytes; "
                "send fewer or shorter parameters",
            )
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        chunked = b"chunked" in headers.get(b"transfer-encoding", b"").lower()
        too_large = (
            413,
            "body_too_large",
            f"the request body is larger than {lim.max_body_bytes} bytes; "
            f"send at most {lim.max_batch} comparisons per batch",
        )
        if length is not None:
            try:
                n = int(length)
            except ValueError:
                n = lim.max_body_bytes + 1
            if n > lim.max_body_bytes:
                await send_error(send, scope, *too_large)
                return
        if length is None and not chunked:
            await self.app(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > lim.max_body_bytes:
                await send_error(send, scope, *too_large)
                return
            more = message.get("more_body", False)
        body = b"".join(chunks)
        await self.app(scope, _replay([{"type": "http.request", "body": body}], receive), send)


def _replay(messages: list[dict], then=None):
    """An ASGI ``receive`` that gives ``messages`` first, then defers to ``then``."""
    queue = list(messages)

    async def receive():
        if queue:
            return queue.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


def raw_key(scope) -> tuple:
    """Key of a GET request's exact answer: path, sorted parameters and today's date.

    Today is part of it because a comparison without a date departs today.
    """
    from urllib.parse import parse_qsl

    query = scope.get("query_string", b"").decode("latin-1")
    params = tuple(sorted(parse_qsl(query, keep_blank_values=True)))
    return (scope.get("path", ""), params, _today())


def _today():
    import datetime as dt

    return dt.date.today()


class AnswerCache:
    """ASGI middleware: answer a GET seen before with the cached bytes of its answer.

    The endpoints store every successful answer under :func:`raw_key` (see
    ``app._json``); a repeat of the same path and parameters is answered here,
    without routing and parameter validation (about half the cost of a cached
    answer). Other requests pass through.
    """

    def __init__(self, app, pool: SolvePool) -> None:
        self.app = app
        self.pool = pool

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            payload = self.pool.raw.get(raw_key(scope))
            if payload is not None:
                self.pool.stats["raw_hits"] += 1
                accept = dict(scope.get("headers", [])).get(b"accept-encoding", b"")
                gz = b"gzip" in accept
                body = payload.gzipped() if gz else payload.body
                headers = [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"vary", b"Accept-Encoding"),
                ]
                if gz:
                    headers.append((b"content-encoding", b"gzip"))
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
