"""Pictures: route maps, ice maps and season figures (matplotlib, imported lazily)."""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
