"""Ice classes in every system, their nominal equivalents and Polar Code category.

Three systems are supported, plus "no ice class":

* ``IACS``: IACS Polar Classes PC1 (strongest) to PC7.
* ``RS``: Russian Maritime Register of Shipping, Arc9 (strongest) to Arc4 and
  Ice3 to Ice1. Old RS names documented in the references are accepted:
  UL/УЛ = Arc5, L1/Л1 = Arc4, ULA/УЛА = Arc7, ЛУ4 = Arc4, ЛУ2 = Ice2, Л3 = Ice2.
* ``FSICR``: Finnish-Swedish Ice Class Rules, IA Super (1AS) to IC.

Equivalences between systems come in two kinds, and every result says which:

* **confirmed**: the IMO "nominal ship equivalencies" table (IA Super ≈ PC6 ≈
  UL = Arc5; IA ≈ PC7 ≈ L1 = Arc4), hard-coded here with its source;
* **assumed**: every other pairing (e.g. Ice2 ≈ IB, Arc7 ≈ PC4). These live
  only in ``data/assumptions.toml`` under ``iceclass.equivalence.<CLASS>.<SYSTEM>``
  and are read through :func:`arcticroute.assumptions.assumption`, so a user
  override file changes them.

The Polar Code category follows from the IACS class (PC1–PC5 → A, PC6–PC7 → B);
other classes take the category of their nominal IACS equivalent, and classes
without one are C.

References
----------
.. [1] IMO Guidelines for Ships Operating in Polar Waters, table of nominal ship
   equivalencies. https://www.imorules.com/GUID-8746048D-A3CE-42CA-B5F9-2086C9E75CD2.html
.. [2] Old → new RS names: UL = Arc5, L1 = Arc4, ULA = Arc7.
   https://de.zxc.wiki/wiki/Eisklasse (Wikipedia mirror); Arc4 = ЛУ4 = Л1 and
   Ice2 = ЛУ2 = Л3: Arkhangelsk port notice, https://portnews.ru/news/234382
.. [3] Polar Code categories A = PC1–PC5, B = PC6–PC7, C = others: FMI POLARIS
   module (public code), as summarised in shared/reference/REFERENCE.md §3.7.
   The Polar Code text (MSC.385(94)) itself was not consulted.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from arcticroute.errors import DataFileError, UnknownIceClassError

__all__ = [
    "Equivalence",
    "IceClass",
    "IceSystem",
    "PolarCodeCategory",
    "equivalence",
    "equivalent",
    "parse_ice_class",
    "polar_code_category",
    "polar_code_category_assumptions",
]


class IceSystem(StrEnum):
    """An ice-class system (classification rule set)."""

    IACS = "IACS"
    """IACS Unified Requirements for Polar Ships, Polar Classes PC1–PC7."""
    RS = "RS"
    """Russian Maritime Register of Shipping, Arc4–Arc9 and Ice1–Ice3."""
    FSICR = "FSICR"
    """Finnish-Swedish Ice Class Rules, IA Super, IA, IB, IC."""
    NONE = "none"
    """No ice class (not ice-strengthened)."""


class PolarCodeCategory(StrEnum):
    """IMO Polar Code ship category."""

    A = "A"
    B = "B"
    C = "C"


class IceClass(StrEnum):
    """An ice class; the value is its canonical spelling (``"IA Super"``, ``"Arc4"``)."""

    PC1 = "PC1"
    PC2 = "PC2"
    PC3 = "PC3"
    PC4 = "PC4"
    PC5 = "PC5"
    PC6 = "PC6"
    PC7 = "PC7"
    ARC9 = "Arc9"
    ARC8 = "Arc8"
    ARC7 = "Arc7"
    ARC6 = "Arc6"
    ARC5 = "Arc5"
    ARC4 = "Arc4"
    ICE3 = "Ice3"
    ICE2 = "Ice2"
    ICE1 = "Ice1"
    IA_SUPER = "IA Super"
    IA = "IA"
    IB = "IB"
    IC = "IC"
    NONE = "none"

    @property
    def system(self) -> IceSystem:
        """The system this class belongs to."""
        return _SYSTEM[self]

    @property
    def rank(self) -> int:
        """Strength within its own system: 0 for none, higher is stronger.

        PC7 = 1 … PC1 = 7; Ice1 = 1, Ice2 = 2, Ice3 = 3, Arc4 = 4 … Arc9 = 9;
        IC = 1 … IA Super = 4. Ranks are comparable only within one system.
        """
        return _RANK[self]

    @property
    def key(self) -> str:
        """Spelling used in assumption keys (no spaces): ``"IA_Super"``, ``"Arc7"``."""
        return self.value.replace(" ", "_")


_ORDER: dict[IceSystem, tuple[IceClass, ...]] = {
    # weakest first, so that rank = index + 1
    IceSystem.IACS: tuple(IceClass(f"PC{n}") for n in range(7, 0, -1)),
    IceSystem.RS: (
        IceClass.ICE1,
        IceClass.ICE2,
        IceClass.ICE3,
        IceClass.ARC4,
        IceClass.ARC5,
        IceClass.ARC6,
        IceClass.ARC7,
        IceClass.ARC8,
        IceClass.ARC9,
    ),
    IceSystem.FSICR: (IceClass.IC, IceClass.IB, IceClass.IA, IceClass.IA_SUPER),
    IceSystem.NONE: (IceClass.NONE,),
}
_SYSTEM = {ic: system for system, members in _ORDER.items() for ic in members}
_RANK = {ic: i + 1 for members in _ORDER.values() for i, ic in enumerate(members)}
_RANK[IceClass.NONE] = 0


# --- parsing ---------------------------------------------------------------------------

# Cyrillic letters that occur in old RS names, mapped to the Latin spelling.
_CYRILLIC = str.maketrans({"Л": "L", "У": "U", "А": "A", "л": "L", "у": "U", "а": "A"})


def _normalise(text: str) -> str:
    return re.sub(r"[\s\-_.,/()]+", "", text.translate(_CYRILLIC)).upper()


_ALIASES: dict[str, IceClass] = {
    **{f"PC{n}": IceClass(f"PC{n}") for n in range(1, 8)},
    **{f"POLARCLASS{n}": IceClass(f"PC{n}") for n in range(1, 8)},
    **{f"ARC{n}": IceClass(f"Arc{n}") for n in range(4, 10)},
    **{f"ICE{n}": IceClass(f"Ice{n}") for n in range(1, 4)},
    # old Russian Register names, only those documented in reference [2]
    "UL": IceClass.ARC5,
    "ULA": IceClass.ARC7,
    "L1": IceClass.ARC4,
    "LU4": IceClass.ARC4,
    "LU2": IceClass.ICE2,
    "L3": IceClass.ICE2,
    # Finnish-Swedish, with the Arabic-numeral and DNV "ICE-1A*" spellings
    **{
        form: IceClass.IA_SUPER
        for form in ("IASUPER", "1ASUPER", "IAS", "1AS", "ICE1AS", "ICE1ASUPER", "ICE1A*")
    },
    **{form: IceClass.IA for form in ("IA", "1A", "ICE1A")},
    **{form: IceClass.IB for form in ("IB", "1B", "ICE1B")},
    **{form: IceClass.IC for form in ("IC", "1C", "ICE1C")},
    **{
        form: IceClass.NONE
        for form in ("", "NONE", "NO", "NIS", "NOICECLASS", "NOTICESTRENGTHENED", "OW")
    },
}

_VALID_FORMS = (
    "PC1–PC7 (IACS Polar Class; also 'PC 7', 'Polar Class 7'); "
    "Arc4–Arc9 and Ice1–Ice3 (Russian Register; also 'ARC 4', 'arc-4', and the old names "
    "UL, L1, ULA, ЛУ4, ЛУ2, Л3); "
    "IA Super (also '1A Super', 'IAS', '1AS'), IA, IB, IC (Finnish-Swedish; also 1A, 1B, 1C, "
    "'ICE-1A'); "
    "'none' (also '', 'NIS', 'no ice class')"
)


def parse_ice_class(text: str | IceClass) -> IceClass:
    """Parse an ice class written in any supported system and spelling.

    Parameters
    ----------
    text : str or IceClass
        E.g. ``"PC 7"``, ``"ARC 4"``, ``"arc-4"``, ``"УЛ"``, ``"1A Super"``,
        ``"IAS"``, ``"none"`` or ``""``. Case, spaces, hyphens and
        underscores are ignored.

    Returns
    -------
    IceClass

    Raises
    ------
    UnknownIceClassError
        If the text is not a known class; the message lists the valid forms
        and the closest match.
    """
    if isinstance(text, IceClass):
        return text
    if not isinstance(text, str):
        raise UnknownIceClassError(
            f"ice class must be text, got {type(text).__name__} {text!r}; valid forms: "
            f"{_VALID_FORMS}"
        )
    found = _ALIASES.get(_normalise(text))
    if found is not None:
        return found
    close = difflib.get_close_matches(_normalise(text), [k for k in _ALIASES if k], n=1)
    hint = f" Did you mean {_ALIASES[close[0]].value!r}?" if close else ""
    raise UnknownIceClassError(f"unknown ice class {text!r}.{hint} Valid forms: {_VALID_FORMS}.")


# --- equivalences ----------------------------------------------------------------------

_IMO_TABLE = (
    "IMO Guidelines for Ships Operating in Polar Waters, nominal ship equivalencies "
    "(https://www.imorules.com/GUID-8746048D-A3CE-42CA-B5F9-2086C9E75CD2.html), with the "
    "old RS names UL = Arc5, L1 = Arc4 (de.zxc.wiki/wiki/Eisklasse; portnews.ru/news/234382)"
)

# The only confirmed rows: IA Super ≈ PC6 ≈ UL (Arc5) and IA ≈ PC7 ≈ L1 (Arc4), ref. [1], [2].
_CONFIRMED_ROWS: tuple[tuple[IceClass, ...], ...] = (
    (IceClass.IA_SUPER, IceClass.PC6, IceClass.ARC5),
    (IceClass.IA, IceClass.PC7, IceClass.ARC4),
)
_CONFIRMED: dict[tuple[IceClass, IceSystem], IceClass] = {
    (a, b.system): b for row in _CONFIRMED_ROWS for a in row for b in row if a is not b
}

# Pairs with no equivalent at all: classes below PC7 have no Polar Class (PC7 is the
# lowest), and the RS Ice classes rank below Arc4 ≈ PC7.
_NO_EQUIVALENT = {
    (ic, IceSystem.IACS)
    for ic in (IceClass.ICE1, IceClass.ICE2, IceClass.ICE3, IceClass.IB, IceClass.IC)
}


@dataclass(frozen=True)
class Equivalence:
    """The nominal equivalent of an ice class in another system.

    Attributes
    ----------
    ice_class : IceClass
        The class asked about.
    system : IceSystem
        The target system.
    equivalent : IceClass or None
        Its nominal equivalent there, or None if the target system has no
        comparable class.
    confirmed : bool
        True if a source confirms the pairing (IMO table, or identity);
        False if it is a named assumption.
    source : str
        Citation for a confirmed pairing, or the assumption's ``why``.
    assumption_key : str or None
        Key in ``data/assumptions.toml`` when ``confirmed`` is False.
    """

    ice_class: IceClass
    system: IceSystem
    equivalent: IceClass | None
    confirmed: bool
    source: str
    assumption_key: str | None = None


def _assumed(ice_class: IceClass, system: IceSystem) -> Equivalence:
    from arcticroute.assumptions import assumption

    key = f"iceclass.equivalence.{ice_class.key}.{system.value}"
    try:
        item = assumption(key)
    except KeyError:
        raise DataFileError(
            f"data/assumptions.toml has no entry {key!r}; every ice-class pairing that no "
            "source confirms must be listed there (reinstall arcticroute)"
        ) from None
    try:
        target = parse_ice_class(item.value)
    except UnknownIceClassError as exc:
        raise UnknownIceClassError(f"assumption {key!r}: {exc}") from None
    if target.system not in (system, IceSystem.NONE):
        raise UnknownIceClassError(
            f"assumption {key!r} must name a {system.value} class or 'none', "
            f"got {item.value!r} ({target.system.value})"
        )
    return Equivalence(ice_class, system, target, False, item.why, key)


def equivalence(ice_class: IceClass | str, system: IceSystem | str) -> Equivalence:
    """Nominal equivalent of ``ice_class`` in ``system``, saying whether it is confirmed.

    Parameters
    ----------
    ice_class : IceClass or str
        Any form accepted by :func:`parse_ice_class`.
    system : IceSystem or str
        ``"IACS"``, ``"RS"``, ``"FSICR"`` or ``"none"``.

    Returns
    -------
    Equivalence
        ``equivalent`` is None where the target system has nothing comparable
        (e.g. IB has no Polar Class). Same-system requests return the class
        itself, confirmed.

    Raises
    ------
    UnknownIceClassError
        If the class is unknown, or an overridden assumption names a class of
        the wrong system.
    DataFileError
        If the shipped assumptions file lacks the pairing's entry.
    ValueError
        If ``system`` is not a known system.

    Notes
    -----
    Confirmed: the IMO table rows IA Super ≈ PC6 ≈ Arc5 and IA ≈ PC7 ≈ Arc4.
    Everything else is an assumption keyed ``iceclass.equivalence.<CLASS>.<SYSTEM>``
    (e.g. ``iceclass.equivalence.Ice2.FSICR``), read at call time so that
    :func:`arcticroute.assumptions.overridden` and user files take effect.
    """
    ic = parse_ice_class(ice_class)
    try:
        target = IceSystem(system)
    except ValueError:
        known = ", ".join(s.value for s in IceSystem)
        raise ValueError(f"unknown ice-class system {system!r}; use one of {known}") from None

    if ic.system is target:
        return Equivalence(ic, target, ic, True, "same system")
    if ic is IceClass.NONE or target is IceSystem.NONE:
        # a ship without ice class has none in every system; "none" as a target
        # system only ever holds the NONE class
        same = IceClass.NONE if ic is IceClass.NONE else None
        return Equivalence(ic, target, same, True, "no ice class")
    if (ic, target) in _CONFIRMED:
        return Equivalence(ic, target, _CONFIRMED[ic, target], True, _IMO_TABLE)
    if (ic, target) in _NO_EQUIVALENT:
        return Equivalence(
            ic, target, None, True, f"{ic.value} ranks below PC7, the lowest Polar Class"
        )
    return _assumed(ic, target)


def equivalent(ice_class: IceClass | str, system: IceSystem | str) -> IceClass | None:
    """Nominal equivalent class in ``system`` (None if there is none).

    Shorthand for ``equivalence(ice_class, system).equivalent``; use
    :func:`equivalence` to learn whether the pairing is confirmed or assumed.
    """
    return equivalence(ice_class, system).equivalent


# --- Polar Code category ---------------------------------------------------------------

_CATEGORY_BY_PC = {
    **{IceClass(f"PC{n}"): PolarCodeCategory.A for n in range(1, 6)},
    IceClass.PC6: PolarCodeCategory.B,
    IceClass.PC7: PolarCodeCategory.B,
}


def polar_code_category(ice_class: IceClass | str) -> PolarCodeCategory:
    """Polar Code ship category implied by an ice class.

    Parameters
    ----------
    ice_class : IceClass or str
        Any form accepted by :func:`parse_ice_class`.

    Returns
    -------
    PolarCodeCategory
        A for PC1–PC5, B for PC6–PC7 [3]_; other classes take the category of
        their nominal IACS equivalent (:func:`equivalence`), and classes with
        no Polar Class equivalent (Ice1–Ice3, IB, IC, none) are C.

    Notes
    -----
    The category is in practice set by the flag Administration on the Polar
    Ship Certificate; this is the default implied by the class. The FMI
    POLARIS code cited in [3]_ puts all Finnish-Swedish classes in C; here IA
    Super and IA follow their IMO-table equivalents PC6 and PC7 (B) instead.
    For Arc6–Arc9 the result rests on assumed equivalences; see
    :func:`polar_code_category_assumptions`.
    """
    pc = equivalent(ice_class, IceSystem.IACS)
    return _CATEGORY_BY_PC.get(pc, PolarCodeCategory.C) if pc else PolarCodeCategory.C


def polar_code_category_assumptions(ice_class: IceClass | str) -> tuple[str, ...]:
    """Assumption keys that :func:`polar_code_category` rests on for this class (may be ())."""
    eq = equivalence(ice_class, IceSystem.IACS)
    return (eq.assumption_key,) if eq.assumption_key else ()
