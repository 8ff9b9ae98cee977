"""The ice layers' cache is keyed by what a cover was computed from, not by ``id()``:
once the cover cache has let a cover go, its id can be handed to the next cover,
and a layer keyed on it would be served for the wrong half-month (seen once as an
outlook 15 days late in a long-running test worker). The reuse of an id cannot be
provoked on demand, so the key itself is checked."""

from __future__ import annotations

import datetime as dt

from arcticroute.ice import icecover
from arcticroute.routing import icelayer

SHIP = "container_4500teu_arc4"


def test_a_cover_carries_what_it_was_computed_from():
    a = icecover.ice_cover(dt.date(2027, 1, 5))
    b = icecover.ice_cover(dt.date(2027, 7, 20))
    assert a.key and b.key and a.key != b.key
    assert icecover.ice_cover(dt.date(2027, 1, 10)).key == a.key  # the same half-month


def test_a_layer_is_keyed_by_its_covers_content_not_its_id():
    day = dt.date(2027, 7, 20)
    cover = icecover.ice_cover(day)
    key = icelayer.ice_layer(SHIP, day).key
    assert cover.key in key
    assert id(cover) not in key


def test_a_layer_is_keyed_by_its_admission_tables_content_not_its_id():
    import dataclasses

    from arcticroute.rules.nsr_rules import load_admission_table

    day = dt.date(2027, 7, 20)
    shipped = load_admission_table()
    same = load_admission_table()  # another object with the same rows
    first = shipped.rows[0]
    changed = dataclasses.replace(
        shipped, rows=(dataclasses.replace(first, admitted=not first.admitted), *shipped.rows[1:])
    )
    keys = [icelayer.ice_layer(SHIP, day, admission_table=t).key for t in (shipped, same, changed)]
    assert keys[0] == keys[1] != keys[2]
    assert id(shipped) not in keys[0] and shipped.content_key in keys[0]


def test_ships_of_one_class_and_speed_but_other_capability_get_their_own_layers():
    """Two ships alike in class and speed, one double-acting with its own 2.1 m capability,
    asked for on one day: the second must not be served the first's layer (the day memo once
    keyed on class and speed only, so a backtest row got the preset's layer)."""
    from arcticroute.vessel.ships import get_ship

    day = dt.date(2027, 2, 15)
    own = get_ship("lng_arc7_yamalmax")
    assert own.double_acting and own.level_ice_capability_m
    plain = own.model_copy(update={"double_acting": False, "level_ice_capability_m": None})
    a = icelayer.ice_layer(own, day)
    b = icelayer.ice_layer(plain, day)
    assert a.key != b.key
    assert (a.speed_alone_kn > b.speed_alone_kn).any()  # 2.1 m goes where the class's 1.4 m stops
