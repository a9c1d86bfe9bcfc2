"""Print the bottlenecks page: ``manage.py bottlenecks --level nation --format json|csv``, or
``--user NAME`` for what that user's page shows (their jurisdiction and registers)."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuphap.accounts.models import User
from tuphap.core import bottlenecks

COLUMNS = (
    "rank",
    "key",
    "area",
    "measure",
    "count",
    "last_year",
    "change",
    "change_percent",
    "days",
    "days_label",
    "days_last_year",
    "top",
    "top_last_year",
    "figures",
    "url",
)


class Command(BaseCommand):
    help = "Print where work is stuck across every register, now against a year ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--level", choices=("nation",), default="nation")
        parser.add_argument("--user", default="", help="measure what this user can see instead")
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        reader = None
        if options["user"]:
            reader = User.objects.filter(username=options["user"], is_active=True).first()
            if reader is None:
                raise CommandError(f"--user: no active user {options['user']!r}.")
        findings = bottlenecks.findings_for(reader, timezone.now())
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {"findings": [finding.as_dict() for finding in findings]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        writer = csv.writer(self.stdout)
        writer.writerow(COLUMNS)
        for rank, finding in enumerate(findings, start=1):
            row = finding.as_dict()
            top = "; ".join(f"{line.label}: {line.count}" for line in finding.lines)
            top_then = "; ".join(
                f"{line.label}: {line.last_year}"
                for line in finding.lines
                if line.last_year is not None
            )
            # Each further figure as "label: now / a year ago" (empty: not measured).
            figures = "; ".join(
                f"{figure.label}: {_text(figure.now)} / {_text(figure.last_year)}"
                for figure in finding.figures
            )
            writer.writerow(
                [
                    rank,
                    *(row[column] for column in COLUMNS[1:11]),
                    top,
                    top_then,
                    figures,
                    row["url"],
                ]
            )


def _text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)
