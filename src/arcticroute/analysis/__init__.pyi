"""Type stub: the names ``arcticroute.analysis`` exports (read at run time by lazy_loader)."""

from . import backtest as backtest
from . import matrix as matrix
from . import odds as odds
from . import outlook as outlook
from . import plan as plan
from . import planlegs as planlegs
from . import planreport as planreport
from . import planyears as planyears
from . import report as report
from . import seasons as seasons
from .backtest import (
    NEGATIVE_OUTCOMES as NEGATIVE_OUTCOMES,
)
from .backtest import (
    POSITIVE_OUTCOMES as POSITIVE_OUTCOMES,
)
from .backtest import (
    BacktestError as BacktestError,
)
from .backtest import (
    BacktestSummary as BacktestSummary,
)
from .backtest import (
    CatalogueVoyage as CatalogueVoyage,
)
from .backtest import (
    VoyageResult as VoyageResult,
)
from .backtest import (
    load_voyages as load_voyages,
)
from .backtest import (
    replay as replay,
)
from .backtest import (
    run_backtest as run_backtest,
)
from .backtest import (
    summarise as summarise,
)
from .backtest import (
    voyage_ship as voyage_ship,
)
from .matrix import (
    COLUMNS as COLUMNS,
)
from .matrix import (
    DEFAULT_MAX_ROUTES as DEFAULT_MAX_ROUTES,
)
from .matrix import (
    DEFAULT_VARIANTS as DEFAULT_VARIANTS,
)
from .matrix import (
    ICE_VARIANTS as ICE_VARIANTS,
)
from .matrix import (
    LANE_CORRIDORS as LANE_CORRIDORS,
)
from .matrix import (
    MatrixError as MatrixError,
)
from .matrix import (
    MatrixPlan as MatrixPlan,
)
from .matrix import (
    MatrixRun as MatrixRun,
)
from .matrix import (
    matrix_chunk as matrix_chunk,
)
from .matrix import (
    parse_dates as parse_dates,
)
from .matrix import (
    plan_matrix as plan_matrix,
)
from .matrix import (
    route_matrix as route_matrix,
)
from .matrix import (
    run_matrix as run_matrix,
)
from .odds import (
    Odds as Odds,
)
from .odds import (
    comparison_odds as comparison_odds,
)
from .odds import (
    same_day_in as same_day_in,
)
from .odds import (
    voyage_odds as voyage_odds,
)
from .outlook import (
    HORIZON_DAYS as HORIZON_DAYS,
)
from .outlook import (
    OUTLOOK_VARIANTS as OUTLOOK_VARIANTS,
)
from .outlook import (
    Outlook as Outlook,
)
from .outlook import (
    looked_ahead as looked_ahead,
)
from .outlook import (
    next_departure as next_departure,
)
from .plan import (
    COST_ITEMS as COST_ITEMS,
)
from .plan import (
    DEFAULT_CORRIDORS as DEFAULT_CORRIDORS,
)
from .plan import (
    OBJECTIVES as OBJECTIVES,
)
from .plan import (
    UNITS as UNITS,
)
from .plan import (
    Hub as Hub,
)
from .plan import (
    MonthRow as MonthRow,
)
from .plan import (
    Plan as Plan,
)
from .plan import (
    PlanError as PlanError,
)
from .plan import (
    Totals as Totals,
)
from .plan import (
    check_plan as check_plan,
)
from .plan import (
    departures as departures,
)
from .planlegs import (
    DIRECT as DIRECT,
)
from .planlegs import (
    Leg as Leg,
)
from .planlegs import (
    LegBook as LegBook,
)
from .planlegs import (
    cost_day as cost_day,
)
from .planreport import (
    ANNUAL_KEYS as ANNUAL_KEYS,
)
from .planreport import (
    MONTH_KEYS as MONTH_KEYS,
)
from .planreport import (
    PLAN_SCHEMA as PLAN_SCHEMA,
)
from .planreport import (
    PLAN_SCHEMA_VERSION as PLAN_SCHEMA_VERSION,
)
from .planreport import (
    plan_to_csv as plan_to_csv,
)
from .planreport import (
    plan_to_dict as plan_to_dict,
)
from .planreport import (
    years_summary as years_summary,
)
from .planreport import (
    years_to_dict as years_to_dict,
)
from .planyears import (
    parse_years as parse_years,
)
from .planyears import (
    plan_years as plan_years,
)
from .report import (
    CSV_COLUMNS as CSV_COLUMNS,
)
from .report import (
    SCHEMA_VERSION as SCHEMA_VERSION,
)
from .report import (
    comparison_to_csv as comparison_to_csv,
)
from .report import (
    comparison_to_dict as comparison_to_dict,
)
from .report import (
    comparison_to_geojson as comparison_to_geojson,
)
from .report import (
    port_to_dict as port_to_dict,
)
from .report import (
    to_json as to_json,
)
from .seasons import (
    BASES as BASES,
)
from .seasons import (
    DEFAULT_ROUTE as DEFAULT_ROUTE,
)
from .seasons import (
    DEFAULT_SHIPS as DEFAULT_SHIPS,
)
from .seasons import (
    EXTENT_SEAS as EXTENT_SEAS,
)
from .seasons import (
    GRID_MONTHLY_YEARS as GRID_MONTHLY_YEARS,
)
from .seasons import (
    YEARS as YEARS,
)
from .seasons import (
    DateVerdict as DateVerdict,
)
from .seasons import (
    ExtentModel as ExtentModel,
)
from .seasons import (
    ModelValidation as ModelValidation,
)
from .seasons import (
    Season as Season,
)
from .seasons import (
    SeasonError as SeasonError,
)
from .seasons import (
    Trend as Trend,
)
from .seasons import (
    climatology_season as climatology_season,
)
from .seasons import (
    cmip6_ice_index as cmip6_ice_index,
)
from .seasons import (
    fit_extent_model as fit_extent_model,
)
from .seasons import (
    nsr_ice_index as nsr_ice_index,
)
from .seasons import (
    predict_season as predict_season,
)
from .seasons import (
    project_seasons as project_seasons,
)
from .seasons import (
    season as season,
)
from .seasons import (
    trend as trend,
)
