"""What ice each class may meet, alone and behind an icebreaker: the class rules' own numbers.

The Russian Maritime Register of Shipping (RS) describes each ice class by
the ice it is built for, in winter/spring and in summer/autumn navigation,
sailing independently and in the channel behind an icebreaker [1]_:

=====  ==========================  ========================  ==================
class  alone, level ice W/S, S/A    in ice that is            behind an icebreaker
=====  ==========================  ========================  ==================
Ice1   0.40 m                      small broken, open [*]_    0.40 m
Ice2   0.55 m                      small broken, open [*]_    0.55 m
Ice3   0.70 m                      small broken, open [*]_    0.70 m
Arc4   0.6 / 0.8 m                 open first-year            0.7 / 1.0 m
Arc5   0.8 / 1.0 m                 open first-year            0.9 / 1.2 m
Arc6   1.1 / 1.3 m                 open first-year            1.2 / 1.7 m
Arc7   1.4 / 1.7 m                 close first-year           2.0 m / 3.2 m (SY)
Arc8   2.1 / 3.1 m                 close first- and second-   3.4 m (SY) / no limit
Arc9   3.5 / 4.0 m                 close multi-year           not stated
=====  ==========================  ========================  ==================

.. [*] of non-Arctic freezing seas.

"Open" ice is 4–6/10 and "close" ice 7–8/10 in the Russian (and WMO)
concentration terms [2]_, so the class thickness applies to ice of at most
0.6 or 0.8 concentration; this module turns it into a limit on the cell-mean
(concentration × thickness) ice a ship meets alone: :attr:`Capability.alone_effective_m`.
Behind an icebreaker the ship follows the channel: the level thickness
itself is the limit (:attr:`Capability.escorted_level_m`).

Classes of other systems go through the nominal equivalences of
:mod:`arcticroute.vessel.iceclass` (IMO: IA Super = PC6 = Arc5, IA = PC7 = Arc4;
the rest named assumptions). A ship with no ice class has no class
capability: alone it keeps to water under the open-water threshold (Waite
et al.'s open-water ship, no-go above 1 cm of ice [3]_), and behind an
icebreaker it may follow through ice up to ``capability.no_ice_class.escorted_level_m``
(a named assumption). A ship's own certified capability
(``Ship.level_ice_capability_m``, e.g. Christophe de Margerie's 2.1 m) replaces
its class's alone figure, as level ice of any concentration.

References
----------
.. [1] RS ice-class descriptions (Rules Part I), Russian text as reproduced by
   warshistory.ru and public NSR-routing code, and REFERENCE.md §3.8
   (de.zxc.wiki, "Eisklasse") for the independent thicknesses; research notes
   capability.md §1.1.
.. [2] Russian concentration terms (разреженный 4–6/10, сплочённый 7–8/10),
   https://student2.ru/finansy/1765903 ; IHO hydrographic dictionary "close
   pack ice" (capability.md §1.1).
.. [3] Waite et al., NSR shipping model, ``inputs/ship_specs/ShipSpecs.csv``:
   open-water ships OWPanamax/OWSuezmax, MaxSIT 1 cm (see
   :mod:`arcticroute.vessel.performance`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from arcticroute import assumptions
from arcticroute.vessel.iceclass import IceClass, IceSystem, equivalence, parse_ice_class

__all__ = [
    "CLOSE_ICE_MAX",
    "OPEN_ICE_MAX",
    "RS_CLASS_ICE",
    "Capability",
    "class_capability",
]

OPEN_ICE_MAX = 0.6
"""Upper bound of 'open' (разреженный) ice, 4–6/10 [2]_."""
CLOSE_ICE_MAX = 0.8
"""Upper bound of 'close' (сплочённый) ice, 7–8/10 [2]_."""
_NO_GO_M = 0.01
"""Waite et al.'s open-water ship: no-go above 1 cm of ice [3]_."""

RS_CLASS_ICE: dict[IceClass, tuple[tuple[float, float], float, tuple[float, float]]] = {
    IceClass.ICE1: ((0.40, 0.40), OPEN_ICE_MAX, (0.40, 0.40)),
    IceClass.ICE2: ((0.55, 0.55), OPEN_ICE_MAX, (0.55, 0.55)),
    IceClass.ICE3: ((0.70, 0.70), OPEN_ICE_MAX, (0.70, 0.70)),
    IceClass.ARC4: ((0.6, 0.8), OPEN_ICE_MAX, (0.7, 1.0)),
    IceClass.ARC5: ((0.8, 1.0), OPEN_ICE_MAX, (0.9, 1.2)),
    IceClass.ARC6: ((1.1, 1.3), OPEN_ICE_MAX, (1.2, 1.7)),
    IceClass.ARC7: ((1.4, 1.7), CLOSE_ICE_MAX, (2.0, 3.2)),
    IceClass.ARC8: ((2.1, 3.1), CLOSE_ICE_MAX, (3.4, math.inf)),
    IceClass.ARC9: ((3.5, 4.0), CLOSE_ICE_MAX, (3.5, 4.0)),
}
"""Per RS class: (alone level-ice thickness W/S, S/A in m), the highest concentration
that thickness is given for, (escorted level-ice thickness W/S, S/A in m) [1]_.
Arc8 summer/autumn behind an icebreaker: 'without restriction' (inf). Arc9 escorted:
not stated; its own independent figures are used (an icebreaker does not reduce
what the ship can do)."""

_WINTER_SPRING = "WinterSpring"


@dataclass(frozen=True)
class Capability:
    """What one ship may meet in one season.

    Attributes
    ----------
    ice_class : IceClass
        As asked.
    rs_class : IceClass or None
        The RS class whose description is used (None: no ice class).
    season : str
        ``"WinterSpring"`` or ``"SummerAutumn"``.
    alone_level_m : float
        Level-ice thickness it may meet alone, m.
    alone_concentration : float
        The highest concentration that thickness is for.
    escorted_level_m : float
        Level-ice thickness behind an icebreaker, m (inf: no limit).
    assumption_keys : tuple of str
        Registry keys the answer rests on (equivalences, the no-class escort).
    """

    ice_class: IceClass
    rs_class: IceClass | None
    season: str
    alone_level_m: float
    alone_concentration: float
    escorted_level_m: float
    assumption_keys: tuple[str, ...] = ()

    @property
    def alone_effective_m(self) -> float:
        """Cell-mean thickness (concentration × thickness) the ship may meet alone, m."""
        return self.alone_level_m * self.alone_concentration


def _rs_of(ic: IceClass) -> tuple[IceClass | None, tuple[str, ...]]:
    """The RS class a class is read as, and the assumption keys of that reading."""
    if ic is IceClass.NONE:
        return None, ()
    if ic.system is IceSystem.RS:
        return ic, ()
    eq = equivalence(ic, IceSystem.RS)
    keys = (eq.assumption_key,) if eq.assumption_key else ()
    if eq.equivalent is None:
        return None, keys
    return parse_ice_class(eq.equivalent), keys


def class_capability(
    ice_class: IceClass | str,
    season: str,
    level_ice_capability_m: float | None = None,
) -> Capability:
    """The ice a class (or a ship with its own certified figure) may meet in a season.

    Parameters
    ----------
    ice_class : IceClass or str
        Any form accepted by :func:`arcticroute.vessel.iceclass.parse_ice_class`.
    season : {"WinterSpring", "SummerAutumn"}
        RS navigation seasons (as :func:`arcticroute.vessel.performance.parse_season`).
    level_ice_capability_m : float, optional
        The ship's own level-ice capability alone, m (replaces the class figure).

    Returns
    -------
    Capability
    """
    ic = parse_ice_class(ice_class)
    col = 0 if season == _WINTER_SPRING else 1
    rs, keys = _rs_of(ic)
    if rs is None:
        key = "capability.no_ice_class.escorted_level_m"
        alone, conc, esc = _NO_GO_M, 1.0, float(assumptions.value(key))
        keys = (*keys, key)
    else:
        alone_pair, conc, esc_pair = RS_CLASS_ICE[rs]
        alone, esc = alone_pair[col], esc_pair[col]
    if level_ice_capability_m is not None and level_ice_capability_m > alone * conc:
        alone, conc = float(level_ice_capability_m), 1.0
        esc = max(esc, alone)
    return Capability(ic, rs, season, alone, conc, esc, keys)
