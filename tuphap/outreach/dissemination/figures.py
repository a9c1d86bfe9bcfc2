"""The dissemination figures of a window of days, computed from the sessions (docs/domain/
outreach.md §3 defines them; this module is that definition).

A session counts once, in the month of ``held_on``, at its place and organiser: ``sessions``
(cuộc), ``participants`` (lượt người), ``contests`` (sessions of the form "contest") and their
``contestants``, ``materials`` (copies distributed). By form and by level each session counts
in exactly one value, so the parts add up to the total; by target group a session counts in
each group it was for, so the groups do not add up to the total (a session for pupils and
their parents counts in both)."""

from __future__ import annotations

import datetime

from tuphap.core.periods import month_end
from tuphap.outreach.dissemination import rules
from tuphap.outreach.dissemination.models import Session

TOTALS = ("sessions", "participants", "contests", "contestants", "materials")
FORMS = [str(v) for v in rules.Form.values]
GROUPS = [str(v) for v in rules.TargetGroup.values]
LEVELS = [str(v) for v in rules.Level.values]

Key = tuple[datetime.date, int | None, int | None]  # (month, place id, organiser id)
Figures = dict[Key, dict[str, int]]


def empty() -> dict[str, int]:
    names = list(TOTALS)
    for category, values in (("form", FORMS), ("group", GROUPS), ("level", LEVELS)):
        for value in values:
            names += [f"sessions.{category}.{value}", f"participants.{category}.{value}"]
    return dict.fromkeys(names, 0)


def compute(
    start: datetime.date, end: datetime.date, *, organisers: set[int] | None = None
) -> Figures:
    """Each month's figures per (month, place, organiser) for the sessions held in
    [start, end] (one query)."""
    rows = Session.objects.filter(held_on__gte=start, held_on__lte=end)
    if organisers is not None:
        rows = rows.filter(organiser_id__in=organisers)
    result: Figures = {}
    for held_on, place_id, organiser_id, form, level, groups, people, contestants, copies in (
        rows.values_list(
            "held_on",
            "place_id",
            "organiser_id",
            "form",
            "level",
            "target_groups",
            "participants",
            "contestants",
            "materials",
        )
        .order_by()
        .iterator(chunk_size=5000)
    ):
        values = result.setdefault((held_on.replace(day=1), place_id, organiser_id), empty())
        values["sessions"] += 1
        values["participants"] += people
        values["materials"] += copies
        if form == rules.Form.CONTEST:
            values["contests"] += 1
            values["contestants"] += contestants
        for name in (f"form.{form}", f"level.{level}", *(f"group.{g}" for g in groups)):
            values[f"sessions.{name}"] += 1
            values[f"participants.{name}"] += people
    return result


def totals(result: Figures) -> dict[str, int]:
    total = empty()
    for values in result.values():
        for name, value in values.items():
            total[name] += value
    return total


def window(
    start: datetime.date, end: datetime.date, *, organisers: set[int] | None = None
) -> dict[str, int]:
    return totals(compute(start, min(end, month_end(end)), organisers=organisers))
