"""``python manage.py generate_oversight --letters N --seed S``: letters and receptions of the
oversight app through the services (the reception area's ``generate``; the other areas'
generators are wired in beside it), then the rollups of those months refreshed."""

from __future__ import annotations

import datetime
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from tuphap.core import context
from tuphap.oversight.reception import generate as reception


class Command(BaseCommand):
    help = "Generate oversight letters and receptions through the services; refresh the rollups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--letters", type=int, required=True, help="Number of letters.")
        parser.add_argument("--seed", type=int, required=True, help="Random seed.")
        parser.add_argument("--no-rollups", action="store_true", help="Skip the rollups.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        letters, seed = options["letters"], options["seed"]
        if letters < 1:
            raise CommandError("--letters must be positive.")
        today = timezone.localdate()
        first = today - datetime.timedelta(days=364)
        started = time.perf_counter()
        with (
            context.channel("command"),
            tqdm(
                total=letters,
                desc="generate_oversight",
                disable=options["no_progress"] or not sys.stderr.isatty(),
            ) as bar,
        ):
            receivers = reception.ensure_receivers()
            if not receivers:
                raise CommandError("No provinces: run `manage.py load_places` first.")
            result = reception.generate(
                count=letters,
                seed=seed,
                progress=bar.update,
                first_day=first,
                last_day=today,
                receivers=receivers,
            )
        handling = ", ".join(f"{name} {n}" for name, n in sorted(result.handling.items()))
        self.stdout.write(
            f"Wrote {result.letters} letters ({result.duplicates} duplicates linked) and "
            f"{result.receptions} receptions in {time.perf_counter() - started:.1f} s: {handling}."
        )
        if options["no_rollups"]:
            return
        call_command(
            "refresh_rollups",
            indicators=",".join(reception.rollup_codes()),
            first=f"{first:%Y-%m}",
            last=f"{today:%Y-%m}",
            stdout=self.stdout,
        )
