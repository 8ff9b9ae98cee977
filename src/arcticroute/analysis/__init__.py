"""Questions over many cases: navigation seasons, port x date x ship matrices, reports.

Runs the same search as a single route (``routing``); adds no search of its own.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
