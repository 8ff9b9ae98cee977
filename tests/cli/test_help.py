"""``--help`` readable at 80 columns (issue 15): plain help that wraps words and never cuts
an option name; the boxed help from 100 columns up."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer

from arcticroute.cli.common import WIDE_HELP_COLUMNS
from arcticroute.cli.main import app

COMMANDS = [["compare"], ["route"], ["season"], ["plan"], ["serve"], ["data", "download"]]


def _help(words: list[str], columns: int) -> str:
    env = {**os.environ, "COLUMNS": str(columns)}
    code = "import sys; from arcticroute.cli.main import main; sys.argv[0] = 'arcticroute'; main()"
    res = subprocess.run(
        [sys.executable, "-c", code, *words, "--help"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    return res.stdout


def _options(words: list[str]) -> list[str]:
    cmd = typer.main.get_command(app)
    for w in words:
        cmd = cmd.commands[w]
    return [o for p in cmd.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")]


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_help_at_80_columns_shows_every_option_whole(words):
    text = _help(words, 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    shown = set(text.replace(",", " ").replace("/", " ").split())
    missing = [o for o in _options(words) if o not in shown]
    assert missing == [], missing


def test_a_wide_terminal_gets_the_boxed_help():
    assert "╭" in _help(["compare"], WIDE_HELP_COLUMNS + 20)
