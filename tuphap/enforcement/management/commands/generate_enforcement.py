"""``manage.py generate_enforcement --cases N --seed S [--years 5] [--no-rollups]``: a national
THADS dataset (offices, cases with journals and money movements) written through the import's
bulk path, then the THADS rollups of the generated months refreshed."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from tuphap.casework import deadlines
from tuphap.core import context
from tuphap.enforcement.cases import generate
from tuphap.enforcement.cases.models import EnforcementCase

STEPS = 9  # per block of cases: drawing + the tables written by imports.load


class Command(BaseCommand):
    help = "Generate enforcement cases over the last whole THADS years (deterministic by seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="Number of cases.")
        parser.add_argument("--seed", type=int, required=True, help="Random seed.")
        parser.add_argument("--years", type=int, default=5, help="THADS years (default 5).")
        parser.add_argument("--no-rollups", action="store_true", help="Skip the rollups.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        cases, seed, years = options["cases"], options["seed"], options["years"]
        if cases < 1 or years < 1:
            raise CommandError("--cases and --years must be positive.")
        if EnforcementCase.objects.filter(
            decision_number=generate.decision_number(seed, 1)
        ).exists():
            raise CommandError(f"Seed {seed} was already generated; choose another seed.")
        today = deadlines.local_date(timezone.now())
        started = time.perf_counter()
        with (
            context.channel("command"),
            tqdm(
                total=STEPS * generate.blocks(cases),
                desc="generate_enforcement",
                disable=options["no_progress"] or not sys.stderr.isatty(),
            ) as progress,
        ):
            result = generate.generate(
                cases=cases, seed=seed, years=years, today=today, progress=progress
            )
        self.stdout.write(
            f"Wrote {result.cases} cases, {result.actions} journal rows, "
            f"{result.movements} movements in {time.perf_counter() - started:.1f} s."
        )
        if options["no_rollups"]:
            return
        first, last = generate.year_range(years, today)
        call_command(
            "refresh_rollups",
            indicators=",".join(generate.rollup_codes()),
            first=f"{first:%Y-%m}",
            last=f"{last:%Y-%m}",
            stdout=self.stdout,
        )
