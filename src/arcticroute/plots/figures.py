"""What every figure shares: saving a PNG so that no half-written file is left behind, and
putting two finished maps side by side in one PNG."""

from __future__ import annotations

from pathlib import Path

__all__ = ["save_png", "side_by_side"]


def save_png(fig, out_path: str | Path, dpi: int, tight: bool = True) -> Path:
    """Save via a temporary name and rename, so no half-written PNG is left behind
    (``tight``: lay the subplots out first)."""
    import matplotlib.pyplot as plt

    if tight:
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


def side_by_side(left: str | Path, right: str | Path, out_path: str | Path, dpi: int) -> Path:
    """Two PNGs next to each other in one, pixel for pixel (no resampling), tops aligned
    on a white background."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a, b = plt.imread(left), plt.imread(right)
    height = max(a.shape[0], b.shape[0])
    width = a.shape[1] + b.shape[1]
    fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white")
    x0 = 0
    for img in (a, b):
        h, w = img.shape[:2]
        ax = fig.add_axes((x0 / width, 1.0 - h / height, w / width, h / height))
        ax.imshow(img, interpolation="none")
        ax.set_axis_off()
        x0 += w
    return save_png(fig, out_path, dpi, tight=False)
