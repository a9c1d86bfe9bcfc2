"""The population database's answers that concern the register (registered in ``apps.ready``)."""

from __future__ import annotations

import logging
from typing import Any

from tuphap.civil_status.registration import services
from tuphap.civil_status.registration.models import Registration
from tuphap.core import audit
from tuphap.core.errors import DomainError
from tuphap.population import handlers
from tuphap.population.models import OutboxMessage

SUBJECT_TYPE = Registration._meta.label_lower
logger = logging.getLogger(__name__)


def births_answered(answers: list[tuple[handlers.Answered, dict[str, Any]]]) -> None:
    """The answers to a batch of birth requests (the relay calls it once per batch): each PIN
    recorded as ``birth_answered`` records it; a message about something else than a
    registration, or an answer without a PIN, is left alone without touching the database."""
    for message, response in answers:
        pin = response.get("pin")
        if message.subject_type == SUBJECT_TYPE and isinstance(pin, str):
            _record_pin(message, pin)


@handlers.batch_form(births_answered)
def birth_answered(message: OutboxMessage, response: dict[str, Any]) -> None:
    """A birth request was answered with the child's PIN: record it on the person.

    A PIN the register cannot accept (inconsistent with the record, or already another
    person's) is not retried: a resend would bring the same answer. It is logged in the audit
    trail and the person stays in "numbers pending" for an officer to resolve."""
    births_answered([(message, response)])


def _record_pin(message: handlers.Answered, pin: str) -> None:
    try:
        services.pin_record(registration_id=int(message.subject_id), pin=pin)
    except DomainError as error:
        logger.warning("PIN %s for registration %s refused: %s", pin, message.subject_id, error)
        audit.record(
            actor=None,
            action="civil_status.person.pin_refused",
            obj=handlers.instance(message),
            data={"pin": pin, "reason": error.message, "fields": error.fields},
        )
