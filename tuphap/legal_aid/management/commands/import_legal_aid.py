"""``manage.py import_legal_aid PATH --user USERNAME [--dry-run]`` loads legal aid cases from a
CSV (UTF-8, comma) or XLSX file (sheet ``cases``) into the user's centre, all or nothing;
``manage.py import_legal_aid --template PATH`` writes the template (CSV or XLSX by the name).
The columns: docs/domain/legal-aid.md §8."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core import context
from tuphap.core.errors import AccessDenied
from tuphap.legal_aid.cases import imports


class Command(BaseCommand):
    help = "Import legal aid cases from CSV or XLSX (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="The CSV or XLSX file to import.")
        parser.add_argument("--user", default="", help="The legal aid officer who imports.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--template", default="", help="Write the template to this path.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["template"]:
            imports.write_template(Path(options["template"]))
            self.stdout.write(self.style.SUCCESS(f"Template written to {options['template']}."))
            return
        if not options["path"]:
            raise CommandError("Give the file to import, or --template PATH.")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = get_user_model().objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(f"--user: no user {options['user']!r}.")
        with context.channel("command"):
            try:
                result = imports.import_file(path, actor=actor, dry_run=options["dry_run"])
            except imports.ImportRefused as refused:
                for error in refused.errors:
                    self.stderr.write(str(error))
                raise CommandError(
                    f"{len(refused.errors)} error(s); nothing was imported."
                ) from None
            except AccessDenied as error:
                raise CommandError(str(error)) from None
        verb = "would be imported (dry run)" if result.dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(f"{result.cases} cases ({result.notices} from notices) {verb}.")
        )
