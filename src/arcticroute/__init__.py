"""arcticroute: ice-aware Arctic shipping routes compared with Suez and the Cape."""

from __future__ import annotations

__version__ = "0.1.0"
