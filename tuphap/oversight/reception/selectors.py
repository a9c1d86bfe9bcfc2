"""The reads of the reception and letter register, for a user: the letters and sessions of the
agencies and places in the user's jurisdiction (``accounts.jurisdiction``) and of the user's
own agency; nothing for a user whose roles do not read the register."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.core import audit
from tuphap.core.calendar import default_calendar
from tuphap.core.errors import AccessDenied, NotFound
from tuphap.oversight.reception import figures, permissions, rules, slips
from tuphap.oversight.reception.models import Letter, ReceptionSession

if TYPE_CHECKING:
    from tuphap.statistics.review import Drill


def _scoped(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    if not permissions.can_read(user):
        return queryset.none()
    by_place = jurisdiction.scope(queryset, user, place_field="place")
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return by_place
    return by_place | queryset.filter(agency_id=agency_id)


def letters_for_user(user: Any) -> QuerySet[Letter]:
    """The letters ``user`` may see."""
    return _scoped(Letter.objects.all(), user).select_related("agency", "place", "duplicate_of")


def letter_list_for_user(
    user: Any,
    *,
    search: str | None = None,
    classification: str | None = None,
    handling: str | None = None,
    year: int | None = None,
) -> QuerySet[Letter]:
    letters = letters_for_user(user).prefetch_related("senders")
    if classification == "none":
        letters = letters.filter(classification="")
    elif classification:
        letters = letters.filter(classification=classification)
    if handling == "open":
        letters = letters.filter(handling="")
    elif handling:
        letters = letters.filter(handling=handling)
    if year:
        letters = letters.filter(year=year)
    if search:
        term = search.strip()
        names = Q(senders__full_name__icontains=term)
        if not permissions.can_work(user):
            # A protected identity is not found by its name by those who may not see it.
            names &= ~Q(classification__in=["", rules.Classification.DENUNCIATION])
        elif getattr(user, "agency_id", None) is not None:
            names &= ~Q(classification__in=["", rules.Classification.DENUNCIATION]) | Q(
                agency_id=user.agency_id
            )
        query = names | Q(content__icontains=term)
        if "/" in term:
            number, _sep, year_text = term.partition("/")
            if number.isdigit() and year_text.isdigit():
                query |= Q(number=int(number), year=int(year_text))
        elif term.isdigit():
            query |= Q(number=int(term))
        letters = letters.filter(query).distinct()
    return letters.order_by("-received_on", "-number")


def letter_get_for_user(user: Any, letter_id: int, *, audit_read: bool = True) -> Letter:
    """One letter, if ``user`` may see it (404 otherwise). Its senders are personal data: the
    read is audited."""
    letter = letters_for_user(user).filter(pk=letter_id).first()
    if letter is None:
        raise NotFound(_("No such letter."))
    if audit_read:
        audit.record_read(
            actor=user,
            action="oversight.letter.read",
            obj=letter,
            data={
                "identity": permissions.can_see_names(user, letter),
                "protected": permissions.identity_protected(letter.classification),
            },
        )
    return letter


def letter_slip_for_user(user: Any, letter_id: int, kind: str) -> tuple[Letter, bytes]:
    """The guidance or transfer slip of a letter (``slips``), if ``user`` may see the letter
    (404 otherwise) and its senders' names (403 otherwise: the slip names them); 404 when the
    letter has no such slip. The download is a read of personal data: audited."""
    letter = letters_for_user(user).filter(pk=letter_id).first()
    if letter is None:
        raise NotFound(_("No such letter."))
    if not permissions.can_see_names(user, letter):
        raise AccessDenied(_("The senders' identity is protected: you may not print this slip."))
    if kind not in slips.KINDS or kind not in slips.available(letter):
        raise NotFound(_("This letter has no such slip."))
    data = slips.slip_docx(letter, kind)
    audit.record_read(
        actor=user,
        action="oversight.letter.slip",
        obj=letter,
        data={"kind": kind, "protected": permissions.identity_protected(letter.classification)},
    )
    return letter, data


def sessions_for_user(user: Any) -> QuerySet[ReceptionSession]:
    return _scoped(ReceptionSession.objects.all(), user).select_related("agency", "place", "letter")


@dataclass(frozen=True)
class QueueRow:
    letter: Letter
    due_on: datetime.date
    days_left: int  # working days left, negative when past due


def days_left(due_on: datetime.date, today: datetime.date) -> int:
    calendar = default_calendar()
    if due_on >= today:
        return calendar.working_days_between(today + datetime.timedelta(days=1), due_on)
    return -calendar.working_days_between(due_on + datetime.timedelta(days=1), today)


def workqueue(user: Any, *, today: datetime.date | None = None) -> list[QueueRow]:
    """The agency's letters not yet handled, the most urgent first, with the working days
    left of the 10 to handle them (``rules.HANDLING_WORKING_DAYS``)."""
    today = today or timezone.localdate()
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return []
    letters = (
        letters_for_user(user)
        .filter(agency_id=agency_id, handling="", duplicate_of__isnull=True)
        .prefetch_related("senders")
        .order_by("received_on", "number")
    )
    rows = []
    for letter in letters:
        due = rules.handling_due(letter.received_on)
        rows.append(QueueRow(letter, due, days_left(due, today)))
    return rows


def my_card(user: Any, *, today: datetime.date | None = None) -> dict[str, int]:
    rows = workqueue(user, today=today)
    return {
        "open": len(rows),
        "overdue": sum(1 for row in rows if row.days_left < 0),
        "to_classify": sum(1 for row in rows if not row.letter.classification),
    }


@dataclass(frozen=True)
class Report:
    start: datetime.date
    end: datetime.date
    values: dict[str, int]
    broken: list[str]


def xld01(user: Any, start: datetime.date, end: datetime.date) -> Report:
    """Biểu 01/XLD of the agencies ``user`` may see, for [start, end], from the records."""
    agencies = set(
        letters_for_user(user).values_list("agency_id", flat=True).distinct().order_by()
    ) | set(sessions_for_user(user).values_list("agency_id", flat=True).distinct().order_by())
    facts = figures.load(until=end, agencies=agencies)
    values = figures.totals(figures.compute(facts, start, end))
    return Report(start, end, values, figures.check(values))


# The review figures (ADR 0018) the letters list drills to: the flows and results of
# ``figures.compute`` (not the stocks carried in or out).
LETTER_DRILL_FIGURES = tuple(
    name
    for name in (*figures.FLOW, *figures.RESULTS)
    if name not in ("carried_in", "carried_out", "total")
)
# The receptions list: the sessions held in the window (``receptions`` of ``figures.compute``).
RECEPTION_DRILL_FIGURES = ("receptions",)


def letter_drill(drill: Drill, letters: QuerySet[Letter]) -> tuple[QuerySet[Letter], int]:
    """The letters of ``letters`` that make ``drill.figure`` by ``figures.compute`` (each run on
    the letter's own facts), and the figure they make."""
    from tuphap.statistics import review as statistics_review

    facts, _sessions = figures.load(until=drill.end)
    added = statistics_review.contributions(
        drill,
        facts,
        record=lambda fact: fact.pk,
        place=lambda fact: fact.place_id,
        agency=lambda fact: fact.agency_id,
        compute=lambda own, start, end: figures.compute((own, []), start, end),
    )
    chosen = letters.filter(pk__in=list(added))
    return chosen, sum(added[pk] for pk in chosen.values_list("pk", flat=True))


def reception_drill(drill: Drill) -> Q:
    """The reception sessions held in the window at the province, by the agency."""
    return Q(**drill.days("held_on")) & drill.within("place", "agency_id")
