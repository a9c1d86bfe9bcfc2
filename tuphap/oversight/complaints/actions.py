"""The actions of the complaint register by name, dispatched to their services: one table for
the API and the pages."""

from __future__ import annotations

from typing import Any

from tuphap.oversight.complaints import services
from tuphap.oversight.complaints import workflow as flow

ACTIONS = (
    "accept",
    "not_accept",
    "determine_complex",
    "decide",
    "second_complaint",
    "suspend",
    "continue",
    "terminate",
    "withdraw",
    *sorted(services.SIMPLE_STEPS),
)


def action_of(transition: str) -> str:
    """The action that makes ``transition`` (one action may make several transitions, by the
    state the case is in)."""
    if transition in (flow.ACCEPT, flow.ACCEPT_SECOND):
        return "accept"
    if transition in (flow.NOT_ACCEPT, flow.NOT_ACCEPT_SECOND):
        return "not_accept"
    if transition in flow.DETERMINE_COMPLEX.values():
        return "determine_complex"
    if transition in (flow.DECIDE_FIRST, flow.DECIDE_SECOND):
        return "decide"
    if transition in (flow.CONTINUE_FIRST, flow.CONTINUE_SECOND):
        return "continue"
    return transition


def run(actor: Any, case_id: int, values: dict[str, Any]) -> Any:
    """Dispatch one action to its service (the pages use it too)."""
    action = values["action"]
    on = values.get("on")
    common = {"actor": actor, "case": case_id}
    if action == "accept":
        return services.complaint_accept(
            **common, on=on, statute_excuse=values.get("statute_excuse", "")
        )
    if action == "not_accept":
        return services.complaint_not_accept(
            **common, ground=values.get("ground", ""), reason=values.get("reason", ""), on=on
        )
    if action == "determine_complex":
        return services.complaint_determine_complex(
            **common,
            criteria=values.get("criteria") or [],
            reasoning=values.get("reason", ""),
            document_number=values.get("document_number", ""),
            on=on,
        )
    if action == "decide":
        return services.complaint_decide(
            **common,
            number=values.get("number", ""),
            outcome=values.get("outcome", ""),
            money_restored=values.get("money_restored", 0),
            rights_restored=values.get("rights_restored", 0),
            on=on,
        )
    if action == "second_complaint":
        return services.complaint_second(**common, received_on=on)
    if action == "suspend":
        return services.complaint_suspend(**common, reason=values.get("reason", ""), on=on)
    if action == "continue":
        return services.complaint_continue(**common, on=on)
    if action == "terminate":
        return services.complaint_terminate(**common, reason=values.get("reason", ""), on=on)
    if action == "withdraw":
        return services.complaint_withdraw(
            **common,
            complainant_ids=values.get("complainant_ids"),
            reason=values.get("reason", ""),
            on=on,
        )
    return services.complaint_step(
        **common, transition=action, note=values.get("reason", ""), on=on
    )
