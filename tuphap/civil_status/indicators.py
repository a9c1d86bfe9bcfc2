"""What the civil status register contributes to statistics (autodiscovered by the statistics
app): registrations per event, month and commune; births and deaths on time and late; birth
re-registrations and births by sex; first and later marriages, marriages with a foreign element
(the figures of form 13a/BTP/HTQTCT/HT; docs/domain/civil_status.md §6). Entries deleted by a
decision are not counted."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from tuphap.civil_status.models import Application, EventType, Registration
from tuphap.statistics.indicators import Aggregation, Indicator, SourceRow, TimeBehaviour, Unit
from tuphap.statistics.registry import registry


def _counter(event_type: str, condition: Q | None = None) -> Any:
    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        rows = Registration.objects.filter(
            event_type=event_type,
            status=Registration.Status.REGISTERED,
            registered_on__gte=start,
            registered_on__lte=end,
        )
        if condition is not None:
            rows = rows.filter(condition)
        counts = (
            rows.annotate(month=TruncMonth("registered_on"))
            .values_list("month", "commune_id")
            .annotate(total=Count("id"))
            .order_by()
        )
        for month, commune_id, total in counts:
            day = month.date() if isinstance(month, datetime.datetime) else month
            yield day.replace(day=1), commune_id, None, total

    return source


NEW = Q(is_re_registration=False)
# code suffix: (event, condition, Vietnamese, English)
COUNTS: dict[str, tuple[str, Q | None, str, str]] = {
    "birth.registered": (
        EventType.BIRTH,
        NEW,
        "Số đăng ký khai sinh mới",
        "New birth registrations",
    ),
    "birth.on_time": (
        EventType.BIRTH,
        NEW & Q(on_time=True),
        "Khai sinh đúng hạn",
        "Births registered on time",
    ),
    "birth.late": (
        EventType.BIRTH,
        NEW & Q(on_time=False),
        "Khai sinh quá hạn",
        "Births registered late",
    ),
    "birth.male": (EventType.BIRTH, NEW & Q(person__sex="male"), "Khai sinh: nam", "Births: male"),
    "birth.female": (
        EventType.BIRTH,
        NEW & Q(person__sex="female"),
        "Khai sinh: nữ",
        "Births: female",
    ),
    "birth.re_registered": (
        EventType.BIRTH,
        Q(is_re_registration=True),
        "Đăng ký lại khai sinh",
        "Birth re-registrations",
    ),
    "death.registered": (EventType.DEATH, NEW, "Số đăng ký khai tử", "Death registrations"),
    "death.on_time": (
        EventType.DEATH,
        NEW & Q(on_time=True),
        "Khai tử đúng hạn",
        "Deaths registered on time",
    ),
    "death.late": (
        EventType.DEATH,
        NEW & Q(on_time=False),
        "Khai tử quá hạn",
        "Deaths registered late",
    ),
    "marriage.registered": (
        EventType.MARRIAGE,
        NEW,
        "Số đăng ký kết hôn",
        "Marriage registrations",
    ),
    "marriage.first": (
        EventType.MARRIAGE,
        NEW & Q(details__first_marriage=True),
        "Kết hôn lần đầu",
        "First marriages",
    ),
    "marriage.later": (
        EventType.MARRIAGE,
        NEW & Q(details__first_marriage=False),
        "Kết hôn lần hai trở lên",
        "Second or later marriages",
    ),
    "marriage.foreign": (
        EventType.MARRIAGE,
        NEW & Q(has_foreign_element=True),
        "Kết hôn có yếu tố nước ngoài",
        "Marriages with a foreign element",
    ),
    "recognition.registered": (
        EventType.RECOGNITION,
        None,
        "Nhận cha, mẹ, con",
        "Parent–child recognitions",
    ),
    "marital_status.registered": (
        EventType.MARITAL_STATUS,
        None,
        "Xác nhận tình trạng hôn nhân",
        "Confirmations of marital status",
    ),
    "court_decision.registered": (
        EventType.COURT_DECISION,
        None,
        "Ghi vào sổ việc hộ tịch theo bản án, quyết định",
        "Court and authority decisions recorded",
    ),
}

INDICATORS = [
    Indicator(
        code=f"hotich.{suffix}",
        name_vi=name_vi,
        name_en=name_en,
        unit=Unit.COUNT,
        aggregation=Aggregation.SUM,
        time=TimeBehaviour.FLOW,
        source=_counter(event, condition),
        description="Registrations by month of registration and registering commune.",
    )
    for suffix, (event, condition, name_vi, name_en) in COUNTS.items()
] + [
    Indicator(
        code=f"hotich.{event}.on_time_rate",
        name_vi=f"Tỷ lệ {label} đúng hạn",
        name_en=f"Share of {event}s registered on time",
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
        numerator=f"hotich.{event}.on_time",
        denominator=f"hotich.{event}.registered",
    )
    for event, label in (("birth", "khai sinh"), ("death", "khai tử"))
]

for indicator in INDICATORS:
    if indicator.code not in registry:
        registry.register(indicator)


# -- applications: received, handled on time or late, refused (docs §9) ------------------------


def _application_counter(date_field: str, condition: Q | None = None) -> Any:
    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        rows = Application.objects.filter(
            **{f"{date_field}__date__gte": start, f"{date_field}__date__lte": end}
        )
        if condition is not None:
            rows = rows.filter(condition)
        counts = (
            rows.annotate(month=TruncMonth(date_field))
            .values_list("month", "commune_id")
            .annotate(total=Count("case_id"))
            .order_by()
        )
        for month, commune_id, total in counts:
            day = month.date() if isinstance(month, datetime.datetime) else month
            yield day.replace(day=1), commune_id, None, total

    return source


# code suffix: (date the month is taken from, condition, Vietnamese, English)
APPLICATION_COUNTS: dict[str, tuple[str, Q | None, str, str]] = {
    "received": ("received_at", None, "Số hồ sơ hộ tịch tiếp nhận", "Applications received"),
    "on_time": (
        "registered_at",
        Q(on_time=True),
        "Hồ sơ hộ tịch giải quyết đúng hạn",
        "Applications handled on time",
    ),
    "late": (
        "registered_at",
        Q(on_time=False),
        "Hồ sơ hộ tịch giải quyết quá hạn",
        "Applications handled late",
    ),
    "refused": (
        "closed_at",
        Q(case__state="refused"),
        "Hồ sơ hộ tịch bị từ chối",
        "Applications refused",
    ),
}

APPLICATION_INDICATORS = [
    Indicator(
        code=f"hotich.application.{suffix}",
        name_vi=name_vi,
        name_en=name_en,
        unit=Unit.COUNT,
        aggregation=Aggregation.SUM,
        time=TimeBehaviour.FLOW,
        source=_application_counter(date_field, condition),
        description=f"Applications by month of {date_field} and commune.",
    )
    for suffix, (date_field, condition, name_vi, name_en) in APPLICATION_COUNTS.items()
]

for indicator in APPLICATION_INDICATORS:
    if indicator.code not in registry:
        registry.register(indicator)
