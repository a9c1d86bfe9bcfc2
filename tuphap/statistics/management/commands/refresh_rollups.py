"""Recompute rollups from the registers: ``manage.py refresh_rollups [--indicators a,b]
[--from YYYY-MM] [--to YYYY-MM]``. Without bounds: the last twelve months and the current one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core.errors import ValidationFailed
from tuphap.statistics import services


class Command(BaseCommand):
    help = "Recompute the rollups of the given indicators and months (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicators", default="", help="Codes, comma separated (all).")
        parser.add_argument("--from", dest="first", default=None, help="First month, YYYY-MM.")
        parser.add_argument("--to", dest="last", default=None, help="Last month, YYYY-MM.")

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [code.strip() for code in options["indicators"].split(",") if code.strip()]
        default_first, default_last = services.default_months()
        try:
            first = (
                services.parse_month(options["first"], field="--from")
                if options["first"]
                else default_first
            )
            last = (
                services.parse_month(options["last"], field="--to")
                if options["last"]
                else default_last
            )
            results = services.rollup_refresh(
                actor=None, indicators=codes or None, first_month=first, last_month=last
            )
        except ValidationFailed as error:
            field = next(iter(error.fields), "")
            option = {"indicators": "--indicators", "to": "--to"}.get(field, field)
            raise CommandError(f"{option}: {error.message}" if option else error.message) from None
        for result in results:
            self.stdout.write(
                f"{result.indicator}: {result.first_month:%Y-%m}..{result.last_month:%Y-%m} "
                f"deleted {result.deleted}, wrote {result.written} rows"
            )
        self.stdout.write(self.style.SUCCESS(f"Refreshed {len(results)} indicator(s)."))
