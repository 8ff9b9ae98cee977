import pytest

from arcticroute.errors import UnknownPassageError
from arcticroute.geo.passages import (
    COMPARE_CORRIDORS,
    CORRIDORS,
    PASSAGES,
    corridor,
    passage_mask,
    passages_from_mask,
)


def test_bits_are_unique_and_fit_uint16():
    bits = [p.bit for p in PASSAGES.values()]
    assert len(set(bits)) == len(bits)
    assert max(bits) < 16


def test_issue_passages_are_all_defined():
    for name in (
        "suez",
        "panama",
        "malacca",
        "gibraltar",
        "babelmandeb",
        "bering",
        "nsr",
        "nwp",
        "cape",
        "cape_horn",
    ):
        assert name in PASSAGES


def test_mask_roundtrip():
    names = ["suez", "nsr", "cape_horn"]
    assert passages_from_mask(passage_mask(names)) == ("suez", "cape_horn", "nsr")


def test_unknown_passage():
    with pytest.raises(UnknownPassageError, match="known passages: suez"):
        passage_mask(["kiel"])


@pytest.mark.parametrize("name", ["SUEZ", " nsr ", "Cape"])
def test_corridor_lookup_is_lenient(name):
    assert corridor(name).name == name.strip().lower()


def test_unknown_corridor_lists_valid():
    with pytest.raises(UnknownPassageError, match="use one of: auto, suez, cape"):
        corridor("northeast")


@pytest.mark.parametrize("name", COMPARE_CORRIDORS)
def test_corridor_forbids_every_other_corridor(name):
    c = CORRIDORS[name]
    assert c.required == name
    assert name not in c.forbidden
    assert set(COMPARE_CORRIDORS) - {name} <= c.forbidden


def test_auto_avoids_arctic():
    assert CORRIDORS["auto"].forbidden == {"nsr", "nwp"}
    assert CORRIDORS["nsr"].arctic and not CORRIDORS["suez"].arctic
