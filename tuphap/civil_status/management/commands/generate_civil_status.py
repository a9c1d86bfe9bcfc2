"""``manage.py generate_civil_status --births N --seed S [--year Y] [--communes K] [--province CODE]
[--no-rollups] [--standin-data PATH | --no-standin]``: a year of births, birth re-registrations,
deaths and marriages in the national proportions, registered through the civil status services
in date order, then the civil status rollups of that year refreshed. The people of the run who
already have a PIN are written into the population database stand-in's data file, so that the
relay's deaths and marriages about them find their citizen. Deterministic for a seed on the same
places."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from tuphap.civil_status import generate
from tuphap.core import context
from tuphap.core.errors import DomainError
from tuphap.population import known


class Command(BaseCommand):
    help = (
        "Register N births and, in the national proportions, re-registrations, deaths and "
        "marriages over one year through the civil status services (deterministic by seed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--births", type=int, required=True, help="New birth registrations.")
        parser.add_argument("--seed", type=int, required=True, help="Random seed.")
        parser.add_argument("--year", type=int, default=None, help="Year (default: this year).")
        parser.add_argument(
            "--communes",
            type=int,
            default=None,
            help=f"Communes registering (default: one per {generate.BIRTHS_PER_COMMUNE} births).",
        )
        parser.add_argument("--province", default=None, help="Only communes of this province.")
        parser.add_argument("--no-rollups", action="store_true", help="Skip the rollups.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--standin-data",
            default=None,
            help="The population database stand-in's data file that learns the run's people "
            "who already have a PIN (default: the stand-in's, var/population-standin.sqlite3).",
        )
        parser.add_argument(
            "--no-standin",
            action="store_true",
            help="Do not write the run's people into the stand-in's data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        births, seed = options["births"], options["seed"]
        today = timezone.localdate()
        year = options["year"] or today.year
        communes = options["communes"] or math.ceil(births / generate.BIRTHS_PER_COMMUNE)
        if births < 1 or communes < 1:
            raise CommandError("--births and --communes must be positive.")
        if generate.already_generated(seed, year):
            raise CommandError(f"Seed {seed} was already generated for {year}; choose another.")
        volumes = generate.Volumes.of(births)
        try:
            places = generate.choose_places(
                seed=seed, year=year, today=today, communes=communes, province=options["province"]
            )
            entries = generate.release_taken_pins(
                generate.build_plan(volumes=volumes, places=places, seed=seed), seed=seed
            )
            if not options["no_standin"]:
                data = Path(options["standin_data"]) if options["standin_data"] else None
                citizens = generate.known_citizens(entries)
                added = known.register_known(citizens, data=data)
                self.stdout.write(
                    f"{len(citizens)} people with a PIN known to the population database "
                    f"stand-in ({added} new) in {data or known.standin_data_path()}."
                )
            with (
                context.channel("command"),
                tqdm(
                    total=len(entries),
                    desc="generate_civil_status",
                    disable=options["no_progress"] or not sys.stderr.isatty(),
                ) as progress,
            ):
                result = generate.run(entries, places, progress=progress)
        except DomainError as error:
            fields = "; ".join(
                f"{name}: {' '.join(reasons)}" for name, reasons in error.fields.items()
            )
            raise CommandError(f"{error.message} {fields}".strip()) from None
        self._summary(result, year)
        if options["no_rollups"]:
            return
        first, last = generate.period(year, today)
        call_command(
            "refresh_rollups",
            indicators=",".join(generate.rollup_codes()),
            first=f"{first:%Y-%m}",
            last=f"{last:%Y-%m}",
            stdout=self.stdout,
        )

    def _summary(self, result: generate.Result, year: int) -> None:
        counts = result.registrations
        births = counts["birth"] + counts["birth.late"] + counts["birth.foreign"]
        deaths = counts["death"] + counts["death.late"]
        marriages = sum(n for label, n in counts.items() if label.startswith("marriage"))
        self.stdout.write(
            f"Registered in {result.communes} communes in {year}: {births} births "
            f"({counts['birth.late']} late, {counts['birth.foreign']} with a foreign element), "
            f"{counts['birth.re_registered']} birth re-registrations, {deaths} deaths "
            f"({counts['death.late']} late), {marriages} marriages "
            f"({counts['marriage.later']} second or later, {counts['marriage.foreign']} with a "
            f"foreign element); {result.duplicates_confirmed} possible duplicates confirmed."
        )
        self.stdout.write(
            f"{result.total} registrations in {result.seconds:.1f} s = "
            f"{result.rate:.0f} registrations/s."
        )
