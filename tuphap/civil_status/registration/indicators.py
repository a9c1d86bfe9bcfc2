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
from django.utils import timezone

from tuphap.civil_status.registration.models import EventType, Person, Registration
from tuphap.core.deadlines import LOCAL_TIME_ZONE, add_months
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
    "birth.foreign": (
        EventType.BIRTH,
        NEW & Q(has_foreign_element=True),
        "Khai sinh có yếu tố nước ngoài",
        "Births with a foreign element",
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
    "guardianship.registered": (
        EventType.GUARDIANSHIP,
        None,
        "Đăng ký giám hộ",
        "Guardianships registered",
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


# -- children under 5 and personal identification numbers (docs §8) ------------------------------


def _month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _births_under_five(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
    """Birth registrations (new and re-registered) of children under 5 on the day of
    registration: the numerator of the national indicator "share of children under 5 whose
    birth is registered" (its denominator, the children under 5, is not in this register)."""
    rows = Registration.objects.filter(
        event_type=EventType.BIRTH,
        status=Registration.Status.REGISTERED,
        registered_on__gte=start,
        registered_on__lte=end,
        event_date__isnull=False,
    ).values_list("registered_on", "commune_id", "event_date")
    counts: dict[tuple[datetime.date, int], int] = {}
    for registered_on, commune_id, born in rows.iterator(chunk_size=5000):
        if born is not None and born > add_months(registered_on, -60):
            key = (_month_of(registered_on), commune_id)
            counts[key] = counts.get(key, 0) + 1
    for (month, commune_id), total in sorted(counts.items()):
        yield month, commune_id, None, total


def _local(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, LOCAL_TIME_ZONE).date()


def _pins_issued(*, within: datetime.timedelta | None) -> Any:
    """PINs written from the population database's answer, by month of issue and the commune
    that opened the record; ``within``: only those that came within that time of the request."""

    def source(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
        first = datetime.datetime.combine(start, datetime.time.min, tzinfo=LOCAL_TIME_ZONE)
        last = datetime.datetime.combine(end, datetime.time.max, tzinfo=LOCAL_TIME_ZONE)
        rows = Person.objects.filter(
            pin_issued_at__gte=first, pin_issued_at__lte=last, pin_requested_at__isnull=False
        ).values_list("pin_issued_at", "pin_requested_at", "registered_in_id")
        counts: dict[tuple[datetime.date, int], int] = {}
        for issued, requested, commune_id in rows.iterator(chunk_size=5000):
            if issued is None or requested is None:
                continue  # excluded by the filter; narrows the type
            if within is not None and issued - requested > within:
                continue
            key = (_month_of(_local(issued)), commune_id)
            counts[key] = counts.get(key, 0) + 1
        for (month, commune_id), total in sorted(counts.items()):
            yield month, commune_id, None, total

    return source


def _pins_pending(start: datetime.date, end: datetime.date) -> Iterator[SourceRow]:
    """Records whose PIN was requested and had not arrived at the end of each month."""
    month = _month_of(start)
    while month <= end:
        following = add_months(month, 1)
        month_end = datetime.datetime.combine(following, datetime.time.min, tzinfo=LOCAL_TIME_ZONE)
        counts = (
            Person.objects.filter(pin_requested_at__lt=month_end)
            .filter(
                Q(pin__isnull=True, pin_issued_at__isnull=True) | Q(pin_issued_at__gte=month_end)
            )
            .values_list("registered_in_id")
            .annotate(total=Count("id"))
            .order_by()
        )
        for commune_id, total in counts:
            yield month, commune_id, None, total
        month = following


PERSON_INDICATORS = [
    Indicator(
        code="hotich.birth.under_5",
        name_vi="Số trẻ em dưới 5 tuổi được đăng ký khai sinh",
        name_en="Births registered of children under 5",
        unit=Unit.COUNT,
        source=_births_under_five,
        description="New and re-registered births of children under 5 on the registration day.",
    ),
    Indicator(
        code="hotich.pin.issued",
        name_vi="Số định danh cá nhân được cấp khi đăng ký khai sinh",
        name_en="Personal identification numbers issued at birth registration",
        unit=Unit.COUNT,
        source=_pins_issued(within=None),
    ),
    Indicator(
        code="hotich.pin.issued_within_1_day",
        name_vi="Số định danh cá nhân được cấp trong vòng 1 ngày",
        name_en="Personal identification numbers issued within one day",
        unit=Unit.COUNT,
        source=_pins_issued(within=datetime.timedelta(days=1)),
    ),
    Indicator(
        code="hotich.pin.issued_within_1_day_rate",
        name_vi="Tỷ lệ số định danh cá nhân được cấp trong vòng 1 ngày",
        name_en="Share of personal identification numbers issued within one day",
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
        numerator="hotich.pin.issued_within_1_day",
        denominator="hotich.pin.issued",
    ),
    Indicator(
        code="hotich.pin.pending",
        name_vi="Số định danh cá nhân chưa được cấp cuối kỳ",
        name_en="Personal identification numbers still pending at the end of the period",
        unit=Unit.COUNT,
        time=TimeBehaviour.STOCK_END,
        source=_pins_pending,
    ),
]

for indicator in PERSON_INDICATORS:
    if indicator.code not in registry:
        registry.register(indicator)
