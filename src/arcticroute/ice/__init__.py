"""Sea ice: readers, psn25 grid, download cache, ice of a date, fill, stage, age and extent.

Describes the ice only; what a ship may do in it belongs to ``vessel`` and ``rules``.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
