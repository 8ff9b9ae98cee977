"""Geography: geodesy, land, ports, passages, the lane network, the Arctic mesh and the NSR zones.

Knows nothing of ice, ships or rules; everything above builds on it.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
