"""``python manage.py generate_outreach --sessions N --seed S [--years Y]``: dissemination
sessions and grassroots mediation cases for every commune People's Committee and Department of
Justice, through the services, then the outreach rollups of those months refreshed."""

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
from tuphap.outreach import generate


class Command(BaseCommand):
    help = "Generate dissemination sessions and mediation cases through the services."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sessions", type=int, required=True, help="Number of sessions.")
        parser.add_argument("--seed", type=int, required=True, help="Random seed.")
        parser.add_argument("--years", type=int, default=2, help="Calendar years (default 2).")
        parser.add_argument("--no-rollups", action="store_true", help="Skip the rollups.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        sessions, seed, years = options["sessions"], options["seed"], options["years"]
        if sessions < 1 or years < 1:
            raise CommandError("--sessions and --years must be positive.")
        today = deadlines.local_date(timezone.now())
        first = datetime.date(today.year - years + 1, 1, 1)
        started = time.perf_counter()
        with (
            context.channel("command"),
            tqdm(
                total=sessions,
                desc="generate_outreach",
                disable=options["no_progress"] or not sys.stderr.isatty(),
            ) as bar,
        ):
            worlds = generate.ensure_worlds(seed=seed)
            if not worlds:
                raise CommandError(
                    "No commune People's Committee or Department of Justice: load the demo "
                    "agencies or create them first."
                )
            result = generate.generate(
                worlds,
                sessions=sessions,
                seed=seed,
                first_day=first,
                last_day=today,
                progress=bar.update,
            )
        states = ", ".join(f"{state} {count}" for state, count in sorted(result.states.items()))
        self.stdout.write(
            f"Wrote {result.sessions} sessions and {result.cases} mediation cases in "
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
