"""Web app: plan and compare Arctic voyages on a map in the browser.

``arcticroute serve`` (:mod:`arcticroute.cli.serve`) runs :func:`create_app`
under uvicorn on 127.0.0.1. The app is a thin layer over the public API:
a JSON API mirroring the CLI (:mod:`.app`, computed by :mod:`.service`), map
layers as GeoJSON (:mod:`.layers`), limits on request size, concurrency,
compute time and an answer cache (:mod:`.limits`), and one page
(``static/index.html``) drawing it all with Leaflet and Proj4Leaflet, shipped
in ``static/vendor`` (built by ``scripts/build_web_assets.py``; no CDN).

Needs the ``fastapi`` and ``uvicorn`` packages.
"""

from arcticroute.web.app import create_app
from arcticroute.web.limits import Limits

__all__ = ["Limits", "create_app"]
