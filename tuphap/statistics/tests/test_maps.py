"""The offline province map: shapes, classes, the new boundaries through the crosswalk, PNG."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

import pytest
from django.core.management import call_command
from PIL import Image

from tuphap.places.models import AdministrativeUnit, Boundaries, Level
from tuphap.statistics import maps


def _fold(text: str) -> str:
    """Lower-case ASCII letters only: "Tỉnh Bà Rịa - Vũng Tàu" → "bariavungtau"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    for prefix in ("tinh ", "thanh pho "):
        plain = plain.removeprefix(prefix)
    return "".join(letter for letter in plain if letter.isalpha())


def test_classes_have_equal_counts_and_cover_every_figure() -> None:
    legend = maps.classes(list(range(1, 101)))
    assert [(c.low, c.high) for c in legend] == [(1, 20), (21, 40), (41, 60), (61, 80), (81, 100)]
    assert [c.colour for c in legend] == list(maps.COLOURS)
    # fewer distinct figures than classes: one class each, spread over the palette
    two = maps.classes([5, 5, 9])
    assert [(c.low, c.high) for c in two] == [(5, 5), (9, 9)]
    assert [c.colour for c in two] == [maps.COLOURS[0], maps.COLOURS[-1]]
    assert maps.classes([]) == ()


def test_paths_flatten_to_closed_outlines() -> None:
    rings = maps.polygons("m 10,10 5,0 0,5 z M 0,0 L 2,0 c 1,0 1,1 1,2 z")
    assert rings[0] == [(10.0, 10.0), (15.0, 10.0), (15.0, 15.0)]
    assert rings[1][:2] == [(0.0, 0.0), (2.0, 0.0)]
    assert rings[1][-1] == pytest.approx((3.0, 2.0))
    assert len(rings[1]) == 5  # the curve's two inner points and its end


@pytest.mark.django_db
def test_every_shape_is_a_real_province_and_the_new_map_follows_the_crosswalk(
    settings: Any,
) -> None:
    call_command("load_places", "--no-progress", verbosity=0)
    old = {
        unit.code: unit.name
        for unit in AdministrativeUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=False)
    }
    data = maps._data()
    islands = {"hoangsa": "48", "truongsa": "56"}
    for shape in data["shapes"]:
        if shape["id"] in islands:
            assert shape["code"] == islands[shape["id"]]
            continue
        # the shape's own name is its province's, letter for letter once folded (Thừa Thiên
        # Huế became the city of Huế on 1 January 2025, NQ 1314/NQ-UBTVQH15)
        drawn = _fold(shape["name"]).replace("thuathienhue", "hue")
        assert _fold(old[shape["code"]]) == drawn
    assert len({shape["code"] for shape in data["shapes"]}) == len(old) == 63

    new = AdministrativeUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)
    assert new.count() == 34
    chart = maps.province_map({"48": 7, "01": 3})
    da_nang = {shape.code for shape in chart.shapes if shape.province == "48"}
    # Đà Nẵng and Quảng Nam merged on 1 July 2025 (NQ 202/2025/QH15): one figure, one name
    assert da_nang == {"48", "49"}
    assert {shape.value for shape in chart.shapes if shape.province == "48"} == {7}
    assert {shape.name for shape in chart.shapes if shape.code == "49"} == {"Thành phố Đà Nẵng"}
    assert {shape.colour for shape in chart.shapes if shape.province == "79"} == {maps.NO_DATA}
    # on the old boundaries every province is its own
    old_chart = maps.province_map({"49": 2}, boundaries=Boundaries.OLD)
    assert {s.code for s in old_chart.shapes if s.value == 2} == {"49"}

    image = Image.open(io.BytesIO(maps.province_map_png(chart, title="Việc xong")))
    assert image.format == "PNG"
    assert image.size == ((chart.width + 230) * 2, chart.height * 2)
    # Đà Nẵng's class colour is painted somewhere on the map
    colours = {colour for _count, colour in image.getcolors(maxcolors=1 << 20) or []}
    assert Image.new("RGB", (1, 1), chart.legend[-1].colour).getpixel((0, 0)) in colours
