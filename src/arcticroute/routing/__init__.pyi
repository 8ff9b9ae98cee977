"""Type stub: the names ``arcticroute.routing`` exports (read at run time by lazy_loader)."""

from . import icelayer as icelayer
from . import lanes as lanes
from . import legs as legs
from . import passage as passage
from . import planner as planner
from . import search as search
from . import serialize as serialize
from . import timed as timed
from . import variants as variants
from . import voyage as voyage
from .icelayer import (
    LAYERS as LAYERS,
)
from .icelayer import (
    IceLayer as IceLayer,
)
from .icelayer import (
    as_date as as_date,
)
from .icelayer import (
    as_ship as as_ship,
)
from .icelayer import (
    check_policy as check_policy,
)
from .icelayer import (
    escort_region as escort_region,
)
from .icelayer import (
    escort_season as escort_season,
)
from .icelayer import (
    ice_layer as ice_layer,
)
from .icelayer import (
    node_speeds_kn as node_speeds_kn,
)
from .lanes import (
    DEFAULT_SHIP as DEFAULT_SHIP,
)
from .lanes import (
    ICE_NOT_CONSIDERED as ICE_NOT_CONSIDERED,
)
from .lanes import (
    Solution as Solution,
)
from .lanes import (
    as_port as as_port,
)
from .lanes import (
    assemble as assemble,
)
from .lanes import (
    check_required as check_required,
)
from .lanes import (
    distance_matrix as distance_matrix,
)
from .lanes import (
    lane_route as lane_route,
)
from .lanes import (
    matrix_m as matrix_m,
)
from .lanes import (
    path_nodes as path_nodes,
)
from .lanes import (
    resolve_speed as resolve_speed,
)
from .lanes import (
    same_edge as same_edge,
)
from .lanes import (
    solve as solve,
)
from .legs import (
    CORRIDOR_STATUSES as CORRIDOR_STATUSES,
)
from .legs import (
    DATAFRAME_COLUMNS as DATAFRAME_COLUMNS,
)
from .legs import (
    GEOMETRY_STEP_M as GEOMETRY_STEP_M,
)
from .legs import (
    Chain as Chain,
)
from .legs import (
    Comparison as Comparison,
)
from .legs import (
    CorridorStatus as CorridorStatus,
)
from .legs import (
    Leg as Leg,
)
from .legs import (
    Route as Route,
)
from .legs import (
    chain_legs as chain_legs,
)
from .legs import (
    door_to_door as door_to_door,
)
from .legs import (
    path_vertices as path_vertices,
)
from .passage import (
    DRAFT as DRAFT,
)
from .passage import (
    FILLED_CELLS as FILLED_CELLS,
)
from .passage import (
    NO_PATH as NO_PATH,
)
from .passage import (
    SEASON as SEASON,
)
from .passage import (
    IcePassage as IcePassage,
)
from .passage import (
    ZoneSummary as ZoneSummary,
)
from .passage import (
    ice_kind as ice_kind,
)
from .passage import (
    ice_passage as ice_passage,
)
from .passage import (
    infeasible as infeasible,
)
from .passage import (
    no_path_reasons as no_path_reasons,
)
from .passage import (
    summarize as summarize,
)
from .passage import (
    zone_summaries as zone_summaries,
)
from .planner import (
    DIRECT as DIRECT,
)
from .planner import (
    ICE_ALTERNATIVES as ICE_ALTERNATIVES,
)
from .planner import (
    ICE_VARIANTS as ICE_VARIANTS,
)
from .planner import (
    DateSpec as DateSpec,
)
from .planner import (
    IceOptions as IceOptions,
)
from .planner import (
    ShipSpec as ShipSpec,
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
from .search import (
    dijkstra as dijkstra,
)
from .search import (
    dijkstra_sets as dijkstra_sets,
)
from .search import (
    hierarchy_route as hierarchy_route,
)
from .search import (
    node_trees as node_trees,
)
from .timed import (
    FIRST_SEARCHES as FIRST_SEARCHES,
)
from .timed import (
    HOURS_PER_DAY as HOURS_PER_DAY,
)
from .timed import (
    MAX_TIME_ITERATIONS as MAX_TIME_ITERATIONS,
)
from .timed import (
    MeshPhase as MeshPhase,
)
from .timed import (
    TimedTree as TimedTree,
)
from .timed import (
    as_datetime as as_datetime,
)
from .timed import (
    mesh_phase as mesh_phase,
)
from .timed import (
    open_phase as open_phase,
)
from .timed import (
    timed_tree as timed_tree,
)
from .variants import (
    NSR_VARIANTS as NSR_VARIANTS,
)
from .variants import (
    TRANSIT_REGIONS as TRANSIT_REGIONS,
)
from .variants import (
    VARIANTS as VARIANTS,
)
from .variants import (
    IceRoutingError as IceRoutingError,
)
from .variants import (
    MeshFilter as MeshFilter,
)
from .variants import (
    Variant as Variant,
)
from .variants import (
    draft_closed_straits as draft_closed_straits,
)
from .variants import (
    get_variant as get_variant,
)
from .variants import (
    lane_mask as lane_mask,
)
from .variants import (
    mesh_filter as mesh_filter,
)
from .variants import (
    required_bit as required_bit,
)
from .voyage import (
    ARCTIC_VARIANTS as ARCTIC_VARIANTS,
)
from .voyage import (
    HEAVY_ICE_STAT as HEAVY_ICE_STAT,
)
from .voyage import (
    OUTSIDE_MESH as OUTSIDE_MESH,
)
from .voyage import (
    IceRouteInfeasible as IceRouteInfeasible,
)
from .voyage import (
    IceVerdict as IceVerdict,
)
from .voyage import (
    ice_route as ice_route,
)
from .voyage import (
    lane_corridor_matrix as lane_corridor_matrix,
)
from .voyage import (
    lane_corridor_route as lane_corridor_route,
)
from .voyage import (
    with_heavy_ice_only as with_heavy_ice_only,
)
