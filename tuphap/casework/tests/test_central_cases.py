"""Central-level cases: a national agency's case with no place. Opened only for a national
agency, seen by national agencies and the case's own agency, never through a provincial
jurisdiction (the Hà Nội Department of Justice does not see the ministry's work)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework import analytics, selectors, services
from tuphap.casework.models import Case, CaseAction
from tuphap.casework.tests.conftest import OpenCase, Staff, at
from tuphap.casework.tests.testregister import SPEC, SimpleDetail
from tuphap.core.errors import ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.places.tests import factories as place_factories


@dataclass
class Central:
    office: Agency  # a national agency working in the test register
    officer: User  # of that agency
    hanoi_specialist: User  # a provincial specialist of the Hà Nội Department of Justice
    hanoi_officer: User  # a provincial officer in Hà Nội who works in the test register
    case: Case


@pytest.fixture
def central(world: Any, time_machine: Any) -> Central:
    hanoi = place_factories.province("01", "Thành phố Hà Nội")
    office = account_factories.agency(
        "TCTHADS",
        "Cục Quản lý thi hành án dân sự",
        kind=AgencyKind.CENTRAL_BODY,
        level=AgencyLevel.NATIONAL,
        parent=world.ministry,
    )
    doj_hanoi = account_factories.agency("STP-01", "Sở Tư pháp Hà Nội", units=[hanoi])
    office_hanoi = account_factories.agency("THADS-01", "THADS Hà Nội", units=[hanoi])
    officer = account_factories.user("chv_trunguong", office, Role.ENFORCEMENT_OFFICER)
    time_machine.move_to(at("2026-08-27 09:00"), tick=False)
    case = services.case_open(
        actor=officer,
        register=SPEC.code,
        agency=office,
        place=None,
        event_date=at("2026-08-27 09:00").date(),
        assignee=officer,
    )
    SimpleDetail.objects.create(case=case)
    return Central(
        office,
        officer,
        account_factories.user("chuyenvien_hanoi", doj_hanoi, Role.PROVINCIAL_SPECIALIST),
        account_factories.user("chv_hanoi", office_hanoi, Role.ENFORCEMENT_OFFICER),
        case,
    )


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def _page(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_national_agency_opens_a_case_without_a_place(central: Central) -> None:
    case = Case.objects.get(pk=central.case.pk)

    assert (case.place_id, case.province_id, case.is_central) == (None, None, True)
    assert case.place_label == "Central level"
    opened = CaseAction.objects.get(case=case, sequence=1)
    assert (opened.kind, opened.province_id) == ("opened", None)
    assert AuditEvent.objects.filter(action="casework.case.opened", object_id=str(case.pk)).exists()
    with translation.override("vi"):
        assert case.place_label == "Cấp trung ương"


def test_a_non_national_agency_may_not_open_a_case_without_a_place(
    staff: Staff, world: Any
) -> None:
    before = (Case.objects.count(), CaseAction.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationFailed) as refused:
        services.case_open(
            actor=staff.officer,
            register=SPEC.code,
            agency=staff.office_nghe_an,
            place=None,
            event_date=world.vinh.valid_from,
        )

    assert refused.value.status_code == 400
    assert list(refused.value.fields) == ["place"]
    assert (Case.objects.count(), CaseAction.objects.count(), AuditEvent.objects.count()) == before


def test_a_hanoi_user_does_not_see_a_central_case(central: Central, world: Any) -> None:
    case = central.case
    for user in (central.hanoi_specialist, central.hanoi_officer):
        assert not selectors.case_list_for_user(user).filter(pk=case.pk).exists()
        assert _api(user).get("/api/v1/cases/").json()["count"] == 0
        assert _api(user).get(f"/api/v1/cases/{case.pk}").status_code == 404
        assert _page(user).get(f"/cases/{case.pk}/").status_code == 404
    # nor does a provincial user elsewhere
    assert _api(world.users["provincial_specialist"]).get("/api/v1/cases/").json()["count"] == 0
    figures = analytics.time_in_state(central.hanoi_officer, register=SPEC.code)
    assert sum(row.stays for row in figures) == 0


def test_national_users_and_the_own_agency_see_a_central_case(central: Central, world: Any) -> None:
    case = central.case
    for user in (world.users["ministry_specialist"], world.users["leader"], central.officer):
        body = _api(user).get("/api/v1/cases/").json()
        assert [row["id"] for row in body["results"]] == [case.pk]
        row = body["results"][0]
        assert (row["place"], row["province_code"], row["central_level"]) == (None, None, True)
        assert _api(user).get(f"/api/v1/cases/{case.pk}").status_code == 200
    detail = _page(central.officer).get(f"/cases/{case.pk}/")
    assert detail.status_code == 200
    assert "Cấp trung ương" in detail.content.decode()  # the site speaks Vietnamese
    queue = _page(central.officer).get("/cases/")
    assert f'data-case="{case.pk}"' in queue.content.decode()
    assert "Cấp trung ương" in queue.content.decode()
    figures = analytics.time_in_state(central.officer, register=SPEC.code)
    assert sum(row.stays for row in figures) == 1


def test_search_by_place_name_finds_central_cases_by_the_central_label(
    central: Central, open_case: OpenCase, staff: Staff, world: Any
) -> None:
    local = open_case("2026-08-27 10:00")
    user = world.users["ministry_specialist"]

    def found(text: str) -> set[int]:
        return set(selectors.case_list_for_user(user, search=text).values_list("pk", flat=True))

    assert found("central") == {central.case.pk}
    assert found("trung uong") == {central.case.pk}
    assert found("Trường Vinh") == {local.pk}
    assert found("ce") == set()  # too short to mean the central level
    with translation.override("vi"):
        assert found("Cấp trung ương") == {central.case.pk}


def test_a_central_case_moves_like_any_other(central: Central, time_machine: Any) -> None:
    time_machine.move_to(at("2026-08-28 09:00"), tick=False)
    case = services.case_transition(
        actor=central.officer, case=central.case, transition="start_verification"
    )

    last = CaseAction.objects.filter(case=case).order_by("-sequence").first()
    assert last is not None
    assert (case.state, last.to_state, last.province_id) == ("verifying", "verifying", None)


def test_the_openapi_schema_says_a_case_may_have_no_place(db: Any) -> None:
    schema = yaml.safe_load(Client().get("/api/v1/schema/").content)

    case = schema["components"]["schemas"]["CaseOutput"]["properties"]
    assert (case["place"]["nullable"], case["province_code"]["nullable"]) == (True, True)
    assert case["central_level"]["type"] == "boolean"
