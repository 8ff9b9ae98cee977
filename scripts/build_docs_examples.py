"""Regenerate every figure the documentation shows: run the tool, write docs/generated/.

The pages include these files (pymdownx.snippets), so no number in the docs
is typed by hand. Run from the repository root after a change that moves a
result, then commit docs/generated/:

    ARCTICROUTE_DATA_DIR=../shared/data python scripts/build_docs_examples.py

What it runs:

* the worked examples ``docs/examples/*.py`` (the Yong Sheng replay with
  ``ARCTICROUTE_DATA_DIR``, the others without it, as a user without the
  observed ice runs them);
* ``arcticroute backtest --format json`` (needs ``ARCTICROUTE_DATA_DIR``),
  turned into the summary and per-voyage tables of "How the router decides";
* a few CLI commands for "Getting started" (``compare``, ``ships list``);
* the ship-file field table (``Ship`` fields and their plausibility bounds)
  and the download-cache registry table.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "generated"
EXAMPLES = REPO / "docs" / "examples"
NEEDS_OBSERVED_ICE = {"yong_sheng_2013"}
CLI_COMMANDS = {
    "compare_cli": ["compare", "Shanghai", "Rotterdam", "--date", "2026-09-01", "--no-economics"],
    "ships_list": ["ships", "list"],
}
CLI_WIDTH = "110"  # columns of the terminal the CLI tables are drawn for


def _env(data_dir: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ARCTICROUTE_DATA_DIR"}
    env |= {"COLUMNS": CLI_WIDTH, "NO_COLOR": "1", "TERM": "dumb"}
    if data_dir:
        env["ARCTICROUTE_DATA_DIR"] = data_dir
    return env


def _run(args: list[str], data_dir: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=_env(data_dir), capture_output=True, text=True, cwd=REPO
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def _escort_words(v: dict) -> str:
    """Where the fastest route takes an icebreaker, and whether the voyage goes alone too."""
    if not v["escorted"]:
        return "alone"
    zones = ", ".join(map(str, v["escorted_zones"]))
    where = f"escort in NSR zones {zones}" if zones else "escort outside the NSR zones"
    return where + ("; alone too on a longer route" if v.get("feasible_alone") else "")


def backtest_tables(report: dict) -> str:
    """The backtest summary and one row per scored voyage, as Markdown."""
    s = report["summary"]
    lines = [
        "| what the record says | voyages | arcticroute agrees | % |",
        "|---|---:|---:|---:|",
        f"| completed: judged feasible | {s['successes']} | {s['successes_feasible']} "
        f"| {s['successes_feasible_pct']} |",
        f"| did not happen or not admitted: refused | {s['negatives']} "
        f"| {s['negatives_refused']} | {s['negatives_refused_pct']} |",
        f"| sailed without escort: feasible alone | {s['unescorted']} "
        f"| {s['unescorted_feasible_alone']} | {s['unescorted_feasible_alone_pct']} |",
        f"| sailed without escort: fastest route alone | {s['unescorted']} "
        f"| {s['unescorted_route_alone']} | "
        f"{round(100 * s['unescorted_route_alone'] / s['unescorted'], 1)} |",
        "",
        f"Median error of the transit time over the {s['timed']} timed voyages: "
        f"{s['median_abs_time_error_pct']} %.",
        "",
        "| voyage | class | date | corridor | record | arcticroute | agrees | time error % | ice |",
        "|---|---|---|---|---|---|---|---:|---|",
    ]
    for v in report["voyages"]:
        if not v["scored"]:
            continue
        record = v["real_outcome"] + (
            f", escort {v['real_escorted']}" if v["real_escorted"] else ""
        )
        if v["feasible"] is None:
            ours = f"not replayed: {v['error']}"
        elif v["feasible"]:
            ours = "feasible, " + _escort_words(v)
        else:
            ours = "not feasible"
        err = "" if v["time_error_pct"] is None else f"{v['time_error_pct']:+.0f}"
        lines.append(
            f"| {v['ship']} | {v['ice_class']} | {v['date']} | {v['variant']} | {record} "
            f"| {ours} | {'yes' if v['agrees'] else 'no'} | {err} | {v['ice_source']} |"
        )
    return "\n".join(lines) + "\n"


def _kind(annotation) -> str:
    """A field's type in words: the accepted values of an enum, else the type's name."""
    import enum
    import types

    args = [a for a in getattr(annotation, "__args__", (annotation,)) if a is not type(None)]
    optional = isinstance(annotation, types.UnionType) and len(args) < len(annotation.__args__)
    a = args[0]
    text = (
        ", ".join(f"`{m.value}`" for m in a)
        if isinstance(a, type) and issubclass(a, enum.Enum)
        else a.__name__
    )
    return text + (" (or empty)" if optional else "")


def ship_fields() -> str:
    """Every Ship field with its type and plausibility bound, as Markdown."""
    from arcticroute.vessel.ships import BEAM_TO_LENGTH_BOUNDS, BOUNDS, Ship

    derived = {"polar_code_category": "no: implied by `ice_class` when not given"}
    lines = ["| field | required | type or values | checked against |", "|---|---|---|---|"]
    for name, f in Ship.model_fields.items():
        if name in ("slug", "assumptions"):  # set by the presets, not by a ship file
            continue
        b = BOUNDS.get(name)
        bound = ""
        if b is not None:
            low = f"> {b.low:g}" if b.low == 0 else f"≥ {b.low:g}"
            bound = f"{low} and ≤ {b.high:,.0f} {b.unit}".strip()
        required = derived.get(name, "yes" if f.is_required() else "")
        lines.append(f"| `{name}` | {required} | {_kind(f.annotation)} | {bound} |")
    low, high = BEAM_TO_LENGTH_BOUNDS
    lines.append(f"\nAlso checked: {low} ≤ beam_m / length_m ≤ {high}; draft_m < beam_m.")
    return "\n".join(lines) + "\n"


ROUTER_PARAMETERS = (
    "iceage.",
    "icethickness.",
    "icecover.",
    "icefill.",
    "capability.",
    "polaris.",
    "nsr_rules.ice_conditions.",
    "escort.",
    "compare.",
)


def router_parameters() -> str:
    """The registry entries the router's verdict rests on, with source or reason."""
    from arcticroute.assumptions import all_parameters

    lines = ["| parameter | value | unit | source, or why it is assumed |", "|---|---|---|---|"]
    for p in all_parameters():
        if p.key.startswith(ROUTER_PARAMETERS):
            basis = p.source or f"**assumption**: {p.why}"
            value = p.value if not isinstance(p.value, dict) else "see registry"
            lines.append(f"| `{p.key}` | {value} | {p.unit} | {basis.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def polaris_table() -> str:
    """POLARIS RIVs per ice class and ice type, and the RIO limits, as the code holds them."""
    from arcticroute.ice.icestage import POLARIS_COLUMNS
    from arcticroute.rules.polaris import RIO_THRESHOLDS, RIV_TABLE

    lines = [
        "| class | " + " | ".join(POLARIS_COLUMNS) + " |",
        "|---|" + "---:|" * len(POLARIS_COLUMNS),
    ]
    for ice_class, rivs in RIV_TABLE.items():
        lines.append(f"| {ice_class.value} | " + " | ".join(map(str, rivs)) + " |")
    t = RIO_THRESHOLDS
    lines.append(
        f"\nRIO ≥ {t['normal_min']:g}: normal operation; {t['elevated_min']:g} ≤ RIO < "
        f"{t['normal_min']:g}: elevated operational risk for PC1–PC7, special "
        f"consideration below PC7; RIO < {t['elevated_min']:g}: special consideration."
    )
    return "\n".join(lines) + "\n"


def data_files() -> str:
    """The download cache's registry (``arcticroute data list``), as Markdown."""
    from arcticroute.ice.datacache import describe_files

    lines = ["| file | kind | sha256 pinned | what |", "|---|---|---|---|"]
    for row in describe_files():
        pinned = "yes" if row["pinned"] else ""
        lines.append(f"| `{row['name']}` | {row['kind']} | {pinned} | {row['description']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    data_dir = os.environ.get("ARCTICROUTE_DATA_DIR")
    if not data_dir:
        raise SystemExit(
            "set ARCTICROUTE_DATA_DIR (the Yong Sheng replay and the backtest need it)"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    outputs = {}
    for script in sorted(EXAMPLES.glob("*.py")):
        observed = data_dir if script.stem in NEEDS_OBSERVED_ICE else None
        outputs[f"{script.stem}.md"] = _run([str(script)], observed)
    for name, args in CLI_COMMANDS.items():
        outputs[f"{name}.txt"] = _run(["-m", "arcticroute.cli.main", *args])
    bt = _run(["-m", "arcticroute.cli.main", "backtest", "--format", "json"], data_dir)
    outputs["backtest.md"] = backtest_tables(json.loads(bt))
    outputs["ship_fields.md"] = ship_fields()
    outputs["data_files.md"] = data_files()
    outputs["router_parameters.md"] = router_parameters()
    outputs["polaris.md"] = polaris_table()
    from arcticroute import __version__

    outputs["stamp.md"] = (
        f"Last generated with arcticroute {__version__} on {dt.date.today().isoformat()}.\n"
    )
    for name, text in outputs.items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote docs/generated/{name}")


if __name__ == "__main__":
    main()
