"""The package's one cache class: bounded, shared between threads, each value built once."""

from __future__ import annotations

import platform
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from arcticroute.caches import LockedLru, array_digest, clear_caches, release_memory


def test_oldest_entry_goes_first():
    cache = LockedLru(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3


def test_threads_asking_for_one_key_build_it_once():
    cache = LockedLru(4)
    builds = []
    gate = threading.Barrier(4)

    def build():
        builds.append(threading.get_ident())
        time.sleep(0.2)  # long enough for every other thread to ask meanwhile
        return "value"

    def ask(_):
        gate.wait()
        return cache.get_or_build("key", build)

    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(ask, range(4)))
    assert got == ["value"] * 4
    assert len(builds) == 1


def test_a_failed_build_is_not_cached_and_others_may_retry():
    cache = LockedLru(4)

    def fail():
        raise ValueError("no field")

    with pytest.raises(ValueError, match="no field"):
        cache.get_or_build("key", fail)
    assert cache.get("key") is None and not cache._building  # no build lock left behind
    assert cache.get_or_build("key", lambda: 7) == 7


def test_clear_caches_empties_every_instance():
    cache = LockedLru(4)
    cache.put("k", 1)
    clear_caches()
    assert cache.get("k") is None


def test_clearing_a_dates_caches_keeps_the_shipped_data():
    """clear_caches(data=False) (a batch job between years) empties the per-date caches
    and keeps the mesh; clear_caches() reads it again."""
    from arcticroute.geo import arcticmesh

    cache, graphs = LockedLru(4), LockedLru(4, every_date=True)
    cache.put("k", 1)
    graphs.put("g", 2)
    mesh = arcticmesh.load_mesh()
    clear_caches(data=False)
    assert cache.get("k") is None and graphs.get("g") == 2
    assert arcticmesh.load_mesh() is mesh
    clear_caches()
    assert arcticmesh.load_mesh() is not mesh and graphs.get("g") is None


@pytest.mark.skipif(
    sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc malloc_trim"
)
def test_freed_heap_memory_goes_back_to_the_system():
    """Blocks below glibc's mmap threshold (128 KiB) live in the heap; once freed,
    release_memory() hands their pages back (malloc_trim returns 1)."""
    blocks = [bytearray(100_000) for _ in range(500)]  # 50 MB of heap
    del blocks
    assert release_memory() is True


def test_array_digest_follows_the_values_not_the_object():
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    same = a.copy()
    assert array_digest(a) == array_digest(same)
    assert array_digest(a) != array_digest(a.astype(np.float64))  # dtype counts
    assert array_digest(a) != array_digest(a.reshape(4, 3))  # shape counts
    a[0, 0] = 99.0  # a writeable array is hashed every time: a change is seen
    assert array_digest(a) != array_digest(same)


def test_a_read_only_array_is_hashed_once_and_not_kept_alive(monkeypatch):
    import gc
    import hashlib
    import weakref

    calls = []
    real = hashlib.blake2b
    monkeypatch.setattr(hashlib, "blake2b", lambda **kw: calls.append(1) or real(**kw))
    a = np.ones(5)
    a.setflags(write=False)
    first = array_digest(a)
    assert array_digest(a) == first and len(calls) == 1
    ref = weakref.ref(a)
    del a
    gc.collect()
    assert ref() is None  # the digest cache holds no strong reference
