"""How the legal aid register reacts to the other registers' events about a person (ADR 0019,
added in ``apps.ready``). A registered death flags every open legal aid case of the person
helped: the centre then discontinues it with its written notice (Luật TGPL 2017 Art. 37(1),
docs/domain/people.md §3); the case is not closed here, in the death registration's
transaction, because the discontinuation is the centre's act."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from tuphap.casework import services as case_services
from tuphap.core.people import PersonDied
from tuphap.legal_aid.cases import workflow
from tuphap.legal_aid.cases.models import LegalAidCase

KIND_PERSON_DIED = "person_died"


def person_died(actor: Any, event: PersonDied) -> int:
    """Flag every open legal aid case of the deceased (the person helped, by PIN): a
    notification to the case's officer and an audit row on the case. Returns how many."""
    details = (
        LegalAidCase.objects.filter(
            pin=event.pin, case__closed_at__isnull=True, case__register=workflow.REGISTER
        )
        .select_related("case__assignee")
        .order_by("case_id")
    )
    count = 0
    for detail in details:
        case = detail.case
        with translation.override(settings.LANGUAGE_CODE):
            text = _(
                "Legal aid case %(number)s: %(name)s died on %(died_on)s (death registration"
                " %(registration)s). Discontinue the case with a written notice (Luật TGPL 2017"
                " Art. 37)."
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
            action="legal_aid.case.person_died",
            data={
                "pin": event.pin,
                "died_on": event.died_on.isoformat(),
                "registration_id": event.registration_id,
            },
        )
        count += 1
    return count
