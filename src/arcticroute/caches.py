"""Every cache of the package: bounded, safe for threads, and emptied together.

:class:`LockedLru` is the one cache class: at most ``maxsize`` entries, the least
recently used dropped first, one lock (the web server solves in several threads).
Every instance registers itself, so :func:`clear_caches` (``arcticroute.clear_caches``)
empties them all, and with them every ``functools`` cache of the loaded
``arcticroute`` modules (shipped data, graphs, meshes): benchmarks measure cold
paths with it; a long-running server frees memory with it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import hashlib
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["LockedLru", "array_digest", "clear_caches", "release_memory"]

_ALL: weakref.WeakSet[LockedLru[Any, Any]] = weakref.WeakSet()

K = TypeVar("K")
V = TypeVar("V")


class LockedLru(Generic[K, V]):
    """At most ``maxsize`` entries; the least recently used goes first.

    ``every_date``: the values serve every date (graphs of a corridor, not ice), so
    :func:`clear_caches` with ``data=False`` keeps them.
    """

    def __init__(self, maxsize: int, *, every_date: bool = False) -> None:
        self.maxsize = maxsize
        self.every_date = every_date
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[K, threading.Lock] = {}
        _ALL.add(self)

    def get(self, key: K) -> V | None:
        """The value, or None; a hit becomes the most recent entry."""
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
            return hit

    def put(self, key: K, value: V) -> V:
        """Store and return ``value``."""
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        """The value of ``key``, built by ``build()`` on a miss, once: threads asking for
        the same key meanwhile wait for that build instead of repeating it."""
        hit = self.get(key)
        if hit is not None:
            return hit
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        try:
            with building:
                hit = self.get(key)
                if hit is None:
                    hit = self.put(key, build())
        finally:
            with self._lock:
                if self._building.get(key) is building:
                    del self._building[key]
        return hit

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


_DIGESTS: LockedLru[int, tuple[weakref.ref[Any], str]] = LockedLru(256)


def array_digest(arr: Any) -> str:
    """A content digest of a numpy array (blake2b, 12 bytes, of its dtype, shape and
    values): the cache key of what is derived from an ice field.

    A read-only array's digest is kept by identity (a weak reference, so the entry
    neither keeps the array alive nor passes to another array that takes its id): the
    cached fields of a month are hashed once, not at every layer built from them. A
    writeable array can change, so it is hashed every time.
    """
    if not arr.flags.writeable:
        hit = _DIGESTS.get(id(arr))
        if hit is not None and hit[0]() is arr:
            return hit[1]
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{arr.dtype.str}{arr.shape}".encode())
    h.update(arr.tobytes())
    digest = h.hexdigest()
    if not arr.flags.writeable:
        _DIGESTS.put(id(arr), (weakref.ref(arr), digest))
    return digest


def clear_caches(*, data: bool = True) -> None:
    """Empty the caches of the process.

    Parameters
    ----------
    data : bool
        True: every :class:`LockedLru` and every ``functools`` cache of the loaded
        ``arcticroute`` modules (shipped data, graphs and meshes load again when next
        needed). False: the results of a date only (ice fields, covers, layers,
        searches), keeping what serves every date (the ``functools`` caches and the
        caches made with ``every_date``): a batch job going from year to year frees a
        year's ice without reading the mesh and the lanes again.
    """
    for cache in list(_ALL):
        if data or not cache.every_date:
            cache.clear()
    if not data:
        return
    for name, module in list(sys.modules.items()):
        if not name.startswith("arcticroute") or module is None:
            continue
        for obj in list(vars(module).values()):
            if isinstance(obj, functools._lru_cache_wrapper):
                obj.cache_clear()


def release_memory() -> bool:
    """Give the memory freed by emptied caches back to the operating system.

    Python's allocator (glibc malloc) keeps freed blocks of the ~1 MB ice arrays in its
    heap for reuse, so a process that has emptied its caches still holds their pages
    (a plan worker: 866 MiB after a year, 411 MiB after this). Calls glibc
    ``malloc_trim(0)`` (https://man7.org/linux/man-pages/man3/malloc_trim.3.html);
    elsewhere it does nothing.

    Returns
    -------
    bool
        Whether memory was released (glibc's answer; False where it is not glibc).
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    return bool(trim(0))
