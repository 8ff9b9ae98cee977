"""Type stub: the names ``arcticroute.rules`` exports (read at run time by lazy_loader)."""

from . import hfo_ban as hfo_ban
from . import nsr_rules as nsr_rules
from . import polaris as polaris
from .hfo_ban import (
    ARCTIC_WATERS_POINTS as ARCTIC_WATERS_POINTS,
)
from .hfo_ban import (
    MAX_STEP_M as MAX_STEP_M,
)
from .hfo_ban import (
    POLICIES as POLICIES,
)
from .hfo_ban import (
    BoundaryPoint as BoundaryPoint,
)
from .hfo_ban import (
    HFOBanArgumentError as HFOBanArgumentError,
)
from .hfo_ban import (
    HFOBanCheck as HFOBanCheck,
)
from .hfo_ban import (
    HFOBanError as HFOBanError,
)
from .hfo_ban import (
    HFOBanStatus as HFOBanStatus,
)
from .hfo_ban import (
    arctic_waters_polygon as arctic_waters_polygon,
)
from .hfo_ban import (
    distance_in_arctic_waters_nm as distance_in_arctic_waters_nm,
)
from .hfo_ban import (
    fuel_counts_as_hfo as fuel_counts_as_hfo,
)
from .hfo_ban import (
    hfo_ban_check as hfo_ban_check,
)
from .hfo_ban import (
    hfo_ban_status as hfo_ban_status,
)
from .hfo_ban import (
    in_arctic_waters as in_arctic_waters,
)
from .nsr_rules import (
    ICE_CONDITIONS as ICE_CONDITIONS,
)
from .nsr_rules import (
    MODES as MODES,
)
from .nsr_rules import (
    REGIONS_FROM_KEY as REGIONS_FROM_KEY,
)
from .nsr_rules import (
    SEASON_LIMIT as SEASON_LIMIT,
)
from .nsr_rules import (
    SEASON_LIMITED_CLASSES as SEASON_LIMITED_CLASSES,
)
from .nsr_rules import (
    AdmissionRow as AdmissionRow,
)
from .nsr_rules import (
    AdmissionTable as AdmissionTable,
)
from .nsr_rules import (
    NsrAdmission as NsrAdmission,
)
from .nsr_rules import (
    NsrRulesError as NsrRulesError,
)
from .nsr_rules import (
    admission as admission,
)
from .nsr_rules import (
    classify as classify,
)
from .nsr_rules import (
    escort_needed as escort_needed,
)
from .nsr_rules import (
    fail_closed as fail_closed,
)
from .nsr_rules import (
    ice_conditions_type as ice_conditions_type,
)
from .nsr_rules import (
    load_admission_table as load_admission_table,
)
from .nsr_rules import (
    regional as regional,
)
from .nsr_rules import (
    season_allows as season_allows,
)
from .polaris import (
    ELEVATED_RISK_SPEED_LIMIT_KN as ELEVATED_RISK_SPEED_LIMIT_KN,
)
from .polaris import (
    RIO_THRESHOLDS as RIO_THRESHOLDS,
)
from .polaris import (
    RIV_TABLE as RIV_TABLE,
)
from .polaris import (
    SPEED_POLICIES as SPEED_POLICIES,
)
from .polaris import (
    OperationLevel as OperationLevel,
)
from .polaris import (
    PolarisClass as PolarisClass,
)
from .polaris import (
    PolarisError as PolarisError,
)
from .polaris import (
    elevated_risk_speed_limit_kn as elevated_risk_speed_limit_kn,
)
from .polaris import (
    operation_level as operation_level,
)
from .polaris import (
    polaris_assumptions as polaris_assumptions,
)
from .polaris import (
    polaris_class as polaris_class,
)
from .polaris import (
    polaris_speed_kn as polaris_speed_kn,
)
from .polaris import (
    rio as rio,
)
from .polaris import (
    riv as riv,
)
