"""One validator per kind of user input, shared by the library, the CLI and the web API.

Each raises :class:`~arcticroute.errors.InputError` with one line that says what
was wrong and what would work; none echoes the content of a file it refused.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from arcticroute.errors import InputError

__all__ = [
    "DATE_RANGE",
    "MAX_INPUT_BYTES",
    "check_output_path",
    "finite",
    "parse_date",
    "read_small_text",
]

DATE_RANGE = (dt.date(1979, 1, 1), dt.date(2100, 12, 31))
"""Dates the tool can judge: the passive-microwave sea-ice record (NSIDC G02202)
begins in late 1978, and CMIP6 scenario projections end in 2100."""
MAX_INPUT_BYTES = 1 << 20
"""Largest list (``@FILE``) or ``--assumptions`` file read (1 MiB: ~30,000 lines)."""
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object, what: str = "date") -> dt.date:
    """A ``datetime.date`` or ``YYYY-MM-DD`` text within :data:`DATE_RANGE`."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        if not _ISO_DAY.fullmatch(text):
            raise InputError(f"{what} must be YYYY-MM-DD (e.g. 2026-09-01); got {value!r}")
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(
                f"{what} {text!r} is not a day of the calendar; give YYYY-MM-DD with a month "
                "01-12 and a day that month has (e.g. 2026-09-01)"
            ) from None
    if not isinstance(value, dt.date):
        raise InputError(f"{what} must be a date or YYYY-MM-DD text; got {value!r}")
    lo, hi = DATE_RANGE
    if not lo <= value <= hi:
        raise InputError(
            f"{what} {value.isoformat()} is outside {lo.year}-{hi.year}, the years of the "
            "sea-ice record and the CMIP6 projections"
        )
    return value


def finite(value: object, what: str, lo: float | None = None, hi: float | None = None) -> float:
    """A finite number within ``[lo, hi]`` (either bound optional)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{what} must be a number; got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise InputError(f"{what} must be a finite number; got {value!r}")
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        if hi is None:
            span = f"at least {lo:g}"
        elif lo is None:
            span = f"at most {hi:g}"
        else:
            span = f"from {lo:g} to {hi:g}"
        raise InputError(f"{what} must be {span}; got {v:g}")
    return v


def read_small_text(path: str | Path, what: str, limit: int = MAX_INPUT_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes (no device, FIFO or
    folder: ``/dev/zero`` would never end)."""
    p = Path(path)
    try:
        st = os.stat(p)
    except OSError as exc:
        raise InputError(f"{what}: cannot read {p}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{what}: {p} is not a regular file")
    if st.st_size > limit:
        raise InputError(f"{what}: {p} is {st.st_size:,} bytes, over the {limit:,} byte limit")
    try:
        with open(p, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{what}: cannot read {p}: {exc.strerror or exc}") from None
    try:
        return raw[:limit].decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what}: {p} is not UTF-8 text") from None


def check_output_path(path: str | Path, what: str, suffixes: Sequence[str] = ()) -> Path:
    """An output file that can be written: not a folder, in a folder that exists and is
    writable, with one of ``suffixes`` (case-insensitive) when given."""
    p = Path(path)
    if suffixes and p.suffix.lower() not in suffixes:
        raise InputError(f"{what} {p} must end in {' or '.join(suffixes)}")
    if p.is_dir():
        raise InputError(f"{what} {p} is a folder; give a file name")
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{what}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{what}: folder {folder} is not writable")
    return p
