"""List every difference between what we sent on a day and what the population database holds."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.population import reconcile
from tuphap.population.client import Client


class Command(BaseCommand):
    help = "Compare one day's messages with the population database; print each difference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, type=datetime.date.fromisoformat)
        parser.add_argument("--url", default=None, help="Overrides POPULATION_DB_URL.")

    def handle(self, *args: Any, **options: Any) -> None:
        client = Client(
            options["url"] or settings.POPULATION_DB_URL,
            timeout=float(settings.POPULATION_DB_TIMEOUT_SECONDS),
        )
        try:
            differences = reconcile.compare(day=options["date"], client=client)
        except reconcile.ReconciliationError as error:
            raise CommandError(str(error)) from error
        finally:
            client.close()
        for difference in differences:
            self.stdout.write(difference.as_line())
        self.stdout.write(f"{len(differences)} difference(s) on {options['date'].isoformat()}")
