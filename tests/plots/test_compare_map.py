"""``compare --map`` on a date: every corridor and both ports beside the Arctic over the
ice (issue 15, item 7)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from typer.testing import CliRunner

from arcticroute.cli.main import app
from arcticroute.plots.figures import side_by_side
from arcticroute.plots.routemap import ROUTE_COLOURS


def _png(path, shape, colour):
    fig = plt.figure(figsize=(shape[1] / 100, shape[0] / 100), dpi=100)
    fig.patch.set_facecolor(colour)
    fig.savefig(path, dpi=100, facecolor=colour)
    plt.close(fig)
    return path


def test_side_by_side_keeps_every_pixel(tmp_path):
    left = _png(tmp_path / "a.png", (300, 200), "red")
    right = _png(tmp_path / "b.png", (200, 250), "blue")
    img = mpimg.imread(side_by_side(left, right, tmp_path / "ab.png", dpi=100))
    assert img.shape[:2] == (300, 450)
    assert np.allclose(img[150, 100, :3], (1, 0, 0)) and np.allclose(img[100, 300, :3], (0, 0, 1))
    assert np.allclose(img[280, 300, :3], (1, 1, 1))  # under the shorter map: white
    assert not list(tmp_path.glob("*.part"))


def _has_colour(img, hex_colour, tol=0.03) -> bool:
    rgb = np.array(to_rgb(hex_colour))
    return bool((np.abs(img[..., :3] - rgb).max(axis=-1) < tol).any())


def test_compare_map_draws_every_corridor_beside_the_ice(tmp_path, monkeypatch):
    monkeypatch.delenv("ARCTICROUTE_DATA_DIR", raising=False)
    out = tmp_path / "map.png"
    args = ["compare", "Shanghai", "Rotterdam", "--date", "2027-08-01", "--no-economics"]
    res = CliRunner().invoke(app, [*args, "--no-outlook", "--map", str(out)])
    assert res.exit_code == 0, res.output
    img = mpimg.imread(out)
    assert img.shape[1] > 1.3 * img.shape[0]  # two maps side by side
    left = img[:, : img.shape[1] // 2]
    for via in ("suez", "cape", "panama", "nsr"):  # the corridors the comparison gives
        assert _has_colour(left, ROUTE_COLOURS[via]), via
    right = img[:, img.shape[1] // 2 :]
    assert _has_colour(right, ROUTE_COLOURS["nsr"])
    assert not _has_colour(right, ROUTE_COLOURS["cape"])  # the Arctic panel: Arctic routes
