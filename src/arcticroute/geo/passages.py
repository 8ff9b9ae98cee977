"""Named passages and corridors of the world sea-lane network.

A *passage* is a tag on network edges: Suez, Panama, the Northern Sea Route
and so on. Tags are assigned by geometry when the network is built
(``scripts/build_network.py``), never taken on trust from the source data:
an edge carries a passage tag if its geodesic path intersects the passage's
area defined here.

A *corridor* (the ``via`` of a route) is a passage that a route must use,
plus the set of other corridor passages it must not use. Choosing a corridor
is therefore edge filtering: the forbidden edges are removed from the graph
before the shortest-path solve, and the result is checked to contain the
required passage. A forbidden passage cannot leak into a route.

Passage areas
-------------
Chokepoints are small lon/lat boxes around the strait or canal, taken from
the Natural Earth 10m coastline (public domain) by inspection:

========== ====================================== ===========================
passage    box (lon_min, lat_min, lon_max, lat_max) what it catches
========== ====================================== ===========================
suez       32.1, 29.8, 32.7, 31.4                 the canal, Port Said-Suez
panama     -80.0, 8.8, -79.4, 9.5                 the canal, Colon-Balboa
malacca    98.0, 1.2, 103.4, 6.0                  Strait of Malacca
gibraltar  -6.0, 35.7, -5.2, 36.3                 Strait of Gibraltar
babelmandeb 43.0, 12.2, 43.8, 13.0                Bab-el-Mandeb
bering     -171.0, 65.0, -167.0, 66.8             Bering Strait
cape       16.0, -60.0, 30.0, -34.4               south of Cape Point/Agulhas
cape_horn  -72.0, -65.0, -60.0, -55.6             Drake Passage, Cape Horn
magellan   -75.5, -54.5, -68.0, -52.0             Strait of Magellan
========== ====================================== ===========================

The Arctic passages are areas built from named Natural Earth 10m marine
polygons (``ne_10m_geography_marine_polys``):

* ``nsr`` (interim Northern Sea Route *transit* area): the Laptev and
  East Siberian Seas with their gulfs and straits (Vilkitsky, Dmitry
  Laptev), plus the Arctic Ocean polygon from the Laptev Sea's western
  limit (96.2°E in Natural Earth) to 180°, south of 84°N. A route using it
  goes through the NSR between the Atlantic and the Pacific side.
* ``nsr_kara`` (the western NSR water area: the Kara Sea with the Kara
  Gates, Matochkin Shar, the Gulf of Ob and the Yenisei Gulf, plus the
  Arctic Ocean polygon from the Barents Sea's eastern limit, 68.9°E, to
  96.2°E). It is separate so that a voyage to Sabetta or Dudinka from the
  west is not an NSR transit, and a corridor that forbids the transit
  (Suez, Cape...) can still reach the Kara Sea ports.

  The Chukchi Sea is in neither: the marnet lanes from the Bering Strait
  to the Beaufort Sea (Northwest Passage voyages) cross its Russian side
  too. The legal water area of KTM RF Art. 5.1 (which runs to the 1990
  USSR-USA line at 168°58'37"W and follows the EEZ, with no published
  coordinates) replaces these areas in the ice-routing work.
* ``nwp`` (Northwest Passage): the channels of the Canadian Arctic
  Archipelago ("The North Western Passages", Amundsen Gulf, M'Clure
  Strait, Viscount Melville Sound, Prince of Wales Strait, Gulf of Boothia
  and the smaller named channels between 128°W and 76°W). Baffin Bay, the
  Beaufort Sea and the Bering/Chukchi approaches are *not* part of it, so
  the Bering Strait edges shared by NSR and NWP voyages carry only
  ``bering``.

``inland`` is not an area: the network build gives it to lanes that cross
Natural Earth 1:10m land and cannot be rerouted by sea nearby, i.e. lanes
up rivers, estuaries and lakes that the land polygons cover (the Great
Lakes and St Lawrence, the Mississippi, the Volga-Don, the Rhine-Maas
delta, the Thames...). See ``scripts/build_network.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from arcticroute.errors import UnknownPassageError

__all__ = [
    "CORRIDORS",
    "PASSAGES",
    "Corridor",
    "Passage",
    "corridor",
    "passage_mask",
    "passages_from_mask",
]


@dataclass(frozen=True)
class Passage:
    """A named passage: its tag bit and how its area is defined."""

    name: str
    title: str
    bit: int
    box: tuple[float, float, float, float] | None = None
    marine_polys: tuple[str, ...] = ()
    arctic: bool = False


NSR_MARINE_POLYS = (
    "Laptev Sea",
    "East Siberian Sea",
    "Vil'kitskogo Strait",
    "Dmitriy Laptev Strait",
    "Gulf of Yana",
    "Khatanga Gulf",
    "Gulf of Olen‘k",
    "Chaun Bay",
    "Guba Gusinaya",
)
NSR_KARA_MARINE_POLYS = (
    "Kara Sea",
    "Karskiye Strait",
    "Gulf of Ob",
    "Yenisey Gulf",
    "Matochkin Shar Strait",
)
ARCTIC_OCEAN_BOXES = {
    "nsr": (96.2, 60.0, 180.0, 84.0),
    "nsr_kara": (68.9, 60.0, 96.2, 84.0),
}
"""Parts of Natural Earth's "ARCTIC OCEAN" polygon added to the interim NSR areas.

68.9°E is the eastern limit of Natural Earth's Barents Sea polygon and
96.2°E the western limit of its Laptev Sea polygon; 84°N is an assumed
northern limit standing in for the EEZ boundary (about 200 nm off the
islands), which has no coordinates in our sources.
"""

NWP_MARINE_POLYS = (
    "The North Western Passages",
    "Amundsen Gulf",
    "M'Clure Strait",
    "Viscount Melville Sound",
    "Prince of Wales Strait",
    "Gulf of Boothia",
    "Fury and Hecla Strait",
    "Goldsmith Channel",
    "Franklin Bay",
    "Darnley Bay",
    "Minto Inlet",
    "Prince ALbert Sound",
    "Bathurst Inlet",
    "Sherman Basin",
    "Liddon Gulf",
    "Wynniat Bay",
    "Hadley Bay",
    "Richard Collinson Inlet",
)

_DEFS = [
    Passage("suez", "Suez Canal", 0, box=(32.1, 29.8, 32.7, 31.4)),
    Passage("panama", "Panama Canal", 1, box=(-80.0, 8.8, -79.4, 9.5)),
    Passage("malacca", "Strait of Malacca", 2, box=(98.0, 1.2, 103.4, 6.0)),
    Passage("gibraltar", "Strait of Gibraltar", 3, box=(-6.0, 35.7, -5.2, 36.3)),
    Passage("babelmandeb", "Bab-el-Mandeb", 4, box=(43.0, 12.2, 43.8, 13.0)),
    Passage("bering", "Bering Strait", 5, box=(-171.0, 65.0, -167.0, 66.8)),
    Passage("cape", "Cape of Good Hope", 6, box=(16.0, -60.0, 30.0, -34.4)),
    Passage("cape_horn", "Cape Horn / Drake Passage", 7, box=(-72.0, -65.0, -60.0, -55.6)),
    Passage("magellan", "Strait of Magellan", 8, box=(-75.5, -54.5, -68.0, -52.0)),
    Passage("nsr", "Northern Sea Route", 9, marine_polys=NSR_MARINE_POLYS, arctic=True),
    Passage("nwp", "Northwest Passage", 10, marine_polys=NWP_MARINE_POLYS, arctic=True),
    Passage("inland", "inland waterway / estuary", 11),
    Passage("nsr_kara", "Kara Sea (NSR)", 12, marine_polys=NSR_KARA_MARINE_POLYS, arctic=True),
]
PASSAGES: dict[str, Passage] = {p.name: p for p in _DEFS}
"""All passages by name, in tag-bit order."""


def passage_mask(names: list[str] | tuple[str, ...] | set[str] | frozenset[str]) -> int:
    """Bit mask of the named passages.

    Raises
    ------
    UnknownPassageError
        If a name is not a passage.
    """
    mask = 0
    for name in names:
        try:
            mask |= 1 << PASSAGES[name].bit
        except KeyError:
            raise UnknownPassageError(
                f"unknown passage {name!r}; known passages: {', '.join(PASSAGES)}"
            ) from None
    return mask


@cache
def passages_from_mask(mask: int) -> tuple[str, ...]:
    """Passage names whose bits are set in ``mask``, in bit order."""
    return tuple(p.name for p in _DEFS if mask >> p.bit & 1)


@dataclass(frozen=True)
class Corridor:
    """A routing corridor: a required passage and the passages it excludes.

    Attributes
    ----------
    name : str
        The ``via`` value (``"suez"``, ``"nsr"``, ``"auto"`` ...).
    required : str or None
        Passage the route must use; None for ``auto``.
    forbidden : frozenset of str
        Passages removed from the graph before solving.
    description : str
        One line for tables and ``--help``.
    """

    name: str
    required: str | None
    forbidden: frozenset[str]
    description: str

    @property
    def forbidden_mask(self) -> int:
        return passage_mask(self.forbidden)

    @property
    def arctic(self) -> bool:
        return self.required is not None and PASSAGES[self.required].arctic


# Passages that define a corridor. Each corridor forbids all the others, so
# e.g. "cape" cannot quietly take Panama, and "suez" cannot take the NSR.
_CORRIDOR_PASSAGES = ("suez", "cape", "panama", "nsr", "nwp", "cape_horn", "magellan")


def _corridor(name: str, description: str) -> Corridor:
    others = frozenset(p for p in _CORRIDOR_PASSAGES if p != name)
    return Corridor(name, name, others, description)


CORRIDORS: dict[str, Corridor] = {
    "auto": Corridor(
        "auto",
        None,
        frozenset({"nsr", "nwp"}),
        "shortest year-round route (avoids the Arctic passages unless an end port lies in them)",
    ),
    "suez": _corridor("suez", "via the Suez Canal"),
    "cape": _corridor("cape", "round the Cape of Good Hope"),
    "panama": _corridor("panama", "via the Panama Canal"),
    "nsr": _corridor("nsr", "via the Northern Sea Route"),
    "nwp": _corridor("nwp", "via the Northwest Passage"),
}
"""Corridors accepted as ``via``. ``auto`` avoids the Arctic passages
because this network carries no ice; ask for ``nsr``/``nwp`` explicitly."""

COMPARE_CORRIDORS = ("suez", "cape", "panama", "nsr", "nwp")
"""Corridors tried by ``compare``, in output order."""


def corridor(name: str) -> Corridor:
    """Look up a corridor by its ``via`` name (case-insensitive).

    Raises
    ------
    UnknownPassageError
        If no corridor has that name; the message lists the valid ones.
    """
    key = name.strip().lower().replace("-", "_")
    try:
        return CORRIDORS[key]
    except KeyError:
        raise UnknownPassageError(
            f"unknown corridor {name!r} for --via; use one of: {', '.join(CORRIDORS)}"
        ) from None
