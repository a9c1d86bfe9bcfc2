"""Charts drawn as inline SVG by the server: no script, no CDN, legible in Vietnamese, and each
one paired with a table for screen readers (the template renders both). A chart here is only
geometry: the template ``web/_hbar_chart.html`` draws what ``hbar_chart`` computes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


# Colours of the series, as in site.css (svg.chart .series-N).
SERIES_COLOURS = ("#c92a2a", "#adb5bd", "#4c6ef5", "#37b24d")
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian's fonts-dejavu-core
    "DejaVuSans.ttf",
)


def font(size: int) -> Any:
    from PIL import ImageFont

    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def hbar_png(chart: HBarChart, *, scale: int = 2) -> bytes:
    """The same chart as a PNG (for DOCX, which cannot hold SVG): drawn with Pillow, with a font
    that has the Vietnamese letters (DejaVu Sans)."""
    from PIL import Image, ImageDraw

    legend = 18
    image = Image.new("RGB", (chart.width * scale, (chart.height + legend) * scale), "white")
    draw = ImageDraw.Draw(image)
    label_font, value_font = font(11 * scale), font(9 * scale)
    for row in chart.rows:
        text = row.label if len(row.label) <= 42 else row.label[:41] + "…"
        draw.text(
            ((chart.label_width - 6) * scale, row.y * scale),
            text,
            fill="#212529",
            font=label_font,
            anchor="rs",
        )
        for position, bar in enumerate(row.bars):
            colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
            left, top = chart.label_width * scale, bar.y * scale
            if bar.width:
                draw.rectangle((left, top, left + bar.width * scale, top + 7 * scale), fill=colour)
            draw.text(
                (left + (bar.width + 4) * scale, top + 7 * scale),
                f"{bar.value:,}".replace(",", "."),
                fill="#495057",
                font=value_font,
                anchor="ls",
            )
    x = 10 * scale
    for position, name in enumerate(chart.series):
        colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
        y = (chart.height + 4) * scale
        draw.rectangle((x, y, x + 10 * scale, y + 10 * scale), fill=colour)
        draw.text(
            (x + 14 * scale, y + 10 * scale), name, fill="#212529", font=label_font, anchor="ls"
        )
        x += (20 + 7 * len(name)) * scale
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
