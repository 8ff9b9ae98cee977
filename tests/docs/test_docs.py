"""The documentation site builds without warnings, and every example in it runs.

* ``mkdocs build --strict`` succeeds (a warning fails it): missing snippets,
  broken links, docstrings the API reference cannot render;
* each worked example ``docs/examples/*.py`` runs and prints the tables its
  page shows: the same tables, headers and row labels as ``docs/generated/``
  (the numbers move with the model; ``scripts/build_docs_examples.py``
  regenerates them);
* every ```` ```python ```` block of a page runs (the blocks of one page in
  order, in one process), and every ``arcticroute`` command of a
  ```` ```bash ```` block exits 0, run from the repository root (```` ```shell ````
  blocks are setup the reader runs by hand: installs). Tests reach no network:
  ``data download`` commands run against a closed local port and must get as far
  as the download (product, dates and options understood); a command with
  ``--no-climatology`` is given the observed ice those downloads bring
  (tests/ice/test_download.py downloads from a local mirror and then compares);
* the ship template loads, in Python and on the command line;
* where an example meets a documented fact, the fact is checked: the Yong
  Sheng's 2013 voyage and its reported distances (shared/reference/voyages.md),
  Nordic Orion's particulars and the Yamalmax's unescorted summer transit.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, require_module, require_shared

DOCS = REPO / "docs"
EXAMPLES = DOCS / "examples"
GENERATED = DOCS / "generated"
TEMPLATE = EXAMPLES / "my_ship.toml"
CLOSED_URL = "http://127.0.0.1:9/"  # the discard port: nothing listens, nothing leaves


def _env(data_dir: Path | None = None) -> dict[str, str]:
    """The environment of a reader: the observed ice only where an example asks for it."""
    env = {k: v for k, v in os.environ.items() if k != "ARCTICROUTE_DATA_DIR"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["ARCTICROUTE_DATA_URL"] = CLOSED_URL
    if data_dir is not None:
        env["ARCTICROUTE_DATA_DIR"] = str(data_dir)
    return env


def _run(args: list[str], cwd: Path = REPO, data_dir: Path | None = None, timeout: int = 300):
    done = subprocess.run(
        args, cwd=cwd, env=_env(data_dir), capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stderr}"
    return done


def tables(markdown: str) -> list[list[dict[str, str]]]:
    """The Markdown tables of a text: rows as {header: cell}."""
    out, rows, header = [], None, None
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                header, rows = cells, []
            elif not set("".join(cells)) <= set("-:"):
                rows.append(dict(zip(header, cells, strict=True)))
        elif header is not None:
            out.append(rows)
            header = None
    return out


def _shape(markdown: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Headers and row labels (first column) of each table: what a page's text relies on."""
    return [(tuple(t[0]), tuple(next(iter(r.values())) for r in t)) for t in tables(markdown)]


def _blocks(language: str) -> dict[Path, list[str]]:
    found = {}
    for page in sorted(DOCS.rglob("*.md")):
        if GENERATED in page.parents:
            continue
        blocks = re.findall(rf"^```{language}\n(.*?)^```", page.read_text("utf-8"), re.M | re.S)
        if blocks:
            found[page] = blocks
    return found


# --- the site ----------------------------------------------------------------------------


def test_site_builds_strict(tmp_path):
    for name in ("mkdocs", "material", "mkdocstrings_handlers.python"):
        require_module(name)
    site = tmp_path / "site"
    done = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)])
    assert "WARNING" not in done.stderr, done.stderr
    assert (site / "api" / "routing" / "index.html").read_text("utf-8").count("compare") > 1
    for page in ("how-it-decides", "examples/nsr-vs-suez", "examples/lng-by-season"):
        assert (site / page / "index.html").exists()


# --- the worked examples -----------------------------------------------------------------

EXAMPLE_DATA = {"nsr_vs_suez": False, "lng_by_season": False, "yong_sheng_2013": True}


@pytest.fixture(scope="module")
def example_output() -> dict[str, str]:
    """What each example prints, run as a reader runs it (computed once per module)."""
    return {}


def _example(name: str, cache: dict[str, str]) -> str:
    if name not in cache:
        data = require_shared() if EXAMPLE_DATA[name] else None
        cache[name] = _run([sys.executable, str(EXAMPLES / f"{name}.py")], data_dir=data).stdout
    return cache[name]


def test_every_example_script_is_tested():
    assert {p.stem for p in EXAMPLES.glob("*.py")} == set(EXAMPLE_DATA)


@pytest.mark.parametrize("name", sorted(EXAMPLE_DATA))
def test_example_prints_what_its_page_shows(name, example_output):
    printed = _example(name, example_output)
    shown = (GENERATED / f"{name}.md").read_text("utf-8")
    assert tables(printed), "the example printed no table"
    assert _shape(printed) == _shape(shown), (
        f"docs/generated/{name}.md is out of date: run scripts/build_docs_examples.py"
    )


def _km(cell: str) -> float:
    return float(cell.replace(",", ""))


def test_nsr_vs_suez_against_the_reported_dalian_distances(example_output):
    """Yong Sheng, Dalian-Rotterdam 2013: ~7,931 nm by the NSR, 10,711 nm via Suez
    (Arctic Portal via shared/reference/voyages.md). 6 %: press figures, rounded, for
    one real track; the lanes and the mesh are not that track."""
    lanes, ice = tables(_example("nsr_vs_suez", example_output))
    km_per_nm = 1.852
    dalian = {r["pair"]: r for r in lanes}["Dalian → Rotterdam"]
    assert _km(dalian["Suez km"]) / km_per_nm == pytest.approx(10_711, rel=0.06)
    dalian_ice = {r["pair"]: r for r in ice}["Dalian → Rotterdam"]
    assert _km(dalian_ice["NSR km"]) / km_per_nm == pytest.approx(7_931, rel=0.06)


def test_yong_sheng_replay_agrees_with_her_voyage(example_output):
    """She sailed it (completed, Dalian 8 Aug - Rotterdam 10 Sep 2013) over about
    7,800-7,931 nm (ciscoconsultant.it; Arctic Portal): feasible on the observed ice, and
    the distance within 6 % of the reported ones (rounded press figures)."""
    summary = tables(_example("yong_sheng_2013", example_output))[0]
    row = {r[""]: r for r in summary}
    assert row["NSR feasible"]["arcticroute"] == "yes (observed ice)"
    assert row["arrival"]["arcticroute"] < "2013-09-11"  # no later than she really arrived
    nm = _km(row["distance, nm"]["arcticroute"])
    assert nm == pytest.approx(7_800, rel=0.06)
    assert nm == pytest.approx(7_931, rel=0.06)


def test_lng_yamalmax_unescorted_in_august(example_output):
    """Christophe de Margerie, the Yamalmax lead ship, crossed the NSR without escort in
    August 2017, Hammerfest to Boryeong (gCaptain via voyages.md)."""
    by_month = tables(_example("lng_by_season", example_output))[0]
    august = {r["leaving"]: r for r in by_month}["15 Aug"]
    for pair in ("Hammerfest → Incheon", "Sabetta → Incheon"):
        assert re.fullmatch(r"\d+\.\d", august[pair]), august[pair]  # open, no (e...) escort


# --- code blocks of the pages ------------------------------------------------------------


@pytest.mark.parametrize("page", sorted(_blocks("python")), ids=lambda p: str(p.relative_to(DOCS)))
def test_python_blocks_run(page):
    code = "\n\n".join(_blocks("python")[page])
    _run([sys.executable, "-c", code])


def _commands() -> list[list[str]]:
    out = []
    for blocks in _blocks("bash").values():
        for block in blocks:
            for line in block.replace("\\\n", " ").splitlines():
                if line.strip():
                    out.append(shlex.split(line, comments=True))
    return out


@pytest.mark.parametrize("argv", _commands(), ids=lambda a: " ".join(a[:4]))
def test_bash_commands_run(argv, tmp_path):
    """From the repository root, as the pages say; ``ARCTICROUTE_DATA_DIR=<your folder>``
    is given the shared data."""
    data_dir = None
    if argv[0].startswith("ARCTICROUTE_DATA_DIR="):
        data_dir, argv = require_shared(), argv[1:]
    assert argv[0] == "arcticroute", f"a bash block runs arcticroute only, got {argv}"
    args = [sys.executable, "-m", "arcticroute.cli.main", *argv[1:]]
    if argv[1:3] == ["data", "download"]:
        env = {**_env(), "ARCTICROUTE_CACHE_DIR": str(tmp_path / "cache")}
        done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, done.stderr
        assert f"download from {CLOSED_URL}" in done.stderr, done.stderr
        return
    if "--no-climatology" in argv and data_dir is None:
        data_dir = require_shared()
    _run(args, data_dir=data_dir)


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

    text = (REPO / "src/arcticroute/data/ship_template.toml").read_text("utf-8")
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
