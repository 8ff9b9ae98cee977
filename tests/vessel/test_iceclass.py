"""Tests for arcticroute.vessel.iceclass: parsing, equivalences, Polar Code category."""

from __future__ import annotations

import subprocess
import sys

import pytest

from arcticroute.assumptions import all_assumptions, assumption, overridden
from arcticroute.errors import DataFileError, UnknownIceClassError
from arcticroute.vessel.iceclass import (
    IceClass,
    IceSystem,
    PolarCodeCategory,
    equivalence,
    equivalent,
    parse_ice_class,
    polar_code_category,
    polar_code_category_assumptions,
)

PARSE_CASES = [
    # IACS Polar Class
    *[(f"PC{n}", IceClass(f"PC{n}")) for n in range(1, 8)],
    ("PC 7", IceClass.PC7),
    ("pc-7", IceClass.PC7),
    ("Polar Class 4", IceClass.PC4),
    # Russian Register, new names and spellings
    *[(f"Arc{n}", IceClass(f"Arc{n}")) for n in range(4, 10)],
    ("ARC 4", IceClass.ARC4),
    ("arc-4", IceClass.ARC4),
    ("arc_7", IceClass.ARC7),
    ("Ice1", IceClass.ICE1),
    ("ICE 2", IceClass.ICE2),
    ("ice-3", IceClass.ICE3),
    # Russian Register, old names documented in REFERENCE.md §3.8 (Latin and Cyrillic)
    ("UL", IceClass.ARC5),
    ("УЛ", IceClass.ARC5),
    ("L1", IceClass.ARC4),
    ("Л1", IceClass.ARC4),
    ("ULA", IceClass.ARC7),
    ("УЛА", IceClass.ARC7),
    ("ЛУ4", IceClass.ARC4),
    ("ЛУ2", IceClass.ICE2),
    ("Л3", IceClass.ICE2),
    # Finnish-Swedish
    ("IA Super", IceClass.IA_SUPER),
    ("1A Super", IceClass.IA_SUPER),
    ("IAS", IceClass.IA_SUPER),
    ("1AS", IceClass.IA_SUPER),
    ("ia super", IceClass.IA_SUPER),
    ("ICE-1A*", IceClass.IA_SUPER),
    ("IA", IceClass.IA),
    ("1A", IceClass.IA),
    ("ICE-1A", IceClass.IA),
    ("IB", IceClass.IB),
    ("1B", IceClass.IB),
    ("IC", IceClass.IC),
    ("1C", IceClass.IC),
    # none
    ("none", IceClass.NONE),
    ("", IceClass.NONE),
    ("  ", IceClass.NONE),
    ("NIS", IceClass.NONE),
    ("no ice class", IceClass.NONE),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_every_form(text, expected):
    assert parse_ice_class(text) is expected


def test_parse_passes_an_ice_class_through():
    assert parse_ice_class(IceClass.ARC7) is IceClass.ARC7


@pytest.mark.parametrize("text", ["PC8", "Arc3", "Arc 10", "Ice4", "1D", "ЛУ5", "Polar", "A1"])
def test_unknown_class_lists_valid_forms(text):
    # ЛУ5 follows the ЛУ pattern but no reference confirms it: fail closed.
    with pytest.raises(UnknownIceClassError, match=r"unknown ice class .*Valid forms: PC1–PC7"):
        parse_ice_class(text)


def test_unknown_class_suggests_the_closest():
    with pytest.raises(UnknownIceClassError, match="Did you mean 'Arc9'"):
        parse_ice_class("Arc 10")


@pytest.mark.parametrize("value", [4, None, 7.0])
def test_non_text_is_rejected(value):
    with pytest.raises(UnknownIceClassError, match="must be text"):
        parse_ice_class(value)


def test_unknown_ice_class_error_is_a_value_error():
    with pytest.raises(ValueError, match="unknown ice class 'PC0'"):
        parse_ice_class("PC0")


@pytest.mark.parametrize(
    ("ice_class", "system", "rank"),
    [
        (IceClass.PC1, IceSystem.IACS, 7),
        (IceClass.PC7, IceSystem.IACS, 1),
        (IceClass.ARC9, IceSystem.RS, 9),
        (IceClass.ARC4, IceSystem.RS, 4),
        (IceClass.ICE1, IceSystem.RS, 1),
        (IceClass.IA_SUPER, IceSystem.FSICR, 4),
        (IceClass.IC, IceSystem.FSICR, 1),
        (IceClass.NONE, IceSystem.NONE, 0),
    ],
)
def test_system_and_rank(ice_class, system, rank):
    assert ice_class.system is system
    assert ice_class.rank == rank


# The IMO "nominal ship equivalencies" table (REFERENCE.md §3.8), re-typed:
# FSICR | RS (old name = new) | Polar Class
IMO_TABLE = [("IA Super", "UL", "PC6"), ("IA", "L1", "PC7")]


@pytest.mark.parametrize(("fsicr", "rs_old", "pc"), IMO_TABLE)
def test_confirmed_equivalences_match_the_imo_table(fsicr, rs_old, pc):
    row = {IceSystem.FSICR: fsicr, IceSystem.RS: rs_old, IceSystem.IACS: pc}
    for src_system, src in row.items():
        for dst_system, dst in row.items():
            eq = equivalence(src, dst_system)
            assert eq.equivalent is parse_ice_class(dst), (src, dst_system)
            assert eq.confirmed is True
            assert eq.assumption_key is None
            if src_system is not dst_system:
                assert "imorules.com" in eq.source


ASSUMED = [
    ("Ice3", "FSICR", IceClass.IA),
    ("Ice2", "FSICR", IceClass.IB),
    ("Ice1", "FSICR", IceClass.IC),
    ("Arc6", "IACS", IceClass.PC5),
    ("Arc7", "IACS", IceClass.PC4),
    ("Arc8", "IACS", IceClass.PC3),
    ("Arc9", "IACS", IceClass.PC2),
    ("PC4", "RS", IceClass.ARC7),
    ("IB", "RS", IceClass.ICE2),
]


@pytest.mark.parametrize(("ice_class", "system", "expected"), ASSUMED)
def test_assumed_equivalences_are_flagged(ice_class, system, expected):
    eq = equivalence(ice_class, system)
    assert eq.equivalent is expected
    assert eq.confirmed is False
    key = f"iceclass.equivalence.{parse_ice_class(ice_class).key}.{system}"
    assert eq.assumption_key == key
    assert eq.source == assumption(key).why
    assert equivalent(ice_class, system) is expected


@pytest.mark.parametrize(
    ("ice_class", "system"),
    [("IB", "IACS"), ("IC", "IACS"), ("Ice1", "IACS"), ("Ice2", "IACS"), ("Ice3", "IACS")],
)
def test_classes_below_pc7_have_no_polar_class(ice_class, system):
    eq = equivalence(ice_class, system)
    assert eq.equivalent is None
    assert eq.assumption_key is None


@pytest.mark.parametrize("ice_class", list(IceClass))
@pytest.mark.parametrize("system", list(IceSystem))
def test_every_pair_is_answered_in_the_target_system(ice_class, system):
    eq = equivalence(ice_class, system)
    if eq.equivalent is not None:
        assert eq.equivalent.system in (system, IceSystem.NONE)
    assert eq.confirmed or eq.assumption_key is not None


def test_every_shipped_equivalence_assumption_is_used_and_explained():
    keys = {a.key for a in all_assumptions() if a.key.startswith("iceclass.equivalence.")}
    pairs = [(ic, system) for ic in IceClass for system in IceSystem]
    used = {equivalence(ic, system).assumption_key for ic, system in pairs} - {None}
    assert keys == used
    for key in keys:
        assert len(assumption(key).why) > 40, key


def test_same_system_and_none():
    assert equivalence("Arc7", "RS").equivalent is IceClass.ARC7
    assert equivalence("none", "IACS").equivalent is IceClass.NONE
    assert equivalence("none", "IACS").confirmed
    assert equivalence("PC3", "none").equivalent is None


def test_override_changes_an_assumed_equivalence():
    assert equivalent("Ice2", "FSICR") is IceClass.IB
    with overridden({"iceclass.equivalence.Ice2.FSICR": "IC"}):
        eq = equivalence("Ice2", "FSICR")
        assert eq.equivalent is IceClass.IC
        assert eq.confirmed is False
    assert equivalent("Ice2", "FSICR") is IceClass.IB


def test_override_changes_the_derived_polar_code_category():
    assert polar_code_category("Arc7") is PolarCodeCategory.A
    with overridden({"iceclass.equivalence.Arc7.IACS": "PC6"}):
        assert polar_code_category("Arc7") is PolarCodeCategory.B
    with overridden({"iceclass.equivalence.Arc7.IACS": "none"}):
        assert polar_code_category("Arc7") is PolarCodeCategory.C


@pytest.mark.parametrize("value", ["PC3", "Arc12", "Arc99"])
def test_bad_override_value_is_refused_on_load_with_its_key(value):
    """An equivalence override must name a class of the target system (issue: 'Arc99'
    was accepted silently)."""
    with (
        pytest.raises(DataFileError, match=r"iceclass.equivalence.Ice2.FSICR must be one of"),
        overridden({"iceclass.equivalence.Ice2.FSICR": value}),
    ):
        pass


def test_unknown_system():
    with pytest.raises(ValueError, match="unknown ice-class system 'DNV'"):
        equivalence("PC7", "DNV")


CATEGORIES = [
    *[(f"PC{n}", "A") for n in range(1, 6)],
    ("PC6", "B"),
    ("PC7", "B"),
    ("IA Super", "B"),
    ("IA", "B"),
    ("Arc4", "B"),
    ("Arc5", "B"),
    *[(f"Arc{n}", "A") for n in range(6, 10)],
    ("Ice1", "C"),
    ("Ice2", "C"),
    ("Ice3", "C"),
    ("IB", "C"),
    ("IC", "C"),
    ("none", "C"),
]


@pytest.mark.parametrize(("ice_class", "category"), CATEGORIES)
def test_polar_code_category(ice_class, category):
    assert polar_code_category(ice_class) is PolarCodeCategory(category)


@pytest.mark.parametrize(
    ("ice_class", "keys"),
    [
        ("Arc7", ("iceclass.equivalence.Arc7.IACS",)),
        ("Arc4", ()),
        ("PC3", ()),
        ("IA Super", ()),
        ("Ice2", ()),
    ],
)
def test_polar_code_category_assumptions(ice_class, keys):
    assert polar_code_category_assumptions(ice_class) == keys


def test_polar_code_category_rejects_unknown_class():
    with pytest.raises(UnknownIceClassError, match="Valid forms"):
        polar_code_category("PC9")


def test_import_does_not_pull_heavy_modules():
    code = (
        "import sys, arcticroute.vessel.iceclass; "
        "print(sorted(m for m in ('pydantic', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
