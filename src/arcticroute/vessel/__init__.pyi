"""Type stub: the names ``arcticroute.vessel`` exports (read at run time by lazy_loader)."""

from . import capability as capability
from . import iceclass as iceclass
from . import performance as performance
from . import ships as ships
from .capability import (
    CLOSE_ICE_MAX as CLOSE_ICE_MAX,
)
from .capability import (
    OPEN_ICE_MAX as OPEN_ICE_MAX,
)
from .capability import (
    RS_CLASS_ICE as RS_CLASS_ICE,
)
from .capability import (
    Capability as Capability,
)
from .capability import (
    class_capability as class_capability,
)
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
    SEASONS as SEASONS,
)
from .performance import (
    SPEED_AT_CAPABILITY_KN as SPEED_AT_CAPABILITY_KN,
)
from .performance import (
    SPEED_REDUCTION_M as SPEED_REDUCTION_M,
)
from .performance import (
    WAITE_SPEED_PARAMETERS as WAITE_SPEED_PARAMETERS,
)
from .performance import (
    PerformanceError as PerformanceError,
)
from .performance import (
    parse_season as parse_season,
)
from .performance import (
    speed_alone_kn as speed_alone_kn,
)
from .performance import (
    speed_escorted_kn as speed_escorted_kn,
)
from .performance import (
    speed_factor_in_ice as speed_factor_in_ice,
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
