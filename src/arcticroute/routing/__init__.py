"""The search: lane routes, the ice-aware passage over the Arctic mesh, voyage assembly.

``route``, ``compare`` and ``distance_matrix`` are the entry points every caller uses;
costs are added above, in ``economics``.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
