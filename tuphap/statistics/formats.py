"""Writing a report as JSON, CSV or a plain-text table (command, downloads)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tuphap.statistics.reports import ROW_KEYS, Report

CSV_KEYS = ("period", "level", "boundaries", *ROW_KEYS)


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):  # the figures from historic data (ADR 0016)
        return " ".join(str(item) for item in value)
    return str(value)


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_KEYS)
    head = {"period": report.period.code, "level": report.level, "boundaries": report.boundaries}
    for row in report.rows:
        writer.writerow([_cell({**head, **row}[key]) for key in CSV_KEYS])
    return buffer.getvalue()


def to_table(report: Report) -> str:
    columns = (
        "indicator",
        "place",
        "place_name",
        "value",
        "previous",
        "last_year",
        "change",
        "term_to_date",
        "approximate",
        "historic",
    )
    lines = [list(columns)]
    for row in report.rows:
        cells = [_cell(row[column]) for column in columns]
        cells[-2] = "≈" if row["approximate"] else ""
        cells[-1] = "†" if row["historic"] else ""
        cells[1] = cells[1] or "—"
        lines.append(cells)
    widths = [max(len(line[index]) for line in lines) for index in range(len(columns))]
    numeric = {"value", "previous", "last_year", "change", "term_to_date"}
    text = [
        f"{report.period.code} · {report.period.label_vi} · {report.level} · {report.boundaries}"
    ]
    for line in lines:
        text.append(
            "  ".join(
                cell.rjust(width) if columns[index] in numeric else cell.ljust(width)
                for index, (cell, width) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )
    if len(lines) == 1:
        text.append("(no rows)")
    return "\n".join(text) + "\n"
