"""Fuzz the command line: generated dates and numbers through `arcticroute compare`.

    python benchmarks/bench_cli_fuzz.py                  # 2,000 in-process runs, 100 processes
    python benchmarks/bench_cli_fuzz.py --runs 200 --processes 20

In-process runs go through ``arcticroute.cli.main.run`` (the entry point, as in
``tests/cli/test_hardening.py``, which runs a bounded number in CI); a sample runs
as real processes. Every run must exit 0, 1 (exactly one ``error:`` line on stderr)
or 3, print no traceback and leave no ``.part`` file; JSON output must parse
strictly. Prints the counts by exit status and every failure.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from arcticroute.cli.main import run

DATES = ["", "20130101", "1800-01-01", "2500-06-01", "9999-12-31", "2013-02-30", "2026-08-01"]
NUMBERS = ["inf", "-inf", "nan", "1e308", "-0", "0", "1_0", "abc", "3", "14.5", "0.5", "36"]
OPTIONS = ["--speed-kn", "--load-factor", "--bunker-usd-per-t", "--ets-eur-per-t"]
FORMATS = ["json", "csv", "table"]


def _case(rng: random.Random, out: Path) -> list[str]:
    date = rng.choice([*DATES, f"{rng.randint(1000, 9999)}-{rng.randint(0, 13):02d}-15"])
    args = ["compare", "Busan", "Hamburg", "--no-ice", "--date", date]
    args += [rng.choice(OPTIONS), rng.choice(NUMBERS), "--format", rng.choice(FORMATS)]
    if rng.random() < 0.2:
        args += ["-o", str(out / rng.choice(["r.json", "missing/r.json", ""]))]
    return args


def _check(code: int, out: str, err: str, fmt: str, folder: Path) -> str | None:
    if code not in (0, 1, 3):
        return f"exit {code}"
    if "Traceback" in out + err:
        return "traceback"
    if code == 1 and not (err.startswith("error: ") and err.count("\n") == 1):
        return f"not one error line: {err!r}"
    if list(folder.rglob("*.part")):
        return "partial file left"
    if code == 0 and fmt == "json" and out.strip():
        try:
            json.loads(out, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
        except ValueError as exc:
            return f"invalid JSON: {exc}"
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2000)
    ap.add_argument("--processes", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng, codes, failures = random.Random(a.seed), Counter(), []
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        for i in range(a.runs + a.processes):
            args = _case(rng, folder)
            fmt = args[args.index("--format") + 1]
            if i < a.runs:
                with runner.isolation() as (o, e, _):
                    code = run(args)
                    out, err = o.getvalue().decode(), e.getvalue().decode()
            else:
                cmd = [sys.executable, "-m", "arcticroute.cli.main", *args]
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
                code, out, err = p.returncode, p.stdout, p.stderr
            codes[code] += 1
            why = _check(code, out, err, fmt, folder)
            if why:
                failures.append((args, why))
        wall = time.perf_counter() - t0
    print(f"{a.runs} in-process runs and {a.processes} processes in {wall:.0f} s")
    print("exit statuses:", dict(sorted(codes.items())))
    print(f"failures (traceback, partial file, bad JSON, not one line): {len(failures)}")
    for args, why in failures[:20]:
        print("  ", why, args)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
