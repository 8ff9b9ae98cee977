"""Type stub: the public API of ``arcticroute`` (read at run time by lazy_loader)."""

from . import (
    analysis as analysis,
)
from . import (
    economics as economics,
)
from . import (
    errors as errors,
)
from . import (
    geo as geo,
)
from . import (
    ice as ice,
)
from . import (
    plots as plots,
)
from . import (
    routing as routing,
)
from . import (
    rules as rules,
)
from . import (
    vessel as vessel,
)
from .analysis.plan import plan as plan
from .caches import clear_caches as clear_caches
from .errors import (
    ArcticRouteError as ArcticRouteError,
)
from .errors import (
    NoRouteError as NoRouteError,
)
from .errors import (
    RouteInfeasible as RouteInfeasible,
)
from .errors import (
    UnknownPortError as UnknownPortError,
)
from .errors import (
    UnknownShipError as UnknownShipError,
)
from .geo.ports import Port as Port
from .geo.ports import get_port as get_port
from .geo.ports import search_ports as search_ports
from .ice.icedata import ice_for as ice_for
from .routing.lanes import (
    distance_matrix as distance_matrix,
)
from .routing.legs import Comparison as Comparison
from .routing.legs import CorridorStatus as CorridorStatus
from .routing.legs import Leg as Leg
from .routing.legs import Route as Route
from .routing.planner import IceOptions as IceOptions
from .routing.planner import compare as compare
from .routing.planner import route as route
from .routing.voyage import IceRouteInfeasible as IceRouteInfeasible
from .routing.voyage import IceVerdict as IceVerdict
from .version import __version__ as __version__
from .vessel.ships import Ship as Ship
from .vessel.ships import get_ship as get_ship
from .vessel.ships import list_ships as list_ships
from .vessel.ships import load_ship as load_ship
