"""Type stub: the names ``arcticroute.web`` exports (read at run time by lazy_loader)."""

from .app import create_app as create_app
from .limits import Limits as Limits

__all__ = ["Limits", "create_app"]
