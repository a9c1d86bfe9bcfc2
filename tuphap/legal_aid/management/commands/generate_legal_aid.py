"""``python manage.py generate_legal_aid --cases N --seed S [--years Y]``: a national legal aid
dataset through the services (centres before and after 1 Jul 2025, several calendar years,
every state, notices on time and late), then the legal aid rollups of those months refreshed."""

from __future__ import annotations

import datetime
import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from tuphap.casework import deadlines
from tuphap.core import context
from tuphap.legal_aid.cases import generate


class Command(BaseCommand):
    help = "Generate a national legal aid dataset through the services and refresh its rollups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="Number of requests.")
        parser.add_argument("--seed", type=int, required=True, help="Random seed.")
        parser.add_argument("--years", type=int, default=3, help="Calendar years (default 3).")
        parser.add_argument("--no-rollups", action="store_true", help="Skip the rollups.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        cases, seed, years = options["cases"], options["seed"], options["years"]
        if cases < 1 or years < 1:
            raise CommandError("--cases and --years must be positive.")
        today = deadlines.local_date(timezone.now())
        first = datetime.date(today.year - years + 1, 1, 1)
        started = time.perf_counter()
        with (
            context.channel("command"),
            tqdm(
                total=cases,
                desc="generate_legal_aid",
                disable=options["no_progress"] or not sys.stderr.isatty(),
            ) as bar,
        ):
            worlds = generate.ensure_centres()
            if not worlds:
                raise CommandError("No provinces: run `manage.py load_places` first.")
            result = generate.generate(
                worlds, cases=cases, seed=seed, first_day=first, last_day=today, progress=bar.update
            )
        states = ", ".join(f"{state} {count}" for state, count in sorted(result.states.items()))
        self.stdout.write(
            f"Wrote {result.cases} legal aid cases ({result.notices} from notices) in "
            f"{time.perf_counter() - started:.1f} s: {states}."
        )
        if options["no_rollups"]:
            return
        call_command(
            "refresh_rollups",
            indicators=",".join(generate.rollup_codes()),
            first=f"{first:%Y-%m}",
            last=f"{today:%Y-%m}",
            stdout=self.stdout,
        )
