"""``arcticroute matrix``: many routes into one Parquet table.

A thin layer over :func:`arcticroute.analysis.matrix.run_matrix`: it reads the lists
(comma separated, or ``@FILE`` with one item per line), shows a progress bar
and prints one line at the end. Any :class:`~arcticroute.errors.ArcticRouteError`
becomes one line on stderr and exit status 1. The command is registered by
:mod:`arcticroute.cli.main` as ``app.command("matrix")(matrix_command)``; nothing
heavy is imported until it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from arcticroute.cli.common import check_outputs, fail, ship_spec
from arcticroute.errors import ArcticRouteError

__all__ = ["matrix_command"]

_LIST_HELP = "comma separated, or @FILE with one per line ('#' starts a comment)"


def _check_ports(lines: list[str], path: Path, option: str) -> None:
    """Each port named in ``@FILE``, refused by line number: a wrong file (``@/etc/shadow``)
    must not be echoed to the terminal."""
    from arcticroute.geo.ports import get_port

    for n, line in enumerate(lines, 1):
        item = line.split("#", 1)[0].strip()
        if not item:
            continue
        try:
            get_port(item)
        except ArcticRouteError:
            fail(
                f"{option}: line {n} of {path} is not a port name, UN/LOCODE or 'lat,lon' "
                "(see 'arcticroute ports search')"
            )


def _items(text: str, option: str, ports: bool = False) -> list[str]:
    """The items of a comma list, or of ``@FILE`` (one per line)."""
    if text.startswith("@"):
        from arcticroute.inputs import read_small_text

        path = Path(text[1:])
        try:
            lines = read_small_text(path, option).splitlines()
        except ValueError as exc:  # InputError: never echoes the file
            fail(str(exc))
        if ports:
            _check_ports(lines, path, option)
        items = [s.split("#", 1)[0].strip() for s in lines]
    else:
        items = [s.strip() for s in text.split(",")]
    items = [s for s in items if s]
    if not items:
        fail(f"{option}: nothing given in {text!r}")
    return items


def matrix_command(
    origins: Annotated[
        str, typer.Option("--origins", help=f"Origin ports (names or UN/LOCODEs), {_LIST_HELP}.")
    ],
    destinations: Annotated[
        str, typer.Option("--destinations", help=f"Destination ports, {_LIST_HELP}.")
    ],
    dates: Annotated[
        str,
        typer.Option(
            "--dates",
            help="Departure dates: YYYY-MM-DD items and ranges START..END (both included), "
            "with an optional step in days START..END/7, comma separated.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Parquet file to write (replaced atomically).")
    ],
    ships: Annotated[
        str,
        typer.Option("--ships", help=f"Ship presets (or .toml/.json ship files), {_LIST_HELP}."),
    ] = "container_4500teu_arc4",
    variants: Annotated[
        str,
        typer.Option(
            "--variants",
            help="Arctic variants (nsr, nsr_high, transpolar, nwp: ice-aware) and ice-free "
            "corridors (suez, cape, panama), comma separated.",
        ),
    ] = "nsr,suez,cape",
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Local worker processes [default: all cores; 1 = no pool]."
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address (tcp://host:port) instead of local processes; its "
            "workers need arcticroute, the same ARCTICROUTE_DATA_DIR and one thread each "
            "(dask worker --nthreads 1).",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume/--restart",
            help="Keep the chunks an interrupted run of the same job left in OUT.parts/, or "
            "discard them.",
        ),
    ] = True,
    max_routes: Annotated[
        int,
        typer.Option("--max-routes", min=1, help="Refuse jobs with more routes (rows) than this."),
    ] = 5_000_000,
    ice_source: Annotated[
        str,
        typer.Option(
            "--ice-source",
            help="Ice: auto (observed where a local file has the date, else the shipped "
            "climatology), embedded, g02202 or seaiceindex_daily.",
        ),
    ] = "auto",
    policy: Annotated[
        str, typer.Option("--policy", help="POLARIS policy: normal_only or elevated_allowed.")
    ] = "normal_only",
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")
    ] = True,
) -> None:
    """Routes for every origin × destination × date × ship × variant, to Parquet.

    Arctic variants are ice-aware (the ice of the time of passage, NSR rules,
    the ship's class and draft); one row per route with distance, hours,
    feasibility and reason, escorted zones, fuel, CO2 and total cost. Work is
    split into (date, ship) chunks saved under OUT.parts/ as they finish, so
    an interrupted run resumes where it stopped.
    """
    from arcticroute.analysis.matrix import run_matrix

    check_outputs((out, "--out", (".parquet",)))
    o = _items(origins, "--origins", ports=True)
    d = _items(destinations, "--destinations", ports=True)
    try:
        s = [ship_spec(x) for x in _items(ships, "--ships")]
        v = _items(variants, "--variants")
        bar, on_progress = _progress_bar(progress)
        try:
            run = run_matrix(
                o,
                d,
                dates,
                s,
                out,
                v,
                workers=workers,
                scheduler=scheduler,
                resume=resume,
                max_routes=max_routes,
                on_progress=on_progress,
                source=ice_source,
                policy=policy,
            )
        finally:
            if bar is not None:
                bar.stop()
    except ArcticRouteError as exc:
        fail(str(exc))
    earlier = f", {run.skipped} from an earlier run" if run.skipped else ""
    typer.echo(
        f"wrote {run.path}: {run.rows:,} route{'s' * (run.rows != 1)} in {run.chunks} chunks "
        f"({run.computed} computed{earlier}) in {run.seconds:.1f} s",
        err=True,
    )


def _progress_bar(show: bool):
    """A rich progress bar on stderr (or None) and the callback that moves it."""
    bar = None
    if show:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        bar = Progress(
            TextColumn("chunks (date × ship)"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
    task = None

    def on_progress(done: int, total: int) -> None:
        nonlocal task
        if bar is None:
            return
        if task is None:
            bar.start()
            task = bar.add_task("matrix", total=total)
        bar.update(task, completed=done)

    return bar, on_progress
