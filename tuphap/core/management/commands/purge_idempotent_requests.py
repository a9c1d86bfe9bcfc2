"""``manage.py purge_idempotent_requests [--hours 24]``

Delete the stored answers of idempotent writes older than the retry window (they hold what the
write answered, personal data included). Safe to run at any time and twice at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tuphap.core.models import IdempotentRequest

RETRY_WINDOW_HOURS = 24


class Command(BaseCommand):
    help = "Delete the stored answers of idempotent API writes past the retry window."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=RETRY_WINDOW_HOURS,
            help=f"The retry window in hours (default {RETRY_WINDOW_HOURS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = max(1, int(options["hours"]))
        limit = timezone.now() - datetime.timedelta(hours=hours)
        deleted, _ = IdempotentRequest.objects.filter(created_at__lt=limit).delete()
        self.stdout.write(f"{deleted} stored answers older than {hours} h deleted.")
