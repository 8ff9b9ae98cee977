"""Type stub: the names ``arcticroute.ice`` exports (read at run time by lazy_loader)."""

from . import cdrmonthly as cdrmonthly
from . import datacache as datacache
from . import extent as extent
from . import extentfield as extentfield
from . import field as field
from . import iceage as iceage
from . import icecover as icecover
from . import icedata as icedata
from . import icefill as icefill
from . import icegrid as icegrid
from . import icestage as icestage
from . import seaice as seaice
from . import spillover as spillover
from . import thickness as thickness
from . import userice as userice
from . import xrcompat as xrcompat
from .cdrmonthly import (
    SURFACE_VARIABLE as SURFACE_VARIABLE,
)
from .cdrmonthly import (
    read_cdr_month as read_cdr_month,
)
from .datacache import (
    PRODUCTS as PRODUCTS,
)
from .datacache import (
    REGISTRY as REGISTRY,
)
from .datacache import (
    FetchResult as FetchResult,
)
from .datacache import (
    Product as Product,
)
from .datacache import (
    RemoteFile as RemoteFile,
)
from .datacache import (
    VerifyResult as VerifyResult,
)
from .datacache import (
    cache_dir as cache_dir,
)
from .datacache import (
    cache_generation as cache_generation,
)
from .datacache import (
    cache_state as cache_state,
)
from .datacache import (
    date_span as date_span,
)
from .datacache import (
    describe_files as describe_files,
)
from .datacache import (
    download as download,
)
from .datacache import (
    download_range as download_range,
)
from .datacache import (
    fetch as fetch,
)
from .datacache import (
    file_name as file_name,
)
from .datacache import (
    list_files as list_files,
)
from .datacache import (
    local_files as local_files,
)
from .datacache import (
    local_path as local_path,
)
from .datacache import (
    product_dates as product_dates,
)
from .datacache import (
    verify as verify,
)
from .datacache import (
    verify_all as verify_all,
)
from .extent import (
    EXTENT_THRESHOLD as EXTENT_THRESHOLD,
)
from .extent import (
    ExtentInputError as ExtentInputError,
)
from .extent import (
    area_km2 as area_km2,
)
from .extent import (
    extent_km2 as extent_km2,
)
from .extentfield import (
    EXTENT_FILE as EXTENT_FILE,
)
from .extentfield import (
    extent_field as extent_field,
)
from .extentfield import (
    extent_mask as extent_mask,
)
from .extentfield import (
    extent_months as extent_months,
)
from .field import (
    SIC_ATTRS as SIC_ATTRS,
)
from .field import (
    IceField as IceField,
)
from .iceage import (
    CONFIRM_KEY as CONFIRM_KEY,
)
from .iceage import (
    OldIce as OldIce,
)
from .iceage import (
    extent_confirmation as extent_confirmation,
)
from .iceage import (
    last_minimum as last_minimum,
)
from .iceage import (
    old_ice_concentration as old_ice_concentration,
)
from .icecover import (
    IceCover as IceCover,
)
from .icecover import (
    ice_cover as ice_cover,
)
from .icecover import (
    season_series as season_series,
)
from .icecover import (
    thickness_day as thickness_day,
)
from .icedata import (
    CMIP6_PREFIX as CMIP6_PREFIX,
)
from .icedata import (
    EMBEDDED_FILE as EMBEDDED_FILE,
)
from .icedata import (
    EMBEDDED_STATS as EMBEDDED_STATS,
)
from .icedata import (
    EMBEDDED_YEARS as EMBEDDED_YEARS,
)
from .icedata import (
    SOURCES as SOURCES,
)
from .icedata import (
    IceDataError as IceDataError,
)
from .icedata import (
    NoIceDataError as NoIceDataError,
)
from .icedata import (
    climatology as climatology,
)
from .icedata import (
    download_command as download_command,
)
from .icedata import (
    fallback_note as fallback_note,
)
from .icedata import (
    ice_field as ice_field,
)
from .icedata import (
    ice_for as ice_for,
)
from .icedata import (
    quantile_pct as quantile_pct,
)
from .icedata import (
    shipped_grid as shipped_grid,
)
from .icedata import (
    shipped_regions as shipped_regions,
)
from .icefill import (
    FILL_RULES as FILL_RULES,
)
from .icefill import (
    IceFillError as IceFillError,
)
from .icefill import (
    fill_unseen as fill_unseen,
)
from .icegrid import (
    PSN25_EPSG as PSN25_EPSG,
)
from .icegrid import (
    PSN25_PROJ4 as PSN25_PROJ4,
)
from .icegrid import (
    PSN25_SHAPE as PSN25_SHAPE,
)
from .icegrid import (
    REGION_MASKS as REGION_MASKS,
)
from .icegrid import (
    UnknownRegionError as UnknownRegionError,
)
from .icegrid import (
    load_grid as load_grid,
)
from .icegrid import (
    psn25_lonlat as psn25_lonlat,
)
from .icegrid import (
    psn25_xy_m as psn25_xy_m,
)
from .icegrid import (
    region_codes as region_codes,
)
from .icegrid import (
    region_mask as region_mask,
)
from .icestage import (
    POLARIS_COLUMNS as POLARIS_COLUMNS,
)
from .icestage import (
    SIGRID3_ATTRIBUTES as SIGRID3_ATTRIBUTES,
)
from .icestage import (
    SIGRID3_STAGE_CODES as SIGRID3_STAGE_CODES,
)
from .icestage import (
    STAGE_THICKNESS_M as STAGE_THICKNESS_M,
)
from .icestage import (
    IceStage as IceStage,
)
from .icestage import (
    IceStageError as IceStageError,
)
from .icestage import (
    concentration_from_sigrid3 as concentration_from_sigrid3,
)
from .icestage import (
    parse_stage as parse_stage,
)
from .icestage import (
    read_sigrid3 as read_sigrid3,
)
from .icestage import (
    stage_from_concentration as stage_from_concentration,
)
from .icestage import (
    stage_from_sigrid3 as stage_from_sigrid3,
)
from .icestage import (
    stage_from_thickness as stage_from_thickness,
)
from .icestage import (
    thickest_stage as thickest_stage,
)
from .seaice import (
    G02202_VARIABLES as G02202_VARIABLES,
)
from .seaice import (
    G02202Block as G02202Block,
)
from .seaice import (
    g02202_dataset as g02202_dataset,
)
from .seaice import (
    g02202_times as g02202_times,
)
from .seaice import (
    read_cmip6_siconc as read_cmip6_siconc,
)
from .seaice import (
    read_g02202 as read_g02202,
)
from .seaice import (
    read_g02202_block as read_g02202_block,
)
from .seaice import (
    read_seaiceindex_geotiff as read_seaiceindex_geotiff,
)
from .seaice import (
    read_seaiceindex_netcdf as read_seaiceindex_netcdf,
)
from .thickness import (
    LEBEDEV_COEFFICIENT_CM as LEBEDEV_COEFFICIENT_CM,
)
from .thickness import (
    LEBEDEV_EXPONENT as LEBEDEV_EXPONENT,
)
from .thickness import (
    SeasonGrowth as SeasonGrowth,
)
from .thickness import (
    ThicknessError as ThicknessError,
)
from .thickness import (
    appel_gudkovich_loss_fraction as appel_gudkovich_loss_fraction,
)
from .thickness import (
    crossing_days as crossing_days,
)
from .thickness import (
    daily_air_temperature_c as daily_air_temperature_c,
)
from .thickness import (
    first_year_thickness_m as first_year_thickness_m,
)
from .thickness import (
    freezing_degree_days as freezing_degree_days,
)
from .thickness import (
    lebedev_thickness_cm as lebedev_thickness_cm,
)
from .thickness import (
    melt_onset_day as melt_onset_day,
)
from .thickness import (
    open_water_melt_factor as open_water_melt_factor,
)
from .thickness import (
    season_growth as season_growth,
)
from .thickness import (
    station_normals as station_normals,
)
from .thickness import (
    surviving_thickness_m as surviving_thickness_m,
)
from .thickness import (
    thickness_on as thickness_on,
)
from .thickness import (
    zubov_thickness_cm as zubov_thickness_cm,
)
from .userice import (
    PIOMAS_SHAPE as PIOMAS_SHAPE,
)
from .userice import (
    UserIce as UserIce,
)
from .userice import (
    apply_user_ice as apply_user_ice,
)
from .userice import (
    read_ice_age as read_ice_age,
)
from .userice import (
    read_piomas_thickness as read_piomas_thickness,
)
from .xrcompat import (
    is_dataarray as is_dataarray,
)
