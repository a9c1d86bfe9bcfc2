"""Close a year's register books (run on 31 December after the last entry, or later)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tuphap.civil_status.registration import books


class Command(BaseCommand):
    help = "Close the open register books of a year, with their counts (TT 04/2020 Art. 37)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--allow-current-year",
            action="store_true",
            help="Close the current year's books before it ends.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        if year >= timezone.localdate().year and not options["allow_current_year"]:
            self.stderr.write(
                f"{year} has not ended; pass --allow-current-year to close its books now."
            )
            return
        closed = books.register_books_close(actor=None, year=year)
        for book in closed:
            self.stdout.write(
                f"{book.commune_id} {book.volume_number}: {book.entries_count} entries, "
                f"{book.corrected_count} corrected, {book.blank_pages} blank pages"
            )
        self.stdout.write(f"{len(closed)} books closed for {year}.")
