"""The case engine's tables: ``Case``, its gapless ``CaseCounter``, the append-only
``CaseAction`` journal and in-app ``Notification``s. A register keeps its own detail model in
its app, with a ``OneToOneField(Case, primary_key=True, related_name="<register>_detail")``."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.places.models import AdministrativeUnit


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(closed_at__isnull=True)

    def overdue(self, now: datetime.datetime) -> CaseQuerySet:
        """Open cases whose running clock is past its due day (live, whatever the poller has
        marked yet). A paused case is not overdue: its clock stands still."""
        return self.open().filter(paused_at__isnull=True, due_at__lt=now)

    def due_between(self, start: datetime.datetime, end: datetime.datetime) -> CaseQuerySet:
        return self.open().filter(paused_at__isnull=True, due_at__gte=start, due_at__lte=end)


class Case(models.Model):
    """One case of a register: numbered per (agency, register, year), placed at the
    administrative unit valid at its event date, moving through the register's states. A case
    with no place is a **central-level case** (``is_central``): only a national agency opens one,
    and only national agencies and the case's own agency see it.

    ``state`` is a cache of the journal's last state change, kept in step by
    ``services.case_transition`` only. ``clock`` holds the running deadline (see
    ``casework.deadlines.ClockData``); ``due_at`` is the end of its due day in Việt Nam.
    """

    register = models.CharField(_("register"), max_length=40)
    number = models.PositiveIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="cases"
    )
    # No place (and no province): a central-level case, work of a national agency that has no
    # administrative place (a draft law appraised by the ministry, the check of a circular).
    place = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The place's province: the distribution key every large table carries.
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    event_date = models.DateField(_("event date"))
    rule_set = models.CharField(_("rule set"), max_length=40)
    state = models.CharField(_("state"), max_length=40)
    state_since = models.DateTimeField(_("in this state since"))
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    clock = models.JSONField(_("deadline clock"), default=dict, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    last_sequence = models.PositiveIntegerField(_("journal length"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "register", "year", "number"], name="case_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=True, province__isnull=True)
                | Q(place__isnull=False, province__isnull=False),
                name="case_place_province_together",
            ),
        ]
        indexes = [
            # The overdue poller: open, running, not yet marked cases by due_at.
            models.Index(
                fields=["due_at"],
                name="case_poll_due",
                condition=Q(
                    closed_at__isnull=True, overdue_since__isnull=True, paused_at__isnull=True
                ),
            ),
            # The workqueue: a user's open cases by due_at.
            models.Index(
                fields=["assignee", "due_at"],
                name="case_open_assignee_due",
                condition=Q(closed_at__isnull=True),
            ),
            models.Index(fields=["register", "state"], name="case_register_state"),
            models.Index(fields=["province", "register"], name="case_province_register"),
            # The bottlenecks' time in state (ADR 0017): the open cases in (register, state,
            # agency) order with their time in the state, read from the index alone.
            models.Index(
                fields=["register", "state", "agency", "state_since"],
                name="case_open_waits",
                condition=Q(closed_at__isnull=True),
            ),
            # The bottlenecks' overdue cases now (ADR 0017): the open, running cases by due
            # time with what the grouping and a reader's scope need, read from the index alone.
            models.Index(
                fields=["due_at"],
                include=["register", "agency", "place"],
                name="case_running_due",
                condition=Q(closed_at__isnull=True, paused_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.display_number}"

    @property
    def display_number(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_central(self) -> bool:
        """A central-level case: work of a national agency with no administrative place."""
        return self.place_id is None

    @property
    def place_label(self) -> str:
        """The place's name, or "Central level" for a central-level case (the label the
        statistics reports give their central rows)."""
        if self.place is None:
            return str(_("Central level"))
        return self.place.name

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def is_overdue(self, now: datetime.datetime) -> bool:
        return (
            self.closed_at is None
            and self.paused_at is None
            and self.due_at is not None
            and self.due_at < now
        )


class CaseCounter(models.Model):
    """The last number given per (agency, register, year). Locked and incremented with ``F()``
    inside ``services.case_open``, so numbers are gapless and never taken twice."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    register = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case counter")
        verbose_name_plural = _("case counters")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "register", "year"], name="case_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.register} {self.year}: {self.last_number}"


class AppendOnlyError(Exception):
    """A journal row was about to be changed or deleted."""


class CaseActionQuerySet(models.QuerySet["CaseAction"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The case journal is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The case journal is append-only.")


class CaseAction(models.Model):
    """One entry of a case's journal: who did what, when, from which state to which. Rows are
    only ever added (by the services); the model refuses to update or delete them."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        TRANSITIONED = "transitioned", _("State changed")
        ASSIGNED = "assigned", _("Assigned")
        PAUSED = "paused", _("Clock paused")
        RESUMED = "resumed", _("Clock resumed")
        EXTENDED = "extended", _("Deadline extended")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="actions"
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    # The case's province (none for a central-level case).
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    transition = models.CharField(_("transition"), max_length=60, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    from_state = models.CharField(_("from state"), max_length=40, blank=True)
    to_state = models.CharField(_("to state"), max_length=40, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = CaseActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("case action")
        verbose_name_plural = _("case actions")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="case_action_sequence"),
        ]
        indexes = [
            # A case's changes of state, newest first, with when and to which state: "the state
            # of the case on a day" is one probe of this index alone (the bottlenecks' time in
            # state a year ago, ADR 0017).
            models.Index(
                fields=["case", "-sequence"],
                include=["at", "to_state"],
                condition=Q(kind__in=["opened", "transitioned"]) & ~Q(from_state=F("to_state")),
                name="case_action_state_changes",
            ),
            # The changes of state of a period (``at``) and those recorded after a moment
            # (``recorded_at``, a late step dated back): the corrections of a wait snapshot.
            models.Index(
                fields=["at"],
                include=["case"],
                condition=Q(kind__in=["opened", "transitioned"]) & ~Q(from_state=F("to_state")),
                name="case_action_state_at",
            ),
            models.Index(
                fields=["recorded_at"],
                include=["case", "at"],
                condition=Q(kind__in=["opened", "transitioned"]) & ~Q(from_state=F("to_state")),
                name="case_action_state_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.sequence} {self.kind} {self.from_state}→{self.to_state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An invariant of the row, not business logic: the journal is history.
        if not self._state.adding:
            raise AppendOnlyError("The case journal is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The case journal is append-only.")


class WaitSnapshot(models.Model):
    """Which open cases were in which state since when, at the start of one day in Việt Nam
    (``moment``), as the journal stood when it was built (ADR 0017); rows recorded before
    ``cutoff`` (the build's start less a margin) are taken as seen. The bottlenecks' time in
    state reads it and corrects it with the journal rows it cannot hold. One per day, built by
    ``casework.snapshots`` (the daily job, or the first reader of a missing day). Derived data:
    rebuilt, never edited; old days are deleted."""

    day = models.DateField(_("day"), unique=True)
    moment = models.DateTimeField(_("moment"))
    cutoff = models.DateTimeField(_("journal recorded up to"))
    built_at = models.DateTimeField(_("built"))
    cases = models.PositiveIntegerField(_("open cases"), default=0)

    class Meta:
        verbose_name = _("wait snapshot")
        verbose_name_plural = _("wait snapshots")

    def __str__(self) -> str:
        return f"{self.day} ({self.cases})"


class WaitSnapshotGroup(models.Model):
    """The open cases of one (register, state, agency, place) in a ``WaitSnapshot``: when each
    entered the state, ascending, and the case ids in the same order, each packed as 8-byte
    signed integers (``casework.snapshots.pack``): microseconds since the epoch, case ids. The
    place (none for central-level cases) lets a reader's jurisdiction filter the groups as
    ``permissions.visible_cases`` filters the cases."""

    snapshot = models.ForeignKey(WaitSnapshot, on_delete=models.CASCADE, related_name="groups")
    register = models.CharField(_("register"), max_length=40)
    state = models.CharField(_("state"), max_length=40)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(_("cases"))
    entered = models.BinaryField(_("entered the state"))
    case_ids = models.BinaryField(_("cases"))

    class Meta:
        verbose_name = _("wait snapshot group")
        verbose_name_plural = _("wait snapshot groups")
        indexes = [models.Index(fields=["snapshot", "register"], name="wait_group_register")]

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.register} {self.state} {self.agency_id}: {self.count}"


class Notification(models.Model):
    """An in-app notice for one user about one case."""

    class Kind(models.TextChoices):
        OVERDUE = "overdue", _("Overdue")
        ASSIGNED = "assigned", _("Assigned")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="case_notifications",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=500)
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind}: {self.text[:40]}"
