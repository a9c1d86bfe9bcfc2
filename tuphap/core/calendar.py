"""The working-day calendar of Vietnamese state agencies.

A day is a working day when it is Monday to Friday and neither a public holiday (Bộ luật Lao động
2019 Art. 112, computed by the ``holidays`` package, which also places the days off in lieu of a
holiday that falls on a weekend) nor a government-decided day off; a Saturday or Sunday is a
working day when the government made it a make-up working day. The government's decisions are
the *overrides*: shipped in ``data/calendar_overrides.csv``, editable as ``CalendarOverride`` rows.
An override always wins over the computed calendar. The rules and their sources are in
``docs/domain/calendar.md``.

``WorkingCalendar`` is pure: it is built from a list of overrides (``from_file()`` for the shipped
table) and never touches the database, so deadline arithmetic can be tested and benchmarked
without Django. ``default_calendar()`` is the one the application uses: it reads the model, is
cached per process, and is rebuilt when an override is changed through
``calendar_override_save``/``calendar_override_delete`` (and at the latest after
``DEFAULT_CALENDAR_TTL`` seconds in other processes).
"""

from __future__ import annotations

import csv
import datetime
import functools
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import holidays
from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.core.errors import ValidationFailed

if TYPE_CHECKING:
    from tuphap.core.models import CalendarOverride

DAY_OFF: Final = "day_off"
WORKING_DAY: Final = "working_day"
OVERRIDE_KINDS: Final = (DAY_OFF, WORKING_DAY)

# The years the ``holidays`` package can compute Vietnamese holidays for (lunar calendar).
FIRST_YEAR: Final = 1901
LAST_YEAR: Final = 2100

OVERRIDES_FILE: Final = Path(__file__).resolve().parent / "data" / "calendar_overrides.csv"

# Other processes pick up an override changed through the admin at the latest after this long.
DEFAULT_CALENDAR_TTL: Final = 300.0

_LAST_ORDINAL = datetime.date(LAST_YEAR, 12, 31).toordinal()
_WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class OutOfCalendarRange(ValueError):
    """A date outside the years the calendar can compute (``FIRST_YEAR``..``LAST_YEAR``)."""


@dataclass(frozen=True, slots=True)
class Override:
    """One government decision: ``date`` is a ``day_off`` or a ``working_day``."""

    date: datetime.date
    kind: str
    reason: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if self.kind not in OVERRIDE_KINDS:
            raise ValueError(f"Unknown override kind {self.kind!r}; use one of {OVERRIDE_KINDS}.")


@dataclass(frozen=True, slots=True)
class DayInfo:
    """What the calendar says about one date, with the reason (for explanations and the UI)."""

    date: datetime.date
    working: bool
    reason: str  # e.g. "Thứ Bảy", "Tết Nguyên Đán", the override's reason; "" for a plain weekday


@functools.lru_cache(maxsize=256)
def public_holidays(year: int) -> Mapping[datetime.date, str]:
    """Public holidays of ``year`` with their Vietnamese names, days off in lieu included."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutOfCalendarRange(
            f"The calendar covers the years {FIRST_YEAR}–{LAST_YEAR}, not {year}."
        )
    return dict(holidays.country_holidays("VN", years=year, language="vi").items())


def read_overrides_file(path: Path = OVERRIDES_FILE) -> list[Override]:
    """Read the shipped table. Lines starting with ``#`` are comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    rows: list[Override] = []
    for number, record in enumerate(csv.DictReader(lines), start=1):
        try:
            rows.append(
                Override(
                    date=datetime.date.fromisoformat(record["date"].strip()),
                    kind=record["kind"].strip(),
                    reason=(record.get("reason") or "").strip(),
                    source=(record.get("source") or "").strip(),
                )
            )
        except (KeyError, ValueError) as error:
            raise ValueError(f"{path.name}, data row {number}: {error}") from error
    dates = [row.date for row in rows]
    if len(dates) != len(set(dates)):
        raise ValueError(f"{path.name}: a date appears twice.")
    return rows


class _Index:
    """Working days of the years ``first_year..last_year`` (immutable once built).

    ``working`` holds the ordinals of the working days in order; ``position[k]`` is the place in
    ``working`` of the first working day on or after the day ``base + k`` (``len(working)`` when
    there is none in the index). Every question is then one or two list look-ups.
    """

    __slots__ = ("base", "end", "first_year", "last_year", "position", "working")

    def __init__(self, first_year: int, last_year: int, is_working: Callable[[int], bool]) -> None:
        self.first_year = first_year
        self.last_year = last_year
        if last_year < first_year:  # empty
            self.base, self.end = 1, 0
            self.working: list[int] = []
            self.position: list[int] = []
            return
        self.base = datetime.date(first_year, 1, 1).toordinal()
        self.end = datetime.date(last_year, 12, 31).toordinal()
        self.working = [o for o in range(self.base, self.end + 1) if is_working(o)]
        position: list[int] = []
        place = len(self.working)
        for ordinal in range(self.end, self.base - 1, -1):
            if place and self.working[place - 1] == ordinal:
                place -= 1
            position.append(place)
        position.reverse()
        position.append(len(self.working))  # the day after ``end``: lets counts include ``end``
        self.position = position


class WorkingCalendar:
    """Working days of state agencies. Thread-safe; grows its index by whole years on demand."""

    def __init__(self, overrides: Iterable[Override] = ()) -> None:
        self._overrides: dict[datetime.date, Override] = {}
        for override in overrides:
            if override.date in self._overrides:
                raise ValueError(f"Two overrides for {override.date.isoformat()}.")
            self._overrides[override.date] = override
        self._lock = threading.Lock()
        self._index = _Index(0, -1, self._is_working_ordinal)

    @classmethod
    def from_file(cls, path: Path = OVERRIDES_FILE) -> WorkingCalendar:
        return cls(read_overrides_file(path))

    @property
    def overrides(self) -> Mapping[datetime.date, Override]:
        return dict(self._overrides)

    # -- single days ----------------------------------------------------------------------------

    def day(self, date: datetime.date) -> DayInfo:
        override = self._overrides.get(date)
        if override is not None:
            return DayInfo(date, override.kind == WORKING_DAY, override.reason)
        holiday = public_holidays(date.year).get(date)
        if holiday is not None:
            return DayInfo(date, False, holiday)
        weekday = date.weekday()
        if weekday >= 5:
            return DayInfo(date, False, _WEEKDAY_NAMES[weekday])
        return DayInfo(date, True, "")

    def is_working_day(self, date: datetime.date) -> bool:
        override = self._overrides.get(date)
        if override is not None:
            return override.kind == WORKING_DAY
        return date.weekday() < 5 and date not in public_holidays(date.year)

    # -- arithmetic over the index --------------------------------------------------------------

    def _is_working_ordinal(self, ordinal: int) -> bool:
        return self.is_working_day(datetime.date.fromordinal(ordinal))

    def _covering(self, first: int, last: int) -> _Index:
        """An index that holds the ordinals ``first..last`` (grown by whole years if needed;
        never past ``LAST_YEAR``: callers check that their answer lies inside)."""
        last = min(last, _LAST_ORDINAL)
        index = self._index
        if index.base <= first and last <= index.end:
            return index
        first_year = datetime.date.fromordinal(max(first, 1)).year
        last_year = datetime.date.fromordinal(min(last, datetime.date.max.toordinal())).year
        if not FIRST_YEAR <= first_year <= LAST_YEAR:
            raise OutOfCalendarRange(
                f"The calendar covers the years {FIRST_YEAR}–{LAST_YEAR}, not {first_year}."
            )
        with self._lock:
            index = self._index
            if index.base <= first and last <= index.end:
                return index
            if index.last_year >= index.first_year:
                first_year = min(first_year, index.first_year)
                last_year = max(last_year, index.last_year)
            # Grow a little ahead: deadlines run forward.
            last_year = min(max(last_year, first_year + 7), LAST_YEAR)
            self._index = index = _Index(first_year, last_year, self._is_working_ordinal)
            return index

    def next_working_day(self, date: datetime.date, *, inclusive: bool = True) -> datetime.date:
        """The first working day on or after ``date`` (strictly after it if not ``inclusive``)."""
        ordinal = date.toordinal() if inclusive else date.toordinal() + 1
        index = self._index
        if not index.base <= ordinal <= index.end:
            index = self._covering(ordinal, ordinal + 31)
        place = index.position[ordinal - index.base]
        if place == len(index.working):  # none left in the index: grow it by a year
            index = self._covering(ordinal, ordinal + 366)
            place = index.position[ordinal - index.base]
            if place == len(index.working):
                raise OutOfCalendarRange(f"No working day after {date} by {LAST_YEAR}.")
        return datetime.date.fromordinal(index.working[place])

    def add_working_days(self, date: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day after ``date`` (``date`` itself is not counted);
        ``date`` unchanged for ``count == 0``."""
        if count < 0:
            raise ValueError("count must not be negative.")
        if count == 0:
            return date
        ordinal = date.toordinal() + 1
        index = self._index
        span = 31 + count * 2  # there are always more than half as many working days as days
        if not index.base <= ordinal <= index.end:
            index = self._covering(ordinal, ordinal + span)
        place = index.position[ordinal - index.base] + count - 1
        if place >= len(index.working):
            index = self._covering(ordinal, ordinal + span)
            place = index.position[ordinal - index.base] + count - 1
            if place >= len(index.working):
                raise OutOfCalendarRange(
                    f"The calendar covers the years {FIRST_YEAR}–{LAST_YEAR}; "
                    f"{count} working days after {date.isoformat()} run past it."
                )
        return datetime.date.fromordinal(index.working[place])

    def working_days_between(self, first: datetime.date, last: datetime.date) -> int:
        """The number of working days from ``first`` to ``last``, both included (0 if empty)."""
        if last < first:
            return 0
        index = self._covering(first.toordinal(), last.toordinal())
        return (
            index.position[last.toordinal() + 1 - index.base]
            - index.position[first.toordinal() - index.base]
        )

    # -- listings -------------------------------------------------------------------------------

    def year_exceptions(self, year: int) -> tuple[list[DayInfo], list[DayInfo]]:
        """The days off of ``year`` other than plain weekends (public holidays, in lieu days and
        government days off, including holidays that fall on a weekend), and the weekend days
        that are working days (make-up days). Each list is sorted by date."""
        dates = set(public_holidays(year)) | {d for d in self._overrides if d.year == year}
        days_off: list[DayInfo] = []
        working: list[DayInfo] = []
        for date in sorted(dates):
            info = self.day(date)
            if not info.working:
                days_off.append(info)
            elif date.weekday() >= 5 or date in public_holidays(year):
                working.append(info)
        return days_off, working

    def working_day_count(self, year: int) -> int:
        return self.working_days_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


# -- the application's calendar (database backed) --------------------------------------------

_default_lock = threading.Lock()
_default: tuple[WorkingCalendar, float] | None = None


def _overrides_from_database() -> list[Override]:
    # Imported here so that the pure part of this module needs no configured Django.
    from tuphap.core.models import CalendarOverride

    return [
        Override(row.date, row.kind, row.reason, row.source)
        for row in CalendarOverride.objects.order_by("date")
    ]


def default_calendar() -> WorkingCalendar:
    """The calendar built from the ``CalendarOverride`` table, cached per process."""
    global _default  # the per-process cache
    cached = _default
    now = time.monotonic()
    if cached is not None and now - cached[1] < DEFAULT_CALENDAR_TTL:
        return cached[0]
    with _default_lock:
        cached = _default
        if cached is not None and now - cached[1] < DEFAULT_CALENDAR_TTL:
            return cached[0]
        calendar = WorkingCalendar(_overrides_from_database())
        _default = (calendar, now)
        return calendar


def invalidate_default_calendar() -> None:
    global _default  # the per-process cache
    with _default_lock:
        _default = None


@transaction.atomic
def calendar_override_save(
    *,
    actor: Any,
    date: datetime.date,
    kind: str,
    reason: str = "",
    source: str = "",
    instance: CalendarOverride | None = None,
) -> CalendarOverride:
    """Create or change the override of ``date`` (or the given ``instance``), with an audit row;
    the default calendar is rebuilt once the transaction commits."""
    from tuphap.core import audit
    from tuphap.core.models import CalendarOverride

    if kind not in OVERRIDE_KINDS:
        raise ValidationFailed(
            _("The calendar change cannot be saved."),
            fields={"kind": _("Choose a day off or a working day.")},
        )
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise ValidationFailed(
            _("The calendar change cannot be saved."),
            fields={"date": _("The date is outside the years the calendar covers.")},
        )
    others = CalendarOverride.objects.filter(date=date)
    if instance is not None and instance.pk is not None:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise ValidationFailed(
            _("The calendar change cannot be saved."),
            fields={"date": _("This date already has a calendar change.")},
        )
    row = instance if instance is not None else CalendarOverride()
    before = None
    if row.pk is not None:
        previous = CalendarOverride.objects.get(pk=row.pk)
        before = {"date": previous.date.isoformat(), "kind": previous.kind}
    row.date, row.kind, row.reason, row.source = date, kind, reason, source
    row.save()
    audit.record(
        actor=actor,
        action="core.calendar_override.saved",
        obj=row,
        data={"before": before, "date": date.isoformat(), "kind": kind, "source": source},
    )
    transaction.on_commit(invalidate_default_calendar)
    return row


@transaction.atomic
def calendar_override_delete(*, actor: Any, instance: CalendarOverride) -> None:
    from tuphap.core import audit

    audit.record(
        actor=actor,
        action="core.calendar_override.deleted",
        obj=instance,
        data={"date": instance.date.isoformat(), "kind": instance.kind},
    )
    instance.delete()
    transaction.on_commit(invalidate_default_calendar)
