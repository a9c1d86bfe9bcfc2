"""Register books: the gapless entry number, the volume an entry goes in, and the closing of a
year's books (TT 04/2020/TT-BTP Art. 29, 36, 37; docs/domain/civil_status.md §3)."""

from __future__ import annotations

from typing import Any, Final, cast

from django.db import connection, transaction
from django.db.models import Count, Field, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.civil_status.registration import permissions
from tuphap.civil_status.registration.models import (
    BOOK_SUFFIX,
    RegisterBook,
    RegisterCounter,
    Registration,
)
from tuphap.core import audit, counters, rows
from tuphap.core.errors import AccessDenied, Conflict
from tuphap.places.models import AdministrativeUnit

# One entry per page; the printed books are ordered in volumes of this many pages. The size of
# a volume is not fixed by the circular (unconfirmed): a deployment may change it.
PAGES_PER_VOLUME: Final = 200


def volume_number(volume: int, year: int, event_type: str) -> str:
    """``01-TP/HT-2026-KS``: volume, the register series, the year and the event's suffix."""
    return f"{volume:02d}-TP/HT-{year}-{BOOK_SUFFIX[event_type]}"


_BOOK_SQL: dict[str, str] = {}  # per database alias


def _book_sql() -> str:
    """``RegisterBook.objects.filter(commune=…, event_type=…, year=…, volume=…)``, written out."""
    sql = _BOOK_SQL.get(connection.alias)
    if sql is None:
        meta = RegisterBook._meta
        quote = connection.ops.quote_name
        where = " AND ".join(
            f"{quote(cast(Field[Any, Any], meta.get_field(name)).column)} = %s"
            for name in ("commune", "event_type", "year", "volume")
        )
        # Only quoted names from the model's meta go into the text; the values are parameters.
        sql = _BOOK_SQL[connection.alias] = (
            f"SELECT {rows.columns(RegisterBook)} FROM {quote(meta.db_table)} WHERE {where}"  # noqa: S608
        )
    return sql


_NUMBER_AND_BOOK_SQL: dict[str, str] = {}  # per database alias


def _number_and_book(
    commune: AdministrativeUnit, event_type: str, year: int
) -> tuple[int, RegisterBook | None] | None:
    """On PostgreSQL, the counter bumped (``counters.bump_statement``) and the book of the new
    number's volume read in ONE statement: the number, and the book or ``None`` when the volume
    has none yet. ``None`` when the counter does not exist yet or elsewhere. (A book another
    registration made and committed while this one waited for the counter's lock is outside
    the statement's snapshot: it reads as none, and ``get_or_create`` then finds it.)"""
    if connection.vendor != "postgresql":
        return None
    if not connection.in_atomic_block:
        raise RuntimeError("next_entry must run inside the registration's transaction.")
    key = {"commune": commune, "event_type": event_type, "year": year}
    bump = counters.bump_statement(RegisterCounter, connection, key)
    if bump is None:
        return None
    bump_sql, bump_params = bump
    sql = _NUMBER_AND_BOOK_SQL.get(connection.alias)
    if sql is None:
        meta = RegisterBook._meta
        quote = connection.ops.quote_name

        def column(name: str) -> str:
            return f"b.{quote(cast(Field[Any, Any], meta.get_field(name)).column)}"

        last = quote(cast(Field[Any, Any], RegisterCounter._meta.get_field("last_number")).column)
        # Only quoted names from the models' meta and the volume size go into the text; every
        # value is a parameter.
        sql = _NUMBER_AND_BOOK_SQL[connection.alias] = (
            f"WITH c AS ({bump_sql}) SELECT c.{last}, {rows.columns(RegisterBook, 'b')} "  # noqa: S608
            f"FROM c LEFT JOIN {quote(meta.db_table)} b ON {column('commune')} = %s "
            f"AND {column('event_type')} = %s AND {column('year')} = %s "
            f"AND {column('volume')} = (c.{last} - 1) / {int(PAGES_PER_VOLUME)} + 1"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*bump_params, commune.pk, event_type, year])
        row = cursor.fetchone()
    if row is None:
        return None
    number = int(row[0])
    book = rows.read(RegisterBook, row[1:]) if row[1] is not None else None
    return number, book


def next_entry(
    *, commune: AdministrativeUnit, event_type: str, year: int
) -> tuple[RegisterBook, int]:
    """The book and the number of the next entry. Call inside the registration's transaction:
    the counter stays locked until it commits, and a rollback gives the number back."""
    bumped = _number_and_book(commune, event_type, year)
    if bumped is None:  # the counter is new, or the database cannot do it in one statement
        number = counters.next_number(
            RegisterCounter, commune=commune, event_type=event_type, year=year
        )
        volume = (number - 1) // PAGES_PER_VOLUME + 1
        # The book exists for all but the first entry of a volume: read it with a statement
        # written out once (every registration runs it), else create it.
        found = rows.fetch(RegisterBook, _book_sql(), [commune.pk, event_type, year, volume])
        book = found[0] if found else None
    else:
        number, book = bumped
        volume = (number - 1) // PAGES_PER_VOLUME + 1
    if book is None:
        book, _created = RegisterBook.objects.get_or_create(
            commune=commune,
            event_type=event_type,
            year=year,
            volume=volume,
            defaults={
                "province_id": commune.province_id,
                "volume_number": volume_number(volume, year, event_type),
                "pages": PAGES_PER_VOLUME,
                "first_number": (volume - 1) * PAGES_PER_VOLUME + 1,
            },
        )
    if book.status == RegisterBook.Status.CLOSED:
        # A closed book takes no entry: the next volume does (a book is closed at its last entry
        # or on 31 December, Art. 37).
        counter_gap = _("The register book %(book)s is closed.") % {"book": book.volume_number}
        raise Conflict(counter_gap, code="book_closed")
    return book, number


@transaction.atomic
def register_books_close(
    *, actor: Any, year: int, commune: AdministrativeUnit | None = None
) -> list[RegisterBook]:
    """Close the year's open books, each with its counts of entries, corrected entries and blank
    pages. ``actor`` ``None`` is the year-end command."""
    if actor is not None and not permissions.can_close_books(actor):
        raise AccessDenied(_("You may not close register books."))
    books = RegisterBook.objects.select_for_update().filter(
        year=year, status=RegisterBook.Status.OPEN
    )
    if commune is not None:
        books = books.filter(commune=commune)
    closed: list[RegisterBook] = []
    now = timezone.now()
    for book in books.order_by("id"):
        counts = Registration.objects.filter(book=book).aggregate(
            entries=Count("id"), corrected=Count("id", filter=Q(amendment_count__gt=0))
        )
        book.status = RegisterBook.Status.CLOSED
        book.closed_at = now
        book.closed_by = actor if getattr(actor, "is_authenticated", False) else None
        book.entries_count = counts["entries"]
        book.corrected_count = counts["corrected"]
        book.blank_pages = max(book.pages - counts["entries"], 0)
        book.save(
            update_fields=[
                "status",
                "closed_at",
                "closed_by",
                "entries_count",
                "corrected_count",
                "blank_pages",
            ]
        )
        audit.record(
            actor=actor,
            action="civil_status.book.closed",
            obj=book,
            data={
                "entries": book.entries_count,
                "corrected": book.corrected_count,
                "blank_pages": book.blank_pages,
            },
        )
        closed.append(book)
    return closed
