"""How the enforcement register reacts to the other registers' events about a person (ADR 0019,
added in ``apps.ready``). Nothing here decides the case: the law leaves that to the enforcement
officer, so a registered death raises a task for the case's officer and is written in the audit
trail of the case, in the death registration's transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuphap.casework import services as case_services
from tuphap.casework.models import Case
from tuphap.core.people import PersonDied
from tuphap.enforcement.cases import workflow
from tuphap.enforcement.cases.models import Party, PartyKind, PartyRole

# The notification kind of the task (a plain string: the engine's kinds are labels only).
KIND_PARTY_DIED = "party_died"

# What the law lets the officer decide when a party dies (docs/domain/people.md §2).
_NEXT = {
    PartyRole.OBLIGOR: gettext_lazy(
        "postpone while the obligation cannot yet pass to the heirs, terminate if no estate is"
        " left or the obligation does not pass to heirs, or transfer it to the heirs (Luật THADS"
        " Art. 48, 50(1)(a), 54)"
    ),
    PartyRole.OBLIGEE: gettext_lazy(
        "terminate if the right does not pass to heirs or there is no heir, or transfer it to"
        " the heirs (Luật THADS Art. 50(1)(b), 54)"
    ),
}


def person_died(actor: Any, event: PersonDied) -> int:
    """A task on every open enforcement case where the deceased is the obligor or the obligee
    (a person, by PIN): a notification to the case's officer and an audit row on the case.
    Closed cases and other persons' cases are untouched. Returns how many cases were reached."""
    parties = (
        Party.objects.filter(
            identification_number=event.pin,
            kind=PartyKind.PERSON,
            role__in=(PartyRole.OBLIGOR, PartyRole.OBLIGEE),
            enforcement_case__case__closed_at__isnull=True,
            enforcement_case__case__register=workflow.REGISTER,
        )
        .select_related("enforcement_case__case__assignee")
        .order_by("enforcement_case_id", "id")
    )
    reached: dict[int, tuple[Case, list[str]]] = {}
    for party in parties:
        case = party.enforcement_case.case
        roles = reached.setdefault(case.pk, (case, []))[1]
        if party.role not in roles:
            roles.append(str(party.role))
    for case, roles in reached.values():
        with translation.override(settings.LANGUAGE_CODE):
            labels = ", ".join(str(PartyRole(role).label) for role in roles)
            text = _(
                "Case %(number)s: %(name)s (%(roles)s) died on %(died_on)s (death registration"
                " %(registration)s). Decide what follows within 5 working days: %(next)s."
            ) % {
                "number": case.display_number,
                "name": event.full_name,
                "roles": labels,
                "died_on": event.died_on.strftime("%d/%m/%Y"),
                "registration": event.registration,
                "next": "; ".join(str(_NEXT[PartyRole(role)]) for role in roles),
            }
        case_services.case_task(
            actor=actor,
            case=case,
            kind=KIND_PARTY_DIED,
            text=text,
            action="enforcement.case.party_died",
            data={
                "pin": event.pin,
                "roles": roles,
                "died_on": event.died_on.isoformat(),
                "registration_id": event.registration_id,
            },
        )
    return len(reached)
