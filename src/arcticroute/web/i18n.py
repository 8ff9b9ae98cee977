"""The page's five languages on the server: every API error titled in the client's language.

An error body of the API holds ``error`` (a code such as ``unknown_port``),
``message`` (what was wrong and what would work, in English, as the CLI says
it) and, from here, ``title``: one short sentence for the code in the
language the request's ``Accept-Language`` header prefers (RFC 9110 §12.5.4;
the page sends the language chosen on it), with ``lang`` naming the language
and a ``Content-Language`` header. Titles are the page's own catalogue
entries (``static/i18n/<lang>.json``, key ``err_<code>``, trailing colon
dropped): one catalogue per language serves page and server. A code without
an entry gets the language's ``err_other`` ("Error").
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "WEB_ERROR_CODES",
    "error_title",
    "negotiate",
    "send_error",
    "title_fields",
]

LANGS = ("en", "zh-Hans", "ja", "ko", "ru")
DEFAULT_LANG = "en"
WEB_ERROR_CODES = (
    "body_too_large",
    "batch_too_large",
    "busy",
    "cancelled",
    "data_file",
    "ice_data",
    "input",
    "internal",
    "invalid_coordinate",
    "invalid_host",
    "invalid_parameter",
    "invalid_value",
    "method_not_allowed",
    "no_ice_data",
    "no_route",
    "not_found",
    "point_on_land",
    "query_too_long",
    "request_timeout",
    "season",
    "ship_validation",
    "timeout",
    "too_many_connections",
    "unknown_ice_class",
    "unknown_job",
    "unknown_port",
    "unknown_ship",
)
"""Codes the web layer answers with, each titled in every language (tested)."""


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The page's catalogue of ``lang`` (one of :data:`LANGS`)."""
    path = resources.files("arcticroute").joinpath(f"web/static/i18n/{lang}.json")
    return json.loads(path.read_text("utf-8"))


def _ranked(header: str) -> list[str]:
    """Language ranges of an ``Accept-Language`` value, best first (q=0 and bad q dropped)."""
    ranked = []
    for i, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().lower().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and 0 < q <= 1:
            ranked.append((-q, i, tag.strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(accept_language: str | None) -> str:
    """The language of :data:`LANGS` an ``Accept-Language`` value prefers (default English).

    Any Chinese range maps to 简体中文 (the one Chinese catalogue), as on the page;
    other languages match on their primary subtag (``ja-JP`` → ``ja``).
    """
    for tag in _ranked(accept_language or ""):
        primary = tag.split("-")[0]
        if primary == "zh":
            return "zh-Hans"
        if primary in LANGS:
            return primary
        if tag == "*":
            return DEFAULT_LANG
    return DEFAULT_LANG


def error_title(code: str, lang: str) -> str:
    """The title of an error code in ``lang`` (the generic one for a code without its own)."""
    cat = catalogue(lang if lang in LANGS else DEFAULT_LANG)
    return cat.get(f"err_{code}", cat["err_other"]).rstrip(" :：")


def title_fields(code: str, accept_language: str | None) -> dict[str, str]:
    """``title`` and ``lang`` for an error body answering a request with this header."""
    lang = negotiate(accept_language)
    return {"title": error_title(code, lang), "lang": lang}


async def send_error(send, scope, status: int, code: str, message: str) -> None:
    """Answer an ASGI request with a JSON error body titled in its language (for the
    middleware that answers before the app: size limits, the request guard)."""
    accept = dict(scope.get("headers", [])).get(b"accept-language", b"").decode("latin-1")
    titled = title_fields(code, accept)
    doc = {"error": code, "message": message, "suggestions": [], **titled}
    body = json.dumps(doc, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"content-language", titled["lang"].encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
