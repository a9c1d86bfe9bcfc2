"""How the oversight registers react to the other registers' events about a person (ADR 0019,
added in ``apps.ready``). A registered death flags every open complaint the person signed: the
resolver decides whether the heirs carry it on or the resolution is terminated (Luật Khiếu nại
2011 Art. 12(1) as amended, Art. 11a from 1 Jul 2026; docs/domain/people.md §4). Denunciations
are not touched: the denouncer's death does not end a denunciation (Luật Tố cáo 2018 Art. 34
names the death of the person denounced)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tuphap.casework import registry
from tuphap.casework.models import Case, Notification
from tuphap.core import audit
from tuphap.core.people import PersonDied
from tuphap.oversight.complaints import workflow
from tuphap.oversight.complaints.models import Complaint

KIND_PERSON_DIED = "person_died"


def _recipients(case: Case) -> list[Any]:
    """The complaint's resolver; for a complaint nobody holds, the agency's inspectors."""
    if case.assignee is not None and case.assignee.is_active:
        return [case.assignee]
    roles = registry.get(workflow.REGISTER).working_roles()
    return list(
        get_user_model()
        .objects.filter(agency_id=case.agency_id, is_active=True, roles__role__in=roles)
        .distinct()
        .order_by("id")
    )


def person_died(actor: Any, event: PersonDied) -> int:
    """Flag every open complaint among whose complainants the deceased is (by PIN, not
    withdrawn): a notification to the resolver and an audit row on the complaint. Returns how
    many."""
    complaints = (
        Complaint.objects.filter(
            complainants__pin=event.pin,
            complainants__withdrawn_on__isnull=True,
            case__closed_at__isnull=True,
            case__register=workflow.REGISTER,
        )
        .select_related("case__assignee")
        .distinct()
        .order_by("case_id")
    )
    now = timezone.now()
    count = 0
    for complaint in complaints:
        case = complaint.case
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "Complaint %(number)s: the complainant %(name)s died on %(died_on)s (death"
                " registration %(registration)s). Decide whether the heirs carry the complaint"
                " on or the resolution is terminated."
            ) % {
                "number": case.display_number,
                "name": event.full_name,
                "died_on": event.died_on.strftime("%d/%m/%Y"),
                "registration": event.registration,
            }
        notified = []
        for recipient in _recipients(case):
            Notification.objects.create(
                recipient=recipient,
                case=case,
                kind=KIND_PERSON_DIED,
                text=text[:500],
                created_at=now,
            )
            notified.append(recipient.pk)
        audit.record(
            actor=actor,
            action="oversight.complaint.complainant_died",
            obj=case,
            data={
                "pin": event.pin,
                "died_on": event.died_on.isoformat(),
                "registration_id": event.registration_id,
                "notified": notified,
            },
        )
        count += 1
    return count
