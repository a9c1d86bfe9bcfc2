"""The enforcement register's items on a person for the person page (ADR 0019, added in
``apps.ready``): the cases where the PIN is a party, within what the reader may see."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tuphap.casework import permissions as case_permissions
from tuphap.casework import registry
from tuphap.casework.models import Case
from tuphap.core.people import Fact
from tuphap.enforcement.cases import workflow
from tuphap.enforcement.cases.models import Party, PartyKind


def may_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & registry.get(workflow.REGISTER).reader_roles())


def facts(pin: str, user: Any) -> list[Fact]:
    visible = case_permissions.visible_cases(
        Case.objects.filter(register=workflow.REGISTER), user
    ).values("pk")
    parties = (
        Party.objects.filter(
            identification_number=pin,
            kind=PartyKind.PERSON,
            enforcement_case__case__in=visible,
        )
        .select_related("enforcement_case__case__place")
        .order_by("-enforcement_case__decision_date", "id")
    )
    spec = registry.get(workflow.REGISTER)
    found = []
    for party in parties:
        detail = party.enforcement_case
        case = detail.case
        found.append(
            Fact(
                kind=party.get_role_display(),
                title=f"{case.display_number} · {detail.decision_number}",
                date=detail.decision_date,
                state=spec.state_label(case.state),
                place=case.place_label,
                url=reverse("enforcement:case", kwargs={"case_id": case.pk}),
                reference=f"enforcement.enforcementcase:{case.pk}",
            )
        )
    return found
