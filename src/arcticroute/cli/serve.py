"""``arcticroute serve``: the web app (:mod:`arcticroute.web`) under uvicorn.

The command function is :func:`serve_command`; the main app registers it with
``app.command("serve")(serve_command)``. It binds to 127.0.0.1 unless told
otherwise, has no CORS unless ``--cors-origin`` is given, and fails with one
line on stderr when fastapi or uvicorn is not installed.
"""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["serve_command"]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_command(
    host: Annotated[
        str,
        typer.Option(help="Address to bind; the default serves this machine only."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
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
    ] = 8,
    timeout_s: Annotated[
        float,
        typer.Option(min=0.1, max=600, help="Seconds a request waits for its solve (then 503)."),
    ] = 30.0,
    cache_entries: Annotated[
        int, typer.Option(min=0, max=100_000, help="Answers kept in the LRU cache (0: none).")
    ] = 512,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the web app: plan and compare Arctic voyages on a map in the browser."""
    try:
        import uvicorn

        from arcticroute.web import Limits, create_app
    except ImportError as exc:
        typer.echo(
            f"error: the web app needs fastapi and uvicorn ({exc.name} is missing); "
            "pip install 'fastapi>=0.110' 'uvicorn>=0.29'",
            err=True,
        )
        raise typer.Exit(1) from None
    if host not in _LOOPBACK:
        typer.echo(
            f"warning: serving on {host}: other machines can reach this server, which has "
            "no authentication",
            err=True,
        )
    limits = Limits(
        workers=workers,
        max_pending=max_pending,
        solve_timeout_s=timeout_s,
        cache_entries=cache_entries,
    )
    app = create_app(limits, cors_origins=tuple(cors_origin or ()), warm=True)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"arcticroute web app on http://{shown}:{port}/ (Ctrl+C stops it)", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
        limit_concurrency=200,
        timeout_keep_alive=5,
    )
