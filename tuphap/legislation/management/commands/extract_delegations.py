"""Print the detailing obligations a plain-text law or resolution assigns.

python manage.py extract_delegations luat.txt --format json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.legislation.documents import delegations, structure


class Command(BaseCommand):
    help = "Print the delegation clauses found in a plain-text (UTF-8) legal document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            tree = structure.parse(text)
        except structure.StructureError as error:
            raise CommandError(f"{path}: {error}") from error
        proposals = delegations.extract(tree)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps([item.as_dict() for item in proposals], ensure_ascii=False, indent=2)
            )
            return
        for item in proposals:
            self.stdout.write(
                f"{item.source_provision}: {item.assignee} → {item.expected_type} "
                f"[{', '.join(item.provisions)}]\n    {item.text}"
            )
