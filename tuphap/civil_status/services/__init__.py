"""Writes of the civil status register. One call = one transaction = the entry (with its gapless
number) + the person's new version + the audit row + the population database request.

Legal basis of each rule: docs/domain/civil_status.md.
"""

from __future__ import annotations

from tuphap.civil_status.persons import PersonData, PossibleDuplicate
from tuphap.civil_status.services.amendments import (
    pin_record,
    registration_amend,
    registration_record,
)
from tuphap.civil_status.services.applications import (
    Applicant,
    application_accept,
    application_extend,
    application_refuse,
    application_register,
    application_request_supplement,
    application_resubmit,
    application_return,
    application_submit,
    application_withdraw,
)
from tuphap.civil_status.services.common import Declarant, ParentData
from tuphap.civil_status.services.events import birth_register, death_register, marriage_register
from tuphap.civil_status.services.extracts import Verification, extract_issue, extract_verify
from tuphap.civil_status.services.guardianship import guardianship_register

__all__ = [
    "Applicant",
    "Declarant",
    "ParentData",
    "PersonData",
    "PossibleDuplicate",
    "Verification",
    "application_accept",
    "application_extend",
    "application_refuse",
    "application_register",
    "application_request_supplement",
    "application_resubmit",
    "application_return",
    "application_submit",
    "application_withdraw",
    "birth_register",
    "death_register",
    "extract_issue",
    "extract_verify",
    "guardianship_register",
    "marriage_register",
    "pin_record",
    "registration_amend",
    "registration_record",
]
