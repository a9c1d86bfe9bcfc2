"""``manage.py purge_idempotent_requests [--hours 24]``

Delete the stored answers of idempotent writes older than the retry window (they hold what the
write answered, personal data included). Safe to run at any time and twice at once; the worker
runs it every hour (``core.idempotent_requests_purge`` in ``manage.py run_worker --list``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tuphap.core import context, retention


class Command(BaseCommand):
    help = "Delete the stored answers of idempotent API writes past the retry window."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=retention.RETRY_WINDOW_HOURS,
            help=f"The retry window in hours (default {retention.RETRY_WINDOW_HOURS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = max(1, int(options["hours"]))
        with context.channel("command"):
            deleted = retention.idempotent_requests_purge(actor=None, hours=hours)
        self.stdout.write(f"{deleted} stored answers older than {hours} h deleted.")
