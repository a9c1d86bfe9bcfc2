"""What the complaint and denunciation registers share when they record a step: the moment a
dated step is recorded at, the day a clock ends, finding the register's detail (visible, in the
resolving agency, locked), checking the day of a step (not in the future, not before the last
step) and the step's audit row. Complaints are the lower layer (the import-linter contract:
denunciations may import complaints, not the reverse), so the generic part lives here and each
register declares its own ``Steps`` with its messages."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import permissions as case_permissions
from tuphap.casework import services as case_services
from tuphap.casework.models import Case
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, NotFound, ValidationFailed


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    return case_deadlines.local_date(now())


def moment_of(day: datetime.date | None) -> datetime.datetime:
    """The moment a step dated ``day`` is recorded at: now for today (or no day), noon of an
    earlier day (a step done on paper)."""
    current = now()
    if day is None or day >= case_deadlines.local_date(current):
        return current
    return datetime.datetime.combine(
        day, datetime.time(12), tzinfo=case_deadlines.end_of_day(day).tzinfo
    )


def due_day(case: Case) -> datetime.date | None:
    return case_deadlines.local_date(case.due_at) if case.due_at else None


@dataclass(frozen=True)
class Steps:
    """One register's way of recording a step: its case register, its detail model (keyed by
    ``case``), who may record, the context its workflow guard requires, its audit prefix and its
    messages (lazy, translated when raised)."""

    register: str
    model: type[models.Model]
    can_change: Callable[[Any, Case], bool]
    through_services: Callable[[], AbstractContextManager[None]]
    audit_prefix: str
    not_found: Any
    not_allowed: Any
    before_last_step: Any

    def detail_for(self, actor: Any, case: Case | int) -> Any:
        """The detail of ``case``, locked, if ``actor`` may see it and works in its agency."""
        case_id = case if isinstance(case, int) else case.pk
        found = Case.objects.filter(pk=case_id, register=self.register).first()
        if found is None or not case_permissions.can_view_case(actor, found):
            raise NotFound(str(self.not_found))
        if not self.can_change(actor, found):
            raise AccessDenied(str(self.not_allowed))
        detail = self.model._default_manager.select_for_update().filter(case_id=case_id).first()
        if detail is None:
            raise NotFound(str(self.not_found))
        detail.case = Case.objects.select_for_update().get(pk=case_id)  # type: ignore[attr-defined]
        return detail

    def check_day(self, detail: Any, day: datetime.date | None, name: str = "on") -> datetime.date:
        """The day of a step: today when not given; never in the future, never before the
        case's last step."""
        day = day or today()
        if day > today():
            raise ValidationFailed(
                _("The date must not be in the future."),
                fields={name: _("The date must not be in the future.")},
            )
        last = case_deadlines.local_date(detail.case.state_since)
        if day < last:
            raise ValidationFailed(
                str(self.before_last_step),
                fields={name: _("Give a date on or after %(day)s.") % {"day": f"{last:%d/%m/%Y}"}},
            )
        return day

    def audit(self, actor: Any, detail: Any, action: str, **data: Any) -> None:
        audit.record(
            actor=actor,
            action=f"{self.audit_prefix}.{action}",
            obj=detail.case,
            data={"state": detail.case.state, **data},
        )

    def transition(self, **kwargs: Any) -> Case:
        """A case-engine step, inside the register's services (its workflow guard)."""
        with self.through_services():
            return case_services.case_transition(**kwargs)
