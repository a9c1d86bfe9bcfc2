"""``manage.py deadline --start 2024-04-26 --amount 3 --unit working_days``

Prints how the period is counted, then the due date in ISO form alone on the last line (for
scripts: ``manage.py deadline ... | tail -n 1``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core import calendar, deadlines
from tuphap.core.errors import ValidationFailed

_OPTION = {"start": "--start", "amount": "--amount", "unit": "--unit"}


class Command(BaseCommand):
    help = "Compute a deadline (Civil Code Art. 147–148, working-day calendar)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="The start date, YYYY-MM-DD.")
        parser.add_argument("--amount", required=True, help="The length of the period, 1 or more.")
        parser.add_argument(
            "--unit",
            required=True,
            help="days, working_days, months or years.",
        )
        parser.add_argument(
            "--from-file",
            action="store_true",
            help="Use the shipped table of day swaps instead of the database.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = datetime.date.fromisoformat(options["start"])
        except ValueError:
            raise CommandError(
                f"--start: {options['start']!r} is not a date; write it as YYYY-MM-DD."
            ) from None
        working_calendar = (
            calendar.WorkingCalendar.from_file()
            if options["from_file"]
            else calendar.default_calendar()
        )
        try:
            unit = deadlines.parse_unit(options["unit"])
            amount = deadlines.check_amount(deadlines.parse_amount(options["amount"]), unit)
            result = deadlines.deadline(start, amount, unit, calendar=working_calendar)
        except ValidationFailed as error:
            details = "; ".join(
                f"{_OPTION.get(field, field)}: {' '.join(reasons)}"
                for field, reasons in error.fields.items()
            )
            raise CommandError(f"{error.message} {details}".strip()) from None
        for line in explain(result, working_calendar):
            self.stdout.write(line)
        self.stdout.write(result.due.isoformat())


def explain(result: deadlines.Deadline, working_calendar: calendar.WorkingCalendar) -> list[str]:
    unit = result.unit
    lines = [
        f"Start {result.start.isoformat()} ({_weekday(result.start)}) is not counted "
        f"(Civil Code Art. 147(2)); counting {result.amount} {unit.value} from "
        f"{(result.start + datetime.timedelta(days=1)).isoformat()}."
    ]
    if unit is deadlines.Unit.WORKING_DAYS:
        skipped = (result.period_end - result.start).days - result.amount
        lines.append(
            f"Working day no. {result.amount} is {result.period_end.isoformat()} "
            f"({_weekday(result.period_end)}); {skipped} day(s) off skipped on the way."
        )
        extra = [
            info
            for info in _days(result.start, result.period_end, working_calendar)
            if info.working and info.date.weekday() >= 5
        ]
        lines.extend(
            f"  {info.date.isoformat()} counted as a make-up working day: {info.reason}"
            for info in extra
        )
        return lines
    lines.append(
        f"The period's last day is {result.period_end.isoformat()} "
        f"({_weekday(result.period_end)}) (Art. 148)."
    )
    if result.rolled_forward:
        lines.append(
            "It is not a working day, so the period ends on the next working day (Art. 148(5)):"
        )
        lines.extend(
            f"  {info.date.isoformat()} {info.reason}"
            for info in _days(result.period_end, result.due, working_calendar)
            if not info.working
        )
    return lines


def _days(
    first: datetime.date, last: datetime.date, working_calendar: calendar.WorkingCalendar
) -> list[calendar.DayInfo]:
    span = (last - first).days
    return [working_calendar.day(first + datetime.timedelta(days=n)) for n in range(span + 1)]


def _weekday(day: datetime.date) -> str:
    return day.strftime("%A")
