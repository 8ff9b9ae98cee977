"""Type stub: the names ``arcticroute.geo`` exports (read at run time by lazy_loader)."""

from . import arcticmesh as arcticmesh
from . import geodesy as geodesy
from . import hierarchy as hierarchy
from . import joined as joined
from . import land as land
from . import network as network
from . import nsr as nsr
from . import nsrzones as nsrzones
from . import passages as passages
from . import ports as ports
from .arcticmesh import (
    MESH_FILE as MESH_FILE,
)
from .arcticmesh import (
    ArcticMesh as ArcticMesh,
)
from .arcticmesh import (
    MeshPath as MeshPath,
)
from .arcticmesh import (
    edge_factor_from_nodes as edge_factor_from_nodes,
)
from .arcticmesh import (
    load_mesh as load_mesh,
)
from .arcticmesh import (
    nearest_node as nearest_node,
)
from .arcticmesh import (
    shortest_path as shortest_path,
)
from .arcticmesh import (
    to_xy as to_xy,
)
from .geodesy import (
    M_PER_NM as M_PER_NM,
)
from .geodesy import (
    MEAN_EARTH_RADIUS_M as MEAN_EARTH_RADIUS_M,
)
from .geodesy import (
    densify as densify,
)
from .geodesy import (
    geodesic_distance_m as geodesic_distance_m,
)
from .geodesy import (
    path_length_m as path_length_m,
)
from .geodesy import (
    split_antimeridian as split_antimeridian,
)
from .geodesy import (
    unit_vectors as unit_vectors,
)
from .geodesy import (
    unwrap_lon as unwrap_lon,
)
from .geodesy import (
    wrap_lon as wrap_lon,
)
from .hierarchy import (
    HIERARCHY_FILE as HIERARCHY_FILE,
)
from .hierarchy import (
    Hierarchy as Hierarchy,
)
from .hierarchy import (
    lane_hierarchy as lane_hierarchy,
)
from .joined import (
    JOINS_FILE as JOINS_FILE,
)
from .joined import (
    Entry as Entry,
)
from .joined import (
    Joins as Joins,
)
from .joined import (
    entry as entry,
)
from .joined import (
    load_joins as load_joins,
)
from .land import (
    check_at_sea as check_at_sea,
)
from .land import (
    land_polygons as land_polygons,
)
from .network import (
    LANE_ARRAYS as LANE_ARRAYS,
)
from .network import (
    MAX_APPROACH_M as MAX_APPROACH_M,
)
from .network import (
    Approach as Approach,
)
from .network import (
    Attachment as Attachment,
)
from .network import (
    Network as Network,
)
from .network import (
    load_network as load_network,
)
from .network import (
    port_key as port_key,
)
from .nsr import (
    NsrCrossing as NsrCrossing,
)
from .nsr import (
    nsr_crossing as nsr_crossing,
)
from .nsrzones import (
    REGION_RADIUS_KEY as REGION_RADIUS_KEY,
)
from .nsrzones import (
    UKC_KEY as UKC_KEY,
)
from .nsrzones import (
    ZONES_FILE as ZONES_FILE,
)
from .nsrzones import (
    NsrZones as NsrZones,
)
from .nsrzones import (
    depth_limited as depth_limited,
)
from .nsrzones import (
    draft_limited_edges as draft_limited_edges,
)
from .nsrzones import (
    draft_limited_nodes as draft_limited_nodes,
)
from .nsrzones import (
    estuary_source_nodes as estuary_source_nodes,
)
from .nsrzones import (
    load_zones as load_zones,
)
from .nsrzones import (
    mesh_sha256 as mesh_sha256,
)
from .nsrzones import (
    read_zones as read_zones,
)
from .nsrzones import (
    regional_means as regional_means,
)
from .nsrzones import (
    strait_depths_m as strait_depths_m,
)
from .passages import (
    CORRIDORS as CORRIDORS,
)
from .passages import (
    PASSAGES as PASSAGES,
)
from .passages import (
    Corridor as Corridor,
)
from .passages import (
    Passage as Passage,
)
from .passages import (
    corridor as corridor,
)
from .passages import (
    passage_mask as passage_mask,
)
from .passages import (
    passages_from_mask as passages_from_mask,
)
from .ports import (
    Port as Port,
)
from .ports import (
    all_ports as all_ports,
)
from .ports import (
    get_port as get_port,
)
from .ports import (
    normalise_name as normalise_name,
)
from .ports import (
    search_ports as search_ports,
)
