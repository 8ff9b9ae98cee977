"""Parameters and named assumptions: every number the models use, with its source.

arcticroute never invents a number silently. Every parameter lives in one
registry read from two shipped files:

* ``data/parameters.toml``: economic and emission parameters (prices,
  tariffs, emission factors, regulation dates), each with ``value``,
  ``unit``, ``date`` and either ``source`` (a citation) or ``why``;
* ``data/assumptions.toml``: ship particulars and ice-class equivalences no
  source gives, each with ``value``, ``unit`` and ``why``.

An entry without a ``source`` is an *assumption*: :func:`all_assumptions`
lists exactly those (``arcticroute assumptions``), and results that depend
on one name its key.

Users override any assumption with a TOML file of the same layout::

    [ship.container_4500teu_arc4.design_speed_kn]
    value = 18.5

passed to :func:`load_overrides` (the CLI's ``--assumptions FILE``) or named
by the ``ARCTICROUTE_ASSUMPTIONS`` environment variable.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from arcticroute.errors import DataFileError

__all__ = [
    "Assumption",
    "all_assumptions",
    "all_parameters",
    "assumption",
    "load_overrides",
    "overridden",
    "value",
]

ENV_VAR = "ARCTICROUTE_ASSUMPTIONS"


@dataclass(frozen=True)
class Assumption:
    """A value no source confirms, with why it was chosen.

    Attributes
    ----------
    key : str
        Dotted name, e.g. ``"iceclass.equivalence.Ice2"``.
    value : Any
        The assumed value.
    unit : str
        Unit of ``value`` ("" for dimensionless or text).
    why : str
        What is known, what is missing, and why this value.
    overridden : bool
        True when a user file replaced the shipped value.
    source : str
        Citation for a sourced parameter; empty for an assumption.
    date : str
        When the value applies or was published (e.g. "2024-01").
    bounds : (float or None, float or None)
        Declared ``min`` and ``max`` an override must respect (a number entry).
    allowed : tuple
        Declared values an override must be one of (empty: any of the right kind).
    """

    key: str
    value: Any
    unit: str
    why: str
    overridden: bool = False
    source: str = ""
    date: str = ""
    bounds: tuple[float | None, float | None] = (None, None)
    allowed: tuple = ()

    @property
    def assumed(self) -> bool:
        """True when no source confirms the value."""
        return not self.source


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, dict]]:
    for name, item in table.items():
        key = f"{prefix}.{name}" if prefix else name
        if isinstance(item, Mapping) and "value" in item:
            yield key, dict(item)
        elif isinstance(item, Mapping):
            yield from _flatten(item, key)
        else:
            raise DataFileError(
                f"assumption {key!r} must be a table with a 'value' key, got {item!r}"
            )


def _parse(text: str, origin: str) -> dict[str, dict]:
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{origin} is not valid TOML: {exc}") from exc
    return dict(_flatten(table))


@cache
def _shipped() -> dict[str, Assumption]:
    out = {}
    data = resources.files("arcticroute").joinpath("data")
    names = sorted(
        f.name
        for f in data.iterdir()
        if f.name.endswith(".toml")
        and (f.name == "assumptions.toml" or f.name.startswith("parameters"))
    )
    for name in names:
        ref = data.joinpath(name)
        for key, item in _parse(ref.read_text("utf-8"), name).items():
            if key in out:
                raise DataFileError(f"{name}: key {key!r} is defined twice")
            if not item.get("source") and not item.get("why"):
                raise DataFileError(f"{name}: {key!r} needs a 'source' or a 'why'")
            out[key] = Assumption(
                key,
                item["value"],
                item.get("unit", ""),
                item.get("why", ""),
                source=item.get("source", ""),
                date=str(item.get("date", "")),
                bounds=(item.get("min"), item.get("max")),
                allowed=tuple(item.get("allowed", ())),
            )
    return out


_active: dict[str, Assumption] | None = None
_scoped: ContextVar[dict[str, Assumption] | None] = ContextVar(
    "arcticroute_overridden", default=None
)
"""The table of an :func:`overridden` block, in its thread (context) only."""


def _table() -> dict[str, Assumption]:
    """The active table: an :func:`overridden` block's, else the process's."""
    scoped = _scoped.get()
    return _process_table() if scoped is None else scoped


def _process_table() -> dict[str, Assumption]:
    global _active
    if _active is None:
        _active = dict(_shipped())
        env = os.environ.get(ENV_VAR)
        if env:
            _apply(_active, Path(env))
    return _active


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    return {str: "text", list: "list", dict: "table"}.get(type(value), type(value).__name__)


def check_override(a: Assumption, value: Any, origin: str = "override") -> Any:
    """``value`` if it may replace ``a``'s: of the same kind as the shipped value, a
    finite number, within the entry's declared ``min``/``max`` and ``allowed`` values."""
    import datetime as dt

    from arcticroute.inputs import finite

    if isinstance(a.value, dt.date) and isinstance(value, str):  # "2024-07-01" for a date
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise DataFileError(
                f"{origin}: {a.key} must be a date YYYY-MM-DD; got {value!r}"
            ) from None
        return value
    if _kind(value) != _kind(a.value):
        raise DataFileError(
            f"{origin}: {a.key} must be a {_kind(a.value)} (the shipped value is {a.value!r}); "
            f"got {value!r}"
        )
    if _kind(value) == "number":
        try:
            finite(value, a.key, a.bounds[0], a.bounds[1])
        except ValueError as exc:
            raise DataFileError(f"{origin}: {exc}") from None
    if a.allowed and value not in a.allowed:
        raise DataFileError(
            f"{origin}: {a.key} must be one of {', '.join(map(str, a.allowed))}; got {value!r}"
        )
    return value


def _apply(table: dict[str, Assumption], path: Path) -> None:
    from arcticroute.inputs import read_small_text

    try:
        text = read_small_text(path, "assumptions file")
    except ValueError as exc:
        raise DataFileError(str(exc)) from None
    for key, item in _parse(text, str(path)).items():
        if key not in table:
            known = ", ".join(sorted(table)[:10])
            raise DataFileError(
                f"{path}: unknown assumption {key!r}; known keys include {known} "
                "(run 'arcticroute assumptions' for all)"
            )
        value = check_override(table[key], item["value"], str(path))
        table[key] = replace(table[key], value=value, overridden=True)


def assumption(key: str) -> Assumption:
    """Return the named assumption (with any user override applied).

    Raises
    ------
    KeyError
        If no assumption has that key; the message lists close keys.
    """
    table = _table()
    try:
        return table[key]
    except KeyError:
        close = [k for k in table if k.split(".")[0] == key.split(".")[0]][:8]
        raise KeyError(f"no assumption {key!r}; related keys: {close}") from None


def all_assumptions() -> list[Assumption]:
    """All assumptions (entries without a source), sorted by key."""
    return [v for _, v in sorted(_table().items()) if v.assumed]


def all_parameters() -> list[Assumption]:
    """Every parameter, sourced or assumed, sorted by key."""
    return [v for _, v in sorted(_table().items())]


def value(key: str) -> Any:
    """The current value of a parameter or assumption (user overrides applied)."""
    return assumption(key).value


def load_overrides(path: str | Path) -> None:
    """Apply a user TOML file of overrides for the rest of the process."""
    global _active
    table = dict(_process_table())
    _apply(table, Path(path))
    _active = table


_STATE: tuple[dict[str, Assumption], int] | None = None
"""The last table asked about and its token (tables are replaced, never changed)."""


def state() -> int:
    """A token that changes whenever the active values change (for caches keyed on them).

    The overridden entries (key and value) of the active table; equal tokens mean
    equal values. Computed once per table (the router asks thousands of times a run).
    """
    global _STATE
    table = _table()
    memo = _STATE
    if memo is not None and memo[0] is table:
        return memo[1]
    token = hash(tuple((k, repr(a.value)) for k, a in sorted(table.items()) if a.overridden))
    _STATE = (table, token)
    return token


@contextmanager
def overridden(values: Mapping[str, Any]) -> Iterator[None]:
    """Temporarily override assumptions by key (what-if runs, a request's prices, tests).

    The overrides hold in this thread (its :mod:`contextvars` context) only: the
    web server's other solves, running at the same time in other threads, keep
    their own values. Worker processes get the overrides passed explicitly
    (:mod:`arcticroute.analysis.matrix`, :mod:`arcticroute.analysis.seasons`).
    """
    table = dict(_table())
    for key, value in values.items():
        a = assumption(key)
        table[key] = replace(a, value=check_override(a, value), overridden=True)
    token = _scoped.set(table)
    try:
        yield
    finally:
        _scoped.reset(token)
