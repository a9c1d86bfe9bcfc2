"""``manage.py load_aggregate_forms``: create or update the shipped report forms."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tuphap.statistics.aggregate import shipped


class Command(BaseCommand):
    help = "Create or update the report forms tuphap ships (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = shipped.load()
        self.stdout.write(
            f"{counts['data_sets']} report forms, {counts['elements']} data elements, "
            f"{counts['rules']} validation rules"
        )
