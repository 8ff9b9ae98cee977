"""Ships: particulars and presets, ice classes and their equivalences, speed in ice.

What a ship is and can do; never where it is allowed to go (``rules``).
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
