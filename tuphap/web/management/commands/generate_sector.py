"""``python manage.py generate_sector --year 2023 --seed S [--scale F]``: the term 2021–2023
built through the registers so that ``manage.py report`` gives the sector's published 2023
figures (``tuphap.web.sector``; docs/domain/review.md, "The published figures, replayed"):
exactly at scale 1, each figure scaled and rounded half up below it."""

from __future__ import annotations

import sys
import time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tuphap.core import context
from tuphap.enforcement.cases import generate as enforcement
from tuphap.web import sector


class Command(BaseCommand):
    help = "Replay the sector's published 2023 figures from generated records (deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=2023, help="The review's year (2023).")
        parser.add_argument("--seed", type=int, required=True, help="Random seed (0–9).")
        parser.add_argument("--scale", default="1", help="Share of the published volume (0.001–1).")
        parser.add_argument("--no-rollups", action="store_true", help="Skip rollups and checks.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        seed = options["seed"]
        try:
            scale = Decimal(options["scale"])
        except InvalidOperation:
            raise CommandError("--scale: not a number.") from None
        try:
            calibration = sector.calibrate(options["year"], scale)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not 0 <= seed <= sector.MAX_SEED:
            raise CommandError(
                f"--seed must be 0 to {sector.MAX_SEED}: the documents' numbers carry it."
            )
        if sector.already_built(seed):
            raise CommandError(f"Seed {seed} was already generated; choose another seed.")
        cases = sum(plan.cases for plan in calibration.thads)
        started = time.perf_counter()
        with (
            context.channel("command"),
            tqdm(
                total=9 * enforcement.blocks(cases)
                + sum(calibration.documents.values())
                + sum(decided for decided, _ in calibration.inspections.values()),
                desc="generate_sector",
                disable=options["no_progress"] or not sys.stderr.isatty(),
            ) as bar,
        ):
            built = sector.build(calibration, seed=seed, progress=bar, tick=bar.update)
        self.stdout.write(
            f"Wrote {built.cases} enforcement cases, {built.sessions} dissemination sessions, "
            f"{built.documents} documents, {built.inspections} inspections in "
            f"{time.perf_counter() - started:.1f} s ("
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in built.seconds.items())
            + ")."
        )
        if options["no_rollups"]:
            return
        started = time.perf_counter()
        sector.refresh()
        self.stdout.write(f"Rollups refreshed in {time.perf_counter() - started:.1f} s.")
        failed = 0
        for checked in sector.check(calibration):
            mark = "ok" if checked.ok else "DIFFERS"
            failed += not checked.ok
            expected = checked.expected
            self.stdout.write(
                f"{mark:7} {expected.code} {expected.period} {expected.window}: "
                f"{checked.got} (calibrated {expected.value}) — {expected.label}"
            )
        if failed:
            raise CommandError(f"{failed} figure(s) differ from the calibration.")
