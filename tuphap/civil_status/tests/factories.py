"""Building registrations in tests through the services, as an officer would."""

from __future__ import annotations

import datetime
from typing import Any

from tuphap.civil_status.applications import services as application_services
from tuphap.civil_status.registration import services
from tuphap.civil_status.registration.models import Registration
from tuphap.civil_status.registration.services import Declarant, ParentData, PersonData


def child(**overrides: Any) -> PersonData:
    values: dict[str, Any] = {
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": "An",
        "sex": "male",
        "date_of_birth": datetime.date(2026, 11, 1),
        "place_of_birth": "Bệnh viện Sản Nhi Nghệ An",
    }
    values.update(overrides)
    return PersonData(**values)


def birth(actor: Any, commune: Any, **overrides: Any) -> Registration:
    arguments: dict[str, Any] = {
        "actor": actor,
        "commune": commune,
        "child": child(),
        "mother": ParentData("Trần Thị Bình", year_of_birth=1998),
        "father": ParentData("Nguyễn Văn Cường", year_of_birth=1996),
        "declarant": Declarant("Nguyễn Văn Cường", "father"),
    }
    arguments.update(overrides)
    return services.birth_register(**arguments)


def adult(family: str, given: str, sex: str, born: datetime.date, **overrides: Any) -> PersonData:
    return PersonData(
        family_name=family, given_name=given, sex=sex, date_of_birth=born, **overrides
    )


def birth_data(**overrides: Any) -> dict[str, Any]:
    """The data of a birth application, as filed (JSON)."""
    data: dict[str, Any] = {
        "child": {
            "family_name": "Lê",
            "middle_name": "Minh",
            "given_name": "Khang",
            "sex": "male",
            "date_of_birth": "2026-01-20",
            "place_of_birth": "Trạm y tế phường Trường Vinh",
        },
        "mother": {"full_name": "Hồ Thị Lan", "year_of_birth": 1997},
        "father": {"full_name": "Lê Văn Hải", "year_of_birth": 1995},
        "birth_certificate_number": "GCS-2026-001",
    }
    data.update(overrides)
    return data


def application(actor: Any, commune: Any, **overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "actor": actor,
        "commune": commune,
        "event_type": "birth",
        "applicant": application_services.Applicant("Lê Văn Hải", "040095001234", "father"),
        "data": birth_data(),
    }
    arguments.update(overrides)
    return application_services.application_submit(**arguments)
