"""Land spill-over: the false ice passive-microwave concentration shows next to coasts.

A radiometer footprint that straddles the coast sees warm land as ice, so G02202
cells in narrow channels and bays show 20-70 % "ice" in every September, the
ice-free years included (Coronation Gulf, Peel Sound, Chaun Bay off Pevek, the
mouth of the Gulf of Ob). Unremoved, that ice closes the southern Northwest
Passage and Pevek to ships without a high ice class and becomes "old ice" the
next year.

``scripts/build_spillover_floor.py`` finds those cells in the shipped climatology's
Septembers (near land, never below 15 %, hardly changing between years) and
ships their floor, the concentration they show with no ice
(``data/spillover_floor_psn25.npz``). :func:`corrected` removes it and rescales
the rest::

    c' = max(0, (c - f) / (1 - f))

so open water with its false floor becomes 0 and a full cover stays 1. It applies
to the G02202-based fields (observed G02202, its climatology, the extent field
built on it), not to the Sea Ice Index daily files (their own coastal processing),
projections or a user's charts. Registry key :data:`CORRECT_KEY` turns it off.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike, NDArray

from arcticroute import assumptions
from arcticroute.ice import icefill

__all__ = ["CORRECT_KEY", "FLOOR_FILE", "applies", "corrected", "corrected_and_filled", "floor"]

FLOOR_FILE = "spillover_floor_psn25.npz"
CORRECT_KEY = "spillover.correct"
"""Registry key: remove the spill-over floor from G02202-based concentration."""


@lru_cache(maxsize=1)
def floor() -> NDArray[np.float64]:
    """The spill-over floor per psn25 cell (fraction; 0 where the cell has none), read-only."""
    path = resources.files("arcticroute").joinpath(f"data/{FLOOR_FILE}")
    with resources.as_file(path) as p, np.load(p, allow_pickle=False) as z:
        out = z["floor_pct"].astype(float) / 100.0
    out.setflags(write=False)
    return out


def applies(attrs: dict) -> bool:
    """Whether a field with these ``attrs`` is G02202-based and the correction is on."""
    if not bool(assumptions.value(CORRECT_KEY)):
        return False
    source, product = str(attrs.get("ice_source", "")), str(attrs.get("product", ""))
    return source == "extent" or (source in ("observed", "climatology") and "G02202" in product)


def corrected(sic: ArrayLike) -> NDArray[np.float64]:
    """Concentration (fraction, psn25 shape) with the spill-over floor removed; NaN kept."""
    c = np.asarray(sic, dtype=float)
    f = floor()
    with np.errstate(invalid="ignore"):
        out = np.where(f > 0, np.clip((c - f) / (1.0 - f), 0.0, 1.0), c)
    return np.where(np.isnan(c), np.nan, out)


def corrected_and_filled(field) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """A field's concentration with the floor removed (where :func:`applies`), then its
    coast and pole-hole cells filled (:func:`arcticroute.ice.icefill.fill_unseen`), and
    the mask of the filled cells.

    The floor comes off first: a coast cell is filled from its neighbours' true ice, not
    from their spill-over (Rae Strait, August climatology: 0.83 raw, 0.32 corrected).
    ``field`` has ``sic``, ``land``, ``coast``, ``lake``, ``pole_hole`` and ``attrs``.
    """
    seen = corrected(field.sic) if applies(dict(field.attrs)) else np.asarray(field.sic, float)
    sic, mask = icefill.fill_unseen(seen, field.land, field.coast, field.pole_hole, lake=field.lake)
    return np.asarray(sic, dtype=float), np.asarray(mask, bool)
