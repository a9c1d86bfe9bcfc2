"""What the complaint register contributes to statistics: ``oversight.complaints.*`` per month,
place and agency, on the justice statistics calendar (calendar year; docs/domain/complaints.md
§7), with the flow identities. ``register_flow`` serves the denunciation register too."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator

from tuphap.core.periods import month_end
from tuphap.oversight.complaints import figures
from tuphap.oversight.complaints.models import Complaint
from tuphap.statistics.indicators import (
    Aggregation,
    Identity,
    Indicator,
    SourceRow,
    TimeBehaviour,
    Unit,
)
from tuphap.statistics.registry import registry

# figure: (time behaviour, Vietnamese, English)
DEFINITIONS: dict[str, tuple[TimeBehaviour, str, str]] = {
    "carried_in": (TimeBehaviour.STOCK_START, "Kỳ trước chuyển sang", "Carried in"),
    "accepted": (TimeBehaviour.FLOW, "Thụ lý mới", "Accepted"),
    "resolved": (TimeBehaviour.FLOW, "Đã giải quyết", "Resolved"),
    "decided": (TimeBehaviour.FLOW, "Giải quyết bằng quyết định, kết luận", "Decided"),
    "on_time": (TimeBehaviour.FLOW, "Giải quyết đúng hạn", "Resolved on time"),
    "late": (TimeBehaviour.FLOW, "Giải quyết quá hạn", "Resolved late"),
    "right": (TimeBehaviour.FLOW, "Đúng", "Found right"),
    "partly_right": (TimeBehaviour.FLOW, "Đúng một phần", "Found partly right"),
    "wrong": (TimeBehaviour.FLOW, "Sai", "Found wrong"),
    "ended_other": (TimeBehaviour.FLOW, "Rút, đình chỉ, khởi kiện", "Withdrawn or ended"),
    "carried_out": (TimeBehaviour.STOCK_END, "Chuyển kỳ sau", "Carried out"),
}


def _monthly(
    load: Callable[[datetime.date], list[figures.Matter]],
) -> Callable[[datetime.date, datetime.date], dict[datetime.date, figures.Figures]]:
    def monthly(start: datetime.date, end: datetime.date) -> dict[datetime.date, figures.Figures]:
        matters = load(month_end(end))
        result = {}
        month = start
        while month <= end:
            last = month_end(month)
            result[month] = figures.compute(matters, month, last)
            month = last + datetime.timedelta(days=1)
        return result

    return monthly


def register_flow(
    prefix: str,
    label_vi: str,
    label_en: str,
    load: Callable[[datetime.date], list[figures.Matter]],
    *,
    doc: str,
    money: tuple[str, str] | None = None,
) -> tuple[list[Indicator], list[Identity]]:
    """Register ``{prefix}.{figure}`` for every figure and the three identities."""
    monthly = _monthly(load)

    def source(name: str) -> Callable[[datetime.date, datetime.date], Iterator[SourceRow]]:
        def rows(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
            for month, result in monthly(start, end).items():
                for (place, agency), values in result.items():
                    if values[name]:
                        yield month, place, agency, values[name]

        return rows

    indicators = [
        Indicator(
            code=f"{prefix}.{name}",
            name_vi=f"{label_vi} – {vi}",
            name_en=f"{label_en} – {en}",
            unit=Unit.COUNT,
            aggregation=Aggregation.SUM,
            time=time,
            source=source(name),
            description=doc,
        )
        for name, (time, vi, en) in DEFINITIONS.items()
    ]
    if money is not None:
        indicators.append(
            Indicator(
                code=f"{prefix}.{figures.MONEY}",
                name_vi=f"{label_vi} – {money[0]}",
                name_en=f"{label_en} – {money[1]}",
                unit=Unit.VND,
                aggregation=Aggregation.SUM,
                time=TimeBehaviour.FLOW,
                source=source(figures.MONEY),
                description=doc,
            )
        )
    identities = [
        Identity(
            f"{prefix}.balance",
            f"{prefix}.carried_out",
            (f"{prefix}.carried_in", f"{prefix}.accepted", f"-{prefix}.resolved"),
            "chuyển kỳ sau = kỳ trước chuyển sang + thụ lý mới − đã giải quyết",
        ),
        Identity(
            f"{prefix}.resolved_parts",
            f"{prefix}.resolved",
            (f"{prefix}.decided", f"{prefix}.ended_other"),
            "đã giải quyết = bằng quyết định, kết luận + rút, đình chỉ",
        ),
        Identity(
            f"{prefix}.timeliness",
            f"{prefix}.decided",
            (f"{prefix}.on_time", f"{prefix}.late"),
            "bằng quyết định, kết luận = đúng hạn + quá hạn",
        ),
        Identity(
            f"{prefix}.findings",
            f"{prefix}.decided",
            (f"{prefix}.right", f"{prefix}.partly_right", f"{prefix}.wrong"),
            "bằng quyết định, kết luận = đúng + đúng một phần + sai",
        ),
    ]
    for indicator in indicators:
        if indicator.code not in registry:
            registry.register(indicator)
    for identity in identities:
        with contextlib.suppress(ValueError):  # already registered (module imported twice)
            registry.register_identity(identity)
    return indicators, identities


def load(until: datetime.date) -> list[figures.Matter]:
    return figures.complaint_matters(Complaint.objects.filter(received_on__lte=until))


INDICATORS, IDENTITIES = register_flow(
    "oversight.complaints",
    "Khiếu nại",
    "Complaints",
    load,
    doc="docs/domain/complaints.md §7",
    money=("Tiền kiến nghị trả lại cho công dân", "Money restored"),
)
