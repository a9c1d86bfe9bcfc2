from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
import time_machine

from tuphap.civil_status import demo
from tuphap.civil_status.applications.models import Application
from tuphap.civil_status.extracts import services as extract_services
from tuphap.civil_status.extracts.models import Extract
from tuphap.civil_status.registration.models import Registration


def test_demo_makes_a_year_in_date_order_and_is_idempotent(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "YEARLY", {"birth": 12, "death": 6, "marriage": 4})
    monkeypatch.setattr(demo, "OTHER_COMMUNE_SHARE", 1.0)
    output = StringIO()

    with time_machine.travel(datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)):
        demo.civil_status_registrations(output, False)
        demo.civil_status_registrations(output, False)

    rows = list(
        Registration.objects.filter(commune=world.vinh)
        .order_by("event_type", "year", "entry_number")
        .values_list("event_type", "year", "entry_number", "registered_on")
    )
    assert len(rows) == 22
    for key in {(row[0], row[1]) for row in rows}:
        mine = [row[1:] for row in rows if (row[0], row[1]) == key]
        assert [row[1] for row in mine] == list(range(1, len(mine) + 1))
        assert [row[2] for row in mine] == sorted(row[2] for row in mine)
    assert output.getvalue().endswith("22 civil status registrations  0 civil status registrations")


def test_demo_applications_in_every_state_idempotent(world: Any) -> None:
    output = StringIO()

    with time_machine.travel(datetime.datetime(2026, 11, 23, 3, 0, tzinfo=datetime.UTC)):
        demo.civil_status_applications(output, False)
        demo.civil_status_applications(output, False)

    states = sorted(
        Application.objects.filter(commune=world.vinh).values_list("case__state", flat=True)
    )
    assert states == [
        "accepted",
        "accepted",
        "needs_supplement",
        "refused",
        "registered",
        "returned",
        "submitted",
        "submitted",
        "withdrawn",
    ]
    assert Application.objects.filter(registration__isnull=False).count() == 2
    assert output.getvalue().endswith("9 civil status applications  0 civil status applications")


def test_demo_issues_extracts_once_one_of_them_amended_since(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "YEARLY", {"birth": 12, "death": 6, "marriage": 4})
    monkeypatch.setattr(demo, "OTHER_COMMUNE_SHARE", 1.0)
    output = StringIO()

    with time_machine.travel(datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)):
        demo.civil_status_registrations(StringIO(), False)
        demo.civil_status_extracts(output, False)
        demo.civil_status_extracts(output, False)

    issued = list(Extract.objects.order_by("id"))
    assert [(row.kind, row.title, row.copies) for row in issued] == [
        ("original", "GIẤY KHAI SINH", 1),
        ("original", "TRÍCH LỤC KHAI TỬ", 1),
        ("original", "GIẤY CHỨNG NHẬN KẾT HÔN", 2),
        ("copy", "TRÍCH LỤC KHAI SINH (BẢN SAO)", 2),
    ]
    assert extract_services.extract_verify(code=issued[0].code).amended is False  # type: ignore[union-attr]
    assert extract_services.extract_verify(code=issued[3].code).amended is True  # type: ignore[union-attr]
    hint = f"  try the verification page /verify/ with the code {issued[0].code}"
    assert output.getvalue() == (
        f"  4 certificates and extracts issued{hint}  0 certificates and extracts issued{hint}"
    )
