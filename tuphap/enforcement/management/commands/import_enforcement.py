"""``manage.py import_enforcement PATH [--agency CODE] [--user USERNAME] [--dry-run]`` loads
enforcement cases from a CSV (UTF-8, comma) or XLSX file, all or nothing;
``manage.py import_enforcement --template PATH`` writes the template (CSV or XLSX by the name).
See docs/domain/enforcement-import.md for the columns."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core import context
from tuphap.enforcement import imports

MAX_SHOWN = 200


class Command(BaseCommand):
    help = "Import enforcement cases from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="The CSV or XLSX file to import.")
        parser.add_argument("--agency", default="", help="Office code for rows without one.")
        parser.add_argument("--user", default="", help="Username recorded as the importer.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--template", default="", help="Write the template to this path.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            target = Path(options["template"])
            imports.write_template(target)
            self.stdout.write(self.style.SUCCESS(f"Template written to {target}."))
            return
        if not options["path"]:
            raise CommandError("Give the file to import, or --template PATH.")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"--user: no user {options['user']!r}.")
        started = time.perf_counter()
        with context.channel("command"):
            try:
                result, rows = imports.import_file(
                    path, actor=actor, default_agency=options["agency"], dry_run=options["dry_run"]
                )
            except imports.ImportRefused as refused:
                for error in refused.errors[:MAX_SHOWN]:
                    self.stderr.write(str(error))
                if len(refused.errors) > MAX_SHOWN:
                    self.stderr.write(f"… and {len(refused.errors) - MAX_SHOWN} more.")
                raise CommandError(
                    f"{len(refused.errors)} error(s); nothing was imported."
                ) from None
        elapsed = time.perf_counter() - started
        if result is None:
            self.stdout.write(self.style.SUCCESS(f"{len(rows)} row(s) valid; nothing written."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.cases} case(s), {result.judgments} new judgment(s), "
                f"{result.actions} journal row(s) in {elapsed:.1f} s."
            )
        )
