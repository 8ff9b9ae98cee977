"""What every command shares: one error line and exit 1, atomic output files, a wide console."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import typer

__all__ = [
    "EXIT_INFEASIBLE",
    "WIDE_HELP_COLUMNS",
    "check_outputs",
    "console",
    "emit",
    "fail",
    "help_markup",
    "ship_spec",
]

EXIT_INFEASIBLE = 3
"""Exit status of ``route`` when the ship cannot make the voyage on the date (1 is an error)."""


def fail(message: str) -> NoReturn:
    """Print ``error: <message>`` on stderr and exit with status 1."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


WIDE_HELP_COLUMNS = 100
"""Terminals at least this wide get the boxed help; at 80 columns its option column would
cut names (``--bunker-usd-per…``), so narrower ones get plain help, words wrapped."""


def help_markup() -> str | None:
    """The help format for this terminal: ``"rich"`` (boxed) when wide, else None (plain)."""
    import shutil

    return "rich" if shutil.get_terminal_size((80, 24)).columns >= WIDE_HELP_COLUMNS else None


def console():
    """A rich console at least 110 columns wide (tables need ~100; a pipe would give 80)."""
    import shutil

    from rich.console import Console

    return Console(soft_wrap=False, width=max(shutil.get_terminal_size((120, 24)).columns, 110))


def emit(text: str, out: Path | None) -> None:
    """Write ``text`` to stdout, or atomically to ``out`` (a ``.part`` file renamed at the end).

    Nothing is left behind when the write fails.
    """
    body = text if text.endswith("\n") else text + "\n"
    if out is None:
        sys.stdout.write(body)
        return
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        fail(f"cannot write {out}: {exc.strerror or exc}")
    typer.echo(f"wrote {out}", err=True)


def check_outputs(*paths: tuple[Path | None, str, tuple[str, ...]]) -> None:
    """Refuse before any work an output that cannot be written: (path, option, suffixes)."""
    from arcticroute.inputs import check_output_path

    for path, option, suffixes in paths:
        if path is not None:
            try:
                check_output_path(path, option, suffixes)
            except ValueError as exc:  # InputError
                fail(str(exc))


def ship_spec(spec: str) -> Any:
    """A ``--ship`` value: a ship file (``.toml``/``.json``, or any existing path) loaded
    as a :class:`~arcticroute.vessel.ships.Ship`, else the preset name as given."""
    from arcticroute.vessel.ships import load_ship

    p = Path(spec)
    if p.suffix.lower() in (".toml", ".json") or p.exists():
        return load_ship(p)
    return spec
