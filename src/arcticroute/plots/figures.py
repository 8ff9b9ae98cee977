"""What every figure shares: saving a PNG so that no half-written file is left behind."""

from __future__ import annotations

from pathlib import Path

__all__ = ["save_png"]


def save_png(fig, out_path: str | Path, dpi: int) -> Path:
    """Save via a temporary name and rename, so no half-written PNG is left behind."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    out = Path(out_path)
    tmp = out.with_name(out.name + ".part")
    try:
        fig.savefig(tmp, dpi=dpi, format="png")
        tmp.replace(out)
    finally:
        plt.close(fig)
        tmp.unlink(missing_ok=True)
    return out
