"""Writes of the civil status register. One call = one transaction = the entry (with its gapless
number) + the person's new version + the audit row + the population database request.

Legal basis of each rule: docs/domain/civil_status.md.
"""

from __future__ import annotations

from tuphap.civil_status.registration.persons import PersonData, PossibleDuplicate
from tuphap.civil_status.registration.services.amendments import (
    pin_record,
    registration_amend,
    registration_record,
)
from tuphap.civil_status.registration.services.common import Declarant, ParentData
from tuphap.civil_status.registration.services.events import (
    birth_register,
    death_register,
    marriage_register,
)
from tuphap.civil_status.registration.services.guardianship import guardianship_register

__all__ = [
    "Declarant",
    "ParentData",
    "PersonData",
    "PossibleDuplicate",
    "birth_register",
    "death_register",
    "guardianship_register",
    "marriage_register",
    "pin_record",
    "registration_amend",
    "registration_record",
]
