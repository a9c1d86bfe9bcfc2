"""The oversight registers' items on a person for the person page (ADR 0019, added in
``apps.ready``): letters the PIN signed and complaints the PIN brought, within what the reader
may see. Denunciations are never listed: the denouncer's identity is kept secret (Luật Tố cáo
2018 Art. 9(1)(b), 47), even from a reader of the same register who does not resolve it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tuphap.casework import permissions as case_permissions
from tuphap.casework import registry
from tuphap.core.people import Fact
from tuphap.oversight.complaints import selectors as complaint_selectors
from tuphap.oversight.complaints import workflow as complaints
from tuphap.oversight.reception import permissions as reception
from tuphap.oversight.reception import selectors as letter_selectors


def may_read(user: Any) -> bool:
    return reception.can_read(user) or bool(
        case_permissions.roles(user) & registry.get(complaints.REGISTER).reader_roles()
    )


def facts(pin: str, user: Any) -> list[Fact]:
    found: list[Fact] = []
    if reception.can_read(user):
        letters = (
            letter_selectors.letters_for_user(user)
            .filter(senders__pin=pin)
            .distinct()
            .order_by("-received_on", "-id")
        )
        for letter in letters:
            found.append(
                Fact(
                    kind=_("Sender of a letter"),
                    title=f"{letter.number}/{letter.year} · {letter.subject}".strip(" ·"),
                    date=letter.received_on,
                    state=letter.get_handling_display() if letter.handling else _("Not handled"),
                    place=letter.place.name if letter.place else letter.agency.name,
                    url=reverse("oversight:letter", kwargs={"letter_id": letter.pk}),
                    reference=f"oversight.letter:{letter.pk}",
                )
            )
    if case_permissions.roles(user) & registry.get(complaints.REGISTER).reader_roles():
        spec = registry.get(complaints.REGISTER)
        details = (
            complaint_selectors.visible_details(user)
            .filter(complainants__pin=pin)
            .distinct()
            .order_by("-case__opened_at")
        )
        for complaint in details:
            case = complaint.case
            found.append(
                Fact(
                    kind=_("Complainant"),
                    title=f"{case.display_number} · {complaint.subject}",
                    date=case.event_date,
                    state=spec.state_label(case.state),
                    place=case.place_label,
                    url=reverse("oversight:complaint", kwargs={"case_id": case.pk}),
                    reference=f"oversight.complaint:{case.pk}",
                )
            )
    return found
