"""Checks on a request before the app sees it: Host allow-list, repeated parameters, HEAD.

One ASGI middleware, :class:`RequestGuard`:

* **Host allow-list** (DNS rebinding): a page on another site can make a
  browser send requests to ``127.0.0.1`` under a name the attacker controls;
  the ``Host`` header still carries that name. The server answers only the
  names it was started for (``arcticroute serve`` derives them from the bind
  address: ``127.0.0.1``, ``localhost`` and ``[::1]`` with the port, plus
  ``--allowed-host``); anything else gets 400 ``invalid_host``.
* **Repeated parameters**: every query parameter of the API is a single
  value, and FastAPI keeps the last of a repeated one; a request naming a
  parameter twice is refused with 422, so two spellings of one query can
  never share a cached answer (``from=A&from=B`` and ``from=B&from=A``).
* **HEAD** is answered as GET without the body (RFC 9110 §9.3.2).

References
----------
RFC 9110 §7.2 (Host), §9.3.2 (HEAD); OWASP, "DNS rebinding".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from urllib.parse import parse_qsl

from arcticroute.web.i18n import send_error

__all__ = ["RequestGuard", "allowed_hosts_for"]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
"""Names of this machine a browser uses for a server bound to loopback."""
WILDCARD_BINDS = ("0.0.0.0", "::", "")


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed_hosts_for(bind_host: str, port: int, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """``Host`` header values served for a bind address, a port and extra names.

    Parameters
    ----------
    bind_host : str
        The address bound (``127.0.0.1``, ``::1``, ``0.0.0.0``, a LAN address...).
    port : int
        TCP port; a ``Host`` header carries it unless it is 80.
    extra : iterable of str
        More names (or addresses) clients use to reach the server.

    Returns
    -------
    tuple of str
        Lower-case ``name:port`` values (and bare names on port 80).
    """
    names = list(LOOPBACK_NAMES)
    if bind_host not in WILDCARD_BINDS and bind_host not in ("::1", "localhost"):
        names.append(_bracketed(bind_host))
    names += [_bracketed(n.strip()) for n in extra if n.strip()]
    out = [f"{n}:{port}".lower() for n in names]
    if port == 80:
        out += [n.lower() for n in names]
    return tuple(dict.fromkeys(out))


def repeated_parameters(query_string: bytes) -> list[tuple[str, int]]:
    """Query parameters given more than once, with their counts, in first-seen order."""
    names = [k for k, _ in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)]
    return [(k, n) for k, n in Counter(names).items() if n > 1]


class RequestGuard:
    """ASGI middleware: Host allow-list (400), repeated parameters (422), HEAD as GET.

    Parameters
    ----------
    app
        The ASGI app guarded.
    allowed_hosts : sequence of str or None
        ``Host`` values served (see :func:`allowed_hosts_for`); None: any.
    """

    def __init__(self, app, allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.allowed = (
            None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)
        )

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed is not None:
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").lower()
            if host not in self.allowed:
                first = sorted(self.allowed)[0]
                await send_error(
                    send,
                    scope,
                    400,
                    "invalid_host",
                    f"this server does not answer to the Host {host[:60]!r}; use "
                    f"http://{first}/ or start it with --allowed-host naming that host",
                )
                return
        repeated = repeated_parameters(scope.get("query_string", b""))
        if repeated:
            what = ", ".join(f"'{k[:40]}' {n} times" for k, n in repeated[:5])
            await send_error(
                send,
                scope,
                422,
                "invalid_parameter",
                f"query parameter given more than once ({what}); give each parameter once",
            )
            return
        if scope["method"] == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
            return
        await self.app(scope, receive, send)


def _without_body(send):
    """A ``send`` that passes the headers on and drops the body (a HEAD answer)."""

    async def wrapped(message):
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return wrapped
