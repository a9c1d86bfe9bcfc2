"""Charts drawn as inline SVG by the server: no script, no CDN, legible in Vietnamese, and each
one paired with a table for screen readers (the template renders both). A chart here is only
geometry: the template ``web/_hbar_chart.html`` draws what ``hbar_chart`` computes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROW = 22  # height of one category: two bars and a gap
BAR = 8
LABEL_WIDTH = 260
PLOT_WIDTH = 320


@dataclass(frozen=True)
class HBar:
    label: str
    value: int
    width: int
    y: int


@dataclass(frozen=True)
class HBarRow:
    label: str
    y: int  # the row's baseline for its label
    bars: tuple[HBar, ...]


@dataclass(frozen=True)
class HBarChart:
    series: tuple[str, ...]  # the legend: one name per bar of a row
    rows: tuple[HBarRow, ...]
    width: int
    height: int
    label_width: int
    peak: int


def hbar_chart(
    series: Sequence[str], rows: Sequence[tuple[str, Sequence[int | None]]]
) -> HBarChart:
    """Horizontal bars, one row per category and one bar per series in each row, scaled to the
    largest value. ``rows`` is ``[(category label, [value per series]), ...]``; a missing value
    (None) draws no bar."""
    peak = max((value or 0 for _label, values in rows for value in values), default=0) or 1
    drawn = []
    for index, (label, values) in enumerate(rows):
        top = 6 + index * (ROW + len(series) * BAR)
        bars = tuple(
            HBar(
                series[position],
                value,
                max(1, round(PLOT_WIDTH * value / peak)) if value else 0,
                top + position * BAR,
            )
            for position, value in enumerate(values)
            if value is not None
        )
        drawn.append(HBarRow(label, top + BAR, bars))
    height = 12 + len(rows) * (ROW + len(series) * BAR)
    return HBarChart(
        tuple(series), tuple(drawn), LABEL_WIDTH + PLOT_WIDTH + 70, height, LABEL_WIDTH, peak
    )
