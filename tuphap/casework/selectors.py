"""Reads of the case engine. Every read of cases goes through ``permissions.visible_cases``."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tuphap.casework import deadlines, permissions, registry
from tuphap.casework.models import Case, CaseAction, CaseQuerySet, Notification
from tuphap.core.calendar import default_calendar
from tuphap.core.errors import NotFound, ValidationFailed
from tuphap.core.text import fold

ORDERINGS: Final[dict[str, tuple[str | OrderBy, ...]]] = {
    "due_at": (F("due_at").asc(nulls_last=True), "id"),
    "-due_at": (F("due_at").desc(nulls_last=True), "-id"),
    "opened_at": ("opened_at", "id"),
    "-opened_at": ("-opened_at", "-id"),
    "number": ("year", "number", "id"),
    "-number": ("-year", "-number", "-id"),
}
DEFAULT_DUE_SOON_DAYS: Final = 3
WORKQUEUE_SECTIONS: Final = ("open", "due_soon", "overdue", "paused")

_NUMBER = re.compile(r"(\d{1,9})(?:\s*/\s*(\d{4}))?")


def _related(cases: CaseQuerySet) -> CaseQuerySet:
    return cases.select_related("agency", "place", "province", "assignee")


def _visible(user: Any) -> CaseQuerySet:
    return permissions.visible_cases(Case.objects.all(), user)


def case_list_for_user(
    user: Any,
    *,
    register: str | None = None,
    state: str | None = None,
    assignee: Any = None,
    overdue: bool | None = None,
    due_before: datetime.date | None = None,
    search: str | None = None,
    ordering: str = "due_at",
    now: datetime.datetime | None = None,
    agency: Any = None,
    opened_before: datetime.date | None = None,
    opened_after: datetime.date | None = None,
) -> QuerySet[Case]:
    """The cases ``user`` may see, filtered. ``assignee`` is a user or a user id;
    ``due_before`` keeps cases due on or before that day; ``search`` matches a number
    (``123`` or ``123/2026``) or a place name (diacritics ignored; "central" finds the
    central-level cases); ``agency`` is an agency or its id; ``opened_before`` keeps the cases
    opened on or before that day, ``opened_after`` those opened after it (the bottlenecks' age
    bands). A state the register does not have matches nothing (a filter, not a
    question: ``kind=proposal&state=published`` is an empty page)."""
    now = now or timezone.now()
    cases = _visible(user)
    if register:
        cases = cases.filter(register=registry.get(register).code)
    if state:
        cases = cases.filter(state=state)
    if assignee is not None:
        cases = cases.filter(assignee_id=getattr(assignee, "pk", assignee))
    if overdue is True:
        cases = cases.overdue(now)
    elif overdue is False:
        cases = cases.exclude(pk__in=Case.objects.overdue(now).values("pk"))
    if due_before is not None:
        cases = cases.filter(due_at__lte=deadlines.end_of_day(due_before))
    if agency is not None:
        cases = cases.filter(agency_id=getattr(agency, "pk", agency))
    if opened_before is not None:
        cases = cases.filter(opened_at__lte=deadlines.end_of_day(opened_before))
    if opened_after is not None:
        cases = cases.filter(opened_at__gt=deadlines.end_of_day(opened_after))
    if search and search.strip():
        match = _NUMBER.fullmatch(search.strip())
        if match:
            cases = cases.filter(number=int(match.group(1)))
            if match.group(2):
                cases = cases.filter(year=int(match.group(2)))
        else:
            cases = cases.filter(_place_matches(fold(search)))
    if ordering not in ORDERINGS:
        raise ValidationFailed(
            _("Unknown ordering %(ordering)s.") % {"ordering": repr(ordering)},
            fields={"ordering": _("Use one of: %(choices)s.") % {"choices": ", ".join(ORDERINGS)}},
        )
    return _related(cases).order_by(*ORDERINGS[ordering])


def _place_matches(folded: str) -> Q:
    """A place name containing ``folded``; the words of "Central level" (in the language in use,
    Vietnamese or English) also find the central-level cases, which have no place."""
    matches = Q(place__name_folded__contains=folded)
    labels = {fold(_("Central level")), fold("Central level")}
    with translation.override("vi"):
        labels.add(fold(_("Central level")))
    if len(folded) >= 3 and any(folded in label for label in labels):
        matches |= Q(place__isnull=True)
    return matches


def case_get_for_user(user: Any, case_id: int) -> Case:
    """One case, if ``user`` may see it; ``NotFound`` (404) otherwise, also when it exists
    outside the user's jurisdiction."""
    try:
        return _related(_visible(user)).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such case.")) from None


def case_timeline(case: Case) -> QuerySet[CaseAction]:
    """The case's journal, oldest first, with the actors."""
    return CaseAction.objects.filter(case=case).select_related("actor").order_by("sequence")


@dataclass(frozen=True)
class JournalRow:
    """A journal entry with what the pages show: the step's and the reached state's labels."""

    action: CaseAction
    step: str
    state: str


def case_journal(case: Case, spec: registry.RegisterSpec) -> list[JournalRow]:
    """``case_timeline`` labelled through the register's spec (the case's own rule set), so that
    no page shows a transition's or a state's code."""
    rule_set = next((rule for rule in spec.rule_sets if rule.code == case.rule_set), None)
    rows = []
    for action in case_timeline(case):
        transition = rule_set.transition(action.transition) if rule_set else None
        step = str(transition.label) if transition else action.get_kind_display()
        rows.append(JournalRow(action, step, spec.state_label(action.to_state)))
    return rows


# -- the workqueue -------------------------------------------------------------------------------


def due_soon_limit(now: datetime.datetime, working_days: int) -> datetime.datetime:
    """The end of the ``working_days``-th working day after today (today not counted)."""
    today = deadlines.local_date(now)
    return deadlines.end_of_day(default_calendar().add_working_days(today, working_days))


# What the workqueue's rows show of their relations (the page's table and the API's
# ``CaseOutputSerializer``): every column of the case, a few of each relation. The rest of the
# agency, place and user rows (a user's password hash, a unit's validity) is not read.
_WORKQUEUE_COLUMNS: Final = (
    *(field.name for field in Case._meta.concrete_fields),
    "agency__code",
    "agency__name",
    "place__code",
    "place__name",
    "province__code",
    "province__name",
    "assignee__username",
    "assignee__full_name",
)


@dataclass(frozen=True)
class Workqueue:
    """A user's open cases in sections: all ``open``, ``due_soon`` (due within N working
    days, not yet overdue), ``overdue`` and ``paused``. ``counts`` comes from one query;
    ``section(name)`` is a query set to paginate."""

    cases: CaseQuerySet
    now: datetime.datetime
    soon: datetime.datetime
    counts: dict[str, int]

    def section(self, name: str) -> QuerySet[Case]:
        if name not in WORKQUEUE_SECTIONS:
            raise ValidationFailed(
                _("Unknown section %(name)s.") % {"name": repr(name)},
                fields={
                    "section": _("Use one of: %(choices)s.")
                    % {"choices": ", ".join(WORKQUEUE_SECTIONS)}
                },
            )
        cases = self.cases.filter(_section_filter(name, self.now, self.soon))
        return _related(cases).only(*_WORKQUEUE_COLUMNS).order_by(*ORDERINGS["due_at"])


def _section_filter(name: str, now: datetime.datetime, soon: datetime.datetime) -> Q:
    running = Q(paused_at__isnull=True)
    return {
        "open": Q(),
        "due_soon": running & Q(due_at__gte=now, due_at__lte=soon),
        "overdue": running & Q(due_at__lt=now),
        "paused": Q(paused_at__isnull=False),
    }[name]


def _section_counts(now: datetime.datetime, soon: datetime.datetime) -> dict[str, Count]:
    return {
        name: Count("id", filter=_section_filter(name, now, soon) or None)
        for name in WORKQUEUE_SECTIONS
    }


def workqueue_for_user(
    user: Any,
    *,
    now: datetime.datetime | None = None,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> Workqueue:
    """The open cases assigned to ``user`` that ``user`` may see (``permissions.visible_cases``).

    The common case is answered by a cheaper, equal rule: a case of the user's own agency in a
    register the user's roles read is visible (``visible_cases``' agency rule). The one counting
    query, over the user's open cases in the registers they read, also counts those of the
    user's own agency; when some are of *another* agency (a user moved to another office keeps
    their old assignments until reassigned), the counts and the sections come from the full
    rule (jurisdiction by place), one query more. Either way the sections hold exactly the
    visible cases: the cheap rule only ever leaves cases out, never adds one."""
    if not 1 <= due_soon_days <= 60:
        raise ValidationFailed(
            _("The number of working days is out of range."),
            fields={"due_soon_days": _("Enter a whole number from 1 to 60.")},
        )
    now = now or timezone.now()
    soon = due_soon_limit(now, due_soon_days)
    assigned = Case.objects.filter(assignee_id=getattr(user, "pk", None), closed_at__isnull=True)
    agency_id = getattr(user, "agency_id", None)
    held = permissions.roles(user)
    if agency_id is not None and held:
        # visible_cases' agency rule: a register one of the user's roles reads, the own agency.
        readable = [spec.code for spec in registry.all_registers() if held & spec.reader_roles()]
        mine = assigned.filter(register__in=readable)
        counts = mine.aggregate(
            **_section_counts(now, soon), own=Count("id", filter=Q(agency_id=agency_id))
        )
        if counts["own"] == counts["open"]:
            return Workqueue(
                mine.filter(agency_id=agency_id),
                now,
                soon,
                {name: counts[name] for name in WORKQUEUE_SECTIONS},
            )
    mine = permissions.visible_cases(assigned, user)
    counts = mine.aggregate(**_section_counts(now, soon))
    return Workqueue(mine, now, soon, {name: int(counts[name] or 0) for name in WORKQUEUE_SECTIONS})


# -- notifications -------------------------------------------------------------------------------


def notification_list_for_user(user: Any, *, unread: bool | None = None) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient_id=getattr(user, "pk", None))
    if unread is True:
        notifications = notifications.filter(read_at__isnull=True)
    elif unread is False:
        notifications = notifications.filter(read_at__isnull=False)
    return notifications.select_related("case").order_by("-created_at", "-id")


def unread_notification_count(user: Any) -> int:
    return Notification.objects.filter(
        recipient_id=getattr(user, "pk", None), read_at__isnull=True
    ).count()
