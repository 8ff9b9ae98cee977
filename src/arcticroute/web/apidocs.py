"""The API's documentation page (``/docs``): the OpenAPI document as plain HTML.

Rendered on the server from the app's own ``/openapi.json``, with no script
and no asset from elsewhere, so it works offline and under the page's
content security policy (``script-src 'self'``), unlike Swagger UI or ReDoc
served from a CDN. It lists every endpoint with its parameters (type, range,
allowed values, default) and its responses.
"""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["openapi_html"]

_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;"
    "color:#1d2733;line-height:1.45}h1{margin:.2rem 0}h2{font-size:1.05rem;margin:1.6rem 0 .3rem;"
    "font-family:ui-monospace,monospace;overflow-wrap:anywhere}.m{background:#1f5fa8;color:#fff;"
    "padding:0 .4rem;border-radius:3px;margin-right:.4rem}"
    "table{border-collapse:collapse;width:100%;"
    "font-size:.85rem}th,td{border-bottom:1px solid #d5dbe3;padding:.25rem .4rem;text-align:left;"
    "vertical-align:top}th{background:#eef2f7}code{font-family:ui-monospace,monospace}"
    ".wrap{overflow-x:auto}a{color:#1f5fa8}"
)


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        target = target.get(part, {})
    return target


def _schema_text(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    """A parameter's schema in a few words: type, allowed values, range, default."""
    schema = _resolve(spec, schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        kinds = [_schema_text(spec, o) for o in options if o.get("type") != "null"]
        text = " or ".join(k for k in kinds if k)
    elif "enum" in schema:
        text = "one of " + ", ".join(str(v) for v in schema["enum"])
    else:
        text = str(schema.get("format") or schema.get("type") or "")
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if lo is not None or hi is not None:
            text += f" {'' if lo is None else lo}…{'' if hi is None else hi}"
    if "default" in schema:
        text += f" (default {schema['default']})"
    return text.strip()


def _parameters(spec: dict[str, Any], op: dict[str, Any]) -> str:
    rows = []
    for p in op.get("parameters", []):
        p = _resolve(spec, p)
        need = "required" if p.get("required") else ""
        rows.append(
            f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p.get('in', ''))}</td>"
            f"<td>{need}</td><td>{escape(_schema_text(spec, p.get('schema', {})))}</td>"
            f"<td>{escape(p.get('description', ''))}</td></tr>"
        )
    if not rows:
        return ""
    head = "<tr><th>name</th><th>in</th><th></th><th>values</th><th>meaning</th></tr>"
    return f'<div class="wrap"><table>{head}{"".join(rows)}</table></div>'


def _responses(op: dict[str, Any]) -> str:
    items = []
    for status, r in sorted(op.get("responses", {}).items()):
        types = ", ".join(r.get("content", {}))
        kinds = f" <small>({escape(types)})</small>" if types else ""
        items.append(f"<li><b>{escape(status)}</b> {escape(r.get('description', ''))}{kinds}</li>")
    return f"<ul>{''.join(items)}</ul>"


def openapi_html(spec: dict[str, Any]) -> str:
    """The HTML page documenting an OpenAPI 3 document.

    Parameters
    ----------
    spec : dict
        The OpenAPI document (``app.openapi()``).

    Returns
    -------
    str
        A complete HTML page, without scripts.
    """
    info = spec.get("info", {})
    parts = [
        f"<h1>{escape(info.get('title', 'API'))} {escape(str(info.get('version', '')))}</h1>",
        f"<p>{escape(info.get('description', ''))}</p>",
        '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> · '
        '<a href="/">the page</a></p>',
    ]
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            parts.append(
                f'<section><h2><span class="m">{escape(method.upper())}</span>{escape(path)}</h2>'
                f"<p>{escape(op.get('summary', ''))}</p>{_parameters(spec, op)}"
                f"{_responses(op)}</section>"
            )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(info.get('title', 'API'))} API</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )
