"""Web app: plan and compare Arctic voyages on a map in the browser.

``arcticroute serve`` (:mod:`arcticroute.cli.serve`) runs :func:`create_app`
under uvicorn on 127.0.0.1. The app is a thin layer over the public API:
a JSON API mirroring the CLI (:mod:`.app`, computed by :mod:`.service`), map
layers as GeoJSON (:mod:`.layers`), limits on request size, concurrency,
compute time and an answer cache (:mod:`.limits`), checks on Host, repeated
parameters and HEAD (:mod:`.guards`), read timeouts and connections per
client in the HTTP protocol (:mod:`.connections`), and one page
(``static/index.html``) drawing it all with Leaflet and Proj4Leaflet, shipped
in ``static/vendor`` (built by ``scripts/build_web_assets.py``; no CDN).

Needs the ``fastapi`` and ``uvicorn`` packages; the names load on first use
(lazy_loader), so ``arcticroute.web.limits`` is importable without them.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
