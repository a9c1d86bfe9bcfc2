"""How the oversight registers react to the other registers' events about a person (ADR 0019,
added in ``apps.ready``). A registered death flags every open complaint the person signed: the
resolver decides whether the heirs carry it on or the resolution is terminated (Luật Khiếu nại
2011 Art. 12(1) as amended, Art. 11a from 1 Jul 2026; docs/domain/people.md §4). Denunciations
are not touched: the denouncer's death does not end a denunciation (Luật Tố cáo 2018 Art. 34
names the death of the person denounced)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from tuphap.casework import services as case_services
from tuphap.core.people import PersonDied
from tuphap.oversight.complaints import workflow
from tuphap.oversight.complaints.models import Complaint

KIND_PERSON_DIED = "person_died"


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
        case_services.case_task(
            actor=actor,
            case=case,
            kind=KIND_PERSON_DIED,
            text=text,
            action="oversight.complaint.complainant_died",
            data={
                "pin": event.pin,
                "died_on": event.died_on.isoformat(),
                "registration_id": event.registration_id,
            },
        )
        count += 1
    return count
