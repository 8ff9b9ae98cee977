"""Rules: IMO POLARIS, the NSR admission criteria and escort, the Arctic HFO ban.

Judges ice, ship and place against written rules; does no routing.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
