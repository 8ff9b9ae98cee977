"""The FastAPI app: a JSON API mirroring the CLI, map layers, and the page at ``/``.

Endpoints (all GET unless said; OpenAPI at ``/openapi.json``)::

    /                       the page (static/index.html; Leaflet shipped in static/vendor)
    /api/health             status, version, pool and cache counters
    /api/ports?q=&limit=    arcticroute.geo.ports.search_ports (as `ports search --format json`)
    /api/ships              arcticroute.vessel.ships.list_ships (as `ships list --format json`)
    /api/route?from=&to=&via=&ship=&date=&...     as `route --format json`
    /api/compare?from=&to=&ship=&date=&...        as `compare --format json`
                            (&format=csv|geojson: as `compare --format csv|geojson`)
    POST /api/compare/batch {"requests": [...]}   several comparisons in one call
    /api/ice/{date}         concentration bands (GeoJSON) of the ice field of a date
    /api/season?from=&to=&ship=&year=             feasibility by departure date in a year
                                                  (waits for the background job)
    POST /api/season  {"from", "to", "year", ...}  the same as a background job: 202, job id
    GET|DELETE /api/jobs/{id}                      a job's state, progress, result / cancel
    /api/land               the shipped land outline (GeoJSON)
    /api/nsr-zones          the seven NSR zones (GeoJSON)
    /api/map-style          the map's colours (the CLI plots' route colours, ice ramp)
    /docs                   the OpenAPI document as an HTML page (no script, offline)

Route and compare answer with the CLI's JSON (schema 1.2, validated against
the shipped JSON Schema, which the OpenAPI document embeds) plus
``routes[].escort_geometry``. Custom ships are a preset with ``ice_class``,
``design_speed_kn`` and/or ``draft_m`` replaced.

Errors are JSON ``{"error": code, "message": text, ...}``: 422 for bad input
(unknown port with ``suggestions``, ship particulars out of bounds, position
on land, no ice data, a parameter that fails validation), 404 when no
corridor connects the ports, 413/414 for oversized requests, 503 when the
server is busy or a solve takes too long (``Retry-After`` set), 500 for a
broken data file. Limits: :mod:`arcticroute.web.limits`.

Not exposed (unlike the CLI): file paths of any kind (ship files, admission
tables, assumption overrides), bunker and ETS price overrides (they change
process-wide state, unsafe across concurrent requests), and ice sources that
download.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
import time
from collections.abc import Sequence
from contextlib import asynccontextmanager
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from starlette.exceptions import HTTPException as StarletteHTTPException

from arcticroute.economics.costs import PRICE_LIMIT, TRIPS
from arcticroute.errors import ArcticRouteError, DataFileError, NoRouteError
from arcticroute.geo.passages import CORRIDORS
from arcticroute.ice.icedata import EMBEDDED_STATS
from arcticroute.routing.lanes import DEFAULT_SHIP
from arcticroute.routing.planner import ICE_ALTERNATIVES
from arcticroute.routing.variants import VARIANTS
from arcticroute.rules.hfo_ban import POLICIES as HFO_POLICIES
from arcticroute.rules.polaris import SPEED_POLICIES
from arcticroute.version import __version__
from arcticroute.vessel.iceclass import IceClass
from arcticroute.vessel.ships import SPEED_RANGE_KN
from arcticroute.web.guards import RequestGuard
from arcticroute.web.i18n import title_fields
from arcticroute.web.jobs import JOB_ID_PATTERN, Job, JobCancelled, JobPool
from arcticroute.web.limits import (
    AnswerCache,
    Busy,
    Limits,
    Payload,
    RequestSizeLimit,
    SolvePool,
    SolveTimeout,
    raw_key,
)
from arcticroute.web.service import EXPORT_FORMATS, VoyageQuery

__all__ = ["DATE_RANGE", "create_app"]

log = logging.getLogger("arcticroute.web")

STATIC = Path(str(resources.files("arcticroute").joinpath("web/static")))
DATE_RANGE = (dt.date(1979, 1, 1), dt.date(2100, 12, 31))
"""Departure dates accepted: the satellite record's start to the end of the century."""
RETRY_AFTER_S = 5


def _ship_presets() -> type[StrEnum]:
    from arcticroute.vessel.ships import list_ships

    return StrEnum("ShipPreset", {s.slug: s.slug for s in list_ships()})


ShipPreset = _ship_presets()
DEFAULT_PRESET = ShipPreset(DEFAULT_SHIP)


def _choices(name: str, values) -> type[StrEnum]:
    """A request enum from the library's own list of values (one list per concept)."""
    return StrEnum(name, {v: v for v in values})


Via = _choices("Via", [*CORRIDORS, *ICE_ALTERNATIVES])
Variant = _choices("Variant", VARIANTS)
IceStat = _choices("IceStat", EMBEDDED_STATS)
IceSource = _choices("IceSource", ("auto", "embedded"))
Polaris = _choices("Polaris", SPEED_POLICIES)
Trip = _choices("Trip", TRIPS)
HfoPolicy = _choices("HfoPolicy", sorted(HFO_POLICIES, reverse=True))  # switch first
Format = _choices("Format", ("json", *EXPORT_FORMATS))
EXPORT_MEDIA = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}


def _date_in_range(day: dt.date) -> dt.date:
    lo, hi = DATE_RANGE
    if not lo <= day <= hi:
        raise ValueError(f"date must lie between {lo} and {hi}, got {day}")
    return day


def _plain_date(value: Any) -> Any:
    """Strict parsing: a date is ``YYYY-MM-DD`` and nothing else (no time, no week date)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("must be a date YYYY-MM-DD (no time of day)")
    return value


def _plain_number(value: Any) -> Any:
    """Strict parsing: a decimal number as people write it (no ``1_0``, ``inf``, ``nan``)."""
    if isinstance(value, str) and not re.fullmatch(
        r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", value
    ):
        raise ValueError("must be a decimal number such as 12.5")
    return value


def _plain_integer(value: Any) -> Any:
    """Strict parsing: a whole number in decimal digits (no ``1_0``)."""
    if isinstance(value, str) and not re.fullmatch(r"[+-]?[0-9]+", value):
        raise ValueError("must be a whole number such as 10")
    return value


Number = BeforeValidator(_plain_number)
Integer = BeforeValidator(_plain_integer)
SpeedKn = Annotated[float, Field(ge=SPEED_RANGE_KN[0], le=SPEED_RANGE_KN[1]), Number]
DraftM = Annotated[float, Field(ge=1, le=30), Number]
LoadFactor = Annotated[float, Field(ge=0.01, le=1), Number]
Price = Annotated[float, Field(ge=0, le=PRICE_LIMIT), Number]
PortLimit = Annotated[int, Field(ge=1, le=50), Integer]
Year = Annotated[int, Field(ge=DATE_RANGE[0].year, le=DATE_RANGE[1].year), Integer]
DATE_PATTERN = r"^(19(79|[89][0-9])|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
Day = Annotated[
    dt.date,
    BeforeValidator(_plain_date),
    AfterValidator(_date_in_range),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "description": "YYYY-MM-DD between 1979-01-01 and 2100-12-31.",
        }
    ),
]
TEXT_PATTERN = r"[0-9A-Za-z\u00C0-\u024F\u0370-\u052F\u3040-\u9FFF\uAC00-\uD7AF]"
"""Port and search text must hold a letter or digit (Latin, Greek, Cyrillic, CJK, Hangul)."""
PortText = Annotated[str, Field(min_length=1, max_length=100, pattern=TEXT_PATTERN)]


class ErrorBody(BaseModel):
    """Every error the API returns."""

    error: str = Field(description="Machine-readable code, e.g. unknown_port, busy.")
    message: str = Field(description="What was wrong and what would work (English).")
    title: str | None = Field(
        default=None, description="The code's title in the language of Accept-Language."
    )
    lang: str | None = Field(
        default=None, description="Language of title: en, zh-Hans, ja, ko or ru."
    )
    suggestions: list[str] = Field(default_factory=list, description="Ports meant, if any.")
    detail: list[dict[str, Any]] | None = Field(default=None, description="Validation details.")


class PortOut(BaseModel):
    name: str
    locode: str | None
    country: str
    lat: float
    lon: float
    alt_names: list[str]
    alt_locodes: list[str]


class VoyageBody(BaseModel):
    """Ports and ship of a request sent as a JSON body (the query parameters' names)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    origin: PortText = Field(alias="from", examples=["Shanghai"])
    to: PortText = Field(examples=["Rotterdam"])
    ship: ShipPreset = DEFAULT_PRESET  # type: ignore[valid-type]
    ice_class: IceClass | None = None
    design_speed_kn: SpeedKn | None = None
    draft_m: DraftM | None = None


class CompareItem(VoyageBody):
    """One comparison of a batch (the query parameters of ``/api/compare``)."""

    date: Day | None = None
    economics: bool = True


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    requests: list[CompareItem] = Field(min_length=1, max_length=Limits().max_batch)


class BatchItemOut(BaseModel):
    status: int
    result: dict[str, Any] | None = None
    error: ErrorBody | None = None


class BatchOut(BaseModel):
    results: list[BatchItemOut]


class SeasonIn(VoyageBody):
    """A season scan to run as a background job (the parameters of ``/api/season``)."""

    year: Year | None = Field(default=None, description="Default this year.")
    variant: Variant = Variant.nsr  # type: ignore[valid-type,attr-defined]
    ice_stat: IceStat = IceStat.median  # type: ignore[valid-type,attr-defined]


class JobProgress(BaseModel):
    done: int = Field(description="Departures judged so far.")
    planned: int = Field(description="Most departures the scan will judge (may grow once).")
    fraction: float


class JobOut(BaseModel):
    """A background job (``GET /api/jobs/{id}``)."""

    id: str
    state: str = Field(description="queued, running, done, failed or cancelled.")
    progress: JobProgress
    query: dict[str, Any]
    created: str
    started: str | None
    finished: str | None
    elapsed_s: float | None
    result: dict[str, Any] | None = Field(description="When done: as GET /api/season.")
    error: ErrorBody | None = Field(description="When failed or cancelled.")
    links: dict[str, str]


_ERRORS = {
    400: {"model": ErrorBody, "description": "Host header not served here (DNS rebinding)."},
    413: {"model": ErrorBody, "description": "Request body too large."},
    414: {"model": ErrorBody, "description": "Query string too long."},
    422: {"model": ErrorBody, "description": "Bad input; the message says what would work."},
    503: {
        "model": ErrorBody,
        "description": "Busy (all solve slots, or this client's, taken) or too slow; "
        "retry after Retry-After s.",
    },
}
_SOLVE_ERRORS = {
    **_ERRORS,
    404: {"model": ErrorBody, "description": "No corridor connects the two ports."},
}


# --- parameters --------------------------------------------------------------------------


class ShipSpec(BaseModel):
    preset: str
    changes: tuple[tuple[str, Any], ...]


def ship_params(
    ship: Annotated[
        ShipPreset,  # type: ignore[valid-type]
        Query(description="Ship preset (see /api/ships)."),
    ] = DEFAULT_PRESET,
    ice_class: Annotated[
        IceClass | None, Query(description="Custom ship: replace the preset's ice class.")
    ] = None,
    design_speed_kn: Annotated[
        SpeedKn | None,
        Query(
            description="Custom ship: open-water design speed, kn.",
        ),
    ] = None,
    draft_m: Annotated[DraftM | None, Query(description="Custom ship: design draught, m.")] = None,
) -> ShipSpec:
    changes = {"ice_class": ice_class, "design_speed_kn": design_speed_kn, "draft_m": draft_m}
    picked = tuple(sorted((k, v) for k, v in changes.items() if v is not None))
    return ShipSpec(preset=ship.value, changes=picked)


class VoyageOptions(BaseModel):
    speed_kn: float | None
    ice: bool
    ice_stat: str
    ice_source: str
    polaris: str
    climatology: bool
    economics: bool
    trip: str
    load_factor: float
    hfo_policy: str
    bunker_usd_per_t: float | None = None
    ets_eur_per_t: float | None = None
    odds: bool = False


def voyage_options(
    speed_kn: Annotated[
        SpeedKn | None,
        Query(
            description="Voyage speed, kn (default: the ship's design speed).",
        ),
    ] = None,
    ice: Annotated[
        bool, Query(description="Route the Arctic corridors through the ice of the date.")
    ] = True,
    ice_stat: Annotated[
        IceStat, Query(description="Climatology statistic for dates without observed ice.")
    ] = IceStat.median,
    ice_source: Annotated[
        IceSource, Query(description="auto (observed where local, else climatology) or embedded.")
    ] = IceSource.auto,
    polaris: Annotated[
        Polaris, Query(description="POLARIS policy: normal_only or elevated_allowed.")
    ] = Polaris.normal_only,
    climatology: Annotated[
        bool, Query(description="false: fail for a date without observed ice.")
    ] = True,
    economics: Annotated[bool, Query(description="Cost and emissions of each route.")] = True,
    trip: Annotated[Trip, Query(description="one_way, round_trip or ballast_return.")] = (
        Trip.one_way
    ),
    load_factor: Annotated[
        LoadFactor,
        Query(description="Share of capacity carried, 0.01 to 1."),
    ] = 1.0,
    hfo_policy: Annotated[
        HfoPolicy, Query(description="Arctic HFO ban: switch (cost a fuel switch) or error.")
    ] = HfoPolicy.switch,
    bunker_usd_per_t: Annotated[
        Price | None, Query(description="Price of the ship's fuel, USD/t (default: registry).")
    ] = None,
    ets_eur_per_t: Annotated[
        Price | None, Query(description="EU allowance price, EUR/t CO2e (default: registry).")
    ] = None,
    odds: Annotated[
        bool,
        Query(
            description="NSR/NWP verdicts judged on a climatology: how often the voyage was "
            "feasible on the observed ice of 2008-2017 (as --odds; seconds more)."
        ),
    ] = False,
) -> VoyageOptions:
    return VoyageOptions(
        speed_kn=speed_kn,
        ice=ice,
        ice_stat=ice_stat.value,
        ice_source=ice_source.value,
        polaris=polaris.value,
        climatology=climatology,
        economics=economics,
        trip=trip.value,
        load_factor=load_factor,
        hfo_policy=hfo_policy.value,
        bunker_usd_per_t=bunker_usd_per_t,
        ets_eur_per_t=ets_eur_per_t,
        odds=odds,
    )


FromQ = Annotated[
    str,
    Query(
        alias="from",
        min_length=1,
        max_length=100,
        pattern=TEXT_PATTERN,
        description="From: port name, UN/LOCODE, local name or 'lat,lon'.",
        examples=["Shanghai"],
    ),
]
ToQ = Annotated[
    str,
    Query(
        min_length=1,
        max_length=100,
        pattern=TEXT_PATTERN,
        description="To: port name, UN/LOCODE, local name or 'lat,lon'.",
        examples=["Rotterdam"],
    ),
]
DateQ = Annotated[
    Day | None,
    Query(description="Departure YYYY-MM-DD (compare: default today; route: ice-aware if given)."),
]


# --- responses ---------------------------------------------------------------------------


def _json(request: Request, payload: Payload, status: int = 200) -> Response:
    if request.method == "GET" and status == 200:
        request.app.state.pool.raw.put(raw_key(request.scope), payload)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(
            payload.gzipped(),
            status_code=status,
            media_type="application/json",
            headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
        )
    return Response(
        payload.body,
        status_code=status,
        media_type="application/json",
        headers={"Vary": "Accept-Encoding"},
    )


def _code(exc: BaseException) -> str:
    name = type(exc).__name__.removesuffix("Error") or "error"
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _error(
    request: Request,
    status: int,
    code: str,
    message: str,
    suggestions: Sequence[str] = (),
    detail: list | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """An error answer, titled in the language the request asks for (:mod:`.i18n`)."""
    titled = title_fields(code, request.headers.get("accept-language"))
    body: dict[str, Any] = {"error": code, "message": message, "suggestions": list(suggestions)}
    body.update(titled)
    if detail is not None:
        body["detail"] = detail
    lang = {"Content-Language": titled["lang"], "Vary": "Accept-Language"}
    return JSONResponse(body, status_code=status, headers={**(headers or {}), **lang})


def error_status(exc: BaseException) -> tuple[int, str]:
    """HTTP status and error code of an exception a solve raised."""
    if isinstance(exc, Busy):
        return 503, "busy"
    if isinstance(exc, SolveTimeout):
        return 503, "timeout"
    if isinstance(exc, JobCancelled):
        return 503, "cancelled"
    if isinstance(exc, DataFileError):
        return 500, "data_file"
    if isinstance(exc, NoRouteError):
        return 404, "no_route"
    if isinstance(exc, ArcticRouteError | ValueError):
        return 422, _code(exc) if isinstance(exc, ArcticRouteError) else "invalid_value"
    return 500, "internal"


def error_body(exc: BaseException, accept_language: str | None = None) -> dict[str, Any]:
    """The error body of an exception, titled in the language ``accept_language`` prefers."""
    status, code = error_status(exc)
    message = str(exc) if status != 500 or code == "data_file" else "internal server error"
    return {
        "error": code,
        "message": message,
        "suggestions": list(getattr(exc, "suggestions", []) or []),
        **title_fields(code, accept_language),
    }


def _validation_message(errors: Sequence[dict[str, Any]]) -> str:
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ())]
        where = f"{loc[0]} parameter '{'.'.join(loc[1:])}'" if len(loc) > 1 else ".".join(loc)
        got = e.get("input")
        shown = "" if got is None or isinstance(got, dict | list) else f"; got {str(got)[:60]!r}"
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        pattern = (e.get("ctx") or {}).get("pattern")
        if e.get("type") == "string_pattern_mismatch" and pattern == TEXT_PATTERN:
            msg = "must contain a letter or a digit (a port name, UN/LOCODE or 'lat,lon')"
        elif e.get("type") == "string_pattern_mismatch" and pattern == DATE_PATTERN:
            msg = "must be a date YYYY-MM-DD between 1979-01-01 and 2100-12-31"
        parts.append(f"{where}: {msg}{shown}")
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        detail = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in errors
        ]
        message = _validation_message(errors)
        return _error(request, 422, "invalid_parameter", message, detail=detail)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = (  # the path is not echoed: it can be anything, of any length
            "no such endpoint or file; /openapi.json lists the endpoints"
            if exc.status_code == 404
            else str(exc.detail)
        )
        headers = getattr(exc, "headers", None)
        return _error(request, exc.status_code, code, message, headers=headers)

    async def _domain(request: Request, exc: Exception) -> JSONResponse:
        status, code = error_status(exc)
        if status == 500 and code == "internal":
            log.error("internal error on %s", request.url.path, exc_info=exc)
        body = error_body(exc)
        headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
        return _error(
            request, status, body["error"], body["message"], body["suggestions"], None, headers
        )

    # Handled where raised (ExceptionMiddleware): the server answers and goes on.
    for cls in (ArcticRouteError, ValueError, Busy, SolveTimeout):
        app.add_exception_handler(cls, _domain)
    # Anything else: a 500 JSON answer from the outermost middleware (logged by uvicorn).
    app.add_exception_handler(Exception, _domain)


class SecurityHeaders:
    """ASGI middleware: conservative response headers (own scripts only, no framing)."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (
            b"content-security-policy",
            b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            b"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
            b"base-uri 'none'; form-action 'self'",
        ),
    )

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        await self.app(scope, receive, wrapped)


# --- OpenAPI -----------------------------------------------------------------------------


def _report_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The shipped JSON Schema of route/compare output, refs rewritten for OpenAPI."""
    text = resources.files("arcticroute").joinpath("data/schema/arcticroute-v1.schema.json")
    text = text.read_text("utf-8").replace('"#/$defs/', '"#/components/schemas/Report_')
    schema = json.loads(text)
    defs = {f"Report_{k}": v for k, v in schema.pop("$defs", {}).items()}
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema, defs


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    report, defs = _report_schema()
    comps = schema.setdefault("components", {}).setdefault("schemas", {})
    comps.update(defs)
    comps["ComparisonReport"] = report
    for path in ("/api/route", "/api/compare"):
        ok = schema["paths"][path]["get"]["responses"]["200"]
        ok["content"] = {
            "application/json": {"schema": {"$ref": "#/components/schemas/ComparisonReport"}}
        }
    ok = schema["paths"]["/api/compare"]["get"]["responses"]["200"]
    ok["content"][EXPORT_MEDIA["csv"]] = {"schema": {"type": "string"}}
    ok["content"][EXPORT_MEDIA["geojson"]] = {"schema": {"type": "object"}}
    app.openapi_schema = schema
    return schema


# --- the app -----------------------------------------------------------------------------


def _warm() -> None:
    """Load the network, mesh, land and zones once, so the first request is quick."""
    from arcticroute.geo.arcticmesh import load_mesh
    from arcticroute.geo.network import load_network
    from arcticroute.ice.icedata import ice_for
    from arcticroute.web.layers import land_geojson, nsr_zones_geojson

    load_network()
    load_mesh()
    ice_for(dt.date.today())
    land_geojson()
    nsr_zones_geojson()


def create_app(
    limits: Limits | None = None,
    cors_origins: Sequence[str] = (),
    warm: bool = False,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The web app.

    Parameters
    ----------
    limits : Limits, optional
        Request size, concurrency, time and cache limits (default :class:`Limits`).
    cors_origins : sequence of str
        Origins allowed by CORS; empty (default): no CORS middleware at all.
    warm : bool
        Load the data sets in the background at start-up.
    allowed_hosts : sequence of str, optional
        ``Host`` header values answered (``name:port``, see
        :func:`arcticroute.web.guards.allowed_hosts_for`); None (default): any,
        as for a test client. ``arcticroute serve`` always passes them.

    Returns
    -------
    fastapi.FastAPI
    """
    limits = limits or Limits()
    pool = SolvePool(limits)
    jobs = JobPool(limits)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm:
            asyncio.get_running_loop().run_in_executor(pool.executor, _warm)
        yield
        jobs.shutdown()
        pool.shutdown()

    app = FastAPI(
        title="arcticroute",
        version=__version__,
        description=(
            "Arctic shipping routes (NSR, NWP, Transpolar) through the ice of the date, "
            "compared with Suez, the Cape and Panama: the arcticroute CLI as a JSON API."
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.pool = pool
    app.state.jobs = jobs
    app.state.limits = limits
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    _install_error_handlers(app)
    # Starlette puts the last added outermost: headers, size limits, Host/repeated
    # parameters/HEAD, CORS, then the cache.
    app.add_middleware(AnswerCache, pool=pool)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["content-type"],
        )
    app.add_middleware(RequestGuard, allowed_hosts=allowed_hosts)
    app.add_middleware(RequestSizeLimit, limits=limits)
    app.add_middleware(SecurityHeaders)
    _routes(app, pool, jobs, limits)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _voyage_query(
    kind: str,
    origin: str,
    to: str,
    via: str | None,
    ship: ShipSpec,
    day: dt.date | None,
    opt: VoyageOptions,
) -> VoyageQuery:
    return VoyageQuery(
        kind=kind,
        origin=origin.strip(),
        destination=to.strip(),
        via=via,
        ship=ship.preset,
        ship_changes=ship.changes,
        speed_kn=opt.speed_kn,
        date=day,
        ice=opt.ice,
        ice_stat=opt.ice_stat,
        ice_source=opt.ice_source,
        polaris=opt.polaris,
        climatology=opt.climatology,
        economics=opt.economics,
        trip=opt.trip,
        load_factor=opt.load_factor,
        hfo_policy=opt.hfo_policy,
        bunker_usd_per_t=opt.bunker_usd_per_t,
        ets_eur_per_t=opt.ets_eur_per_t,
        odds=opt.odds,
    )


def _voyage_key(q: VoyageQuery) -> tuple:
    # Without a date the answer depends on today (compare's ice, every route's costs).
    return ("voyage", q, None if q.date is not None else dt.date.today())


def _solve_voyage(q: VoyageQuery):
    from arcticroute.web.service import voyage_doc

    return lambda: Payload.of(voyage_doc(q))


def _routes(app: FastAPI, pool: SolvePool, jobs: JobPool, limits: Limits) -> None:
    """Every endpoint, by group."""
    _status_routes(app, pool, jobs)
    _catalogue_routes(app, pool)
    _voyage_routes(app, pool, limits)
    _map_routes(app, pool)
    _season_routes(app, pool, jobs, limits)


async def _answer(
    request: Request, pool: SolvePool, key: tuple, solve, light: bool = False
) -> Response:
    """The one endpoint wrapper: solve in the pool (cached by ``key``), answer as JSON.

    ``light``: a look-up bounded in milliseconds (see :meth:`SolvePool.run`).
    """
    client = client_of(request)
    return _json(request, await pool.run(key, solve, client=client, light=light))


async def _export(request: Request, pool: SolvePool, q: VoyageQuery, fmt: str) -> Response:
    """A comparison as a file to download (CSV or GeoJSON, the CLI's formats)."""

    def solve() -> Payload:
        from arcticroute.web.service import voyage_export

        return Payload(voyage_export(q, fmt).encode())

    payload = await pool.run((*_voyage_key(q), fmt), solve, client=client_of(request))
    day = (q.date or dt.date.today()).isoformat()
    stem = re.sub(r"[^A-Za-z0-9]+", "_", f"{q.origin}-{q.destination}").strip("_") or "voyage"
    name = f"arcticroute-{stem[:60]}-{day}.{fmt}"
    return Response(
        payload.body,
        media_type=EXPORT_MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def client_of(request: Request) -> str:
    """The client's address: solves are shared out fairly between addresses."""
    return request.client.host if request.client else ""


def _status_routes(app: FastAPI, pool: SolvePool, jobs: JobPool) -> None:
    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        from arcticroute.web.apidocs import openapi_html

        return HTMLResponse(openapi_html(app.openapi()))

    @app.get("/api/health", summary="Server status and counters", responses=_ERRORS)
    async def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "pool": pool.info(), "jobs": jobs.info()}


def _catalogue_routes(app: FastAPI, pool: SolvePool) -> None:
    @app.get(
        "/api/ports",
        summary="Search ports by name, local name or UN/LOCODE",
        response_model=list[PortOut],
        responses=_ERRORS,
    )
    async def ports(
        request: Request,
        q: Annotated[
            str,
            Query(
                min_length=1,
                max_length=100,
                pattern=TEXT_PATTERN,
                description="Part of a name or a code (with a letter or digit).",
            ),
        ],
        limit: Annotated[PortLimit, Query(description="Most matches returned.")] = 10,
    ) -> Response:
        def solve() -> Payload:
            from arcticroute.analysis.report import port_to_dict
            from arcticroute.geo.ports import search_ports

            return Payload.of([port_to_dict(p, alt=True) for p in search_ports(q, limit=limit)])

        return await _answer(request, pool, ("ports", q, limit), solve, light=True)

    @app.get(
        "/api/ships",
        summary="Ship presets (as `arcticroute ships list --format json`)",
        response_model=list[dict[str, Any]],
        responses=_ERRORS,
    )
    async def ships(request: Request) -> Response:
        def solve() -> Payload:
            from arcticroute.vessel.ships import list_ships

            return Payload.of([s.model_dump(mode="json") for s in list_ships()])

        return await _answer(request, pool, ("ships",), solve, light=True)


def _voyage_routes(app: FastAPI, pool: SolvePool, limits: Limits) -> None:
    @app.get(
        "/api/route",
        summary="One corridor between two ports (as `arcticroute route --format json`)",
        responses=_SOLVE_ERRORS,
    )
    async def route(
        request: Request,
        origin: FromQ,
        to: ToQ,
        ship: Annotated[ShipSpec, Depends(ship_params)],
        opt: Annotated[VoyageOptions, Depends(voyage_options)],
        via: Annotated[
            Via,
            Query(description="Corridor; nsr_high and transpolar need a date."),
        ] = Via.auto,
        date: DateQ = None,
    ) -> Response:
        q = _voyage_query("route", origin, to, via.value, ship, date, opt)
        return await _answer(request, pool, _voyage_key(q), _solve_voyage(q))

    @app.get(
        "/api/compare",
        summary="Every corridor between two ports (as `arcticroute compare --format json`)",
        responses=_SOLVE_ERRORS,
    )
    async def compare(
        request: Request,
        origin: FromQ,
        to: ToQ,
        ship: Annotated[ShipSpec, Depends(ship_params)],
        opt: Annotated[VoyageOptions, Depends(voyage_options)],
        date: DateQ = None,
        format: Annotated[  # the CLI's option name
            Format,
            Query(description="json (default), or csv / geojson as `compare --format`."),
        ] = Format.json,
    ) -> Response:
        q = _voyage_query("compare", origin, to, None, ship, date, opt)
        if format is Format.json:
            return await _answer(request, pool, _voyage_key(q), _solve_voyage(q))
        return await _export(request, pool, q, format.value)

    @app.post(
        "/api/compare/batch",
        summary="Several comparisons in one request (at most Limits.max_batch)",
        response_model=BatchOut,
        responses=_ERRORS,
    )
    async def compare_batch(request: Request, batch: BatchIn) -> Response:
        if len(batch.requests) > limits.max_batch:
            return _error(
                request,
                422,
                "batch_too_large",
                f"{len(batch.requests)} comparisons in one batch; send at most "
                f"{limits.max_batch} per request",
            )
        deadline = time.monotonic() + limits.solve_timeout_s
        out = []
        for item in batch.requests:
            spec = ShipSpec(
                preset=item.ship.value,
                changes=tuple(
                    sorted(
                        (k, v)
                        for k, v in (
                            ("design_speed_kn", item.design_speed_kn),
                            ("draft_m", item.draft_m),
                            ("ice_class", item.ice_class),
                        )
                        if v is not None
                    )
                ),
            )
            opt = voyage_options(economics=item.economics)
            q = _voyage_query("compare", item.origin, item.to, None, spec, item.date, opt)
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise SolveTimeout(
                        f"the batch took longer than {limits.solve_timeout_s:g} s; "
                        "send the remaining comparisons again"
                    )
                payload = await pool.run(
                    _voyage_key(q), _solve_voyage(q), timeout_s=left, client=client_of(request)
                )
            except Exception as exc:
                status, _ = error_status(exc)
                body = error_body(exc, request.headers.get("accept-language"))
                out.append({"status": status, "result": None, "error": body})
                continue
            out.append({"status": 200, "result": json.loads(payload.body), "error": None})
        return _json(request, Payload.of({"results": out}))


def _map_routes(app: FastAPI, pool: SolvePool) -> None:
    @app.get(
        "/api/ice/{date}",
        summary="Sea-ice concentration bands of a date (GeoJSON, lon/lat, for a polar map)",
        responses=_ERRORS,
    )
    async def ice(
        request: Request,
        date: Annotated[Day, PathParam(description="Day YYYY-MM-DD.")],
        stat: Annotated[
            IceStat, Query(description="Climatology statistic for dates without observed ice.")
        ] = IceStat.median,
        source: Annotated[
            IceSource, Query(description="auto (observed where local) or embedded.")
        ] = IceSource.auto,
    ) -> Response:
        def solve() -> Payload:
            from arcticroute.ice.icedata import ice_for
            from arcticroute.web.layers import ice_geojson

            return Payload.of(ice_geojson(ice_for(date, source=source.value, stat=stat.value)))

        return await _answer(request, pool, ("ice", date, stat.value, source.value), solve)

    @app.get(
        "/api/land",
        summary="Land outline (Natural Earth 1:50m, simplified; GeoJSON)",
        responses=_ERRORS,
    )
    async def land(request: Request) -> Response:
        def solve() -> Payload:
            from arcticroute.web.layers import land_geojson

            return Payload.of(land_geojson())

        return await _answer(request, pool, ("land",), solve, light=True)

    @app.get(
        "/api/map-style",
        summary="Colours of the map: the CLI plots' route colours, the ice ramp in %",
        responses=_ERRORS,
    )
    async def map_style(request: Request) -> Response:
        def solve() -> Payload:
            from arcticroute.web.layers import map_style

            return Payload.of(map_style())

        return await _answer(request, pool, ("map-style",), solve, light=True)

    @app.get(
        "/api/nsr-zones",
        summary="The seven zones of the 2013 NSR Rules (GeoJSON)",
        responses=_ERRORS,
    )
    async def nsr_zones(request: Request) -> Response:
        def solve() -> Payload:
            from arcticroute.web.layers import nsr_zones_geojson

            return Payload.of(nsr_zones_geojson())

        return await _answer(request, pool, ("nsr-zones",), solve, light=True)


# --- season scans as background jobs -----------------------------------------------------


def _season_key(q: SeasonIn, changes: tuple) -> tuple:
    year = q.year or dt.date.today().year
    return (
        "season",
        q.origin.strip(),
        q.to.strip(),
        q.ship.value,
        changes,
        year,
        q.variant.value,
        q.ice_stat.value,
    )


async def _season_job(request: Request, pool: SolvePool, jobs: JobPool, q: SeasonIn) -> Job:
    """The job scanning ``q``'s season: ports and ship checked first (a typo is a 422
    now, not a failed job later), then queued in the job pool or joined."""
    spec = ship_params(q.ship, q.ice_class, q.design_speed_kn, q.draft_m)
    key = _season_key(q, spec.changes)
    _, origin, to, preset, changes, year, variant, stat = key

    def check() -> Payload:
        from arcticroute.web.service import season_inputs

        season_inputs(origin, to, preset, changes)
        return Payload.of(None)

    await pool.run(("season-inputs", *key[1:5]), check, client=client_of(request), light=True)

    def work(report) -> dict[str, Any]:
        from arcticroute.web.service import season_doc

        return season_doc(
            origin, to, preset, changes, year, variant, stat=stat, on_departure=report
        )

    query = {**q.model_dump(mode="json", by_alias=True, exclude_none=True), "year": year}
    return jobs.submit(key, work, query, client=client_of(request))


def _job_response(request: Request, job: Job, status: int = 200) -> JSONResponse:
    headers = {"Cache-Control": "no-store", "Location": f"/api/jobs/{job.id}"}
    accept = request.headers.get("accept-language")
    doc = job.to_dict(lambda exc: error_body(exc, accept))
    return JSONResponse(doc, status_code=status, headers=headers)


def _unknown_job(request: Request, limits: Limits) -> JSONResponse:
    return _error(
        request,
        404,
        "unknown_job",
        "no such job: a job id comes from POST /api/season, and a finished job is kept "
        f"{limits.job_keep_s / 60:g} minutes; post the query again",
    )


_JOB_ERRORS = {**_ERRORS, 404: {"model": ErrorBody, "description": "No such job."}}
JobId = Annotated[
    str, PathParam(pattern=JOB_ID_PATTERN, description="Job id from POST /api/season.")
]


def _season_routes(app: FastAPI, pool: SolvePool, jobs: JobPool, limits: Limits) -> None:
    @app.post(
        "/api/season",
        summary="Start a season scan as a background job (poll its Location for progress)",
        status_code=202,
        response_model=JobOut,
        responses=_ERRORS,
    )
    async def season_start(request: Request, query: SeasonIn) -> JSONResponse:
        return _job_response(request, await _season_job(request, pool, jobs, query), 202)

    @app.get(
        "/api/season",
        summary="Navigation season of a route in a year (feasibility by departure date)",
        responses=_ERRORS,
    )
    async def season(
        request: Request,
        origin: FromQ,
        to: ToQ,
        ship: Annotated[ShipSpec, Depends(ship_params)],
        year: Annotated[Year | None, Query(description="Default this year.")] = None,
        variant: Annotated[Variant, Query(description="Arctic variant.")] = Variant.nsr,
        ice_stat: Annotated[
            IceStat, Query(description="Climatology statistic for years without observed ice.")
        ] = IceStat.median,
    ) -> Response:
        q = SeasonIn.model_validate(
            {
                "from": origin,
                "to": to,
                "ship": ship.preset,
                **dict(ship.changes),
                "year": year,
                "variant": variant,
                "ice_stat": ice_stat,
            }
        )
        job = await jobs.wait(await _season_job(request, pool, jobs, q), limits.solve_timeout_s)
        if job.state == "done":
            return _json(request, Payload.of(job.result))
        if job.error is not None:
            raise job.error
        raise SolveTimeout(
            f"the season is still being scanned (job {job.id}): GET /api/jobs/{job.id} "
            "shows its progress, or ask again in a minute"
        )

    @app.get(
        "/api/jobs/{job_id}",
        summary="A background job: state, progress and, when done, its result",
        response_model=JobOut,
        responses=_JOB_ERRORS,
    )
    async def job_status(request: Request, job_id: JobId) -> JSONResponse:
        job = jobs.get(job_id)
        return _unknown_job(request, limits) if job is None else _job_response(request, job)

    @app.delete(
        "/api/jobs/{job_id}",
        summary="Cancel a background job (a running one stops at its next departure)",
        response_model=JobOut,
        responses=_JOB_ERRORS,
    )
    async def job_cancel(request: Request, job_id: JobId) -> JSONResponse:
        job = jobs.cancel(job_id)
        return _unknown_job(request, limits) if job is None else _job_response(request, job)
