"""``arcticroute backtest``: replay the documented voyages and say how often the verdict agrees.

A thin layer over :func:`arcticroute.analysis.backtest.run_backtest`: it
prints a table per voyage and the summary, or JSON / CSV. Registered by
:mod:`arcticroute.cli.main`.
"""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from arcticroute.cli.common import console, emit, fail
from arcticroute.errors import ArcticRouteError

__all__ = ["backtest_command"]


class BacktestFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


_CSV_COLUMNS = (
    "id", "ship", "ice_class", "date", "date_basis", "variant", "feasible", "agrees", "escorted",
    "feasible_alone", "escorted_zones", "real_outcome", "real_escorted", "hours", "real_hours",
    "time_error_pct", "ice_source", "reasons",
)  # fmt: skip


def _csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, _CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(
            {
                **r,
                "escorted_zones": " ".join(map(str, r["escorted_zones"])),
                "reasons": "; ".join(r["reasons"]),
            }
        )
    return buf.getvalue()


def _verdict(r: dict) -> str:
    if r["feasible"] is None:
        return "not replayed"
    if not r["feasible"]:
        return "refused"
    if not r["escorted"]:
        return "feasible alone"
    return "feasible, escorted (alone too)" if r["feasible_alone"] else "feasible, escorted"


def _table(rows: list[dict], summary: dict) -> None:
    from rich.table import Table

    t = Table(title="Voyage backtest: the verdict against what ships did")
    for col, just in (
        ("voyage", "left"), ("class", "left"), ("date", "left"), ("via", "left"),
        ("record", "left"), ("verdict", "left"), ("agree", "center"), ("h model", "right"),
        ("h record", "right"), ("ice", "left"),
    ):  # fmt: skip
        t.add_column(col, justify=just)
    for r in rows:
        rec = r["real_outcome"] + (f", escort {r['real_escorted']}" if r["real_escorted"] else "")
        mark = {True: "yes", False: "NO", None: "-"}[r["agrees"]]
        t.add_row(
            r["id"], r["ice_class"], r["date"] or "", r["variant"], rec, _verdict(r), mark,
            f"{r['hours']:.0f}" if r["hours"] is not None else "",
            f"{r['real_hours']:.0f}" if r["real_hours"] is not None else "", r["ice_source"],
        )  # fmt: skip
    c = console()
    c.print(t)
    s = summary
    c.print(
        f"completed voyages judged feasible: {s['successes_feasible']}/{s['successes']} "
        f"({s['successes_feasible_pct']}%); unescorted judged feasible alone: "
        f"{s['unescorted_feasible_alone']}/{s['unescorted']} "
        f"({s['unescorted_feasible_alone_pct']}%; fastest route alone "
        f"{s['unescorted_route_alone']}/{s['unescorted']}); negatives refused: "
        f"{s['negatives_refused']}/{s['negatives']} ({s['negatives_refused_pct']}%); median "
        f"|transit-time error| {s['median_abs_time_error_pct']}% over {s['timed']} timed voyages"
    )
    parts = [f"{k}: {v['agree']}/{v['voyages']}" for k, v in sorted(s["by_ice_source"].items())]
    c.print("agreement by ice basis: " + "; ".join(parts))


def backtest_command(
    format: Annotated[BacktestFormat, typer.Option("--format", "-f", help="Output format.")] = (
        BacktestFormat.table
    ),
    variant: Annotated[
        list[str] | None,
        typer.Option("--variant", help="Only voyages through this corridor (repeatable)."),
    ] = None,
    years: Annotated[
        str | None, typer.Option("--years", help="Only voyages in YYYY or YYYY-YYYY.")
    ] = None,
    all_rows: Annotated[
        bool, typer.Option("--all", help="Also list the catalogue rows that are not scored.")
    ] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
) -> None:
    """Replay the documented Arctic voyages on the ice of their dates and score the verdicts."""
    from arcticroute.analysis import backtest

    try:
        results = backtest.run_backtest(variant, years, include_unscored=all_rows)
    except ArcticRouteError as exc:
        fail(str(exc))
    rows = [r.to_dict() for r in results]
    summary = backtest.summarise(results).to_dict()
    if format is BacktestFormat.json:
        emit(json.dumps({"voyages": rows, "summary": summary}, indent=2, allow_nan=False), out)
    elif format is BacktestFormat.csv:
        emit(_csv(rows), out)
    else:
        _table(rows, summary)
