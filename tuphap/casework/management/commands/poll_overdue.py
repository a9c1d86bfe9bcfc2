"""Mark overdue cases and notify their assignees: ``manage.py poll_overdue [--limit N]``.
Idempotent and safe to run from several processes at once; the worker runs it every five minutes
(``casework.overdue_poll`` in ``manage.py run_worker --list``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.casework import services
from tuphap.core import context


class Command(BaseCommand):
    help = "Mark open, running cases past their due time as overdue and notify their assignees."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="Cases per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if limit < 1:
            raise CommandError("--limit: must be 1 or more.")
        marked = notified = 0
        with context.channel("command"):
            while True:
                result = services.overdue_poll(limit=limit)
                marked += result.marked
                notified += result.notified
                if result.marked < limit:
                    break
        self.stdout.write(f"Marked {marked} case(s) overdue, sent {notified} notification(s).")
