"""Type stub: the names ``arcticroute.web`` exports (read at run time by lazy_loader)."""

from . import app as app
from . import connections as connections
from . import guards as guards
from . import layers as layers
from . import limits as limits
from . import service as service
from .app import (
    DATE_RANGE as DATE_RANGE,
)
from .app import (
    create_app as create_app,
)
from .connections import (
    guarded_protocol as guarded_protocol,
)
from .connections import (
    raw_response as raw_response,
)
from .guards import (
    RequestGuard as RequestGuard,
)
from .guards import (
    allowed_hosts_for as allowed_hosts_for,
)
from .layers import (
    ICE_BANDS as ICE_BANDS,
)
from .layers import (
    escort_geometry as escort_geometry,
)
from .layers import (
    ice_geojson as ice_geojson,
)
from .layers import (
    land_geojson as land_geojson,
)
from .layers import (
    nsr_zones_geojson as nsr_zones_geojson,
)
from .limits import (
    AnswerCache as AnswerCache,
)
from .limits import (
    Busy as Busy,
)
from .limits import (
    Limits as Limits,
)
from .limits import (
    Payload as Payload,
)
from .limits import (
    RequestSizeLimit as RequestSizeLimit,
)
from .limits import (
    SolvePool as SolvePool,
)
from .limits import (
    SolveTimeout as SolveTimeout,
)
from .limits import (
    raw_key as raw_key,
)
from .service import (
    VoyageQuery as VoyageQuery,
)
from .service import (
    custom_ship as custom_ship,
)
from .service import (
    observed_grid_local as observed_grid_local,
)
from .service import (
    season_doc as season_doc,
)
from .service import (
    voyage_doc as voyage_doc,
)
