"""The registry's overrides: an ``overridden`` block holds in its own thread only, so two
web solves with different prices (``bunker_usd_per_t``) at the same time each cost
with their own; a file of overrides (``load_overrides``) holds for the whole process."""

from __future__ import annotations

import threading

from arcticroute import assumptions

KEY = "costs.bunker_usd_per_t.VLSFO"


def test_an_override_holds_in_its_thread_only():
    shipped = assumptions.value(KEY)
    inside, seen_elsewhere = threading.Event(), []
    done = threading.Event()

    def other_thread():
        inside.wait(10)
        seen_elsewhere.append(assumptions.value(KEY))
        with assumptions.overridden({KEY: 123.0}):
            seen_elsewhere.append(assumptions.value(KEY))
        done.set()

    t = threading.Thread(target=other_thread)
    t.start()
    with assumptions.overridden({KEY: 999.0}):
        inside.set()
        assert done.wait(10)
        assert assumptions.value(KEY) == 999.0  # the other thread's block did not leak in
        assert assumptions.assumption(KEY).overridden
    t.join(10)
    assert seen_elsewhere == [shipped, 123.0]
    assert assumptions.value(KEY) == shipped


def test_blocks_nest_and_unwind():
    shipped = assumptions.value(KEY)
    with assumptions.overridden({KEY: 1.0}):
        with assumptions.overridden({KEY: 2.0}):
            assert assumptions.value(KEY) == 2.0
        assert assumptions.value(KEY) == 1.0
    assert assumptions.value(KEY) == shipped
