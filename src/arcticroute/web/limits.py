"""Limits of the web server: request size, concurrent solves, compute time, answer cache.

The server keeps serving whatever a client sends: requests are size-checked
before routing (:class:`RequestSizeLimit`), and every solve (a route, a
comparison, a season scan) runs in a small thread pool behind
:class:`SolvePool`, which

* answers from an LRU cache keyed by the normalized request, so a repeated
  question costs no solve (cached answers are the very bytes the first solve
  produced); in front of it, :class:`AnswerCache` answers a GET whose exact
  parameters were answered before without routing or validating it again;
* joins a request to a solve of the same key already running (single flight);
* refuses a new solve with :class:`Busy` (HTTP 503) when ``max_pending``
  solves are running or queued;
* gives up waiting after ``solve_timeout_s`` with :class:`SolveTimeout`
  (HTTP 503). Python threads cannot be killed: the solve goes on in the
  background, holds its pending slot until it ends, and its answer is cached,
  so the same request a little later is answered at once.

All the numbers are in :class:`Limits`, with their reasons.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

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
    """

    max_query_bytes: int = 2048
    max_body_bytes: int = 16_384
    max_batch: int = 8
    workers: int = 2
    max_pending: int = 8
    solve_timeout_s: float = 30.0
    cache_entries: int = 512

    def __post_init__(self) -> None:
        for name in ("max_query_bytes", "max_body_bytes", "max_batch", "workers", "max_pending"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not self.solve_timeout_s > 0:
            raise ValueError(f"solve_timeout_s must be > 0 s, got {self.solve_timeout_s}")
        if self.cache_entries < 0:
            raise ValueError(f"cache_entries must be >= 0, got {self.cache_entries}")


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
    """Thread pool with a pending limit, a per-request timeout and an answer cache.

    Use from the event loop only (the bookkeeping is not locked: it runs on
    the loop's thread, the solves on the pool's).
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cache = _Lru(limits.cache_entries)
        self.raw = _Lru(limits.cache_entries)
        self._executor: ThreadPoolExecutor | None = None
        self._inflight: dict[Hashable, asyncio.Future] = {}
        self.pending = 0
        self.stats = {
            "raw_hits": 0,
            "hits": 0,
            "misses": 0,
            "joined": 0,
            "busy": 0,
            "timeouts": 0,
        }

    async def run(
        self, key: Hashable, solve: Callable[[], Payload], timeout_s: float | None = None
    ) -> Payload:
        """The cached answer for ``key``, or ``solve()`` run in the pool.

        Raises
        ------
        Busy
            ``max_pending`` solves are already running or queued.
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
            if self.pending >= self.limits.max_pending:
                self.stats["busy"] += 1
                raise Busy(
                    f"the server is busy: {self.pending} solves are running or queued "
                    f"(limit {self.limits.max_pending}); retry in a few seconds"
                )
            self.stats["misses"] += 1
            fut = asyncio.wrap_future(self.executor.submit(solve))
            self.pending += 1
            self._inflight[key] = fut
            fut.add_done_callback(lambda f: self._done(key, f))
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

    def _done(self, key: Hashable, fut: asyncio.Future) -> None:
        self.pending -= 1
        self._inflight.pop(key, None)
        if not fut.cancelled() and fut.exception() is None:
            self.cache.put(key, fut.result())

    def info(self) -> dict[str, Any]:
        """Counters for ``/api/health``."""
        return {
            **self.stats,
            "pending": self.pending,
            "max_pending": self.limits.max_pending,
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
        """Stop taking solves; running ones finish in their threads."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


async def _send_json(send, status: int, doc: dict[str, Any]) -> None:
    body = json.dumps(doc).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


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
            await _send_json(
                send,
                414,
                {
                    "error": "query_too_long",
                    "message": f"the query string is longer than {lim.max_query_bytes} bytes; "
                    "send fewer or shorter parameters",
                },
            )
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        chunked = b"chunked" in headers.get(b"transfer-encoding", b"").lower()
        too_large = {
            "error": "body_too_large",
            "message": f"the request body is larger than {lim.max_body_bytes} bytes; "
            f"send at most {lim.max_batch} comparisons per batch",
        }
        if length is not None:
            try:
                n = int(length)
            except ValueError:
                n = lim.max_body_bytes + 1
            if n > lim.max_body_bytes:
                await _send_json(send, 413, too_large)
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
                await _send_json(send, 413, too_large)
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
