"""arcticroute: ice-aware Arctic shipping routes compared with Suez and the Cape.

The public API is flat::

    import arcticroute as ar
    c = ar.compare("Shanghai", "Rotterdam", date="2026-09-01")

Names load on first use (lazy_loader), so ``import arcticroute`` stays cheap;
the full list is in ``__init__.pyi``. The subpackages are the layers of
ARCHITECTURE.md: ``geo``, ``ice``, ``vessel``, ``rules``, ``routing``,
``economics``, ``analysis``, ``plots``, ``cli``, ``web``.
"""

import lazy_loader as lazy

from arcticroute.version import __version__

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
__all__ = [*__all__, "__version__"]
