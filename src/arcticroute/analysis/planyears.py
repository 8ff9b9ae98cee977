"""Cargo plans across years: the same flow through the ice of each year, in parallel.

:func:`plan_years` runs :func:`arcticroute.analysis.plan.plan` for every year of a
range (observed ice 1989-2017 with ``ARCTICROUTE_DATA_DIR``, or a CMIP6 projection
with ``IceOptions(source="cmip6:PATH")``) on local worker processes, one year per
task. With ``parts_dir`` each finished year is written there at once (atomically:
a temporary file renamed), and a rerun of the same job skips the years already
done, so a long range can be interrupted and resumed. The result is the list of
the years' :func:`arcticroute.analysis.planreport.plan_to_dict` dicts;
:func:`arcticroute.analysis.planreport.years_to_dict` adds their distribution and
names the light and heavy years.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from arcticroute import assumptions
from arcticroute.analysis.plan import PlanError, check_plan, plan
from arcticroute.analysis.planreport import plan_to_dict
from arcticroute.version import __version__

__all__ = ["parse_years", "plan_years"]


def parse_years(text: str) -> tuple[int, ...]:
    """Years from ``"2026"``, ``"1989-2017"`` or a comma list of both (sorted, unique)."""
    out: set[int] = set()
    for item in (s.strip() for s in str(text).split(",")):
        if not item:
            continue
        a, sep, b = item.partition("-")
        try:
            lo, hi = int(a), int(b) if sep else int(a)
        except ValueError:
            raise PlanError(f"bad years {item!r}: use YYYY, YYYY-YYYY or a comma list") from None
        if hi < lo or not (1800 <= lo <= 2300 and 1800 <= hi <= 2300):
            raise PlanError(f"bad years {item!r}: give YYYY-YYYY with the first year first")
        out.update(range(lo, hi + 1))
    if not out:
        raise PlanError(f"no years in {text!r}: use YYYY or YYYY-YYYY")
    return tuple(sorted(out))


def _token(args: tuple, options: dict, overrides: tuple) -> str:
    def plain(x: Any) -> Any:
        dump = getattr(x, "model_dump", None)
        return dump(mode="json") if dump else repr(x)

    desc = {
        "version": __version__,
        "args": [plain(a) for a in args],
        "options": {k: plain(v) for k, v in sorted(options.items())},
        "overrides": [[k, repr(v)] for k, v in overrides],
        "data_dir": os.environ.get("ARCTICROUTE_DATA_DIR"),
    }
    return hashlib.sha256(json.dumps(desc, sort_keys=True).encode()).hexdigest()[:24]


def _one_year(args: tuple, options: dict, overrides: tuple, year: int) -> dict:
    from arcticroute.caches import clear_caches, release_memory

    try:
        with assumptions.overridden(dict(overrides)) if overrides else nullcontext():
            return plan_to_dict(plan(*args, year, **options))
    finally:
        # a year's ice layers serve no other year: without this a worker keeps ~100 of
        # them (~7 MB each) and grows by 150-300 MB a year until the caches are full;
        # the mesh, lanes and shipped data serve every year (reading them again: ~0.5 s)
        clear_caches(data=False)
        release_memory()


def _read_part(path: Path, token: str) -> dict | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("plan") if data.get("token") == token else None


def _write_part(path: Path, token: str, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        tmp.write_text(json.dumps({"token": token, "plan": data}), "utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _run(todo, args, options, overrides, workers, done: Callable[[int, dict], None]) -> None:
    if workers <= 1 or len(todo) <= 1:
        for y in todo:
            done(y, _one_year(args, options, overrides, y))
        return
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    from arcticroute.workers import local_pool

    with local_pool(min(workers, len(todo))) as pool:  # workers die with this process
        futures = {pool.submit(_one_year, args, options, overrides, y): y for y in todo}
        try:
            for f in as_completed(futures):
                done(futures[f], f.result())
        except BrokenProcessPool:
            raise PlanError(
                "a worker process died (out of memory or killed); finished years are kept "
                "when parts_dir is given: run again to resume"
            ) from None


def plan_years(
    origin,
    destinations,
    volume: float,
    ship,
    years: Sequence[int] | str,
    *,
    workers: int | None = None,
    parts_dir: str | Path | None = None,
    resume: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> list[dict]:
    """One plan per year, in parallel and resumable.

    Parameters
    ----------
    origin, destinations, volume, ship, **options
        As for :func:`arcticroute.analysis.plan.plan`.
    years : sequence of int or str
        Years, or text for :func:`parse_years` (``"1989-2017"``).
    workers : int, optional
        Local processes (default: every core; 1 runs in this process).
    parts_dir : str or Path, optional
        Folder for the finished years (``<year>.json``); with ``resume`` the years
        already there for the same job are not computed again.
    on_progress : callable, optional
        ``on_progress(done, total)`` in years.

    Returns
    -------
    list of dict
        :func:`~arcticroute.analysis.planreport.plan_to_dict` of each year, by year.
    """
    ys = parse_years(years) if isinstance(years, str) else tuple(sorted({int(y) for y in years}))
    if not ys:
        raise PlanError("no years given")
    if workers is not None and workers < 1:
        raise PlanError(f"workers must be >= 1, got {workers}")
    check_plan(origin, destinations, volume, ship, **options)
    args = (origin, destinations, volume, ship)
    overrides = tuple((a.key, a.value) for a in assumptions.all_parameters() if a.overridden)
    token = _token(args, options, overrides)
    parts = Path(parts_dir) if parts_dir is not None else None
    results: dict[int, dict] = {}
    if parts is not None:
        try:
            parts.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PlanError(f"cannot write {parts}: {exc.strerror or exc}") from None
        for y in ys if resume else ():
            got = _read_part(parts / f"{y}.json", token)
            if got is not None:
                results[y] = got
    todo = [y for y in ys if y not in results]

    def done(y: int, data: dict) -> None:
        results[y] = data
        if parts is not None:
            _write_part(parts / f"{y}.json", token, data)
        if on_progress is not None:
            on_progress(len(results), len(ys))

    if on_progress is not None:
        on_progress(len(results), len(ys))
    n = workers if workers is not None else (os.cpu_count() or 1)
    _run(todo, args, options, overrides, n, done)
    return [results[y] for y in ys]
