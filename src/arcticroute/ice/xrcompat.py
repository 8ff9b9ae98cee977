"""xarray where a caller brings it, numpy where not: the routing path never imports xarray.

xarray (and the dask it may pull in) costs about a second to import. The
router works on numpy arrays; functions that also accept xarray objects ask
:func:`is_dataarray`, which is False without importing xarray when the
caller never imported it (then nothing can be an xarray object).
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["is_dataarray"]


def is_dataarray(x: Any) -> bool:
    """True when ``x`` is an ``xarray.DataArray`` (without importing xarray)."""
    xr = sys.modules.get("xarray")
    return xr is not None and isinstance(x, xr.DataArray)
