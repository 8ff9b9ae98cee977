"""Money and climate: fuel, emissions, Suez tolls and NSR escort tariffs, voyage costs.

Prices a route it is given; never chooses one.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
