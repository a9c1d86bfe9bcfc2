"""The legal aid register's items on a person for the person page (ADR 0019, added in
``apps.ready``): the cases where the PIN is the person helped, within what the reader sees."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tuphap.casework import permissions as case_permissions
from tuphap.casework import registry
from tuphap.core.people import Fact
from tuphap.legal_aid.cases import selectors, workflow


def may_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & registry.get(workflow.REGISTER).reader_roles())


def facts(pin: str, user: Any) -> list[Fact]:
    spec = registry.get(workflow.REGISTER)
    details = selectors.visible_details(user).filter(pin=pin).order_by("-case__opened_at")
    return [
        Fact(
            kind=_("Person helped"),
            title=f"{detail.case.display_number} · {detail.centre.name}",
            date=detail.case.event_date,
            state=spec.state_label(detail.case.state),
            place=detail.case.place_label,
            url=reverse("legal_aid:case", kwargs={"case_id": detail.case_id}),
            reference=f"legal_aid.legalaidcase:{detail.case_id}",
        )
        for detail in details
    ]
