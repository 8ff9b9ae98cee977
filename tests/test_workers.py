"""Worker processes die with their parent (issue: killed `matrix --workers 2` left its
workers and the resource tracker running for 90 s and more)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

POOL_SCRIPT = """
import time
from arcticroute.workers import local_pool

if __name__ == "__main__":
    pool = local_pool(2)
    futures = [pool.submit(time.sleep, 120) for _ in range(2)]
    print("ready", flush=True)
    time.sleep(120)
"""


def _children(pid: int) -> set[int]:
    """Every process whose parent is ``pid`` (from /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's reaping is left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_within_10_s_of_their_parent(tmp_path, sig):
    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT)
    parent = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        assert parent.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 60
        while len(_children(parent.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)  # two workers and the resource tracker
        kids = _children(parent.pid)
        assert len(kids) >= 2, kids
        os.kill(parent.pid, sig)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(k) for k in kids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [k for k in kids if _alive(k)], "workers outlived their parent"
    finally:
        for k in _children(parent.pid) | {parent.pid}:
            with contextlib.suppress(OSError):
                os.kill(k, signal.SIGKILL)
        parent.wait(timeout=10)
