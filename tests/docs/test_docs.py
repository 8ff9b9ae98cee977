"""The documentation's ship template loads, and says what a ship file may hold.

Nordic Orion's particulars are checked against shared/reference/voyages.md.
"""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO

DOCS = REPO / "docs"
EXAMPLES = DOCS / "examples"
TEMPLATE = EXAMPLES / "my_ship.toml"


def _run(args, cwd=REPO):
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stderr}"
    return done


# --- the ship template -------------------------------------------------------------------


def test_ship_template_loads_as_nordic_orion():
    """Nordic Orion: 75,603 dwt, 40,142 GT, DNV ICE-1A (shared/reference/voyages.md),
    replayed as Finnish-Swedish IA in the catalogue."""
    from arcticroute import load_ship

    ship = load_ship(TEMPLATE)
    assert ship.name == "Nordic Orion"
    assert ship.ice_class.value == "IA"
    assert (ship.dwt_t, ship.gt) == (75_603, 40_142)


def test_ship_template_lists_every_field():
    from arcticroute import Ship

    text = TEMPLATE.read_text("utf-8")
    listed = set(re.findall(r"^# (\w+) ", text, re.M))
    assert set(Ship.model_fields) - {"slug", "assumptions"} <= listed


def test_ship_template_on_the_command_line(tmp_path):
    done = _run(
        [
            sys.executable,
            "-m",
            "arcticroute.cli.main",
            "route",
            "Shanghai",
            "Rotterdam",
            "--via",
            "suez",
            "--ship",
            str(TEMPLATE),
            "--no-economics",
            "--format",
            "json",
        ],
        cwd=tmp_path,
    )
    assert '"name": "Nordic Orion"' in done.stdout
