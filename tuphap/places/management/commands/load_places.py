"""``manage.py load_places``: load the administrative units before and after 1 July 2025 and
the crosswalk from the data shipped in ``vietnam-provinces`` and ``vietnamadminunits``."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core import context
from tuphap.places import loaders


class Command(BaseCommand):
    help = (
        "Load the 63 provinces, districts and communes valid until 30 June 2025, the 34 "
        "provinces and 3,321 communes from 1 July 2025, and the old → new crosswalk. "
        "Idempotent: a second run finds the data in place and writes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = not options["no_progress"] and sys.stderr.isatty()
        started = time.perf_counter()
        with context.channel("command"):
            try:
                result = loaders.administrative_units_load(actor=None, progress=progress)
            except loaders.SourceError as error:
                raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        versions = ", ".join(f"{name} {version}" for name, version in result.versions.items())
        counts = ", ".join(f"{name}={count}" for name, count in result.counts.items())
        if not result.changed:
            self.stdout.write(
                f"Administrative units already loaded ({versions}); nothing to do "
                f"[{elapsed:.1f} s]."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded from {versions}: {result.units_created} units created, "
                f"{result.units_updated} updated; {result.successions_created} crosswalk rows "
                f"created, {result.successions_updated} updated [{elapsed:.1f} s]."
            )
        )
        self.stdout.write(f"Source counts: {counts}.")
