"""Type stub: the names ``arcticroute.routing`` exports (read at run time by lazy_loader)."""

from . import icerouting as icerouting
from . import icevoyage as icevoyage
from . import lanes as lanes
from . import planner as planner
from .icerouting import (
    EAST_GATEWAY as EAST_GATEWAY,
)
from .icerouting import (
    MAX_TIME_ITERATIONS as MAX_TIME_ITERATIONS,
)
from .icerouting import (
    NO_PATH as NO_PATH,
)
from .icerouting import (
    VARIANTS as VARIANTS,
)
from .icerouting import (
    WEST_GATEWAY as WEST_GATEWAY,
)
from .icerouting import (
    IceLayer as IceLayer,
)
from .icerouting import (
    IcePassage as IcePassage,
)
from .icerouting import (
    IceRoutingError as IceRoutingError,
)
from .icerouting import (
    TimedTree as TimedTree,
)
from .icerouting import (
    Variant as Variant,
)
from .icerouting import (
    escort_region as escort_region,
)
from .icerouting import (
    escort_waits as escort_waits,
)
from .icerouting import (
    ice_kind as ice_kind,
)
from .icerouting import (
    ice_layer as ice_layer,
)
from .icerouting import (
    ice_passage as ice_passage,
)
from .icerouting import (
    node_speeds_kn as node_speeds_kn,
)
from .icerouting import (
    timed_tree as timed_tree,
)
from .icevoyage import (
    ARCTIC_VARIANTS as ARCTIC_VARIANTS,
)
from .icevoyage import (
    HEAVY_ICE_STAT as HEAVY_ICE_STAT,
)
from .icevoyage import (
    IceRouteInfeasible as IceRouteInfeasible,
)
from .icevoyage import (
    IceVerdict as IceVerdict,
)
from .icevoyage import (
    ice_route as ice_route,
)
from .lanes import (
    DEFAULT_SHIP as DEFAULT_SHIP,
)
from .lanes import (
    ICE_NOT_CONSIDERED as ICE_NOT_CONSIDERED,
)
from .lanes import (
    Comparison as Comparison,
)
from .lanes import (
    Leg as Leg,
)
from .lanes import (
    Route as Route,
)
from .lanes import (
    as_port as as_port,
)
from .lanes import (
    distance_matrix as distance_matrix,
)
from .lanes import (
    lane_route as lane_route,
)
from .lanes import (
    resolve_speed as resolve_speed,
)
from .planner import (
    ICE_ALTERNATIVES as ICE_ALTERNATIVES,
)
from .planner import (
    ICE_VARIANTS as ICE_VARIANTS,
)
from .planner import (
    IceOptions as IceOptions,
)
from .planner import (
    compare as compare,
)
from .planner import (
    route as route,
)
from .planner import (
    route_comparison as route_comparison,
)
