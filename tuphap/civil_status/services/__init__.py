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
from tuphap.civil_status.services.common import Declarant, ParentData
from tuphap.civil_status.services.events import birth_register, death_register, marriage_register
from tuphap.civil_status.services.extracts import Verification, extract_issue, extract_verify

__all__ = [
    "Declarant",
    "ParentData",
    "PersonData",
    "PossibleDuplicate",
    "Verification",
    "birth_register",
    "death_register",
    "extract_issue",
    "extract_verify",
    "marriage_register",
    "pin_record",
    "registration_amend",
    "registration_record",
]
