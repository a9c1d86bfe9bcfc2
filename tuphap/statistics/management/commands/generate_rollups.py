"""Write synthetic rollups for demos and benchmarks:
``manage.py generate_rollups --communes 3321 --years 5 --seed 1 --indicators a,b``.

Uses the loaded communes of the new boundaries; when there are fewer than asked, creates
synthetic provinces (``SYN01``…``SYN34``) and communes (``SYN00001``…). Replaces the generated
months of those indicators; the rows are marked synthetic in the coverage table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core.errors import ValidationFailed
from tuphap.statistics import services
from tuphap.statistics.registry import registry


class Command(BaseCommand):
    help = "Write synthetic monthly rollups (demo and benchmark data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--communes", type=int, default=100)
        parser.add_argument("--years", type=int, default=1)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--indicators", default="", help="Codes, comma separated (all stored ones)."
        )
        parser.add_argument("--until", default=None, help="Last month, YYYY-MM (last full one).")

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [code.strip() for code in options["indicators"].split(",") if code.strip()]
        codes = codes or [indicator.code for indicator in registry.stored()]
        unregistered = [code for code in codes if code not in registry]
        if unregistered:
            self.stderr.write(
                f"Not registered (reports will refuse them until an app declares them): "
                f"{', '.join(unregistered)}"
            )
        try:
            last = (
                services.parse_month(options["until"], field="--until")
                if options["until"]
                else None
            )
            result = services.rollup_generate(
                actor=None,
                indicators=codes,
                communes=options["communes"],
                years=options["years"],
                seed=options["seed"],
                last_month=last,
            )
        except ValidationFailed as error:
            field = next(iter(error.fields), "")
            raise CommandError(f"--{field.lstrip('-')}: {error.message}") from None
        self.stdout.write(
            f"Wrote {result.written} rows: {len(result.indicators)} indicator(s) × "
            f"{result.places} communes ({result.created_places} places created) × months "
            f"{result.first_month:%Y-%m}..{result.last_month:%Y-%m}."
        )
