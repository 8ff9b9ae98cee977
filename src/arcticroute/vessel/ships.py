"""Ships: a validated particulars model, shipped presets and user ship files.

A :class:`Ship` holds the particulars the rest of arcticroute needs (ice
class, size, tonnages, speed, engine, fuel) and checks them against physical
plausibility bounds. It only holds data; speed in ice, fuel and costs are
computed elsewhere from these fields.

Presets live in ``data/ships.toml``. Where "one place" lives for each value:

* **sourced** particulars are written in ``ships.toml`` next to the preset,
  whose ``sources`` text cites them;
* **unsourced** particulars are *not* written in ``ships.toml`` at all. A
  preset lists their field names in ``assumed = [...]`` and the values live
  only in ``data/assumptions.toml`` under ``ship.<slug>.<field>`` (with a
  ``why``). :func:`get_ship` reads them through
  :func:`arcticroute.assumptions.assumption` at call time, so user override
  files and :func:`arcticroute.assumptions.overridden` apply, and the keys
  are listed in :attr:`Ship.assumptions`.

User ships are TOML or JSON files with the same field names (see
:func:`load_ship`); ``base = "<preset>"`` starts from a preset and changes
only the fields given.

Errors: :class:`~arcticroute.errors.ShipValidationError` for particulars that
are missing, mistyped or out of bounds (one-line message naming field, bound
and value); :class:`~arcticroute.errors.UnknownShipError` for an unknown
preset; :class:`~arcticroute.errors.DataFileError` for unreadable files.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from arcticroute.assumptions import assumption
from arcticroute.errors import DataFileError, ShipValidationError, UnknownShipError
from arcticroute.vessel.iceclass import (
    IceClass,
    PolarCodeCategory,
    parse_ice_class,
    polar_code_category,
    polar_code_category_assumptions,
)

__all__ = [
    "BEAM_TO_LENGTH_BOUNDS",
    "BOUNDS",
    "CapacityUnit",
    "FuelType",
    "Ship",
    "ShipType",
    "get_ship",
    "list_ships",
    "load_ship",
]


class ShipType(StrEnum):
    """Ship type, as used for tolls, tariffs and performance defaults."""

    CONTAINER = "container"
    BULK = "bulk"
    TANKER = "tanker"
    LNG = "lng"
    LPG = "lpg"
    GENERAL_CARGO = "general_cargo"
    MULTIPURPOSE = "multipurpose"
    RO_RO = "ro_ro"
    CAR_CARRIER = "car_carrier"
    PASSENGER = "passenger"
    OTHER = "other"


_SHIP_TYPE_ALIASES = {
    "bulker": "bulk",
    "bulk_carrier": "bulk",
    "dry_bulk": "bulk",
    "container_ship": "container",
    "containership": "container",
    "boxship": "container",
    "oil_tanker": "tanker",
    "crude_tanker": "tanker",
    "product_tanker": "tanker",
    "lng_carrier": "lng",
    "lpg_carrier": "lpg",
    "general": "general_cargo",
    "mpp": "multipurpose",
    "multi_purpose": "multipurpose",
    "roro": "ro_ro",
    "pctc": "car_carrier",
}


class CapacityUnit(StrEnum):
    """Unit of :attr:`Ship.capacity`."""

    TEU = "TEU"
    M3 = "m3"
    T = "t"


_CAPACITY_UNIT_ALIASES = {"teu": "TEU", "m³": "m3", "cbm": "m3", "tonnes": "t", "tons": "t"}


class FuelType(StrEnum):
    """Main fuel burnt at sea."""

    HFO = "HFO"
    VLSFO = "VLSFO"
    MGO = "MGO"
    LNG = "LNG"


class Bound(NamedTuple):
    """Plausibility bound of a numeric field (``low`` exclusive when ``low`` is 0)."""

    low: float
    high: float
    unit: str


SPEED_RANGE_KN = (3.0, 35.0)
"""The one speed range, kn, inclusive: a ship's design speed and any voyage speed asked
for (CLI, Python, web). A plausibility bound, not a regulation: slow steaming rarely
goes below 8 kn and no merchant ship in the presets' classes is designed above 30 kn;
the margin catches m/s vs kn and typos. Below 3 kn a search would also do unbounded
work for no real voyage (hardening issue W3)."""

BOUNDS: dict[str, Bound] = {
    # Plausibility bounds: chosen to bracket real merchant ships with margin, not taken
    # from a regulation. They catch unit mistakes (m vs ft, kW vs MW) and typos.
    "dwt_t": Bound(0, 600_000, "t"),
    "gt": Bound(0, 400_000, ""),
    "scnt": Bound(0, 400_000, ""),
    "capacity": Bound(0, 1_000_000, ""),
    "length_m": Bound(20, 460, "m"),
    "beam_m": Bound(3, 80, "m"),
    "draft_m": Bound(1, 30, "m"),
    "design_speed_kn": Bound(*SPEED_RANGE_KN, "kn"),
    "main_engine_power_kw": Bound(100, 120_000, "kW"),
    "sfoc_g_per_kwh": Bound(140, 260, "g/kWh"),
}
"""Plausibility bounds per field: ``Bound(low, high, unit)``, inclusive (``low`` = 0 exclusive)."""

# Beam/length ratio: plausibility bound (L/B from 2.5 for tugs to 12.5 for slender hulls).
BEAM_TO_LENGTH_BOUNDS = (0.08, 0.40)


def _fmt(value: float) -> str:
    if math.isfinite(value) and value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.6g}"


class Ship(BaseModel):
    """Particulars of one ship (immutable; validated on creation).

    Attributes
    ----------
    name : str
        Display name.
    slug : str or None
        Short key of a preset (``"container_4500teu_arc4"``); None for user ships.
    ship_type : ShipType
        ``container``, ``bulk``, ``tanker``, ``lng``, ``general_cargo``, ``multipurpose`` …
    ice_class : IceClass
        Any spelling accepted by :func:`arcticroute.vessel.iceclass.parse_ice_class`.
    polar_code_category : PolarCodeCategory
        Defaults to the category implied by the ice class; may be set explicitly
        (e.g. from the Polar Ship Certificate).
    double_acting : bool
        Designed to break ice astern (stern-first).
    level_ice_capability_m : float or None
        The ship's own certified level-ice capability alone, m, where it
        exceeds its class's (e.g. Christophe de Margerie, 2.1 m); None: the
        class figure (:mod:`arcticroute.vessel.capability`).
    dwt_t : float
        Deadweight, t.
    gt : float
        Gross tonnage (ITC 69), dimensionless.
    scnt : float or None
        Suez Canal net tonnage, dimensionless; None if unknown.
    capacity : float or None
        Cargo capacity in ``capacity_unit``.
    capacity_unit : CapacityUnit or None
        ``TEU``, ``m3`` or ``t``; required when ``capacity`` is given.
    length_m, beam_m, draft_m : float
        Length overall, moulded beam and design draught, m.
    hull_form : str
        Free text; ``"slender"`` or ``"blunt"`` select PolarRoute's ice-resistance
        coefficients.
    flag : str or None
        Flag state, if known.
    protected_fuel_tanks : bool
        Oil fuel tanks protected per MARPOL Annex I Reg. 12A (or Polar Code
        Part II-A Ch. 1 reg. 1.2.1); moves the Arctic HFO ban date from
        1 July 2024 to 1 July 2029. Default False (the earlier date applies).
    design_speed_kn : float
        Design (service) speed in open water, kn.
    main_engine_power_kw : float
        Installed propulsion power (MCR), kW.
    sfoc_g_per_kwh : float
        Specific fuel oil consumption of the main engine(s), g/kWh.
    fuel_type : FuelType
        ``HFO``, ``VLSFO``, ``MGO`` or ``LNG``.
    assumptions : tuple of str
        Keys in ``data/assumptions.toml`` that this ship's particulars (or its
        derived Polar Code category) depend on.
    sources : str
        Where the sourced particulars come from.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: str
    slug: str | None = None
    ship_type: ShipType
    ice_class: IceClass
    polar_code_category: PolarCodeCategory
    double_acting: bool = False
    level_ice_capability_m: float | None = Field(default=None, gt=0, le=5)
    dwt_t: float
    gt: float
    scnt: float | None = None
    capacity: float | None = None
    capacity_unit: CapacityUnit | None = None
    length_m: float
    beam_m: float
    draft_m: float
    hull_form: str = ""
    flag: str | None = None
    protected_fuel_tanks: bool = False
    design_speed_kn: float
    main_engine_power_kw: float
    sfoc_g_per_kwh: float
    fuel_type: FuelType
    assumptions: tuple[str, ...] = ()
    sources: str = ""

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ShipValidationError(_one_paragraph(exc, data.get("name"))) from None

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Ship:
        """Validate a mapping into a Ship, raising :class:`ShipValidationError` on bad data."""
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as exc:
            name = obj.get("name") if isinstance(obj, Mapping) else None
            raise ShipValidationError(_one_paragraph(exc, name)) from None

    def replace(self, **changes: Any) -> Ship:
        """A validated copy with some fields changed.

        Changing ``ice_class`` re-derives ``polar_code_category`` unless that
        is given too.
        """
        data = self.model_dump()
        if "ice_class" in changes and "polar_code_category" not in changes:
            data.pop("polar_code_category")
            derived = set(polar_code_category_assumptions(self.ice_class))
            data["assumptions"] = tuple(k for k in data["assumptions"] if k not in derived)
        data.update(changes)
        return Ship(**data)

    @field_validator("name")
    @classmethod
    def _name_not_empty(cls, value: str) -> str:
        if not value:
            raise ValueError("name must not be empty")
        return value

    @field_validator("ice_class", mode="before")
    @classmethod
    def _parse_ice_class(cls, value: Any) -> IceClass:
        return parse_ice_class(value)

    @field_validator("ship_type", mode="before")
    @classmethod
    def _ship_type_alias(cls, value: Any) -> Any:
        if isinstance(value, str):
            key = re.sub(r"[\s\-/]+", "_", value.strip().lower())
            key = _SHIP_TYPE_ALIASES.get(key, key)
            if key not in ShipType._value2member_map_:
                valid = ", ".join(t.value for t in ShipType)
                raise ValueError(f"unknown ship type {value!r}; valid: {valid}")
            return key
        return value

    @field_validator("capacity_unit", mode="before")
    @classmethod
    def _capacity_unit_alias(cls, value: Any) -> Any:
        if isinstance(value, str):
            return _CAPACITY_UNIT_ALIASES.get(value.strip().lower(), value.strip())
        return value

    @field_validator("fuel_type", mode="before")
    @classmethod
    def _fuel_upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator(*BOUNDS)
    @classmethod
    def _within_bounds(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is None:
            return value
        low, high, unit = BOUNDS[str(info.field_name)]
        inside = (low < value if low == 0 else low <= value) and value <= high
        if not math.isfinite(value) or not inside:
            u = f" {unit}" if unit else ""
            span = f"> 0 and ≤ {_fmt(high)}" if low == 0 else f"{_fmt(low)}–{_fmt(high)}"
            raise ValueError(
                f"{info.field_name} = {_fmt(value)}{u} is outside the plausibility "
                f"bounds ({span}{u})"
            )
        return value

    @model_validator(mode="before")
    @classmethod
    def _derive_category(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or data.get("polar_code_category") is not None:
            return data
        raw = data.get("ice_class")
        if raw is None:
            return data  # the ice_class field reports it missing
        try:
            ice_class = parse_ice_class(raw)
        except ValueError:
            return data  # the ice_class field validator reports it
        out = dict(data)
        out["polar_code_category"] = polar_code_category(ice_class)
        derived = polar_code_category_assumptions(ice_class)
        given = tuple(out.get("assumptions") or ())
        out["assumptions"] = given + tuple(k for k in derived if k not in given)
        return out

    @model_validator(mode="after")
    def _consistent(self) -> Ship:
        ratio = self.beam_m / self.length_m
        low, high = BEAM_TO_LENGTH_BOUNDS
        if not low <= ratio <= high:
            raise ValueError(
                f"beam_m/length_m = {self.beam_m:g}/{self.length_m:g} = {ratio:.3f} is outside "
                f"the plausibility bounds {low}–{high} (check units and which is which)"
            )
        if self.draft_m >= self.beam_m:
            raise ValueError(
                f"draft_m = {self.draft_m:g} m is not less than beam_m = {self.beam_m:g} m"
            )
        if (self.capacity is None) != (self.capacity_unit is None):
            raise ValueError("capacity and capacity_unit must be given together")
        return self


def _one_paragraph(exc: ValidationError, name: Any) -> str:
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "ship"
        msg = str(err["msg"]).removeprefix("Value error, ").rstrip(".")
        if err["type"] == "missing":
            parts.append(f"{field}: required field is missing")
        elif err["type"] == "extra_forbidden":
            close = difflib.get_close_matches(field, Ship.model_fields, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            parts.append(f"{field}: unknown field{hint}")
        elif err["type"].startswith("value_error") or err["type"] == "assertion_error":
            parts.append(msg if field in msg or field == "ship" else f"{field}: {msg}")
        else:
            parts.append(f"{field}: {msg} (got {err.get('input')!r})")
    who = f"ship {name!r}" if isinstance(name, str) and name else "ship"
    return f"invalid {who}: " + "; ".join(parts).replace("\n", " ")


# --- presets ---------------------------------------------------------------------------

_PRESET_META = {"assumed", "aliases"}


@cache
def _preset_table() -> dict[str, dict[str, Any]]:
    path = resources.files("arcticroute").joinpath("data/ships.toml")
    try:
        table = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"cannot read the ship presets data/ships.toml: {exc}") from exc
    return table


def _resolve_preset(slug: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in entry.items() if k not in _PRESET_META}
    keys = []
    for field in entry.get("assumed", []):
        if field in data:
            raise DataFileError(
                f"ships.toml preset {slug!r}: {field!r} is both given and listed as assumed; "
                "an assumed value must live only in assumptions.toml"
            )
        key = f"ship.{slug}.{field}"
        try:
            data[field] = assumption(key).value
        except KeyError:
            raise DataFileError(
                f"ships.toml preset {slug!r} assumes {field!r} but data/assumptions.toml has "
                f"no entry {key!r}"
            ) from None
        keys.append(key)
    data["slug"] = slug
    data["assumptions"] = tuple(keys)
    return data


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _index() -> dict[str, str]:
    out = {}
    for slug, entry in _preset_table().items():
        for label in (slug, entry.get("name", ""), *entry.get("aliases", [])):
            out[_norm(label)] = slug
    return out


def list_ships() -> list[Ship]:
    """All ship presets, in file order, with current assumption values applied."""
    return [Ship(**_resolve_preset(s, e)) for s, e in _preset_table().items()]


def get_ship(name: str) -> Ship:
    """A ship preset by slug, name or alias (case, spaces and punctuation ignored).

    Parameters
    ----------
    name : str
        E.g. ``"container_4500teu_arc4"``, ``"Panamax bulker (no ice class)"``
        or an alias such as ``"yamalmax"``.

    Returns
    -------
    Ship
        Built afresh on each call, so assumption overrides in force apply.

    Raises
    ------
    UnknownShipError
        If no preset matches; the message lists the presets and the closest.
    """
    index = _index()
    slug = index.get(_norm(name)) if isinstance(name, str) else None
    if slug is None:
        table = _preset_table()
        close = difflib.get_close_matches(_norm(str(name)), index, n=1, cutoff=0.5)
        hint = f" Did you mean {index[close[0]]!r}?" if close else ""
        listing = "; ".join(f"{s} ({e['name']})" for s, e in table.items())
        raise UnknownShipError(
            f"unknown ship preset {name!r}.{hint} Presets: {listing}. "
            "Or pass a .toml/.json ship file."
        )
    return Ship(**_resolve_preset(slug, _preset_table()[slug]))


# --- user files ------------------------------------------------------------------------


def _read_mapping(path: Path) -> dict[str, Any]:
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise DataFileError(f"ship file {path}: expected a .toml or .json file, got {suffix!r}")
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise DataFileError(
            f"ship file {path} does not exist (resolved to {path.resolve()}); give the path "
            "of a .toml or .json ship file, or a preset name"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read ship file {path}: {exc}") from exc
    try:
        data = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"ship file {path} is not valid TOML: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise DataFileError(f"ship file {path} is not valid JSON: {exc}") from exc
    if isinstance(data, dict) and set(data) == {"ship"} and isinstance(data["ship"], dict):
        data = data["ship"]
    if not isinstance(data, dict):
        raise DataFileError(
            f"ship file {path} must hold one table/object of ship fields, got {type(data).__name__}"
        )
    return data


def load_ship(path: str | Path) -> Ship:
    """Read a user ship from a TOML or JSON file.

    Parameters
    ----------
    path : str or Path
        A ``.toml`` file with the :class:`Ship` fields at top level (or under
        ``[ship]``), or a ``.json`` file holding one object. ``base = "<preset>"``
        starts from that preset; fields given in the file replace the preset's,
        and assumption keys of replaced fields are dropped.

    Returns
    -------
    Ship

    Raises
    ------
    DataFileError
        If the file is missing, unreadable, not valid TOML/JSON or not a table.
    ShipValidationError
        If a field is missing, of the wrong type, unknown or out of bounds;
        the message starts with the file path.
    UnknownShipError
        If ``base`` names no preset.
    """
    path = Path(path)
    data = _read_mapping(path)
    base = data.pop("base", None)
    if base is not None:
        preset = get_ship(str(base)).model_dump()
        dropped = {f"ship.{preset['slug']}.{field}" for field in data}
        if "ice_class" in data and "polar_code_category" not in data:
            preset.pop("polar_code_category")
            dropped |= set(polar_code_category_assumptions(preset["ice_class"]))
        preset["assumptions"] = tuple(k for k in preset["assumptions"] if k not in dropped)
        preset["slug"] = None
        data = {**preset, **data}
    try:
        return Ship(**data)
    except ShipValidationError as exc:
        raise ShipValidationError(f"{path}: {exc}") from None
