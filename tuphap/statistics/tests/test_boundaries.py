"""Reports on the new and the old boundaries, over a reorganisation built by hand:

    old provinces          new provinces
    O1 "01" ── whole ──►  N1 "01"
    O2 "03" ── whole ──►  N1
    O3 "02" ── partial ─► N2 "02" and N1 (split between two provinces)

    old communes                      new communes
    c1 "00001" (O1) ── whole ──────►  n1 "00001" (N1)
    c2 "00100" (O2) ── whole ──────►  n1
    c3 "00200" (O3) ── partial ────►  n2 "00200" (N2) and n3 "00300" (N1)
    c4 "00210" (O3) ── whole ──────►  n2
    c5 "00220" (O3) ── partial ────►  n2 and n4 "00400" (N2): split inside one province
    c6 "00010" (O1)    (no crosswalk row)

Rows: March 2025 (old units) c1 10, c2 20, c3 30, c4 40, c5 50, c6 60;
September 2025 (new units) n1 1, n2 2, n3 3, n4 4.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tuphap.places.tests import factories as places
from tuphap.statistics import selectors
from tuphap.statistics.tests.conftest import cover, put

pytestmark = pytest.mark.usefixtures("indicators")


@pytest.fixture
def reorganised(db: Any) -> None:
    n1 = places.province("01", "Tỉnh Một")
    n2 = places.province("02", "Tỉnh Hai")
    o1 = places.province("01", "Tỉnh Một cũ", old=True)
    o2 = places.province("03", "Tỉnh Ba cũ", old=True)
    o3 = places.province("02", "Tỉnh Hai cũ", old=True)
    places.succession(o1, n1)
    places.succession(o2, n1)
    places.succession(o3, n2, "partial")
    places.succession(o3, n1, "partial")
    new = {
        "n1": places.commune("00001", "Phường Một", n1),
        "n2": places.commune("00200", "Xã Hai", n2),
        "n3": places.commune("00300", "Xã Ba", n1),
        "n4": places.commune("00400", "Xã Bốn", n2),
    }
    old = {
        "c1": places.commune("00001", "Phường Một cũ", o1, old=True),
        "c2": places.commune("00100", "Phường Một trăm cũ", o2, old=True),
        "c3": places.commune("00200", "Xã Hai trăm cũ", o3, old=True),
        "c4": places.commune("00210", "Xã Hai trăm mười cũ", o3, old=True),
        "c5": places.commune("00220", "Xã Hai trăm hai mươi cũ", o3, old=True),
        "c6": places.commune("00010", "Xã Mười cũ", o1, old=True),
    }
    places.succession(old["c1"], new["n1"])
    places.succession(old["c2"], new["n1"])
    places.succession(old["c3"], new["n2"], "partial")
    places.succession(old["c3"], new["n3"], "partial")
    places.succession(old["c4"], new["n2"])
    places.succession(old["c5"], new["n2"], "partial")
    places.succession(old["c5"], new["n4"], "partial")
    cover("test.cases.received", "2024-01", "2025-12")
    for name, value in [("c1", 10), ("c2", 20), ("c3", 30), ("c4", 40), ("c5", 50), ("c6", 60)]:
        put("test.cases.received", "2025-03", old[name], value)
    for name, value in [("n1", 1), ("n2", 2), ("n3", 3), ("n4", 4)]:
        put("test.cases.received", "2025-09", new[name], value)


def _rows(level: str, boundaries: str, **kwargs: Any) -> list[tuple[Any, ...]]:
    query = selectors.report_query_parse(
        indicators="test.cases.received",
        period="2025",
        level=level,
        boundaries=boundaries,
        **kwargs,
    )
    return [
        (row["place"], row["place_name"], row["value"], row["approximate"])
        for row in selectors.report_national(query).rows
    ]


def test_nation_is_the_same_on_both_boundaries_and_exact(reorganised: None) -> None:
    with translation.override("en"):
        assert _rows("nation", "new") == [(None, "Whole country", 220, False)]
        assert _rows("nation", "old") == [(None, "Whole country", 220, False)]


def test_provinces_on_the_new_boundaries(reorganised: None) -> None:
    # N1 = c1 10 + c2 20 (whole merges) + c6 60 (no commune row: by its province, whole)
    #      + n1 1 + n3 3; c3 went to two provinces: all of it to n2's province N2, approximate.
    # N2 = c3 30 (≈) + c4 40 + c5 50 (split inside N2: exact for the province) + n2 2 + n4 4
    assert _rows("province", "new") == [
        ("01", "Tỉnh Một", 94, False),
        ("02", "Tỉnh Hai", 126, True),
    ]


def test_communes_on_the_new_boundaries(reorganised: None) -> None:
    assert _rows("commune", "new") == [
        ("00001", "Phường Một", 31, False),  # c1 + c2 whole into n1, + n1
        ("00010", "Xã Mười cũ", 60, True),  # no successor recorded: stays, approximate
        ("00200", "Xã Hai", 122, True),  # c3 (split, primary n2: same code) + c4 + c5 (split) + n2
        ("00300", "Xã Ba", 3, False),
        ("00400", "Xã Bốn", 4, False),
    ]


def test_provinces_on_the_old_boundaries(reorganised: None) -> None:
    # n1 came from c1 (O1) and c2 (O2): all of it to c1's province (same code), approximate.
    # N2 came from O3 only: exact. n3 came from c3 only: exact.
    assert _rows("province", "old") == [
        ("01", "Tỉnh Một cũ", 71, True),  # c1 10 + c6 60 + n1 1 (≈)
        ("02", "Tỉnh Hai cũ", 129, False),  # c3 30 + c4 40 + c5 50 + n2 2 + n3 3 + n4 4
        ("03", "Tỉnh Ba cũ", 20, False),
    ]


def test_communes_on_the_old_boundaries(reorganised: None) -> None:
    assert _rows("commune", "old") == [
        ("00001", "Phường Một cũ", 11, True),  # c1 + n1 (from c1 and c2: primary c1)
        ("00010", "Xã Mười cũ", 60, False),
        ("00100", "Phường Một trăm cũ", 20, False),
        ("00200", "Xã Hai trăm cũ", 35, True),  # c3 + n2 (from c3, c4, c5: primary c3) + n3
        ("00210", "Xã Hai trăm mười cũ", 40, False),
        ("00220", "Xã Hai trăm hai mươi cũ", 54, False),  # c5 + n4 (from c5 only)
    ]


def test_a_place_on_the_new_boundaries_gathers_its_predecessors(reorganised: None) -> None:
    assert _rows("province", "new", place="01") == [("01", "Tỉnh Một", 94, False)]
    assert _rows("commune", "new", place="02") == [
        ("00200", "Xã Hai", 122, True),
        ("00400", "Xã Bốn", 4, False),
    ]


def test_a_place_on_the_old_boundaries(reorganised: None) -> None:
    assert _rows("province", "old", place="03") == [("03", "Tỉnh Ba cũ", 20, False)]
