"""``manage.py import_enforcement [PATH] [--movements PATH] [--agency CODE] [--user USERNAME]
[--dry-run]`` loads enforcement cases and their money movements from CSV (UTF-8, comma) or XLSX
files (the sheets ``cases`` and ``movements``), all or nothing;
``manage.py import_enforcement --template PATH [--movements PATH]`` writes the templates (CSV or
XLSX by the name). See docs/domain/enforcement-import.md for the columns."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core import context
from tuphap.enforcement.cases import imports

MAX_SHOWN = 200


class Command(BaseCommand):
    help = "Import enforcement cases and money movements from CSV or XLSX (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="The CSV or XLSX file to import.")
        parser.add_argument(
            "--movements", default="", help="The movements CSV (or XLSX sheet 'movements')."
        )
        parser.add_argument("--agency", default="", help="Office code for rows without one.")
        parser.add_argument("--user", default="", help="Username recorded as the importer.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--template", default="", help="Write the template to this path.")

    def handle(self, *args: Any, **options: Any) -> None:
        movements = Path(options["movements"]) if options["movements"] else None
        if options["template"]:
            written = imports.write_template(Path(options["template"]), movements)
            for target in written:
                self.stdout.write(self.style.SUCCESS(f"Template written to {target}."))
            return
        if not options["path"] and movements is None:
            raise CommandError("Give the file to import, or --template PATH.")
        path = Path(options["path"]) if options["path"] else None
        for given in (path, movements):
            if given is not None and not given.is_file():
                raise CommandError(f"No such file: {given}")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"--user: no user {options['user']!r}.")
        started = time.perf_counter()
        with context.channel("command"):
            try:
                result, rows = imports.import_file(
                    path,
                    actor=actor,
                    default_agency=options["agency"],
                    dry_run=options["dry_run"],
                    movements=movements,
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
            self.stdout.write(
                self.style.SUCCESS(f"{len(rows)} case row(s) valid; nothing written.")
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.cases} case(s), {result.judgments} new judgment(s), "
                f"{result.actions} journal row(s), {result.movements} movement(s) "
                f"in {elapsed:.1f} s."
            )
        )
