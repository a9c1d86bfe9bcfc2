"""The civil status register's scheduled job (registered in ``apps.ready``): the register books
of past years still open are closed (TT 04/2020 Art. 37: a book is closed at the year's end,
with its counts). Idempotent: a closed book is not closed again."""

from __future__ import annotations

from typing import Any

from tuphap.casework import deadlines as case_deadlines
from tuphap.civil_status.registration import books
from tuphap.civil_status.registration.models import RegisterBook


def close_past_books(run: Any) -> dict[str, Any]:
    year = case_deadlines.local_date(run.started_at).year
    past = sorted(
        set(
            RegisterBook.objects.filter(status=RegisterBook.Status.OPEN, year__lt=year).values_list(
                "year", flat=True
            )
        )
    )
    closed = sum(len(books.register_books_close(actor=None, year=past_year)) for past_year in past)
    return {"years": past, "closed": closed}
