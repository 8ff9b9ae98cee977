"""Local worker processes that never outlive the run that started them.

``matrix --workers N`` and ``season --workers N`` solve on a pool of spawned
processes (:class:`concurrent.futures.ProcessPoolExecutor`). When the parent is
killed (SIGKILL, SIGTERM, an out-of-memory kill) a plain pool leaves its
workers running, each holding hundreds of MB. Here every worker:

- asks the Linux kernel to kill it when its parent dies
  (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, see ``man 2 prctl``), when the pool
  was created from the parent's main thread (the signal follows the creating
  thread, so a pool made elsewhere relies on the watchdog alone);
- runs a watchdog thread that ends the process when its parent changes
  (``os.getppid()``: the orphan is re-parented), every :data:`WATCH_S` seconds,
  on any POSIX system.

The multiprocessing resource tracker exits by itself once the parent and the
workers, the holders of its pipe, are gone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["WATCH_S", "local_pool"]

WATCH_S = 1.0
"""Seconds between the watchdog's looks at the parent process."""
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _kernel_kills_orphan() -> None:
    """PR_SET_PDEATHSIG(SIGKILL) on Linux; nothing elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(1)  # the parent is gone: no cleanup can matter to anyone
        time.sleep(WATCH_S)


def _start_worker(parent_pid: int, deathsig: bool, init: Callable | None, args: tuple) -> None:
    if deathsig:
        _kernel_kills_orphan()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), daemon=True, name="parent-watch").start()
    if init is not None:
        init(*args)


def local_pool(
    workers: int, initializer: Callable | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A spawn-context process pool of ``workers`` processes that die with this process;
    ``initializer(*initargs)`` runs in each worker after the guards are set."""
    import multiprocessing

    main = threading.current_thread() is threading.main_thread()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(), main, initializer, initargs),
    )
