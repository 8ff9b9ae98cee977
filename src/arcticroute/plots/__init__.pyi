"""Type stub: the names ``arcticroute.plots`` exports (read at run time by lazy_loader)."""

from . import figures as figures
from . import iceplot as iceplot
from . import planplot as planplot
from . import routemap as routemap
from . import seasonplot as seasonplot
from .figures import (
    save_png as save_png,
)
from .iceplot import (
    ZOOMS as ZOOMS,
)
from .iceplot import (
    IcePlotError as IcePlotError,
)
from .iceplot import (
    RouteLine as RouteLine,
)
from .iceplot import (
    plot_extent_series as plot_extent_series,
)
from .iceplot import (
    plot_ice as plot_ice,
)
from .iceplot import (
    plot_ice_routes as plot_ice_routes,
)
from .planplot import (
    CORRIDOR_COLOURS as CORRIDOR_COLOURS,
)
from .planplot import (
    plan_png as plan_png,
)
from .routemap import (
    POLAR_THRESHOLD_LAT as POLAR_THRESHOLD_LAT,
)
from .routemap import (
    plot_routes as plot_routes,
)
from .seasonplot import (
    SeasonPlotError as SeasonPlotError,
)
from .seasonplot import (
    plot_month_heatmap as plot_month_heatmap,
)
from .seasonplot import (
    plot_season_lengths as plot_season_lengths,
)
from .seasonplot import (
    season_report_html as season_report_html,
)
