"""Domain errors raised by arcticroute.

Every error a user can provoke with bad input is one of these, and its
message says what was wrong and what would work instead. The CLI prints
the message on one line and exits non-zero; library users can catch the
specific class or :class:`ArcticRouteError` for all of them.

Hierarchy::

    ArcticRouteError
    ├── UnknownPortError (LookupError)        port name/code not in the catalogue
    ├── UnknownShipError (LookupError)        ship preset not found
    ├── ShipValidationError (ValueError)      ship particulars outside physical bounds
    ├── UnknownIceClassError (ValueError)     ice class not recognised
    ├── InvalidCoordinateError (ValueError)   "lat,lon" malformed or out of range
    ├── PointOnLandError (ValueError)         position not at sea / too far from the network
    ├── UnknownPassageError (ValueError)      --via names no known corridor
    ├── NoRouteError (LookupError)            no route through the requested corridor
    ├── DataFileError (ValueError)            a data file is missing, truncated or corrupt
    │
    │   defined next to the models they guard (all ValueError too):
    ├── fuel.InvalidQuantityError              negative/NaN distance, speed, power, SFOC
    ├── emissions.UnknownFuelTypeError         fuel not HFO, VLSFO, MGO or LNG
    ├── emissions.UnknownEngineTypeError       LNG engine class not known
    ├── emissions.InvalidCountryCodeError      not an ISO 3166-1 alpha-2 code
    ├── tariffs.TariffError                    zones, month, deck tiers outside the tariff
    ├── hfo_ban.HFOBanError                    route breaches the Arctic HFO ban
    ├── hfo_ban.HFOBanArgumentError            bad fuel, policy, flag or date for the check
    ├── icegrid.UnknownRegionError (LookupError)  region name not in the grid's masks
    ├── extent.ExtentInputError                bad threshold, mask or region arguments
    ├── icedata.IceDataError                   bad date, source, statistic or years
    │   └── icedata.NoIceDataError (LookupError)  no observed field and no climatology allowed
    ├── icestage.IceStageError                 bad thickness, concentration, month or stage
    ├── performance.PerformanceError           bad concentration, thickness, speed, season or stage
    ├── polaris.PolarisError                   bad class, stage, concentration or speed policy
    ├── nsr_rules.NsrRulesError                bad zone, mode, ice conditions, date or ice field
    ├── icefill.IceFillError                   unknown fill rule, bad radius, mismatched shapes
    ├── iceplot.IcePlotError                   routes, escort mask, zones or ice field not drawable
    ├── routing.variants.IceRoutingError       bad date, policy, variant, node or speed array
    ├── InputError (ValueError)               a date, number, file or output path refused
    ├── RouteInfeasible (NoRouteError)         the ice closes the route; has .verdict
    │   └── voyage.IceRouteInfeasible          the same, raised by the ice router
    ├── seasons.SeasonError                    bad years, step, basis, route; grid year not local
    ├── seasonplot.SeasonPlotError             nothing to plot, bad seasons or output
    ├── matrix.MatrixError                     bad ports, dates, ships, variants, out path, size
    └── economics.EconomicsError               bad trip, load factor, price or date
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ArcticRouteError",
    "DataFileError",
    "InputError",
    "InvalidCoordinateError",
    "NoRouteError",
    "PointOnLandError",
    "RouteInfeasible",
    "ShipValidationError",
    "UnknownIceClassError",
    "UnknownPassageError",
    "UnknownPortError",
    "UnknownShipError",
]


class ArcticRouteError(Exception):
    """Base class of every error arcticroute raises on bad input or data."""


class UnknownPortError(ArcticRouteError, LookupError):
    """A port name or UN/LOCODE is not in the catalogue."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class UnknownShipError(ArcticRouteError, LookupError):
    """A ship preset name is not known."""


class ShipValidationError(ArcticRouteError, ValueError):
    """Ship particulars are missing or outside physical bounds."""


class UnknownIceClassError(ArcticRouteError, ValueError):
    """An ice class string is not recognised in any supported system."""


class InvalidCoordinateError(ArcticRouteError, ValueError):
    """A coordinate string or value is malformed or out of range."""


class PointOnLandError(ArcticRouteError, ValueError):
    """A position is on land or too far from the sea-lane network to route from."""


class UnknownPassageError(ArcticRouteError, ValueError):
    """A requested corridor/passage name is not known."""


class InputError(ArcticRouteError, ValueError):
    """A user input (date, number, file, output path) is malformed or out of range."""


class NoRouteError(ArcticRouteError, LookupError):
    """No route connects the two points through the requested corridor."""


class RouteInfeasible(NoRouteError):
    """The corridor joins the ports but the ship cannot make the voyage on that date
    (ice, its class, the NSR rules or POLARIS): ``verdict`` is the
    :class:`~arcticroute.routing.voyage.IceVerdict` that says why. On the command
    line ``arcticroute route`` prints the verdict and exits 3.
    """

    def __init__(self, message: str, verdict: Any) -> None:
        super().__init__(message)
        self.verdict = verdict


class DataFileError(ArcticRouteError, ValueError):
    """A data file is missing, truncated, corrupt or of the wrong layout."""
