"""``python manage.py generate_oversight --letters N --seed S``: a year of the oversight app's
work through the services, area by area: letters and receptions, complaints, denunciations,
state compensation claims and inspections (each area's ``generate``; the counts of the others
default to a share of the letters), then the rollups of those months refreshed."""

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
from tuphap.oversight.compensation import generate as compensation
from tuphap.oversight.compensation import indicators as compensation_indicators
from tuphap.oversight.complaints import generate as complaints
from tuphap.oversight.denunciations import generate as denunciations
from tuphap.oversight.inspections import generate as inspections
from tuphap.oversight.inspections import indicators as inspection_indicators
from tuphap.oversight.reception import generate as reception


class Command(BaseCommand):
    help = "Generate oversight letters and receptions through the services; refresh the rollups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--letters", type=int, required=True, help="Number of letters.")
        parser.add_argument("--seed", type=int, required=True, help="Random seed.")
        for name, share in (
            ("complaints", "a fifth"),
            ("denunciations", "a tenth"),
            ("claims", "a tenth"),
            ("inspections", "a twentieth"),
        ):
            parser.add_argument(
                f"--{name}",
                type=int,
                default=None,
                help=f"How many (default {share} of --letters).",
            )
        parser.add_argument("--no-rollups", action="store_true", help="Skip the rollups.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        letters, seed = options["letters"], options["seed"]
        if letters < 1:
            raise CommandError("--letters must be positive.")
        counts = {
            name: options[name] if options[name] is not None else max(1, letters // share)
            for name, share in (
                ("complaints", 5),
                ("denunciations", 10),
                ("claims", 10),
                ("inspections", 20),
            )
        }
        if any(count < 0 for count in counts.values()):
            raise CommandError("Counts must not be negative.")
        today = timezone.localdate()
        first = today - datetime.timedelta(days=364)
        started = time.perf_counter()
        with (
            context.channel("command"),
            tqdm(
                total=letters + sum(counts.values()),
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
            filed = complaints.generate_for(
                receivers,
                count=counts["complaints"],
                seed=seed,
                first_day=first,
                last_day=today,
                tick=bar.update,
            )
            denounced = denunciations.generate_for(
                receivers,
                count=counts["denunciations"],
                seed=seed,
                first_day=first,
                last_day=today,
                tick=bar.update,
            )
            claimed = compensation.generate(
                count=counts["claims"],
                seed=seed,
                progress=bar.update,
                first_day=first,
                last_day=today,
            )
            inspected = 0
            for index, receiver in enumerate(receivers):
                share = counts["inspections"] // len(receivers) + (
                    index < counts["inspections"] % len(receivers)
                )
                if share:
                    inspected += inspections.generate(
                        count=share,
                        seed=seed + index,
                        actor=receiver.inspector,
                        progress=bar.update,
                        first_day=first,
                        last_day=today,
                    ).inspections
        handling = ", ".join(f"{name} {n}" for name, n in sorted(result.handling.items()))
        self.stdout.write(
            f"Wrote {result.letters} letters ({result.duplicates} duplicates linked) and "
            f"{result.receptions} receptions in {time.perf_counter() - started:.1f} s: {handling}; "
            f"{filed.complaints} complaints, {denounced.denunciations} denunciations, "
            f"{claimed.claims} compensation claims, {inspected} inspections."
        )
        if options["no_rollups"]:
            return
        call_command(
            "refresh_rollups",
            indicators=",".join(
                [
                    *reception.rollup_codes(),
                    *complaints.rollup_codes(),
                    *denunciations.rollup_codes(),
                    *(i.code for i in compensation_indicators.INDICATORS if i.is_stored),
                    *(i.code for i in inspection_indicators.INDICATORS if i.is_stored),
                ]
            ),
            first=f"{first:%Y-%m}",
            last=f"{today:%Y-%m}",
            stdout=self.stdout,
        )
