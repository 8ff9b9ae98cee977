"""Type stub: the names ``arcticroute.economics`` exports (read at run time by lazy_loader)."""

from . import costs as costs
from . import emissions as emissions
from . import fuel as fuel
from . import panama as panama
from . import tariffs as tariffs
from .costs import (
    COST_KEYS as COST_KEYS,
)
from .costs import (
    PRICE_LIMIT as PRICE_LIMIT,
)
from .costs import (
    TRIPS as TRIPS,
)
from .costs import (
    EconomicsError as EconomicsError,
)
from .costs import (
    EconomicsOptions as EconomicsOptions,
)
from .costs import (
    VoyageEconomics as VoyageEconomics,
)
from .costs import (
    canal_toll_usd as canal_toll_usd,
)
from .costs import (
    compare_economics as compare_economics,
)
from .costs import (
    cost_arrays as cost_arrays,
)
from .costs import (
    price_overrides as price_overrides,
)
from .costs import (
    voyage_economics as voyage_economics,
)
from .emissions import (
    EEA_EFTA_STATES_ISO2 as EEA_EFTA_STATES_ISO2,
)
from .emissions import (
    ETS_COUNTRIES_ISO2 as ETS_COUNTRIES_ISO2,
)
from .emissions import (
    EU_MEMBER_STATES_ISO2 as EU_MEMBER_STATES_ISO2,
)
from .emissions import (
    EU_OUTERMOST_REGIONS_ISO2 as EU_OUTERMOST_REGIONS_ISO2,
)
from .emissions import (
    FUEL_TYPES as FUEL_TYPES,
)
from .emissions import (
    LNG_ENGINE_TYPES as LNG_ENGINE_TYPES,
)
from .emissions import (
    GhgEmissions as GhgEmissions,
)
from .emissions import (
    InvalidCountryCodeError as InvalidCountryCodeError,
)
from .emissions import (
    InvalidQuantityError as InvalidQuantityError,
)
from .emissions import (
    UnknownEngineTypeError as UnknownEngineTypeError,
)
from .emissions import (
    UnknownFuelTypeError as UnknownFuelTypeError,
)
from .emissions import (
    black_carbon_t as black_carbon_t,
)
from .emissions import (
    co2_factor_t_per_t as co2_factor_t_per_t,
)
from .emissions import (
    co2e_t as co2e_t,
)
from .emissions import (
    ets_allowances_t as ets_allowances_t,
)
from .emissions import (
    ets_cost_usd as ets_cost_usd,
)
from .emissions import (
    ets_phase_in as ets_phase_in,
)
from .emissions import (
    ets_scope_share as ets_scope_share,
)
from .emissions import (
    ghg_emissions_t as ghg_emissions_t,
)
from .fuel import (
    auxiliary_engine_fuel_t as auxiliary_engine_fuel_t,
)
from .fuel import (
    engine_load_fraction as engine_load_fraction,
)
from .fuel import (
    main_engine_fuel_in_ice_t as main_engine_fuel_in_ice_t,
)
from .fuel import (
    main_engine_fuel_per_day_t as main_engine_fuel_per_day_t,
)
from .fuel import (
    main_engine_fuel_t as main_engine_fuel_t,
)
from .fuel import (
    sea_days as sea_days,
)
from .panama import (
    PanamaToll as PanamaToll,
)
from .panama import (
    panama_toll_usd as panama_toll_usd,
)
from .tariffs import (
    Tariff as Tariff,
)
from .tariffs import (
    TariffError as TariffError,
)
from .tariffs import (
    ice_pilotage_usd as ice_pilotage_usd,
)
from .tariffs import (
    nsr_escort_fee_usd as nsr_escort_fee_usd,
)
from .tariffs import (
    nsr_escort_rate_rub_per_gt as nsr_escort_rate_rub_per_gt,
)
from .tariffs import (
    suez_toll_sdr as suez_toll_sdr,
)
from .tariffs import (
    suez_toll_usd as suez_toll_usd,
)
