"""``arcticroute serve``: the web app (:mod:`arcticroute.web`) under uvicorn.

The command function is :func:`serve_command`; the main app registers it with
``app.command("serve")(serve_command)``. It binds to 127.0.0.1 unless told
otherwise, has no CORS unless ``--cors-origin`` is given, and fails with one
line on stderr when fastapi or uvicorn is not installed.
"""

from __future__ import annotations

from typing import Annotated

import typer

from arcticroute.web.limits import Limits

__all__ = ["serve_command", "server_options"]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_command(
    host: Annotated[
        str,
        typer.Option(help="Address to bind; the default serves this machine only."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Another name clients use in the Host header (repeatable); the bind address, "
            "127.0.0.1, localhost and [::1] are always answered; '*' answers any (unsafe).",
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--cors-origin",
            help="Allow cross-origin requests from this origin (repeatable); default none.",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=16, help="Threads that run route solves.")] = 2,
    max_pending: Annotated[
        int,
        typer.Option(min=1, max=256, help="Solves running or queued before answering 503."),
    ] = Limits.max_pending,
    max_pending_per_client: Annotated[
        int,
        typer.Option(min=1, max=256, help="Solves one client address may have running or queued."),
    ] = Limits.max_pending_per_client,
    timeout_s: Annotated[
        float,
        typer.Option(min=0.1, max=600, help="Seconds a request waits for its solve (then 503)."),
    ] = Limits.solve_timeout_s,
    header_timeout_s: Annotated[
        float,
        typer.Option(min=0.1, max=600, help="Seconds to receive a request's headers (then 408)."),
    ] = Limits.header_timeout_s,
    body_timeout_s: Annotated[
        float,
        typer.Option(min=0.1, max=600, help="Seconds to receive a request's body (then 408)."),
    ] = Limits.body_timeout_s,
    max_connections_per_client: Annotated[
        int,
        typer.Option(min=1, max=10_000, help="Open connections one client address may hold."),
    ] = Limits.max_connections_per_client,
    max_connections: Annotated[
        int, typer.Option(min=1, max=100_000, help="Open connections in all (then 503).")
    ] = Limits.max_connections,
    cache_entries: Annotated[
        int, typer.Option(min=0, max=100_000, help="Answers kept in the LRU cache (0: none).")
    ] = Limits.cache_entries,
    job_workers: Annotated[
        int, typer.Option(min=1, max=16, help="Threads that run background jobs (season scans).")
    ] = Limits.job_workers,
    max_jobs: Annotated[
        int, typer.Option(min=1, max=256, help="Background jobs queued or running (then 503).")
    ] = Limits.max_jobs,
    job_timeout_s: Annotated[
        float,
        typer.Option(min=1, max=3600, help="Seconds a background job may run (then stopped)."),
    ] = Limits.job_timeout_s,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the web app: plan and compare Arctic voyages on a map in the browser."""
    try:
        import uvicorn

        from arcticroute.web import create_app
        from arcticroute.web.guards import allowed_hosts_for
    except ImportError as exc:
        typer.echo(
            f"error: the web app needs fastapi and uvicorn ({exc.name} is missing); "
            "pip install 'fastapi>=0.110' 'uvicorn>=0.29'",
            err=True,
        )
        raise typer.Exit(1) from None
    _warn_exposure(host, allowed_host or [], cors_origin or [])
    limits = Limits(
        workers=workers,
        max_pending=max_pending,
        max_pending_per_client=max_pending_per_client,
        solve_timeout_s=timeout_s,
        header_timeout_s=header_timeout_s,
        body_timeout_s=body_timeout_s,
        max_connections_per_client=max_connections_per_client,
        max_connections=max_connections,
        cache_entries=cache_entries,
        job_workers=job_workers,
        max_jobs=max_jobs,
        job_timeout_s=job_timeout_s,
    )
    hosts = (
        None if "*" in (allowed_host or []) else allowed_hosts_for(host, port, allowed_host or [])
    )
    app = create_app(limits, cors_origins=tuple(cors_origin or ()), warm=True, allowed_hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"arcticroute web app on http://{shown}:{port}/ (Ctrl+C stops it)", err=True)
    uvicorn.run(app, **server_options(limits, host, port, log_level))


def server_options(limits, host: str, port: int, log_level: str = "info") -> dict:
    """uvicorn settings of ``serve``: the guarded h11 protocol and the connection limits.

    Tests and benchmarks start the server with the same settings
    (``uvicorn.Config(app, **server_options(...))``).
    """
    from arcticroute.web.connections import guarded_protocol

    return {
        "host": host,
        "port": port,
        "log_level": log_level,
        "http": guarded_protocol(
            limits.header_timeout_s, limits.body_timeout_s, limits.max_connections_per_client
        ),
        "ws": "none",  # no websocket endpoints; an upgrade would bypass the connection count
        "server_header": False,
        "proxy_headers": False,
        "limit_concurrency": limits.max_connections,
        "timeout_keep_alive": 5,
    }


def _warn_exposure(host: str, allowed_host: list[str], cors_origin: list[str]) -> None:
    """One warning line per setting that exposes the server beyond this machine."""
    if host not in _LOOPBACK:
        typer.echo(
            f"warning: serving on {host}: other machines can reach this server, which has "
            "no authentication (see SECURITY.md)",
            err=True,
        )
    if host in ("0.0.0.0", "::") and not allowed_host:
        typer.echo(
            "warning: bound to every address but answering only Host 127.0.0.1, localhost "
            "and [::1]; name the host others use with --allowed-host",
            err=True,
        )
    if "*" in allowed_host:
        typer.echo(
            "warning: --allowed-host '*' answers any Host header: a web page anywhere can "
            "reach this server through DNS rebinding",
            err=True,
        )
    if "*" in cors_origin:
        typer.echo(
            "warning: --cors-origin '*' lets scripts on every web site read this server's "
            "answers; name the origins that need it instead",
            err=True,
        )
