"""The provinces on a map, offline: a choropleth drawn as inline SVG by the server (no script, no
CDN, no tile server) and as a PNG for the Word exports.

The shapes (``tuphap/places/data/province_map.json``, built by
``scripts/build_province_map.py`` from ``@svg-maps/vietnam``, CC BY 4.0) are the 63 provinces
in force until 30 June 2025 and the two archipelagos. On the new boundaries each old province
is coloured with the figure of the province that succeeded it, read from the crosswalk
(``UnitSuccession``), so the 34 provinces from 1 July 2025 appear without redrawing any border
(the old borders inside a merged province stay drawn; its parts share its colour and name).
A figure is placed in one of up to five classes of equal counts (quantiles), each with its
colour; a province without a figure is grey.
"""

from __future__ import annotations

import bisect
import functools
import io
import json
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tuphap.places.models import AdministrativeUnit, Boundaries, Level, UnitSuccession

DATA = Path(__file__).resolve().parent.parent / "places" / "data" / "province_map.json"
# ColorBrewer "Reds", five classes, light to dark; grey for no figure
COLOURS = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
NO_DATA = "#e9ecef"
CLASSES = len(COLOURS)


@dataclass(frozen=True)
class Shape:
    code: str  # the drawn (old) province's code
    path: str
    province: str  # the code of the province whose figure colours it
    name: str
    value: int | None
    colour: str


@dataclass(frozen=True)
class LegendClass:
    colour: str
    low: int
    high: int


@dataclass(frozen=True)
class ProvinceMap:
    view_box: str
    width: int
    height: int
    shapes: tuple[Shape, ...]
    legend: tuple[LegendClass, ...]
    attribution: str
    unit: str


@functools.cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text())
    return data


def _old_to_new() -> dict[str, str]:
    """Old province code → the code of the new province that succeeded it (the crosswalk)."""
    pairs = UnitSuccession.objects.filter(
        predecessor__level=Level.PROVINCE, successor__level=Level.PROVINCE
    ).values_list("predecessor__code", "successor__code")
    return dict(pairs)


def classes(values: list[int]) -> tuple[LegendClass, ...]:
    """Up to five classes of (about) equal counts over the figures, lowest first; classes that
    would repeat the same bounds are merged."""
    ordered = sorted(values)
    if not ordered:
        return ()
    result: list[LegendClass] = []
    count = min(CLASSES, len(set(ordered)))
    for index in range(count):
        low = ordered[index * len(ordered) // count]
        high = ordered[(index + 1) * len(ordered) // count - 1]
        if result and low <= result[-1].high:
            # start at the first figure above the class before (it may lie past this one)
            above = bisect.bisect_right(ordered, result[-1].high)
            if above == len(ordered) or ordered[above] > high:
                continue
            low = ordered[above]
        result.append(LegendClass("", low, high))
    step = (CLASSES - 1) / max(len(result) - 1, 1)
    return tuple(
        LegendClass(COLOURS[round(index * step)], item.low, item.high)
        for index, item in enumerate(result)
    )


def _colour(value: int | None, legend: tuple[LegendClass, ...]) -> str:
    if value is None:
        return NO_DATA
    for item in legend:
        if value <= item.high:
            return item.colour
    return legend[-1].colour if legend else NO_DATA


def province_map(
    values: Mapping[str, int | None], *, boundaries: str = Boundaries.NEW, unit: str = "count"
) -> ProvinceMap:
    """The map of ``values`` (province code on ``boundaries`` → figure; a province absent or
    None has no figure). Names come from the provinces of those boundaries."""
    data = _data()
    successor = _old_to_new() if boundaries == Boundaries.NEW else {}
    provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE)
    provinces = (
        provinces.filter(valid_to__isnull=True)
        if boundaries == Boundaries.NEW
        else provinces.filter(valid_to__isnull=False)
    )
    names = dict(provinces.values_list("code", "name"))
    legend = classes([value for value in values.values() if value is not None])
    shapes = []
    for shape in data["shapes"]:
        target = successor.get(shape["code"], shape["code"])
        value = values.get(target)
        shapes.append(
            Shape(
                code=shape["code"],
                path=shape["path"],
                province=target,
                name=names.get(target, shape["name"]),
                value=value,
                colour=_colour(value, legend),
            )
        )
    _x, _y, width, height = (int(float(part)) for part in data["viewBox"].split())
    return ProvinceMap(
        data["viewBox"], width, height, tuple(shapes), legend, data["attribution"], unit
    )


# -- PNG (for the Word exports) ---------------------------------------------------------------

_TOKEN = re.compile(r"[MmLlCcZzHhVv]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def polygons(path: str) -> list[list[tuple[float, float]]]:
    """The outlines of an SVG path of straight lines and cubic curves (M, L, H, V, C, Z, in
    either case), curves flattened to their end points and two inner points."""
    tokens = _TOKEN.findall(path)
    rings: list[list[tuple[float, float]]] = []
    ring: list[tuple[float, float]] = []
    x = y = 0.0
    command = "M"
    index = 0

    def number() -> float:
        nonlocal index
        value = float(tokens[index])
        index += 1
        return value

    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "Zz":
                if ring:
                    rings.append(ring)
                    x, y = ring[0]
                ring = []
            continue
        relative = command.islower()
        kind = command.upper()
        if kind in ("M", "L"):
            dx, dy = number(), number()
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            if kind == "M" and ring:
                rings.append(ring)
                ring = []
            ring.append((x, y))
            command = ("l" if relative else "L") if kind == "M" else command
        elif kind == "H":
            value = number()
            x = x + value if relative else value
            ring.append((x, y))
        elif kind == "V":
            value = number()
            y = y + value if relative else value
            ring.append((x, y))
        elif kind == "C":
            points = [(number(), number()) for _ in range(3)]
            if relative:
                points = [(x + px, y + py) for px, py in points]
            (x1, y1), (x2, y2), (x3, y3) = points
            for t in (1 / 3, 2 / 3):
                u = 1 - t
                ring.append(
                    (
                        u**3 * x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                        u**3 * y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
                    )
                )
            x, y = x3, y3
            ring.append((x, y))
        else:  # pragma: no cover - the shapes use only the commands above
            raise ValueError(f"Unsupported path command {command!r}.")
    if ring:
        rings.append(ring)
    return rings


def province_map_png(chart: ProvinceMap, *, scale: int = 2, title: str = "") -> bytes:
    """The map as a PNG: the shapes, the legend and the attribution."""
    from PIL import Image, ImageDraw

    from tuphap.core.charts import font
    from tuphap.statistics.templatetags.statistics_format import figure

    legend_width = 230
    width, height = chart.width + legend_width, chart.height
    image = Image.new("RGB", (width * scale, height * scale), "white")
    draw = ImageDraw.Draw(image)
    for shape in chart.shapes:
        for ring in polygons(shape.path):
            if len(ring) >= 3:
                draw.polygon(
                    [(px * scale, py * scale) for px, py in ring],
                    fill=shape.colour,
                    outline="#495057",
                )
    heading, small = font(13 * scale), font(10 * scale)
    left, top = (chart.width + 10) * scale, 20 * scale
    for line in textwrap.wrap(title, 26):  # the legend column is narrow
        draw.text((left, top), line, fill="black", font=heading)
        top += 18 * scale
    if title:
        top += 6 * scale
    for item in chart.legend:
        draw.rectangle((left, top, left + 16 * scale, top + 12 * scale), fill=item.colour)
        label = f"{figure(item.low, chart.unit)} – {figure(item.high, chart.unit)}"
        draw.text((left + 22 * scale, top - scale), label, fill="black", font=small)
        top += 18 * scale
    draw.text((10 * scale, (height - 16) * scale), chart.attribution, fill="#495057", font=small)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
