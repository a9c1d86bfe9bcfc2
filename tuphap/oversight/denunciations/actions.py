"""The actions of the denunciation register by name, dispatched to their services: one table for
the API and the pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tuphap.core.errors import ValidationFailed
from tuphap.oversight.denunciations import services
from tuphap.oversight.denunciations import workflow as flow

ACTIONS = (
    "check",
    "transfer",
    "accept",
    "not_accept",
    "verify",
    "extend",
    "conclude",
    "handle",
    "withdraw",
    "suspend",
    "continue",
    "terminate",
    "grant_identity",
)


def action_of(transition: str) -> str:
    if transition in flow.EXTEND.values():
        return "extend"
    return transition


def run(actor: Any, case_id: int, values: dict[str, Any]) -> Any:
    """Dispatch one action to its service (the pages use it too)."""
    action = values["action"]
    on = values.get("on")
    common = {"actor": actor, "case": case_id}
    note = values.get("note", "")
    if action == "check":
        return services.denunciation_check(**common, note=note, on=on)
    if action == "transfer":
        return services.denunciation_transfer(
            **common,
            to_agency_id=values.get("to_agency"),
            to_name=values.get("to_name", ""),
            notified_on=values.get("notified_on"),
            on=on,
        )
    if action == "accept":
        return services.denunciation_accept(**common, on=on)
    if action == "not_accept":
        return services.denunciation_not_accept(
            **common, ground=values.get("ground", ""), reason=note, on=on
        )
    if action == "verify":
        return services.denunciation_verify(**common, on=on)
    if action == "extend":
        return services.denunciation_extend(
            **common, complexity=values.get("complexity", ""), reason=note, on=on
        )
    if action == "conclude":
        return services.denunciation_conclude(
            **common,
            number=values.get("number", ""),
            outcome=values.get("outcome", ""),
            money_recovered=values.get("money_recovered", 0),
            on=on,
        )
    if action == "handle":
        return services.denunciation_handle(**common, handling=note, on=on)
    if action == "withdraw":
        return services.denunciation_withdraw(
            **common,
            reason=note,
            violation_suspected=bool(values.get("violation_suspected")),
            on=on,
        )
    if action == "suspend":
        return services.denunciation_suspend(
            **common, ground=values.get("ground", ""), reason=note, on=on
        )
    if action == "continue":
        return services.denunciation_continue(**common, on=on)
    if action == "terminate":
        return services.denunciation_terminate(
            **common, ground=values.get("ground", ""), reason=note, on=on
        )
    user = values.get("user")
    if user is None:
        raise ValidationFailed(_("Choose the user."), fields={"user": _("Choose the user.")})
    return services.identity_grant(**common, user_id=user, reason=note)
