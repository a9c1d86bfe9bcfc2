from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.module_loading import autodiscover_modules

from tuphap.accounts.models import User
from tuphap.core import demo


class Command(BaseCommand):
    help = "Load reference data and believable demo data (idempotent), then print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-progress", action="store_true", help="Hide progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        autodiscover_modules("demo")
        show_progress = not options["no_progress"] and sys.stderr.isatty()
        for demo_step in sorted(demo.STEPS, key=lambda item: (item.order, item.name)):
            self.stdout.write(f"· {demo_step.name.removeprefix('tuphap.')}")
            demo_step.run(self.stdout, show_progress)
        self.print_logins()

    def print_logins(self) -> None:
        users = (
            User.objects.filter(username__startswith="demo.")
            .select_related("agency")
            .prefetch_related("roles")
            .order_by("username")
        )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo ready at http://127.0.0.1:8000/"))
        self.stdout.write(f"Sign in with any of these users; the password is {demo.DEMO_PASSWORD}")
        for user in users:
            roles = ", ".join(sorted(role.role for role in user.roles.all()))
            agency = user.agency.name if user.agency else "-"
            self.stdout.write(f"  {user.username:<28} {roles:<24} {agency}")
