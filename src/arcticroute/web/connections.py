"""Connection guard for uvicorn: header and body read timeouts, connections per client.

uvicorn (0.55) has no timeout for reading a request's headers, and an ASGI
middleware only runs once the headers are parsed, so a client trickling its
headers (slowloris) holds a connection for as long as it likes; 200 of them
fill uvicorn's ``limit_concurrency`` and every other client gets 503. The
guard is a subclass of uvicorn's h11 protocol, built by
:func:`guarded_protocol` and passed as ``uvicorn.Config(http=...)``:

* **header timeout**: from the moment a connection waits for a request
  (opened, or its previous response sent) until the request line and
  headers are complete; then the connection gets a 408 and is closed;
* **body timeout**: from the end of the headers until the end of the body;
  then the same 408 and close (the app sees a disconnect);
* **connections per client**: a client address (clients are told apart by
  address) may hold this many open connections; one more is answered 503
  and closed at once, so one address cannot take the slots of the others.

The h11 state machine tells where a request is: ``their_state`` is ``IDLE``
while headers are awaited, ``SEND_BODY`` while the body is, ``DONE`` once it
is read. Nothing here needs uvicorn internals beyond the public attributes
of :class:`uvicorn.protocols.http.h11_impl.H11Protocol` (``conn``,
``transport``, ``client``, ``loop``) and its three protocol callbacks.

References
----------
CVE-2007-6750 (slowloris); RFC 9110 §15.5.9 (408 Request Timeout).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from arcticroute.web.i18n import title_fields

__all__ = ["guarded_protocol", "raw_response"]


def raw_response(status: int, reason: str, code: str, message: str) -> bytes:
    """A complete ``Connection: close`` HTTP/1.1 response with a JSON error body."""
    # sent before any header is parsed: titled in the default language
    doc = {"error": code, "message": message, "suggestions": [], **title_fields(code, None)}
    body = json.dumps(doc).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def guarded_protocol(
    header_timeout_s: float, body_timeout_s: float, max_connections_per_client: int
) -> type[H11Protocol]:
    """An :class:`H11Protocol` subclass enforcing the three limits (see the module docstring).

    Parameters
    ----------
    header_timeout_s : float
        Seconds to receive a request line and headers, s (> 0).
    body_timeout_s : float
        Seconds to receive a request body once the headers are in, s (> 0).
    max_connections_per_client : int
        Open connections one client address may hold (>= 1).

    Returns
    -------
    type
        The protocol class; each call returns a class with its own connection counts.
    """
    if not header_timeout_s > 0 or not body_timeout_s > 0:
        raise ValueError(
            f"header and body timeouts must be > 0 s, got {header_timeout_s} and {body_timeout_s}"
        )
    if max_connections_per_client < 1:
        raise ValueError(
            f"max_connections_per_client must be at least 1, got {max_connections_per_client}"
        )
    open_by_client: Counter[str] = Counter()
    too_slow = raw_response(
        408,
        "Request Timeout",
        "request_timeout",
        f"the request was not received within {header_timeout_s:g} s (headers) or "
        f"{body_timeout_s:g} s (body); send it at once",
    )
    too_many = raw_response(
        503,
        "Service Unavailable",
        "too_many_connections",
        f"this address already holds {max_connections_per_client} open connections; "
        "close some or reuse them",
    )

    class GuardedH11Protocol(H11Protocol):
        """uvicorn's h11 protocol with read timeouts and a per-client connection cap."""

        timer: asyncio.TimerHandle | None = None
        counted: str | None = None
        waiting: str | None = None

        def connection_made(self, transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            host = self.client[0] if self.client else None
            if host is not None and open_by_client[host] >= max_connections_per_client:
                transport.write(too_many)
                transport.close()
                return
            if host is not None:
                open_by_client[host] += 1
                self.counted = host
            self.waiting = "headers"
            self._arm(header_timeout_s)

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            if self.counted is not None:
                open_by_client[self.counted] -= 1
                if open_by_client[self.counted] <= 0:
                    del open_by_client[self.counted]
                self.counted = None
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._follow_state()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._follow_state()

        def _follow_state(self) -> None:
            """Arm the timer for what the connection waits for now, if anything."""
            if self.transport.is_closing():
                self._disarm()
                return
            state = self.conn.their_state
            if state is h11.IDLE and self.conn.our_state is h11.IDLE:
                waiting = "headers"
            elif state is h11.SEND_BODY:
                waiting = "body"
            else:
                waiting = None
            if waiting != self.waiting:
                self._disarm()
                self.waiting = waiting
                if waiting is not None:
                    self._arm(header_timeout_s if waiting == "headers" else body_timeout_s)

        def _arm(self, seconds: float) -> None:
            self._disarm()
            self.timer = self.loop.call_later(seconds, self._timed_out)

        def _disarm(self) -> None:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None

        def _timed_out(self) -> None:
            self.timer = None
            if self.transport.is_closing():
                return
            if self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
                self.transport.write(too_slow)
            self.transport.close()

    return GuardedH11Protocol
