"""Print a report from the rollups, with national access:
``manage.py report --indicators a,b --period THADS2023M06 --level province [--place 40]
[--boundaries old|new] --format json|csv|table``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core.errors import ValidationFailed
from tuphap.statistics import formats, reports, selectors


class Command(BaseCommand):
    help = "Print a statistics report (indicators × period × level) from the rollups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicators", required=True, help="Codes, comma separated.")
        parser.add_argument("--period", required=True, help="e.g. 2023, 2023H1, THADS2023M06.")
        parser.add_argument("--level", default=reports.NATION, choices=reports.LEVELS)
        parser.add_argument("--place", default=None, help="Province or commune code.")
        parser.add_argument("--boundaries", default="new", choices=("new", "old"))
        parser.add_argument("--format", default="table", choices=("json", "csv", "table"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            query = selectors.report_query_parse(
                indicators=options["indicators"],
                period=options["period"],
                level=options["level"],
                place=options["place"],
                boundaries=options["boundaries"],
            )
        except ValidationFailed as error:
            problems = "; ".join(
                f"--{field}: {' '.join(reasons)}" for field, reasons in error.fields.items()
            )
            raise CommandError(problems or error.message) from None
        report = selectors.report_national(query)
        writer = {"json": formats.to_json, "csv": formats.to_csv, "table": formats.to_table}
        self.stdout.write(
            writer[options["format"]](report), ending="" if options["format"] != "json" else "\n"
        )
        for failure in report.failures:
            self.stderr.write(
                f"Identity {failure.identity} fails for {failure.place or 'the country'} "
                f"({failure.window}): {failure.left} ≠ {failure.right}"
            )
