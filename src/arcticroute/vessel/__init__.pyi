"""Type stub: the names ``arcticroute.vessel`` exports (read at run time by lazy_loader)."""

from . import iceclass as iceclass
from . import performance as performance
from . import ships as ships
from .iceclass import (
    Equivalence as Equivalence,
)
from .iceclass import (
    IceClass as IceClass,
)
from .iceclass import (
    IceSystem as IceSystem,
)
from .iceclass import (
    PolarCodeCategory as PolarCodeCategory,
)
from .iceclass import (
    equivalence as equivalence,
)
from .iceclass import (
    equivalent as equivalent,
)
from .iceclass import (
    parse_ice_class as parse_ice_class,
)
from .iceclass import (
    polar_code_category as polar_code_category,
)
from .iceclass import (
    polar_code_category_assumptions as polar_code_category_assumptions,
)
from .performance import (
    FSICR_DESIGN_THICKNESS_M as FSICR_DESIGN_THICKNESS_M,
)
from .performance import (
    RS_NOMINAL_LEVEL_ICE_M as RS_NOMINAL_LEVEL_ICE_M,
)
from .performance import (
    SEASONS as SEASONS,
)
from .performance import (
    WAITE_ESCORT_SPEED_KN as WAITE_ESCORT_SPEED_KN,
)
from .performance import (
    WAITE_SPEED_PARAMETERS as WAITE_SPEED_PARAMETERS,
)
from .performance import (
    PerformanceError as PerformanceError,
)
from .performance import (
    SpeedInIceParameters as SpeedInIceParameters,
)
from .performance import (
    parse_season as parse_season,
)
from .performance import (
    speed_factor_in_ice as speed_factor_in_ice,
)
from .performance import (
    speed_in_ice_kn as speed_in_ice_kn,
)
from .performance import (
    speed_parameters as speed_parameters,
)
from .performance import (
    stage_thickness_m as stage_thickness_m,
)
from .ships import (
    BEAM_TO_LENGTH_BOUNDS as BEAM_TO_LENGTH_BOUNDS,
)
from .ships import (
    BOUNDS as BOUNDS,
)
from .ships import (
    CapacityUnit as CapacityUnit,
)
from .ships import (
    FuelType as FuelType,
)
from .ships import (
    Ship as Ship,
)
from .ships import (
    ShipType as ShipType,
)
from .ships import (
    get_ship as get_ship,
)
from .ships import (
    list_ships as list_ships,
)
from .ships import (
    load_ship as load_ship,
)
